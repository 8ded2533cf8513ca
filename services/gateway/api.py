"""The JSON routes of the HTTP API: each reads JSON, calls the services with a timeout, answers JSON.

Every route under /api/me acts as the authenticated person, and /api/people/{id} shows others only
as much as consent allows (profiles.view_person). Each route declares the contract it calls, and
the OpenAPI document (openapi.py) is read from those declarations.

Lists answer a page at a time, in one envelope ({"items", "page", "page_size", "total"}). The
inbox and the sponsor's feed grow without bound and are paged by their services; a person's
pledges, requests, matches, meetings and sponsorships grow only with that person's own activity
(tens of rows, read in one query), so the gateway pages what the service answers whole, and their
RPC contracts stay as the pages and the command line use them.
"""
from marshmallow import Schema, fields, validate
from werkzeug.wrappers import Response

from shared import liveness
from shared.clock import utcnow
from shared.contracts import rpc
from shared.errors import InvalidInput, NotFound
from shared.reference import occupations, places

from shared.rpc import load_arguments

from .cards import in_reader_words
from .pages_base import locale_of
from .rate_limits import count_emailed_link
from .review_documents import document_response
from .review_files import REVIEW_FILE, review_form
from .routing import Gateway, api

EXPORTERS = (rpc.profiles.export_person, rpc.matching.export_person,
             rpc.scheduling.export_person, rpc.notifications.export_person)
# The best occupations a search answers, a page at a time (local reference data: cheap).
OCCUPATIONS_FOUND = 200
ME = ("person_id",)


# The answers that are the gateway's own rather than one contract's.
Health = Schema.from_dict({"status": fields.String()}, name="Health")
# What a person types in a lookup: a job title or a place is never this long, and a longer text
# would only make the search work for nothing.
QUERY_LENGTH = validate.Length(max=200)
OccupationQuery = Schema.from_dict({"q": fields.String(load_default="", validate=QUERY_LENGTH),
                                    "locale": fields.String(load_default="fr")},
                                   name="OccupationQuery")
Occupation = Schema.from_dict({"code": fields.String(), "label": fields.String(),
                               "domain": fields.String(),
                               # The job title that matched ("caissière"), and what a form shows
                               # and sends back ("caissière — Personnel de caisse (D1505)").
                               "title": fields.String(), "text": fields.String()},
                              name="Occupation")
PlaceQuery = Schema.from_dict({"q": fields.String(required=True, validate=QUERY_LENGTH)},
                             name="PlaceQuery")
Place = Schema.from_dict({"postal_code": fields.String(), "neighbourhood": fields.String()},
                         name="Place")
# A commune suggested as one types: `text` is what to put in `location` to name it alone.
PlaceSuggestion = Schema.from_dict({
    "name": fields.String(), "postal_code": fields.String(allow_none=True),
    "department": fields.String(), "department_name": fields.String(),
    "neighbourhood": fields.String(), "text": fields.String()}, name="PlaceSuggestion")
Erased = Schema.from_dict({"erased": fields.Boolean()}, name="Erased")
PersonExport = Schema.from_dict({
    "person_id": fields.UUID(), "exported_at": fields.AwareDateTime(),
    # What each service holds, by service name.
    "services": fields.Dict(keys=fields.String(), values=fields.Dict())}, name="PersonExport")


