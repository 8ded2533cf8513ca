"""Reading a file sent as multipart/form-data (a CV, a review's annotated copy), with its own limit.

JSON routes keep their 64 KiB (routing.read_body); only a route that takes a file reads its body
with `read_upload`, which allows the file (at most `max_file_bytes`, 5 MB by default) and a little
form around it. Every refusal names the field:

- not multipart/form-data, or no file in the field: 400;
- a request larger than the file's limit and its margin, or a file larger than its limit: 413,
  refused from the declared length before the body is read when the client declares it, and
  otherwise as soon as the reading passes the limit (nothing is read whole into memory past it).

What the file holds is not judged here: shared/documents.py does that, where the file is kept.
"""
from dataclasses import dataclass

from werkzeug.exceptions import RequestEntityTooLarge

from shared import documents
from shared.errors import InvalidInput

# Room for the multipart boundaries, the part headers and a few short fields beside the file.
FORM_MARGIN_BYTES = 64 * 1024


class UploadTooLarge(InvalidInput):
    """A file (or the request carrying it) over its limit: answered 413, naming the field."""


@dataclass(frozen=True)
class Upload:
    filename: str
    content: bytes
    # The other fields of the form, as text (a page's `next`, a review's comments…).
    form: dict


def too_large_message(max_file_bytes):
    return f"The file is larger than {max_file_bytes // (1024 * 1024)} MB."


def read_upload(request, field, max_file_bytes=documents.MAX_BYTES, required=True):
    """The file sent in `field` of a multipart/form-data request (None when it is not `required`
    and none was chosen), refusing by name anything else."""
    if request.mimetype != "multipart/form-data":
        raise InvalidInput({field: ["Send the file as multipart/form-data."]})
    limit = max_file_bytes + FORM_MARGIN_BYTES
    if (request.content_length or 0) > limit:
        raise UploadTooLarge({field: [too_large_message(max_file_bytes)]})
    request.max_content_length = limit      # also bounds a body sent without its length
    request.max_form_memory_size = FORM_MARGIN_BYTES   # the fields beside the file
    try:
        files, form = request.files, request.form
    except RequestEntityTooLarge:
        raise UploadTooLarge({field: [too_large_message(max_file_bytes)]}) from None
    sent = files.get(field)
    # A browser sends a part with no name and no bytes when no file was chosen.
    if sent is None or (not sent.filename and not _peek(sent)):
        if required:
            raise InvalidInput({field: ["Missing data for required field."]})
        return None
    content = sent.stream.read(max_file_bytes + 1)
    if len(content) > max_file_bytes:
        raise UploadTooLarge({field: [too_large_message(max_file_bytes)]})
    return Upload(filename=sent.filename or "", content=content,
                  form={name: value for name, value in form.items()})


def _peek(storage):
    position = storage.stream.tell()
    first = storage.stream.read(1)
    storage.stream.seek(position)
    return first
