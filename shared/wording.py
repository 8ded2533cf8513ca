"""Sentences and names that more than one service says, from the shared gettext catalogue.

shared/locale/{fr,en}/LC_MESSAGES/shared.po holds them by symbolic key: the reasons two people
were paired (shared/explanations.py) and the names of the kinds of help, which pages and emails
both show. `make catalogues` extracts them from shared/ (say, say_plural, N_); the unit test
tests/unit/test_catalogues.py fails on one missing, empty, fuzzy or unused.
"""
from pathlib import Path

from shared import catalogues, formatting
from shared.contracts.kinds import LOCALES

DIRECTORY = str(Path(__file__).parent / "locale")
DOMAIN = "shared"
DEFAULT_LOCALE = "fr"


def translations(locale):
    return catalogues.translations(DIRECTORY, locale if locale in LOCALES else DEFAULT_LOCALE,
                                   DOMAIN)


def _values(locale, params):
    # A decimal reads with the locale's mark ("2,1 km" in French).
    return {name: formatting.number(value, locale) if isinstance(value, float) else value
            for name, value in params.items()}


def say(locale, key, **params):
    """The sentence `key` in `locale` (French for an unknown one), its values filled in."""
    text = translations(locale).gettext(key)
    return text.format(**_values(locale, params)) if params else text


def say_plural(locale, key, count, **params):
    """The plural entry `key` in the form CLDR gives `count` in `locale`."""
    language = locale if locale in LOCALES else DEFAULT_LOCALE
    text = translations(language).ngettext(key, key, count)
    params.setdefault("count", formatting.number(count, language, decimals=0))
    return text.format(**_values(language, params))


def N_(key):
    """Marks a key for pybabel where the code names it before saying it."""
    return key


# The kinds of help, named once for every page and email: as a label ("Relecture de CV", a
# heading, a list) and inside a sentence ("une relecture de CV", "a CV review").
_KIND_LABELS = {
    "cv_review": N_("kind.cv_review"), "cover_letter_review": N_("kind.cover_letter_review"),
    "coffee": N_("kind.coffee"), "mock_interview": N_("kind.mock_interview"),
    "network_intro": N_("kind.network_intro"), "lunch_mentoring": N_("kind.lunch_mentoring"),
    "sponsorship": N_("kind.sponsorship")}
_KIND_IN_SENTENCE = {
    "cv_review": N_("kind.cv_review.in_sentence"),
    "cover_letter_review": N_("kind.cover_letter_review.in_sentence"),
    "coffee": N_("kind.coffee.in_sentence"), "mock_interview": N_("kind.mock_interview.in_sentence"),
    "network_intro": N_("kind.network_intro.in_sentence"),
    "lunch_mentoring": N_("kind.lunch_mentoring.in_sentence"),
    "sponsorship": N_("kind.sponsorship.in_sentence")}


def kind_name(kind, locale, in_sentence=False):
    """A kind of help's name in the reader's language; an unknown kind as its code."""
    key = (_KIND_IN_SENTENCE if in_sentence else _KIND_LABELS).get(kind)
    return say(locale, key) if key else kind
