"""A matching round is CPU-heavy; it runs off eventlet's loop, so the service keeps answering."""
import uuid
from datetime import date, timedelta

from nameko.standalone.rpc import ClusterRpcProxy
from sqlalchemy import insert

from services.matching import domain, store
from services.matching.service import MatchingService
from shared.clock import utcnow
from shared.config import database_url
from shared.database import make_engine
from support import count, wait_until

SEEKERS, DONORS = 1500, 500


def big_market(engine):
    """A market large enough that scoring and solving take seconds, written straight into
    matching's read model."""
    now = utcnow()
    seekers = [uuid.uuid4() for _ in range(SEEKERS)]
    donors = [uuid.uuid4() for _ in range(DONORS)]
    card = dict(languages=["fr"], skills=["python", "sql"], occupation="D1301",
                target_occupation="M1805", display_name="Someone E.", own_words="", roles=[],
                accepts_sponsors=False, first_seen_at=now)
    with engine.begin() as connection:
        connection.execute(insert(store.Candidate), [
            {**card, "person_id": p, "roles": ["job_seeker"]} for p in seekers] + [
            {**card, "person_id": p, "occupation": "M1805", "roles": ["time_donor"]} for p in donors])
        connection.execute(insert(store.Request), [
            {"request_id": uuid.uuid4(), "person_id": p, "kind": "cv_review", "status": "open",
             "requested_at": now - timedelta(days=i % 10)} for i, p in enumerate(seekers)])
        connection.execute(insert(store.Offer), [
            {"pledge_id": uuid.uuid4(), "person_id": p, "kind": "cv_review", "available": 3,
             "valid_until": date.today() + timedelta(days=30), "remote": True, "closed": False,
             "radius_km": None}
            for p in donors])
        sponsor = uuid.uuid4()
        connection.execute(insert(store.Candidate), [{
            **card, "person_id": sponsor, "roles": ["sponsor"],
            "sponsor": {"capacity": 3, "occupations": ["M1805"], "radius_km": 20}}])
    return sponsor


def test_the_feed_answers_while_a_large_round_runs(runner_factory, config, monkeypatch):
    solving = []
    real_plan = domain.plan_round

    def plan_and_say_so(*args, **kwargs):
        solving.append(True)  # runs in a worker thread: a plain list is the safe signal
        return real_plan(*args, **kwargs)
    monkeypatch.setattr(domain, "plan_round", plan_and_say_so)

    runner = runner_factory(config, MatchingService)
    runner.start()
    engine = make_engine(database_url(config, "matching"))
    sponsor = big_market(engine)

    with ClusterRpcProxy(config, timeout=120) as cluster:
        round_reply = cluster.matching.run_round.call_async(kind="cv_review")
        wait_until("the round to be scoring and solving", lambda: solving)
        for _ in range(5):
            assert len(cluster.matching.feed(sponsor_id=str(sponsor), page_size=5)["cards"]) == 5
        # Five feeds answered while the round was still working: it has not written its report.
        assert count(engine, store.Round.__table__) == 0
        report = round_reply.result()
    assert report["matched"] == SEEKERS  # the round was big, and it finished
    engine.dispose()
