"""A meeting's life and a match's decisions through the web pages, as a browser posts them (the
session cookie, our own origin): decline, book, move, cancel, "did we meet?" with a rating and a
word, call off, block and report, withdraw. Each change redirects with its notice; a refused
form names its field in the reader's language and writes nothing; a stranger gets 404."""
import html as markup
import re
import uuid

import requests

from meeting_setup import let_time_pass, meeting_of, pair, proposal
from support import wait_until


def as_browser(api, person, language="en"):
    session = requests.Session()
    session.headers["Origin"] = api.base_url
    session.cookies.set("binome_session", person["token"])
    session.cookies.set("binome_lang", language)
    return session


def post(api, browser, path, **form):
    return browser.post(api.base_url + path, data=form, allow_redirects=False, timeout=15)


def get(api, browser, path):
    return browser.get(api.base_url + path, allow_redirects=False, timeout=15)


def field_error(html, field):
    """The message shown beside a field (macros.error: id="<field>-error")."""
    found = re.search(rf'id="{field}-error">([^<]*)<', html)
    return markup.unescape(found.group(1)) if found else None


def words(response):
    """The page's text as a reader sees it (entities decoded)."""
    return markup.unescape(response.text)


def test_a_seeker_declines_then_books_the_donor_moves_and_both_say_they_met(embedded, operator):
    api, data = embedded
    donor, as_donor, seeker, as_seeker = pair(api, "xm")
    seeker_page = as_browser(api, seeker, "fr")
    stranger = api.register({"first_name": "Casimir", "last_name": "Test",
                             "roles": ["job_seeker"],
                             "email": f"casimir.{uuid.uuid4().hex[:6]}@example.org"})
    stranger_page = as_browser(api, stranger)

    # A proposal waits for the seeker: it comes first on /seeker, above the request form.
    first = proposal(operator, as_seeker)
    html = get(api, seeker_page, "/seeker").text
    assert html.index('id="next-actions"') < html.index('action="/seeker/requests"')
    declined = post(api, seeker_page, f"/matches/{first['match_id']}/decline", next="/seeker")
    assert declined.status_code == 303 and declined.headers["Location"].endswith(
        "/seeker?done=declined")

    # Declined pairs are never proposed again: a second donor gets the request.
    _, as_second, _, _ = pair(api, "xm")   # a new donor (and a seeker nobody proposes to us)
    match = wait_until("another proposal", lambda: [
        m for m in (operator.post("/api/rounds", {"kind": "coffee"}) and
                    as_seeker.items("/api/me/matches"))
        if m["status"] == "proposed" and m["match_id"] != first["match_id"]])[0]
    donor_id = match["donor_id"]
    as_donor = as_second if donor_id != donor["id"] else as_donor
    assert post(api, seeker_page, f"/matches/{match['match_id']}/accept",
                next="/seeker").status_code == 303
    meeting = meeting_of(as_seeker, match["match_id"], "proposed")
    html = wait_until("the slots on the seeker's page", lambda: (
        lambda text: text if "/meetings/" + meeting["meeting_id"] + "/confirm" in text else None)(
        get(api, seeker_page, "/seeker").text))
    # In her words and on her clock, never an ISO string.
    assert "(heure : Paris)" in html and meeting["slots"][0]["start"][:16] not in html.replace(
        'value="' + meeting["slots"][0]["start"], "")
    assert html.index('id="next-actions"') < html.index('action="/seeker/requests"')
    booked = post(api, seeker_page, f"/meetings/{meeting['meeting_id']}/confirm",
                  start=meeting["slots"][0]["start"], next="/seeker")
    assert booked.headers["Location"].endswith("/seeker?done=booked")
    # The match's own page offers the same: move, cancel, block or report.
    html = get(api, seeker_page, f"/matches/{match['match_id']}").text
    for action in ("reschedule", "cancel"):
        assert f'/meetings/{meeting["meeting_id"]}/{action}?next=/matches/' in html
    assert f'/people/{donor_id}/block?next=/matches/' in html

    # The donor moves it: a page says what happens first; a stranger finds nothing.
    donor_browser = as_browser(api, {"token": as_donor.http.headers["Authorization"].split()[1]})
    asked = get(api, donor_browser, f"/meetings/{meeting['meeting_id']}/reschedule?next=/donor")
    assert asked.status_code == 200 and "new times" in asked.text
    for method in ("GET", "POST"):
        refused = stranger_page.request(method, api.base_url +
                                        f"/meetings/{meeting['meeting_id']}/reschedule",
                                        data={"next": "/home"}, allow_redirects=False, timeout=15)
        assert refused.status_code == 404
    moved = post(api, donor_browser, f"/meetings/{meeting['meeting_id']}/reschedule",
                 next="/donor")
    assert moved.headers["Location"].endswith("/donor?done=reschedule_asked")
    moving = meeting_of(as_seeker, match["match_id"])
    assert moving["rescheduling"] and moving["chooser_id"] == seeker["id"]
    html = get(api, seeker_page, "/seeker").text
    assert "Choisissez un nouveau créneau" in html
    new_start = moving["slots"][0]["start"]
    post(api, seeker_page, f"/meetings/{meeting['meeting_id']}/confirm", start=new_start,
         next="/seeker")
    assert meeting_of(as_seeker, match["match_id"])["start"] == new_start

    # "Did we meet?" waits for the meeting's end: refused before, nothing written.
    early = post(api, seeker_page, f"/meetings/{meeting['meeting_id']}/outcome", outcome="met",
                 next="/seeker")
    assert early.status_code == 400 and "n'a pas encore eu lieu" in words(early)
    let_time_pass(data, meeting["meeting_id"])
    assert f'action="/meetings/{meeting["meeting_id"]}/outcome"' in get(
        api, seeker_page, f"/matches/{match['match_id']}").text
    html = get(api, seeker_page, "/seeker").text
    assert html.index(f'action="/meetings/{meeting["meeting_id"]}/outcome"') < html.index(
        'action="/seeker/requests"')

    # Every mistake at once, each beside its field, in French; nothing recorded.
    refused = post(api, seeker_page, f"/meetings/{meeting['meeting_id']}/outcome",
                   rating="9", comment="x" * 281, next="/seeker")
    assert refused.status_code == 400
    assert field_error(refused.text, "outcome") == "Dites-nous si vous vous êtes vus."
    assert field_error(refused.text, "rating") == "Choisissez une note de 1 à 5."
    assert field_error(refused.text, "comment") == "Trop long : 280 caractères au plus."
    refused = post(api, seeker_page, f"/meetings/{meeting['meeting_id']}/outcome",
                   outcome="other_absent", rating="4", next="/seeker")
    assert field_error(refused.text, "rating") == "Une note seulement si vous vous êtes vus."
    assert meeting_of(as_seeker, match["match_id"])["outcome"] is None

    answered = post(api, seeker_page, f"/meetings/{meeting['meeting_id']}/outcome",
                    outcome="met", rating="5", comment="Des conseils précieux.", next="/seeker")
    assert answered.headers["Location"].endswith("/seeker?done=outcome_met")
    assert meeting_of(as_seeker, match["match_id"])["outcome"] == "met"
    assert "Merci ! C'est noté" in words(get(api, seeker_page, "/seeker?done=outcome_met"))
    assert post(api, donor_browser, f"/meetings/{meeting['meeting_id']}/outcome",
                outcome="met", rating="4", next="/donor").status_code == 303
    wait_until("the meeting held", lambda: meeting_of(as_seeker, match["match_id"], "held"))


