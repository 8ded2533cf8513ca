"""A meeting's life on RabbitMQ and PostgreSQL: proposed, confirmed, moved, cancelled, with each
invite read back; reminders that fall due while scheduling is stopped go out once after it starts;
"did you meet?" and no-shows."""
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone

import pytest
from icalendar import Calendar
from nameko.testing.services import entrypoint_hook
from sqlalchemy import select, text, update

from services.scheduling import store
from services.scheduling.service import SchedulingService
from binome.maildir_check import emails
from services.matching import store as matching_store
from shared.config import DATABASE_SERVICES, database_url
from shared.database import make_engine
from support import (COFFEE_DONOR as DONOR, COFFEE_SEEKER as SEEKER, register_confirmed, traces,
                     wait_until)


class Published:
    """What scheduling wrote to its outbox, read from its own database."""

    def __init__(self, config):
        self.engine = make_engine(database_url(config, "scheduling"))
        self.outbox = store.Base.metadata.tables["outbox"]

    def events(self, name):
        with self.engine.connect() as connection:
            rows = connection.execute(select(self.outbox.c.payload, self.outbox.c.created_at)
                                      .where(self.outbox.c.event == name)
                                      .order_by(self.outbox.c.created_at)).all()
        return [payload for payload, _ in rows]


@contextmanager
def refused(error):
    """The call fails with the named error of shared/errors.py, as the service raised it."""
    with pytest.raises(Exception) as caught:
        yield
    assert error in (type(caught.value).__name__, getattr(caught.value, "exc_type", None)), caught.value


def invite_of(payload):
    calendar = Calendar.from_ical(payload["invite"])
    (event,) = calendar.walk("VEVENT")
    return str(calendar["method"]), event


def start_scheduling(runner_factory, config):
    runner = runner_factory(config, SchedulingService)
    runner.start()
    return runner


def accepted_coffee(cluster, config, n=0):
    donor = register_confirmed(cluster, config, {**DONOR, "email": f"philibert{n}@example.org"})
    seeker = register_confirmed(cluster, config, {**SEEKER, "email": f"eulalie{n}@example.org"})
    cluster.profiles.make_pledge(person_id=donor["id"], kind="coffee", quantity=1, remote=False,
                                 radius_km=10)
    cluster.profiles.request_help(person_id=seeker["id"], kind="coffee")
    match = proposal_for(cluster, seeker["id"])
    cluster.matching.accept(match_id=match["match_id"], person_id=seeker["id"])
    return donor, seeker, match


def proposal_for(cluster, person_id):
    """Coffee rounds until one proposes a match to this person."""
    def proposed():
        cluster.matching.run_round(kind="coffee")
        return cluster.matching.matches_of(person_id=person_id)
    return wait_until("a proposal", proposed)[0]


def proposed_meeting(cluster, person_id):
    return wait_until("slots proposed", lambda: [
        m for m in cluster.scheduling.meetings_of(person_id=person_id)
        if m["status"] == "proposed"])[0]


def booked_meeting(cluster, person_id):
    """The person's proposed meeting, booked on its first slot."""
    meeting = proposed_meeting(cluster, person_id)
    cluster.scheduling.confirm(meeting_id=meeting["meeting_id"], person_id=person_id,
                               start=meeting["slots"][0]["start"])
    return meeting


