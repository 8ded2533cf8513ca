"""A review returned, rated and thanked through the HTTP API: the donor of an accepted CV review
returns comments, the seeker is emailed a link, reads them, rates them and thanks the donor, who
is told; nobody else sees any of it. An introduction is help given when the seeker says so."""
import uuid

import pytest
import requests

from binome.api_client import ApiError
from binome.maildir_check import emails_to
from document_samples import pdf_with
from support import wait_until


def register(api, first, language, **more):
    person = api.register({
        "first_name": first, "last_name": "Review" + uuid.uuid4().hex[:4],
        "languages": [language], "email": f"{first.lower()}.{uuid.uuid4().hex[:6]}@example.org",
        "phone": "+33 6 12 34 56 78", "availability_preset": "coffee", "location": "75011",
        **more})
    return person, api.as_person(person)


def accepted(api, operator, kind, language):
    """A donor and a seeker (who reads English) matched for `kind`, the match accepted."""
    donor, as_donor = register(api, "Dieudonné", language, roles=["time_donor"],
                               occupation="M1805", locale="fr")
    seeker, as_seeker = register(api, "Solange", language, roles=["job_seeker"],
                                 occupation="D1301", target_occupation="M1805", locale="en")
    as_donor.post("/api/me/pledges", {"kind": kind, "quantity": 1})
    as_seeker.post("/api/me/requests", {"kind": kind})

    def proposed():
        operator.post("/api/rounds", {"kind": kind})
        return [m for m in as_seeker.items("/api/me/matches")
                if m["donor_id"] == donor["id"] and m["status"] == "proposed"]
    match = wait_until("a proposal", proposed)[0]
    return (donor, as_donor), (seeker, as_seeker), match


def refused(call):
    with pytest.raises(ApiError) as caught:
        call()
    return caught.value


def letters_linking(maildir, address, link, subject=""):
    """The emails to `address` linking to `link` whose subject holds one of the `subject` words
    ("a|b"): every email links to its page, and several lead to a match's."""
    return [message for message in emails_to(maildir, address)
            if link in message.get_body(("plain",)).get_content()
            and any(words in message["Subject"] for words in subject.split("|"))]


def match_of(person, match_id):
    return next(m for m in person.items("/api/me/matches") if m["match_id"] == match_id)


