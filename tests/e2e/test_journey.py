"""The foundation journey through the HTTP API: embedded, and with one process per service."""
import pytest

from binome.journey import run_journey
from binome.maildir_check import invites_for
from support import wait_until


def test_the_journey_embedded(embedded, operator):
    api, data = embedded
    result = run_journey(api, operator, say=lambda line: None)

    assert result.meeting["status"] == "confirmed"
    why = api.as_person(result.seeker).get(f"/api/matches/{result.match['match_id']}/explanation")
    assert {t["term"] for t in why["terms"]} >= {"base", "works_in_target", "shared_skills"}
    assert sum(t["weight"] for t in why["terms"]) == pytest.approx(why["affinity"])
    assert "works in Software development, the job you are aiming for" in why["reasons"]
    for person in (result.donor, result.seeker):
        invites = wait_until(f"the invite emailed to {person['first_name']}",
                             lambda p=person: invites_for(data / "maildir", p["email"]))
        assert len(invites) == 1


def test_the_journey_distributed_on_rabbitmq_and_postgresql(distributed, distributed_operator):
    api, maildir, _ = distributed
    result = run_journey(api, distributed_operator, say=lambda line: None)

    assert result.meeting["status"] == "confirmed"
    for person in (result.donor, result.seeker):
        invites = wait_until(f"the invite emailed to {person['first_name']}",
                             lambda p=person: maildir.exists() and invites_for(maildir, p["email"]),
                             timeout=30)
        assert len(invites) == 1
        calendar = next(part for part in invites[0].walk() if part.get_content_type() == "text/calendar")
        ics = calendar.get_content()
        assert "METHOD:REQUEST" in ics and result.meeting["meeting_id"] in ics