def test_cancel_a_meeting_block_and_report_call_off_and_withdraw_through_the_pages(
        embedded, operator):
    api, _ = embedded
    donor, as_donor, seeker, as_seeker = pair(api, "xn")
    seeker_page, donor_page = as_browser(api, seeker), as_browser(api, donor, "fr")
    match = proposal(operator, as_seeker)
    post(api, seeker_page, f"/matches/{match['match_id']}/accept", next="/seeker")
    meeting = meeting_of(as_seeker, match["match_id"], "proposed")
    post(api, seeker_page, f"/meetings/{meeting['meeting_id']}/confirm",
         start=meeting["slots"][0]["start"], next="/seeker")

    # The donor cancels: the page says the other person is told and the match ends with it.
    page = get(api, donor_page, f"/meetings/{meeting['meeting_id']}/cancel?next=/donor")
    assert page.status_code == 200 and "Nous prévenons" in words(page)
    cancelled = post(api, donor_page, f"/meetings/{meeting['meeting_id']}/cancel", next="/donor")
    assert cancelled.headers["Location"].endswith("/donor?done=meeting_cancelled")
    assert meeting_of(as_seeker, match["match_id"])["status"] == "cancelled"
    wait_until("the match cancelled with it", lambda: [
        m for m in as_seeker.items("/api/me/matches")
        if m["match_id"] == match["match_id"] and m["status"] == "cancelled"])
    # A meeting already cancelled cannot be moved: said beside nothing but the page, in English.
    page = get(api, seeker_page, f"/meetings/{meeting['meeting_id']}/reschedule")
    assert "Only a booked meeting still to come can move." in page.text   # said before trying
    assert 'action="/meetings/' not in page.text
    again = post(api, seeker_page, f"/meetings/{meeting['meeting_id']}/reschedule", next="/seeker")
    assert again.status_code == 400 and "Only a booked meeting still to come can move." in again.text

    # Block and report, from the match: what blocking does is said first.
    page = get(api, seeker_page, f"/people/{donor['id']}/block?next=/seeker")
    assert page.status_code == 200 and "never be proposed to each other again" in page.text
    assert "A block is for good." in page.text
    refused = post(api, seeker_page, f"/people/{donor['id']}/report", reason="  ",
                   next="/seeker")
    assert refused.status_code == 400
    assert field_error(refused.text, "reason") == "Say in a few words what happened."
    assert post(api, seeker_page, f"/people/{seeker['id']}/block").status_code == 404  # oneself
    reported = post(api, seeker_page, f"/people/{donor['id']}/report",
                    reason="Never came and was rude in messages.", next="/seeker")
    assert reported.headers["Location"].endswith("/seeker?done=reported")
    card = as_seeker.http.get(f"{api.base_url}/api/people/{donor['id']}", timeout=15)
    assert card.status_code in (403, 404)   # blocked: no card any more
    # The match's page still opens (unnamed, its actions gone), to come back to after a report.
    after = get(api, seeker_page, f"/matches/{match['match_id']}?done=reported")
    assert after.status_code == 200 and "the team will read your report" in words(after)
    assert f"/people/{donor['id']}/block" not in after.text

    # Withdraw a request and a pledge: the pages ask first (a <details> that needs no script).
    request = as_seeker.post("/api/me/requests", {"kind": "cv_review"})
    html = get(api, seeker_page, "/seeker").text
    assert "Nobody will be proposed to you for this request any more." in html
    withdrawn = post(api, seeker_page, f"/seeker/requests/{request['id']}/withdraw")
    assert withdrawn.headers["Location"].endswith("/seeker?done=withdrawn")
    pledge = as_donor.post("/api/me/pledges", {"kind": "cv_review", "quantity": 2})
    html = words(get(api, donor_page, "/donor"))
    assert "Les unités de cette offre que personne n'a encore reçues" in html
    assert post(api, donor_page, f"/donor/pledges/{pledge['id']}/withdraw").status_code == 303
    assert [p["status"] for p in as_donor.items("/api/me/pledges")
            if p["id"] == pledge["id"]] == ["withdrawn"]


