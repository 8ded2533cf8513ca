"""Sponsors who liked a job seeker who answers sponsors one by one: who is listed for the seeker
to answer (the pure rule), and matching's swipe and `interested_sponsors` on a migrated SQLite
database through nameko's worker_factory (the outbox row is what would be published)."""
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from nameko.testing.services import worker_factory
from sqlalchemy import select
from sqlalchemy.orm import Session

import services.matching as matching_package
from services.matching.service import MatchingService
from services.matching.store import InterestTold
from services.matching.sponsorship import Interest, awaiting_answer
from services.notifications.domain import Contact, messages_for
from services.notifications.links import Links
from shared.config import service_config
from shared.contracts import events
from shared.messaging.outbox import append
from shared.messaging.tables import OUTBOX

T0 = datetime(2026, 6, 1, 9, 0, tzinfo=timezone.utc)
A, B, C, D = (uuid.UUID(int=n) for n in (1, 2, 3, 4))


def like(sponsor_id, minutes=0, full=False):
    return Interest(sponsor_id=sponsor_id, liked_at=T0 + timedelta(minutes=minutes), full=full)


# --- the rule ------------------------------------------------------------------------------------

def test_the_newest_like_comes_first_and_equal_moments_go_by_id():
    listed = awaiting_answer([like(C, 0), like(B, 5), like(A, 0)], answered=set(), blocked=set(),
                             sponsored=False)
    assert [i.sponsor_id for i in listed] == [B, A, C]


def test_sponsors_the_seeker_answered_or_who_are_blocked_either_way_are_not_listed():
    listed = awaiting_answer([like(A), like(B), like(C), like(D)], answered={A, B}, blocked={C},
                             sponsored=False)
    assert [i.sponsor_id for i in listed] == [D]


def test_a_sponsor_with_no_place_left_is_not_listed():
    listed = awaiting_answer([like(A, full=True), like(B)], answered=set(), blocked=set(),
                             sponsored=False)
    assert [i.sponsor_id for i in listed] == [B]


def test_nobody_is_listed_once_someone_sponsors_the_seeker():
    assert awaiting_answer([like(A), like(B)], answered=set(), blocked=set(),
                           sponsored=True) == []


# --- matching, on SQLite -----------------------------------------------------------------------

class RecordingOutbox:
    def add(self, session, contract, data):
        assert contract.producer == "matching"
        return append(session, contract, data)


@pytest.fixture
def matching(sqlite_session_factory):
    engine = sqlite_session_factory(Path(matching_package.__file__).parent / "migrations",
                                    "matching")
    return worker_factory(MatchingService, db=Session(engine, expire_on_commit=False),
                          outbox=RecordingOutbox(), config=service_config({}))


def deliver(service, contract, payload):
    handler = next(member for member in vars(type(service)).values()
                   if getattr(member, "handled_event", None) is contract)
    with service.db.begin():
        handler.effect(service, service.db, contract.validate(contract.to_wire(payload)))


def person(matching, first_name="Someone", **changes):
    person_id = uuid.uuid4()
    deliver(matching, events.PERSON_REGISTERED, {
        "person_id": person_id, "first_name": first_name, "last_name": "Lastname",
        "email": f"{person_id.hex}@example.org", "phone": "+33 6 12 34 56 78", "locale": "en",
        "timezone": "Europe/Paris", "roles": ["job_seeker"], "languages": ["fr"], "skills": [],
        "occupation": None, "target_occupation": None, "own_words": "", "neighbourhood": None,
        "latitude": None, "longitude": None, "availability": {}, "mentor": None,
        "sponsor": None, "accepts_sponsors": False, "changed_at": T0, **changes})
    return str(person_id)


def sponsor(matching, first_name="Bruno", capacity=1, **changes):
    return person(matching, first_name, roles=["sponsor"], sponsor={
        "capacity": capacity, "occupations": ["M1805"], "radius_km": 15}, **changes)


def published(matching, event):
    with matching.db.get_bind().connect() as connection:
        return connection.execute(select(OUTBOX.c.payload).where(OUTBOX.c.event == event)
                                  .order_by(OUTBOX.c.created_at)).scalars().all()


def listed(matching, seeker_id, **paging):
    try:
        return matching.interested_sponsors(person_id=seeker_id, **{"page": 0, "page_size": 20,
                                                                    **paging})
    finally:
        if matching.db.in_transaction():
            matching.db.rollback()   # a read leaves its transaction open, as a worker's would


def test_a_like_on_a_shy_seeker_tells_them_once_however_often_the_sponsor_likes_again(matching):
    bruno, ada = sponsor(matching), person(matching, "Ada")
    matching.swipe(person_id=bruno, other_id=ada, decision="like")
    matching.swipe(person_id=bruno, other_id=ada, decision="like")
    matching.swipe(person_id=bruno, other_id=ada, decision="pass")
    matching.swipe(person_id=bruno, other_id=ada, decision="like")
    (told,) = published(matching, "sponsor_interested")
    assert (told["sponsor_id"], told["seeker_id"]) == (bruno, ada)
    assert published(matching, "sponsorship_started") == []


def test_a_seeker_who_accepts_sponsors_is_sponsored_at_once_and_not_asked(matching):
    bruno, ada = sponsor(matching), person(matching, "Ada", accepts_sponsors=True)
    assert matching.swipe(person_id=bruno, other_id=ada, decision="like")["sponsorship"]
    assert published(matching, "sponsor_interested") == []
    assert listed(matching, ada)["total"] == 0


