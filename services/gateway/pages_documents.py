"""The seeker's document for a review, on the pages: chosen with the request or sent later,
replaced, removed; the warning when an address or a phone number is left in it; and the link
the donor of the accepted match reads it by (the API's authenticated route, never an email)."""
import base64

from shared import documents
from shared.contracts import rpc
from shared.contracts.kinds import REVIEW_KINDS
from shared.errors import InvalidInput, NotFound

from .pages_base import PageBase, page, redirect
from .uploads import read_upload

FIELD = "document"
# profiles words the same refusal (services/profiles/request_documents.py); the pages say it first
# when a file comes with a request that takes none.
NOT_A_REVIEW = "Only a CV or cover-letter review takes a document."


def contacts_words(ctx, contacts):
    """"a phone number and an email address": what was found, in the reader's words."""
    said = []
    for found in contacts:
        kind, count = found["kind"], found["count"]
        said.append(ctx.tn("doc.found.phone", count) if kind == "phone" else
                    ctx.tn("doc.found.email", count))
    return ctx.listing(said)


class DocumentPages(PageBase):

    def chosen_document(self, ctx, kind_field):
        """The file chosen in a request form, checked as profiles will check it, so that a refused
        one is named before anything is written; None when no file was chosen. Read before any
        other field of the form: its limits apply to the whole body."""
        if ctx.request.mimetype != "multipart/form-data":
            return None
        upload = read_upload(ctx.request, FIELD, required=False)
        if upload is None:
            return None
        self.rate_limits.hit("upload", ctx.person_id)
        if upload.form.get(kind_field, "") not in REVIEW_KINDS:
            raise InvalidInput({FIELD: [NOT_A_REVIEW]})
        try:
            documents.check_document(upload.content, upload.filename)
        except documents.DocumentRefused as refused:
            raise InvalidInput({FIELD: [refused.message]}) from None
        return upload

    def attach(self, ctx, request_id, upload):
        return ctx.call(rpc.profiles.attach_document, person_id=ctx.person_id,
                        request_id=request_id, filename=upload.filename,
                        content=base64.b64encode(upload.content).decode("ascii"))

    def with_document_words(self, ctx, requests):
        """Each request, its document's warning put in words."""
        for request in requests:
            document = request.get("document")
            if document:
                request["document"] = {**document, "warning": ctx.t(
                    "doc.warning", found=contacts_words(ctx, document["contacts_found"]))
                    if document["contacts_found"] else None,
                    "kilobytes": max(1, round(document["size"] / 1024))}
        return requests

    @page("POST", "/seeker/requests/<request_id>/document", form="page_seeker",
          rate_limit="upload")
    def page_send_document(self, ctx, request_id):
        try:
            upload = read_upload(ctx.request, FIELD)
        except InvalidInput:
            # Someone else's request is not theirs to hear about, whatever they sent.
            if request_id not in {str(mine["id"]) for mine in ctx.call(
                    rpc.profiles.requests_of, person_id=ctx.person_id)}:
                raise NotFound(f"no help_requests {request_id} of this person") from None
            raise
        self.attach(ctx, request_id, upload)
        return redirect(f"/seeker?done=document_sent#request-{request_id}")

    @page("POST", "/seeker/requests/<request_id>/document/delete")
    def page_remove_document(self, ctx, request_id):
        ctx.call(rpc.profiles.remove_document, person_id=ctx.person_id, request_id=request_id)
        return redirect(f"/seeker?done=document_removed#request-{request_id}")

    def document_of_match(self, ctx, match_id):
        """The document of an accepted review match, as its two people see it on the match page
        (what it is, not its bytes), or None: not a review, not accepted, none sent yet."""
        try:
            asked = ctx.call(rpc.matching.document_request, match_id=match_id,
                             person_id=ctx.person_id)
        except NotFound:
            return None
        try:
            return {**ctx.call(rpc.profiles.matched_document_info,
                               request_id=asked["request_id"]), "kind": asked["kind"]}
        except NotFound:
            return {"kind": asked["kind"], "missing": True}