def test_propose_confirm_reschedule_cancel_with_the_invites(runner_factory, config, cluster):
    start_scheduling(runner_factory, config)
    published = Published(config)
    donor, seeker, match = accepted_coffee(cluster, config)

    meeting = proposed_meeting(cluster, seeker["id"])
    assert meeting["chooser_id"] == seeker["id"] and 1 <= len(meeting["slots"]) <= 3
    # Both live in Paris and the coffee is in person: a place near both is suggested.
    assert meeting["location"] and "visio" not in meeting["location"]
    (proposal,) = published.events("meeting_proposed")
    assert proposal["rescheduling"] is False and proposal["location"] == meeting["location"]

    first = meeting["slots"][0]["start"]
    booked = cluster.scheduling.confirm(meeting_id=meeting["meeting_id"], person_id=seeker["id"],
                                        start=first)
    assert booked["status"] == "confirmed"
    (confirmed,) = published.events("meeting_confirmed")
    method, event = invite_of(confirmed)
    assert method == "REQUEST" and event["sequence"] == 0
    uid = str(event["uid"])
    assert event.decoded("dtstart") == datetime.fromisoformat(first)
    assert str(event["location"]) == meeting["location"]
    assert len(event["attendee"]) == 2
    assert event.walk("VALARM")

    # The donor asks to move it: the seeker chooses again, the booking stands meanwhile.
    moving = cluster.scheduling.reschedule(meeting_id=meeting["meeting_id"], person_id=donor["id"])
    assert moving["status"] == "confirmed" and moving["rescheduling"] is True
    assert moving["chooser_id"] == seeker["id"]
    assert all(slot["start"] != first for slot in moving["slots"])
    again = published.events("meeting_proposed")[-1]
    assert again["rescheduling"] is True and again["chooser_id"] == seeker["id"]
    with refused("Forbidden"):
        cluster.scheduling.confirm(meeting_id=meeting["meeting_id"], person_id=donor["id"],
                                   start=moving["slots"][0]["start"])
    new_start = moving["slots"][0]["start"]
    moved = cluster.scheduling.confirm(meeting_id=meeting["meeting_id"], person_id=seeker["id"],
                                       start=new_start)
    assert moved["start"] == new_start and moved["rescheduling"] is False
    (rescheduled,) = published.events("meeting_rescheduled")
    assert rescheduled["previous_start"] == first
    method, event = invite_of(rescheduled)
    assert (method, str(event["uid"]), event["sequence"]) == ("REQUEST", uid, 1)
    assert event.decoded("dtstart") == datetime.fromisoformat(new_start)

    # The seeker cancels: a CANCEL with the same UID and the next SEQUENCE; matching is told.
    cancelled = cluster.scheduling.cancel(meeting_id=meeting["meeting_id"], person_id=seeker["id"])
    assert cancelled["status"] == "cancelled"
    (cancellation,) = published.events("meeting_cancelled")
    assert cancellation["reason"] == "cancelled_by_person"
    assert cancellation["cancelled_by"] == seeker["id"]
    method, event = invite_of(cancellation)
    assert (method, str(event["uid"]), event["sequence"]) == ("CANCEL", uid, 2)
    assert str(event["status"]) == "CANCELLED"
    wait_until("matching to cancel the match", lambda: [
        m for m in cluster.matching.matches_of(person_id=seeker["id"])
        if m["match_id"] == match["match_id"] and m["status"] == "cancelled"])
    # Cancelling twice changes nothing and tells nobody twice.
    cluster.scheduling.cancel(meeting_id=meeting["meeting_id"], person_id=donor["id"])
    assert len(published.events("meeting_cancelled")) == 1
    # Someone else's meeting does not exist for them.
    stranger = register_confirmed(cluster, config, {**SEEKER, "email": "x@example.org"})
    with refused("NotFound"):
        cluster.scheduling.cancel(meeting_id=meeting["meeting_id"], person_id=stranger["id"])


def test_reminders_due_while_scheduling_is_stopped_are_sent_once_after_it_starts(
        runner_factory, config, cluster):
    scheduling = start_scheduling(runner_factory, config)
    published = Published(config)
    _, seeker, _ = accepted_coffee(cluster, config)
    meeting = booked_meeting(cluster, seeker["id"])
    scheduling.stop()

    # While it is stopped, the day-before reminder falls due (its time passes).
    engine = make_engine(database_url(config, "scheduling"))
    with engine.begin() as connection:
        connection.execute(update(store.Step.__table__)
                           .where(store.Step.step == "reminder_24h")
                           .values(due_at=datetime.now(timezone.utc) - timedelta(minutes=5)))

    runner = start_scheduling(runner_factory, config)
    (reminder,) = wait_until("the reminder", lambda: published.events("meeting_reminder_due"))
    assert reminder["hours_before"] == 24 and reminder["meeting_id"] == meeting["meeting_id"]
    (container,) = runner.containers
    for _ in range(3):  # the timer fires again: nothing more is due
        with entrypoint_hook(container, "send_due_steps") as send_due_steps:
            send_due_steps()
    runner.stop()
    runner = start_scheduling(runner_factory, config)
    (container,) = runner.containers
    with entrypoint_hook(container, "send_due_steps") as send_due_steps:
        send_due_steps()
    assert len(published.events("meeting_reminder_due")) == 1
    assert published.events("feedback_requested") == []


