"""Every RPC method: which service answers it, its keyword arguments and its result.

Arguments are loaded through `args` by the answering service before anything is written
(shared/rpc.py); unknown arguments are refused by name. Results are dumped through `result`.
"""
from dataclasses import dataclass

from marshmallow import Schema, fields, validate

from .events import MatchProposed, MeetingProposed, MentorProfile, Reason, SponsorProfile
from .fields import (Availability, HourMinute, KnownOccupation, KnownPlace, Languages, Line, Locale,
                     Name, Phone, SitePath, Skills, Text, TimeZone, not_blank)
from .kinds import AVAILABILITY_PRESETS, HELP_KINDS, MEETING_OUTCOMES, REQUEST_KINDS, ROLES
from .kinds import SITUATIONS


@dataclass(frozen=True)
class RpcContract:
    service: str
    method: str
    args: type
    result: type | None
    many: bool = False
    # Argument fields that may be left out (an update sends only what changes).
    partial: tuple = ()


# --- profiles ---------------------------------------------------------------------------------

class MentorAnswers(MentorProfile):
    """A mentor's block as the person gives it: occupations the reference data knows."""
    from_occupation = KnownOccupation(required=True)
    to_occupation = KnownOccupation(required=True)
    current_occupation = KnownOccupation(load_default=None, allow_none=True)


class SponsorAnswers(SponsorProfile):
    """A sponsor's block as the person gives it: occupations the reference data knows."""
    occupations = fields.List(KnownOccupation(), load_default=list,
                              validate=validate.Length(max=20))


class ProfileFields(Schema):
    """What a person tells about themselves; every field may change later (update_profile)."""
    first_name = Name(required=True)
    last_name = Name(required=True)
    email = fields.Email(required=True, validate=validate.Length(max=254))
    phone = Phone(load_default=None, allow_none=True)
    locale = Locale(load_default="fr")
    timezone = TimeZone(load_default="Europe/Paris")
    roles = fields.List(fields.String(validate=validate.OneOf(ROLES)), required=True,
                        validate=validate.Length(min=1, max=len(ROLES)))
    languages = Languages(load_default=lambda: ["fr"])
    # A postal code or a city; only its neighbourhood is ever shown to others.
    location = KnownPlace(load_default=None, allow_none=True)
    own_words = Text(500, load_default="")
    occupation = KnownOccupation(load_default=None, allow_none=True)
    target_occupation = KnownOccupation(load_default=None, allow_none=True)
    skills = Skills(load_default=list)
    availability = Availability(load_default=None, allow_none=True)
    availability_preset = fields.String(load_default=None, allow_none=True,
                                        validate=validate.OneOf(tuple(AVAILABILITY_PRESETS)))
    mentor = fields.Nested(MentorAnswers, load_default=None, allow_none=True)
    sponsor = fields.Nested(SponsorAnswers, load_default=None, allow_none=True)
    # A job seeker who accepts sponsors is sponsored as soon as a sponsor likes their card;
    # otherwise they like the sponsor back first.
    accepts_sponsors = fields.Boolean(load_default=False)


class RegisterPerson(ProfileFields):
    pass


class UpdateProfile(ProfileFields):
    """Only the fields sent change; the rest stay as they are."""
    person_id = fields.UUID(required=True)


class Profile(Schema):
    """A person's own profile: everything, contact details included. Only for that person."""
    id = fields.UUID()
    first_name = fields.String()
    last_name = fields.String()
    email = fields.String()
    phone = fields.String(allow_none=True)
    locale = fields.String()
    timezone = fields.String()
    roles = fields.List(fields.String())
    languages = fields.List(fields.String())
    postal_code = fields.String(allow_none=True)
    neighbourhood = fields.String(allow_none=True)
    own_words = fields.String()
    occupation = fields.String(allow_none=True)
    target_occupation = fields.String(allow_none=True)
    skills = fields.List(fields.String())
    availability = fields.Dict()
    mentor = fields.Dict(allow_none=True)
    sponsor = fields.Dict(allow_none=True)
    accepts_sponsors = fields.Boolean()
    registered_at = fields.AwareDateTime()


class RegistrationReceived(Schema):
    """The one answer to a registration, whatever the address: new, pending or registered. The
    account exists once its owner follows the link emailed to the address (redeem_sign_in)."""
    status = fields.String(dump_default="check_your_email")


class Card(Schema):
    """What anyone else sees of a person before both consented: never a way to reach them."""
    id = fields.UUID()
    display_name = fields.String()
    roles = fields.List(fields.String())
    occupation = fields.String(allow_none=True)
    target_occupation = fields.String(allow_none=True)
    # The ROME codes the labels above name: a page names them in its reader's language.
    occupation_code = fields.String(allow_none=True)
    target_occupation_code = fields.String(allow_none=True)
    skills = fields.List(fields.String())
    neighbourhood = fields.String(allow_none=True)
    own_words = fields.String()
    languages = fields.List(fields.String())


class Contact(Schema):
    first_name = fields.String()
    last_name = fields.String()
    email = fields.String()
    phone = fields.String(allow_none=True)


class PersonView(Schema):
    card = fields.Nested(Card)
    # Present only once both people consented to share their contact details with each other.
    contact = fields.Nested(Contact, allow_none=True)
    consent = fields.Dict()


class Token(Schema):
    token = fields.String(required=True, validate=validate.Length(min=20, max=200))


class Authenticated(Schema):
    person_id = fields.UUID()
    # Operators run rounds and see parked messages and the impact dashboard.
    operator = fields.Boolean(dump_default=False)


