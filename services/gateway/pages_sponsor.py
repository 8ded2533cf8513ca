"""The sponsor's pages: the swipe deck, and the people they sponsor once the yes was mutual.

The deck's first cards come with the page, so the first card shows at once; the deck's script
(static/deck.js) swipes and fetches the next cards through the JSON API.
"""
import json

from markupsafe import Markup

from shared.contracts import rpc

from . import when_view
from .cards import in_reader_words
from .pages_base import page
from .pages_matches import MatchPages

FIRST_CARDS = 20
# What the deck's script says, in the page's language.
DECK_WORDS = ("deck.like", "deck.pass", "deck.why", "deck.empty", "deck.mutual", "deck.error",
              "deck.rate_limited", "deck.target", "deck.skills", "deck.speaks", "deck.lives",
              "deck.sponsored_link", "deck.liked", "deck.passed")


# Inside a <script> element the HTML tokenizer looks for "</script" and for "<!--", which changes
# how it finds the end: one seeker's own words `<!--<script>` would swallow the rest of the page.
# JSON may write any character as \uXXXX, so none of <, > and & is left for it to see (U+2028 and
# U+2029 too, which older JavaScript reads as line ends).
_SCRIPT_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026",
                              "\u2028": "\\u2028", "\u2029": "\\u2029"})


def _script_json(value):
    """`value` as JSON to put inside <script type="application/json">, read by the page's script."""
    return Markup(json.dumps(value, default=str).translate(_SCRIPT_SAFE))


class SponsorPages(MatchPages):

    @page("GET", "/sponsor")
    def page_sponsor(self, ctx):
        feed = ctx.call(rpc.matching.feed, sponsor_id=ctx.person_id, page=0, page_size=FIRST_CARDS)
        feed = {**feed, "cards": [in_reader_words(card, ctx.locale) for card in feed["cards"]]}
        return "sponsor.html", {
            "first_cards": _script_json(feed),
            "words": _script_json({key: ctx.t(key) for key in DECK_WORDS}),
            "first": (feed.get("cards") or [None])[0],
            "outlook": when_view.outlook(ctx) if not feed.get("cards") else None}

    @page("GET", "/sponsor/sponsored")
    def page_sponsored(self, ctx):
        sponsorships = ctx.call(rpc.matching.sponsorships_of, person_id=ctx.person_id)
        people = []
        for sponsorship in sponsorships:
            mine = str(sponsorship["sponsor_id"]) == ctx.person_id
            other = sponsorship["seeker_id"] if mine else sponsorship["sponsor_id"]
            people.append({**sponsorship, "view": self.card_of(ctx, other)})
        return "sponsored.html", {"people": people}
