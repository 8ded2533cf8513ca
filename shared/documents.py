"""A document handed over for a review (a CV, a cover letter, a review's annotated copy): what it is,
decided from its bytes, never from its name; whether it may be kept; and the contact details
left in its text, so that the person can take them out before anyone else reads it.

    checked = check_document(content, "cv.pdf")    # DocumentRefused(code, message) if refused
    checked.media_type, checked.extension, checked.size, checked.filename
    checked.text                                   # its text, as far as it could be read
    checked.contacts_found                         # [{"kind": "phone", "count": 1}]

- Accepted: PDF (its "%PDF-" header, and pypdf can open it), DOCX (a zip holding
  word/document.xml, read with python-docx) and ODT (a zip whose first member "mimetype" says
  application/vnd.oasis.opendocument.text, read with odfpy). A file named .pdf that is none of
  these is refused; a real PDF named .docx is a PDF (its name is given the right extension).
- At most MAX_BYTES (5 MB); an empty file is refused. A zip that would unpack to more than
  MAX_UNPACKED bytes is refused before it is read (a "zip bomb" fits in 5 MB).
- Refusals carry a `code` (REFUSALS) the pages translate, and an English message.
- The text is read to look for contact details only: email addresses (a pattern) and phone
  numbers (Google's libphonenumber, as `phonenumbers`: French numbers written the French way,
  and international ones with their +prefix). The warning names the kinds found and how many,
  never the numbers themselves: the page only needs to say what to remove.

Pure: no service code, no database. The gateway and profiles both use it.
"""
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field

import phonenumbers

MAX_BYTES = 5 * 1024 * 1024
# An honest CV unpacks to well under this; more is a zip built to exhaust memory.
MAX_UNPACKED = 50 * 1024 * 1024
MAX_MEMBERS = 2000
# Contact details sit on the first pages; reading a 500-page PDF would only cost time.
MAX_PAGES = 30
MAX_TEXT = 200_000
MAX_FILENAME = 100

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT = "application/vnd.oasis.opendocument.text"
EXTENSIONS = {PDF: "pdf", DOCX: "docx", ODT: "odt"}
MEDIA_TYPES = tuple(EXTENSIONS)

EMPTY, TOO_LARGE, UNSUPPORTED, UNREADABLE = "empty", "too_large", "unsupported_type", "unreadable"
REFUSALS = {
    EMPTY: "The file is empty.",
    TOO_LARGE: f"The file is larger than {MAX_BYTES // (1024 * 1024)} MB.",
    UNSUPPORTED: "Only PDF, DOCX or ODT documents are accepted (what the file holds decides, "
                 "not its name).",
    UNREADABLE: "This document cannot be read: it is damaged or protected by a password.",
}

EMAIL, PHONE = "email", "phone"
# Deliberately loose: a warning the person reads, not a validation; "name [at] mail" escapes it,
# and that is the person's choice.
_EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}")
# Control characters, and bidi controls that can make "cv_fdp.exe" read as "cv_exe.pdf".
_UNSAFE_IN_NAME = re.compile(r"[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069/\\:*?\"<>|]")


class DocumentRefused(Exception):
    """The file cannot be kept: `code` is one of REFUSALS, `message` says why in English."""

    def __init__(self, code, message=None):
        super().__init__(code)
        self.code = code
        self.message = message or REFUSALS[code]

    def __str__(self):
        return self.message


@dataclass(frozen=True)
class CheckedDocument:
    media_type: str
    extension: str
    size: int
    text: str
    # One entry per kind of contact found: {"kind": "email" | "phone", "count": n}.
    contacts_found: list = field(default_factory=list)
    # The name it is kept and downloaded under: the one given, made safe, with the extension of
    # what it really is.
    filename: str = "document"

    @property
    def text_read(self):
        """Whether any text was found (a scanned CV has none: nothing could be checked)."""
        return bool(self.text.strip())


def check_document(content, filename=""):
    """The document, checked and read; DocumentRefused when it cannot be kept."""
    if not content:
        raise DocumentRefused(EMPTY)
    if len(content) > MAX_BYTES:
        raise DocumentRefused(TOO_LARGE)
    media_type = media_type_of(content)
    text = _READERS[media_type](content)[:MAX_TEXT]
    return CheckedDocument(media_type=media_type, extension=EXTENSIONS[media_type],
                           size=len(content), text=text, contacts_found=contacts_in(text),
                           filename=safe_filename(filename, EXTENSIONS[media_type]))


