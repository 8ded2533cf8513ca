"""Why two people were paired, in the words of the person reading it (French or English).

Matching decides *why* (a reason is a code and its parameters: {"code": "shared_skills",
"params": {"count": 2, "skills": ["excel", "python"]}}); this module only says it. Reasons travel
and are stored as data, so that each reader gets them in their own language, and a reason worded
today reads the same when the wording improves tomorrow. Occupations travel as ROME codes and are
named here in the reader's language. The sentences are the shared gettext catalogue's
(shared/wording.py: plurals from CLDR, numbers and lists through Babel). Pure code: no framework;
the catalogue is read once per process.
"""
from shared import formatting
from shared.reference import occupations
from shared.wording import say, say_plural

LOCALES = ("fr", "en")
DEFAULT_LOCALE = "fr"


def reason(code, **params):
    """One reason, as matching records and sends it."""
    if code not in _PHRASES:
        raise ValueError(f"unknown reason code {code!r}")
    return {"code": code, "params": params}


def words(reasons, locale):
    """Each reason in the reader's words, in the same order."""
    return [word(one, locale) for one in reasons]


def word(one, locale):
    """One reason in the reader's words. A plain string (a reason stored before reasons were
    data) is shown as it is, and an unknown code as its name, rather than failing a message."""
    if isinstance(one, str):
        return one
    phrase = _PHRASES.get(one.get("code"))
    if phrase is None:
        return str(one.get("code"))
    language = locale if locale in LOCALES else DEFAULT_LOCALE
    return phrase(language, **(one.get("params") or {}))


# --- how each code reads: the sentences are the shared catalogue's (shared/wording.py) --------

def _occupation(code, language):
    # French labels name a field ("Études et développement informatique"), not a person: the
    # French entry quotes them, so that they read naturally after "dans" and stay gender-neutral.
    return say(language, "reason.occupation", name=occupations.label(code, language) or code)


def _nearby(language, km):
    return say(language, "reason.nearby", km=float(km))


def _same_path(language, from_occupation, to_occupation):
    return say(language, "reason.same_path", start=_occupation(from_occupation, language),
               end=_occupation(to_occupation, language))


def _close_path(language, from_occupation, to_occupation):
    return say(language, "reason.close_path", start=_occupation(from_occupation, language),
               end=_occupation(to_occupation, language))


def _works_in_target(language, occupation):
    return say(language, "reason.works_in_target", name=_occupation(occupation, language))


def _works_next_to_target(language, occupation):
    return say(language, "reason.works_next_to_target", name=_occupation(occupation, language))


def _same_starting_point(language, occupation):
    return say(language, "reason.same_starting_point", name=_occupation(occupation, language))


def _shared_skills(language, count, skills):
    return say_plural(language, "reason.shared_skills", count,
                      skills=formatting.listing(skills, language))


def _waiting(language, days):
    return say_plural(language, "reason.waiting", days)


def _looking(language, days):
    # Said to a sponsor about the job seeker on the card.
    return say_plural(language, "reason.looking", days)


def _free_together(language):
    return say(language, "reason.free_together")


def _paired_before(language):
    return say(language, "reason.paired_before")


def _languages_shared(language, languages):
    names = [formatting.language_name(code, language) for code in languages]
    return say(language, "reason.languages", languages=formatting.listing(names, language))


def _wanted_occupation(language, occupation):
    return say(language, "reason.wanted_occupation", name=_occupation(occupation, language))


def _close_to_wanted(language, occupation):
    return say(language, "reason.close_to_wanted", name=_occupation(occupation, language))


def _liked(language, mutual):
    # Who said yes is not told: the reason is read by both, and a one-sided "yes" is not news
    # the other side should get from an explanation.
    if mutual:
        return say(language, "reason.liked.mutual")
    return say(language, "reason.liked.one_side")


# --- a donor's track record (services/matching/track_record.py) --------------------------------

def _on_time(language, given, count):
    return say(language, "reason.on_time", given=given, count=count)


def _often_late(language, missed, count):
    return say(language, "reason.often_late", missed=missed, count=count)


_PHRASES = {
    "nearby": _nearby,
    "same_path": _same_path,
    "close_path": _close_path,
    "works_in_target": _works_in_target,
    "works_next_to_target": _works_next_to_target,
    "same_starting_point": _same_starting_point,
    "shared_skills": _shared_skills,
    "waiting": _waiting,
    "looking": _looking,
    "free_together": _free_together,
    "paired_before": _paired_before,
    "languages": _languages_shared,
    "wanted_occupation": _wanted_occupation,
    "close_to_wanted": _close_to_wanted,
    "liked": _liked,
    "on_time": _on_time,
    "often_late": _often_late,
}
CODES = tuple(_PHRASES)
