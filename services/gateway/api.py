"""The JSON routes of the HTTP API: each reads JSON, calls the services with a timeout, answers JSON.

Every route under /api/me acts as the authenticated person, and /api/people/{id} shows others only
as much as consent allows (profiles.view_person).
"""
from werkzeug.wrappers import Response

from shared.clock import utcnow
from shared.contracts import rpc
from shared.errors import InvalidInput, NotFound
from shared.reference import occupations, places

from .routing import Gateway, api, read_body as _body

EXPORTERS = (rpc.profiles.export_person, rpc.matching.export_person,
             rpc.scheduling.export_person, rpc.notifications.export_person)


class JsonApi(Gateway):
    # --- public -------------------------------------------------------------------------------

    @api("GET", "/health", public=True)
    def health(self, request):
        return 200, {"status": "ok"}

    @api("POST", "/api/people", public=True)
    def register(self, request):
        return 201, self._call(rpc.profiles.register_person, **_body(request))

    @api("GET", "/api/occupations", public=True)
    def find_occupations(self, request):
        locale = request.args.get("locale", "fr")
        return 200, [{"code": o.code, "label": occupations.label(o.code, locale), "domain": o.domain}
                     for o in occupations.search(request.args.get("q", ""), limit=20)]

    @api("GET", "/api/places", public=True)
    def find_place(self, request):
        place = places.resolve(request.args.get("q", ""))
        if place is None:
            raise InvalidInput({"q": ["No French postal code or city by that name."]})
        return 200, {"postal_code": place.postal_code, "neighbourhood": place.neighbourhood}

    # --- me -----------------------------------------------------------------------------------

    @api("GET", "/api/me")
    def me(self, request, me):
        return 200, self._call(rpc.profiles.get_person, person_id=me)

    @api("PATCH", "/api/me")
    def update_me(self, request, me):
        return 200, self._call(rpc.profiles.update_profile, person_id=me,
                               **_body(request, ("person_id",)))

    @api("DELETE", "/api/me")
    def erase_me(self, request, me):
        """Right to erasure: profiles forgets the person and tells every service to do the same."""
        self._call(rpc.profiles.erase_person, person_id=me)
        return 202, {"erased": True}

    @api("GET", "/api/me/export")
    def export_me(self, request, me):
        """Right of access: everything every service holds about the person, in one document."""
        held = {contract.service: self._call(contract, person_id=me)["data"] for contract in EXPORTERS}
        return 200, {"person_id": me, "exported_at": utcnow().isoformat(), "services": held}

    @api("POST", "/api/me/pledges")
    def pledge(self, request, me):
        return 201, self._call(rpc.profiles.make_pledge, person_id=me,
                               **_body(request, ("person_id",)))

    @api("GET", "/api/me/pledges")
    def pledges(self, request, me):
        return 200, self._call(rpc.profiles.pledges_of, person_id=me)

    @api("POST", "/api/me/pledges/<pledge_id>/withdraw")
    def withdraw_pledge(self, request, me, pledge_id):
        return 200, self._call(rpc.profiles.withdraw_pledge, person_id=me, pledge_id=pledge_id)

    @api("POST", "/api/me/requests")
    def request_help(self, request, me):
        return 201, self._call(rpc.profiles.request_help, person_id=me,
                               **_body(request, ("person_id",)))

    @api("GET", "/api/me/requests")
    def requests(self, request, me):
        return 200, self._call(rpc.profiles.requests_of, person_id=me)

    @api("POST", "/api/me/requests/<request_id>/withdraw")
    def withdraw_request(self, request, me, request_id):
        return 200, self._call(rpc.profiles.withdraw_request, person_id=me, request_id=request_id)

    @api("GET", "/api/me/matches")
    def matches(self, request, me):
        return 200, self._call(rpc.matching.matches_of, person_id=me)

    @api("GET", "/api/me/meetings")
    def meetings(self, request, me):
        return 200, self._call(rpc.scheduling.meetings_of, person_id=me)

    @api("GET", "/api/me/meeting-preferences")
    def meeting_preferences(self, request, me):
        return 200, self._call(rpc.scheduling.preferences, person_id=me)

    @api("PATCH", "/api/me/meeting-preferences")
    def change_meeting_preferences(self, request, me):
        body = _body(request, ("person_id",))
        return 200, self._call(rpc.scheduling.preferences, person_id=me, **body)

    @api("POST", "/api/me/available-again")
    def available_again(self, request, me):
        _body(request, ("person_id",))
        return 200, self._call(rpc.scheduling.resume, person_id=me)

    @api("POST", "/api/meetings/<meeting_id>/<action>")
    def meeting_action(self, request, me, meeting_id, action):
        """confirm a slot, reschedule, cancel, or say how it went (outcome)."""
        contracts = {"confirm": rpc.scheduling.confirm, "reschedule": rpc.scheduling.reschedule,
                     "cancel": rpc.scheduling.cancel, "outcome": rpc.scheduling.report_outcome}
        if action not in contracts:
            raise NotFound(f"no action {action!r} on meetings")
        body = _body(request, ("person_id", "meeting_id"))
        return 200, self._call(contracts[action], meeting_id=meeting_id, person_id=me, **body)

    @api("GET", "/api/meetings/<meeting_id>/invite.ics")
    def meeting_invite(self, request, me, meeting_id):
        invite = self._call(rpc.scheduling.invite, meeting_id=meeting_id, person_id=me)
        return Response(invite["body"], status=200, content_type=invite["content_type"],
                        headers={"Content-Disposition": f'attachment; filename="{invite["filename"]}"'})

    @api("GET", "/api/me/inbox")
    def inbox(self, request, me):
        return 200, self._call(rpc.notifications.inbox, person_id=me)

    @api("GET", "/api/me/feed")
    def feed(self, request, me):
        page = request.args.get("page", "0")
        page_size = request.args.get("page_size", "20")
        return 200, self._call(rpc.matching.feed, sponsor_id=me, page=page, page_size=page_size)

    @api("GET", "/api/me/sponsorships")
    def sponsorships(self, request, me):
        return 200, self._call(rpc.matching.sponsorships_of, person_id=me)

    # --- other people -------------------------------------------------------------------------

    @api("GET", "/api/people/<person_id>")
    def person(self, request, me, person_id):
        return 200, self._call(rpc.profiles.view_person, viewer_id=me, person_id=person_id)

    @api("POST", "/api/people/<person_id>/consent")
    def consent(self, request, me, person_id):
        return 200, self._call(rpc.profiles.consent_to_contact, person_id=me, other_id=person_id)

    @api("DELETE", "/api/people/<person_id>/consent")
    def withdraw_consent(self, request, me, person_id):
        return 200, self._call(rpc.profiles.withdraw_consent, person_id=me, other_id=person_id)

    @api("POST", "/api/people/<person_id>/swipe")
    def swipe(self, request, me, person_id):
        body = _body(request, ("person_id", "other_id"))
        return 200, self._call(rpc.matching.swipe, person_id=me, other_id=person_id, **body)

    @api("POST", "/api/people/<person_id>/block")
    def block(self, request, me, person_id):
        return 200, self._call(rpc.profiles.block, person_id=me, other_id=person_id)

    @api("POST", "/api/people/<person_id>/report")
    def report(self, request, me, person_id):
        body = _body(request, ("person_id", "other_id"))
        return 200, self._call(rpc.profiles.report, person_id=me, other_id=person_id, **body)

    # --- matches and meetings -----------------------------------------------------------------

    @api("POST", "/api/rounds")
    def run_round(self, request, me):
        # Any signed-in person may start a round until operators have their own role (web issue).
        return 201, self._call(rpc.matching.run_round, **_body(request))

    @api("GET", "/api/matches/<match_id>/explanation")
    def explain(self, request, me, match_id):
        return 200, self._call(rpc.matching.explain, match_id=match_id, person_id=me)

    @api("POST", "/api/matches/<match_id>/<decision>")
    def decide(self, request, me, match_id, decision):
        contracts = {"accept": rpc.matching.accept, "decline": rpc.matching.decline,
                     "cancel": rpc.matching.cancel}
        if decision not in contracts:
            raise InvalidInput({"decision": ["One of accept, decline, cancel."]})
        _body(request, ("person_id", "match_id"))
        return 200, self._call(contracts[decision], match_id=match_id, person_id=me)

    # --- notifications: the inbox and preferences ---------------------------------------------

    @api("GET", "/api/me/notifications")
    def notifications_page(self, request, me):
        """A page of the inbox, newest first, with the total and the unread count."""
        return 200, self._call(rpc.notifications.inbox_page, person_id=me,
                               page=request.args.get("page", "1"),
                               page_size=request.args.get("page_size", "20"))

    @api("GET", "/api/me/notifications/unread")
    def notifications_unread(self, request, me):
        return 200, self._call(rpc.notifications.unread_count, person_id=me)

    @api("POST", "/api/me/notifications/read")
    def notifications_all_read(self, request, me):
        _body(request, ("person_id",))
        return 200, self._call(rpc.notifications.mark_all_read, person_id=me)

    @api("POST", "/api/me/notifications/<notification_id>/read")
    def notification_read(self, request, me, notification_id):
        _body(request, ("person_id", "notification_id"))
        return 200, self._call(rpc.notifications.mark_read, person_id=me,
                               notification_id=notification_id)

    @api("GET", "/api/me/notification-preferences")
    def notification_preferences(self, request, me):
        return 200, self._call(rpc.notifications.notification_preferences, person_id=me)

    @api("PATCH", "/api/me/notification-preferences")
    def change_notification_preferences(self, request, me):
        body = _body(request, ("person_id",))
        return 200, self._call(rpc.notifications.notification_preferences, person_id=me, **body)
