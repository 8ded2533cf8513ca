"""What a reader sees when something fails behind a page: the site's own error page, in their
language, that says nothing of the failure itself; the JSON API keeps its one error shape."""
import html
import json

from werkzeug.exceptions import BadRequest
from werkzeug.test import EnvironBuilder

from services.gateway.pages_base import PageContext, _error_page
from services.gateway.routing import failure_response


def _request(path="/donor", language="fr", method="GET"):
    return EnvironBuilder(path=path, method=method,
                          headers={"Accept-Language": language}).get_request()


def _text(response):
    return html.unescape(response.get_data(as_text=True))


def test_an_unexpected_failure_behind_a_page_is_the_sites_500_in_the_readers_language():
    for language, heading in (("fr", "Erreur du serveur"), ("en", "Server error")):
        response = _error_page(PageContext(None, _request(language=language)),
                               RuntimeError("table people is locked"))
        assert response.status_code == 500 and response.mimetype == "text/html"
        text = _text(response)
        assert f'<html lang="{language}">' in text and heading in text
        assert "/static/site.css" in text and 'href="/privacy"' in text
        assert "locked" not in text


def test_a_failure_the_page_could_not_answer_is_still_the_sites_page():
    for language, heading in (("fr", "Erreur du serveur"), ("en", "Server error")):
        response = failure_response(_request("/sponsor", language), KeyError("template"))
        assert response.status_code == 500 and response.mimetype == "text/html"
        assert heading in _text(response) and "KeyError" not in _text(response)
    refused = failure_response(_request("/sign-in", "en", "POST"), BadRequest("bad form"))
    assert refused.status_code == 400 and "Some values are invalid." in _text(refused)


def test_a_failure_under_the_api_keeps_the_apis_json_shape():
    response = failure_response(_request("/api/me", "fr"), KeyError("secret"))
    assert response.status_code == 500 and response.mimetype == "application/json"
    assert json.loads(response.get_data()) == {"error": {
        "code": "internal", "message": "Something went wrong.", "fields": {}}}
    refused = failure_response(_request("/api/me", "fr"), BadRequest("bad"))
    assert refused.status_code == 400
    assert json.loads(refused.get_data())["error"]["code"] == "invalid_input"
