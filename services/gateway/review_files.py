"""The annotated file of a review, answered as a download that no browser renders in place."""
import base64
import re
import unicodedata
from urllib.parse import quote

from werkzeug.wrappers import Response

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
