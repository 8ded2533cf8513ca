"""A reconverting worker asks for a lunchtime mentor who already made the move they attempt."""
import uuid

from support import wait_until


def test_a_worker_is_paired_with_a_mentor_who_made_the_same_move_and_gets_lunch_slots(embedded, operator):
    api, _ = embedded
    language = "xm"  # only these people speak it: no other test's people in this round

    def register(first, **more):
        person = api.register({
            "first_name": first, "last_name": "Test", "languages": [language],
            "email": f"{first.lower()}.{uuid.uuid4().hex[:6]}@example.org",
            "availability_preset": "lunch", **more})
        return person, api.as_person(person)

    mentor, _ = register("Séverine", roles=["mentor"], location="75011", occupation="M1805",
                         mentor={"from_occupation": "D1301", "to_occupation": "M1805",
                                 "moved_in": 2019, "max_mentees": 2})
    register("Gaspard", roles=["mentor"], location="75012", occupation="J1506",
             mentor={"from_occupation": "K2111", "to_occupation": "J1506", "moved_in": 2015})
    worker, as_worker = register("Hippolyte", roles=["reconverting_worker"], location="93100",
                                 occupation="D1301", target_occupation="M1805")
    as_worker.post("/api/me/requests", {"kind": "lunch_mentoring",
                                        "note": "From shop floor to code, how did you do it?"})

    def proposed():
        operator.post("/api/rounds", {"kind": "lunch_mentoring"})
        return [m for m in as_worker.items("/api/me/matches") if m["status"] == "proposed"]
    match = wait_until("a mentor proposal", proposed)[0]
    assert match["donor_id"] == mentor["id"]
    # The worker reads French (the default locale): the reasons come in French.
    assert ("vous avez tous deux quitté « Management de magasin de détail » pour "
            "« Études et développement informatique »") in match["reasons"]

    as_worker.post(f"/api/matches/{match['match_id']}/accept")
    meeting = wait_until("lunch slots", lambda: [
        m for m in as_worker.items("/api/me/meetings") if m["status"] == "proposed"])[0]
    for slot in meeting["slots"]:  # an hour, inside both lunch windows (12:00-14:00 Paris)
        assert slot["start"][11:16] >= "11:00" and slot["end"][11:16] <= "13:00"
    assert wait_until("the worker's request to be matched", lambda: [
        r for r in as_worker.items("/api/me/requests") if r["status"] == "matched"])