def test_a_pass_tells_nobody(matching):
    bruno, ada = sponsor(matching), person(matching, "Ada")
    matching.swipe(person_id=bruno, other_id=ada, decision="pass")
    assert published(matching, "sponsor_interested") == []
    assert listed(matching, ada)["items"] == []


def test_the_seeker_sees_what_the_sponsor_offers_and_no_way_to_reach_them(matching):
    bruno = sponsor(matching, own_words="Twenty years in software; happy to open my network.")
    ada = person(matching, "Ada")
    matching.swipe(person_id=bruno, other_id=ada, decision="like")
    page = listed(matching, ada)
    assert (page["page"], page["page_size"], page["total"]) == (0, 20, 1)
    (card,) = page["items"]   # as the contract dumps it
    assert card["id"] == bruno and card["display_name"] == "Bruno L."
    assert card["occupations"] == [{"code": "M1805", "label": "Software development"}]
    assert card["radius_km"] == 15
    assert card["own_words"].startswith("Twenty years")
    assert card["liked_at"]
    shown = repr(card).lower()
    assert "lastname" not in shown and "example.org" not in shown and "+33" not in shown


def test_liking_back_starts_the_sponsorship_and_empties_the_list(matching):
    bruno, claire, ada = sponsor(matching), sponsor(matching, "Claire"), person(matching, "Ada")
    for someone in (bruno, claire):
        matching.swipe(person_id=someone, other_id=ada, decision="like")
    assert {c["id"] for c in listed(matching, ada)["items"]} == {bruno, claire}
    matching.swipe(person_id=ada, other_id=claire, decision="pass")
    assert [c["id"] for c in listed(matching, ada)["items"]] == [bruno]
    started = matching.swipe(person_id=ada, other_id=bruno, decision="like")["sponsorship"]
    assert (started["sponsor_id"], started["seeker_id"]) == (bruno, ada)
    assert listed(matching, ada) == {"items": [], "page": 0, "page_size": 20, "total": 0}


def test_a_blocked_sponsor_or_one_with_no_place_left_is_not_listed(matching):
    bruno, claire, ada = sponsor(matching), sponsor(matching, "Claire"), person(matching, "Ada")
    for someone in (bruno, claire):
        matching.swipe(person_id=someone, other_id=ada, decision="like")
    deliver(matching, events.PERSON_BLOCKED, {"person_id": uuid.UUID(ada),
                                              "other_id": uuid.UUID(bruno)})
    # Claire's one place goes to someone who accepts sponsors.
    matching.swipe(person_id=claire, other_id=person(matching, accepts_sponsors=True),
                   decision="like")
    assert listed(matching, ada)["total"] == 0


def test_an_erased_sponsor_leaves_no_like_and_no_record_of_the_telling(matching):
    bruno, ada = sponsor(matching), person(matching, "Ada")
    matching.swipe(person_id=bruno, other_id=ada, decision="like")
    deliver(matching, events.PERSON_ERASED, {"person_id": uuid.UUID(bruno)})
    assert listed(matching, ada)["total"] == 0
    with Session(matching.db.get_bind()) as session:
        assert session.scalars(select(InterestTold)).all() == []


def test_the_list_comes_a_page_at_a_time_newest_like_first(matching, monkeypatch):
    ada = person(matching, "Ada")
    sponsors = [sponsor(matching, f"S{n}") for n in range(3)]
    for minutes, someone in enumerate(sponsors):
        monkeypatch.setattr("services.matching.service.utcnow",
                            lambda minutes=minutes: T0 + timedelta(minutes=minutes))
        matching.swipe(person_id=someone, other_id=ada, decision="like")
    first, second = listed(matching, ada, page_size=2), listed(matching, ada, page=1, page_size=2)
    assert first["total"] == second["total"] == 3
    assert [c["id"] for c in first["items"] + second["items"]] == sponsors[::-1]


def test_only_job_seekers_have_sponsors_to_answer(matching):
    bruno, ada = sponsor(matching), person(matching, "Ada")
    matching.swipe(person_id=ada, other_id=bruno, decision="like")
    assert listed(matching, bruno)["total"] == 0
    assert listed(matching, str(uuid.uuid4()))["items"] == []


# --- what the seeker is told -------------------------------------------------------------------

@pytest.mark.parametrize("locale", ["en", "fr"])
def test_the_seeker_is_told_who_liked_them_with_a_link_and_without_the_sponsors_contact(locale):
    ada = Contact(uuid.uuid4(), "Ada", "Lovelace", "ada@example.org", locale, "Europe/Paris")
    bruno = Contact(uuid.uuid4(), "Bruno", "Émile", "bruno@example.fr", locale, "Europe/Paris")
    contract = events.SPONSOR_INTERESTED
    data = contract.validate(contract.to_wire(
        {"sponsor_id": bruno.person_id, "seeker_id": ada.person_id, "liked_at": T0}))
    (message,) = messages_for(contract.name, data, {ada.person_id: ada, bruno.person_id: bruno},
                              links=Links("https://binome.example"))
    assert (message.recipient, message.email, message.category) == (ada, True, "matches")
    assert "Bruno É." in message.subject
    for part in (message.body, message.html):
        assert "https://binome.example/sponsors" in part
        assert "Émile" not in part and "bruno@example.fr" not in part
