"""services/gateway/uploads.py: a file read from multipart/form-data, with its own limit, each
refusal naming the field."""
import io

import pytest
from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Request

from services.gateway.errors import error_response
from services.gateway.uploads import FORM_MARGIN_BYTES, UploadTooLarge, read_upload
from shared.errors import InvalidInput

pytestmark = pytest.mark.unit


def request_with(data=None, content_type="multipart/form-data", **more):
    builder = EnvironBuilder(method="POST", data=data, content_type=content_type, **more)
    return Request(builder.get_environ())


def test_the_file_and_the_fields_beside_it_are_read():
    request = request_with({"document": (io.BytesIO(b"%PDF-1.4 ..."), "cv.pdf"), "next": "/seeker"})
    upload = read_upload(request, "document")
    assert (upload.filename, upload.content, upload.form) == ("cv.pdf", b"%PDF-1.4 ...",
                                                              {"next": "/seeker"})


def test_json_is_refused_naming_the_field():
    request = request_with(b'{"document": "x"}', content_type="application/json")
    with pytest.raises(InvalidInput) as refused:
        read_upload(request, "document")
    assert list(refused.value.fields) == ["document"]
    assert error_response(refused.value).status_code == 400


def test_no_file_chosen_is_a_missing_field_unless_it_may_be_left_out():
    for data in (lambda: {"next": "/seeker"}, lambda: {"document": (io.BytesIO(b""), "")}):
        with pytest.raises(InvalidInput) as refused:
            read_upload(request_with(data()), "document")
        assert refused.value.fields == {"document": ["Missing data for required field."]}
        assert read_upload(request_with(data()), "document", required=False) is None


def test_an_empty_file_with_a_name_is_read_as_empty():
    # shared/documents.py refuses it, with its own words.
    upload = read_upload(request_with({"document": (io.BytesIO(b""), "cv.pdf")}), "document")
    assert upload.content == b""


def test_a_file_over_its_limit_is_413_naming_the_field():
    request = request_with({"document": (io.BytesIO(b"x" * 1001), "cv.pdf")})
    with pytest.raises(UploadTooLarge) as refused:
        read_upload(request, "document", max_file_bytes=1000)
    assert list(refused.value.fields) == ["document"]
    response = error_response(refused.value)
    assert response.status_code == 413
    assert b'"document"' in response.get_data()


def test_a_request_declared_over_the_limit_is_refused_before_it_is_read():
    big = b"x" * (1000 + FORM_MARGIN_BYTES + 1)
    request = request_with({"document": (io.BytesIO(big), "cv.pdf")})
    request.environ["wsgi.input"] = io.BytesIO(b"")   # nothing must be read from it
    with pytest.raises(UploadTooLarge):
        read_upload(request, "document", max_file_bytes=1000)


def test_a_body_without_a_length_is_still_bounded():
    big = b"x" * (1000 + FORM_MARGIN_BYTES + 10)
    request = request_with({"document": (io.BytesIO(big), "cv.pdf")})
    del request.environ["CONTENT_LENGTH"]
    request.environ["wsgi.input_terminated"] = True
    with pytest.raises(UploadTooLarge):
        read_upload(request, "document", max_file_bytes=1000)
