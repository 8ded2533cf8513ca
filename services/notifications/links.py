"""Where each message leads: the page of Binôme where its reader acts, as a full address.

Pages that need signing in are linked as they are: the gateway sends a signed-out reader to
`/sign-in?next=<the page>`, and the sign-in link it emails then leads back to that page. Only
links that work without signing in (a sign-in or confirmation link, the one-click answers three
months on) carry a token, and those never reach the inbox (domain.py).

The paths are the gateway's page routes (services/gateway/pages_*.py); a unit test renders every
template and checks that each link's path is one of them.
"""
from urllib.parse import quote, urlencode

DEFAULT_PUBLIC_URL = "http://127.0.0.1:8000"

HOME = "/home"            # the person's own page, by role
DONOR = "/donor"          # a donor's pledges: resume or release a paused unit
SEEKER = "/seeker"        # a seeker's requests and proposals
SPONSOR = "/sponsor"      # a sponsor's deck of cards
SPONSORED = "/sponsor/sponsored"  # the people a sponsor sponsors, with their contact
SPONSORS = "/sponsors"    # a seeker's sponsors, and those who would like to be
INBOX = "/inbox"
OUTCOMES = "/outcomes"    # the question three months on, for the person signed in


class Links:
    """Full addresses of Binôme's pages, from the PUBLIC_URL people reach it by."""

    def __init__(self, public_url=DEFAULT_PUBLIC_URL):
        self.base = (public_url or DEFAULT_PUBLIC_URL).rstrip("/")

    @classmethod
    def from_config(cls, config):
        return cls(config.get("PUBLIC_URL", DEFAULT_PUBLIC_URL))

    def page(self, path, **query):
        """`path` (one of the constants above, or a path built below) on this site."""
        query = {name: value for name, value in query.items() if value}
        return self.base + path + (f"?{urlencode(query)}" if query else "")

    def match(self, match_id):
        """A match's page: its proposal (accept, decline), meetings, conversation, review."""
        return self.page(f"/matches/{quote(str(match_id))}")

    def sign_in(self, link_token, next_page=None):
        """An emailed sign-in (or confirmation) link, back to `next_page` once signed in."""
        return self.page(f"/sign-in/{quote(link_token)}", next=next_page)

    def outcome(self, token):
        """The question three months on, answered without signing in."""
        return self.page(f"/outcomes/{quote(token)}")
