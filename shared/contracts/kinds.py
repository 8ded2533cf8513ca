"""The shared vocabulary of the marketplace."""

# Concrete units of help a time donor pledges and a job seeker requests.
HELP_KINDS = ("cv_review", "cover_letter_review", "coffee", "mock_interview", "network_intro")
# A reconverting worker asks for a lunchtime mentor: mentors offer seats, not pledged units.
LUNCH_MENTORING = "lunch_mentoring"
# A job seeker asks for a sponsor: sponsors offer places (their capacity), not pledged units.
SPONSORSHIP = "sponsorship"
REQUEST_KINDS = HELP_KINDS + (LUNCH_MENTORING, SPONSORSHIP)
# Kinds whose offers are standing ones made in a profile (a mentor's seats, a sponsor's places),
# keyed by matching from the person's id: no pledge in profiles is used or given back for them.
STANDING_OFFER_KINDS = (LUNCH_MENTORING, SPONSORSHIP)
# Kinds that end in two people meeting, so scheduling looks for a slot; minutes per meeting.
# The first length is the default; people may ask for the longer one.
MEETING_LENGTHS = {"coffee": (30, 45), "mock_interview": (45,), LUNCH_MENTORING: (60, 90)}
MEETING_MINUTES = {kind: lengths[0] for kind, lengths in MEETING_LENGTHS.items()}
# Why a meeting was cancelled: a person chose to, or the match ended around it.
BLOCKED_REASON = "blocked"
CANCEL_REASONS = (
    "cancelled_by_person", "match_cancelled", BLOCKED_REASON, "erased", "no_answer",
    "no_common_time")
# Hours before a booked meeting at which both people are reminded.
REMINDER_HOURS = (24, 1)
# "Did you meet?": yes, the other person did not come, or I could not come.
MET, OTHER_ABSENT, I_WAS_ABSENT = "met", "other_absent", "i_was_absent"
MEETING_OUTCOMES = (MET, OTHER_ABSENT, I_WAS_ABSENT)

ROLES = ("job_seeker", "reconverting_worker", "mentor", "time_donor", "sponsor")
LOCALES = ("fr", "en")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

# Presets people pick instead of drawing windows by hand (in their own time zone).
_LUNCH = [{"start": "12:00", "end": "14:00"}]
_COFFEE = [{"start": "08:00", "end": "09:30"}, {"start": "17:30", "end": "19:00"}]
AVAILABILITY_PRESETS = {
    "lunch": {day: list(_LUNCH) for day in WEEKDAYS[:5]},
    "coffee": {day: list(_COFFEE) for day in WEEKDAYS[:5]},
    "lunch_and_coffee": {day: [_COFFEE[0], _LUNCH[0], _COFFEE[1]] for day in WEEKDAYS[:5]},
}

# Lifecycle shared by pledges and help requests.
OPEN, MATCHED, FULFILLED, WITHDRAWN, EXPIRED = "open", "matched", "fulfilled", "withdrawn", "expired"
LIFECYCLE = (OPEN, MATCHED, FULFILLED, WITHDRAWN, EXPIRED)

# --- help delivered (issue 14) ------------------------------------------------------------------
# Reviews of a document the seeker hands over; a document counts for at most this many reviews.
REVIEW_KINDS = ("cv_review", "cover_letter_review")
DOCUMENT_REVIEWS = 2
# The kind whose help is an introduction, which the seeker confirms was made.
INTRODUCTION = "network_intro"
# How a unit of help was given: a review returned, a meeting held, an introduction confirmed.
REVIEW_RETURNED, MEETING_HELD, INTRODUCTION_CONFIRMED = (
    "review_returned", "meeting_held", "introduction_confirmed")
HOW_GIVEN = (REVIEW_RETURNED, MEETING_HELD, INTRODUCTION_CONFIRMED)
# Days a donor has to give the help once a match is accepted (DELIVERY_DAYS overrides them).
# Kinds that end in a meeting are left out: scheduling already ends a match whose meeting finds
# no answer or no common time, and records who did not come.
DELIVERY_DAYS = {"cv_review": 7, "cover_letter_review": 7, INTRODUCTION: 14}
# The donor is reminded halfway through and a day before the deadline.
HALFWAY, LAST_DAY = "halfway", "last_day"
DELIVERY_REMINDERS = (HALFWAY, LAST_DAY)
# Why a request went to another donor: the seeker asked, once the deadline had passed, or
# Binôme did on its own after the grace period.
ASKED_BY_SEEKER, SILENT_PAST_GRACE = "asked_by_seeker", "silent_past_grace"
REASSIGN_REASONS = (ASKED_BY_SEEKER, SILENT_PAST_GRACE)
# Three months after their first help, a seeker is asked where they stand.
FOUND_JOB, IN_TRAINING, STILL_LOOKING = "found_job", "in_training", "still_looking"
SITUATIONS = (FOUND_JOB, IN_TRAINING, STILL_LOOKING)
