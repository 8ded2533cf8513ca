"""What the pages say about when things happen (services/gateway/when_view.py), in both languages,
on the reader's clock: the next round, deadlines, and why a list is empty with real counts."""
from datetime import datetime, timezone

from services.gateway import web_i18n
from services.gateway.when_view import When

NOW = datetime(2026, 12, 8, 16, 35, tzinfo=timezone.utc)


class Reader:
    """A page's context, as much as When needs: the language, the words and the profile."""

    def __init__(self, locale, zone="Europe/Paris", postal_code="75020"):
        self.locale, self.profile = locale, {"timezone": zone, "postal_code": postal_code}

    def t(self, key, **params):
        return web_i18n.translate(self.locale, key, **params)

    def tn(self, key, count, **params):
        return web_i18n.translate_plural(self.locale, key, count, **params)

    def me(self):
        return self.profile


def test_the_next_round_reads_as_a_day_a_time_a_zone_and_how_soon():
    at = "2026-12-08T17:00:00+00:00"
    assert When(Reader("fr"), {}, NOW).next_round(at)["text"] == (
        "Prochain tour d'appariement : mardi 8 décembre, 18:00 (heure : Paris), dans 25 minutes.")
    assert When(Reader("en"), {}, NOW).next_round(at)["text"] == (
        "Next matching round: Tuesday 8 December, 18:00 (Paris Time), in 25 minutes.")


def test_the_deadline_is_on_the_readers_own_clock():
    said = When(Reader("fr", "America/Guadeloupe"), {}, NOW).answer_by("2026-12-11T16:35:00Z")
    assert "vendredi 11 décembre, 12:35" in said["text"] and "dans 3 jours" in said["text"]


def test_rounds_started_by_hand_are_said_so():
    found = When(Reader("en"), {"round_every_minutes": None, "requests": []}, NOW)
    assert found.next_round(None)["text"].startswith("No matching round is planned")


def test_a_request_with_a_proposal_waiting_is_not_open():
    data = {"requests": [{"request_id": "r1", "state": "proposed", "kind": "cv_review"}]}
    found = When(Reader("en"), data, NOW)
    assert found.request_state({"id": "r1", "status": "open"}) == "a proposal waits for your answer"
    assert found.request_state({"id": "r2", "status": "open"}) == "open"


def test_why_nothing_yet_counts_and_names_each_change():
    reach = {"total": 7, "reachable": 0, "excluded": {"language": 4, "distance": 1},
             "widenings": [{"change": "language", "value": "en", "more": 3},
                           {"change": "radius", "value": 50, "more": 1}]}
    fr = When(Reader("fr"), {}, NOW).why(reach, "seeker")
    assert fr["total"] == "7 personnes offrent ce type d'aide en ce moment."
    assert fr["fit"] == "Aucune ne correspond pour l'instant :"
    assert fr["reasons"] == ["4 ne parlent aucune de vos langues",
                             "1 aide en personne, mais pas jusque chez vous"]
    assert fr["widen"] == ["Ajoutez « anglais » à vos langues pour atteindre 3 personnes de plus.",
                           "Aller jusqu'à 50 km atteindrait 1 personne de plus."]
    en = When(Reader("en", postal_code=None), {}, NOW).why(reach, "seeker")
    assert en["reasons"][1] == "1 helps in person, and your profile does not say where you live"
    assert en["widen"][0] == "Add English to your languages to reach 3 more people."


def test_large_counts_are_written_as_the_reader_writes_numbers():
    reach = {"total": 12500, "reachable": 0, "excluded": {}, "widenings": []}
    assert When(Reader("fr"), {}, NOW).why(reach, "sponsor")["total"] == (
        "12\u202f500 personnes cherchent du travail sur Binôme.")


def test_every_sentence_the_outlook_can_build_exists_in_both_languages():
    rules = ("answered", "language", "distance", "time")
    widenings = [{"change": "language", "value": "en"}, {"change": "location", "value": None},
                 {"change": "availability", "value": None}, {"change": "remote", "value": None},
                 {"change": "radius", "value": 20}]
    for locale in web_i18n.LOCALES:
        for placed in ("75020", None):
            found = When(Reader(locale, postal_code=placed), {}, NOW)
            for side in ("seeker", "donor", "sponsor"):
                for count in (0, 1, 2):
                    reach = {"total": count, "reachable": count,
                             "excluded": {rule: count or 1 for rule in rules},
                             "widenings": [{**w, "more": count or 1} for w in widenings]}
                    said = found.why(reach, side)
                    texts = [said["title"], said["total"], said.get("fit", "")] + \
                        said["reasons"] + said["widen"]
                    assert not [text for text in texts if text.startswith("when.")], texts
        found = When(Reader(locale), {}, NOW)
        for text in (found.next_round("2026-12-08T17:00:00Z")["text"],
                     found.answer_by("2026-12-08T17:00:00Z", mine=False)["text"],
                     found.pick_by("2026-12-08T17:00:00Z")["text"],
                     found.pick_by("2026-12-08T17:00:00Z", mine=False)["text"],
                     found.request_state({"id": "x", "status": "open"})):
            assert not text.startswith("when."), text


def test_the_match_page_shows_until_when_to_answer_and_to_pick_a_time():
    from services.gateway.pages_base import _templates
    match = {"status": "proposed", "answer_by": "2026-12-11T16:35:00Z", "mine_to_decide": False,
             "meetings": [{"status": "proposed", "expires_at": "2026-12-10T16:35:00Z",
                           "chooser_id": "someone-else"}]}
    html = _templates.get_template("_match_when.html").render(
        t=Reader("en").t, outlook=When(Reader("en"), {}, NOW), match=match, me_id="me")
    assert "They have until Friday 11 December, 17:35 (Paris Time) to answer (in 3 days)" in html
    assert "The other person has until Thursday 10 December, 17:35 (Paris Time) to pick a time " \
           "(in 2 days)." in html
    mine = {**match, "mine_to_decide": True,
            "meetings": [{**match["meetings"][0], "chooser_id": "me"}]}
    html = _templates.get_template("_match_when.html").render(
        t=Reader("fr").t, outlook=When(Reader("fr"), {}, NOW), match=mine, me_id="me")
    assert "Répondez avant le vendredi 11 décembre, 17:35 (heure : Paris), dans 3 jours" in html
    assert "Choisissez un créneau avant le jeudi 10 décembre, 17:35 (heure : Paris), dans 2 jours" \
           in html
