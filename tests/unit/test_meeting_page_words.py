"""The meeting pages build some of their sentences' keys (an action's title, an outcome's
answer, a notice after a change): each exists, in French and English."""
from shared.contracts.kinds import MEETING_OUTCOMES

from services.gateway import web_i18n
from services.gateway.pages_meetings import NOTICES


def test_every_key_the_meeting_pages_build_exists_in_both_languages():
    built = [f"meetings.{action}.{part}" for action in ("reschedule", "cancel", "call_off")
             for part in ("title", "explain", "confirm")]
    built += [f"meetings.{action}.title" for action in ("block", "report")]
    built += [f"meetings.{kind}.{outcome}" for kind in ("outcome", "answered")
              for outcome in MEETING_OUTCOMES]
    built += [f"done.{notice}" for notice in NOTICES]
    built += [f"done.outcome_{outcome}" for outcome in MEETING_OUTCOMES]
    missing = [key for key in built if not web_i18n.known(key)]
    assert missing == []


def test_the_explanations_name_the_other_person_in_both_languages():
    for key in ("meetings.reschedule.explain", "meetings.cancel.explain",
                "meetings.call_off.explain", "meetings.block.explain"):
        for locale in ("fr", "en"):
            assert "Zoé B." in web_i18n.translate(locale, key, name="Zoé B."), (key, locale)
