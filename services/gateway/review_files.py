"""The annotated file of a review, read from a form: multipart/form-data, the file in the field
`file` under the upload's own limit (uploads.py), beside the review's `comments`. It is answered
as the seeker's document is (review_documents.document_response): a download, never rendered."""
import base64

from .uploads import read_upload

REVIEW_FILE = "file"


def review_form(request):
    """A review sent as a form: {"comments", "file"?} as rpc.matching.return_review takes them
    (a field left out stays out, so that the service names it)."""
    upload = read_upload(request, REVIEW_FILE, required=False)
    body = {"comments": request.form["comments"]} if "comments" in request.form else {}
    if upload is not None:
        body["file"] = {"filename": upload.filename,
                        "content": base64.b64encode(upload.content).decode("ascii")}
    return body
