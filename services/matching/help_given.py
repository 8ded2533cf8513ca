"""Help given: the review a donor returns (and the seeker rates), the introduction the seeker
confirms, the meeting scheduling reports held. Each records the match's help as given once
(delivery.Delivery.give: when, how, whether on time) and publishes help_given through the outbox,
which profiles counts against the pledge and notifications tells the other person of.

The rules are review.py's and introduction.py's; these entrypoints load, ask them, write, emit.
"""
import base64
import binascii
from dataclasses import replace

from shared import documents
from shared.clock import utcnow
from shared.contracts import events, rpc
from shared.contracts.kinds import INTRODUCTION_CONFIRMED, REVIEW_KINDS, REVIEW_RETURNED
from shared.errors import Conflict, Forbidden, InvalidInput, NotFound
from shared.messaging.blocks import blocked_either_way
from shared.rpc import serves

from . import introduction, review, store
from .delivery import AlreadyGiven
from .turnaround import delivery_of

# What the API says when a step is not possible now (review.Refused's reasons).
REFUSALS = {
    review.ALREADY_RETURNED: "You already returned your review on this match: it cannot be "
                             "returned twice.",
    review.ENDED: "This match was called off: there is no review to return any more.",
    review.BLOCKED: "This match is closed: one of you blocked the other.",
    review.NOT_RETURNED: "The review is not returned yet: there is nothing to rate.",
    review.ALREADY_RATED: "You already rated this review: a rating is given once.",
}


def _annotated_file(file):
    """(content, media_type, filename) of the annotated file, checked as the seeker's document
    is (shared/documents.py: its type read from its bytes); InvalidInput naming `file`."""
    try:
        content = base64.b64decode(file["content"], validate=True)
    except (binascii.Error, ValueError):
        raise InvalidInput({"file": ["Expected the file's bytes, base64-encoded."]}) from None
    try:
        checked = documents.check_document(content, file.get("filename") or "")
    except documents.DocumentRefused as refused:
        raise InvalidInput({"file": [refused.message]}) from None
    return content, checked.media_type, checked.filename