def let_time_pass(config, meeting_id):
    """The meeting's time, and every step due around it, are now two hours in the past."""
    past = datetime.now(timezone.utc) - timedelta(hours=2)
    with make_engine(database_url(config, "scheduling")).begin() as connection:
        connection.execute(update(store.Meeting.__table__)
                           .where(store.Meeting.meeting_id == meeting_id)
                           .values(start=past, end=past + timedelta(minutes=30)))
        connection.execute(update(store.Step.__table__)
                           .where(store.Step.meeting_id == meeting_id).values(due_at=past))


def book_and_let_time_pass(cluster, config, n):
    donor, seeker, _ = accepted_coffee(cluster, config, n)
    meeting = booked_meeting(cluster, seeker["id"])
    let_time_pass(config, meeting["meeting_id"])
    return donor, seeker, meeting


def test_did_you_meet_records_a_held_meeting_and_its_rating(runner_factory, config, cluster):
    start_scheduling(runner_factory, config)
    published = Published(config)
    donor, seeker, _ = accepted_coffee(cluster, config)
    meeting = booked_meeting(cluster, seeker["id"])
    with refused("InvalidInput"):  # not over yet
        cluster.scheduling.report_outcome(meeting_id=meeting["meeting_id"],
                                          person_id=seeker["id"], outcome="met")

    donor, seeker, meeting = book_and_let_time_pass(cluster, config, 1)
    question = wait_until("the question", lambda: [
        e for e in published.events("feedback_requested") if e["meeting_id"] == meeting["meeting_id"]])
    assert sorted(question[0]["attendee_ids"]) == sorted([donor["id"], seeker["id"]])
    assert not [e for e in published.events("meeting_reminder_due")
                if e["meeting_id"] == meeting["meeting_id"]]  # too late for reminders

    answered = cluster.scheduling.report_outcome(
        meeting_id=meeting["meeting_id"], person_id=seeker["id"], outcome="met", rating=5,
        comment="Des conseils précieux.")
    assert answered["status"] == "held" and answered["outcome"] == "met"
    cluster.scheduling.report_outcome(meeting_id=meeting["meeting_id"], person_id=donor["id"],
                                      outcome="met", rating=4)
    (held,) = published.events("meeting_held")  # once, though both said so
    assert held["meeting_id"] == meeting["meeting_id"]
    summary = cluster.scheduling.feedback_summary()
    assert summary["ratings"] == {"4": 1, "5": 1} and summary["mean_rating"] == 4.5
    assert sum(week["meetings"] for week in summary["held_per_week"]) == 1
    with refused("Conflict"):  # an answer does not change
        cluster.scheduling.report_outcome(meeting_id=meeting["meeting_id"],
                                          person_id=seeker["id"], outcome="other_absent")


def test_two_no_shows_pause_a_person_until_they_say_they_are_available(
        runner_factory, config, cluster):
    start_scheduling(runner_factory, config)
    published = Published(config)
    absent = []
    for n in (1, 2):
        donor, seeker, meeting = book_and_let_time_pass(cluster, config, n)
        with refused("InvalidInput"):
            cluster.scheduling.report_outcome(meeting_id=meeting["meeting_id"],
                                              person_id=seeker["id"], outcome="other_absent",
                                              rating=1)
        for _ in range(2):  # reported twice, counted once
            cluster.scheduling.report_outcome(meeting_id=meeting["meeting_id"],
                                              person_id=seeker["id"], outcome="other_absent")
        absent.append(donor)
    # Two different donors here: each missed one meeting. Now the first misses a second one.
    cluster.profiles.make_pledge(person_id=absent[0]["id"], kind="coffee", quantity=1)
    third = register_confirmed(cluster, config, {**SEEKER, "email": "third@example.org"})
    cluster.profiles.request_help(person_id=third["id"], kind="coffee")
    match = proposal_for(cluster, third["id"])
    cluster.matching.accept(match_id=match["match_id"], person_id=third["id"])
    meeting = booked_meeting(cluster, third["id"])
    let_time_pass(config, meeting["meeting_id"])
    cluster.scheduling.report_outcome(meeting_id=meeting["meeting_id"], person_id=match["donor_id"],
                                      outcome="i_was_absent")
    no_shows = [e for e in published.events("no_show_recorded") if e["person_id"] == absent[0]["id"]]
    assert [(e["no_shows"], e["paused"]) for e in no_shows] == [(1, False), (2, True)]
    assert cluster.scheduling.preferences(person_id=absent[0]["id"])["paused"] is True

    resumed = cluster.scheduling.resume(person_id=absent[0]["id"])
    assert (resumed["paused"], resumed["no_shows"]) == (False, 0)
    assert [e["person_id"] for e in published.events("matching_resumed")] == [absent[0]["id"]]


