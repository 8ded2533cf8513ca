"""A sponsor likes a job seeker who answers sponsors one by one, on RabbitMQ and PostgreSQL:
matching tells notifications once (sponsor_interested), the seeker's inbox and email link to
their page of sponsors, matching lists the sponsor, and the seeker's like back starts the
sponsorship, reveals both contacts and empties the list."""
from nameko.standalone.rpc import ClusterRpcProxy
from sqlalchemy import func, select

from binome.maildir_check import emails
from services.matching.service import MatchingService
from services.notifications.service import NotificationsService
from services.profiles.service import ProfilesService
from shared.config import database_url
from shared.database import make_engine
from shared.errors import Forbidden
from shared.messaging.tables import OUTBOX
from support import register_confirmed, wait_until

PUBLIC_URL = "https://binome.example"
SPONSOR = {"first_name": "Bertrand", "last_name": "Castelmoron", "email": "bertrand@example.org",
           "phone": "+33 6 11 22 33 44", "roles": ["sponsor"], "location": "75011",
           "own_words": "Twenty years in software; happy to open my network.",
           "sponsor": {"capacity": 2, "occupations": ["M1805"], "radius_km": 15}}
SEEKER = {"first_name": "Eulalie", "last_name": "Trouvadec", "email": "eulalie@example.org",
          "roles": ["job_seeker"], "location": "93100", "target_occupation": "M1805",
          "locale": "en", "accepts_sponsors": False}


def sponsor_interested_published(config):
    engine = make_engine(database_url(config, "matching"))
    with engine.connect() as connection:
        sent = connection.execute(select(func.count()).select_from(OUTBOX)
                                  .where(OUTBOX.c.event == "sponsor_interested")).scalar_one()
    engine.dispose()
    return sent


def test_a_shy_seeker_hears_of_a_sponsors_like_and_likes_them_back(runner_factory, config,
                                                                     tmp_path):
    config = {**config, "PUBLIC_URL": PUBLIC_URL}
    runner = runner_factory(config, ProfilesService, MatchingService, NotificationsService)
    runner.start()
    with ClusterRpcProxy(config, timeout=15) as cluster:
        sponsor = register_confirmed(cluster, config, SPONSOR)["id"]
        seeker = register_confirmed(cluster, config, SEEKER)["id"]

        def on_the_feed():
            try:
                cards = cluster.matching.feed(sponsor_id=sponsor, page=0, page_size=20)["cards"]
            except Forbidden:
                return False   # matching has not heard of the sponsor yet
            return any(card["id"] == seeker for card in cards)
        wait_until("the seeker on the sponsor's feed", on_the_feed)

        assert cluster.matching.swipe(person_id=sponsor, other_id=seeker,
                                      decision="like")["sponsorship"] is None
        cluster.matching.swipe(person_id=sponsor, other_id=seeker, decision="like")

        (told,) = wait_until("the seeker's notification", lambda: [
            n for n in cluster.notifications.inbox(person_id=seeker)
            if n["event"] == "sponsor_interested"])
        assert told["category"] == "matches"
        assert told["subject"] == "Bertrand C. would like to sponsor you"
        assert f"{PUBLIC_URL}/sponsors" in told["body"]
        for private in (SPONSOR["last_name"], SPONSOR["email"], SPONSOR["phone"]):
            assert private not in told["body"] + (told["html"] or "")
        (email,) = wait_until("the seeker's email", lambda: [
            m for m in emails(tmp_path / "maildir") if SEEKER["email"] in m["To"]
            and m["Subject"] == told["subject"]] if (tmp_path / "maildir").exists() else [])
        assert f"{PUBLIC_URL}/sponsors" in email.get_body(("plain",)).get_content()
        # Liked twice, told once; the sponsor hears nothing until the seeker answers.
        assert sponsor_interested_published(config) == 1
        assert not [n for n in cluster.notifications.inbox(person_id=sponsor)
                    if n["event"] == "sponsor_interested"]

        waiting = cluster.matching.interested_sponsors(person_id=seeker, page=0, page_size=20)
        assert waiting["total"] == 1
        (card,) = waiting["items"]
        assert (card["id"], card["display_name"], card["radius_km"]) == (sponsor, "Bertrand C.", 15)
        assert card["occupations"] == [{"code": "M1805", "label": "Software development"}]
        assert card["own_words"] == SPONSOR["own_words"]
        assert cluster.profiles.view_person(viewer_id=seeker, person_id=sponsor)["contact"] is None

        started = cluster.matching.swipe(person_id=seeker, other_id=sponsor, decision="like")
        assert (started["sponsorship"]["sponsor_id"], started["sponsorship"]["seeker_id"]) == (
            sponsor, seeker)
        assert cluster.matching.interested_sponsors(person_id=seeker, page=0, page_size=20) == {
            "items": [], "page": 0, "page_size": 20, "total": 0}
        contact = wait_until("the sponsor's contact, revealed", lambda: cluster.profiles
                             .view_person(viewer_id=seeker, person_id=sponsor)["contact"])
        assert contact["email"] == SPONSOR["email"]
        wait_until("the seeker's sponsorship message", lambda: [
            n for n in cluster.notifications.inbox(person_id=seeker)
            if n["event"] == "sponsorship_started"])
