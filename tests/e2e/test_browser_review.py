"""A CV review returned and rated in a real browser (headless Chromium, on a phone's screen): the
donor returns their comments and an annotated PDF on the match page (an empty form is refused,
naming the field); the seeker follows the link emailed to them, reads the comments, downloads the
file, rates the review and thanks the donor, who reads the thanks on the same page. Screenshots in test-artifacts/screenshots.

The setup goes through the API in the test process; the journey runs in the browser process.
"""
import re
import uuid

from document_samples import pdf_with
from browser_support import check_page, links_emailed, new_page, sign_in_by_email, wait_for
from support import wait_until

COMMENTS = "Un CV clair.\nAjoutez les dates de votre formation et une ligne de profil."

# Every email links to the page where its reader acts: which email, by its subject.
RETURNED = "returned your|vous a rendu"



def journey_review(browser, base_url, maildir, donor_email, seeker_email, match_id):
    annotated = pdf_with("CV annote", "Ajoutez vos dates")
    match_page = f"/matches/{match_id}"
    donor = new_page(browser, base_url, locale="fr-FR")
    sign_in_by_email(donor, maildir, donor_email)
    donor.goto(match_page)
    assert "La relecture du CV" in donor.locator("#review h2").inner_text()
    check_page(donor, "review-to-return")

    # An empty review is refused beside the field; nothing is returned.
    donor.get_by_role("button", name="Rendre la relecture").click()
    donor.wait_for_load_state()
    assert donor.locator("#review .field-error").count() == 1
    assert donor.locator("#review .review-comments").count() == 0

    donor.get_by_label("Vos remarques").fill(COMMENTS)
    donor.get_by_label("Un fichier annoté (facultatif)").set_input_files(
        {"name": "cv-annoté.pdf", "mimeType": "application/pdf", "buffer": annotated})
    donor.get_by_role("button", name="Rendre la relecture").click()
    donor.wait_for_url(re.compile(r".*\?done=review_returned(#review)?$"))
    assert "Votre relecture est rendue" in donor.locator(".notice").inner_text()
    assert donor.locator("#review .review-comments").inner_text() == COMMENTS
    assert donor.locator("#f-comments").count() == 0     # returned once

    # The seeker is emailed a link to the match page, reads the review and rates it.
    (link,) = wait_for("the seeker's email", lambda: links_emailed(maildir, seeker_email,
                                                                    match_page, RETURNED))
    assert link == f"{base_url}{match_page}"
    seeker = new_page(browser, base_url)
    sign_in_by_email(seeker, maildir, seeker_email)
    seeker.goto(link)
    assert seeker.locator("#review .review-comments").inner_text() == COMMENTS
    check_page(seeker, "review-to-rate")
    with seeker.expect_download() as downloading:
        seeker.get_by_role("link", name=re.compile("Download the annotated file")).click()
    assert downloading.value.suggested_filename == "cv-annoté.pdf"
    assert open(downloading.value.path(), "rb").read() == annotated

    # A rating is needed: sending without one is refused beside it.
    seeker.get_by_role("button", name="Send my rating").click()
    seeker.wait_for_load_state()
    assert "Pick a rating from 1 to 5." in seeker.locator("#review .field-error").inner_text()

    seeker.get_by_label("4", exact=True).check()
    seeker.get_by_label("A word of thanks (optional)").fill("Thank you, very useful!")
    seeker.get_by_role("button", name="Send my rating").click()
    seeker.wait_for_url(re.compile(r".*\?done=review_rated(#review)?$"))
    assert "Rated 4/5" in seeker.locator("#review").inner_text()
    assert seeker.locator("input[name=rating]").count() == 0     # rated once
    check_page(seeker, "review-rated")
    seeker.goto("/seeker")   # the list of matches says where the review stands, and links to it
    seeker.get_by_role("link", name="Review read and rated").click()
    seeker.wait_for_url(re.compile(rf".*{match_page}#review$"))

    # The donor is told by email, and reads the rating and the thanks on the match page.
    wait_for("the donor's email", lambda: links_emailed(maildir, donor_email, match_page,
                                                         "rated your|a noté"))
    donor.goto(match_page)
    shown = donor.locator("#review").inner_text()
    assert "Note donnée : 4/5" in shown and "Thank you, very useful!" in shown


def test_the_donor_returns_a_review_and_the_seeker_rates_it_on_the_match_page(embedded,
                                                                               operator, browser):
    api, data = embedded
    language = "xk"   # only these two speak it: no other test's people in this round

    def register(first, locale, **more):
        person = api.register({
            "first_name": first, "last_name": "Relecture", "languages": [language],
            "email": f"{first.lower()}.{uuid.uuid4().hex[:6]}@example.org", "locale": locale,
            "availability_preset": "coffee", "location": "75011", **more})
        return person, api.as_person(person)

    donor, as_donor = register("Bertille", "fr", roles=["time_donor"], occupation="M1805")
    seeker, as_seeker = register("Casimir", "en", roles=["job_seeker"], occupation="D1301",
                                 target_occupation="M1805")
    as_donor.post("/api/me/pledges", {"kind": "cv_review", "quantity": 1})
    as_seeker.post("/api/me/requests", {"kind": "cv_review"})

    def proposed():
        operator.post("/api/rounds", {"kind": "cv_review"})
        return [m for m in as_seeker.items("/api/me/matches") if m["status"] == "proposed"]
    match = wait_until("a proposal", proposed)[0]
    as_seeker.post(f"/api/matches/{match['match_id']}/accept")
    browser.run(journey_review, api.base_url, data / "maildir", donor["email"], seeker["email"],
                match["match_id"])
