"""Adopt a job seeker: which cards a sponsor sees, in which order, and when a yes is mutual.

Pure code over plain values: the service loads candidates from its read model and hands them here.
"""
from dataclasses import dataclass

from shared.reference import occupations, places

# Weights of the terms that rank a sponsor's feed.
BASE = 1.0
WANTED_OCCUPATION = 3.0   # the seeker aims for an occupation the sponsor said they can help with
PER_SHARED_SKILL, MAX_SHARED_SKILLS = 0.3, 3
PER_DAY_WAITING, MAX_DAYS_WAITING = 0.05, 20
NEARBY = 1.0              # full at the sponsor's door, nothing at the edge of their radius


@dataclass(frozen=True)
class Sponsor:
    person_id: object
    languages: tuple
    skills: tuple
    occupations: tuple    # ROME codes the sponsor can help towards (empty: any)
    radius_km: float
    latitude: float | None
    longitude: float | None


@dataclass(frozen=True)
class Seeker:
    person_id: object
    languages: tuple
    skills: tuple
    target_occupation: str | None
    latitude: float | None
    longitude: float | None
    days_waiting: float


@dataclass(frozen=True)
class Fit:
    score: float
    reasons: tuple


def fit(sponsor, seeker):
    """How well a seeker's card fits a sponsor, or None where a hard rule hides it."""
    languages = set(sponsor.languages) & set(seeker.languages)
    if not languages or sponsor.person_id == seeker.person_id:
        return None
    score, reasons = BASE, []
    located = None not in (sponsor.latitude, sponsor.longitude, seeker.latitude, seeker.longitude)
    if located:
        km = places.distance_km((sponsor.latitude, sponsor.longitude),
                                (seeker.latitude, seeker.longitude))
        if km > sponsor.radius_km:
            return None
        score += NEARBY * (1 - km / sponsor.radius_km)
        reasons.append(f"{km:.1f} km from you")
    if sponsor.occupations and seeker.target_occupation:
        closeness = max(occupations.occupation_closeness(code, seeker.target_occupation)
                        for code in sponsor.occupations)
        if closeness >= occupations.NEIGHBOUR:
            score += WANTED_OCCUPATION * closeness
            label = occupations.label(seeker.target_occupation, "en")
            reasons.append(f"aims for {label}, which you said you can help with"
                           if closeness == occupations.SAME else f"aims for {label}, close to your field")
    shared = sorted({s.casefold() for s in sponsor.skills} & {s.casefold() for s in seeker.skills})
    if shared:
        score += PER_SHARED_SKILL * min(len(shared), MAX_SHARED_SKILLS)
        reasons.append(f"{len(shared)} skill{'s' if len(shared) > 1 else ''} in common: "
                       + ", ".join(shared))
    if seeker.days_waiting >= 1:
        score += PER_DAY_WAITING * min(seeker.days_waiting, MAX_DAYS_WAITING)
        reasons.append(f"has been looking for {int(seeker.days_waiting)} day"
                       f"{'s' if seeker.days_waiting >= 2 else ''}")
    reasons.append("speaks " + ", ".join(sorted(languages)))
    return Fit(round(score, 4), tuple(reasons))


def ranked(sponsor, seekers):
    """(seeker, fit) for every visible seeker, best fit first; ties by id so pages are stable."""
    fits = [(seeker, fit(sponsor, seeker)) for seeker in seekers]
    visible = [(seeker, found) for seeker, found in fits if found is not None]
    return sorted(visible, key=lambda pair: (-pair[1].score, str(pair[0].person_id)))


def is_mutual(sponsor_likes, seeker_accepts_sponsors, seeker_likes):
    """A sponsorship starts when the sponsor likes the seeker and the seeker is willing: they
    accept sponsors in general, or they liked this sponsor back."""
    return sponsor_likes and (seeker_accepts_sponsors or seeker_likes)
