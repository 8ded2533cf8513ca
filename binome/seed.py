"""A small, realistic market so that a fresh Binôme has people in it, registered as anyone is:
through the API, confirming each address by the link emailed to it (read from the Maildir)."""

# (first name, last name, email, place, occupation, skills, pledges)
DONORS = [
    ("Sophie", "Laurent", "sophie.laurent@example.org", "75009", "M1502", ["recruiting", "cv"],
     [("cv_review", 3), ("cover_letter_review", 2)]),
    ("Thomas", "Girard", "thomas.girard@example.org", "92100", "M1805",
     ["sql", "python", "career change"], [("coffee", 1), ("mock_interview", 1)]),
    ("Nadia", "Haddad", "nadia.haddad@example.org", "Lyon 3", "J1506", ["care", "teamwork"],
     [("cover_letter_review", 2)]),
]
# (first name, last name, email, place, occupation, target, skills, kinds of help asked)
SEEKERS = [
    ("Julien", "Petit", "julien.petit@example.org", "93200", "D1505", "M1805", ["excel", "sql"],
     ["cv_review", "coffee"]),
    ("Amina", "Diallo", "amina.diallo@example.org", "69007", "J1501", "J1506", ["care"],
     ["cover_letter_review"]),
    ("Lucas", "Moreau", "lucas.moreau@example.org", "Villeurbanne", "N1103", "M1502", ["teamwork"],
     ["cv_review", "mock_interview"]),
]

# Someone to try the operator's pages as: `binome run` makes them an operator (they sign in by email).
OPERATOR = {"first_name": "Camille", "last_name": "Martin", "email": "operator@example.org",
            "roles": ["time_donor"], "languages": ["fr", "en"]}


def _register(api, person):
    """The person, signed in by the link emailed to them, and whether this made their account:
    an address seeded before is emailed a sign-in link instead, which signs them in as well."""
    registered = api.register(person)
    return registered, registered["new_account"]


def seed_market(api, say=print):
    added = 0
    for first, last, email, place, occupation, skills, pledges in DONORS:
        person, new = _register(api, {
            "first_name": first, "last_name": last, "email": email, "roles": ["time_donor"],
            "location": place, "occupation": occupation, "skills": skills,
            "languages": ["fr", "en"], "availability_preset": "coffee"})
        if new:
            added += 1
            for kind, quantity in pledges:
                api.as_person(person).post("/api/me/pledges", {"kind": kind, "quantity": quantity})
    for first, last, email, place, occupation, target, skills, kinds in SEEKERS:
        person, new = _register(api, {
            "first_name": first, "last_name": last, "email": email, "roles": ["job_seeker"],
            "location": place, "occupation": occupation, "target_occupation": target,
            "skills": skills, "languages": ["fr"], "availability_preset": "lunch"})
        if new:
            added += 1
            for kind in kinds:
                api.as_person(person).post("/api/me/requests", {"kind": kind})
    added += _register(api, OPERATOR)[1]
    say(f"Seeded the market: {added} new people ({len(DONORS) + len(SEEKERS) + 1 - added} already there).")
