"""Every event: its name, the one service that publishes it, the services that consume it, its payload.

Payloads are validated when written to the outbox and again when received (shared/messaging).
A consumer listed here gets a durable queue declared before anything is published
(shared/messaging/topology.py), so an event is never published into the void.
"""
from dataclasses import dataclass

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from shared import explanations

from .fields import (Availability, Languages, Locale, OccupationRef, SitePath, Skills, Slot, Text,
                     TimeZone, one_line)
from .kinds import (CANCEL_REASONS, DELIVERY_REMINDERS, EXPIRED, FULFILLED, HELP_KINDS, HOW_GIVEN,
                    REASSIGN_REASONS, REMINDER_HOURS, REQUEST_KINDS, ROLES, WITHDRAWN)


# Why a sign-in link is sent, and what an address is confirmed for.
SIGN_IN_REASONS = ("sign_in", "registration")
CONFIRMATION_PURPOSES = ("registration", "email_change")


@dataclass(frozen=True)
class EventContract:
    name: str
    producer: str
    consumers: tuple
    schema: type

    def validate(self, data):
        """The payload as the schema loads it; raises marshmallow's ValidationError naming fields."""
        return self.schema().load(data)

    def to_wire(self, data):
        """The JSON-ready payload (UUIDs and dates as strings), refused if it breaks the contract."""
        schema = self.schema()
        wire = schema.dump(data)
        errors = schema.validate(wire)
        if errors:
            raise ValidationError(errors)
        return wire


class MentorProfile(Schema):
    """The reconversion a mentor made, and how much of their lunchtime they give."""
    from_occupation = OccupationRef(required=True)
    to_occupation = OccupationRef(required=True)
    moved_in = fields.Integer(required=True, validate=validate.Range(min=1950, max=2100))
    current_occupation = OccupationRef(load_default=None, allow_none=True)
    sectors = fields.List(fields.String(validate=[validate.Length(min=1, max=60), one_line]),
                          load_default=list, validate=validate.Length(max=10))
    max_mentees = fields.Integer(load_default=2, strict=True, validate=validate.Range(min=1, max=10))


class SponsorProfile(Schema):
    """How many job seekers a sponsor follows at once, and whom they would like to help."""
    capacity = fields.Integer(load_default=3, strict=True, validate=validate.Range(min=1, max=20))
    occupations = fields.List(OccupationRef(), load_default=list, validate=validate.Length(max=20))
    radius_km = fields.Integer(load_default=20, strict=True, validate=validate.Range(min=1, max=1000))


class ProfileSnapshot(Schema):
    """A person as profiles knows them, after registration or any change.

    Occupations are ROME codes (shared/reference/occupations.py). Contact details (last name,
    email, phone) travel for the services that need them to reach the person; no service shows
    them to anyone else before both people consented (profiles.view_person).
    """
    person_id = fields.UUID(required=True)
    first_name = fields.String(required=True)
    last_name = fields.String(required=True)
    email = fields.Email(required=True)
    phone = fields.String(required=True, allow_none=True)
    locale = Locale(required=True)
    timezone = TimeZone(required=True)
    roles = fields.List(fields.String(validate=validate.OneOf(ROLES)), required=True)
    languages = Languages(required=True)
    skills = Skills(required=True)
    occupation = fields.String(required=True, allow_none=True)
    target_occupation = fields.String(required=True, allow_none=True)
    own_words = fields.String(required=True)
    neighbourhood = fields.String(required=True, allow_none=True)
    latitude = fields.Float(required=True, allow_none=True)
    longitude = fields.Float(required=True, allow_none=True)
    availability = Availability(required=True)
    mentor = fields.Nested(MentorProfile, required=True, allow_none=True)
    sponsor = fields.Nested(SponsorProfile, required=True, allow_none=True)
    accepts_sponsors = fields.Boolean(required=True)
    changed_at = fields.AwareDateTime(required=True)