class RequestSignIn(Schema):
    email = fields.Email(required=True, validate=validate.Length(max=254))
    # The language of the email; the person's own when left out.
    locale = Locale(load_default=None, allow_none=True)
    # The page the person was on when asked to sign in: the emailed link brings them back to it.
    next = SitePath(load_default=None, allow_none=True)


class SignInSent(Schema):
    # Always true, whether or not the address belongs to someone: nobody learns who is registered.
    sent = fields.Boolean()


class RedeemSignIn(Schema):
    # The token of the emailed link `{PUBLIC_URL}/sign-in/{link_token}`: once, within 15 minutes
    # for a sign-in, 24 hours for a registration or a change of address (which it applies).
    link_token = fields.String(required=True, validate=validate.Length(min=20, max=200))


class SignedIn(Authenticated):
    # A new session token, shown once (only its hash is kept); authenticates until it expires
    # (30 days) or is signed out.
    token = fields.String()
    # Whether this link created the account (a registration's): the pages welcome the person.
    new_account = fields.Boolean(dump_default=False)


class PersonId(Schema):
    person_id = fields.UUID(required=True)


class Viewing(Schema):
    viewer_id = fields.UUID(required=True)
    person_id = fields.UUID(required=True)


class PairArgs(Schema):
    person_id = fields.UUID(required=True)
    other_id = fields.UUID(required=True)


class ReportArgs(PairArgs):
    reason = Text(1000, not_blank, required=True)


class Done(Schema):
    done = fields.Boolean()


class ConsentState(Schema):
    mine = fields.Boolean()
    theirs = fields.Boolean()
    mutual = fields.Boolean()


class MakePledge(Schema):
    person_id = fields.UUID(required=True)
    kind = fields.String(required=True, validate=validate.OneOf(HELP_KINDS))
    quantity = fields.Integer(required=True, strict=True, validate=validate.Range(min=1, max=50))
    valid_until = fields.Date(load_default=None, allow_none=True)
    remote = fields.Boolean(load_default=True)
    # For in-person help: how far the donor will go, from their own location.
    radius_km = fields.Integer(load_default=None, allow_none=True, strict=True,
                               validate=validate.Range(min=1, max=200))


class PledgeUnitCounts(Schema):
    """A pledge's units by state (services/profiles/pledge_units.py): still offered, matched with
    the help not given yet, given, paused after a silent match, released by the donor."""
    remaining = fields.Integer()
    in_progress = fields.Integer()
    given = fields.Integer()
    paused = fields.Integer()
    released = fields.Integer()


class Pledge(Schema):
    id = fields.UUID()
    person_id = fields.UUID()
    kind = fields.String()
    quantity = fields.Integer()
    remaining = fields.Integer()
    valid_until = fields.Date()
    remote = fields.Boolean()
    radius_km = fields.Integer(allow_none=True)
    status = fields.String()
    units = fields.Nested(PledgeUnitCounts)
    # Each unit's state, given first: given, in_progress, paused, offered (or the pledge's
    # withdrawn / expired), released.
    unit_states = fields.List(fields.String())


class PledgeRef(Schema):
    person_id = fields.UUID(required=True)
    pledge_id = fields.UUID(required=True)


class RequestHelp(Schema):
    person_id = fields.UUID(required=True)
    kind = fields.String(required=True, validate=validate.OneOf(REQUEST_KINDS))
    note = Text(500, load_default="")
    # A review may reuse a document the person sent for an earlier request (attach_document), as
    # long as it went to fewer than kinds.DOCUMENT_REVIEWS reviews.
    document_id = fields.UUID(load_default=None, allow_none=True)


class HelpRequest(Schema):
    id = fields.UUID()
    person_id = fields.UUID()
    kind = fields.String()
    note = fields.String()
    status = fields.String()
    requested_at = fields.AwareDateTime()
    # A review's document (what it is, never its bytes), once attached.
    document = fields.Nested(lambda: Document(), allow_none=True)


class RequestRef(Schema):
    person_id = fields.UUID(required=True)
    request_id = fields.UUID(required=True)


class Export(Schema):
    """Everything one service holds about a person, as plain JSON."""
    service = fields.String()
    data = fields.Dict()


class profiles:
    register_person = RpcContract("profiles", "register_person", RegisterPerson,
                                  RegistrationReceived)
    authenticate = RpcContract("profiles", "authenticate", Token, Authenticated)
    request_sign_in = RpcContract("profiles", "request_sign_in", RequestSignIn, SignInSent)
    redeem_sign_in = RpcContract("profiles", "redeem_sign_in", RedeemSignIn, SignedIn)
    sign_out = RpcContract("profiles", "sign_out", Token, Done)
    get_person = RpcContract("profiles", "get_person", PersonId, Profile)
    update_profile = RpcContract("profiles", "update_profile", UpdateProfile, Profile,
                                 partial=tuple(ProfileFields._declared_fields))
    view_person = RpcContract("profiles", "view_person", Viewing, PersonView)
    consent_to_contact = RpcContract("profiles", "consent_to_contact", PairArgs, ConsentState)
    withdraw_consent = RpcContract("profiles", "withdraw_consent", PairArgs, ConsentState)
    block = RpcContract("profiles", "block", PairArgs, Done)
    report = RpcContract("profiles", "report", ReportArgs, Done)
    make_pledge = RpcContract("profiles", "make_pledge", MakePledge, Pledge)
    withdraw_pledge = RpcContract("profiles", "withdraw_pledge", PledgeRef, Pledge)
    pledges_of = RpcContract("profiles", "pledges_of", PersonId, Pledge, many=True)
    # A donor whose unit was paused after a silent match says yes (resume) or no (release).
    resume_pledge = RpcContract("profiles", "resume_pledge", PledgeRef, Pledge)
    release_pledge = RpcContract("profiles", "release_pledge", PledgeRef, Pledge)
    request_help = RpcContract("profiles", "request_help", RequestHelp, HelpRequest)
    withdraw_request = RpcContract("profiles", "withdraw_request", RequestRef, HelpRequest)
    requests_of = RpcContract("profiles", "requests_of", PersonId, HelpRequest, many=True)
    export_person = RpcContract("profiles", "export_person", PersonId, Export)
    erase_person = RpcContract("profiles", "erase_person", PersonId, Done)


