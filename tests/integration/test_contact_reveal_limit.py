"""The daily limit on contacts revealed, on RabbitMQ and PostgreSQL: profiles asks matching to
count each consent, matching refuses past the limit (LimitReached, nothing written), and the
count is in matching's database, so a restart (or another replica) forgets nothing."""
import uuid

import pytest
from nameko.standalone.rpc import ClusterRpcProxy

from services.matching.service import MatchingService
from services.profiles.service import ProfilesService
from shared.errors import LimitReached
from support import register_confirmed

LIMIT = 2


def person(cluster, config, first):
    return register_confirmed(cluster, config, {
        "first_name": first, "last_name": "Limit", "roles": ["time_donor"],
        "email": f"{first.lower()}.{uuid.uuid4().hex[:6]}@example.org"})["id"]


def test_consents_past_the_daily_limit_are_refused_even_after_a_restart(runner_factory, config):
    config = {**config, "REVEALS_PER_DAY": LIMIT}
    runner = runner_factory(config, ProfilesService, MatchingService)
    runner.start()
    with ClusterRpcProxy(config, timeout=15) as cluster:
        me = person(cluster, config, "Hugo")
        others = [person(cluster, config, f"Other{n}") for n in range(LIMIT + 1)]
        for other in others[:LIMIT]:
            assert cluster.profiles.consent_to_contact(person_id=me, other_id=other)["mine"]
        # Consenting again to someone already consented to reveals nothing new: not counted.
        cluster.profiles.consent_to_contact(person_id=me, other_id=others[0])

        with pytest.raises(LimitReached) as refused:
            cluster.profiles.consent_to_contact(person_id=me, other_id=others[LIMIT])
        assert refused.value.retry_after > 0
        assert cluster.profiles.view_person(viewer_id=others[LIMIT],
                                            person_id=me)["consent"]["theirs"] is False

    runner.stop()
    runner = runner_factory(config, ProfilesService, MatchingService)
    runner.start()
    with ClusterRpcProxy(config, timeout=15) as cluster, pytest.raises(LimitReached):
        cluster.profiles.consent_to_contact(person_id=me, other_id=others[LIMIT])