class PledgeMade(Schema):
    pledge_id = fields.UUID(required=True)
    person_id = fields.UUID(required=True)
    kind = fields.String(required=True, validate=validate.OneOf(HELP_KINDS))
    quantity = fields.Integer(required=True, validate=validate.Range(min=1))
    valid_until = fields.Date(required=True)
    remote = fields.Boolean(required=True)
    radius_km = fields.Integer(required=True, allow_none=True)


class Closed(Schema):
    """A pledge or a help request leaves the market: withdrawn, expired, or fully used."""
    id = fields.UUID(required=True)
    person_id = fields.UUID(required=True)
    status = fields.String(required=True, validate=validate.OneOf((FULFILLED, WITHDRAWN, EXPIRED)))


class Pair(Schema):
    """Something between two people: `person_id` did it about `other_id`."""
    person_id = fields.UUID(required=True)
    other_id = fields.UUID(required=True)


class SponsorshipStarted(Schema):
    """A sponsor and a job seeker both said yes: from now on each may see the other's contact."""
    sponsorship_id = fields.UUID(required=True)
    sponsor_id = fields.UUID(required=True)
    seeker_id = fields.UUID(required=True)
    started_at = fields.AwareDateTime(required=True)


class SponsorInterested(Schema):
    """A sponsor liked the card of a job seeker who answers sponsors one by one (they do not
    accept sponsors by default): the seeker may like them back, which starts the sponsorship."""
    sponsor_id = fields.UUID(required=True)
    seeker_id = fields.UUID(required=True)
    liked_at = fields.AwareDateTime(required=True)


class PersonErased(Schema):
    person_id = fields.UUID(required=True)


class SignInRequested(Schema):
    """Someone asked to sign in: notifications emails them `{PUBLIC_URL}/sign-in/{link_token}`.

    The link token has to travel to the one service that sends emails; it is worthless once used or
    after `expires_at` (15 minutes), and notifications never copies it into the inbox or logs.
    """
    person_id = fields.UUID(required=True)
    link_token = fields.String(required=True, validate=validate.Length(min=32, max=200))
    expires_at = fields.AwareDateTime(required=True)
    # The language the person asked in (their browser's), else their profile's.
    locale = Locale(required=True)
    # "registration": someone asked to register with this person's address; the email says so,
    # and that the link signs its owner in should it have been them.
    reason = fields.String(load_default="sign_in", validate=validate.OneOf(SIGN_IN_REASONS))
    # The page of Binôme the link leads back to once signed in (a path of this site), if any.
    next = SitePath(allow_none=True)


class AddressConfirmationRequested(Schema):
    """Someone registered with `email`, or asked to change their address to it: notifications
    emails `{PUBLIC_URL}/sign-in/{link_token}` to that address, which applies it once followed.

    The address and the name travel here because nobody knows them yet: a registration becomes a
    person (with this `person_id`) and reaches the other services only once confirmed.
    """
    person_id = fields.UUID(required=True)
    purpose = fields.String(required=True, validate=validate.OneOf(CONFIRMATION_PURPOSES))
    email = fields.String(required=True, validate=validate.Length(min=3, max=254))
    first_name = fields.String(required=True, validate=validate.Length(min=1, max=50))
    last_name = fields.String(required=True, validate=validate.Length(min=1, max=50))
    link_token = fields.String(required=True, validate=validate.Length(min=32, max=200))
    expires_at = fields.AwareDateTime(required=True)
    locale = Locale(required=True)
    timezone = TimeZone(required=True)


class HelpRequested(Schema):
    request_id = fields.UUID(required=True)
    person_id = fields.UUID(required=True)
    kind = fields.String(required=True, validate=validate.OneOf(REQUEST_KINDS))
    note = Text(500, required=True)
    requested_at = fields.AwareDateTime(required=True)


