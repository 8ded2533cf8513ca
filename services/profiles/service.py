"""Profiles' entrypoints: validate through the contract, apply the domain rules, store, emit."""
from pathlib import Path
from zoneinfo import ZoneInfo

from nameko.dependency_providers import Config
from sqlalchemy.exc import IntegrityError

from shared.clock import utcnow
from shared.contracts import events, rpc
from shared.database import Database
from shared.errors import InvalidInput, NotFound
from shared.messaging.inbox import handles
from shared.messaging.outbox import Outbox
from shared.messaging.reliable import ReliableMessaging
from shared.rpc import serves

from . import domain, store


def _rule_broken(error):
    return InvalidInput({error.field: [error.message]})


class ProfilesService(ReliableMessaging):
    name = "profiles"
    config = Config()
    db = Database(Path(__file__).parent / "migrations")
    outbox = Outbox(events.EVENTS)

    @serves(rpc.profiles.register_person)
    def register_person(self, **fields):
        fields["email"] = domain.normalise_email(fields["email"])
        fields["roles"] = domain.distinct(fields["roles"])
        person = store.Person(**fields, registered_at=utcnow())
        try:
            with self.db.begin():
                if store.email_taken(self.db, fields["email"]):
                    raise InvalidInput({"email": ["This address is already registered."]})
                self.db.add(person)
                self.db.flush()
                self.outbox.add(self.db, events.PERSON_REGISTERED,
                                {"person_id": person.id, **fields, "registered_at": person.registered_at})
        except IntegrityError:  # registered by a concurrent call since the check above
            raise InvalidInput({"email": ["This address is already registered."]})
        return person

    @serves(rpc.profiles.get_person)
    def get_person(self, person_id):
        return self._person(person_id)

    @serves(rpc.profiles.make_pledge)
    def make_pledge(self, person_id, kind, quantity, valid_until, remote):
        now = utcnow()
        with self.db.begin():
            person = self._person(person_id)
            # "Today" is the donor's own: a pledge until tonight is valid until tonight where they live.
            today = now.astimezone(ZoneInfo(person.timezone)).date()
            try:
                valid_until = domain.pledge_end(valid_until, today)
            except domain.RuleBroken as error:
                raise _rule_broken(error)
            pledge = store.Pledge(person_id=person_id, kind=kind, quantity=quantity,
                                  remaining=quantity, valid_until=valid_until, remote=remote,
                                  status=domain.OPEN, created_at=now)
            self.db.add(pledge)
            self.db.flush()
            self.outbox.add(self.db, events.PLEDGE_MADE, {
                "pledge_id": pledge.id, "person_id": person_id, "kind": kind,
                "quantity": quantity, "valid_until": valid_until, "remote": remote})
        return pledge

    @serves(rpc.profiles.pledges_of)
    def pledges_of(self, person_id):
        self._person(person_id)
        return store.pledges_of(self.db, person_id)

    @serves(rpc.profiles.request_help)
    def request_help(self, person_id, kind, note):
        request = store.HelpRequest(person_id=person_id, kind=kind, note=note, status=domain.OPEN,
                                    requested_at=utcnow())
        with self.db.begin():
            self._person(person_id)
            self.db.add(request)
            self.db.flush()
            self.outbox.add(self.db, events.HELP_REQUESTED, {
                "request_id": request.id, "person_id": person_id, "kind": kind, "note": note,
                "requested_at": request.requested_at})
        return request

    @serves(rpc.profiles.requests_of)
    def requests_of(self, person_id):
        self._person(person_id)
        return store.requests_of(self.db, person_id)

    @handles(events.MATCH_ACCEPTED)
    def on_match_accepted(self, session, match):
        pledge = session.get(store.Pledge, match["pledge_id"])
        request = session.get(store.HelpRequest, match["request_id"])
        if pledge is None or request is None:
            raise NotFound(f"match {match['match_id']} names an unknown pledge or request")
        pledge.remaining, pledge.status = domain.use_one_unit(pledge.remaining)
        request.status = domain.MATCHED

    def _person(self, person_id):
        person = store.person(self.db, person_id)
        if person is None:
            raise NotFound(f"no person {person_id}")
        return person
