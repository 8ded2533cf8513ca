"""Acceptance (issue 14, item 5): three months after a seeker's first help was given, Binôme asks
them once by email with one-click answers; the question is answered through the emailed link's
page, and the operator's impact figures and the donor's "people you helped have found work"
change accordingly. Three months are OUTCOME_AFTER_DAYS = 0 here.

The help given is an introduction the seeker confirms through the API, as on the match page.
"""
import re
import uuid

import pytest
import requests
from sqlalchemy import select

from binome.api_client import ApiError
from binome.maildir_check import emails_to
from services.matching.outcome_questions import ASK_EVERY_SECONDS
from services.matching.outcomes_store import OutcomeSurvey
from shared.database import make_engine
from support import wait_until

EMBEDDED_CONFIG = {"OUTCOME_AFTER_DAYS": 0}
LINK = re.compile(r"(https?://[^\s\"<>]+/outcomes/([A-Za-z0-9_-]+))\?situation=found_job")


def register(api, first, **more):
    person = api.register({
        "first_name": first, "last_name": "Outcome" + uuid.uuid4().hex[:4], "locale": "en",
        "email": f"{first.lower()}.{uuid.uuid4().hex[:6]}@example.org",
        "availability_preset": "coffee", "location": "75011", **more})
    return person, api.as_person(person)


def matching_db(data):
    return make_engine(f"sqlite:///{data}/matching.sqlite")


def give_help(as_seeker, match_id):
    """The seeker confirms the introduction was made: their first help is given."""
    as_seeker.post(f"/api/matches/{match_id}/help-given")


def surveys_of(data, person_id):
    engine = matching_db(data)
    with engine.connect() as connection:
        rows = connection.execute(select(OutcomeSurvey.person_id).where(
            OutcomeSurvey.person_id == uuid.UUID(person_id))).all()
    engine.dispose()
    return rows


def question_links(maildir, address):
    return [LINK.search(m.get_body(("plain",)).get_content()) for m in emails_to(maildir, address)
            if LINK.search(m.get_body(("plain",)).get_content())]


def outcomes(operator):
    return operator.get("/api/operator/impact")["outcomes"]


def test_the_three_month_question_answered_by_its_emailed_link_changes_the_figures(
        embedded, operator):
    api, data = embedded
    donor, as_donor = register(api, "Donatienne", roles=["time_donor"], occupation="M1805")
    seeker, as_seeker = register(api, "Sidonie", roles=["job_seeker"], occupation="D1301",
                                 target_occupation="M1805")
    as_donor.post("/api/me/pledges", {"kind": "network_intro", "quantity": 1})
    as_seeker.post("/api/me/requests", {"kind": "network_intro"})

    def proposed():
        operator.post("/api/rounds", {"kind": "network_intro"})
        return [m for m in as_seeker.items("/api/me/matches") if m["donor_id"] == donor["id"]]
    match = wait_until("a proposal", proposed)[0]
    as_seeker.post(f"/api/matches/{match['match_id']}/accept")
    before = outcomes(operator)
    assert as_donor.get("/api/me/helped-outcomes") == {"helped": 0, "found_work": 0,
                                                       "in_training": 0}

    give_help(as_seeker, match["match_id"])
    match_link = wait_until("the question emailed to the seeker", lambda: question_links(
        data / "maildir", seeker["email"]), timeout=3 * ASK_EVERY_SECONDS)[0]
    page_url, token = match_link.group(1), match_link.group(2)
    # In the inbox too, without the link.
    (item,) = [n for n in as_seeker.items("/api/me/notifications")
               if n["event"] == "outcome_question_due"]
    assert token not in item["body"] and f"{api.base_url}/outcomes\n" in item["body"]
    asked = outcomes(operator)
    assert (asked["asked"], asked["answered"]) == (before["asked"] + 1, before["answered"])

    # The one-click link opens the question with the clicked answer chosen; opening it (as a
    # mail scanner does) records nothing.
    browser = requests.Session()
    browser.headers["Accept-Language"] = "en"
    opened = browser.get(f"{page_url}?situation=found_job")
    assert opened.status_code == 200
    assert re.search(r'value="found_job" checked', opened.text)
    form = re.search(r'<form method="post" action="/outcomes/.*?</form>', opened.text, re.S)
    assert form.group(0).count('type="submit"') == 1 and ">Send<" in form.group(0)
    assert outcomes(operator)["answered"] == before["answered"]

    # A form sent without the two other answers is refused naming them, nothing recorded.
    origin = {"Origin": api.base_url}
    incomplete = browser.post(page_url, data={"situation": "found_job"}, headers=origin)
    assert incomplete.status_code == 400
    assert 'id="helped-error"' in incomplete.text and 'id="satisfaction-error"' in incomplete.text
    assert outcomes(operator)["answered"] == before["answered"]

    sent = browser.post(page_url, data={"situation": "found_job", "helped": "yes",
                                        "satisfaction": "5"}, headers=origin)
    assert sent.status_code == 200 and "Thank you" in sent.text

    after = outcomes(operator)
    assert (after["asked"], after["answered"]) == (before["asked"] + 1, before["answered"] + 1)
    intro = next(k for k in after["by_kind"] if k["kind"] == "network_intro")
    assert (intro["answered"], intro["found_job_share"], intro["satisfied_share"],
            intro["helped_share"]) == (1, 1.0, 1.0, 1.0)
    assert as_donor.get("/api/me/helped-outcomes") == {"helped": 1, "found_work": 1,
                                                       "in_training": 0}
    donor_page = requests.get(f"{api.base_url}/donor", headers={"Accept-Language": "en"},
                              cookies={"binome_session": donor["token"]})
    line = re.search(r'<p class="found-work"[^>]*>(.*?)</p>', donor_page.text).group(1)
    assert line == "1 person you helped has found work."      # a count, never who

    # Answered once: the link, the page and the API say so, and the figures stay.
    again = browser.get(page_url)
    assert again.status_code == 200 and "has been answered" in again.text
    with pytest.raises(ApiError) as refused:
        api.post(f"/api/outcomes/{token}", {"situation": "still_looking", "helped": False,
                                            "satisfaction": 1})
    assert refused.value.status == 409
    assert outcomes(operator) == after