# --- matching ---------------------------------------------------------------------------------

class RunRound(Schema):
    kind = fields.String(required=True, validate=validate.OneOf(REQUEST_KINDS))


class RoundReport(Schema):
    id = fields.UUID()
    kind = fields.String()
    started_at = fields.AwareDateTime()
    requests = fields.Integer()
    offers = fields.Integer()
    edges = fields.Integer()
    matched = fields.Integer()
    mean_affinity = fields.Float(allow_none=True)
    total_affinity = fields.Float()
    greedy_matched = fields.Integer()
    greedy_total = fields.Float()
    stable_matched = fields.Integer()
    stable_total = fields.Float()


class Match(MatchProposed):
    # In the words of the person asking (their locale); `reason_data` holds the same as data.
    reasons = fields.List(fields.String())
    reason_data = fields.List(fields.Nested(Reason))
    status = fields.String()
    proposed_at = fields.AwareDateTime()
    # --- turnaround (issue 14): when the help is due (None: this kind has none, or the match was
    # never accepted), whether that passed with nothing given, whether the seeker may now ask for
    # another donor, when Binôme moves the request on its own, and when and why it did.
    deadline_at = fields.AwareDateTime(allow_none=True)
    overdue = fields.Boolean()
    may_ask_another = fields.Boolean()
    reassign_at = fields.AwareDateTime(allow_none=True)
    reassigned_at = fields.AwareDateTime(allow_none=True)
    reassign_reason = fields.String(allow_none=True)
    # The help given (issue 14, reviews): when and how (kinds.HOW_GIVEN), whether by the
    # deadline; for a review kind, where its review stands (waiting, returned, rated).
    given_at = fields.AwareDateTime(allow_none=True)
    given_how = fields.String(allow_none=True)
    given_on_time = fields.Boolean(allow_none=True)
    review_state = fields.String(allow_none=True)
    # A proposal still waiting: until when the seeker may answer it (PROPOSAL_EXPIRY_HOURS after
    # it was made); then it lapses and the donor's unit is free again. None once answered.
    answer_by = fields.AwareDateTime(allow_none=True)


class MatchDecision(Schema):
    match_id = fields.UUID(required=True)
    person_id = fields.UUID(required=True)


class FeedArgs(Schema):
    sponsor_id = fields.UUID(required=True)
    page = fields.Integer(load_default=0, validate=validate.Range(min=0, max=10_000))
    page_size = fields.Integer(load_default=20, validate=validate.Range(min=1, max=50))


class FeedCard(Card):
    affinity = fields.Float()
    reasons = fields.List(fields.String())


class Feed(Schema):
    cards = fields.List(fields.Nested(FeedCard))
    page = fields.Integer()
    next_page = fields.Integer(allow_none=True)
    # How many cards the whole feed holds (the API's page envelope says so).
    total = fields.Integer()


class SwipeArgs(Schema):
    person_id = fields.UUID(required=True)
    other_id = fields.UUID(required=True)
    decision = fields.String(required=True, validate=validate.OneOf(("like", "pass")))


class Sponsorship(Schema):
    sponsorship_id = fields.UUID()
    sponsor_id = fields.UUID()
    seeker_id = fields.UUID()
    started_at = fields.AwareDateTime()
    status = fields.String()


class SwipeResult(Schema):
    decision = fields.String()
    sponsorship = fields.Nested(Sponsorship, allow_none=True)


class InterestedSponsorsArgs(Schema):
    """A job seeker's page of the sponsors who liked them; pages count from 0, as the feed's."""
    person_id = fields.UUID(required=True)
    page = fields.Integer(load_default=0, validate=validate.Range(min=0, max=10_000))
    page_size = fields.Integer(load_default=20, validate=validate.Range(min=1, max=50))


class SponsorOccupation(Schema):
    code = fields.String()
    label = fields.String(allow_none=True)


class InterestedSponsor(Schema):
    """A sponsor who liked a seeker's card, as the seeker sees them before answering: what they
    offer, never a way to reach them."""
    id = fields.UUID()
    display_name = fields.String()
    # Occupations they can help towards (empty: any), labelled in the seeker's language.
    occupations = fields.List(fields.Nested(SponsorOccupation))
    radius_km = fields.Integer()
    own_words = fields.String()
    liked_at = fields.AwareDateTime()


class InterestedSponsors(Schema):
    items = fields.List(fields.Nested(InterestedSponsor))
    page = fields.Integer()
    page_size = fields.Integer()
    total = fields.Integer()


class Explanation(Schema):
    match_id = fields.UUID()
    affinity = fields.Float()
    # Each term of the affinity and its weight, as configured: they add up to `affinity`.
    terms = fields.List(fields.Dict())
    # The same in words the person asking understands (in their locale), and as data.
    reasons = fields.List(fields.String())
    reason_data = fields.List(fields.Nested(Reason))


