"""What the profile page's forms (and the sign-up form) post, read into update_profile's arguments,
and every refusal of a form gathered into one answer. Pure code: no RPC, no rendering.

A form answers in one go: the numbers the page itself reads (a year, a capacity) and the
contract's own checks (names, phone, occupations and places against the reference data) are
refused together, each naming its field, before anything is sent to profiles.
"""
from marshmallow import ValidationError

from shared.contracts.kinds import AVAILABILITY_PRESETS, WEEKDAYS
from shared.errors import InvalidInput

# Languages offered as boxes to tick: the two of the site, then those most spoken in France after
# them. A language a person already has stays offered, whatever it is.
LANGUAGES = ("fr", "en", "ar", "es", "de", "it", "pt", "ro", "pl", "tr", "zh", "ru", "uk", "wo")
# Time zones of France, mainland and overseas (a profile's zone is any IANA one; these are offered).
TIME_ZONES = ("Europe/Paris", "America/Guadeloupe", "America/Martinique", "America/Cayenne",
              "Indian/Reunion", "Indian/Mayotte", "America/Miquelon", "Pacific/Noumea",
              "Pacific/Tahiti", "Pacific/Wallis")
# The contract's limits, as the inputs' maxlength (shared/contracts/fields.py, events.py).
MAX_LENGTH = {"first_name": 50, "last_name": 50, "email": 254, "phone": 20, "location": 100,
              "occupation": 100, "own_words": 500, "skill": 40}
MAX_SKILLS = 30
# A list typed in one input ("python, excel"): room for every item and its separator.
SKILLS_MAX_LENGTH = MAX_SKILLS * (MAX_LENGTH["skill"] + 2)
NO_LANGUAGE = "no_language"     # the page's own refusal, worded by the page (profile.no_language)


def listed(text, separator=","):
    """"python, excel," -> ["python", "excel"]."""
    return [part.strip() for part in (text or "").split(separator) if part.strip()]


def whole(form, name, refused):
    """A whole number typed in a form, None when empty; a refusal naming the field otherwise."""
    value = (form.get(name) or "").strip()
    if not value:
        return None
    try:
        return int(value)
    except ValueError:
        refused[name] = ["Expected a whole number."]
        return None


def refuse_together(contract, arguments, refused):
    """Raise one InvalidInput with the page's own refusals and every one the contract finds in the
    rest, so that nothing is sent while anything is wrong; return quietly when all is well."""
    try:
        contract.args().load(arguments, partial=contract.partial)
        found = {}
    except ValidationError as error:
        found = error.messages
    if not refused and not found:
        return
    merged = _nested(found)
    merged.update(refused)     # the page's reading of a field comes first: it is what was typed
    raise InvalidInput(merged)


def _nested(messages):
    """{"mentor": {"moved_in": [...]}} -> {"mentor.moved_in": [...]}, as the forms name fields."""
    flat = {}
    for name, value in messages.items():
        if isinstance(value, dict) and not all(isinstance(k, int) for k in value):
            flat.update({f"{name}.{k}": v for k, v in _nested(value).items()})
        else:
            flat[name] = value
    return flat


def profile_changes(form, roles, shown=None):
    """(changes for update_profile, the page's own refusals) from the profile form.

    Every field of the person's roles is sent (the contract checks them all at once), except the
    place when it was left as shown: the page shows a place by its postal code or its name, and
    re-reading it could only move the person to another commune of that name. `shown` maps an
    occupation as the page showed it (its label in the reader's language) to the stored code, so
    that a label left as it was keeps its code.
    """
    shown = shown or {}

    def occupation(name):
        text = (form.get(name) or "").strip()
        return shown.get(text, text) or None

    refused = {}
    changes = {name: (form.get(name) or "").strip() for name in ("first_name", "last_name")}
    changes["phone"] = (form.get("phone") or "").strip() or None
    changes["own_words"] = (form.get("own_words") or "").strip()
    changes["languages"] = [code for code in form.getlist("languages") if code]
    if not changes["languages"]:
        refused["languages"] = [NO_LANGUAGE]
        del changes["languages"]
    if form.get("timezone"):
        changes["timezone"] = form.get("timezone")
    location = (form.get("location_choice") or form.get("location") or "").strip()
    if location != (form.get("location_was") or "").strip():
        changes["location"] = location or None
    seeker = {"job_seeker", "reconverting_worker"} & set(roles)
    changes["occupation"] = occupation("occupation")
    if seeker:
        changes["target_occupation"] = occupation("target_occupation")
    if seeker or "time_donor" in roles:
        changes["skills"] = listed(form.get("skills"))
    if "job_seeker" in roles:
        changes["accepts_sponsors"] = bool(form.get("accepts_sponsors"))
    if "mentor" in roles:
        mentor = {"from_occupation": occupation("mentor.from_occupation"),
                  "to_occupation": occupation("mentor.to_occupation"),
                  "moved_in": whole(form, "mentor.moved_in", refused),
                  "max_mentees": whole(form, "mentor.max_mentees", refused)}
        changes["mentor"] = {k: v for k, v in mentor.items() if v not in (None, "")}
    if "sponsor" in roles:
        sponsor = {"capacity": whole(form, "sponsor.capacity", refused),
                   "radius_km": whole(form, "sponsor.radius_km", refused),
                   "occupations": [shown.get(text, text) for text in
                                   listed(form.get("sponsor.occupations"), "\n")]}
        changes["sponsor"] = {k: v for k, v in sponsor.items() if v is not None}
    return changes, refused


