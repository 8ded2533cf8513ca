"""Why two people were paired, in the words of the person reading it (French or English).

Matching decides *why* (a reason is a code and its parameters: {"code": "shared_skills",
"params": {"count": 2, "skills": ["excel", "python"]}}); this module only says it. Reasons travel
and are stored as data, so that each reader gets them in their own language, and a reason worded
today reads the same when the wording improves tomorrow. Occupations travel as ROME codes and are
named here in the reader's language. Pure code: no framework, no I/O.
"""
from shared.reference import occupations

LOCALES = ("fr", "en")
DEFAULT_LOCALE = "fr"

# Languages people list in their profile, as codes; a code missing here is shown as it is.
LANGUAGE_NAMES = {
    "en": {"fr": "French", "en": "English", "es": "Spanish", "de": "German", "it": "Italian",
           "pt": "Portuguese", "ar": "Arabic", "zh": "Chinese", "ru": "Russian", "tr": "Turkish",
           "pl": "Polish", "ro": "Romanian", "uk": "Ukrainian", "nl": "Dutch"},
    "fr": {"fr": "français", "en": "anglais", "es": "espagnol", "de": "allemand", "it": "italien",
           "pt": "portugais", "ar": "arabe", "zh": "chinois", "ru": "russe", "tr": "turc",
           "pl": "polonais", "ro": "roumain", "uk": "ukrainien", "nl": "néerlandais"},
}


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


# --- how each code reads ---------------------------------------------------------------------

def _occupation(code, language):
    # French labels name a field ("Études et développement informatique"), not a person: quoted,
    # they read naturally after "dans" and stay gender-neutral.
    name = occupations.label(code, language) or code
    return f"« {name} »" if language == "fr" else name


def _plural(count, singular, plural):
    return singular if count < 2 else plural


def _number(value, language):
    text = f"{value:.1f}"
    return text.replace(".", ",") if language == "fr" else text


def _languages(codes, language):
    names = LANGUAGE_NAMES[language]
    return ", ".join(names.get(code, code) for code in codes)


def _nearby(language, km):
    return f"à {_number(km, language)} km de distance" if language == "fr" \
        else f"{_number(km, language)} km apart"


def _same_path(language, from_occupation, to_occupation):
    start, end = _occupation(from_occupation, language), _occupation(to_occupation, language)
    return f"vous avez tous deux quitté {start} pour {end}" if language == "fr" \
        else f"you both moved from {start} to {end}"


def _close_path(language, from_occupation, to_occupation):
    start, end = _occupation(from_occupation, language), _occupation(to_occupation, language)
    return f"a quitté {start} pour {end}, un parcours proche du vôtre" if language == "fr" \
        else f"moved from {start} to {end}, close to the move you are making"


def _works_in_target(language, occupation):
    name = _occupation(occupation, language)
    return f"travaille dans {name}, le métier que vous visez" if language == "fr" \
        else f"works in {name}, the job you are aiming for"


def _works_next_to_target(language, occupation):
    name = _occupation(occupation, language)
    return f"travaille dans {name}, un métier voisin de celui que vous visez" if language == "fr" \
        else f"works in {name}, next to the job you are aiming for"


def _same_starting_point(language, occupation):
    name = _occupation(occupation, language)
    return f"a aussi travaillé dans {name}" if language == "fr" else f"also worked in {name}"


def _shared_skills(language, count, skills):
    listed = ", ".join(skills)
    if language == "fr":
        return f"{count} {_plural(count, 'compétence', 'compétences')} en commun : {listed}"
    return f"{count} shared {_plural(count, 'skill', 'skills')}: {listed}"


def _waiting(language, days):
    if language == "fr":
        return f"vous attendez depuis {days} {_plural(days, 'jour', 'jours')}"
    return f"you have been waiting {days} {_plural(days, 'day', 'days')}"


def _looking(language, days):
    # Said to a sponsor about the job seeker on the card.
    if language == "fr":
        return f"cherche depuis {days} {_plural(days, 'jour', 'jours')}"
    return f"has been looking for {days} {_plural(days, 'day', 'days')}"


def _free_together(language):
    return "vous avez des créneaux libres en commun chaque semaine" if language == "fr" \
        else "you are free at the same times each week"


def _paired_before(language):
    return "vous avez déjà formé un binôme" if language == "fr" else "you were paired before"


def _languages_shared(language, languages):
    spoken = _languages(languages, language)
    return f"vous parlez tous deux {spoken}" if language == "fr" else f"you both speak {spoken}"


def _wanted_occupation(language, occupation):
    name = _occupation(occupation, language)
    return f"vise {name}, un domaine où vous avez dit pouvoir aider" if language == "fr" \
        else f"aims for {name}, which you said you can help with"


def _close_to_wanted(language, occupation):
    name = _occupation(occupation, language)
    return f"vise {name}, proche de votre domaine" if language == "fr" \
        else f"aims for {name}, close to your field"


def _liked(language, mutual):
    # Who said yes is not told: the reason is read by both, and a one-sided "yes" is not news
    # the other side should get from an explanation.
    if mutual:
        return "vous vous êtes dit oui mutuellement" if language == "fr" \
            else "you both said yes to each other"
    return "un « oui » a déjà été donné entre vous" if language == "fr" \
        else "one of you already said yes to the other"


# --- a donor's track record (services/matching/track_record.py) --------------------------------

def _on_time(language, given, count):
    return f"aide rendue dans les délais : {given} sur {count}" if language == "fr" \
        else f"help given on time: {given} of {count}"


def _often_late(language, missed, count):
    return f"en retard ou sans nouvelles : {missed} sur {count}" if language == "fr" \
        else f"late or without news: {missed} of {count}"


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