class MessagesArgs(Schema):
    """A page of a match's conversation, oldest message first (pages count from 1)."""
    match_id = fields.UUID(required=True)
    person_id = fields.UUID(required=True)
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=10_000))
    page_size = fields.Integer(load_default=20, validate=validate.Range(min=1, max=100))


class PostMessage(Schema):
    match_id = fields.UUID(required=True)
    person_id = fields.UUID(required=True)
    # Line ends allowed, other control characters refused; never blank.
    body = Text(4000, not_blank, required=True)


class ConversationMessage(Schema):
    message_id = fields.UUID()
    match_id = fields.UUID()
    # None once the author erased their account (their messages are gone, but a page may race it).
    author_id = fields.UUID(allow_none=True)
    mine = fields.Boolean()
    body = fields.String()
    posted_at = fields.AwareDateTime()


class Messages(Schema):
    items = fields.List(fields.Nested(ConversationMessage))
    page = fields.Integer()
    page_size = fields.Integer()
    total = fields.Integer()
    # The page holding the newest messages.
    last_page = fields.Integer()
    # Whether the two may still write, and if not why: "blocked" (either blocked the other; it
    # does not say who) or "ended" (the match was called off).
    open = fields.Boolean()
    closed_because = fields.String(allow_none=True)


class matching:
    explain = RpcContract("matching", "explain", MatchDecision, Explanation)
    feed = RpcContract("matching", "feed", FeedArgs, Feed)
    swipe = RpcContract("matching", "swipe", SwipeArgs, SwipeResult)
    sponsorships_of = RpcContract("matching", "sponsorships_of", PersonId, Sponsorship, many=True)
    interested_sponsors = RpcContract("matching", "interested_sponsors", InterestedSponsorsArgs,
                                      InterestedSponsors)
    run_round = RpcContract("matching", "run_round", RunRound, RoundReport)
    matches_of = RpcContract("matching", "matches_of", PersonId, Match, many=True)
    accept = RpcContract("matching", "accept", MatchDecision, Match)
    decline = RpcContract("matching", "decline", MatchDecision, Match)
    cancel = RpcContract("matching", "cancel", MatchDecision, Match)
    export_person = RpcContract("matching", "export_person", PersonId, Export)
    messages = RpcContract("matching", "messages", MessagesArgs, Messages)
    post_message = RpcContract("matching", "post_message", PostMessage, ConversationMessage)
    # The seeker of an accepted match past its deadline, with nothing given: another donor.
    ask_another_donor = RpcContract("matching", "ask_another_donor", MatchDecision, Match)


# --- when things happen (issue 16): the next round, and why nothing came yet -----------------

class Widening(Schema):
    """A change the person could make, and how many more people it would reach: "language" (value:
    the code to add), "location" (give one), "remote" (help remotely), "radius" (value: km),
    "availability" (add weekday coffee and lunch times)."""
    change = fields.String()
    value = fields.Raw(allow_none=True)
    more = fields.Integer()


class Reach(Schema):
    """The people on the other side of one kind, counted with the round's (or the feed's) rules."""
    total = fields.Integer()
    reachable = fields.Integer()
    # Rule ("answered", "language", "distance", "time") -> how many it leaves out.
    excluded = fields.Dict(keys=fields.String(), values=fields.Integer())
    widenings = fields.List(fields.Nested(Widening))
    # The whole market of the kind: open requests, and units free across all offers.
    open_requests = fields.Integer()
    free_units = fields.Integer()


class RequestOutlook(Schema):
    request_id = fields.UUID()
    kind = fields.String()
    # "open" (in the next round), "proposed" (a proposal waits for the seeker's answer),
    # "accepted", "closed".
    state = fields.String()
    next_round_at = fields.AwareDateTime(allow_none=True)
    answer_by = fields.AwareDateTime(allow_none=True)
    # Only for an open request: who the next round could propose, and what would widen it.
    reach = fields.Nested(Reach, allow_none=True)


class OfferOutlook(Schema):
    """A donor's pledge, a mentor's seats or a sponsor's places, still offering units."""
    pledge_id = fields.UUID()
    kind = fields.String()
    available = fields.Integer()
    next_round_at = fields.AwareDateTime(allow_none=True)
    reach = fields.Nested(Reach, allow_none=True)


class Outlook(Schema):
    # None: rounds only run when an operator asks (ROUND_EVERY_MINUTES 0).
    round_every_minutes = fields.Float(allow_none=True)
    proposal_hours = fields.Float()
    requests = fields.List(fields.Nested(RequestOutlook))
    offers = fields.List(fields.Nested(OfferOutlook))
    # A sponsor's swipe deck: the seekers it holds, who is left out and what would bring cards.
    deck = fields.Nested(Reach, allow_none=True)


matching.outlook = RpcContract("matching", "outlook", PersonId, Outlook)


# --- reviews and help given (issue 14) ----------------------------------------------------------

class ReviewFileSent(Schema):
    """An annotated file sent with a review (PDF, DOCX or ODT, at most 5 MB: shared/documents.py)."""
    # The name it was sent under; kept made safe, with the extension of what it really is.
    filename = fields.String(load_default="", validate=validate.Length(max=1000))
    # The file's bytes, base64-encoded.
    content = fields.String(required=True)


