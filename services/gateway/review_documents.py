"""A review's document over HTTP: the seeker sends, reads and removes their request's CV or cover
letter; the donor of the accepted match reads it. Only here, behind a sign-in, at an address made
of ids nobody can guess: never in an email, never at a public link.

The donor's route asks matching which request the match is about for this person (NotFound for
a third person, before acceptance, once the match ended), then profiles for the document.
"""
import base64
import unicodedata
from urllib.parse import quote

from werkzeug.wrappers import Response

from shared.contracts import rpc
from shared.errors import InvalidInput, NotFound

from .routing import Gateway, api
from .uploads import read_upload

FIELD = "document"
Removed = rpc.Done


def document_response(document):
    """The document as a download: never shown in the page (a PDF's scripts stay out of our
    origin), never kept in a cache, its type never guessed by the browser (nosniff is global)."""
    return Response(base64.b64decode(document["content"]), status=200,
                    content_type=document["media_type"],
                    headers={"Content-Disposition": content_disposition(document["filename"]),
                             "Cache-Control": "no-store",
                             "X-Content-Type-Options": "nosniff"})


def content_disposition(filename):
    """`attachment` with the name in plain ASCII for old clients and in full UTF-8 (RFC 6266)."""
    plain = unicodedata.normalize("NFKD", filename).encode("ascii", "ignore").decode("ascii")
    plain = "".join(c if c.isalnum() or c in " ._-()" else "_" for c in plain).strip() or "document"
    return f"attachment; filename=\"{plain}\"; filename*=UTF-8''{quote(filename, safe='')}"


class ReviewDocuments(Gateway):

    @api("POST", "/api/requests/<request_id>/document", upload=FIELD, status=201,
         result=rpc.Document, rate_limit="upload", errors=(400, 409, 413))
    def attach_document(self, request, me, request_id):
        """Attach my review request's document, or replace it (multipart/form-data, the file in
        the field `document`: PDF, DOCX or ODT, at most 5 MB, the type read from the content).
        The answer says which contact details were found in it (`contacts_found`), to remove."""
        try:
            upload = read_upload(request, FIELD)
        except InvalidInput:
            # Someone else's request is not theirs to hear about, whatever they sent.
            if request_id not in {str(mine["id"]) for mine in self._call(
                    rpc.profiles.requests_of, person_id=me)}:
                raise NotFound(f"no help_requests {request_id} of this person") from None
            raise
        return 201, self._call(rpc.profiles.attach_document, person_id=me, request_id=request_id,
                               filename=upload.filename,
                               content=base64.b64encode(upload.content).decode("ascii"))

    @api("GET", "/api/requests/<request_id>/document", content_type="application/octet-stream")
    def request_document(self, request, me, request_id):
        """My own copy of my request's document (a download)."""
        return document_response(self._call(rpc.profiles.request_document, person_id=me,
                                            request_id=request_id))

    @api("DELETE", "/api/requests/<request_id>/document", result=Removed)
    def remove_document(self, request, me, request_id):
        """Remove my request's document (it is deleted once no request of mine uses it)."""
        return 200, self._call(rpc.profiles.remove_document, person_id=me, request_id=request_id)

    @api("GET", "/api/matches/<match_id>/document", content_type="application/octet-stream")
    def match_document(self, request, me, match_id):
        """The seeker's document, for the donor of the accepted review match (and the seeker);
        404 to anyone else, before the seeker accepts and once the match ended."""
        asked = self._call(rpc.matching.document_request, match_id=match_id, person_id=me)
        return document_response(self._call(rpc.profiles.matched_document,
                                            request_id=asked["request_id"]))
