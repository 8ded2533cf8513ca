"""A review's document through the HTTP API: the seeker sends their CV (warned of the phone number
left in it), replaces it; only the donor of the accepted match reads it; a fake PDF, a 6 MB file
and an empty file are refused naming the field with nothing stored; a document goes to two reviews
at most; an erasure leaves no document anywhere."""
import base64
import uuid

import pytest
import requests

from binome.api_client import ApiError
from document_samples import CLEAN_CV, CV_WITH_PHONE, pdf_with
from shared.config import DATABASE_SERVICES
from support import traces, wait_until

# The tests' own languages: the hard rule on languages keeps each test's people in their own round.
_languages = (f"d{letter}" for letter in "abcdefghijklmnopqrstuvwxyz")


def register(api, first, language, **more):
    tag = uuid.uuid4().hex[:6]
    person = api.register({
        "first_name": first, "last_name": "Doc" + tag, "languages": [language],
        "email": f"{first.lower()}.{tag}@example.org", "availability_preset": "coffee",
        "location": "75011", **more})
    return person, api.as_person(person)


def refused(call):
    with pytest.raises(ApiError) as caught:
        call()
    return caught.value


def send(person, request_id, content, filename="cv.pdf"):
    return person.upload(f"/api/requests/{request_id}/document", "document", filename, content)


def review_pair(api, operator):
    """A seeker who asked for a CV review and a donor who pledged one, in a round of their own."""
    language = next(_languages)
    donor, as_donor = register(api, "Donatienne", language, roles=["time_donor"],
                               occupation="M1805")
    seeker, as_seeker = register(api, "Severin", language, roles=["job_seeker"],
                                 occupation="D1301", target_occupation="M1805")
    as_donor.post("/api/me/pledges", {"kind": "cv_review", "quantity": 1})
    request = as_seeker.post("/api/me/requests", {"kind": "cv_review"})
    return (donor, as_donor), (seeker, as_seeker), request


def proposal(as_seeker, operator, donor):
    def proposed():
        operator.post("/api/rounds", {"kind": "cv_review"})
        return [m for m in as_seeker.items("/api/me/matches")
                if m["donor_id"] == donor["id"] and m["status"] == "proposed"]
    return wait_until("a proposal", proposed)[0]


def test_the_seeker_is_warned_replaces_it_and_only_the_accepted_donor_reads_it(embedded, operator):
    api, _ = embedded
    (donor, as_donor), (seeker, as_seeker), request = review_pair(api, operator)
    own = f"/api/requests/{request['id']}/document"

    # A CV with a phone number in it: kept, and the seeker is told what was found (not the number).
    warned = send(as_seeker, request["id"], pdf_with(*CV_WITH_PHONE), "Mon CV.pdf")
    assert warned["contacts_found"] == [{"kind": "phone", "count": 1}]
    assert (warned["media_type"], warned["filename"], warned["request_id"]) == (
        "application/pdf", "Mon CV.pdf", request["id"])
    assert "06 12 34 56 78" not in str(warned)

    # The clean one replaces it: the request's one document.
    clean = pdf_with(*CLEAN_CV)
    kept = send(as_seeker, request["id"], clean, "Mon CV.pdf")
    assert kept["contacts_found"] == [] and kept["size"] == len(clean)
    assert kept["document_id"] != warned["document_id"]
    (listed,) = [r for r in as_seeker.items("/api/me/requests") if r["id"] == request["id"]]
    assert listed["document"]["document_id"] == kept["document_id"]
    copy = as_seeker.download_bytes(own)
    assert copy.content == clean and copy.headers["Content-Type"] == "application/pdf"

    # Nobody else sends, reads or removes it; the donor neither, before a match is accepted.
    _, as_stranger = register(api, "Tiers", next(_languages), roles=["job_seeker"])
    match = proposal(as_seeker, operator, donor)
    on_match = f"/api/matches/{match['match_id']}/document"
    for attempt in (lambda: as_stranger.download_bytes(own), lambda: as_stranger.delete(own),
                    lambda: send(as_stranger, request["id"], clean),
                    lambda: as_donor.download_bytes(own),
                    lambda: as_donor.download_bytes(on_match),
                    lambda: as_stranger.download_bytes(on_match),
                    lambda: as_donor.download_bytes(f"/api/matches/{uuid.uuid4()}/document")):
        assert refused(attempt).status == 404

    # Once the seeker accepts, the donor reads it: a download, never cached.
    as_seeker.post(f"/api/matches/{match['match_id']}/accept")
    read = as_donor.download_bytes(on_match)
    assert read.content == clean
    assert read.headers["Content-Type"] == "application/pdf"
    assert read.headers["Content-Disposition"].startswith('attachment; filename="Mon CV.pdf"')
    assert read.headers["X-Content-Type-Options"] == "nosniff"
    assert read.headers["Cache-Control"] == "no-store"
    assert as_seeker.download_bytes(on_match).content == clean
    assert refused(lambda: as_stranger.download_bytes(on_match)).status == 404

    # Called off: the donor no longer reads it.
    as_donor.post(f"/api/matches/{match['match_id']}/cancel")
    assert refused(lambda: as_donor.download_bytes(on_match)).status == 404