class HelpGiven:
    """Entrypoints mixed into MatchingService, which provides db, outbox, config and
    `_match_seen_by` (a match as its RPCs answer it)."""

    # --- the help given, whatever its kind ----------------------------------------------------

    def _give(self, session, match, how, now):
        """Record that the match's help was given now, and tell profiles and notifications, once.
        Whether it was recorded now (False: it was given already, and nothing is sent again)."""
        try:
            # The deadline is the one set at acceptance (turnaround.py); none for older matches.
            on_time = delivery_of(match).give(now)
        except AlreadyGiven:
            return False
        match.given_at, match.given_how, match.given_on_time = now, how, on_time
        self.outbox.add(session, events.HELP_GIVEN, {
            "match_id": match.match_id, "kind": match.kind, "request_id": match.request_id,
            "pledge_id": match.pledge_id, "seeker_id": match.seeker_id,
            "donor_id": match.donor_id, "how": how, "given_at": now, "on_time": on_time})
        return True

    @serves(rpc.matching.confirm_help_given)
    def confirm_help_given(self, match_id, person_id):
        """The seeker says the introduction was made: the help is given (once; again is a no-op)."""
        with self.db.begin():
            match = self.db.get(store.Match, match_id, with_for_update=True)
            if match is None:
                raise NotFound(f"no match {match_id}")
            try:
                self._introduction(match).check_confirm(person_id)
            except introduction.NotAParty:
                raise NotFound(f"no match {match_id}") from None
            except introduction.NotTheSeeker:
                raise Forbidden("only the person who was introduced says the introduction was "
                                "made") from None
            except introduction.NotAnIntroduction:
                raise Conflict("this match is not an introduction: its help is given by a "
                               "review or a meeting") from None
            except introduction.Ended:
                if match.given_at is None:
                    raise Conflict("this match was called off: there is no introduction to "
                                   "confirm") from None
            else:
                self._give(self.db, match, INTRODUCTION_CONFIRMED, utcnow())
            return self._match_seen_by(person_id, match)

    def _introduction(self, match):
        return introduction.Introduction(
            kind=match.kind, seeker_id=match.seeker_id, donor_id=match.donor_id,
            status=match.status, accepted=match.accepted_at is not None,
            blocked=blocked_either_way(self.db, match.seeker_id, match.donor_id))

    # --- reviews ------------------------------------------------------------------------------

    def _review_of(self, match_id, person_id, lock=False):
        """(the match, its stored review or None, its review.Review), if the person may read it;
        else NotFound, exactly as for a match that does not exist."""
        match = self.db.get(store.Match, match_id, with_for_update=lock)
        if match is None:
            raise NotFound(f"no review for match {match_id}")
        stored = self.db.get(store.Review, match.match_id, with_for_update=lock)
        rules = review.Review(
            kind=match.kind, seeker_id=match.seeker_id, donor_id=match.donor_id,
            status=match.status, accepted=match.accepted_at is not None,
            blocked=blocked_either_way(self.db, match.seeker_id, match.donor_id),
            returned=stored is not None, rated=stored is not None and stored.rating is not None)
        if not rules.readable_by(person_id):
            raise NotFound(f"no review for match {match_id}")
        return match, stored, rules

    @staticmethod
    def _review_seen(match, stored, rules, person_id):
        shown = {"match_id": match.match_id, "kind": match.kind, "state": rules.state,
                 "comments": None, "returned_at": None, "file": None, "rating": None,
                 "rated_at": None, "thanks": None,
                 "may_return": rules.may_return(person_id), "may_rate": rules.may_rate(person_id)}
        if stored is not None:
            shown.update(comments=stored.comments, returned_at=stored.returned_at,
                         rating=stored.rating, rated_at=stored.rated_at, thanks=stored.thanks)
            if stored.file_content is not None:
                shown["file"] = {"filename": stored.file_name,
                                 "media_type": stored.file_media_type,
                                 "size": len(stored.file_content)}
        return shown

    @staticmethod
    def _refused(error):
        if isinstance(error, review.NotYours):
            return Forbidden("only the donor returns the review, and only the seeker rates it")
        return Conflict(REFUSALS[error.reason])

    @serves(rpc.matching.review)
    def review(self, match_id, person_id):
        """The match's review as either of the two sees it (waiting, returned, rated)."""
        return self._review_seen(*self._review_of(match_id, person_id), person_id)

    @serves(rpc.matching.return_review)
    def return_review(self, match_id, person_id, comments, file=None):
        """The donor returns their review, perhaps with an annotated file: the help is given,
        and the seeker is told. Nothing is written when the comments or the file are refused."""
        try:
            comments = review.checked_comments(comments)
        except review.BadReview as refused:
            raise InvalidInput(refused.fields) from None
        checked = None
        if file is not None:
            with self.db.begin():   # a stranger learns nothing, not even what is wrong with it
                _, _, rules = self._review_of(match_id, person_id)
                try:
                    rules.check_return(person_id)
                except (review.NotYours, review.Refused) as refused:
                    raise self._refused(refused) from None
            # Read outside any transaction: a long PDF takes a moment, and holds nothing meanwhile.
            checked = _annotated_file(file)
        return self._return(match_id, person_id, comments, checked)

    def _return(self, match_id, person_id, comments, file):
        """`file`: (content, media_type, filename) of an annotated file already checked, or None."""
        with self.db.begin():
            match, stored, rules = self._review_of(match_id, person_id, lock=True)
            try:
                rules.check_return(person_id)
            except (review.NotYours, review.Refused) as refused:
                raise self._refused(refused) from None
            now = utcnow()
            content, media_type, filename = file or (None, None, None)
            stored = store.Review(
                match_id=match.match_id, donor_id=match.donor_id, seeker_id=match.seeker_id,
                kind=match.kind, comments=comments, file_content=content,
                file_media_type=media_type, file_name=filename, returned_at=now)
            self.db.add(stored)
            self.db.flush()
            self._give(self.db, match, REVIEW_RETURNED, now)
            rules = replace(rules, returned=True)
            return self._review_seen(match, stored, rules, person_id)

    @serves(rpc.matching.review_file)
    def review_file(self, match_id, person_id):
        """The annotated file returned with the review, for either of the two."""
        _, stored, _ = self._review_of(match_id, person_id)
        if stored is None or stored.file_content is None:
            raise NotFound(f"no annotated file for match {match_id}")
        return {"filename": stored.file_name, "media_type": stored.file_media_type,
                "content": base64.b64encode(stored.file_content).decode("ascii")}

    @serves(rpc.matching.rate_review)
    def rate_review(self, match_id, person_id, rating, thanks=None):
        """The seeker rates the review (once) and may thank the donor, who is told."""
        try:
            rating, thanks = review.checked_rating(rating, thanks)
        except review.BadReview as refused:
            raise InvalidInput(refused.fields) from None
        with self.db.begin():
            match, stored, rules = self._review_of(match_id, person_id, lock=True)
            try:
                rules.check_rate(person_id)
            except (review.NotYours, review.Refused) as refused:
                raise self._refused(refused) from None
            stored.rating, stored.rated_at, stored.thanks = rating, utcnow(), thanks
            self.outbox.add(self.db, events.REVIEW_RATED, {
                "match_id": match.match_id, "kind": match.kind, "donor_id": match.donor_id,
                "seeker_id": match.seeker_id, "rating": rating, "thanked": thanks is not None})
            rules = replace(rules, rated=True)
            return self._review_seen(match, stored, rules, person_id)

    def _review_state(self, match):
        """Where the match's review stands, for the list of matches (None: a kind without one)."""
        if match.kind not in REVIEW_KINDS or match.accepted_at is None:
            return None
        stored = self.db.get(store.Review, match.match_id)
        if stored is None:
            return review.WAITING
        return review.RATED if stored.rating is not None else review.RETURNED
