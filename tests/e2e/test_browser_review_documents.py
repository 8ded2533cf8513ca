"""A review's document in a real browser (headless Chromium, on a phone's screen): the seeker asks
for a CV review with their CV, is told who will see it, is warned of the phone number left in it,
sends a clean version (a fake PDF in between is refused beside the field); once the seeker
accepts, the donor reads it from the match page. Screenshots in test-artifacts/screenshots.

The setup goes through the API in the test process; the journeys run in the browser process.
"""
import re
import uuid

from browser_support import check_page, new_page, sign_in_by_email
from document_samples import CLEAN_CV, CV_WITH_PHONE, pdf_with
from support import wait_until


def journey_seeker_sends_a_cv(browser, base_url, maildir, seeker_email):
    page = new_page(browser, base_url, locale="fr-FR")
    sign_in_by_email(page, maildir, seeker_email)
    page.goto("/seeker")
    # Before choosing a file, the seeker reads who will see it.
    who = page.locator("#f-document-who").inner_text()
    assert "seulement la personne bénévole" in who and "jamais envoyé par e-mail" in who
    page.select_option("#f-kind", "cv_review")
    page.set_input_files("#f-document", {"name": "CV Capucine.pdf", "mimeType": "application/pdf",
                                         "buffer": pdf_with(*CV_WITH_PHONE)})
    page.get_by_role("button", name="Envoyer ma demande").click()
    page.wait_for_url(re.compile(r".*\?done=requested#request-.*"))
    card = page.locator("li.request").first
    warning = card.locator(".warning[role=alert]").inner_text()
    assert "un numéro de téléphone" in warning and "06 12 34 56 78" not in warning
    assert "CV Capucine.pdf" in card.inner_text()
    check_page(page, "document-warned")

    # A text file named like a PDF is refused beside the request's own field; nothing changes.
    request_id = card.get_attribute("data-request")
    field = f"#f-document-{request_id}"
    page.set_input_files(field, {"name": "cv.pdf", "mimeType": "application/pdf",
                                 "buffer": b"Just text, named like a PDF."})
    card.get_by_role("button", name="Envoyer une nouvelle version").click()
    page.wait_for_load_state()
    error = page.locator(f"{field}-error").inner_text()
    assert "PDF, DOCX ou ODT" in error
    assert page.locator(".field-error").count() == 1
    assert page.locator(f"li.request[data-request='{request_id}'] .warning[role=alert]").count() == 1

    # The clean version replaces it: no warning any more.
    page.goto("/seeker")
    page.set_input_files(field, {"name": "CV Capucine.pdf", "mimeType": "application/pdf",
                                 "buffer": pdf_with(*CLEAN_CV)})
    page.locator(f"li.request[data-request='{request_id}']").get_by_role(
        "button", name="Envoyer une nouvelle version").click()
    page.wait_for_url(re.compile(r".*\?done=document_sent#request-.*"))
    assert "Votre document est enregistré." in page.locator(".notice").inner_text()
    card = page.locator(f"li.request[data-request='{request_id}']")
    assert card.locator(".warning").count() == 0
    check_page(page, "document-clean")
    return request_id


def journey_donor_reads_the_cv(browser, base_url, maildir, donor_email, match_id):
    page = new_page(browser, base_url, locale="en-GB")
    sign_in_by_email(page, maildir, donor_email)
    page.goto(f"/matches/{match_id}")
    link = page.get_by_role("link", name="Read the CV")
    with page.expect_download() as download:
        link.click()
    path = download.value.path()
    with open(path, "rb") as file:
        content = file.read()
    assert content == pdf_with(*CLEAN_CV)
    assert download.value.suggested_filename == "CV Capucine.pdf"
    check_page(page, "document-donor-match")


def test_the_seeker_is_warned_sends_a_clean_cv_and_the_donor_reads_it(embedded, operator,
                                                                       browser):
    api, data = embedded
    language = "dz"   # only these two speak it: no other test's people in this round

    def register(first, locale, **more):
        person = api.register({
            "first_name": first, "last_name": "Documenta", "languages": [language],
            "email": f"{first.lower()}.{uuid.uuid4().hex[:6]}@example.org", "locale": locale,
            "availability_preset": "coffee", "location": "75011", **more})
        return person, api.as_person(person)

    donor, as_donor = register("Donatien", "en", roles=["time_donor"], occupation="M1805")
    seeker, as_seeker = register("Capucine", "fr", roles=["job_seeker"], occupation="D1301",
                                 target_occupation="M1805")
    request_id = browser.run(journey_seeker_sends_a_cv, api.base_url, data / "maildir",
                             seeker["email"])
    (request,) = as_seeker.items("/api/me/requests")
    assert request["id"] == request_id and request["document"]["contacts_found"] == []

    as_donor.post("/api/me/pledges", {"kind": "cv_review", "quantity": 1})

    def proposed():
        operator.post("/api/rounds", {"kind": "cv_review"})
        return [m for m in as_seeker.items("/api/me/matches") if m["status"] == "proposed"]
    match = wait_until("a proposal", proposed)[0]
    as_seeker.post(f"/api/matches/{match['match_id']}/accept")
    browser.run(journey_donor_reads_the_cv, api.base_url, data / "maildir", donor["email"],
                match["match_id"])
