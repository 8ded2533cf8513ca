"""Every email leads to the page where its reader acts: each message of each event, in both
languages, holds a link (in its plain text and as an HTML link) whose path is one of the
gateway's page routes; and a signed-out reader who follows one is sent through sign-in and back.
"""
import re
import uuid
from datetime import datetime, timezone

import pytest
from marshmallow import ValidationError
from werkzeug.routing import Map, Rule
from werkzeug.test import EnvironBuilder

from services.gateway.pages_base import page_routes_of, safe_next, sign_in_path
from services.gateway.service import GatewayService
from services.notifications import domain
from services.notifications.links import Links
from shared.contracts.fields import SitePath
from shared.contracts.kinds import LOCALES
from test_notifications_domain import (DIGEST_SAMPLES, EVENT_TEMPLATES, LINKS, confirmation,
                                       messages, pair)

SITE = "https://binome.example"
TEXT_LINK = re.compile(re.escape(SITE) + r"[^\s<>\"')]*")
HTML_LINK = re.compile(r'href="(' + re.escape(SITE) + r'[^"]*)"')
# What each template is rendered with beyond every event's defaults, so that each branch with a
# link of its own is seen (a sponsorship's proposal, the donor's thanks for an introduction).
VARIANTS = [("match_proposed", "sponsorship", {}),
            ("help_given", "network_intro", {"how": "introduction_confirmed"}),
            ("meeting_cancelled", "coffee", {"start": None, "invite": None}),
            ("no_show_recorded", "coffee", {"paused": False})]


def page_map():
    """The gateway's pages a link may open (GET)."""
    return Map([Rule(route.url, endpoint=route.name) for route in page_routes_of(GatewayService)
                if route.method == "GET"]).bind("binome.example")


def every_message():
    for locale in LOCALES:
        for event in sorted(EVENT_TEMPLATES):
            for message in messages(event, locale)[2]:
                yield f"{event}/{locale}", message
        for event, kind, changes in VARIANTS:
            for message in messages(event, locale, kind, **changes)[2]:
                yield f"{event}/{kind}/{'+'.join(changes)}/{locale}", message
        seeker, _ = pair(locale)
        for kind, values in DIGEST_SAMPLES.items():
            yield f"{kind}/{locale}", domain.digest_message(kind, seeker, LINKS, **values)
        for purpose in ("registration", "email_change"):
            yield f"confirm_address/{purpose}/{locale}", domain.address_confirmation(
                confirmation(locale, purpose), LINKS)


def test_every_template_is_seen_by_this_test():
    rendered = {message.event for _, message in every_message()}
    assert rendered >= set(EVENT_TEMPLATES) | set(DIGEST_SAMPLES) | {
        "address_confirmation_requested"}


@pytest.mark.parametrize("name, message", list(every_message()),
                         ids=[name for name, _ in every_message()])
def test_every_message_links_to_an_existing_page_in_text_and_in_html(name, message):
    pages = page_map()
    # What is emailed (a sign-in link is in the email only) and what the inbox keeps.
    for text, html in ((message.email_body or message.body, message.email_html or message.html),
                       (message.body, message.html)):
        text_links, html_links = TEXT_LINK.findall(text), HTML_LINK.findall(html)
        assert text_links and html_links, f"{name}: no link"
        for link in text_links + html_links:
            path, _, _ = link[len(SITE):].partition("?")
            endpoint, _ = pages.match(path, method="GET")   # raises NotFound: no such page
            assert endpoint


def test_a_match_link_opens_the_match_page():
    endpoint, values = page_map().match(Links(SITE).match(uuid.uuid4())[len(SITE):])
    assert endpoint == "page_match" and "match_id" in values


def test_a_sign_in_link_carries_the_page_to_come_back_to():
    seeker, _ = pair("en")
    data = {"person_id": seeker.person_id, "link_token": "L" * 43, "locale": "en",
            "expires_at": datetime(2026, 6, 1, 12, 0, tzinfo=timezone.utc),
            "next": "/matches/42?x=1"}
    (message,) = domain.messages_for("sign_in_requested", data, {seeker.person_id: seeker},
                                     links=LINKS)
    link = f"{SITE}/sign-in/{'L' * 43}?next=%2Fmatches%2F42%3Fx%3D1"
    assert link in message.email_body and f'href="{link}"' in message.email_html
    assert "L" * 43 not in message.body + message.html


@pytest.mark.parametrize("method, path, query, expected", [
    ("GET", "/matches/4f0c", "", "/sign-in?next=%2Fmatches%2F4f0c"),
    ("GET", "/sponsors", "page=2", "/sign-in?next=%2Fsponsors%3Fpage%3D2"),
    ("GET", "/home", "", "/sign-in"),                  # where signing in leads anyway
    ("POST", "/matches/4f0c/accept", "", "/sign-in"),  # a form is not replayed
    ("GET", "/" + "a" * 600, "", "/sign-in"),          # longer than a sign-in request takes
])
def test_a_signed_out_reader_is_sent_to_sign_in_and_told_where_to_come_back(method, path, query,
                                                                            expected):
    request = EnvironBuilder(method=method, path=path, query_string=query).get_request()
    assert sign_in_path(request) == expected


@pytest.mark.parametrize("target", ["//evil.example/x", "https://evil.example/", "/\\evil.example",
                                    "evil.example", "javascript:alert(1)"])
def test_the_page_to_come_back_to_is_never_another_site(target):
    """Neither the pages nor the contract let `next` make the sign-in link an open redirect."""
    assert safe_next(target, None) is None
    with pytest.raises(ValidationError):
        SitePath().deserialize(target)
    assert SitePath().deserialize("/matches/4f0c?page=2") == "/matches/4f0c?page=2"
