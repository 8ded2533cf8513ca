"""Profiles' entrypoints: validate through the contract, apply the domain rules, store, emit."""
import base64
import binascii
import hashlib
import uuid
from pathlib import Path
from zoneinfo import ZoneInfo

from nameko.dependency_providers import Config
from nameko.timer import timer
from sqlalchemy import delete, or_
from sqlalchemy.exc import IntegrityError

from shared.clock import utcnow
from shared.contracts import events, rpc
from shared import documents
from shared.contracts.kinds import STANDING_OFFER_KINDS
from shared.database import Database
from shared.errors import Conflict, Forbidden, InvalidInput, NotFound
from shared.export import row_dict
from shared.messaging.erasure import messages_naming, scrub_messages
from shared.messaging.inbox import handles
from shared.messaging.outbox import Outbox
from shared.messaging.parking import parking
from shared.messaging.reliable import ReliableMessaging
from shared.reference import occupations, places
from shared.rpc import ServiceRpc, serves

from . import domain, pledge_units, request_documents, sign_in, store
from .impact_reports import ImpactReports

def _rule_broken(error):
    return InvalidInput(error.fields)


def _snapshot(person):
    return {"person_id": person.id, "first_name": person.first_name, "last_name": person.last_name,
            "email": person.email, "phone": person.phone, "locale": person.locale,
            "timezone": person.timezone, "roles": person.roles, "languages": person.languages,
            "skills": person.skills, "occupation": person.occupation,
            "target_occupation": person.target_occupation, "own_words": person.own_words,
            "neighbourhood": person.neighbourhood, "latitude": person.latitude,
            "longitude": person.longitude, "availability": person.availability,
            "mentor": person.mentor, "sponsor": person.sponsor,
            "accepts_sponsors": person.accepts_sponsors, "changed_at": person.updated_at}


def _without_link_tokens(messages):
    """An export is a document people save and share: a sign-in link still alive stays out."""
    for message in messages["sent"]:
        if message["event"] in (events.SIGN_IN_REQUESTED.name,
                                events.ADDRESS_CONFIRMATION_REQUESTED.name):
            message["payload"] = {**message["payload"], "link_token": "(not exported)"}
    return messages


def _request_follows(request, before, after):
    """The request's state, from what became of the unit of its match."""
    if before == after:
        return                                  # a redelivery, or news changing nothing
    if after == pledge_units.IN_PROGRESS and request.status == domain.OPEN:
        request.status = domain.MATCHED
    elif after == pledge_units.GIVEN and request.status in (domain.OPEN, domain.MATCHED):
        request.status = domain.FULFILLED
    elif after in (pledge_units.CANCELLED, pledge_units.PAUSED) \
            and request.status == domain.MATCHED:
        request.status = domain.OPEN            # back in line, for another donor


def _release_paused(pledge):
    """A pledge closing (withdrawn, expired) offers nothing more: the units paused after a silent
    match are released with it, as if the donor had answered no."""
    if pledge.paused:
        units = pledge_units.PledgeUnits.of(pledge)
        units.release()
        units.stored_in(pledge)


def _pledge_shown(pledge):
    """A pledge as its RPCs answer it: its columns, and its units by state (pledge_units.py)."""
    units = pledge_units.PledgeUnits.of(pledge)
    return {**{column.key: getattr(pledge, column.key) for column in pledge.__table__.columns},
            "units": units.counts(), "unit_states": units.states()}


def _decoded(content):
    """A document's bytes from their base64; refused by name when they are not, or too many."""
    if len(content) > (documents.MAX_BYTES + 2) // 3 * 4 + 4:
        raise InvalidInput({"document": [documents.REFUSALS[documents.TOO_LARGE]]})
    try:
        return base64.b64decode(content, validate=True)
    except (binascii.Error, ValueError):
        raise InvalidInput({"document": ["Expected the file's bytes, base64-encoded."]}) from None


def _attributes(fields, current=None):
    try:
        return domain.profile_attributes(fields, occupations.lookup, places.lookup, current)
    except domain.RuleBroken as error:
        raise _rule_broken(error)