class Reason(Schema):
    """Why a pair was made, as data: each reader gets it in their own words
    (shared/explanations.py), e.g. {"code": "shared_skills", "params": {"count": 2, "skills": […]}}."""
    code = fields.String(required=True, validate=validate.OneOf(explanations.CODES))
    params = fields.Dict(keys=fields.String(), required=True)


class MatchProposed(Schema):
    match_id = fields.UUID(required=True)
    round_id = fields.UUID(required=True)
    kind = fields.String(required=True, validate=validate.OneOf(REQUEST_KINDS))
    request_id = fields.UUID(required=True)
    pledge_id = fields.UUID(required=True)
    seeker_id = fields.UUID(required=True)
    donor_id = fields.UUID(required=True)
    affinity = fields.Float(required=True)
    reasons = fields.List(fields.Nested(Reason), required=True)
    # Until when the seeker may answer before the proposal lapses (the email says it); absent from
    # events written before it was carried.
    expires_at = fields.AwareDateTime(load_default=None, allow_none=True)


class MatchAccepted(Schema):
    match_id = fields.UUID(required=True)
    kind = fields.String(required=True, validate=validate.OneOf(REQUEST_KINDS))
    request_id = fields.UUID(required=True)
    pledge_id = fields.UUID(required=True)
    seeker_id = fields.UUID(required=True)
    donor_id = fields.UUID(required=True)
    remote = fields.Boolean(required=True)


class MatchCancelled(MatchAccepted):
    """An accepted match called off. `left` says one of the two erased their account: scheduling
    then leaves the meeting to its own handling of the erasure, which tells the partner without
    naming who left (this event, which names both, may reach it first)."""
    left = fields.Boolean(required=True)


class MessagePosted(Schema):
    """A message written in a match's conversation, for the other person to be told. Its text is
    not in the event: it stays in matching's table only (and an erasure deletes it there)."""
    message_id = fields.UUID(required=True)
    match_id = fields.UUID(required=True)
    kind = fields.String(required=True, validate=validate.OneOf(REQUEST_KINDS))
    author_id = fields.UUID(required=True)
    recipient_id = fields.UUID(required=True)
    posted_at = fields.AwareDateTime(required=True)


class MeetingProposed(Schema):
    meeting_id = fields.UUID(required=True)
    match_id = fields.UUID(required=True)
    kind = fields.String(required=True, validate=validate.OneOf(REQUEST_KINDS))
    chooser_id = fields.UUID(required=True)
    other_id = fields.UUID(required=True)
    slots = fields.List(fields.Nested(Slot), required=True, validate=validate.Length(min=1))
    # Where they would meet: a suggested place near both, or the video-call link.
    location = fields.String(required=True)
    expires_at = fields.AwareDateTime(required=True)
    # True when a booked meeting is being moved: the booking stands until a new slot is chosen.
    rescheduling = fields.Boolean(required=True)


class MeetingConfirmed(Schema):
    meeting_id = fields.UUID(required=True)
    match_id = fields.UUID(required=True)
    kind = fields.String(required=True, validate=validate.OneOf(REQUEST_KINDS))
    attendee_ids = fields.List(fields.UUID(), required=True, validate=validate.Length(equal=2))
    start = fields.AwareDateTime(required=True)
    end = fields.AwareDateTime(required=True)
    location = fields.String(required=True)
    # The RFC 5545 invite, METHOD:REQUEST, ready to attach to an email; SEQUENCE grows on changes.
    invite = fields.String(required=True)
    sequence = fields.Integer(required=True, validate=validate.Range(min=0))

    @validates_schema
    def _ends_after_start(self, data, **kwargs):
        if data["end"] <= data["start"]:
            raise ValidationError("Must be later than start.", "end")


class MeetingRescheduled(MeetingConfirmed):
    """A booked meeting moved: the invite keeps its UID with a higher SEQUENCE."""
    previous_start = fields.AwareDateTime(required=True)


