"""Each person sees when (issue 16), in a real browser (headless Chromium), in French on a phone
(390x844) and in English on a desktop: the next matching round beside an open request and a
pledge, why nothing came yet with the market's real numbers and what would reach more, the state
of a request whose proposal waits ("not open"), the deadline to answer it, and why a sponsor's
deck is empty. Pages are checked as every browser test checks them (screenshots at 360 px and on
a desktop in test-artifacts/screenshots).

The journey runs in the browser process (browser_support.py). The market is built through the
API; the numbers asserted are those of that market, counted by matching with the round's rules.
"""
import re
import uuid

from binome.api_client import Api, wait_for
from browser_support import DESKTOP, check_page, new_page, reload_until

PHONE_390 = {"width": 390, "height": 844}
KIND = "cover_letter_review"
# Both readers: the same pages, in French on a phone and in English on a desktop.
READERS = (("fr-FR", PHONE_390), ("en-GB", DESKTOP))
NEXT_ROUND = {
    "fr": re.compile(r"Prochain tour d'appariement : \w+ \d+ \w+, \d\d:\d\d \(heure : Paris\), "
                     r"dans \d+ (secondes|minute|minutes|heure)\."),
    "en": re.compile(r"Next matching round: \w+ \d+ \w+, \d\d:\d\d \(Paris Time\), "
                     r"in \d+ (seconds|minute|minutes|hour)\.")}


def _email(name):
    return f"{name}.{uuid.uuid4().hex[:8]}@example.org"


def _person(api, first, roles, location, languages, **more):
    return api.register({"first_name": first, "last_name": "Testeur", "email": _email(first),
                         "roles": roles, "location": location, "languages": languages, **more})


def _signed_in(browser, base_url, person, locale, viewport):
    page = new_page(browser, base_url, locale=locale, viewport=viewport)
    page.context.add_cookies([{"name": "binome_session", "value": person["token"],
                               "url": base_url}])
    return page


def _text(page, selector):
    return " ".join(page.locator(selector).first.inner_text().split())


