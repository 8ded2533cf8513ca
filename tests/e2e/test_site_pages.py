"""The pages every visitor may read (how it works, the privacy notice, the legal notice) and the
site's error pages: an unknown path or a wrong method under the site gets the site's own page, in
the reader's language, with the right status; under /api/ the API's JSON answers as before."""
import html
import re

import requests

from walk_setup import register

EMBEDDED_CONFIG = {"LEGAL_PUBLISHER": "Association Binôme Lyon",
                   "LEGAL_ADDRESS": "12 rue des Tests, 69001 Lyon",
                   "LEGAL_DIRECTOR": "Camille Martin",
                   "LEGAL_HOST": "Hébergeur Exemple SAS, 1 quai du Test, 75001 Paris",
                   "LEGAL_CONTACT_EMAIL": "contact@binome-lyon.example"}


def get(api, path, language, **more):
    return requests.get(api.base_url + path, headers={"Accept-Language": language},
                        allow_redirects=False, timeout=15, **more)


def is_site_page(response, language):
    """Our layout (stylesheet, header, footer), in `language`."""
    assert response.headers["Content-Type"].startswith("text/html"), response.headers
    assert '<link rel="stylesheet" href="/static/site.css">' in response.text
    assert f'<html lang="{language}">' in response.text
    assert 'class="site-footer"' in response.text
    return True


def test_an_unknown_page_is_the_sites_404_in_the_readers_language(embedded):
    api, _ = embedded
    for language, words in (("fr", "Cette page n'existe pas"), ("en", "This page does not exist")):
        for method, path in (("GET", "/no/such/page"), ("GET", "/donor/"), ("GET", "/matches"),
                             ("GET", "/static/no-such-file.css"), ("POST", "/no/such/page"),
                             ("OPTIONS", "/no/such/page")):
            response = requests.request(method, api.base_url + path, timeout=15,
                                        headers={"Accept-Language": language,
                                                 "Origin": api.base_url})
            assert response.status_code == 404, (path, response.status_code)
            assert is_site_page(response, language) and words in html.unescape(response.text), path
    # The API keeps its own JSON answer.
    answer = get(api, "/api/no/such/route", "fr")
    assert answer.status_code == 404 and answer.json()["error"]["code"] == "not_found"


def test_a_wrong_method_is_the_sites_405_saying_what_the_page_allows(embedded):
    api, _ = embedded
    for language, words in (("fr", "Cette page ne s'utilise pas ainsi"),
                            ("en", "This page cannot be used this way")):
        for method, path, allowed in (("POST", "/donor", "GET"), ("DELETE", "/", "GET"),
                                      ("PUT", "/sign-in", "GET"), ("GET", "/sign-out", "POST"),
                                      ("DELETE", "/health", "GET"), ("OPTIONS", "/donor", "GET")):
            response = requests.request(method, api.base_url + path, timeout=15,
                                        headers={"Accept-Language": language,
                                                 "Origin": api.base_url},
                                        allow_redirects=False)
            assert response.status_code == 405, (method, path, response.status_code)
            assert allowed in response.headers["Allow"].split(", "), response.headers
            assert is_site_page(response, language) and words in html.unescape(response.text)


def test_an_error_page_shows_the_header_of_whoever_is_signed_in(embedded):
    api, _ = embedded
    person, _ = register(api, "Erwan", ["time_donor"])
    response = get(api, "/no/such/page", "en", cookies={"binome_session": person["token"]})
    assert response.status_code == 404
    assert 'href="/donor"' in response.text and 'action="/sign-out"' in response.text


def test_the_landing_page_says_how_it_works_for_each_side(embedded):
    api, _ = embedded
    for language, words in (("fr", ("comment ça marche", "trois mois")),
                            ("en", ("how it works", "three months"))):
        page = get(api, "/", language)
        assert page.status_code == 200 and is_site_page(page, language)
        section = re.search(r'<section[^>]*id="how-it-works".*?</section>', page.text, re.S)
        assert section, "no how-it-works section"
        for word in words:
            assert word in section.group(0).lower()
        # Steps for those who give and for those who ask, in order.
        assert section.group(0).count("<ol") == 2 and section.group(0).count("<li") >= 6


def test_the_privacy_notice_says_what_is_collected_who_sees_it_how_long_and_how_to_act(embedded):
    api, _ = embedded
    for language, sections in (
            ("fr", ("Ce que nous recueillons", "Qui voit quoi", "Combien de temps",
                    "Vos droits", "Contact")),
            ("en", ("What we collect", "Who sees what", "How long", "Your rights", "Contact"))):
        page = get(api, "/privacy", language)
        assert page.status_code == 200 and is_site_page(page, language)
        for heading in sections:
            assert re.search(r"<h2[^>]*>" + re.escape(heading), page.text), heading
        # The real rules: 24 hours for an unconfirmed sign-up, 15-minute links, 30-day sessions,
        # contact only on mutual consent, erasure and export on /account.
        for fact in ("24", "15", "30", 'href="/account"', "contact@binome-lyon.example"):
            assert fact in page.text, fact


def test_the_legal_notice_names_what_the_operator_configured(embedded):
    api, _ = embedded
    for language in ("fr", "en"):
        page = get(api, "/legal", language)
        assert page.status_code == 200 and is_site_page(page, language)
        for value in EMBEDDED_CONFIG.values():
            assert value in page.text, value
        assert "AGPL-3.0-or-later" in page.text


def test_every_page_and_the_sign_up_forms_link_to_the_notices(embedded):
    api, _ = embedded
    for path in ("/", "/sign-in", "/sign-up", "/sign-up/job_seeker", "/sign-up/sponsor",
                 "/privacy", "/legal", "/no/such/page"):
        page = get(api, path, "en")
        footer = re.search(r'<footer class="site-footer">.*?</footer>', page.text, re.S).group(0)
        assert 'href="/privacy"' in footer and 'href="/legal"' in footer, path
    form = get(api, "/sign-up/mentor", "fr").text
    form = re.search(r"<form method=\"post\" action=\"/sign-up/mentor\".*?</form>", form, re.S)
    assert 'href="/privacy"' in form.group(0)