def received(cluster, person_id, event):
    exported = cluster.matching.export_person(person_id=person_id)["data"]["messages"]
    return [m for m in exported["received"] if m["event"] == event]


def test_a_paused_person_is_left_out_of_rounds_until_available_again(runner_factory, config,
                                                                    cluster):
    start_scheduling(runner_factory, config)
    _, seeker, meeting = book_and_let_time_pass(cluster, config, 1)
    donor = meeting["other_id"]
    cluster.scheduling.report_outcome(meeting_id=meeting["meeting_id"], person_id=seeker["id"],
                                      outcome="other_absent")
    # A second meeting for the same donor, missed too.
    cluster.profiles.make_pledge(person_id=donor, kind="coffee", quantity=2, remote=True)
    second = register_confirmed(cluster, config, {**SEEKER, "email": "second@example.org"})
    cluster.profiles.request_help(person_id=second["id"], kind="coffee")
    match = proposal_for(cluster, second["id"])
    cluster.matching.accept(match_id=match["match_id"], person_id=second["id"])
    meeting = booked_meeting(cluster, second["id"])
    let_time_pass(config, meeting["meeting_id"])
    cluster.scheduling.report_outcome(meeting_id=meeting["meeting_id"], person_id=second["id"],
                                      outcome="other_absent")
    wait_until("matching to hear of the pause", lambda: received(cluster, donor, "no_show_recorded")
               and len(received(cluster, donor, "no_show_recorded")) == 2)

    third = register_confirmed(cluster, config, {**SEEKER, "email": "third@example.org"})
    cluster.profiles.request_help(person_id=third["id"], kind="coffee")
    report = cluster.matching.run_round(kind="coffee")
    assert report["offers"] == 0 and not cluster.matching.matches_of(person_id=third["id"])

    cluster.scheduling.resume(person_id=donor)
    wait_until("matching to hear she is back", lambda: received(cluster, donor, "matching_resumed"))
    assert proposal_for(cluster, third["id"])["donor_id"] == donor


def test_slots_nobody_picks_are_proposed_anew_then_the_meeting_is_dropped(runner_factory, config,
                                                                          cluster):
    runner = start_scheduling(runner_factory, config)
    published = Published(config)
    _, seeker, match = accepted_coffee(cluster, config)
    meeting = proposed_meeting(cluster, seeker["id"])
    engine = make_engine(database_url(config, "scheduling"))
    (container,) = runner.containers
    for _ in range(3):  # the choice lapses three times
        with engine.begin() as connection:
            connection.execute(update(store.Meeting.__table__)
                               .values(proposal_expires_at=datetime.now(timezone.utc)))
        with entrypoint_hook(container, "renew_lapsed_proposals") as renew:
            renew()
    proposals = [e for e in published.events("meeting_proposed")
                 if e["meeting_id"] == meeting["meeting_id"]]
    assert len(proposals) == 3  # the first, then two new choices
    (cancelled,) = published.events("meeting_cancelled")
    assert cancelled["reason"] == "no_answer" and cancelled["invite"] is None
    assert cluster.scheduling.meetings_of(person_id=seeker["id"])[0]["status"] == "cancelled"
    wait_until("the match to be cancelled", lambda: [
        m for m in cluster.matching.matches_of(person_id=seeker["id"])
        if m["match_id"] == match["match_id"] and m["status"] == "cancelled"])


def vacuumed(url):
    engine = make_engine(url)
    with engine.connect() as connection:
        done = connection.execute(text(
            "SELECT count(*) FROM pg_stat_user_tables WHERE last_vacuum IS NOT NULL")).scalar()
    engine.dispose()
    return done > 0


def attendees(event):
    found = event.get("attendee", [])
    return [str(a) for a in (found if isinstance(found, list) else [found])]