def test_a_donor_calls_off_an_accepted_review_match(embedded, operator):
    api, _ = embedded
    donor, as_donor, seeker, as_seeker = pair(api, "xo", kind="cv_review")
    donor_page, stranger = as_browser(api, donor), as_browser(api, api.register({
        "first_name": "Dorian", "last_name": "Test", "roles": ["time_donor"],
        "email": f"dorian.{uuid.uuid4().hex[:6]}@example.org"}))
    match = proposal(operator, as_seeker, "cv_review")
    # A proposal is the seeker's to decline: the donor cannot call it off yet.
    refused = post(api, donor_page, f"/matches/{match['match_id']}/call-off", next="/donor")
    assert refused.status_code == 400 and "a proposal is declined" in refused.text
    as_seeker.post(f"/api/matches/{match['match_id']}/accept")
    assert 'href="/matches/' + match["match_id"] + '/call-off' in get(api, donor_page,
                                                                       "/donor").text
    assert get(api, stranger, f"/matches/{match['match_id']}/call-off").status_code == 404
    page = get(api, donor_page, f"/matches/{match['match_id']}/call-off?next=/donor")
    assert "The help goes back to the volunteer" in page.text
    called = post(api, donor_page, f"/matches/{match['match_id']}/call-off", next="/donor")
    assert called.headers["Location"].endswith("/donor?done=called_off")
    assert [m["status"] for m in as_donor.items("/api/me/matches")
            if m["match_id"] == match["match_id"]] == ["cancelled"]