def test_the_donor_returns_a_review_the_seeker_rates_it_and_nobody_else_sees_it(embedded,
                                                                                 operator):
    api, data = embedded
    (donor, as_donor), (seeker, as_seeker), match = accepted(api, operator, "cv_review", "yr")
    review = f"/api/matches/{match['match_id']}/review"
    comments = "Clair et lisible.\nAjoutez les dates de votre formation, et raccourcissez le profil."

    # A proposal has no review yet, for either of them.
    for person in (as_donor, as_seeker):
        assert refused(lambda: person.get(review)).status == 404
    assert refused(lambda: as_donor.post(review, {"comments": comments})).status == 404
    as_seeker.post(f"/api/matches/{match['match_id']}/accept")

    waiting = as_seeker.get(review)
    assert (waiting["state"], waiting["comments"], waiting["may_return"], waiting["may_rate"]) == (
        "waiting", None, False, False)
    assert as_donor.get(review)["may_return"] is True
    assert match_of(as_seeker, match["match_id"])["review_state"] == "waiting"

    # Only the donor returns it; bad comments are refused by name and nothing is written.
    assert refused(lambda: as_seeker.post(review, {"comments": comments})).status == 403
    for bad in ("", "   ", "x" * 8001, "bell\x07"):
        error = refused(lambda: as_donor.post(review, {"comments": bad}))
        assert error.status == 400 and "comments" in error.payload["error"]["fields"]
    assert refused(lambda: as_donor.post(review, {})).status == 400
    assert as_seeker.get(review)["state"] == "waiting"

    returned = as_donor.post(review, {"comments": comments})
    assert (returned["state"], returned["comments"], returned["file"]) == (
        "returned", comments, None)
    error = refused(lambda: as_donor.post(review, {"comments": "Une autre version."}))
    assert error.status == 409 and "twice" in error.payload["error"]["message"]

    # The help is given: on time, by a review returned.
    shown = match_of(as_donor, match["match_id"])
    assert (shown["given_how"], shown["given_on_time"], shown["review_state"]) == (
        "review_returned", True, "returned")
    assert shown["given_at"]

    # The seeker is told, in English, with the link, and without the comments.
    link = f"/matches/{match['match_id']}"
    (letter,) = wait_until("the seeker's email", lambda: letters_linking(
        data / "maildir", seeker["email"], link, "returned your|vous a rendu"))
    assert "returned your CV review" in letter["Subject"]
    assert donor["first_name"] in letter["Subject"]
    text = letter.get_body(("plain",)).get_content()
    for secret in ("formation", donor["email"], donor["last_name"], donor["phone"]):
        assert secret not in text
    assert [n for n in as_seeker.items("/api/me/inbox") if n["event"] == "help_given"]

    read = as_seeker.get(review)
    assert (read["comments"], read["may_rate"]) == (comments, True)

    # Only the seeker rates; a bad rating is refused by name; a rating is given once.
    assert refused(lambda: as_donor.post(review + "/rating", {"rating": 5})).status == 403
    for bad in (0, 6, "5", 4.5, None):
        error = refused(lambda: as_seeker.post(review + "/rating", {"rating": bad}))
        assert error.status == 400 and "rating" in error.payload["error"]["fields"]
    error = refused(lambda: as_seeker.post(review + "/rating", {"rating": 4, "thanks": "x" * 1001}))
    assert error.status == 400 and "thanks" in error.payload["error"]["fields"]
    rated = as_seeker.post(review + "/rating", {"rating": 4, "thanks": "Merci, c'est très utile !"})
    assert (rated["state"], rated["rating"], rated["may_rate"]) == ("rated", 4, False)
    assert refused(lambda: as_seeker.post(review + "/rating", {"rating": 5})).status == 409
    assert as_donor.get(review)["thanks"] == "Merci, c'est très utile !"

    # The donor is told the mark and that they were thanked, in French, with the link.
    (told,) = wait_until("the donor's email", lambda: [
        m for m in letters_linking(data / "maildir", donor["email"], link)
        if "4/5" in m["Subject"]])
    assert "vous remercie" in told["Subject"] and seeker["first_name"] in told["Subject"]
    assert "très utile" not in told.get_body(("plain",)).get_content()

    # Nobody else learns anything, not even that the review exists.
    _, as_stranger = register(api, "Intrus", "ys", roles=["job_seeker", "time_donor"])
    for attempt in (lambda: as_stranger.get(review),
                    lambda: as_stranger.post(review, {"comments": "Hi"}),
                    lambda: as_stranger.get(review + "/file"),
                    lambda: as_stranger.post(review + "/rating", {"rating": 1}),
                    lambda: as_stranger.get(f"/api/matches/{uuid.uuid4()}/review")):
        assert refused(attempt).status == 404
    assert refused(lambda: as_seeker.get(review + "/file")).status == 404   # none returned

    # Each one's export holds the review.
    for person in (as_donor, as_seeker):
        (exported,) = person.get("/api/me/export")["services"]["matching"]["reviews"]
        assert (exported["comments"], exported["rating"], exported["thanks"]) == (
            comments, 4, "Merci, c'est très utile !")


def test_an_introduction_is_help_given_once_the_seeker_confirms_it(embedded, operator):
    api, data = embedded
    (donor, as_donor), (seeker, as_seeker), match = accepted(api, operator, "network_intro", "yt")
    given = f"/api/matches/{match['match_id']}/help-given"
    assert refused(lambda: as_seeker.post(given)).status == 404    # not accepted yet
    as_seeker.post(f"/api/matches/{match['match_id']}/accept")

    assert refused(lambda: as_donor.post(given)).status == 403
    # The match page asks the seeker, and only the seeker, whether it was made.
    page = f"{api.base_url}/matches/{match['match_id']}"
    browsers = {}
    for person, token, language in ((as_seeker, seeker["token"], "en"),
                                    (as_donor, donor["token"], "fr")):
        browsers[person] = requests.Session()
        browsers[person].cookies.set("binome_session", token)
        browsers[person].cookies.set("binome_lang", language)
        browsers[person].headers["Origin"] = api.base_url
    assert "The introduction was made" in browsers[as_seeker].get(page, timeout=15).text
    donors_page = browsers[as_donor].get(page, timeout=15).text
    assert "La personne aidée confirmera la mise en relation" in donors_page
    assert "La mise en relation a été faite" not in donors_page
    # An introduction has no review.
    assert refused(lambda: as_seeker.get(f"/api/matches/{match['match_id']}/review")).status \
        == 404
    answer = browsers[as_seeker].post(page + "/help-given", timeout=15)
    assert answer.status_code == 200 and "Noted: the introduction was made." in answer.text
    assert "Introduction confirmed on" in answer.text
    confirmed = match_of(as_seeker, match["match_id"])
    assert (confirmed["given_how"], confirmed["given_on_time"]) == ("introduction_confirmed",
                                                                    True)
    assert as_seeker.post(given)["given_at"] == confirmed["given_at"]   # once

    (letter,) = wait_until("the donor's thanks", lambda: letters_linking(
        data / "maildir", donor["email"], f"/matches/{match['match_id']}", "Merci|Thank you"))
    assert "Merci" in letter["Subject"] and seeker["first_name"] in letter["Subject"]
    _, as_stranger = register(api, "Tiers", "yu", roles=["job_seeker"])
    assert refused(lambda: as_stranger.post(given)).status == 404


