"""The catalogue keys that pybabel cannot read in the code, and the extractors that give them to it.

Pages build some keys at run time ("kind." ~ match.kind, a redirect's `?done=pledged`, an error
page's "error.not_found"): a template's t("kind." ~ kind) holds no literal key to extract. This
module lists those keys, from the contracts' vocabularies where the vocabulary lives there, and
babel.cfg extracts them through `extract_built_keys`, so that `pybabel update` keeps their entries
and the catalogue test (tests/unit/test_catalogues.py) knows them as used.

`extract_pages` reads a page module as pybabel's Python extractor does (t, tn) and adds the keys
its redirects and errors name: "done." + each `done=word`, and each literal "error.word".
"""
import re

from babel.messages.extract import extract_python

from shared.contracts.field_messages import TEMPLATES as FIELD_MESSAGES
from shared.contracts.kinds import (AVAILABILITY_PRESETS, LOCALES, MEETING_OUTCOMES,
                                    REQUEST_KINDS, REVIEW_KINDS, ROLES, SITUATIONS, WEEKDAYS)
from shared.contracts.rpc import NOTIFICATION_CATEGORIES, NOTIFICATION_MODES

from . import profile_form
from .pages_notices import LEGAL_FIELDS, PRIVACY_COLLECTED, PRIVACY_WHO_SEES

# Vocabularies the services own but do not publish as a contract: the values their answers carry.
_STATUSES = ("open", "matched", "fulfilled", "withdrawn", "expired", "proposed", "accepted",
             "declined", "cancelled", "active", "closed", "ended", "erased", "reassigned")
_UNIT_STATES = ("offered", "in_progress", "given", "paused", "released", "withdrawn", "expired")
_MEETING_STATUSES = ("proposed", "awaiting_slots", "confirmed", "held", "cancelled",
                     "no_common_time")
_REVIEW_STATES = ("waiting", "returned", "rated")
_TALK_CLOSED = ("blocked", "ended", "reassigned")
_SURVEY_CLOSED = ("answered", "expired", "not_asked", "unknown")
_AFFINITY_TERMS = ("base", "nearby", "same_path", "close_path", "works_in_target",
                   "works_next_to_target", "same_starting_point", "shared_skills", "waiting",
                   "looking", "free_together", "paired_before", "languages", "wanted_occupation",
                   "close_to_wanted", "liked", "track_record")
# The meeting pages (pages_meetings.py): each change's confirmation page and its notice.
_MEETING_CHANGES = ("reschedule", "cancel", "call_off")
_MEETING_DONE = ("reschedule_asked", "meeting_cancelled", "called_off", "blocked", "reported")
# What matching's outlook answers (when_view.py): the rules that leave people out, the changes
# that would reach more, and the counts that read otherwise at zero ("Nobody offers…").
_REACH_EXCLUDED = ("language", "time", "distance.seeker", "distance.unplaced", "distance.other",
                   "answered.seeker", "answered.donor", "answered.sponsor")
_REACH_WIDEN = ("language", "location", "availability", "remote", "radius")
_REACH_NONE = ("offers", "requests", "seekers", "fit")
# The sponsor's deck script gets these words as JSON (pages_sponsor.DECK_WORDS).
_DECK = ("like", "pass", "why", "empty", "mutual", "error", "rate_limited", "target", "skills",
         "speaks", "lives", "sponsored_link", "liked", "passed")


def built_keys():
    """Every key a page builds from a value rather than writes out."""
    keys = [f"role.{r}" for r in ROLES] + [f"role.{r}.pitch" for r in ROLES]
    keys += [f"field.occupation.{r}" for r in ("mentor", "sponsor", "time_donor")]
    keys += ["field.location.which", "field.location.did_you_mean"]
    keys += [f"status.{s}" for s in _STATUSES] + [f"unit.{s}" for s in _UNIT_STATES]
    keys += [f"meeting.status.{s}" for s in _MEETING_STATUSES]
    keys += [f"review.state.{s}.{side}" for s in _REVIEW_STATES for side in ("seeker", "donor")]
    keys += [f"review.title.{k}" for k in REVIEW_KINDS] + [f"doc.read.{k}" for k in REVIEW_KINDS]
    keys += [f"delivery.reassigned.{side}" for side in ("seeker", "donor")]
    keys += [f"talk.closed.{r}" for r in _TALK_CLOSED]
    keys += [f"outcome.situation.{s}" for s in SITUATIONS]
    keys += [f"outcome.helped.{v}" for v in ("yes", "no")]
    keys += [f"outcome.closed.{r}" for r in _SURVEY_CLOSED]
    keys += [f"category.{c}" for c in NOTIFICATION_CATEGORIES[1:]]   # sign-in mails are always sent
    keys += [f"mode.{m}" for m in NOTIFICATION_MODES]
    keys += [f"preset.{p}" for p in AVAILABILITY_PRESETS]
    keys += [f"language.{code}" for code in LOCALES]
    keys += [f"day.{d}" for d in WEEKDAYS]
    keys += [f"term.{term}" for term in _AFFINITY_TERMS]
    keys += [f"deck.{word}" for word in _DECK]
    keys += [f"meetings.{c}.{part}" for c in _MEETING_CHANGES
             for part in ("title", "explain", "confirm")]
    keys += ["meetings.block.title", "meetings.report.title"]
    keys += [f"meetings.{what}.{o}" for what in ("outcome", "answered") for o in MEETING_OUTCOMES]
    keys += [f"done.{d}" for d in _MEETING_DONE] + [f"done.outcome_{o}" for o in MEETING_OUTCOMES]
    keys += [f"when.reach.{c}_none" for c in _REACH_NONE]
    # The profile page (profile_form.py): what keeps a person from being matched, the day's periods.
    keys += [f"profile.gap.{gap}{end}" for gap in (profile_form.NO_AVAILABILITY,
                                                    profile_form.FEW_SPEAK_IT)
             for end in ("", ".link")]
    keys += [f"profile.period.{name}" for name in profile_form.PERIOD_NAMES]
    # The notices (pages_notices.py), the landing's four steps a side (_how_it_works.html), and
    # the headings error.html picks by message.
    keys += [f"privacy.collect.{item}" for item in PRIVACY_COLLECTED]
    keys += [f"privacy.who.{item}" for item in PRIVACY_WHO_SEES]
    keys += [f"legal.{field}" for field, _ in LEGAL_FIELDS]
    keys += [f"how.{side}.{step}" for side in ("give", "ask") for step in range(1, 5)]
    keys += ["error.title_not_found", "error.title_wrong_method", "error.title_unexpected"]
    keys += ["done.accepted", "done.declined"]                          # done={decision}ed
    keys += ["done.sponsorship_started", "done.sponsor_liked"]          # a swipe, mutual or not
    # A refused field's message, read back to its template (web_i18n.field_message).
    keys += [f"field_error.{message_id}" for message_id in FIELD_MESSAGES]
    return keys


