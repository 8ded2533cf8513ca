"""Erasure on RabbitMQ and PostgreSQL: after `erase_person`, no service's database, outbox or
inbox (parked messages included) holds the person's name, email or phone."""
import base64

from nameko.standalone.rpc import ClusterRpcProxy

from document_samples import pdf_with

from services.matching.service import MatchingService
from services.notifications.service import NotificationsService
from services.profiles.service import ProfilesService
from services.scheduling.service import SchedulingService
from shared.config import DATABASE_SERVICES, database_url
from support import register_confirmed, traces, wait_until

DONOR = {"first_name": "Philibert", "last_name": "Escoffignac", "email": "philibert@example.org",
         "phone": "+33 6 55 44 33 22", "roles": ["time_donor"], "location": "75011",
         "occupation": "M1805", "skills": ["python"], "availability_preset": "coffee"}
SEEKER = {"first_name": "Eulalie", "last_name": "Trouvadec", "email": "eulalie@example.org",
          "roles": ["job_seeker"], "location": "93100", "occupation": "D1301",
          "target_occupation": "M1805", "skills": ["python"], "availability_preset": "coffee"}


def test_an_erased_person_leaves_no_trace_in_any_database(runner_factory, config):
    runner = runner_factory(config, ProfilesService, MatchingService, SchedulingService,
                            NotificationsService)
    runner.start()
    databases = [database_url(config, service) for service in DATABASE_SERVICES]
    with ClusterRpcProxy(config, timeout=15) as cluster:
        donor = register_confirmed(cluster, config, DONOR)
        seeker = register_confirmed(cluster, config, SEEKER)
        cluster.profiles.make_pledge(person_id=donor["id"], kind="coffee", quantity=1)
        cluster.profiles.request_help(person_id=seeker["id"], kind="coffee")

        def proposed():
            cluster.matching.run_round(kind="coffee")
            return cluster.matching.matches_of(person_id=seeker["id"])
        match = wait_until("a proposal", proposed)[0]
        cluster.matching.accept(match_id=match["match_id"], person_id=seeker["id"])
        meeting = wait_until("a meeting proposal", lambda: [
            m for m in cluster.scheduling.meetings_of(person_id=seeker["id"])
            if m["status"] == "proposed"])[0]
        cluster.scheduling.confirm(meeting_id=meeting["meeting_id"], person_id=seeker["id"],
                                   start=meeting["slots"][0]["start"])
        cluster.profiles.consent_to_contact(person_id=seeker["id"], other_id=donor["id"])
        wait_until("the donor's confirmation", lambda: [
            n for n in cluster.notifications.inbox(person_id=donor["id"])
            if n["event"] == "meeting_confirmed"])

        # A CV for a review, naming the donor: its bytes in profiles' PostgreSQL (bytea).
        review = cluster.profiles.request_help(person_id=donor["id"], kind="cv_review")
        cv = pdf_with(f"{DONOR['first_name']} {DONOR['last_name']}", DONOR["email"])
        cluster.profiles.attach_document(person_id=donor["id"], request_id=review["id"],
                                         filename="cv.pdf",
                                         content=base64.b64encode(cv).decode("ascii"))

        # A review the donor returns to the seeker, signed and with an annotated file naming
        # them: matching's reviews table (the file as bytea), deleted whole with either person.
        cluster.profiles.make_pledge(person_id=donor["id"], kind="cv_review", quantity=1)
        cluster.profiles.request_help(person_id=seeker["id"], kind="cv_review")

        def review_proposed():
            cluster.matching.run_round(kind="cv_review")
            return [m for m in cluster.matching.matches_of(person_id=seeker["id"])
                    if m["kind"] == "cv_review"]
        review_match = wait_until("a review proposal", review_proposed)[0]
        cluster.matching.accept(match_id=review_match["match_id"], person_id=seeker["id"])
        annotated = pdf_with("Relu par", DONOR["email"])
        cluster.matching.return_review(
            match_id=review_match["match_id"], person_id=donor["id"],
            comments=f"Bien. {DONOR['first_name']} {DONOR['last_name']}",
            file={"filename": "annote.pdf",
                  "content": base64.b64encode(annotated).decode("ascii")})

        needles = [DONOR["email"], DONOR["phone"], DONOR["first_name"], DONOR["last_name"]]
        before = {database for database, _, _ in traces(databases, needles)}
        assert len(before) == 4, f"the donor should be known everywhere first, not only in {before}"
        assert {"request_documents", "reviews"} <= {table for _, table, _ in
                                                    traces(databases, needles)}

        assert cluster.profiles.erase_person(person_id=donor["id"]) == {"done": True}
        wait_until("every service to forget the donor", lambda: not traces(databases, needles), 30)
        # The seeker's side of the story is still there.
        assert cluster.notifications.inbox(person_id=seeker["id"])