def media_type_of(content):
    """PDF, DOCX or ODT, from the bytes; DocumentRefused(UNSUPPORTED) for anything else."""
    # The PDF header may follow a few bytes of junk, as readers allow, within the first 1 KiB.
    if b"%PDF-" in content[:1024]:
        return PDF
    if content.startswith(b"PK\x03\x04"):
        with _opened_zip(content) as archive:
            names = set(archive.namelist())
            first = archive.infolist()[0].filename if archive.infolist() else ""
            if first == "mimetype" and archive.read("mimetype").strip() == ODT.encode():
                return ODT
            if "[Content_Types].xml" in names and "word/document.xml" in names:
                return DOCX
    raise DocumentRefused(UNSUPPORTED)


class _opened_zip:
    """A zip archive whose declared contents stay within bounds; else refused as unsupported
    (not a document) or unreadable (too big once unpacked)."""

    def __init__(self, content):
        try:
            self.archive = zipfile.ZipFile(io.BytesIO(content))
        except (zipfile.BadZipFile, ValueError, OSError):
            raise DocumentRefused(UNSUPPORTED) from None
        members = self.archive.infolist()
        if len(members) > MAX_MEMBERS or sum(m.file_size for m in members) > MAX_UNPACKED:
            raise DocumentRefused(UNREADABLE)

    def __enter__(self):
        return self.archive

    def __exit__(self, *exc):
        self.archive.close()


def _pdf_text(content):
    from pypdf import PdfReader
    try:
        reader = PdfReader(io.BytesIO(content))
        if reader.is_encrypted and not reader.decrypt(""):
            raise DocumentRefused(UNREADABLE)   # the donor could not open it either
        pages = []
        for page in reader.pages[:MAX_PAGES]:
            pages.append(page.extract_text() or "")
        return "\n".join(pages)
    except DocumentRefused:
        raise
    except Exception:   # pypdf raises many kinds of errors on a damaged file: all mean the same
        raise DocumentRefused(UNREADABLE) from None


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _docx_text(content):
    import docx
    try:
        document = docx.Document(io.BytesIO(content))
        # Every paragraph of the body (tables and text boxes included), then of each header and
        # footer, where contact details usually are.
        roots = [document.element.body]
        for section in document.sections:
            for part in (section.header, section.footer, section.first_page_header,
                         section.first_page_footer):
                if not part.is_linked_to_previous:
                    roots.append(part._element)
        lines = []
        for root in roots:
            for paragraph in root.iter(f"{_W}p"):
                lines.append("".join(t.text or "" for t in paragraph.iter(f"{_W}t")))
        return "\n".join(lines)
    except Exception:   # not a Word document after all (a macro-enabled one, a broken one)
        raise DocumentRefused(UNREADABLE) from None


def _odt_text(content):
    from odf import opendocument, teletype, text
    try:
        document = opendocument.load(io.BytesIO(content))
        # Headings and paragraphs of the body, and of the page headers and footers (styles).
        return "\n".join(teletype.extractText(element) for kind in (text.H, text.P)
                         for element in document.getElementsByType(kind))
    except Exception:
        raise DocumentRefused(UNREADABLE) from None


_READERS = {PDF: _pdf_text, DOCX: _docx_text, ODT: _odt_text}


def contacts_in(text):
    """The kinds of contact details in the text, with how many of each (distinct ones)."""
    emails = set(_EMAIL.findall(text))
    phones = {phonenumbers.format_number(match.number, phonenumbers.PhoneNumberFormat.E164)
              for match in phonenumbers.PhoneNumberMatcher(text, "FR")}
    return [{"kind": kind, "count": len(found)}
            for kind, found in ((EMAIL, emails), (PHONE, phones)) if found]


def safe_filename(name, extension):
    """The name a document is kept and downloaded under: no folder, no control or bidi character,
    at most MAX_FILENAME characters, and the extension of what it really is."""
    name = unicodedata.normalize("NFC", str(name or ""))
    name = re.split(r"[/\\]", name)[-1]
    stem = name.rsplit(".", 1)[0] if "." in name else name
    stem = _UNSAFE_IN_NAME.sub("_", stem).strip(" ._") or "document"
    return f"{stem[:MAX_FILENAME - len(extension) - 1]}.{extension}"