class MeetingCancelled(Schema):
    """A meeting will not happen. `cancelled_by` is None when nobody chose it (a block, an
    erasure, a match cancelled elsewhere, proposals nobody answered).

    After an erasure (reason "erased") `attendee_ids` holds the partner alone: the event must
    reach them, and so may not name who left (every message naming an erased person is scrubbed).
    """
    meeting_id = fields.UUID(required=True)
    match_id = fields.UUID(required=True)
    kind = fields.String(required=True, validate=validate.OneOf(REQUEST_KINDS))
    attendee_ids = fields.List(fields.UUID(), required=True, validate=validate.Length(min=1, max=2))
    cancelled_by = fields.UUID(required=True, allow_none=True)
    reason = fields.String(required=True, validate=validate.OneOf(CANCEL_REASONS))
    # Only a booked meeting has an invite to withdraw: METHOD:CANCEL, same UID, next SEQUENCE.
    start = fields.AwareDateTime(required=True, allow_none=True)
    invite = fields.String(required=True, allow_none=True)


class MeetingReminderDue(Schema):
    meeting_id = fields.UUID(required=True)
    # The match whose page the emails link to (None in events written before it was carried).
    match_id = fields.UUID(allow_none=True)
    kind = fields.String(required=True, validate=validate.OneOf(REQUEST_KINDS))
    attendee_ids = fields.List(fields.UUID(), required=True, validate=validate.Length(equal=2))
    start = fields.AwareDateTime(required=True)
    end = fields.AwareDateTime(required=True)
    location = fields.String(required=True)
    hours_before = fields.Integer(required=True, validate=validate.OneOf(REMINDER_HOURS))


class FeedbackRequested(Schema):
    """The meeting's time is over: "did you meet?", then how it went."""
    meeting_id = fields.UUID(required=True)
    # The match whose page asks "did you meet?" (None in events written before it was carried).
    match_id = fields.UUID(allow_none=True)
    kind = fields.String(required=True, validate=validate.OneOf(REQUEST_KINDS))
    attendee_ids = fields.List(fields.UUID(), required=True, validate=validate.Length(equal=2))
    start = fields.AwareDateTime(required=True)


class MeetingHeld(Schema):
    meeting_id = fields.UUID(required=True)
    match_id = fields.UUID(required=True)
    kind = fields.String(required=True, validate=validate.OneOf(REQUEST_KINDS))
    attendee_ids = fields.List(fields.UUID(), required=True, validate=validate.Length(equal=2))
    start = fields.AwareDateTime(required=True)


class NoShowRecorded(Schema):
    """`person_id` did not come, as `reported_by` says. At NO_SHOWS_BEFORE_PAUSE the person's
    matching pauses until they confirm they are still available."""
    meeting_id = fields.UUID(required=True)
    person_id = fields.UUID(required=True)
    reported_by = fields.UUID(required=True)
    no_shows = fields.Integer(required=True, validate=validate.Range(min=1))
    paused = fields.Boolean(required=True)


class MatchingResumed(Schema):
    """A paused person said they are still available: they are matched again."""
    person_id = fields.UUID(required=True)


# --- help delivered (docs: README "Help delivered") ---------------------------------------------

class HelpGiven(Schema):
    """A unit of help was given: the review returned, the meeting held, the introduction confirmed
    by the seeker. Profiles counts the pledge's unit as given (and closes the pledge, fulfilled,
    with its last unit); notifications tells the one who did not act."""
    match_id = fields.UUID(required=True)
    kind = fields.String(required=True, validate=validate.OneOf(REQUEST_KINDS))
    request_id = fields.UUID(required=True)
    pledge_id = fields.UUID(required=True)
    seeker_id = fields.UUID(required=True)
    donor_id = fields.UUID(required=True)
    how = fields.String(required=True, validate=validate.OneOf(HOW_GIVEN))
    given_at = fields.AwareDateTime(required=True)
    # Whether it came by the delivery deadline (always true for kinds without one).
    on_time = fields.Boolean(required=True)


