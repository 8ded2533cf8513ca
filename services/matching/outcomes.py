"""Where seekers stand three months after their first help: when to ask them, what an answer
holds, and the figures operators and donors see. Pure rules: no database, no nameko.

A seeker is asked once, OUTCOME_AFTER_DAYS after the first help they were given (a match's
`given_at`), by an emailed link whose token is the only proof needed (no sign-in): only its hash
is kept. The answer is given once and never changed: the link may have been forwarded, and a
second click (a mail scanner, someone else) must not rewrite what the person said; the figures
built on the answers stay as they were reported. The link stops working ANSWER_DAYS after the
question was asked, so that an old email found later cannot be used by whoever finds it.
"""
import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from shared.contracts.kinds import FOUND_JOB, IN_TRAINING, SITUATIONS

# Three months, in days (OUTCOME_AFTER_DAYS overrides it).
OUTCOME_AFTER_DAYS = 91
ANSWER_DAYS = 60
# 32 random bytes: 256 bits, in 43 URL-safe characters (the contract wants 32 to 128).
TOKEN_BYTES = 32
# Satisfied: 4 or 5 out of 5.
SATISFIED_FROM = 4
# Whose "did Binôme help?" counts in the helped share: those who found a job or a training.
WORKING = (FOUND_JOB, IN_TRAINING)

# Why an answer is refused (the page words them in the person's language).
ANSWERED, EXPIRED = "answered", "expired"


class SurveyClosed(Exception):
    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


def new_token():
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_hash(token):
    return hashlib.sha256(token.encode()).hexdigest()


def asked_after(days=None):
    """How long after their first help a seeker is asked: OUTCOME_AFTER_DAYS (days, may be a
    fraction, for tests), three months unless configured."""
    return timedelta(days=float(OUTCOME_AFTER_DAYS if days is None else days))


def due_to_ask(first_help, left_out, now, after):
    """The seekers to ask now, in a stable order: those whose first help was given at least
    `after` ago, but for `left_out` (already asked, or erased). `first_help`: {person_id: first
    given_at}."""
    return sorted((person_id for person_id, given_at in first_help.items()
                   if person_id not in left_out and given_at <= now - after), key=str)


@dataclass(frozen=True)
class Answer:
    situation: str
    helped: bool
    satisfaction: int


@dataclass
class Survey:
    """One seeker's question: asked once, answered once, within ANSWER_DAYS."""
    asked_at: object
    answered_at: object = None

    def closed_because(self, now):
        """None while it may be answered; else ANSWERED or EXPIRED."""
        if self.answered_at is not None:
            return ANSWERED
        if now >= self.asked_at + timedelta(days=ANSWER_DAYS):
            return EXPIRED
        return None

    def answer(self, now, situation, helped, satisfaction):
        """The answer to record (its fields already checked by the contract); SurveyClosed if it
        was answered already or the link is too old."""
        reason = self.closed_because(now)
        if reason is not None:
            raise SurveyClosed(reason)
        if situation not in SITUATIONS or satisfaction not in range(1, 6):
            raise ValueError("an answer outside the contract")   # the contract refuses these
        self.answered_at = now
        return Answer(situation, bool(helped), satisfaction)


@dataclass(frozen=True)
class Asked:
    """A survey as the figures read it: the kinds of help the person had received when asked,
    and their answer (None until they answer)."""
    kinds: tuple
    answer: Answer | None


def _share(part, whole):
    return round(part / whole, 3) if whole else None


def _summary(surveys):
    answers = [s.answer for s in surveys if s.answer is not None]
    working = [a for a in answers if a.situation in WORKING]
    return {
        "asked": len(surveys), "answered": len(answers),
        "satisfied_share": _share(sum(a.satisfaction >= SATISFIED_FROM for a in answers),
                                  len(answers)),
        "found_job_share": _share(sum(a.situation == FOUND_JOB for a in answers), len(answers)),
        "in_training_share": _share(sum(a.situation == IN_TRAINING for a in answers),
                                    len(answers)),
        "helped_share": _share(sum(a.helped for a in working), len(working)),
    }


FIGURES_MEANING = (
    "Each seeker is asked once, some time after the first help they were given. Shares are of the "
    "answers: satisfied = 4 or 5 out of 5; helped = of those who found a job or started a "
    "training, the share who said Binôme helped. A person counts under every kind of help they "
    "had received when asked. Shares are null until someone answers.")


def figures(surveys, kinds):
    """The operators' outcome figures: over everyone asked, and per kind of help received (in
    `kinds`' order, every kind shown, zeros included)."""
    return {**_summary(surveys),
            "by_kind": [{"kind": kind, **_summary([s for s in surveys if kind in s.kinds])}
                        for kind in kinds],
            "meaning": FIGURES_MEANING}


def helped_outcomes(helped, answers):
    """A donor's line: how many distinct people they gave help to, and how many of those said
    they found a job or started a training. `helped`: the seekers' ids; `answers`: {seeker id:
    Answer} of those who answered. Counts only: never who."""
    helped = set(helped)
    said = [answers[p] for p in helped if p in answers]
    return {"helped": len(helped),
            "found_work": sum(a.situation == FOUND_JOB for a in said),
            "in_training": sum(a.situation == IN_TRAINING for a in said)}
