"""Helpers shared by the test layers."""
import socket

import json

from sqlalchemy import MetaData, func, select

from binome.api_client import wait_for


# A donor and a seeker whom a coffee round pairs: the donor works where the seeker aims, both in
# Paris with coffee-time availability.
COFFEE_DONOR = {"first_name": "Philibert", "last_name": "Escoffignac",
                "email": "philibert@example.org", "roles": ["time_donor"], "location": "75011",
                "occupation": "M1805", "skills": ["python"], "availability_preset": "coffee"}
COFFEE_SEEKER = {"first_name": "Eulalie", "last_name": "Trouvadec", "email": "eulalie@example.org",
                 "roles": ["job_seeker"], "location": "75020", "occupation": "D1301",
                 "target_occupation": "M1805", "skills": ["python"],
                 "availability_preset": "coffee"}


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(what, check, timeout=20.0):
    """Poll `check` until truthy and return its value; fail naming `what` after `timeout` seconds."""
    return wait_for(what, check, timeout=timeout, interval=0.05)


def count(engine, table, *where):
    with engine.connect() as connection:
        query = select(func.count()).select_from(table)
        for condition in where:
            query = query.where(condition)
        return connection.execute(query).scalar_one()


def traces(database_urls, needles):
    """(database, table, needle) for every needle found in any row of any table (case-insensitive).

    Reads every column of every table as text: nothing a service stores can hide from it.
    """
    from shared.database import make_engine
    found = []
    for url in database_urls:
        engine = make_engine(url)
        metadata = MetaData()
        metadata.reflect(engine)
        with engine.connect() as connection:
            for table in metadata.sorted_tables:
                for row in connection.execute(select(table)):
                    text = json.dumps([str(value) for value in row], ensure_ascii=False).lower()
                    found += [(url.rsplit("/", 1)[-1], table.name, needle)
                              for needle in needles if needle.lower() in text]
        engine.dispose()
    return found


def confirmation_link(config, email):
    """The token of the last link profiles asked notifications to email to `email` to confirm it,
    read from profiles' outbox: the integration layer needs no mail server to follow it."""
    from shared.config import database_url
    from shared.database import make_engine
    from shared.messaging.tables import OUTBOX
    engine = make_engine(database_url(config, "profiles"))
    try:
        with engine.connect() as connection:
            rows = connection.execute(select(OUTBOX.c.payload).where(
                OUTBOX.c.event == "address_confirmation_requested")
                .order_by(OUTBOX.c.created_at)).all()
    finally:
        engine.dispose()
    tokens = [row.payload["link_token"] for row in rows
              if row.payload["email"] == email.strip().lower()]
    assert tokens, f"no confirmation link for {email}"
    return tokens[-1]


def register_confirmed(cluster, config, person):
    """Register through profiles and follow the confirmation link as the address's owner does:
    the profile, with the session `token` the link opened."""
    cluster.profiles.register_person(**person)
    signed = cluster.profiles.redeem_sign_in(link_token=confirmation_link(config, person["email"]))
    return {**cluster.profiles.get_person(person_id=signed["person_id"]), "token": signed["token"]}


def rows(config, service, query):
    """What `query` reads in `service`'s own database (integration tests, on PostgreSQL)."""
    from shared.config import database_url
    from shared.database import make_engine
    engine = make_engine(database_url(config, service))
    try:
        with engine.connect() as connection:
            return connection.execute(query).all()
    finally:
        engine.dispose()


def inbox_events(cluster, person_id, event):
    """The person's inbox items told of `event` (through notifications' RPC)."""
    return [n for n in cluster.notifications.inbox(person_id=person_id, page=1, page_size=50)
            if n["event"] == event]
