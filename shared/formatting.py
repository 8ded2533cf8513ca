"""Dates, times, numbers, lists and language names as a reader of each locale writes them.

Everything here is Babel over CLDR, so that no page or email carries its own date pattern, decimal
mark or "and": "mardi 8 décembre, 17:30 – 18:00 (heure : Paris)", "4,5", "Anne, Bruno et Chloé".
Instants are shown on the reader's clock (their profile's IANA zone), with the zone named, because
a donor in Guadeloupe and a seeker in Lyon read the same meeting.

English is formatted as British English (en_GB): Binôme's readers live in France, where times are
written on 24 hours and the day comes before the month.
"""
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel import Locale
from babel.dates import format_date, format_interval, format_time, format_timedelta
from babel.dates import get_timezone_location
from babel.lists import format_list
from babel.numbers import format_decimal

DEFAULT_ZONE = "Europe/Paris"
_CLDR_LOCALES = {"fr": "fr_FR", "en": "en_GB"}


def cldr_locale(locale):
    """The CLDR locale whose conventions a Binôme language follows ("en" -> en_GB)."""
    return _CLDR_LOCALES.get(locale, locale or "fr_FR")


def zone_of(name):
    """An IANA zone by name, Paris for an unknown or missing one (a profile from before zones)."""
    try:
        return ZoneInfo(name or DEFAULT_ZONE)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(DEFAULT_ZONE)


def instant_of(value):
    """A timezone-aware datetime from an ISO string or a datetime (naive ones are UTC, as stored)."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value


def zone_label(zone, locale):
    """The zone as CLDR names it by its city: "heure : Paris", "Paris Time"."""
    zone = zone_of(zone) if not isinstance(zone, ZoneInfo) else zone
    loc = Locale.parse(cldr_locale(locale))
    city = get_timezone_location(zone, loc, return_city=True)
    return loc.zone_formats["region"] % city


def day(value, locale, zone=DEFAULT_ZONE, today=None):
    """A day with its weekday: "mardi 8 décembre" (the year only when it is not this year's)."""
    if isinstance(value, datetime) or isinstance(value, str):
        value = instant_of(value).astimezone(zone_of(zone)).date()
    this_year = (today or date.today()).year
    pattern = "EEEE d MMMM" if value.year == this_year else "EEEE d MMMM y"
    return format_date(value, pattern, locale=cldr_locale(locale))


def time_of_day(value, locale, zone=DEFAULT_ZONE):
    """A time on the reader's clock: "17:30"."""
    local = instant_of(value).astimezone(zone_of(zone))
    return format_time(local, "short", locale=cldr_locale(locale))


def when(value, locale, zone=DEFAULT_ZONE, with_zone=True, today=None):
    """One instant: "mardi 8 décembre, 17:30 (heure : Paris)"."""
    if not value:
        return ""
    text = f"{day(value, locale, zone, today)}, {time_of_day(value, locale, zone)}"
    return f"{text} ({zone_label(zone, locale)})" if with_zone else text


def span(start, end, locale, zone=DEFAULT_ZONE, with_zone=True, today=None):
    """A meeting or a slot: "mardi 8 décembre, 17:30 – 18:00 (heure : Paris)"; a span over two days
    names both."""
    zone_info = zone_of(zone)
    start, end = (instant_of(start).astimezone(zone_info), instant_of(end).astimezone(zone_info))
    if start.date() != end.date():
        text = f"{when(start, locale, zone, False, today)} – {when(end, locale, zone, False, today)}"
    else:
        hours = format_interval(start, end, "Hm", locale=cldr_locale(locale))
        text = f"{day(start, locale, zone, today)}, {hours}"
    return f"{text} ({zone_label(zone_info, locale)})" if with_zone else text


def relative(value, locale, now=None):
    """How far an instant is from now, as a person says it: "dans 5 heures", "il y a 2 jours"."""
    now = now or datetime.now(timezone.utc)
    delta = instant_of(value) - now
    return format_timedelta(delta, add_direction=True, threshold=1.1,
                            locale=cldr_locale(locale))


def number(value, locale, decimals=1):
    """A number with the locale's decimal mark: 4,5 in French, 4.5 in English."""
    pattern = "#,##0" + ("." + "#" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=cldr_locale(locale))


def listing(items, locale, style="standard"):
    """Items joined as the locale does: "a, b et c", "a, b and c" ("or" lists: style="or")."""
    items = [str(item) for item in items]
    return format_list(items, style=style, locale=cldr_locale(locale)) if items else ""


def language_name(code, locale):
    """A language's name in the reader's language: "fr" -> "français" / "French"."""
    names = Locale.parse(cldr_locale(locale)).languages
    name = names.get(code) or names.get(code.split("-")[0]) if code else None
    return name or code or ""


def duration(minutes, locale):
    """A length of time: "30 minutes", "1 heure"."""
    return format_timedelta(timedelta(minutes=minutes), threshold=1.5,
                            locale=cldr_locale(locale))