class MatchReassigned(MatchAccepted):
    """An accepted match whose donor gave nothing by the deadline goes to another donor: the
    request reopens (never with the same donor), and the donor's unit comes back to them paused
    until they say they still want to help (pledge_resumed)."""
    reason = fields.String(required=True, validate=validate.OneOf(REASSIGN_REASONS))
    deadline = fields.AwareDateTime(required=True)


class DeliveryReminderDue(Schema):
    """The donor of an accepted match has not given the help yet: halfway to the deadline, and a
    day before it."""
    match_id = fields.UUID(required=True)
    kind = fields.String(required=True, validate=validate.OneOf(REQUEST_KINDS))
    donor_id = fields.UUID(required=True)
    seeker_id = fields.UUID(required=True)
    deadline = fields.AwareDateTime(required=True)
    reminder = fields.String(required=True, validate=validate.OneOf(DELIVERY_REMINDERS))


class ReviewRated(Schema):
    """The seeker rated the review they were returned, and perhaps thanked the donor (the thanks'
    text stays in matching's table, as a message's does)."""
    match_id = fields.UUID(required=True)
    kind = fields.String(required=True, validate=validate.OneOf(REQUEST_KINDS))
    donor_id = fields.UUID(required=True)
    seeker_id = fields.UUID(required=True)
    rating = fields.Integer(required=True, validate=validate.Range(min=1, max=5))
    thanked = fields.Boolean(required=True)


class PledgeResumed(Schema):
    """A donor whose unit was paused (they were silent) said they still want to help: the unit is
    offered again."""
    pledge_id = fields.UUID(required=True)
    person_id = fields.UUID(required=True)
    units = fields.Integer(required=True, validate=validate.Range(min=1))


class OutcomeQuestionDue(Schema):
    """Three months after their first help, a seeker is asked once where they stand. `token` is the
    secret of the one-click links; notifications puts it in the email and keeps no copy of it."""
    survey_id = fields.UUID(required=True)
    person_id = fields.UUID(required=True)
    token = fields.String(required=True, validate=validate.Length(min=32, max=128))
    asked_at = fields.AwareDateTime(required=True)


PERSON_REGISTERED = EventContract(
    "person_registered", "profiles", ("matching", "scheduling", "notifications"), ProfileSnapshot)
PROFILE_UPDATED = EventContract(
    "profile_updated", "profiles", ("matching", "scheduling", "notifications"), ProfileSnapshot)
# Notifications thanks the donor for a pledge, and tells them its impact once it is fulfilled.
PLEDGE_MADE = EventContract("pledge_made", "profiles", ("matching", "notifications"), PledgeMade)
PLEDGE_CLOSED = EventContract("pledge_closed", "profiles", ("matching", "notifications"), Closed)
HELP_REQUESTED = EventContract("help_requested", "profiles", ("matching",), HelpRequested)
REQUEST_CLOSED = EventContract("request_closed", "profiles", ("matching",), Closed)
# A block travels to every service that could still bring the two together or talk to one about
# the other, so that messages already in flight are dropped when they arrive.
PERSON_BLOCKED = EventContract(
    "person_blocked", "profiles", ("matching", "scheduling", "notifications"), Pair)
CONTACT_REVEALED = EventContract("contact_revealed", "profiles", ("notifications",), Pair)
PERSON_ERASED = EventContract(
    "person_erased", "profiles", ("matching", "scheduling", "notifications"), PersonErased)
SIGN_IN_REQUESTED = EventContract(
    "sign_in_requested", "profiles", ("notifications",), SignInRequested)
ADDRESS_CONFIRMATION_REQUESTED = EventContract(
    "address_confirmation_requested", "profiles", ("notifications",), AddressConfirmationRequested)
MATCH_PROPOSED = EventContract("match_proposed", "matching", ("notifications",), MatchProposed)
MATCH_ACCEPTED = EventContract(
    "match_accepted", "matching", ("profiles", "scheduling", "notifications"), MatchAccepted)
