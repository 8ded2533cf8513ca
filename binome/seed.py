"""A small, realistic market so that a fresh Binôme has people in it."""
from shared.contracts.kinds import AVAILABILITY_PRESETS

from .api_client import ApiError

DONORS = [
    ("Sophie Laurent", "sophie.laurent@example.org", "Recruiter", ["recruiting", "cv"],
     [("cv_review", 3), ("cover_letter_review", 2)]),
    ("Thomas Girard", "thomas.girard@example.org", "Data analyst", ["sql", "python", "career change"],
     [("coffee", 1), ("mock_interview", 1)]),
    ("Nadia Haddad", "nadia.haddad@example.org", "Nurse", ["care", "teamwork"],
     [("cover_letter_review", 2)]),
]
SEEKERS = [
    ("Julien Petit", "julien.petit@example.org", "Cashier", "Data analyst", ["excel", "sql"],
     ["cv_review", "coffee"]),
    ("Amina Diallo", "amina.diallo@example.org", "Care assistant", "Nurse", ["care"],
     ["cover_letter_review"]),
    ("Lucas Moreau", "lucas.moreau@example.org", "Warehouse operator", "Recruiter", ["teamwork"],
     ["cv_review", "mock_interview"]),
]


def _register(api, person):
    try:
        return api.post("/api/people", person), True
    except ApiError as error:
        if error.status == 400 and "email" in error.payload["error"]["fields"]:
            return None, False  # seeded before
        raise


def seed_market(api, say=print):
    added = 0
    for name, email, occupation, skills, pledges in DONORS:
        person, new = _register(api, {
            "name": name, "email": email, "roles": ["time_donor"], "occupation": occupation,
            "skills": skills, "languages": ["fr", "en"], "availability": AVAILABILITY_PRESETS["coffee"]})
        if new:
            added += 1
            for kind, quantity in pledges:
                api.post(f"/api/people/{person['id']}/pledges", {"kind": kind, "quantity": quantity})
    for name, email, occupation, target, skills, kinds in SEEKERS:
        person, new = _register(api, {
            "name": name, "email": email, "roles": ["job_seeker"], "occupation": occupation,
            "target_occupation": target, "skills": skills, "languages": ["fr"],
            "availability": AVAILABILITY_PRESETS["lunch"]})
        if new:
            added += 1
            for kind in kinds:
                api.post(f"/api/people/{person['id']}/requests", {"kind": kind})
    say(f"Seeded the market: {added} new people ({len(DONORS) + len(SEEKERS) - added} already there).")