class ReturnReview(Schema):
    """The donor returns their review: comments (line ends allowed, never blank), and optionally
    an annotated file (the API takes it as multipart/form-data, field `file`)."""
    match_id = fields.UUID(required=True)
    person_id = fields.UUID(required=True)
    comments = Text(8000, not_blank, required=True)
    file = fields.Nested(ReviewFileSent, load_default=None, allow_none=True)


class RateReview(Schema):
    """The seeker rates the review returned to them, once, and may thank the donor."""
    match_id = fields.UUID(required=True)
    person_id = fields.UUID(required=True)
    rating = fields.Integer(required=True, strict=True, validate=validate.Range(min=1, max=5))
    thanks = Text(1000, load_default=None, allow_none=True)


class ReviewFileInfo(Schema):
    filename = fields.String()
    media_type = fields.String()
    size = fields.Integer()


class ReviewView(Schema):
    """A review as either of the two people of its match sees it."""
    match_id = fields.UUID()
    kind = fields.String()
    # waiting (not returned yet), returned, rated.
    state = fields.String()
    comments = fields.String(allow_none=True)
    returned_at = fields.AwareDateTime(allow_none=True)
    # The annotated file, if one came with it: GET /api/matches/{id}/review/file.
    file = fields.Nested(ReviewFileInfo, allow_none=True)
    rating = fields.Integer(allow_none=True)
    rated_at = fields.AwareDateTime(allow_none=True)
    thanks = fields.String(allow_none=True)
    # What the person asking may do now.
    may_return = fields.Boolean()
    may_rate = fields.Boolean()


class ReviewFile(Schema):
    filename = fields.String()
    media_type = fields.String()
    # The file's bytes, base64 (RPC messages are JSON).
    content = fields.String()


matching.return_review = RpcContract("matching", "return_review", ReturnReview, ReviewView)
matching.review = RpcContract("matching", "review", MatchDecision, ReviewView)
matching.review_file = RpcContract("matching", "review_file", MatchDecision, ReviewFile)
matching.rate_review = RpcContract("matching", "rate_review", RateReview, ReviewView)
# The seeker says the introduction was made: the help is given (idempotent).
matching.confirm_help_given = RpcContract("matching", "confirm_help_given", MatchDecision, Match)


# --- scheduling -------------------------------------------------------------------------------

class Meeting(MeetingProposed):
    status = fields.String()
    start = fields.AwareDateTime(allow_none=True)
    end = fields.AwareDateTime(allow_none=True)
    location = fields.String(allow_none=True)
    expires_at = fields.AwareDateTime(allow_none=True)
    minutes = fields.Integer()
    # What this person answered after the meeting, if anything.
    outcome = fields.String(allow_none=True)


class MeetingOfPerson(Schema):
    meeting_id = fields.UUID(required=True)
    person_id = fields.UUID(required=True)


class ConfirmSlot(MeetingOfPerson):
    start = fields.AwareDateTime(required=True)


class CancelMeeting(MeetingOfPerson):
    pass


class ReportOutcome(MeetingOfPerson):
    """After the meeting, "did you meet?"; a rating and a sentence when they did."""
    outcome = fields.String(required=True, validate=validate.OneOf(MEETING_OUTCOMES))
    rating = fields.Integer(load_default=None, allow_none=True, strict=True,
                            validate=validate.Range(min=1, max=5))
    comment = Text(280, load_default="")


class Invite(Schema):
    filename = fields.String()
    content_type = fields.String()
    body = fields.String()


class MeetingPreferences(Schema):
    """How a person likes to meet: remote only, and a longer meeting where the kind allows it."""
    person_id = fields.UUID(required=True)
    remote_only = fields.Boolean(load_default=None, allow_none=True)
    longer_meetings = fields.Boolean(load_default=None, allow_none=True)


class MeetingPreferencesResult(Schema):
    remote_only = fields.Boolean()
    longer_meetings = fields.Boolean()
    paused = fields.Boolean()
    no_shows = fields.Integer()


class FeedbackSummary(Schema):
    """For operators: meetings held per week and feedback scores."""
    held_per_week = fields.List(fields.Dict())
    ratings = fields.Dict(keys=fields.String(), values=fields.Integer())
    mean_rating = fields.Float(allow_none=True)
    no_shows = fields.Integer()


class NoArgs(Schema):
    pass


class scheduling:
    meetings_of = RpcContract("scheduling", "meetings_of", PersonId, Meeting, many=True)
    confirm = RpcContract("scheduling", "confirm", ConfirmSlot, Meeting)
    reschedule = RpcContract("scheduling", "reschedule", MeetingOfPerson, Meeting)
    cancel = RpcContract("scheduling", "cancel", CancelMeeting, Meeting)
    report_outcome = RpcContract("scheduling", "report_outcome", ReportOutcome, Meeting)
    invite = RpcContract("scheduling", "invite", MeetingOfPerson, Invite)
    preferences = RpcContract("scheduling", "preferences", MeetingPreferences,
                              MeetingPreferencesResult, partial=("remote_only", "longer_meetings"))
    # A person paused after no-shows says they are still available.
    resume = RpcContract("scheduling", "resume", PersonId, MeetingPreferencesResult)
    feedback_summary = RpcContract("scheduling", "feedback_summary", NoArgs, FeedbackSummary)
    export_person = RpcContract("scheduling", "export_person", PersonId, Export)


# --- notifications ----------------------------------------------------------------------------

NOTIFICATION_CATEGORIES = ("sign_in", "account", "pledges", "matches", "meetings", "reminders",
                           "feedback", "cards", "digest", "messages")
