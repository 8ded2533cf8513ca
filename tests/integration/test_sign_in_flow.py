"""Signing in by email on RabbitMQ and PostgreSQL: profiles makes a one-time link, notifications
emails it (the Maildir stands in for SMTP), the link opens a session once, and an address nobody
registered gets the same answer and no email."""
import re

import pytest
from nameko.standalone.rpc import ClusterRpcProxy
from sqlalchemy import select

from binome.maildir_check import emails
from services.notifications.deliveries import SENT_LINK
from services.notifications.service import NotificationsService
from services.notifications.store import EmailDelivery
from services.profiles.service import ProfilesService
from shared.config import database_url
from shared.database import make_engine
from shared.errors import Forbidden, InvalidInput
from shared.messaging.tables import OUTBOX
from support import register_confirmed, wait_until

PUBLIC_URL = "https://binome.example"
ADA = {"first_name": "Ada", "last_name": "Lovelace", "email": "ada.lovelace@example.org",
       "roles": ["job_seeker"], "locale": "en"}
LINK = re.compile(re.escape(PUBLIC_URL) + r"/sign-in/([A-Za-z0-9_-]{43,})")


def emails_to(maildir, address):
    return [m for m in emails(maildir) if address in m["To"]] if maildir.exists() else []


def link_in(email):
    text = email.get_body(("plain",)).get_content()
    (token,) = LINK.findall(text)
    assert f'href="{PUBLIC_URL}/sign-in/{token}"' in email.get_body(("html",)).get_content()
    return token


def test_an_emailed_link_opens_one_session_and_an_unknown_address_gets_nothing(
        runner_factory, config, tmp_path):
    config = {**config, "PUBLIC_URL": PUBLIC_URL}
    maildir = tmp_path / "maildir"
    runner = runner_factory(config, ProfilesService, NotificationsService)
    runner.start()
    with ClusterRpcProxy(config, timeout=15) as cluster:
        ada = register_confirmed(cluster, config, ADA)
        # An address nobody registered, asked first: the same answer, and no email.
        assert cluster.profiles.request_sign_in(email="nobody@example.org") == {"sent": True}
        assert cluster.profiles.request_sign_in(email=ADA["email"]) == {"sent": True}

        (email,) = wait_until("the sign-in email", lambda: [
            m for m in emails_to(maildir, ADA["email"]) if m["Subject"] == "Signing in to Binôme"])
        link_token = link_in(email)
        # The inbox says a link was sent, and never holds the link itself.
        (line,) = wait_until("the inbox line", lambda: [
            n for n in cluster.notifications.inbox(person_id=ada["id"])
            if n["event"] == "sign_in_requested"])
        assert link_token not in repr(line)

        session = cluster.profiles.redeem_sign_in(link_token=link_token)
        assert (session["person_id"], session["operator"]) == (ada["id"], False)
        assert cluster.profiles.authenticate(token=session["token"]) == {
            "person_id": ada["id"], "operator": False}
        with pytest.raises(InvalidInput) as refused:
            cluster.profiles.redeem_sign_in(link_token=link_token)
        assert list(refused.value.fields) == ["link_token"]

        # A second device, in the language of its browser; each session stands on its own.
        cluster.profiles.request_sign_in(email=ADA["email"], locale="fr")
        second = wait_until("the second email", lambda: [
            m for m in emails_to(maildir, ADA["email"]) if m["Subject"] == "Connexion à Binôme"])
        laptop = cluster.profiles.redeem_sign_in(link_token=link_in(second[0]))["token"]
        assert cluster.profiles.sign_out(token=session["token"]) == {"done": True}
        with pytest.raises(Forbidden):
            cluster.profiles.authenticate(token=session["token"])
        assert cluster.profiles.authenticate(token=laptop)["person_id"] == ada["id"]

    # Nobody was emailed but Ada: profiles announced no link for the unknown address at all.
    assert {m["To"].addresses[0].addr_spec for m in emails(maildir)} == {ADA["email"]}
    engine = make_engine(database_url(config, "profiles"))
    with engine.connect() as connection:
        sent = connection.execute(select(OUTBOX.c.payload)
                                  .where(OUTBOX.c.event == "sign_in_requested")).scalars().all()
    engine.dispose()
    assert [payload["person_id"] for payload in sent] == [ada["id"], ada["id"]]
    # Once sent, notifications keeps no copy of the links in its emails: the one that confirmed
    # her address, and the two sign-in links.
    engine = make_engine(database_url(config, "notifications"))
    with engine.connect() as connection:
        kept = connection.execute(select(EmailDelivery.body, EmailDelivery.html)
                                  .where(EmailDelivery.category == "sign_in")).all()
    engine.dispose()
    assert kept == [(SENT_LINK, None)] * 3