def journey_when(browser, base_url, maildir, operator_token):
    api = Api(base_url, maildir=maildir)
    operator = Api(base_url, token=operator_token)
    seeker = _person(api, "Eulalie", ["job_seeker"], "75020", ["fr"], locale="fr")
    english = [_person(api, f"Edith{i}", ["time_donor"], "75011", ["en"]) for i in range(3)]
    lyon = _person(api, "Lucien", ["time_donor"], "69001", ["fr"])
    for donor in english:
        api.as_person(donor).post("/api/me/pledges", {"kind": KIND, "quantity": 1})
    api.as_person(lyon).post("/api/me/pledges", {"kind": KIND, "quantity": 1, "remote": False,
                                                 "radius_km": 10})
    request = api.as_person(seeker).post("/api/me/requests", {"kind": KIND})
    card = f"li.request[data-request='{request['id']}']"

    # --- nothing yet: the next round, and why, with the market's numbers ----------------------
    said = {
        "fr": ("4 personnes offrent ce type d'aide en ce moment.",
               "Aucune ne correspond pour l'instant :",
               "3 ne parlent aucune de vos langues",
               "1 aide en personne, mais pas jusque chez vous",
               "Ajoutez « anglais » à vos langues pour atteindre 3 personnes de plus."),
        "en": ("4 people offer this kind of help right now.", "None fits yet:",
               "3 speak none of your languages",
               "1 helps in person, but not as far as where you live",
               "Add English to your languages to reach 3 more people.")}
    operator.post("/api/rounds", {"kind": KIND})
    for locale, viewport in READERS:
        language = locale[:2]
        page = _signed_in(browser, base_url, seeker, locale, viewport)
        page.goto("/seeker")
        reload_until(page, "the four pledges counted",
                     lambda p: said[language][0] in _text(p, card))
        shown = _text(page, card)
        assert ("· ouvert" if language == "fr" else "· open") in shown
        assert NEXT_ROUND[language].search(shown), shown
        for sentence in said[language]:
            assert sentence in shown, (sentence, shown)
        check_page(page, f"when-seeker-nothing-yet-{language}")
        page.context.close()

    # The English donor's pledge: one request waits, in a language they do not speak.
    said = {"fr": ("1 demande de ce type attend de l'aide.", "1 ne parle aucune de vos langues",
                   "Ajoutez « français » à vos langues pour atteindre 1 personne de plus."),
            "en": ("1 request of this kind is waiting for help.",
                   "1 speaks none of your languages",
                   "Add French to your languages to reach 1 more person.")}
    for locale, viewport in READERS:
        language = locale[:2]
        page = _signed_in(browser, base_url, english[0], locale, viewport)
        page.goto("/donor")
        shown = _text(page, "li.pledge")
        assert NEXT_ROUND[language].search(shown), shown
        for sentence in said[language]:
            assert sentence in shown, (sentence, shown)
        check_page(page, f"when-donor-nothing-yet-{language}")
        page.context.close()

    # --- a French donor comes: the proposal waits, with its deadline --------------------------
    french = _person(api, "Firmin", ["time_donor"], "75011", ["fr"])
    api.as_person(french).post("/api/me/pledges", {"kind": KIND, "quantity": 1})
    as_seeker = api.as_person(seeker)

    def proposed():
        operator.post("/api/rounds", {"kind": KIND})
        return [m for m in as_seeker.get("/api/me/matches")["items"] if m["status"] == "proposed"]
    wait_for("a proposal", proposed)
    answer = {"fr": re.compile(r"Répondez avant le \w+ \d+ \w+, \d\d:\d\d \(heure : Paris\), "
                               r"dans 3 jours"),
              "en": re.compile(r"Answer by \w+ \d+ \w+, \d\d:\d\d \(Paris Time\), in 3 days")}
    for locale, viewport in READERS:
        language = locale[:2]
        page = _signed_in(browser, base_url, seeker, locale, viewport)
        page.goto("/seeker")
        shown = _text(page, card)
        assert ("une proposition attend votre réponse" if language == "fr"
                else "a proposal waits for your answer") in shown, shown
        assert answer[language].search(shown), shown
        assert answer[language].search(_text(page, "li.match[data-status=proposed]"))
        check_page(page, f"when-seeker-proposal-{language}")
        page.context.close()
        donor_page = _signed_in(browser, base_url, french, locale, viewport)
        donor_page.goto("/donor")
        waiting = _text(donor_page, "li.match[data-status=proposed]")
        assert re.search(r"La personne a jusqu'au \w+ \d+ \w+, \d\d:\d\d \(heure : Paris\) pour "
                         r"répondre \(dans 3 jours\)" if language == "fr" else
                         r"They have until \w+ \d+ \w+, \d\d:\d\d \(Paris Time\) to answer "
                         r"\(in 3 days\)", waiting), waiting
        check_page(donor_page, f"when-donor-proposal-{language}")
        donor_page.context.close()

    # --- a mentor in Lyon with no mentee: a reconverting worker in Paris asked for lunch ------
    mentor = _person(api, "Mireille", ["mentor"], "69001", ["fr"], availability_preset="lunch",
                     mentor={"from_occupation": "D1301", "to_occupation": "M1805",
                             "moved_in": 2019})
    worker = _person(api, "Rachid", ["reconverting_worker"], "75020", ["fr"],
                     availability_preset="lunch", occupation="D1301", target_occupation="M1805")
    api.as_person(worker).post("/api/me/requests", {"kind": "lunch_mentoring"})
    said = {"fr": ("1 demande de ce type attend de l'aide.", "1 habite plus loin que vous n'allez"),
            "en": ("1 request of this kind is waiting for help.", "1 lives farther than you go")}
    for locale, viewport in READERS:
        language = locale[:2]
        page = _signed_in(browser, base_url, mentor, locale, viewport)
        page.goto("/mentor")
        reload_until(page, "the request counted", lambda p: p.locator(".why-empty").count() and
                     said[language][0] in _text(p, ".why-empty"))
        shown = _text(page, "section:has(ul.mentees)")
        assert NEXT_ROUND[language].search(shown), shown
        for sentence in said[language]:
            assert sentence in shown, (sentence, shown)
        # A mentor's lunch is given in person: helping remotely is not suggested.
        assert "distance" not in shown and "remotely" not in shown
        check_page(page, f"when-mentor-no-mentee-{language}")
        page.context.close()

    # --- a sponsor's empty deck ---------------------------------------------------------------
    # The deck holds every job seeker and reconverting worker: Eulalie and Rachid in Paris, and
    # Marius in Marseille, where the sponsor lives.
    _person(api, "Marius", ["job_seeker"], "13001", ["fr"])
    sponsor = _person(api, "Sabine", ["sponsor"], "13001", ["de"],
                      sponsor={"capacity": 2, "occupations": [], "radius_km": 10})
    said = {"fr": ("3 personnes cherchent du travail sur Binôme.",
                   "Aucune ne correspond pour l'instant :", "3 ne parlent aucune de vos langues",
                   "2 habitent plus loin que vous n'allez",
                   "Ajoutez « français » à vos langues pour atteindre 1 personne de plus."),
            "en": ("3 job seekers are on Binôme.", "None fits yet:",
                   "3 speak none of your languages", "2 live farther than you go",
                   "Add French to your languages to reach 1 more person.")}
    for locale, viewport in READERS:
        language = locale[:2]
        page = _signed_in(browser, base_url, sponsor, locale, viewport)
        page.goto("/sponsor")
        reload_until(page, "the three seekers in the deck",
                     lambda p: p.locator("#deck-why").count() and
                     said[language][0] in _text(p, "#deck-why"))
        assert page.locator("#deck-empty").is_visible()
        shown = _text(page, "#deck-why")
        for sentence in said[language]:
            assert sentence in shown, (sentence, shown)
        check_page(page, f"when-sponsor-empty-deck-{language}")
        page.context.close()


def test_each_person_sees_the_next_round_a_deadline_and_why_nothing_came_yet(embedded, operator,
                                                                             browser):
    api, data = embedded
    token = operator.http.headers["Authorization"].split()[1]
    browser.run(journey_when, api.base_url, data / "maildir", token)
