"""shared/documents.py: a document's type from its bytes, its limits, its text and the contact
details found in it."""
import io
import zipfile

import pytest

from document_samples import CLEAN_CV, CV_WITH_PHONE, docx_with, odt_with, pdf_with
from shared import documents
from shared.documents import DocumentRefused, check_document

pytestmark = pytest.mark.unit


def refusal(content, filename="cv.pdf"):
    with pytest.raises(DocumentRefused) as refused:
        check_document(content, filename)
    return refused.value.code


@pytest.mark.parametrize("make, media_type, extension", [
    (pdf_with, documents.PDF, "pdf"),
    (docx_with, documents.DOCX, "docx"),
    (odt_with, documents.ODT, "odt"),
])
def test_each_format_is_known_by_its_content_and_its_text_is_read(make, media_type, extension):
    content = make(*CLEAN_CV)
    checked = check_document(content, "mon cv")
    assert (checked.media_type, checked.extension, checked.size) == (media_type, extension,
                                                                      len(content))
    assert "Developpeuse Python" in checked.text
    assert checked.text_read
    assert checked.contacts_found == []
    assert checked.filename == f"mon cv.{extension}"


def test_the_name_does_not_decide_the_type():
    # A real PDF named .docx is a PDF, and is kept under a .pdf name.
    checked = check_document(pdf_with(*CLEAN_CV), "cv.docx")
    assert (checked.media_type, checked.filename) == (documents.PDF, "cv.pdf")


@pytest.mark.parametrize("content", [
    b"This is plain text, not a PDF at all.",
    b"\x89PNG\r\n\x1a\n" + b"\x00" * 100,
    b"MZ\x90\x00" + b"\x00" * 100,                     # a Windows program
])
def test_a_file_named_pdf_that_is_not_one_is_refused(content):
    assert refusal(content, "cv.pdf") == documents.UNSUPPORTED


def test_a_zip_that_is_not_a_word_or_odt_document_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("hello.txt", "hello")
    assert refusal(out.getvalue(), "cv.docx") == documents.UNSUPPORTED


def test_a_broken_pdf_is_refused_as_unreadable():
    assert refusal(b"%PDF-1.4\n garbage garbage garbage") == documents.UNREADABLE


def test_a_zip_bomb_is_refused_before_it_is_unpacked():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"\x00" * (documents.MAX_UNPACKED + 1))
    content = out.getvalue()
    assert len(content) < documents.MAX_BYTES
    assert refusal(content, "cv.docx") == documents.UNREADABLE


def test_an_empty_file_is_refused():
    assert refusal(b"") == documents.EMPTY


def test_more_than_5_mb_is_refused_whatever_it_holds():
    content = pdf_with(*CLEAN_CV)
    padded = content + b"%" + b" " * (documents.MAX_BYTES - len(content))
    assert len(padded) == documents.MAX_BYTES + 1
    assert refusal(padded) == documents.TOO_LARGE
    # Exactly 5 MB is still accepted.
    assert check_document(padded[:-1], "cv.pdf").size == documents.MAX_BYTES


def test_each_refusal_says_why_in_words():
    for code in documents.REFUSALS:
        assert str(DocumentRefused(code)) == documents.REFUSALS[code]


@pytest.mark.parametrize("make", [pdf_with, docx_with, odt_with])
def test_a_phone_number_in_the_text_is_found_without_being_repeated(make):
    checked = check_document(make(*CV_WITH_PHONE), "cv")
    assert checked.contacts_found == [{"kind": "phone", "count": 1}]
    assert "0612345678" not in str(checked.contacts_found)


def test_an_address_in_a_word_header_is_found():
    checked = check_document(docx_with(*CLEAN_CV, header="camille@example.org"), "cv.docx")
    assert checked.contacts_found == [{"kind": "email", "count": 1}]


@pytest.mark.parametrize("text, found", [
    ("Tél. 06 12 34 56 78", [{"kind": "phone", "count": 1}]),
    ("06.12.34.56.78 ou 0612345678", [{"kind": "phone", "count": 1}]),   # the same number twice
    ("+33 6 12 34 56 78", [{"kind": "phone", "count": 1}]),
    ("Call me on +44 20 7946 0958", [{"kind": "phone", "count": 1}]),    # a London number
    ("01 42 68 53 00 / 06 12 34 56 78", [{"kind": "phone", "count": 2}]),
    ("camille.martin+cv@exemple.fr", [{"kind": "email", "count": 1}]),
    ("a@b.fr, +33612345678", [{"kind": "email", "count": 1}, {"kind": "phone", "count": 1}]),
    # Years, postal codes and dates are not phone numbers.
    ("2019 - 2021 : 75011 Paris, du 12/03/2020 au 01/09/2021", []),
    ("Python, SQL, 5 ans d'expérience", []),
])
def test_contacts_in_text(text, found):
    assert documents.contacts_in(text) == found


@pytest.mark.parametrize("given, kept", [
    ("../../etc/passwd.pdf", "passwd.pdf"),
    ("C:\\Users\\camille\\CV final.docx", "CV final.pdf"),
    ("cv\u202efdp.exe", "cv_fdp.pdf"),
    ("", "document.pdf"),
    ("...", "document.pdf"),
    ("a" * 300 + ".pdf", "a" * 96 + ".pdf"),
    ("CV Zoé.PDF", "CV Zoé.pdf"),
])
def test_the_filename_kept_is_safe(given, kept):
    assert documents.safe_filename(given, "pdf") == kept