def shared_keys():
    """Keys pages build that the shared catalogue holds (shared/wording.py): the kinds of help,
    named once for pages and emails. pybabel leaves them out of the pages' catalogue."""
    return [f"kind.{k}" for k in REQUEST_KINDS]


def built_plural_keys():
    """Every plural key (tn) a page builds from a value: counted sentences of the outlook."""
    return ([f"when.reach.{side}" for side in ("offers", "requests", "seekers")] +
            [f"when.excluded.{r}" for r in _REACH_EXCLUDED] +
            [f"when.widen.{c}" for c in _REACH_WIDEN])


def extract_built_keys(fileobj, keywords, comment_tags, options):
    """A Babel extraction method (babel.cfg) yielding `built_keys()` and, as plural entries,
    `built_plural_keys()`."""
    for key in built_keys():
        yield 1, None, key, []
    for key in built_plural_keys():
        yield 1, "tn", (key, key), []


_DONE = re.compile(rb"done=([a-z_]+)")
_ERROR = re.compile(rb"""["'](error\.[a-z_]+)["']""")


def extract_pages(fileobj, keywords, comment_tags, options):
    """A page module as pybabel's Python extractor reads it, plus the keys its redirects
    (`?done=word`) and error pages ("error.word") name. A key built by `+` ("kind." + kind)
    starts with its prefix only: it is left to `built_keys`."""
    source = fileobj.read()
    fileobj.seek(0)
    for lineno, funcname, messages, comments in extract_python(fileobj, keywords, comment_tags,
                                                              options):
        first = messages[0] if isinstance(messages, (list, tuple)) else messages
        if first and not first.endswith("."):
            yield lineno, funcname, messages, comments
    for pattern, prefix in ((_DONE, "done."), (_ERROR, "")):
        for found in pattern.finditer(source):
            lineno = source.count(b"\n", 0, found.start()) + 1
            key = prefix + found.group(1).decode()
            if key != "error.html":
                yield lineno, None, key, []


# --- the catalogue update (`make catalogues`, services/gateway/locale/README.md) ---------------
GATEWAY = "services/gateway"
# t("key") and tn("key", count) in templates and code; _/gettext/ngettext through Jinja2's i18n
# extension. "tn:1,1": the key is both msgid and msgid_plural, so the entry is a plural one.
# when_view.py's wrappers are keywords too: _say("key", instant) is a t(), _counted("key", n) a tn().
KEYWORDS = ("t", "tn:1,1", "_", "gettext", "ngettext:1,2", "_say", "_counted:1,1")


# The shared catalogue (shared/wording.py): say(locale, "key"), say_plural(locale, "key", n), N_.
SHARED = "shared"
SHARED_KEYWORDS = ("say:2", "say_plural:2,2", "N_")


def update_commands(root="."):
    """pybabel's extract then update, for the pages' catalogue then the shared one, as argument
    lists (run from the repository's root)."""
    commands = []
    for folder, keywords, domain in ((GATEWAY, KEYWORDS, "messages"),
                                     (SHARED, SHARED_KEYWORDS, "shared")):
        source, locale = f"{root}/{folder}", f"{root}/{folder}/locale"
        arguments = [arg for keyword in keywords for arg in ("-k", keyword)]
        commands.append(["pybabel", "extract", "-F", f"{source}/babel.cfg",
                         "--no-default-keywords", *arguments, "--no-location", "--sort-output",
                         "--project", "Binôme", "-o", f"{locale}/{domain}.pot", source])
        # Fuzzy matching would fill a new key with a neighbour's sentence ("nav.donor" for
        # "nav.donors"): with symbolic keys a new entry starts empty, and the test asks for it.
        # The .po keeps its header's date: two branches that each ran the update then merge.
        commands.append(["pybabel", "update", "-D", domain, "-i", f"{locale}/{domain}.pot",
                         "-d", locale, "--no-fuzzy-matching", "--ignore-obsolete",
                         "--ignore-pot-creation-date"])
    return commands


def main():
    from babel.messages.frontend import CommandLineInterface
    for command in update_commands():
        CommandLineInterface().run(command)


if __name__ == "__main__":
    main()