def test_refused_files_name_the_field_and_leave_nothing(embedded, operator):
    api, data = embedded
    (_, _), (seeker, as_seeker), request = review_pair(api, operator)
    own = f"/api/requests/{request['id']}/document"
    marker = "Refused" + uuid.uuid4().hex[:8]
    six_mb = pdf_with(marker) + b"%" + b" " * (6 * 1024 * 1024)
    for content, filename, status in (
            (f"{marker}: only text, named like a PDF".encode(), "cv.pdf", 400),
            (six_mb, "cv.pdf", 413),
            (b"", "cv.pdf", 400)):
        error = refused(lambda: send(as_seeker, request["id"], content, filename))
        assert error.status == status, filename
        assert list(error.payload["error"]["fields"]) == ["document"]
    assert refused(lambda: as_seeker.download_bytes(own)).status == 404
    assert [r["document"] for r in as_seeker.items("/api/me/requests")] == [None]
    assert traces([f"sqlite:///{data}/{service}.sqlite" for service in DATABASE_SERVICES],
                  [marker]) == []

    # Not a file at all, or no file: refused by name too.
    error = refused(lambda: as_seeker.post(own, {"document": base64.b64encode(b"x").decode()}))
    assert error.status == 400 and list(error.payload["error"]["fields"]) == ["document"]

    # A coffee takes no document.
    coffee = as_seeker.post("/api/me/requests", {"kind": "coffee"})
    error = refused(lambda: send(as_seeker, coffee["id"], pdf_with(*CLEAN_CV)))
    assert error.status == 400 and list(error.payload["error"]["fields"]) == ["document"]


def test_a_document_goes_to_two_reviews_at_most(embedded, operator):
    api, _ = embedded
    (_, _), (seeker, as_seeker), first = review_pair(api, operator)
    cv = pdf_with(*CLEAN_CV, uuid.uuid4().hex)
    document = send(as_seeker, first["id"], cv)
    second = as_seeker.post("/api/me/requests", {"kind": "cover_letter_review",
                                                 "document_id": document["document_id"]})
    (listed,) = [r for r in as_seeker.items("/api/me/requests") if r["id"] == second["id"]]
    assert listed["document"]["document_id"] == document["document_id"]
    assert listed["document"]["reviews"] == 2

    # A third review of the same document is refused, by its id or by the same bytes again.
    error = refused(lambda: as_seeker.post("/api/me/requests", {
        "kind": "cv_review", "document_id": document["document_id"]}))
    assert error.status == 400 and list(error.payload["error"]["fields"]) == ["document_id"]
    third = as_seeker.post("/api/me/requests", {"kind": "cv_review"})
    error = refused(lambda: send(as_seeker, third["id"], cv))
    assert error.status == 400 and list(error.payload["error"]["fields"]) == ["document"]
    # A new version is a new document.
    assert send(as_seeker, third["id"], pdf_with(*CLEAN_CV, "v2"))["reviews"] == 1

    # Removed from one request, the document still serves the other; nobody else's id is taken.
    assert as_seeker.delete(f"/api/requests/{first['id']}/document") == {"done": True}
    assert as_seeker.download_bytes(f"/api/requests/{second['id']}/document").content == cv
    _, as_other = register(api, "Autre", next(_languages), roles=["job_seeker"])
    error = refused(lambda: as_other.post("/api/me/requests", {
        "kind": "cv_review", "document_id": document["document_id"]}))
    assert error.status == 400 and list(error.payload["error"]["fields"]) == ["document_id"]


def test_an_erasure_leaves_no_document(embedded, operator):
    api, data = embedded
    (_, _), (seeker, as_seeker), request = review_pair(api, operator)
    name = "Quenelle" + uuid.uuid4().hex[:8]
    cv = pdf_with(f"{name} {seeker['last_name']}", *CLEAN_CV[1:])
    send(as_seeker, request["id"], cv)
    exported = as_seeker.get("/api/me/export")["services"]["profiles"]["request_documents"]
    assert [base64.b64decode(d["content_base64"]) for d in exported] == [cv]
    assert exported[0]["requests"] == [request["id"]]

    def scan():
        return traces([f"sqlite:///{data}/{service}.sqlite" for service in DATABASE_SERVICES],
                      [name])
    assert ("profiles.sqlite", "request_documents", name) in scan()
    assert as_seeker.delete("/api/me") == {"erased": True}
    try:
        wait_until("the document to be gone", lambda: not scan(), timeout=30)
    except TimeoutError:
        assert scan() == []   # shows what is left, where


def test_a_refused_file_sent_with_the_request_form_leaves_no_request(embedded, operator):
    api, _ = embedded
    seeker, as_seeker = register(api, "Formulaire", next(_languages), roles=["job_seeker"])
    browser = requests.Session()
    browser.cookies.set("binome_session", seeker["token"])
    same_site = {"Origin": api.base_url}
    for content, kind, words in ((b"plain text", "cv_review", "PDF, DOCX ou ODT"),
                                 (b"", "cv_review", "Le fichier est vide."),
                                 (pdf_with(*CLEAN_CV), "coffee", "Seule une relecture")):
        answer = browser.post(f"{api.base_url}/seeker/requests", headers=same_site,
                              data={"kind": kind, "note": ""},
                              files={"document": ("cv.pdf", content, "application/pdf")},
                              timeout=15)
        assert answer.status_code == 400 and words in answer.text, answer.text[-2000:]
        assert 'id="f-document-error"' in answer.text
    assert as_seeker.items("/api/me/requests") == []

    # With a good file, the request and its document come together.
    answer = browser.post(f"{api.base_url}/seeker/requests", headers=same_site,
                          data={"kind": "cv_review", "note": "Merci"},
                          files={"document": ("cv.pdf", pdf_with(*CV_WITH_PHONE),
                                              "application/pdf")}, timeout=15)
    assert answer.status_code == 200 and "un numéro de téléphone" in answer.text
    (request,) = as_seeker.items("/api/me/requests")
    assert request["document"]["contacts_found"] == [{"kind": "phone", "count": 1}]