def test_a_review_match_is_not_confirmed_as_an_introduction(embedded, operator):
    api, _ = embedded
    _, (_, as_seeker), match = accepted(api, operator, "cover_letter_review", "yv")
    as_seeker.post(f"/api/matches/{match['match_id']}/accept")
    error = refused(lambda: as_seeker.post(f"/api/matches/{match['match_id']}/help-given"))
    assert error.status == 409
    assert match_of(as_seeker, match["match_id"])["given_at"] is None


def test_a_review_comes_with_an_annotated_file_only_its_two_people_download(embedded,
                                                                             operator):
    api, _ = embedded
    (donor, as_donor), (seeker, as_seeker), match = accepted(api, operator,
                                                             "cover_letter_review", "yw")
    as_seeker.post(f"/api/matches/{match['match_id']}/accept")
    review = f"/api/matches/{match['match_id']}/review"
    url = api.base_url + review

    def send(person, files, comments="Voir mes annotations dans le fichier."):
        return person.http.post(url, data={"comments": comments}, files=files, timeout=30)

    # A file named .pdf that is not one, an empty one and one over 5 MB are refused, naming the
    # field, and nothing is returned.
    for files, status in (({"file": ("notes.pdf", b"just some text, not a PDF")}, 400),
                          ({"file": ("empty.pdf", b"")}, 400),
                          ({"file": ("big.pdf", b"%PDF-1.4\n" + b"0" * (6 * 1024 * 1024))}, 413)):
        answer = send(as_donor, files)
        assert answer.status_code == status, answer.text
        assert "file" in answer.json()["error"]["fields"]
    assert as_seeker.get(review)["state"] == "waiting"
    # Bad comments beside a good file are refused too, and nothing is kept.
    annotated = pdf_with("Lettre annotee", "Paragraphe 2 : trop long")
    answer = send(as_donor, {"file": ("lettre annotée.pdf", annotated)}, comments=" ")
    assert answer.status_code == 400 and "comments" in answer.json()["error"]["fields"]
    # A stranger is told nothing about the file, only that there is no such review.
    _, as_stranger = register(api, "Curieux", "yx", roles=["job_seeker"])
    assert send(as_stranger, {"file": ("x.pdf", annotated)}).status_code == 404

    answer = send(as_donor, {"file": ("lettre annotée.pdf", annotated)})
    assert answer.status_code == 201, answer.text
    assert answer.json()["file"] == {"filename": "lettre annotée.pdf",
                                     "media_type": "application/pdf", "size": len(annotated)}
    assert as_seeker.get(review)["file"]["size"] == len(annotated)

    for person in (as_seeker, as_donor):
        download = person.http.get(url + "/file", timeout=15)
        assert download.status_code == 200 and download.content == annotated
        assert download.headers["Content-Type"] == "application/pdf"
        assert download.headers["Content-Disposition"].startswith("attachment;")
        assert download.headers["X-Content-Type-Options"] == "nosniff"
        assert download.headers["Cache-Control"] == "no-store"
    assert refused(lambda: as_stranger.get(review + "/file")).status == 404
    assert as_stranger.http.get(url + "/file", timeout=15).status_code == 404