class ProfilesService(ReliableMessaging, ImpactReports, parking(rpc.profiles)):
    name = "profiles"
    config = Config()
    db = Database(Path(__file__).parent / "migrations")
    outbox = Outbox(events.EVENTS)
    # Matching keeps the one daily limit on contacts revealed, whichever way: a consent asks it.
    services = ServiceRpc(["matching"])

    # --- people -------------------------------------------------------------------------------

    @serves(rpc.profiles.register_person)
    def register_person(self, **fields):
        """Email the address a link that creates the account once followed. The answer, and the
        work done before it (one row and one event), are the same whether the address is new,
        waiting for its confirmation or registered, so that nobody learns who is registered."""
        attributes = _attributes(fields)
        now, token = utcnow(), sign_in.new_token()
        try:
            with self.db.begin():
                person = store.person_by_email(self.db, attributes["email"])
                if person is not None:
                    # Its owner is told, with a way in should it have been them; the account is
                    # left as it is.
                    self._email_sign_in_link(person, token, now, attributes["locale"],
                                             reason="registration")
                else:
                    self._hold_registration(attributes, token, now)
        except IntegrityError:  # the same address registered at the same moment: that one stands
            pass
        return {"status": "check_your_email"}

    def _hold_registration(self, attributes, token, now):
        """Keep the registration until its address is confirmed; registering the address again
        replaces it (details, link and id: the earlier link stops working)."""
        pending = store.pending_by_email(self.db, attributes["email"])
        if pending is None:
            pending = store.PendingRegistration(email=attributes["email"])
            self.db.add(pending)
        pending.id = uuid.uuid4()
        pending.details = attributes
        pending.token_hash = sign_in.token_hash(token)
        pending.created_at, pending.expires_at = now, sign_in.confirmation_expiry(now)
        self.db.flush()
        self._ask_to_confirm(pending.id, "registration", attributes, token, pending.expires_at)

    def _ask_to_confirm(self, person_id, purpose, person, token, expires_at):
        # As for sign-in links, the token travels to notifications in the payload, and is
        # worthless once used or expired.
        self.outbox.add(self.db, events.ADDRESS_CONFIRMATION_REQUESTED, {
            "person_id": person_id, "purpose": purpose, "email": person["email"],
            "first_name": person["first_name"], "last_name": person["last_name"],
            "link_token": token, "expires_at": expires_at, "locale": person["locale"],
            "timezone": person["timezone"]})

    @serves(rpc.profiles.get_person)
    def get_person(self, person_id):
        return self._person(person_id)

    @serves(rpc.profiles.update_profile)
    def update_profile(self, person_id, **changes):
        """Apply the changes, except a new address: that one is emailed a link, and changes only
        once the link is followed. The answer is the same whether or not the address is taken."""
        now = utcnow()
        with self.db.begin():
            person = self._person(person_id, for_update=True)
            attributes = _attributes(changes, current=person.attributes())
            new_email = attributes.pop("email", None)
            if attributes or new_email is None:  # nothing else changes when only the address does
                for name, value in attributes.items():
                    setattr(person, name, value)
                person.updated_at = now
                self.db.flush()
                self.outbox.add(self.db, events.PROFILE_UPDATED, _snapshot(person))
            if new_email is not None and new_email != person.email:
                token = sign_in.new_token()
                link = store.SignInLink(person_id=person.id, token_hash=sign_in.token_hash(token),
                                        created_at=now, new_email=new_email,
                                        expires_at=sign_in.confirmation_expiry(now))
                self.db.add(link)
                self._ask_to_confirm(person.id, "email_change",
                                     {**person.attributes(), "email": new_email}, token,
                                     link.expires_at)
        return person

    @serves(rpc.profiles.view_person)
    def view_person(self, viewer_id, person_id):
        """Someone's card; their contact details too once both consented, and that is logged."""
        with self.db.begin():
            person = self._person(person_id)
            self._person(viewer_id)
            blocked = store.blocked_either_way(self.db, viewer_id, person_id)
            if blocked:
                raise NotFound(f"no person {person_id}")
            mine = store.consent_given(self.db, viewer_id, person_id)
            theirs = store.consent_given(self.db, person_id, viewer_id)
            contact = None
            if viewer_id != person_id and domain.may_reveal(mine, theirs, blocked):
                contact = {"first_name": person.first_name, "last_name": person.last_name,
                           "email": person.email, "phone": person.phone}
                self.db.add(store.Reveal(viewer_id=viewer_id, person_id=person_id,
                                         revealed_at=utcnow()))
            return {"card": domain.card(person.attributes(), occupations.label),
                    "contact": contact, "consent": domain.consent_state(mine, theirs)}

    # --- signing in --------------------------------------------------------------------------

    @serves(rpc.profiles.authenticate)
    def authenticate(self, token):
        """A session token, opened by an emailed link: the only kind there is."""
        session = store.session_by_token_hash(self.db, sign_in.token_hash(token))
        if session is None or not sign_in.session_is_valid(session.expires_at, utcnow()):
            raise Forbidden("unknown token")
        person = self.db.get(store.Person, session.person_id)
        return {"person_id": person.id, "operator": person.operator}

    @serves(rpc.profiles.request_sign_in)
    def request_sign_in(self, email, locale, next=None):
        """Email a one-time link to the person with this address, if there is one (and to a
        registration still waiting, its confirmation link again). The answer is
        the same either way, so that nobody can learn who is registered by asking (the gateway
        does not wait for it either, so that the time taken says nothing)."""
        now, address = utcnow(), domain.normalise_email(email)
        with self.db.begin():
            person = store.person_by_email(self.db, address)
            if person is not None and not domain.is_anonymised(person.attributes()):
                self._email_sign_in_link(person, sign_in.new_token(), now, locale, next=next)
            elif (pending := store.pending_by_email(self.db, address)) is not None:
                # They registered and lost the email, or it expired in their inbox: "sign in" is
                # where they go next, so it sends the confirmation link again.
                self._confirm_again(pending, now, locale)
        return {"sent": True}

    def _confirm_again(self, pending, now, locale):
        """A new confirmation link for a waiting registration; the earlier one stops working."""
        token = sign_in.new_token()
        pending.token_hash = sign_in.token_hash(token)
        pending.expires_at = sign_in.confirmation_expiry(now)
        details = {**pending.details, "locale": locale or pending.details["locale"]}
        self._ask_to_confirm(pending.id, "registration", details, token, pending.expires_at)

    def _email_sign_in_link(self, person, token, now, locale, reason="sign_in", next=None):
        link = store.SignInLink(person_id=person.id, token_hash=sign_in.token_hash(token),
                                created_at=now, expires_at=sign_in.link_expiry(now))
        self.db.add(link)
        # The token itself must reach notifications, the one service that sends emails:
        # it stays in this outbox row and in notifications' inbox row, as every payload
        # does, and is worthless there once used or after 15 minutes. Encrypting it for
        # notifications would add a key to share and rotate for no gain past that.
        self.outbox.add(self.db, events.SIGN_IN_REQUESTED, {
            "person_id": person.id, "link_token": token, "expires_at": link.expires_at,
            "locale": locale or person.locale, "reason": reason, "next": next})

    @serves(rpc.profiles.redeem_sign_in)
    def redeem_sign_in(self, link_token):
        """A link's token, once and in time, becomes a new session (one per device). The link of a
        registration creates the account first; the link of a change of address applies it."""
        now, hashed = utcnow(), sign_in.token_hash(link_token)
        with self.db.begin():
            link = store.sign_in_link(self.db, hashed)
            try:
                if link is None:
                    person, new_account = self._confirm_registration(hashed, now), True
                else:
                    person, new_account = self._follow_link(link, now), False
            except domain.RuleBroken as error:
                raise _rule_broken(error)
            token = sign_in.new_token()
            self.db.add(store.SessionToken(person_id=person.id, token_hash=sign_in.token_hash(token),
                                           created_at=now, expires_at=sign_in.session_expiry(now)))
        return {"person_id": person.id, "token": token, "operator": person.operator,
                "new_account": new_account}

    def _follow_link(self, link, now):
        person = self.db.get(store.Person, link.person_id)
        if person is None or domain.is_anonymised(person.attributes()):
            raise sign_in.unknown_link()
        sign_in.check_redeemable(link.used_at, link.expires_at, now,
                                 sign_in.CONFIRMATION_EXPIRED if link.new_email else sign_in.EXPIRED)
        if not store.mark_link_used(self.db, link.id, now):  # redeemed at the same time
            raise domain.RuleBroken("link_token", sign_in.USED)
        if link.new_email and link.new_email != person.email:
            # Only the owner of the new address reads this, so saying it is taken tells nobody
            # anything they could not learn by signing in with it.
            if store.email_taken(self.db, link.new_email):
                raise domain.RuleBroken("link_token", sign_in.ADDRESS_TAKEN)
            person.email, person.updated_at = link.new_email, now
            # Whoever asked for the change may not be the owner of the new address, who just
            # proved it: every session and other link made before now ends, so that nobody who
            # moved their account to someone's address keeps a way into it (the session this
            # link opens is the only one left).
            store.forget_sign_ins_of(self.db, person.id)
            self.db.flush()
            self.outbox.add(self.db, events.PROFILE_UPDATED, _snapshot(person))
        return person

    def _confirm_registration(self, hashed, now):
        """The account, made from the registration the link confirms; only now do the other
        services hear of the person (person_registered), and may match or show them."""
        pending = store.pending_by_token_hash(self.db, hashed)
        if pending is None:
            raise sign_in.unknown_link()
        sign_in.check_redeemable(None, pending.expires_at, now, sign_in.CONFIRMATION_EXPIRED)
        if store.email_taken(self.db, pending.email):  # someone moved their account to it since
            raise domain.RuleBroken("link_token", sign_in.ADDRESS_TAKEN)
        person = store.Person(id=pending.id, **pending.details, registered_at=now, updated_at=now)
        self.db.delete(pending)
        self.db.add(person)
        self.db.flush()
        self.outbox.add(self.db, events.PERSON_REGISTERED, _snapshot(person))
        return person

    @serves(rpc.profiles.sign_out)
    def sign_out(self, token):
        """End the session this token opened."""
        with self.db.begin():
            session = store.session_by_token_hash(self.db, sign_in.token_hash(token))
            if session is None:
                raise Forbidden("unknown token")
            self.db.delete(session)
        return {"done": True}

    @timer(interval=3600)
    def forget_expired_sign_ins(self):
        """Links, sessions and registrations past their time let nobody in: they are not kept
        either. A registration never confirmed goes with the events that carried its details, and
        is erased like a person, so that notifications forgets the email it sent too."""
        now = utcnow()
        with self.db.begin():
            for pending_id in store.expired_registrations(self.db, now):
                scrub_messages(self.db, pending_id)
                self.outbox.add(self.db, events.PERSON_ERASED, {"person_id": pending_id})
            store.forget_expired_sign_ins(self.db, now - sign_in.LINK_KEPT_AFTER_EXPIRY, now)

    # --- consent, blocks and reports ------------------------------------------------------------

    @serves(rpc.profiles.consent_to_contact)
    def consent_to_contact(self, person_id, other_id):
        with self.db.begin():
            self._pair(person_id, other_id)
            if store.blocked_either_way(self.db, person_id, other_id):
                raise NotFound(f"no person {other_id}")
            consent = self.db.get(store.Consent, (person_id, other_id))
            already = consent is not None and consent.withdrawn_at is None
            if not already:
                # Counted (or refused, LimitReached) before anything is written here.
                self.services.call(rpc.matching.take_reveal, person_id=person_id,
                                   other_id=other_id)
            if consent is None:
                self.db.add(store.Consent(person_id=person_id, other_id=other_id, given_at=utcnow()))
            elif consent.withdrawn_at is not None:
                consent.given_at, consent.withdrawn_at = utcnow(), None
            theirs = store.consent_given(self.db, other_id, person_id)
            if theirs and not already:  # both now agree: each is told they can reach the other
                self.outbox.add(self.db, events.CONTACT_REVEALED,
                                {"person_id": person_id, "other_id": other_id})
            return domain.consent_state(True, theirs)

    @serves(rpc.profiles.withdraw_consent)
    def withdraw_consent(self, person_id, other_id):
        with self.db.begin():
            self._pair(person_id, other_id)
            consent = self.db.get(store.Consent, (person_id, other_id))
            if consent is not None and consent.withdrawn_at is None:
                consent.withdrawn_at = utcnow()
            return domain.consent_state(False, store.consent_given(self.db, other_id, person_id))

    @serves(rpc.profiles.block)
    def block(self, person_id, other_id):
        with self.db.begin():
            self._pair(person_id, other_id)
            self._block(person_id, other_id)
        return {"done": True}

    @serves(rpc.profiles.report)
    def report(self, person_id, other_id, reason):
        with self.db.begin():
            self._pair(person_id, other_id)
            self.db.add(store.Report(person_id=person_id, other_id=other_id, reason=reason,
                                     reported_at=utcnow()))
            self._block(person_id, other_id)
        return {"done": True}

    def _block(self, person_id, other_id):
        if self.db.get(store.Block, (person_id, other_id)) is not None:
            return  # blocking twice is one block
        self.db.add(store.Block(person_id=person_id, other_id=other_id, blocked_at=utcnow()))
        for consent in (self.db.get(store.Consent, (person_id, other_id)),
                        self.db.get(store.Consent, (other_id, person_id))):
            if consent is not None and consent.withdrawn_at is None:
                consent.withdrawn_at = utcnow()
        self.outbox.add(self.db, events.PERSON_BLOCKED, {"person_id": person_id, "other_id": other_id})

    # --- pledges and requests -----------------------------------------------------------------

    @serves(rpc.profiles.make_pledge)
    def make_pledge(self, person_id, kind, quantity, valid_until, remote, radius_km):
        now = utcnow()
        with self.db.begin():
            person = self._person(person_id)
            # "Today" is the donor's own: a pledge until tonight is valid until tonight where they live.
            today = now.astimezone(ZoneInfo(person.timezone)).date()
            try:
                valid_until = domain.pledge_end(valid_until, today)
            except domain.RuleBroken as error:
                raise _rule_broken(error)
            if not remote and person.latitude is None:
                raise InvalidInput({"remote": ["In-person help needs a location in your profile."]})
            pledge = store.Pledge(person_id=person_id, kind=kind, quantity=quantity,
                                  remaining=quantity, valid_until=valid_until, remote=remote,
                                  radius_km=None if remote else (radius_km or 10),
                                  status=domain.OPEN, created_at=now)
            self.db.add(pledge)
            self.db.flush()
            self.outbox.add(self.db, events.PLEDGE_MADE, {
                "pledge_id": pledge.id, "person_id": person_id, "kind": kind, "quantity": quantity,
                "valid_until": valid_until, "remote": remote, "radius_km": pledge.radius_km})
        return _pledge_shown(pledge)

    @serves(rpc.profiles.withdraw_pledge)
    def withdraw_pledge(self, person_id, pledge_id):
        with self.db.begin():
            pledge = self._owned(store.Pledge, pledge_id, person_id)
            withdrawn = self._withdrawn(pledge.status, "pledge")
            if pledge.status != withdrawn:
                _release_paused(pledge)
            self._close(pledge, withdrawn, events.PLEDGE_CLOSED)
        return _pledge_shown(pledge)

    @serves(rpc.profiles.resume_pledge)
    def resume_pledge(self, person_id, pledge_id):
        """"Yes, I still want to help": the units paused after a silent match are offered again
        (matching hears it: pledge_resumed)."""
        with self.db.begin():
            pledge = self._owned(store.Pledge, pledge_id, person_id)
            units = pledge_units.PledgeUnits.of(pledge)
            resumed = self._unit_step(units.resume)
            units.stored_in(pledge)
            self.outbox.add(self.db, events.PLEDGE_RESUMED, {
                "pledge_id": pledge.id, "person_id": person_id, "units": resumed})
            return _pledge_shown(pledge)

    @serves(rpc.profiles.release_pledge)
    def release_pledge(self, person_id, pledge_id):
        """"No, release it": the paused units are dropped; with nothing left offered or in
        progress the pledge closes (fulfilled if some help was given, else withdrawn)."""
        with self.db.begin():
            pledge = self._owned(store.Pledge, pledge_id, person_id)
            units = pledge_units.PledgeUnits.of(pledge)
            closing = self._unit_step(units.release)
            units.stored_in(pledge)
            if closing is not None:
                self._announce_close(self.db, pledge)
            return _pledge_shown(pledge)

    @staticmethod
    def _unit_step(step):
        try:
            return step()
        except pledge_units.UnitRefused as refused:
            raise InvalidInput({refused.field: [refused.message]}) from None

    @serves(rpc.profiles.pledges_of)
    def pledges_of(self, person_id):
        self._person(person_id)
        return [_pledge_shown(pledge) for pledge in store.pledges_of(self.db, person_id)]

    @serves(rpc.profiles.request_help)
    def request_help(self, person_id, kind, note, document_id=None):
        request = store.HelpRequest(person_id=person_id, kind=kind, note=note, status=domain.OPEN,
                                    requested_at=utcnow())
        with self.db.begin():
            self._person(person_id)
            self.db.add(request)
            self.db.flush()
            if document_id is not None:
                self._reuse_document(request, document_id)
            self.outbox.add(self.db, events.HELP_REQUESTED, {
                "request_id": request.id, "person_id": person_id, "kind": kind, "note": note,
                "requested_at": request.requested_at})
        return request

    @serves(rpc.profiles.withdraw_request)
    def withdraw_request(self, person_id, request_id):
        with self.db.begin():
            request = self._owned(store.HelpRequest, request_id, person_id)
            self._close(request, self._withdrawn(request.status, "request"), events.REQUEST_CLOSED)
        return request

    @serves(rpc.profiles.requests_of)
    def requests_of(self, person_id):
        self._person(person_id)
        attached = store.documents_of(self.db, person_id)
        return [{**{column.key: getattr(request, column.key)
                    for column in request.__table__.columns},
                 "document": self._document_shown(attached[request.id], request.id)
                 if request.id in attached else None}
                for request in store.requests_of(self.db, person_id)]

    # --- documents for reviews (request_documents.py has the rules) ----------------------------

    @serves(rpc.profiles.attach_document)
    def attach_document(self, person_id, request_id, filename, content):
        """The request's document, new or replaced; sending the same bytes again is the same
        document (and counts towards the same reviews). Refused with nothing written when the
        file is not one a donor may be sent (shared/documents.py)."""
        with self.db.begin():   # a stranger learns nothing, not even what is wrong with the file
            self._attachable(person_id, request_id)
        raw = _decoded(content)
        try:
            # Read outside any transaction: a long PDF takes a moment, and holds nothing meanwhile.
            checked = documents.check_document(raw, filename)
        except documents.DocumentRefused as refused:
            raise InvalidInput({"document": [refused.message]}) from None
        digest = hashlib.sha256(raw).hexdigest()
        with self.db.begin():
            request = self._attachable(person_id, request_id)
            current = store.document_of_request(self.db, request.id)
            if current is not None and current.sha256 == digest:
                return self._document_shown(current, request.id)
            document = store.document_with_hash(self.db, person_id, digest)
            if document is not None:
                self._reusable(document, "document")
            else:
                document = store.RequestDocument(
                    person_id=person_id, filename=checked.filename, media_type=checked.media_type,
                    size=checked.size, content=raw, sha256=digest,
                    contacts_found=checked.contacts_found, text_read=checked.text_read,
                    uploaded_at=utcnow())
                self.db.add(document)
            store.detach_document(self.db, request.id)
            self.db.add(store.DocumentUse(request_id=request.id, document_id=document.id,
                                          attached_at=utcnow()))
            self.db.flush()
            return self._document_shown(document, request.id)

    def _attachable(self, person_id, request_id):
        request = self._owned(store.HelpRequest, request_id, person_id)
        try:
            request_documents.check_attachable(request.kind, request.status)
        except domain.RuleBroken as error:
            raise _rule_broken(error)
        except request_documents.RequestClosed as closed:
            raise Conflict(str(closed)) from None
        return request

    def _reusable(self, document, field):
        try:
            request_documents.check_reusable(store.document_uses(self.db, document.id), field)
        except domain.RuleBroken as error:
            raise _rule_broken(error)

    def _reuse_document(self, request, document_id):
        """A new request for a review sent with a document the person sent before."""
        try:
            request_documents.check_attachable(request.kind, request.status, "document_id")
        except domain.RuleBroken as error:
            raise _rule_broken(error)
        document = self.db.get(store.RequestDocument, document_id)
        if document is None or document.person_id != request.person_id:
            raise InvalidInput({"document_id": ["No document of yours has this id."]})
        self._reusable(document, "document_id")
        self.db.add(store.DocumentUse(request_id=request.id, document_id=document.id,
                                      attached_at=utcnow()))

    @serves(rpc.profiles.request_document)
    def request_document(self, person_id, request_id):
        """The seeker's own copy of their request's document."""
        with self.db.begin():
            request = self._owned(store.HelpRequest, request_id, person_id)
            return self._document_file(request.id)

    @serves(rpc.profiles.remove_document)
    def remove_document(self, person_id, request_id):
        """The document is the seeker's: they may take it off whenever they like (it is deleted
        once no request of theirs uses it)."""
        with self.db.begin():
            request = self._owned(store.HelpRequest, request_id, person_id)
            if store.document_of_request(self.db, request.id) is None:
                raise NotFound(f"no document for request {request_id}")
            store.detach_document(self.db, request.id)
        return {"done": True}

    @serves(rpc.profiles.matched_document)
    def matched_document(self, request_id):
        """For the donor of the accepted match (the gateway asked matching first)."""
        with self.db.begin():
            return self._document_file(request_id)

    @serves(rpc.profiles.matched_document_info)
    def matched_document_info(self, request_id):
        with self.db.begin():
            document = store.document_of_request(self.db, request_id)
            if document is None:
                raise NotFound(f"no document for request {request_id}")
            return self._document_shown(document, request_id)

    def _document_file(self, request_id):
        document = store.document_of_request(self.db, request_id)
        if document is None:
            raise NotFound(f"no document for request {request_id}")
        return {"document_id": document.id, "filename": document.filename,
                "media_type": document.media_type, "size": document.size,
                "content": base64.b64encode(document.content).decode("ascii")}

    def _document_shown(self, document, request_id):
        return {"document_id": document.id, "request_id": request_id,
                "filename": document.filename, "media_type": document.media_type,
                "size": document.size, "uploaded_at": document.uploaded_at,
                "contacts_found": document.contacts_found, "text_read": document.text_read,
                "reviews": store.document_uses(self.db, document.id)}

    @timer(interval=60)
    def expire_pledges(self):
        """Open pledges whose last day is over where the donor lives close themselves."""
        now = utcnow()
        with self.db.begin():
            # Nowhere on Earth is it more than a day later than in UTC: only these can be over.
            for pledge, timezone in store.open_pledges_ending_before(self.db, now.date()):
                if domain.has_expired(pledge.status, pledge.valid_until,
                                      now.astimezone(ZoneInfo(timezone)).date()):
                    _release_paused(pledge)
                    self._close(pledge, domain.EXPIRED, events.PLEDGE_CLOSED)

    def _withdrawn(self, status, what):
        try:
            return domain.withdraw(status, what)
        except domain.RuleBroken as error:
            raise _rule_broken(error)

    def _close(self, item, status, contract):
        if item.status == status:
            return
        item.status = status
        self._announce_close(self.db, item, contract)

    # --- what matching decided ----------------------------------------------------------------

    @handles(events.MATCH_ACCEPTED)
    def on_match_accepted(self, session, match):
        """A unit of the pledge is in progress (the help is not given yet: the pledge is not
        fulfilled by an acceptance)."""
        self._match_news(session, match, pledge_units.ACCEPTED_NEWS)

    @handles(events.MATCH_CANCELLED)
    def on_match_cancelled(self, session, match):
        self._match_news(session, match, pledge_units.CANCELLED_NEWS)

    @handles(events.HELP_GIVEN)
    def on_help_given(self, session, given):
        """The unit is given, the request fulfilled; with the pledge's last unit, the pledge
        closes, fulfilled, and the donor is told (notifications, on pledge_closed)."""
        self._match_news(session, given, pledge_units.GIVEN_NEWS)

    @handles(events.MATCH_REASSIGNED)
    def on_match_reassigned(self, session, match):
        """The donor stayed silent: their unit comes back to them paused, and the request goes
        to another donor (matching reopens it on its side)."""
        self._match_news(session, match, pledge_units.REASSIGNED_NEWS)

    def _match_news(self, session, match, news):
        pledge, request = self._matched(session, match)
        if pledge is None:
            # Mentors' seats and sponsors' places are counted by matching: only the request moves.
            after = {pledge_units.ACCEPTED_NEWS: pledge_units.IN_PROGRESS,
                     pledge_units.GIVEN_NEWS: pledge_units.GIVEN}.get(news, pledge_units.CANCELLED)
            _request_follows(request, None, after)
            return
        session.refresh(pledge, with_for_update=True)   # one change at a time to its counts
        counted = session.get(store.MatchUnit, match["match_id"])
        units = pledge_units.PledgeUnits.of(pledge)
        try:
            after, closing = pledge_units.on_match_news(
                units, counted.state if counted else None, news,
                untracked_in_progress=units.in_progress - store.counted_in_progress(session,
                                                                                    pledge.id))
        except pledge_units.UnitRefused as refused:
            raise domain.RuleBroken(refused.field, refused.message) from None
        if counted is None:
            counted = store.MatchUnit(match_id=match["match_id"], pledge_id=pledge.id)
            session.add(counted)
        before = counted.state
        counted.state, counted.changed_at = after, utcnow()
        units.stored_in(pledge)
        if closing is not None:
            self._announce_close(session, pledge)
        _request_follows(request, before, after)

    def _announce_close(self, session, item, contract=events.PLEDGE_CLOSED):
        self.outbox.add(session, contract, {"id": item.id, "person_id": item.person_id,
                                            "status": item.status})

    @staticmethod
    def _matched(session, match):
        """The pledge (None for a mentor's lunch or a sponsorship: mentors offer seats and
        sponsors places, not pledged units) and the request a match is about."""
        standing = match["kind"] in STANDING_OFFER_KINDS
        pledge = None if standing else session.get(store.Pledge, match["pledge_id"])
        request = session.get(store.HelpRequest, match["request_id"])
        if request is None or (pledge is None and not standing):
            raise NotFound(f"match {match['match_id']} names an unknown pledge or request")
        return pledge, request

    @handles(events.SPONSORSHIP_STARTED)
    def on_sponsorship_started(self, session, sponsorship):
        """Both said yes in the swipe: that is each one's consent to share contact details."""
        sponsor, seeker = sponsorship["sponsor_id"], sponsorship["seeker_id"]
        if store.blocked_either_way(session, sponsor, seeker):
            return
        for person_id, other_id in ((sponsor, seeker), (seeker, sponsor)):
            consent = session.get(store.Consent, (person_id, other_id))
            if consent is None:
                session.add(store.Consent(person_id=person_id, other_id=other_id,
                                          given_at=sponsorship["started_at"]))
            elif consent.withdrawn_at is not None:
                consent.given_at, consent.withdrawn_at = sponsorship["started_at"], None
        self.outbox.add(session, events.CONTACT_REVEALED, {"person_id": sponsor, "other_id": seeker})

    # --- the person's own data ----------------------------------------------------------------

    @serves(rpc.profiles.export_person)
    def export_person(self, person_id):
        person = self._person(person_id)
        held = store.everything_about(self.db, person_id)
        data = {"person": row_dict(person), **{
            table: [row_dict(row) for row in rows] for table, rows in held.items()}}
        # When and until when; never a hash, which would only help someone guess a token.
        data["sessions"] = [{"created_at": row.created_at.isoformat(),
                             "expires_at": row.expires_at.isoformat()}
                            for row in store.sessions_of(self.db, person_id)]
        data["sign_in_links"] = [{"created_at": row.created_at.isoformat(),
                                  "expires_at": row.expires_at.isoformat(),
                                  "used_at": row.used_at and row.used_at.isoformat()}
                                 for row in store.sign_in_links_of(self.db, person_id)]
        data["messages"] = _without_link_tokens(messages_naming(self.db, person_id))
        # The documents the person sent, whole: the export is everything held about them, and a
        # document is theirs to take back (base64, as JSON holds no bytes).
        attached = store.documents_of(self.db, person_id)
        data["request_documents"] = [
            {**{key: value for key, value in row_dict(document).items() if key != "content"},
             "requests": sorted(str(r) for r, d in attached.items() if d.id == document.id),
             "content_base64": base64.b64encode(document.content).decode("ascii")}
            for document in {d.id: d for d in attached.values()}.values()]
        return {"service": self.name, "data": data}

    @serves(rpc.profiles.erase_person)
    def erase_person(self, person_id):
        """Anonymise the person (their pledges and requests stay, unattributable, for the impact
        figures), delete what links them to others, scrub messages, and tell every service."""
        with self.db.begin():
            person = self._person(person_id, for_update=True)
            for name, value in domain.anonymised(person_id).items():
                setattr(person, name, value)
            person.operator = False
            store.forget_sign_ins_of(self.db, person_id)
            for model, left, right in ((store.Consent, "person_id", "other_id"),
                                       (store.Block, "person_id", "other_id"),
                                       (store.Report, "person_id", "other_id"),
                                       (store.Reveal, "viewer_id", "person_id")):
                self.db.execute(delete(model).where(or_(getattr(model, left) == person_id,
                                                        getattr(model, right) == person_id)))
            for request in store.requests_of(self.db, person_id):
                request.note = ""
            store.forget_documents_of(self.db, person_id)
            scrub_messages(self.db, person_id)
            self.outbox.add(self.db, events.PERSON_ERASED, {"person_id": person_id})
        return {"done": True}

    # --- helpers ------------------------------------------------------------------------------

    def _person(self, person_id, for_update=False):
        person = self.db.get(store.Person, person_id, with_for_update=for_update)
        if person is None or domain.is_anonymised(person.attributes()):
            raise NotFound(f"no person {person_id}")
        return person

    def _pair(self, person_id, other_id):
        if person_id == other_id:
            raise InvalidInput({"other_id": ["Must be someone else."]})
        self._person(person_id)
        self._person(other_id)

    def _owned(self, model, item_id, person_id):
        item = self.db.get(model, item_id, with_for_update=True)
        if item is None or item.person_id != person_id:
            raise NotFound(f"no {model.__tablename__} {item_id} of this person")
        return item