def cancellations_to(maildir, address):
    """The (email, METHOD, VEVENT) of each invite withdrawn by email to `address`."""
    found = []
    for message in (emails(maildir) if maildir.exists() else []):
        if address not in message["To"]:
            continue
        for part in message.walk():
            if part.get_content_type() == "text/calendar":
                calendar = Calendar.from_ical(part.get_content())
                if str(calendar["method"]) == "CANCEL":
                    (event,) = calendar.walk("VEVENT")
                    found.append((message, event))
    return found


@pytest.mark.parametrize("leaving", ["seeker", "donor"])
def test_an_erasure_cancels_the_booked_meeting_and_tells_the_partner_without_naming_who_left(
        runner_factory, config, cluster, tmp_path, leaving):
    start_scheduling(runner_factory, config)
    published = Published(config)
    donor, seeker, match = accepted_coffee(cluster, config)
    meeting = booked_meeting(cluster, seeker["id"])
    (confirmed,) = wait_until("the booking", lambda: published.events("meeting_confirmed"))
    uid = str(invite_of(confirmed)[1]["uid"])
    gone, partner = (seeker, donor) if leaving == "seeker" else (donor, seeker)

    assert cluster.profiles.erase_person(person_id=gone["id"]) == {"done": True}

    # The partner is told, in their inbox and by email, and their calendar drops the meeting:
    # a CANCEL with the booking's UID and the next SEQUENCE.
    (notice,) = wait_until("the partner's notice", lambda: [
        n for n in cluster.notifications.inbox(person_id=partner["id"])
        if n["event"] == "meeting_cancelled"])
    ((email, event),) = wait_until("the partner's cancellation email", lambda: cancellations_to(
        tmp_path / "maildir", partner["email"]))
    assert (str(event["uid"]), event["sequence"], str(event["status"])) == (uid, 1, "CANCELLED")
    # The invite the partner downloads later says the same.
    later = Calendar.from_ical(cluster.scheduling.invite(
        meeting_id=meeting["meeting_id"], person_id=partner["id"])["body"])
    (again,) = later.walk("VEVENT")
    assert (str(later["method"]), again["sequence"], again["summary"]) == \
        ("CANCEL", 1, event["summary"])
    # Who left is no longer an attendee.
    for invite in (event, again):
        assert attendees(invite) == [f"mailto:{partner['id']}@people.binome.example"]
    # Without a word of who left: neither in what the partner reads nor in the invite.
    gone_words = [gone["first_name"], gone["last_name"], gone["email"]]
    told = " ".join([notice["subject"], notice["body"], email.as_string()])
    assert not [word for word in gone_words if word.lower() in told.lower()], told
    assert "left Binôme" in notice["body"] or "a quitté Binôme" in notice["body"], notice["body"]

    # Matching cancels the match: the seeker's request reopens, the donor's unit is back.
    wait_until("the match to be cancelled", lambda: [
        m for m in cluster.matching.matches_of(person_id=partner["id"])
        if m["match_id"] == match["match_id"] and m["status"] == "cancelled"])
    matching_db = make_engine(database_url(config, "matching"))
    with matching_db.connect() as connection:
        if leaving == "seeker":
            assert connection.execute(select(matching_store.Offer.available)).scalar_one() == 1
        else:
            assert connection.execute(select(matching_store.Request.status)).scalar_one() == "open"
    # Profiles, which shows people their pledges and requests, hears of it too.
    if leaving == "seeker":
        wait_until("the donor's pledge to have its unit back", lambda: [
            p for p in cluster.profiles.pledges_of(person_id=donor["id"]) if p["remaining"] == 1])
    else:
        wait_until("the seeker's request to reopen", lambda: [
            r for r in cluster.profiles.requests_of(person_id=seeker["id"])
            if r["status"] == "open"])
    assert [m["status"] for m in cluster.scheduling.meetings_of(person_id=partner["id"])] \
        == ["cancelled"]

    # And no table anywhere keeps the name, the address or the phone of who left; every service
    # vacuumed its database after its erasure (docs/privacy.md says what that leaves).
    databases = [database_url(config, service) for service in DATABASE_SERVICES]
    wait_until("every service to vacuum", lambda: all(map(vacuumed, databases)))
    try:
        wait_until("every service to forget who left", lambda: not traces(databases, gone_words), 30)
    except TimeoutError:
        assert traces(databases, gone_words) == []  # shows what is left, where
