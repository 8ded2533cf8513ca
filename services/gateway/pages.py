"""The web pages, server-rendered with Jinja2 (templates/) in French and English (web_i18n), with
plain JavaScript (static/) only where interaction needs it. Each area lives in its own module:

- pages_base: language, who is signed in, rendering, the `page` decorator;
- pages_account: landing, sign-up by role, sign-in by emailed link, inbox, preferences, my data;
- pages_profile: my profile, every field given at sign-up, and when I am free (profile_form);
- pages_matches: matches with their reasons, decisions, slots and invites (shared by the roles);
- pages_meetings: a meeting moved, cancelled, "did we meet?"; a match called off; block, report;
- pages_reviews: on a match's page, the review returned, rated and thanked, an introduction made;
- pages_donor, pages_seeker, pages_mentor, pages_sponsor: each role's own pages;
- pages_operator: rounds, parked messages and the impact dashboard;
- pages_notices: the privacy notice and the legal notice;
- pages_errors: the site's page for an unknown path or a wrong method.
"""
from .pages_account import AccountPages
from .pages_donor import DonorPages
from .pages_errors import ErrorPages
from .pages_meetings import MeetingPages
from .pages_mentor import MentorPages
from .pages_notices import NoticePages
from .pages_operator import OperatorPages
from .pages_profile import ProfilePages
from .pages_reviews import ReviewPages
from .pages_seeker import SeekerPages
from .pages_sponsor import SponsorPages


class WebPages(AccountPages, DonorPages, SeekerPages, MentorPages, SponsorPages, OperatorPages,
               ReviewPages, MeetingPages, ProfilePages, NoticePages, ErrorPages):
    """Every page of the site, as one mixin of the gateway."""
