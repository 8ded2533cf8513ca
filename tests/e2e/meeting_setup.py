"""What the meeting pages' tests share (HTTP and browser): a donor and a seeker who speak only
their own language (so no other test's people join their rounds), a proposal between them, a
booked coffee, and a meeting's time moved into the past as the clock would."""
import uuid
from datetime import datetime, timedelta, timezone

from sqlalchemy import update

from services.scheduling import store
from shared.contracts.kinds import LUNCH_MENTORING
from shared.database import make_engine
from support import wait_until


def pair(api, language, seeker_roles=("job_seeker",), donor_roles=("time_donor",), kind="coffee",
         locale="en"):
    """A donor who pledged one unit of `kind` and a seeker who asked for it, both registered
    (API clients and the people as registered, each with their token)."""
    def register(first, roles, **more):
        person = api.register({
            "first_name": first, "last_name": "Test", "languages": [language], "locale": locale,
            "email": f"{first.lower()}.{uuid.uuid4().hex[:6]}@example.org",
            "location": "75011", "roles": list(roles), **more})
        return person, api.as_person(person)

    preset = "lunch" if kind == LUNCH_MENTORING else "coffee"
    mentor = {"mentor": {"from_occupation": "D1301", "to_occupation": "M1805", "moved_in": 2019,
                         "max_mentees": 2}} if "mentor" in donor_roles else {}
    donor, as_donor = register("Anatole", donor_roles, occupation="M1805",
                               availability_preset=preset, **mentor)
    seeker, as_seeker = register("Berenice", seeker_roles, occupation="D1301",
                                 target_occupation="M1805", availability_preset=preset)
    if kind != LUNCH_MENTORING:   # a mentor offers seats in their profile, not pledged units
        as_donor.post("/api/me/pledges", {"kind": kind, "quantity": 1, "remote": True})
    as_seeker.post("/api/me/requests", {"kind": kind})
    return donor, as_donor, seeker, as_seeker


def proposal(operator, as_seeker, kind="coffee"):
    def proposed():
        operator.post("/api/rounds", {"kind": kind})
        return [m for m in as_seeker.items("/api/me/matches") if m["status"] == "proposed"]
    return wait_until("a proposal", proposed)[0]


def meeting_of(as_person, match_id, status=None):
    """The match's meeting as the person sees it, once scheduling has one (in `status`)."""
    return wait_until("the meeting", lambda: [
        m for m in as_person.items("/api/me/meetings")
        if m["match_id"] == match_id and (status is None or m["status"] == status)])[0]


def let_time_pass(data, meeting_id):
    """The meeting's time is now two hours in the past, as if it had happened."""
    past = datetime.now(timezone.utc) - timedelta(hours=2)
    meeting_id = uuid.UUID(str(meeting_id))
    engine = make_engine(f"sqlite:///{data}/scheduling.sqlite")
    with engine.begin() as connection:
        connection.execute(update(store.Meeting.__table__)
                           .where(store.Meeting.meeting_id == meeting_id)
                           .values(start=past, end=past + timedelta(minutes=30)))
        connection.execute(update(store.Step.__table__)
                           .where(store.Step.meeting_id == meeting_id).values(due_at=past))
    engine.dispose()