MATCH_CANCELLED = EventContract(
    "match_cancelled", "matching", ("profiles", "scheduling"), MatchCancelled)
SPONSORSHIP_STARTED = EventContract(
    "sponsorship_started", "matching", ("profiles", "notifications"), SponsorshipStarted)
SPONSOR_INTERESTED = EventContract(
    "sponsor_interested", "matching", ("notifications",), SponsorInterested)
MESSAGE_POSTED = EventContract("message_posted", "matching", ("notifications",), MessagePosted)
MEETING_PROPOSED = EventContract("meeting_proposed", "scheduling", ("notifications",), MeetingProposed)
MEETING_CONFIRMED = EventContract("meeting_confirmed", "scheduling", ("notifications",), MeetingConfirmed)
MEETING_RESCHEDULED = EventContract(
    "meeting_rescheduled", "scheduling", ("notifications",), MeetingRescheduled)
# Matching hears of a cancelled meeting so that the match is cancelled and capacity given back.
MEETING_CANCELLED = EventContract(
    "meeting_cancelled", "scheduling", ("matching", "notifications"), MeetingCancelled)
MEETING_REMINDER_DUE = EventContract(
    "meeting_reminder_due", "scheduling", ("notifications",), MeetingReminderDue)
FEEDBACK_REQUESTED = EventContract(
    "feedback_requested", "scheduling", ("notifications",), FeedbackRequested)
MEETING_HELD = EventContract("meeting_held", "scheduling", ("matching",), MeetingHeld)
NO_SHOW_RECORDED = EventContract(
    "no_show_recorded", "scheduling", ("matching", "notifications"), NoShowRecorded)
MATCHING_RESUMED = EventContract("matching_resumed", "scheduling", ("matching",), MatchingResumed)
HELP_GIVEN = EventContract("help_given", "matching", ("profiles", "notifications"), HelpGiven)
MATCH_REASSIGNED = EventContract(
    "match_reassigned", "matching", ("profiles", "notifications"), MatchReassigned)
DELIVERY_REMINDER_DUE = EventContract(
    "delivery_reminder_due", "matching", ("notifications",), DeliveryReminderDue)
REVIEW_RATED = EventContract("review_rated", "matching", ("notifications",), ReviewRated)
PLEDGE_RESUMED = EventContract("pledge_resumed", "profiles", ("matching",), PledgeResumed)
OUTCOME_QUESTION_DUE = EventContract(
    "outcome_question_due", "matching", ("notifications",), OutcomeQuestionDue)

EVENTS = {contract.name: contract for contract in (
    PERSON_REGISTERED, PROFILE_UPDATED, PLEDGE_MADE, PLEDGE_CLOSED, HELP_REQUESTED, REQUEST_CLOSED,
    PERSON_BLOCKED, CONTACT_REVEALED, PERSON_ERASED, SIGN_IN_REQUESTED,
    ADDRESS_CONFIRMATION_REQUESTED,
    MATCH_PROPOSED, MATCH_ACCEPTED, MATCH_CANCELLED, SPONSORSHIP_STARTED, SPONSOR_INTERESTED,
    MESSAGE_POSTED, MEETING_PROPOSED, MEETING_CONFIRMED, MEETING_RESCHEDULED, MEETING_CANCELLED,
    MEETING_REMINDER_DUE, FEEDBACK_REQUESTED, MEETING_HELD, NO_SHOW_RECORDED, MATCHING_RESUMED,
    HELP_GIVEN, MATCH_REASSIGNED, DELIVERY_REMINDER_DUE, REVIEW_RATED, PLEDGE_RESUMED,
    OUTCOME_QUESTION_DUE,
)}


def consumed_by(service_name):
    return [contract for contract in EVENTS.values() if service_name in contract.consumers]


__all__ = ["EVENTS", "EventContract", "ValidationError", "consumed_by"] + [
    name for name in dir() if name.isupper() and name != "EVENTS"]
