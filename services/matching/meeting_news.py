"""What matching hears back from scheduling about the meetings of its matches.

A cancelled meeting cancels its match (the donor's unit comes back, the request reopens); a held
one is recorded for the impact figures and is the match's help given (help_given); a person who missed two meetings is left out of rounds
until they say they are available again.
"""
from shared.clock import utcnow
from shared.contracts import events
from shared.contracts.kinds import MEETING_HELD
from shared.messaging.inbox import handles

from . import store


class MeetingNews:
    """Handlers mixed into MatchingService, which provides `_cancel` and `_give`."""

    @handles(events.MEETING_CANCELLED)
    def on_meeting_cancelled(self, session, meeting):
        match = session.get(store.Match, meeting["match_id"], with_for_update=True)
        if match is not None and match.status == store.ACCEPTED:
            # Whoever cancelled the meeting ended the match (None: it ended on its own).
            self._cancel(session, match, by=meeting["cancelled_by"])

    @handles(events.MEETING_HELD)
    def on_meeting_held(self, session, meeting):
        match = session.get(store.Match, meeting["match_id"], with_for_update=True)
        if match is not None and match.held_at is None:
            match.held_at = meeting["start"]
        if match is not None:
            # A meeting held is the help given (help_given.py), once however often it is heard.
            self._give(session, match, MEETING_HELD, meeting["start"])

    @handles(events.NO_SHOW_RECORDED)
    def on_no_show_recorded(self, session, no_show):
        if no_show["paused"] and session.get(store.PausedPerson, no_show["person_id"]) is None:
            session.add(store.PausedPerson(person_id=no_show["person_id"], paused_at=utcnow()))

    @handles(events.MATCHING_RESUMED)
    def on_matching_resumed(self, session, resumed):
        paused = session.get(store.PausedPerson, resumed["person_id"])
        if paused is not None:
            session.delete(paused)
