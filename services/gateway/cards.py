"""A person's card in the reader's words: occupations and languages named in the page's language.

Profiles and matching label a card's occupations in one language (the viewer's profile language,
or French); the reader of a page may have switched to the other. The card carries the ROME codes
and the language codes, so the gateway names them for whoever reads it.
"""
from shared import formatting
from shared.reference import occupations

_OCCUPATIONS = ("occupation", "target_occupation")


def in_reader_words(card, locale):
    """A copy of `card` with its occupations labelled in `locale`, and `language_names`: its
    languages named in `locale` ("anglais", "English"). A card without codes keeps its labels."""
    if not card:
        return card
    shown = dict(card)
    for field in _OCCUPATIONS:
        code = card.get(f"{field}_code")
        if code:
            shown[field] = occupations.label(code, locale) or card.get(field)
    shown["language_names"] = [formatting.language_name(code, locale)
                               for code in card.get("languages") or ()]
    return shown