class JsonApi(Gateway):
    # --- public -------------------------------------------------------------------------------

    @api("GET", "/health", public=True, result=Health, errors=(503,))
    def health(self, request):
        """Whether the gateway answers, and no service it runs beside has died (503 naming it)."""
        dead = liveness.dead_services()  # of this process (shared/liveness.py)
        if dead:
            # Names only: what they died of goes to the log, not to anyone who asks.
            return 503, {"error": {"code": "unavailable", "fields": {},
                                   "message": f"Not serving: {', '.join(dead)} died."}}
        return 200, {"status": "ok"}

    @api("POST", "/api/people", public=True, contract=rpc.profiles.register_person, status=202,
         errors=(429,))
    def register(self, request, body):
        """Register: a link is emailed to the address, and the account exists once it is followed
        (POST /api/sessions with its token). The same answer whatever the address."""
        return 202, self.register_person(request.remote_addr, body)

    def register_person(self, client, body):
        # Checked here first, so that a refused body counts against nobody's allowance.
        arguments = load_arguments(rpc.profiles.register_person, body)
        attempt = count_emailed_link(self.rate_limits, "registration", client, arguments["email"])
        try:
            return self._call(rpc.profiles.register_person, **body)
        except InvalidInput:
            # Refused for what it says (an unknown town, say), whatever the address: nothing was
            # emailed, so it uses up nothing; a person who mistypes can try again at once.
            attempt.give_back()
            raise

    @api("GET", "/api/occupations", public=True, query=OccupationQuery, paged=True,
         items=Occupation)
    def find_occupations(self, request, query, paging):
        """ROME occupations named by the words `q` (a job title or label, French or English; accents,
        plurals, feminine forms, word order and small typos do not matter), best first, each with
        the title that matched."""
        found = occupations.search_titles(query["q"], limit=OCCUPATIONS_FOUND)
        return 200, paging.of([{"code": m.occupation.code, "domain": m.occupation.domain,
                                "label": m.occupation.label(query["locale"]), "title": m.title,
                                "text": m.text(query["locale"])} for m in found])

    @api("GET", "/api/places", public=True, query=PlaceQuery, result=Place)
    def find_place(self, request, query):
        """The French place (postal code or city) named `q`, as its neighbourhood; a name several
        communes share is refused with each of them (name, postal code, département)."""
        found = places.lookup(query["q"])
        if found.choices:
            raise InvalidInput({"q": [places.several_named(query["q"], found.choices)]})
        place = found.place
        if place is None:
            raise InvalidInput({"q": ["No French postal code or city by that name."]})
        return 200, {"postal_code": place.postal_code, "neighbourhood": place.neighbourhood}

    @api("GET", "/api/places/suggestions", public=True, query=PlaceQuery, paged=True,
         items=PlaceSuggestion)
    def suggest_places(self, request, query, paging):
        """Communes whose name or postal code starts with `q`, a whole name first, then the most
        populous: a typeahead's answers (each with its postal code and département)."""
        found = places.suggest(query["q"], limit=places.SUGGESTIONS)
        return 200, paging.of([{"name": p.name, "postal_code": p.postal_code, "department": p.department,
                                "department_name": p.department_name, "neighbourhood": p.neighbourhood,
                                "text": p.unambiguous_text} for p in found])

    # --- me -----------------------------------------------------------------------------------

    @api("GET", "/api/me", contract=rpc.profiles.get_person, fixed=ME)
    def me(self, request, me):
        """My profile, contact details included."""
        return 200, self._call(rpc.profiles.get_person, person_id=me)

    @api("PATCH", "/api/me", contract=rpc.profiles.update_profile, fixed=ME, errors=(429,))
    def update_me(self, request, me, body):
        """Change any field of my profile; only the fields sent change. A new `email` is emailed a
        link and changes only once the link is followed."""
        if isinstance(body.get("email"), str):
            # It emails a link, to an address that may be anyone's: counted as a registration.
            attempt = count_emailed_link(self.rate_limits, "registration", request.remote_addr,
                                         body["email"], person=me)
        else:
            attempt = None
        try:
            return 200, self._call(rpc.profiles.update_profile, person_id=me, **body)
        except InvalidInput:
            if attempt is not None:  # refused for its content: no link was emailed
                attempt.give_back()
            raise

    @api("DELETE", "/api/me", contract=rpc.profiles.erase_person, fixed=ME, status=202,
         result=Erased)
    def erase_me(self, request, me):
        """Right to erasure: profiles forgets the person and tells every service to do the same."""
        self._call(rpc.profiles.erase_person, person_id=me)
        return 202, {"erased": True}

    @api("GET", "/api/me/export", result=PersonExport)
    def export_me(self, request, me):
        """Right of access: everything every service holds about the person, in one document."""
        held = {contract.service: self._call(contract, person_id=me)["data"] for contract in EXPORTERS}
        return 200, {"person_id": me, "exported_at": utcnow().isoformat(), "services": held}

    @api("POST", "/api/me/pledges", contract=rpc.profiles.make_pledge, fixed=ME, status=201)
    def pledge(self, request, me, body):
        """Pledge units of help."""
        return 201, self._call(rpc.profiles.make_pledge, person_id=me, **body)

    @api("GET", "/api/me/pledges", contract=rpc.profiles.pledges_of, fixed=ME, paged=True)
    def pledges(self, request, me, paging):
        """My pledges."""
        return 200, paging.of(self._call(rpc.profiles.pledges_of, person_id=me))

    @api("POST", "/api/me/pledges/<pledge_id>/withdraw", contract=rpc.profiles.withdraw_pledge,
         fixed=("person_id", "pledge_id"))
    def withdraw_pledge(self, request, me, pledge_id):
        """Withdraw one of my pledges."""
        return 200, self._call(rpc.profiles.withdraw_pledge, person_id=me, pledge_id=pledge_id)

    @api("POST", "/api/pledges/<pledge_id>/resume", contract=rpc.profiles.resume_pledge,
         fixed=("person_id", "pledge_id"))
    def resume_pledge(self, request, me, pledge_id):
        """Yes, I still want to help: my units paused after a silent match are offered again."""
        return 200, self._call(rpc.profiles.resume_pledge, person_id=me, pledge_id=pledge_id)

    @api("POST", "/api/pledges/<pledge_id>/release", contract=rpc.profiles.release_pledge,
         fixed=("person_id", "pledge_id"))
    def release_pledge(self, request, me, pledge_id):
        """No, release them: my paused units are dropped (the pledge closes if nothing is left)."""
        return 200, self._call(rpc.profiles.release_pledge, person_id=me, pledge_id=pledge_id)

    @api("POST", "/api/me/requests", contract=rpc.profiles.request_help, fixed=ME, status=201)
    def request_help(self, request, me, body):
        """Ask for help."""
        return 201, self._call(rpc.profiles.request_help, person_id=me, **body)

    @api("GET", "/api/me/requests", contract=rpc.profiles.requests_of, fixed=ME, paged=True)
    def requests(self, request, me, paging):
        """My requests for help."""
        return 200, paging.of(self._call(rpc.profiles.requests_of, person_id=me))

    @api("POST", "/api/me/requests/<request_id>/withdraw", contract=rpc.profiles.withdraw_request,
         fixed=("person_id", "request_id"))
    def withdraw_request(self, request, me, request_id):
        """Withdraw one of my requests."""
        return 200, self._call(rpc.profiles.withdraw_request, person_id=me, request_id=request_id)

    @api("GET", "/api/me/matches", contract=rpc.matching.matches_of, fixed=ME, paged=True)
    def matches(self, request, me, paging):
        """My matches, with the reasons, in my language."""
        return 200, paging.of(self._call(rpc.matching.matches_of, person_id=me))

    @api("GET", "/api/me/meetings", contract=rpc.scheduling.meetings_of, fixed=ME, paged=True)
    def meetings(self, request, me, paging):
        """My meetings: proposed slots and bookings."""
        return 200, paging.of(self._call(rpc.scheduling.meetings_of, person_id=me))

    @api("GET", "/api/me/meeting-preferences", contract=rpc.scheduling.preferences, fixed=ME)
    def meeting_preferences(self, request, me):
        """How I like to meet."""
        return 200, self._call(rpc.scheduling.preferences, person_id=me)

    @api("PATCH", "/api/me/meeting-preferences", contract=rpc.scheduling.preferences, fixed=ME)
    def change_meeting_preferences(self, request, me, body):
        """Change how I like to meet."""
        return 200, self._call(rpc.scheduling.preferences, person_id=me, **body)

    @api("POST", "/api/me/available-again", contract=rpc.scheduling.resume, fixed=ME)
    def available_again(self, request, me):
        """Say I am available again after a pause for no-shows."""
        return 200, self._call(rpc.scheduling.resume, person_id=me)

    # --- meetings -----------------------------------------------------------------------------

    @api("POST", "/api/meetings/<meeting_id>/confirm", contract=rpc.scheduling.confirm,
         fixed=("person_id", "meeting_id"), rate_limit="proposal")
    def confirm_meeting(self, request, me, meeting_id, body):
        """Book one of the proposed slots (`start`)."""
        return 200, self._call(rpc.scheduling.confirm, meeting_id=meeting_id, person_id=me, **body)

    @api("POST", "/api/meetings/<meeting_id>/reschedule", contract=rpc.scheduling.reschedule,
         fixed=("person_id", "meeting_id"), rate_limit="proposal")
    def reschedule_meeting(self, request, me, meeting_id):
        """Move a booked meeting: the other person picks a new slot."""
        return 200, self._call(rpc.scheduling.reschedule, meeting_id=meeting_id, person_id=me)

    @api("POST", "/api/meetings/<meeting_id>/cancel", contract=rpc.scheduling.cancel,
         fixed=("person_id", "meeting_id"), rate_limit="proposal")
    def cancel_meeting(self, request, me, meeting_id):
        """Call a meeting off (its match is cancelled)."""
        return 200, self._call(rpc.scheduling.cancel, meeting_id=meeting_id, person_id=me)

    @api("POST", "/api/meetings/<meeting_id>/outcome", contract=rpc.scheduling.report_outcome,
         fixed=("person_id", "meeting_id"))
    def meeting_outcome(self, request, me, meeting_id, body):
        """After the meeting: did we meet, and how was it."""
        return 200, self._call(rpc.scheduling.report_outcome, meeting_id=meeting_id,
                               person_id=me, **body)

    @api("GET", "/api/meetings/<meeting_id>/invite.ics", contract=rpc.scheduling.invite,
         fixed=("person_id", "meeting_id"), content_type="text/calendar")
    def meeting_invite(self, request, me, meeting_id):
        """The meeting's iCalendar invite."""
        invite = self._call(rpc.scheduling.invite, meeting_id=meeting_id, person_id=me)
        return Response(invite["body"], status=200, content_type=invite["content_type"],
                        headers={"Content-Disposition": f'attachment; filename="{invite["filename"]}"'})

    # --- sponsors -----------------------------------------------------------------------------

    @api("GET", "/api/me/feed", contract=rpc.matching.feed, fixed=("sponsor_id", "page", "page_size"),
         paged=True, max_page_size=50, items=rpc.FeedCard)
    def feed(self, request, me, paging):
        """For a sponsor: anonymised cards of job seekers, best fit first, with why each is shown."""
        # matching counts its pages from 0, the API from 1 as every list does.
        feed = self._call(rpc.matching.feed, sponsor_id=me, page=paging.page - 1,
                          page_size=paging.page_size)
        # The deck's script asks for more cards here: named in the page's language, as the first.
        locale = locale_of(request)
        return 200, paging.envelope([in_reader_words(card, locale) for card in feed["cards"]],
                                    feed["total"])

    @api("GET", "/api/me/sponsorships", contract=rpc.matching.sponsorships_of, fixed=ME,
         paged=True)
    def sponsorships(self, request, me, paging):
        """My sponsorships."""
        return 200, paging.of(self._call(rpc.matching.sponsorships_of, person_id=me))

    # --- other people -------------------------------------------------------------------------

    @api("GET", "/api/people/<person_id>", contract=rpc.profiles.view_person,
         fixed=("viewer_id", "person_id"))
    def person(self, request, me, person_id):
        """Someone's anonymised card; their contact details only once both consented."""
        return 200, self._call(rpc.profiles.view_person, viewer_id=me, person_id=person_id)

    @api("POST", "/api/people/<person_id>/consent", contract=rpc.profiles.consent_to_contact,
         fixed=("person_id", "other_id"), rate_limit="reveal")
    def consent(self, request, me, person_id):
        """Agree to share contact details with them."""
        return 200, self._call(rpc.profiles.consent_to_contact, person_id=me, other_id=person_id)

    @api("DELETE", "/api/people/<person_id>/consent", contract=rpc.profiles.withdraw_consent,
         fixed=("person_id", "other_id"))
    def withdraw_consent(self, request, me, person_id):
        """No longer agree to share contact details with them."""
        return 200, self._call(rpc.profiles.withdraw_consent, person_id=me, other_id=person_id)

    @api("POST", "/api/people/<person_id>/swipe", contract=rpc.matching.swipe,
         fixed=("person_id", "other_id"), rate_limit="swipe")
    def swipe(self, request, me, person_id, body):
        """`like` or `pass` on someone's card; a mutual yes starts a sponsorship."""
        return 200, self._call(rpc.matching.swipe, person_id=me, other_id=person_id, **body)

    @api("POST", "/api/people/<person_id>/block", contract=rpc.profiles.block,
         fixed=("person_id", "other_id"))
    def block(self, request, me, person_id):
        """Never be matched, scheduled or told about them again."""
        return 200, self._call(rpc.profiles.block, person_id=me, other_id=person_id)

    @api("POST", "/api/people/<person_id>/report", contract=rpc.profiles.report,
         fixed=("person_id", "other_id"))
    def report(self, request, me, person_id, body):
        """Report them to the operators (and block them)."""
        return 200, self._call(rpc.profiles.report, person_id=me, other_id=person_id, **body)

    # --- matches ------------------------------------------------------------------------------

    @api("POST", "/api/rounds", operator=True, contract=rpc.matching.run_round, status=201,
         rate_limit="proposal")
    def run_round(self, request, me, body):
        """Run a matching round for a kind of help now (operators only; rounds also run on their
        own every ROUND_EVERY_MINUTES)."""
        return 201, self._call(rpc.matching.run_round, **body)

    @api("GET", "/api/matches/<match_id>/explanation", contract=rpc.matching.explain,
         fixed=("match_id", "person_id"))
    def explain(self, request, me, match_id):
        """Why this pair: each affinity term and its weight, and the same in words."""
        return 200, self._call(rpc.matching.explain, match_id=match_id, person_id=me)

    @api("POST", "/api/matches/<match_id>/accept", contract=rpc.matching.accept,
         fixed=("match_id", "person_id"), rate_limit="proposal")
    def accept(self, request, me, match_id):
        """Accept a proposed match."""
        return 200, self._call(rpc.matching.accept, match_id=match_id, person_id=me)

    @api("POST", "/api/matches/<match_id>/decline", contract=rpc.matching.decline,
         fixed=("match_id", "person_id"), rate_limit="proposal")
    def decline(self, request, me, match_id):
        """Decline a proposed match."""
        return 200, self._call(rpc.matching.decline, match_id=match_id, person_id=me)

    @api("POST", "/api/matches/<match_id>/cancel", contract=rpc.matching.cancel,
         fixed=("match_id", "person_id"), rate_limit="proposal")
    def cancel_match(self, request, me, match_id):
        """Cancel an accepted match."""
        return 200, self._call(rpc.matching.cancel, match_id=match_id, person_id=me)

    @api("POST", "/api/matches/<match_id>/another-donor", contract=rpc.matching.ask_another_donor,
         fixed=("match_id", "person_id"), rate_limit="proposal", errors=(409,))
    def ask_another_donor(self, request, me, match_id):
        """The seeker of an accepted match whose deadline passed with nothing given: the request
        goes to another donor at once (409 before the deadline, saying until when)."""
        return 200, self._call(rpc.matching.ask_another_donor, match_id=match_id, person_id=me)

    @api("GET,POST,PUT,PATCH,DELETE", "/api/<path:unknown>", public=True, hidden=True)
    def no_such_route(self, request, unknown):
        """Any other /api/ path: the API's own 404 rather than an HTML page."""
        raise NotFound(f"no route /api/{unknown} for {request.method}")

    # --- a match's conversation ---------------------------------------------------------------

    @api("GET", "/api/matches/<match_id>/messages", contract=rpc.matching.messages,
         fixed=("match_id", "person_id", "page", "page_size"), paged=True, max_page_size=100,
         items=rpc.ConversationMessage, result=rpc.Messages)
    def match_messages(self, request, me, match_id, paging):
        """The conversation of an accepted match, oldest message first (`last_page` holds the
        newest); `open` is false once it is closed, `closed_because` says why."""
        return 200, self._call(rpc.matching.messages, match_id=match_id, person_id=me,
                               page=paging.page, page_size=paging.page_size)

    @api("POST", "/api/matches/<match_id>/messages", contract=rpc.matching.post_message,
         fixed=("match_id", "person_id"), status=201, rate_limit="message", errors=(409, 429))
    def post_match_message(self, request, me, match_id, body):
        """Write to the other person of an accepted match (1-4000 characters); they are told in
        their inbox and by email, with a link to the match page. 409 once it is closed."""
        return 201, self._call(rpc.matching.post_message, match_id=match_id, person_id=me, **body)

    # --- a match's review, and help given (issue 14) -----------------------------------------

    @api("GET", "/api/matches/<match_id>/review", contract=rpc.matching.review,
         fixed=("match_id", "person_id"))
    def match_review(self, request, me, match_id):
        """The review of a CV or cover-letter review match, for either of the two: `waiting`,
        `returned` (comments, the annotated file if any) or `rated`; 404 to anyone else."""
        return 200, self._call(rpc.matching.review, match_id=match_id, person_id=me)

    @api("POST", "/api/matches/<match_id>/review", contract=rpc.matching.return_review,
         fixed=("match_id", "person_id"), status=201, rate_limit="message", upload=REVIEW_FILE,
         errors=(409, 413))
    def return_review(self, request, me, match_id, body):
        """The donor returns their review (`comments`, 1-8000 characters), once, as JSON, or as
        multipart/form-data with `comments` and an annotated `file` (PDF, DOCX or ODT, at most
        5 MB): the help is given, and the seeker is told by email with a link to the match."""
        if request.mimetype == "multipart/form-data":
            body = review_form(request)
        return 201, self._call(rpc.matching.return_review, match_id=match_id, person_id=me,
                               **body)

    @api("GET", "/api/matches/<match_id>/review/file", contract=rpc.matching.review_file,
         fixed=("match_id", "person_id"), content_type="application/octet-stream")
    def review_file(self, request, me, match_id):
        """The annotated file returned with the review, as an attachment; 404 to anyone else."""
        return document_response(
            self._call(rpc.matching.review_file, match_id=match_id, person_id=me))

    @api("POST", "/api/matches/<match_id>/review/rating", contract=rpc.matching.rate_review,
         fixed=("match_id", "person_id"), rate_limit="message", errors=(409,))
    def rate_review(self, request, me, match_id, body):
        """The seeker rates the review returned to them (`rating` 1-5, once) and may thank the
        donor (`thanks`, up to 1000 characters); the donor is told."""
        return 200, self._call(rpc.matching.rate_review, match_id=match_id, person_id=me, **body)

    @api("POST", "/api/matches/<match_id>/help-given", contract=rpc.matching.confirm_help_given,
         fixed=("match_id", "person_id"), rate_limit="proposal", errors=(409,))
    def confirm_help_given(self, request, me, match_id):
        """The seeker of an introduction says it was made: the help is given (once; again
        changes nothing), and the donor is told."""
        return 200, self._call(rpc.matching.confirm_help_given, match_id=match_id, person_id=me)

    # --- notifications: the inbox and preferences ---------------------------------------------

    @api("GET", "/api/me/notifications", contract=rpc.notifications.inbox_page, fixed=ME,
         paged=True, result=rpc.InboxPageResult)
    def notifications_page(self, request, me, paging):
        """My inbox, newest first, with the total and the unread count."""
        return 200, self._inbox_page(me, paging)

    @api("GET", "/api/me/inbox", contract=rpc.notifications.inbox_page, fixed=ME, paged=True,
         result=rpc.InboxPageResult)
    def inbox(self, request, me, paging):
        """My inbox (the same as /api/me/notifications)."""
        return 200, self._inbox_page(me, paging)

    def _inbox_page(self, me, paging):
        return self._call(rpc.notifications.inbox_page, person_id=me, page=paging.page,
                          page_size=paging.page_size)

    @api("GET", "/api/me/notifications/unread", contract=rpc.notifications.unread_count, fixed=ME)
    def notifications_unread(self, request, me):
        """How many of my notifications are unread."""
        return 200, self._call(rpc.notifications.unread_count, person_id=me)

    @api("POST", "/api/me/notifications/read", contract=rpc.notifications.mark_all_read, fixed=ME)
    def notifications_all_read(self, request, me):
        """Mark all my notifications read."""
        return 200, self._call(rpc.notifications.mark_all_read, person_id=me)

    @api("POST", "/api/me/notifications/<notification_id>/read",
         contract=rpc.notifications.mark_read, fixed=("person_id", "notification_id"))
    def notification_read(self, request, me, notification_id):
        """Mark one of my notifications read."""
        return 200, self._call(rpc.notifications.mark_read, person_id=me,
                               notification_id=notification_id)

    @api("GET", "/api/me/notification-preferences",
         contract=rpc.notifications.notification_preferences, fixed=ME)
    def notification_preferences(self, request, me):
        """What I am sent, and when."""
        return 200, self._call(rpc.notifications.notification_preferences, person_id=me)

    @api("PATCH", "/api/me/notification-preferences",
         contract=rpc.notifications.notification_preferences, fixed=ME)
    def change_notification_preferences(self, request, me, body):
        """Change what I am sent (a mode per category) and my quiet hours."""
        return 200, self._call(rpc.notifications.notification_preferences, person_id=me, **body)
