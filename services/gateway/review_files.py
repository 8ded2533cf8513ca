"""The annotated file of a review: read from a form (multipart/form-data, field `file`, under the
upload's own limit), and answered as a download that no browser renders in place."""
import base64
import re
import unicodedata
from urllib.parse import quote

from werkzeug.wrappers import Response

from .uploads import read_upload

REVIEW_FILE = "file"

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def safe_filename(name, default="review"):
    """An ASCII file name without path, quotes or controls (the header's plain `filename=`);
    the name as written goes in `filename*`."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    ascii_name = unicodedata.normalize("NFKD", base).encode("ascii", "ignore").decode("ascii")
    ascii_name = _UNSAFE.sub("_", ascii_name).strip("._") or default
    return ascii_name[:100]


def review_file_response(file):
    """`file`: rpc.ReviewFile. An attachment, never sniffed, never cached."""
    original = (file["filename"] or "").replace("\\", "/").rsplit("/", 1)[-1]
    disposition = f'attachment; filename="{safe_filename(original)}"'
    if original:
        disposition += f"; filename*=UTF-8''{quote(original[:200], safe='')}"
    return Response(base64.b64decode(file["content"]), status=200,
                    content_type=file["media_type"] or "application/octet-stream",
                    headers={"Content-Disposition": disposition,
                             "X-Content-Type-Options": "nosniff",
                             "Cache-Control": "no-store"})


def review_form(request):
    """A review sent as a form: {"comments", "file"?} as rpc.matching.return_review takes them
    (a field left out stays out, so that the service names it)."""
    upload = read_upload(request, REVIEW_FILE, required=False)
    body = {"comments": request.form["comments"]} if "comments" in request.form else {}
    if upload is not None:
        body["file"] = {"filename": upload.filename,
                        "content": base64.b64encode(upload.content).decode("ascii")}
    return body
