"""The privacy notice states the periods the services apply: compared here with the services' own
constants, since the gateway may not import them."""
from datetime import timedelta

from services.gateway.pages_notices import RETENTION
from services.matching import outcomes
from services.profiles import sign_in


def test_the_privacy_notice_states_the_periods_the_services_apply():
    assert timedelta(hours=RETENTION["confirmation_hours"]) == sign_in.CONFIRMATION_LIFETIME
    assert timedelta(minutes=RETENTION["link_minutes"]) == sign_in.LINK_LIFETIME
    assert timedelta(days=RETENTION["link_kept_days"]) == sign_in.LINK_KEPT_AFTER_EXPIRY
    assert timedelta(days=RETENTION["session_days"]) == sign_in.SESSION_LIFETIME
    assert RETENTION["answer_days"] == outcomes.ANSWER_DAYS