NOTIFICATION_MODES = ("instant", "daily", "off")
WEBHOOK_EVENTS = ("*", "person_registered", "pledge_made", "pledge_closed", "match_proposed",
                  "match_accepted", "sponsorship_started", "contact_revealed", "meeting_proposed",
                  "meeting_confirmed", "meeting_rescheduled", "meeting_cancelled",
                  "meeting_reminder_due", "feedback_requested", "no_show_recorded")


class Notification(Schema):
    id = fields.UUID()
    person_id = fields.UUID()
    event = fields.String()
    category = fields.String(allow_none=True)
    subject = fields.String()
    body = fields.String()
    html = fields.String(allow_none=True)
    created_at = fields.AwareDateTime()
    read = fields.Boolean()


class InboxPage(Schema):
    """A page of the person's inbox, newest first (pages count from 1)."""
    person_id = fields.UUID(required=True)
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=10_000))
    page_size = fields.Integer(load_default=20, validate=validate.Range(min=1, max=100))


class InboxPageResult(Schema):
    items = fields.List(fields.Nested(Notification))
    page = fields.Integer()
    page_size = fields.Integer()
    total = fields.Integer()
    unread = fields.Integer()


class NotificationOfPerson(Schema):
    """One notification, which must be the person's own."""
    person_id = fields.UUID(required=True)
    notification_id = fields.UUID(required=True)


class Unread(Schema):
    unread = fields.Integer()


class QuietHours(Schema):
    """Local times (the person's time zone) between which nothing is sent but sign-in links."""
    start = HourMinute(required=True)
    end = HourMinute(required=True)


class NotificationPreferences(Schema):
    """Only what is sent changes: a mode per category, and quiet hours (null: none)."""
    person_id = fields.UUID(required=True)
    modes = fields.Dict(keys=fields.String(validate=validate.OneOf(NOTIFICATION_CATEGORIES[1:])),
                        values=fields.String(validate=validate.OneOf(NOTIFICATION_MODES)),
                        load_default=None, allow_none=True)
    quiet_hours = fields.Nested(QuietHours, load_default=None, allow_none=True)


class NotificationPreferencesResult(Schema):
    modes = fields.Dict(keys=fields.String(), values=fields.String())
    quiet_hours = fields.Nested(QuietHours, allow_none=True)
    daily_email_cap = fields.Integer()


class AddWebhook(Schema):
    name = Line(100, required=True)
    url = fields.Url(required=True, schemes={"https", "http"}, require_tld=False,
                     validate=validate.Length(max=500))
    events = fields.List(fields.String(validate=validate.OneOf(WEBHOOK_EVENTS)),
                         load_default=lambda: ["*"], validate=validate.Length(min=1, max=20))


class WebhookId(Schema):
    webhook_id = fields.UUID(required=True)


class Webhook(Schema):
    id = fields.UUID()
    name = fields.String()
    url = fields.String()
    events = fields.List(fields.String())
    created_at = fields.AwareDateTime()
    # Only in the answer to add_webhook: the signing secret, shown once.
    secret = fields.String()


class notifications:
    inbox = RpcContract("notifications", "inbox", InboxPage, Notification, many=True)
    inbox_page = RpcContract("notifications", "inbox_page", InboxPage, InboxPageResult)
    unread_count = RpcContract("notifications", "unread_count", PersonId, Unread)
    mark_read = RpcContract("notifications", "mark_read", NotificationOfPerson, Unread)
    mark_all_read = RpcContract("notifications", "mark_all_read", PersonId, Unread)
    notification_preferences = RpcContract(
        "notifications", "notification_preferences", NotificationPreferences,
        NotificationPreferencesResult, partial=("modes", "quiet_hours"))
    # Operators only: the gateway serves none of these (`binome webhooks`).
    add_webhook = RpcContract("notifications", "add_webhook", AddWebhook, Webhook)
    remove_webhook = RpcContract("notifications", "remove_webhook", WebhookId, Webhook)
    webhooks = RpcContract("notifications", "webhooks", NoArgs, Webhook, many=True)
    export_person = RpcContract("notifications", "export_person", PersonId, Export)


# --- operators: rounds, parked messages, impact figures ---------------------------------------
# Kept together and added to the namespaces above; the gateway serves them to operators only
# (/api/operator/…), except pledge_outcomes, which a donor reads about their own pledges.

class PageArgs(Schema):
    """A page of a list, newest first (pages count from 1)."""
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=10_000))
    page_size = fields.Integer(load_default=20, validate=validate.Range(min=1, max=100))


class RoundsArgs(PageArgs):
    # The rounds of one kind of help only; of every kind when left out.
    kind = fields.String(load_default=None, allow_none=True,
                         validate=validate.OneOf(REQUEST_KINDS))


class RoundsPage(Schema):
    items = fields.List(fields.Nested(RoundReport))
    page = fields.Integer()
    page_size = fields.Integer()
    total = fields.Integer()


PARKED_CHANNELS = ("inbox", "email", "webhook")


class ParkedMessage(Schema):
    """Something a service gave up on after its retries: ids and the error only, never the
    payload, which may name people."""
    id = fields.UUID()
    # A received event (inbox); for notifications also an email or a webhook delivery.
    channel = fields.String(validate=validate.OneOf(PARKED_CHANNELS))
    # The event's name; for an email, its category (matches, meetings…).
    event = fields.String(allow_none=True)
    received_at = fields.AwareDateTime()
    parked_at = fields.AwareDateTime(allow_none=True)
    attempts = fields.Integer()
    reason = fields.String(allow_none=True)
    # What the message is about, by id only: {"person_id": "…", "match_id": "…"}.
    ids = fields.Dict(keys=fields.String(), values=fields.String())