def test_a_bad_link_or_a_bad_answer_is_a_clear_refusal_never_a_500(embedded):
    api, _ = embedded
    unknown = "u" * 43
    page = requests.get(f"{api.base_url}/outcomes/{unknown}?situation=found_job")
    assert page.status_code == 404 and "unknown" in page.text
    assert requests.get(f"{api.base_url}/outcomes/{'x' * 500}").status_code == 404
    sent = requests.post(f"{api.base_url}/outcomes/{unknown}", data={"situation": "found_job"},
                         headers={"Origin": api.base_url})
    assert sent.status_code == 404 and "unknown" in sent.text
    with pytest.raises(ApiError) as refused:
        api.post(f"/api/outcomes/{unknown}", {"situation": "found_job", "helped": True,
                                              "satisfaction": 5})
    assert refused.value.status == 404
    with pytest.raises(ApiError) as refused:
        api.post(f"/api/outcomes/{unknown}", {"situation": "rich", "helped": True,
                                              "satisfaction": 9})
    assert refused.value.status == 400
    assert set(refused.value.payload["error"]["fields"]) == {"situation", "satisfaction"}


def test_erasure_deletes_the_survey_and_the_export_holds_it(embedded, operator):
    api, data = embedded
    donor, as_donor = register(api, "Donatien", roles=["time_donor"], occupation="M1805")
    seeker, as_seeker = register(api, "Sabine", roles=["job_seeker"], occupation="D1301",
                                 target_occupation="M1805")
    as_donor.post("/api/me/pledges", {"kind": "network_intro", "quantity": 1})
    as_seeker.post("/api/me/requests", {"kind": "network_intro"})

    def proposed():
        operator.post("/api/rounds", {"kind": "network_intro"})
        return [m for m in as_seeker.items("/api/me/matches") if m["donor_id"] == donor["id"]]
    match = wait_until("a proposal", proposed)[0]
    as_seeker.post(f"/api/matches/{match['match_id']}/accept")
    give_help(as_seeker, match["match_id"])
    wait_until("the question emailed", lambda: question_links(data / "maildir", seeker["email"]),
               timeout=3 * ASK_EVERY_SECONDS)

    # From the inbox item's link, signed in (no token): the same question, answered once.
    signed_in = requests.Session()
    signed_in.headers.update({"Origin": api.base_url, "Accept-Language": "en"})
    signed_in.cookies.set("binome_session", seeker["token"])
    assert 'action="/outcomes"' in signed_in.get(f"{api.base_url}/outcomes").text
    sent = signed_in.post(f"{api.base_url}/outcomes", data={
        "situation": "in_training", "helped": "no", "satisfaction": "3"})
    assert sent.status_code == 200 and "Thank you! Your answer is recorded." in sent.text
    again = signed_in.post(f"{api.base_url}/outcomes", data={
        "situation": "found_job", "helped": "yes", "satisfaction": "5"})
    assert "has been answered" in again.text
    never_asked = requests.get(f"{api.base_url}/outcomes", headers={"Accept-Language": "en"},
                               cookies={"binome_session": donor["token"]})
    assert never_asked.status_code == 404 and "not been asked" in never_asked.text
    assert as_donor.get("/api/me/helped-outcomes") == {"helped": 1, "found_work": 0,
                                                       "in_training": 1}

    exported = as_seeker.get("/api/me/export")
    text = str(exported)
    assert "outcome_survey" in text and "token_hash" not in text and "in_training" in text
    (token,) = [m.group(2) for m in question_links(data / "maildir", seeker["email"])]
    assert token not in text        # a link still alive is not exported

    as_seeker.delete("/api/me")
    wait_until("the survey deleted", lambda: surveys_of(data, seeker["id"]) == [])
