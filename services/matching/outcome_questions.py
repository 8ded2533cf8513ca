"""Where seekers stand three months on: matching asks each seeker once (OUTCOME_QUESTION_DUE,
which notifications emails with one-click answers), takes the answer given through the link, and
answers the figures. Mixed into MatchingService, which provides `db`, `config` and `outbox`.

The link's token travels in the event only (notifications needs it to write the email); this
service keeps its hash. As for sign-in links, the event in the outbox holds it, and an export
leaves it out.
"""
from nameko.timer import timer
from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError

from shared.clock import utcnow
from shared.contracts import events, rpc
from shared.contracts.kinds import REQUEST_KINDS
from shared.errors import Conflict, NotFound
from shared.export import row_dict
from shared.messaging.erasure import is_erased
from shared.rpc import serves

from . import outcomes, outcomes_store
from .outcomes_store import OutcomeSurvey

# How often the timer looks for seekers to ask: one indexed query, so it may look often, and a
# seeker due is asked within this many seconds (tests configure OUTCOME_AFTER_DAYS tiny).
ASK_EVERY_SECONDS = 15

# Why a link no longer answers, in the words of the API's 409.
CLOSED_MESSAGES = {
    outcomes.ANSWERED: "This question was already answered: thank you. An answer is given once.",
    outcomes.EXPIRED: f"This question has closed: links work for {outcomes.ANSWER_DAYS} days.",
}
UNKNOWN_LINK = "This link is unknown: check that it was copied whole."


def _state(survey, now):
    closed = survey.rules().closed_because(now)
    return {"survey_id": survey.survey_id, "asked_at": survey.asked_at, "open": closed is None,
            "closed_because": closed}


class OutcomeQuestions:

    @timer(interval=ASK_EVERY_SECONDS)
    def ask_outcome_questions(self):
        """Ask every seeker whose first help was given OUTCOME_AFTER_DAYS ago and who was never
        asked: a survey row (the token's hash) and OUTCOME_QUESTION_DUE in one transaction."""
        now = utcnow()
        after = outcomes.asked_after(self.config.get("OUTCOME_AFTER_DAYS"))
        with self.db.begin():
            first_help = outcomes_store.first_help_not_asked(self.db, now - after)
            left = outcomes_store.erased_among(self.db, first_help)
        for person_id in outcomes.due_to_ask(first_help, left, now, after):
            try:
                with self.db.begin():
                    self._ask_outcome(person_id, now)
            except IntegrityError:
                pass   # another replica asked them first: asked once (person_id is unique)

    def _ask_outcome(self, person_id, now):
        if is_erased(self.db, person_id):
            return
        token = outcomes.new_token()
        survey = OutcomeSurvey(person_id=person_id, token_hash=outcomes.token_hash(token),
                               asked_at=now, kinds=outcomes_store.kinds_given_to(self.db, person_id))
        self.db.add(survey)
        self.db.flush()
        self.outbox.add(self.db, events.OUTCOME_QUESTION_DUE, {
            "survey_id": survey.survey_id, "person_id": person_id, "token": token,
            "asked_at": now})

    @serves(rpc.matching.outcome_survey)
    def outcome_survey(self, token):
        """Whether a link's question may still be answered; NotFound for an unknown link."""
        survey = outcomes_store.by_token(self.db, token)
        if survey is None:
            raise NotFound(UNKNOWN_LINK)
        return _state(survey, utcnow())

    @serves(rpc.matching.answer_outcome)
    def answer_outcome(self, token, situation, helped, satisfaction):
        """Record the answer given through the link, once (Conflict after, or once it closed)."""
        with self.db.begin():
            survey = outcomes_store.by_token(self.db, token, lock=True)
            if survey is None:
                raise NotFound(UNKNOWN_LINK)
            return self._record_answer(survey, situation, helped, satisfaction)

    @serves(rpc.matching.my_outcome_survey)
    def my_outcome_survey(self, person_id):
        """The signed-in person's own question (from the inbox); NotFound if never asked."""
        survey = self.db.scalar(outcomes_store.select_survey_of(person_id))
        if survey is None:
            raise NotFound("You have not been asked where you stand yet.")
        return _state(survey, utcnow())

    @serves(rpc.matching.answer_my_outcome)
    def answer_my_outcome(self, person_id, situation, helped, satisfaction):
        """The same answer, given signed in (from the inbox item, which holds no link)."""
        with self.db.begin():
            survey = self.db.scalar(outcomes_store.select_survey_of(person_id)
                                    .with_for_update())
            if survey is None:
                raise NotFound("You have not been asked where you stand yet.")
            return self._record_answer(survey, situation, helped, satisfaction)

    def _record_answer(self, survey, situation, helped, satisfaction):
        now = utcnow()
        rules = survey.rules()
        try:
            answer = rules.answer(now, situation, helped, satisfaction)
        except outcomes.SurveyClosed as closed:
            raise Conflict(CLOSED_MESSAGES[closed.reason]) from None
        survey.answered_at = rules.answered_at
        survey.situation, survey.helped = answer.situation, answer.helped
        survey.satisfaction = answer.satisfaction
        return _state(survey, now)

    @serves(rpc.matching.outcome_figures)
    def outcome_figures(self):
        return outcomes.figures(outcomes_store.all_asked(self.db), REQUEST_KINDS)

    @serves(rpc.matching.helped_outcomes)
    def helped_outcomes(self, person_id):
        helped, answers = outcomes_store.helped_by(self.db, person_id)
        return outcomes.helped_outcomes(helped, answers)

    # --- a person's data ----------------------------------------------------------------------

    @staticmethod
    def _erase_outcome_survey(session, person_id):
        session.execute(delete(OutcomeSurvey).where(OutcomeSurvey.person_id == person_id))

    def _outcome_survey_export(self, person_id):
        survey = self.db.scalar(outcomes_store.select_survey_of(person_id))
        if survey is None:
            return None
        # The link's hash is nobody's business, not even theirs: it is not exported.
        return {key: value for key, value in row_dict(survey).items() if key != "token_hash"}