class ParkedPage(Schema):
    service = fields.String()
    items = fields.List(fields.Nested(ParkedMessage))
    page = fields.Integer()
    page_size = fields.Integer()
    total = fields.Integer()


class ReplayParked(Schema):
    # Ids from parked_messages; an id that is not parked (any more) is skipped, not refused.
    ids = fields.List(fields.UUID(), required=True, validate=validate.Length(min=1, max=500))


class Replayed(Schema):
    replayed = fields.Integer()


class PledgeKindFigures(Schema):
    kind = fields.String()
    pledges = fields.Integer()
    units_pledged = fields.Integer()
    # Units taken by an accepted match (a cancelled match gives its unit back).
    units_used = fields.Integer()
    # Pledges whose every unit was given (the review returned, the meeting held...).
    pledges_fulfilled = fields.Integer()


class PledgeFigures(Schema):
    """Pledges made and used, per kind of help (every kind, zeros included), and who is here."""
    kinds = fields.List(fields.Nested(PledgeKindFigures))
    # Someone with two roles counts under both; erased people under none.
    people_by_role = fields.Dict(keys=fields.String(), values=fields.Integer())
    people = fields.Integer()


class MatchKindFigures(Schema):
    kind = fields.String()
    requests = fields.Integer()
    proposed = fields.Integer()
    # Matches accepted and not cancelled since; `held`: of those, the ones whose meeting was held.
    accepted = fields.Integer()
    held = fields.Integer()
    median_hours_to_match = fields.Float(allow_none=True)
    p90_hours_to_match = fields.Float(allow_none=True)
    # From a request to the first proposal made for it (rounds run soon after arrivals).
    median_minutes_to_proposal = fields.Float(allow_none=True)
    p90_minutes_to_proposal = fields.Float(allow_none=True)


class MatchFigures(Schema):
    kinds = fields.List(fields.Nested(MatchKindFigures))
    # Which timestamps "hours to match" runs between, in words.
    time_to_match = fields.String()
    # Which timestamps "minutes to a proposal" runs between, in words.
    time_to_proposal = fields.String()


class PledgeOutcome(Schema):
    """What one pledge (or a mentor's seats, a sponsor's places) achieved."""
    pledge_id = fields.UUID()
    kind = fields.String()
    # Accepted matches on it; `people_helped`: the distinct people they helped.
    units_matched = fields.Integer()
    people_helped = fields.Integer()
    # Proposals still waiting for the other person's answer.
    waiting = fields.Integer()
    meetings_held = fields.Integer()


class SponsorEndingOften(Schema):
    """A sponsor who ended more sponsorships lately than the few that cost nothing
    (services/matching/reveals.py), as operators see them."""
    sponsor_id = fields.UUID()
    display_name = fields.String(allow_none=True)
    # Sponsorships they ended (blocking the seeker, cancelling) within the window.
    endings = fields.Integer()
    last_ended_at = fields.AwareDateTime()
    # Until then, their next sponsorship is refused; None once the wait is over.
    next_sponsorship_at = fields.AwareDateTime(allow_none=True)


class SponsorsEndingOftenPage(Schema):
    items = fields.List(fields.Nested(SponsorEndingOften))
    page = fields.Integer()
    page_size = fields.Integer()
    total = fields.Integer()


profiles.pledge_figures = RpcContract("profiles", "pledge_figures", NoArgs, PledgeFigures)
matching.rounds = RpcContract("matching", "rounds", RoundsArgs, RoundsPage)
matching.sponsors_ending_often = RpcContract("matching", "sponsors_ending_often", PageArgs,
                                             SponsorsEndingOftenPage)
# Profiles counts a consent against the daily limit on contacts revealed, which matching keeps for
# every way a contact is revealed (a consent, a sponsorship): LimitReached when it is reached.
matching.take_reveal = RpcContract("matching", "take_reveal", PairArgs, Done)
matching.match_figures = RpcContract("matching", "match_figures", NoArgs, MatchFigures)
matching.pledge_outcomes = RpcContract("matching", "pledge_outcomes", PersonId, PledgeOutcome,
                                       many=True)
# --- outcomes three months on (issue 14, item 5; services/matching/outcomes.py) ----------------
# A seeker answers by an emailed link, without signing in: the link's token is the proof, and
# matching keeps only its hash. Operators read the figures; a donor reads counts of the people
# they helped, never who.

class OutcomeToken(Schema):
    token = fields.String(required=True, validate=validate.Length(min=1, max=200))


class AnswerOutcome(OutcomeToken):
    situation = fields.String(required=True, validate=validate.OneOf(SITUATIONS))
    # Whether Binôme helped them get there.
    helped = fields.Boolean(required=True)
    satisfaction = fields.Integer(required=True, strict=True,
                                  validate=validate.Range(min=1, max=5))


class AnswerMyOutcome(Schema):
    """The same answer, given signed in (the inbox item links to the page, without the token)."""
    person_id = fields.UUID(required=True)
    situation = fields.String(required=True, validate=validate.OneOf(SITUATIONS))
    helped = fields.Boolean(required=True)
    satisfaction = fields.Integer(required=True, strict=True,
                                  validate=validate.Range(min=1, max=5))