# --- availability: weekday periods --------------------------------------------------------------
# The presets' windows, as periods of a weekday a person ticks: before work, lunchtime, after work
# (AVAILABILITY_PRESETS["lunch_and_coffee"] holds all three, in the order of the day).
PERIODS = tuple(AVAILABILITY_PRESETS["lunch_and_coffee"]["mon"])
PERIOD_NAMES = ("morning", "lunch", "evening")
DAYS = WEEKDAYS[:5]          # meetings are never proposed at the weekend


def _minutes(hhmm):
    hours, minutes = hhmm.split(":")
    return int(hours) * 60 + int(minutes)


def _overlaps(window, period):
    return (_minutes(window["start"]) < _minutes(period["end"])
            and _minutes(period["start"]) < _minutes(window["end"]))


def ticked_periods(availability):
    """{(day, period name)} where the person has any free time within the period."""
    return {(day, name) for day in DAYS for name, period in zip(PERIOD_NAMES, PERIODS)
            if any(_overlaps(w, period) for w in (availability or {}).get(day, []))}


def saved_periods(availability, cells):
    """The availability with the ticked periods added and the others taken out. A period already
    partly free stays as it was (half an hour at noon stays half an hour); windows outside the
    periods (the mentor's 11:30, a weekend) are kept as they are."""
    result = {}
    for day in WEEKDAYS:
        windows = [dict(w) for w in (availability or {}).get(day, [])]
        if day in DAYS:
            for name, period in zip(PERIOD_NAMES, PERIODS):
                if (day, name) in cells:
                    if not any(_overlaps(w, period) for w in windows):
                        windows.append(dict(period))
                else:
                    windows = [part for w in windows for part in _without(w, period)]
        if windows:
            result[day] = sorted(windows, key=lambda w: w["start"])
    return result


def _without(window, period):
    """The window less the period: nothing, itself, or the parts before and after."""
    if not _overlaps(window, period):
        return [window]
    parts = []
    if _minutes(window["start"]) < _minutes(period["start"]):
        parts.append({"start": window["start"], "end": period["start"]})
    if _minutes(period["end"]) < _minutes(window["end"]):
        parts.append({"start": period["end"], "end": window["end"]})
    return parts


def cells_posted(form):
    """{(day, period)} from the boxes ticked ("mon-lunch"); anything else is ignored."""
    cells = set()
    for value in form.getlist("period"):
        day, _, name = value.partition("-")
        if day in DAYS and name in PERIOD_NAMES:
            cells.add((day, name))
    return cells


def period_hours(name):
    period = PERIODS[PERIOD_NAMES.index(name)]
    return period["start"], period["end"]



# --- what keeps a person from being matched, for their pages ------------------------------------
# Roles whose help ends in a meeting (coffee, mock interview, lunch), so that matching needs a
# window they share with the other person: sponsors meet on their own terms.
MEETING_ROLES = ("job_seeker", "reconverting_worker", "mentor", "time_donor")
NO_AVAILABILITY, FEW_SPEAK_IT = "no_availability", "few_speak_it"
# Binôme's people live in France: a person who ticked no French can only be matched with the few
# who speak their languages (a mentor who signed up on the English page, with only English).
SHARED_LANGUAGE = "fr"


def gaps(profile):
    """What the person should add before they can be matched, as keys the pages word."""
    found = []
    if not profile:
        return found
    if set(profile.get("roles") or ()) & set(MEETING_ROLES) and not profile.get("availability"):
        found.append(NO_AVAILABILITY)
    if SHARED_LANGUAGE not in (profile.get("languages") or ()):
        found.append(FEW_SPEAK_IT)
    return found