class OutcomeSurveyState(Schema):
    """What the link's page needs: whether the question may still be answered (never the answer
    given: a forwarded link must not show it)."""
    survey_id = fields.UUID()
    asked_at = fields.AwareDateTime()
    open = fields.Boolean()
    # "answered" or "expired" once it may not be answered; None while it may.
    closed_because = fields.String(allow_none=True)


class OutcomeShares(Schema):
    asked = fields.Integer()
    answered = fields.Integer()
    # Shares of the answers, 0..1, null until someone answers; `helped_share`: of those who found
    # a job or a training, the share who said Binôme helped.
    satisfied_share = fields.Float(allow_none=True)
    found_job_share = fields.Float(allow_none=True)
    in_training_share = fields.Float(allow_none=True)
    helped_share = fields.Float(allow_none=True)


class OutcomeKindFigures(OutcomeShares):
    kind = fields.String()


class OutcomeFigures(OutcomeShares):
    # Per kind of help received (a person counts under each kind they had received).
    by_kind = fields.List(fields.Nested(OutcomeKindFigures))
    meaning = fields.String()


class HelpedOutcomes(Schema):
    # Distinct people the donor gave help to; of those, how many said they found a job, or
    # started a training.
    helped = fields.Integer()
    found_work = fields.Integer()
    in_training = fields.Integer()


matching.outcome_survey = RpcContract("matching", "outcome_survey", OutcomeToken,
                                      OutcomeSurveyState)
matching.answer_outcome = RpcContract("matching", "answer_outcome", AnswerOutcome,
                                      OutcomeSurveyState)
matching.my_outcome_survey = RpcContract("matching", "my_outcome_survey", PersonId,
                                         OutcomeSurveyState)
matching.answer_my_outcome = RpcContract("matching", "answer_my_outcome", AnswerMyOutcome,
                                         OutcomeSurveyState)
matching.outcome_figures = RpcContract("matching", "outcome_figures", NoArgs, OutcomeFigures)
matching.helped_outcomes = RpcContract("matching", "helped_outcomes", PersonId, HelpedOutcomes)

# Every service parks what it cannot handle (shared/messaging/parking.py): the same two
# methods in each, rpc.<service>.parked_messages and rpc.<service>.replay_parked.
for _name, _namespace in (("profiles", profiles), ("matching", matching),
                          ("scheduling", scheduling), ("notifications", notifications)):
    _namespace.parked_messages = RpcContract(_name, "parked_messages", PageArgs, ParkedPage)
    _namespace.replay_parked = RpcContract(_name, "replay_parked", ReplayParked, Replayed)
del _name, _namespace


# --- documents for reviews (issue 14) ---------------------------------------------------------
# A seeker's CV or cover letter, kept by profiles with the request it is for (one current document
# per request); shared/documents.py decides what may be kept. Bytes travel base64-encoded.

class ContactFound(Schema):
    # "email" or "phone", and how many distinct ones: never the address or number itself.
    kind = fields.String()
    count = fields.Integer()


class Document(Schema):
    document_id = fields.UUID()
    request_id = fields.UUID()
    filename = fields.String()
    media_type = fields.String()
    size = fields.Integer()
    uploaded_at = fields.AwareDateTime()
    # Contact details found in its text, for the seeker to remove before a donor reads it.
    contacts_found = fields.List(fields.Nested(ContactFound))
    # Whether any text could be read (a scanned CV has none, so nothing could be checked).
    text_read = fields.Boolean()
    # How many requests use it (at most kinds.DOCUMENT_REVIEWS).
    reviews = fields.Integer()


class AttachDocument(Schema):
    person_id = fields.UUID(required=True)
    request_id = fields.UUID(required=True)
    # The name it was sent under; kept made safe, with the extension of what it really is.
    filename = fields.String(load_default="", validate=validate.Length(max=1000))
    # The file's bytes, base64-encoded; at most 5 MB once decoded.
    content = fields.String(required=True)


class RequestId(Schema):
    request_id = fields.UUID(required=True)


class DocumentFile(Schema):
    document_id = fields.UUID()
    filename = fields.String()
    media_type = fields.String()
    size = fields.Integer()
    # The bytes, base64-encoded.
    content = fields.String()


class DocumentRequest(Schema):
    """The request an accepted review match is about, for one of its two people."""
    match_id = fields.UUID()
    request_id = fields.UUID()
    kind = fields.String()


# The seeker attaches (or replaces), reads and removes their request's document.
profiles.attach_document = RpcContract("profiles", "attach_document", AttachDocument, Document)
profiles.request_document = RpcContract("profiles", "request_document", RequestRef, DocumentFile)
profiles.remove_document = RpcContract("profiles", "remove_document", RequestRef, Done)
# For a reader matching vouched for (matching.document_request): the donor of the accepted match.
profiles.matched_document = RpcContract("profiles", "matched_document", RequestId, DocumentFile)
profiles.matched_document_info = RpcContract("profiles", "matched_document_info", RequestId,
                                             Document)
# Which request an accepted review match is about, for the donor or the seeker in it; NotFound for
# anyone else, before acceptance and once the match ended.
matching.document_request = RpcContract("matching", "document_request", MatchDecision,
                                        DocumentRequest)


SERVICES = {"profiles": profiles, "matching": matching, "scheduling": scheduling,
            "notifications": notifications}


def contracts_of(service_name):
    namespace = SERVICES[service_name]
    return {name: value for name, value in vars(namespace).items() if isinstance(value, RpcContract)}


__all__ = ["RpcContract", "SERVICES", "contracts_of", "profiles", "matching", "scheduling",
           "notifications"]
