"""Reference places: every commune of France, its postal codes, département and coordinates, offline.

Lookups as people type them; a name several communes share is a choice, never a guess."""
import gzip
import json
import re

import pytest

from shared.reference import places
from shared.reference.places import (
    Lookup,
    Place,
    all_places,
    by_city,
    by_postal_code,
    communes_of_postal_code,
    distance_km,
    linear_lookup,
    lookup,
    midpoint,
    named,
    nearest,
    resolve,
    suggest,
)

ARRONDISSEMENTS = range(1, 21)

# (what a person types, the commune INSEE names, its département, the postal code it answers):
# at least one per region of mainland France, Corsica, and each overseas département and
# collectivity; chefs-lieux, small towns and villages, postal codes alone.
COMMUNES = [
    # Occitanie
    ("Mende", "Mende", "48", "48000"), ("48000", "Mende", "48", "48000"),
    ("Millau", "Millau", "12", "12100"), ("12100", "Millau", "12", "12100"),
    ("Toulouse", "Toulouse", "31", "31000"), ("Montpellier", "Montpellier", "34", "34000"),
    ("Nîmes", "Nîmes", "30", "30000"), ("Perpignan", "Perpignan", "66", "66000"),
    ("Albi", "Albi", "81", "81000"), ("Rodez", "Rodez", "12", "12000"), ("Foix", "Foix", "09", "09000"),
    ("Cahors", "Cahors", "46", "46000"), ("Tarbes", "Tarbes", "65", "65000"), ("Auch", "Auch", "32", "32000"),
    ("Carcassonne", "Carcassonne", "11", "11000"), ("Montauban", "Montauban", "82", "82000"),
    ("Badaroux", "Badaroux", "48", "48000"),
    # Provence-Alpes-Côte d'Azur
    ("Saint-Rémy-de-Provence", "Saint-Rémy-de-Provence", "13", "13210"),
    ("13210", "Saint-Rémy-de-Provence", "13", "13210"),
    ("Marseille 8e", "Marseille 8e Arrondissement", "13", "13008"),
    ("13008", "Marseille 8e Arrondissement", "13", "13008"),
    ("Nice", "Nice", "06", "06000"), ("Toulon", "Toulon", "83", "83000"), ("Avignon", "Avignon", "84", "84000"),
    ("Gap", "Gap", "05", "05000"), ("Digne-les-Bains", "Digne-les-Bains", "04", "04000"),
    ("Aix-en-Provence", "Aix-en-Provence", "13", "13100"), ("Cannes", "Cannes", "06", "06400"),
    ("Antibes", "Antibes", "06", "06600"),
    # Bretagne
    ("Plouha", "Plouha", "22", "22580"), ("22580", "Plouha", "22", "22580"),
    ("Rennes", "Rennes", "35", "35000"), ("Brest", "Brest", "29", "29000"), ("Quimper", "Quimper", "29", "29000"),
    ("Vannes", "Vannes", "56", "56000"), ("Lorient", "Lorient", "56", "56100"),
    ("Saint-Brieuc", "Saint-Brieuc", "22", "22000"), ("Saint-Malo", "Saint-Malo", "35", "35400"),
    ("Paimpol", "Paimpol", "22", "22500"),
    # Nouvelle-Aquitaine
    ("Guéret", "Guéret", "23", "23000"), ("23000", "Guéret", "23", "23000"),
    ("Limoges", "Limoges", "87", "87000"), ("Bordeaux", "Bordeaux", "33", "33000"),
    ("Poitiers", "Poitiers", "86", "86000"), ("17000", "La Rochelle", "17", "17000"), ("Pau", "Pau", "64", "64000"),
    ("Bayonne", "Bayonne", "64", "64100"), ("Périgueux", "Périgueux", "24", "24000"),
    ("Angoulême", "Angoulême", "16", "16000"), ("Niort", "Niort", "79", "79000"), ("Tulle", "Tulle", "19", "19000"),
    ("Mont-de-Marsan", "Mont-de-Marsan", "40", "40000"), ("Agen", "Agen", "47", "47000"),
    # Auvergne-Rhône-Alpes
    ("Lyon 3e", "Lyon 3e Arrondissement", "69", "69003"), ("69003", "Lyon 3e Arrondissement", "69", "69003"),
    ("Grenoble", "Grenoble", "38", "38000"), ("Clermont-Ferrand", "Clermont-Ferrand", "63", "63000"),
    ("Saint-Étienne", "Saint-Étienne", "42", "42000"), ("Annecy", "Annecy", "74", "74000"),
    ("Chambéry", "Chambéry", "73", "73000"), ("Aurillac", "Aurillac", "15", "15000"),
    ("Le Puy-en-Velay", "Le Puy-en-Velay", "43", "43000"), ("Privas", "Privas", "07", "07000"),
    ("Bourg-en-Bresse", "Bourg-en-Bresse", "01", "01000"),
    # Bourgogne-Franche-Comté
    ("Dijon", "Dijon", "21", "21000"), ("Besançon", "Besançon", "25", "25000"), ("Belfort", "Belfort", "90", "90000"),
    ("Auxerre", "Auxerre", "89", "89000"), ("Nevers", "Nevers", "58", "58000"), ("Mâcon", "Mâcon", "71", "71000"),
    ("Lons-le-Saunier", "Lons-le-Saunier", "39", "39000"), ("Vesoul", "Vesoul", "70", "70000"),
    # Centre-Val de Loire
    ("Orléans", "Orléans", "45", "45000"), ("Tours", "Tours", "37", "37000"), ("Bourges", "Bourges", "18", "18000"),
    ("Chartres", "Chartres", "28", "28000"), ("Blois", "Blois", "41", "41000"),
    ("Châteauroux", "Châteauroux", "36", "36000"),
    # Grand Est
    ("Strasbourg", "Strasbourg", "67", "67000"), ("Metz", "Metz", "57", "57000"), ("Nancy", "Nancy", "54", "54000"),
    ("Reims", "Reims", "51", "51100"), ("Mulhouse", "Mulhouse", "68", "68100"), ("Colmar", "Colmar", "68", "68000"),
    ("Troyes", "Troyes", "10", "10000"), ("Épinal", "Épinal", "88", "88000"),
    ("Charleville-Mézières", "Charleville-Mézières", "08", "08000"), ("Bar-le-Duc", "Bar-le-Duc", "55", "55000"),
    ("Châlons-en-Champagne", "Châlons-en-Champagne", "51", "51000"),
    ("Saint-Dié-des-Vosges", "Saint-Dié-des-Vosges", "88", "88100"),
    # Hauts-de-France
    ("Lille", "Lille", "59", "59000"), ("Amiens", "Amiens", "80", "80000"), ("Dunkerque", "Dunkerque", "59", "59140"),
    ("Calais", "Calais", "62", "62100"), ("Beauvais", "Beauvais", "60", "60000"), ("Laon", "Laon", "02", "02000"),
    ("Arras", "Arras", "62", "62000"), ("Roubaix", "Roubaix", "59", "59100"),
    # Normandie
    ("Rouen", "Rouen", "76", "76000"), ("Caen", "Caen", "14", "14000"), ("Le Havre", "Le Havre", "76", "76600"),
    ("Cherbourg-en-Cotentin", "Cherbourg-en-Cotentin", "50", "50100"), ("Évreux", "Évreux", "27", "27000"),
    ("Alençon", "Alençon", "61", "61000"), ("Saint-Lô", "Saint-Lô", "50", "50000"),
    # Île-de-France
    ("75015", "Paris 15e Arrondissement", "75", "75015"), ("Paris 15e", "Paris 15e Arrondissement", "75", "75015"),
    ("Versailles", "Versailles", "78", "78000"), ("Créteil", "Créteil", "94", "94000"),
    ("Nanterre", "Nanterre", "92", "92000"), ("Bobigny", "Bobigny", "93", "93000"),
    ("Évry-Courcouronnes", "Évry-Courcouronnes", "91", "91000"), ("Cergy", "Cergy", "95", "95000"),
    ("Melun", "Melun", "77", "77000"), ("93200 Saint-Denis", "Saint-Denis", "93", "93200"),
    ("93100", "Montreuil", "93", "93100"),
    # Pays de la Loire
    ("Nantes", "Nantes", "44", "44000"), ("Angers", "Angers", "49", "49000"), ("Le Mans", "Le Mans", "72", "72000"),
    ("Laval", "Laval", "53", "53000"), ("La Roche-sur-Yon", "La Roche-sur-Yon", "85", "85000"),
    ("Cholet", "Cholet", "49", "49300"),
    # Corse
    ("Ajaccio", "Ajaccio", "2A", "20000"), ("Bastia", "Bastia", "2B", "20200"), ("Corte", "Corte", "2B", "20250"),
    ("Porto-Vecchio", "Porto-Vecchio", "2A", "20137"),
    # Overseas départements
    ("Pointe-à-Pitre", "Pointe-à-Pitre", "971", "97110"), ("Basse-Terre", "Basse-Terre", "971", "97100"),
    ("Lamentin", "Lamentin", "971", "97129"), ("Fort-de-France", "Fort-de-France", "972", "97200"),
    ("Le Lamentin", "Le Lamentin", "972", "97232"), ("Le Robert", "Le Robert", "972", "97231"),
    ("Cayenne", "Cayenne", "973", "97300"), ("Kourou", "Kourou", "973", "97310"),
    ("Saint-Laurent-du-Maroni", "Saint-Laurent-du-Maroni", "973", "97320"),
    ("97400", "Saint-Denis", "974", "97400"), ("Le Tampon", "Le Tampon", "974", "97418"),
    ("Mamoudzou", "Mamoudzou", "976", "97600"), ("Dzaoudzi", "Dzaoudzi", "976", "97615"),
    # Overseas collectivities
    ("Saint-Pierre 975", "Saint-Pierre", "975", "97500"), ("97133", "Saint-Barthélemy", "977", "97133"),
    ("97150", "Saint-Martin", "978", "97150"), ("Papeete", "Papeete", "987", "98714"),
    ("Nouméa", "Nouméa", "988", "98800"),
]


@pytest.mark.parametrize("typed, name, department, postal_code", COMMUNES)
def test_communes_and_postal_codes_from_every_region_and_overseas(typed, name, department, postal_code):
    place = resolve(typed)
    assert (place.name, place.department, place.postal_code) == (name, department, postal_code)


def test_the_list_covers_a_hundred_places_every_region_and_overseas():
    assert len(COMMUNES) >= 100
    departments = {department for _, _, department, _ in COMMUNES}
    assert {"971", "972", "973", "974", "976"} <= departments
    assert {"2A", "2B", "75", "69", "13"} <= departments


# --- names several communes share: a choice ------------------------------------------------------


@pytest.mark.parametrize("name, among", [
    ("Saint-Denis", {("93", "93200"), ("974", "97400")}),
    ("Sainte-Marie", {("974", "97438"), ("972", "97230"), ("35", "35600")}),
    ("Saint-Pierre", {("974", "97410"), ("975", "97500"), ("972", "97250")}),
    ("Sainte-Anne", {("971", "97180"), ("972", "97227")}),
    ("Saint-Louis", {("974", "97421"), ("68", "68300")}),
    ("Sainte-Geneviève-des-Bois", {("91", "91700"), ("45", "45230")}),
    ("Montreuil", {("93", "93100"), ("85", "85200")}),
    ("Valence", {("26", "26000"), ("82", "82400"), ("16", "16460")}),
    ("La Rochelle", {("17", "17000"), ("70", "70120")}),
])
def test_a_shared_name_answers_the_choice_not_a_guess(name, among):
    found = lookup(name)
    assert found.place is None and found.ambiguous
    assert among <= {(p.department, p.postal_code) for p in found.choices}
    assert resolve(name) is None and by_city(name) is None
    populations = [p.population for p in found.choices]
    assert populations == sorted(populations, reverse=True)  # the likeliest first
    for choice in found.choices:  # each choice, written as the page offers it, names that commune
        assert lookup(choice.unambiguous_text) == Lookup(choice)


def test_a_choice_shows_name_postal_code_and_department():
    labels = [p.label for p in lookup("Saint-Denis").choices]
    assert "Saint-Denis (93200, Seine-Saint-Denis)" in labels
    assert "Saint-Denis (97400, La Réunion)" in labels


@pytest.mark.parametrize("typed, department", [
    ("93200 Saint-Denis", "93"), ("Saint-Denis (97400)", "974"), ("Saint-Denis 93", "93"),
    ("Saint-Denis (974)", "974"), ("saint denis la reunion", "974"), ("Saint-Denis, Seine-Saint-Denis", "93"),
    ("Sainte-Marie 972", "972"), ("ste marie (974)", "974"), ("Valence 26", "26"), ("Montreuil 93", "93"),
])
def test_a_postal_code_or_a_department_tells_homonyms_apart(typed, department):
    place = resolve(typed)
    assert place is not None and place.department == department
    assert fold_name(place.name) in places.fold(typed)


def fold_name(name):
    return places.fold(name)


def test_the_message_names_each_choice():
    message = places.several_named("Saint-Denis", lookup("Saint-Denis").choices)
    assert message.startswith("Several communes are named 'Saint-Denis'")
    assert "Saint-Denis (97400, La Réunion)" in message and "Saint-Denis (93200, Seine-Saint-Denis)" in message


def test_every_shared_name_is_a_choice_and_every_choice_can_be_named():
    shared = {places.fold(p.name) for p in all_places() if len(named(p.name)) > 1}
    assert len(shared) > 1000  # Saint-Martin, Beaulieu, Sainte-Colombe...
    for name in sorted(shared)[::25]:
        found = lookup(name)
        assert found.place is None and len(found.choices) > 1, name
        for choice in found.choices:
            assert resolve(choice.unambiguous_text) == choice, choice


# --- spelled as people type ----------------------------------------------------------------------


@pytest.mark.parametrize("spelling, name", [
    ("SAINT-ETIENNE", "Saint-Étienne"), ("saint etienne", "Saint-Étienne"), ("St-Étienne", "Saint-Étienne"),
    ("st etienne", "Saint-Étienne"), (" Saint-Étienne ", "Saint-Étienne"),
    ("st remy de provence", "Saint-Rémy-de-Provence"), ("ST REMY DE PROVENCE", "Saint-Rémy-de-Provence"),
    ("Saint Rémy de Provence", "Saint-Rémy-de-Provence"), ("st-remy-de-provence", "Saint-Rémy-de-Provence"),
    ("Ste-Geneviève-des-Bois (91)", "Sainte-Geneviève-des-Bois"), ("sainte genevieve des bois 91", "Sainte-Geneviève-des-Bois"),
    ("gueret", "Guéret"), ("GUERET", "Guéret"), ("plouha", "Plouha"), ("MILLAU", "Millau"),
    ("aix en provence", "Aix-en-Provence"), ("le puy en velay", "Le Puy-en-Velay"),
    ("pointe a pitre", "Pointe-à-Pitre"), ("chalons en champagne", "Châlons-en-Champagne"),
    ("marcq en baroeul", "Marcq-en-Barœul"), ("l'hay les roses", "L'Haÿ-les-Roses"),
    ("st-lo", "Saint-Lô"), ("noumea", "Nouméa"), ("  mende ", "Mende"),
])
def test_accents_case_hyphens_and_saint_as_people_type_them(spelling, name):
    assert resolve(spelling).name == name


def test_former_communes_and_other_spellings_name_the_commune_of_today():
    assert resolve("Cherbourg-Octeville").name == "Cherbourg-en-Cotentin"  # merged in 2016
    assert resolve("Annecy-le-Vieux").name == "Annecy"
    assert resolve("Dunkirk").name == "Dunkerque"


# --- Paris, Lyon, Marseille ------------------------------------------------------------------------


def paris(n):
    return f"Paris {n}{'er' if n == 1 else 'e'}"


@pytest.mark.parametrize("n", ARRONDISSEMENTS)
def test_every_paris_arrondissement_by_postal_code_and_name(n):
    place = by_postal_code(f"750{n:02d}")
    assert place.neighbourhood == paris(n) and place.insee_code == f"751{n:02d}"
    for spelling in (f"Paris {n}", f"Paris {n}e", f"paris {n}ème", f"PARIS {n:02d}", paris(n),
                     f"Paris {n}e arrondissement"):
        assert by_city(spelling) == place, spelling


@pytest.mark.parametrize("city, count, code", [("Lyon", 9, "6900{}"), ("Marseille", 16, "130{:02d}")])
def test_every_lyon_and_marseille_arrondissement(city, count, code):
    for n in range(1, count + 1):
        place = by_postal_code(code.format(n))
        assert place.neighbourhood == f"{city} {n}{'er' if n == 1 else 'e'}"
        assert by_city(f"{city} {n}e") == place


@pytest.mark.parametrize("roman, n", [("I", 1), ("IV", 4), ("IX", 9), ("XIV", 14), ("XV", 15), ("XX", 20)])
def test_roman_arrondissements(roman, n):
    assert by_city(f"Paris {roman}") == by_postal_code(f"750{n:02d}")


def test_75116_is_the_16th():
    assert by_postal_code("75116").neighbourhood == "Paris 16e"
    assert by_postal_code("75116").postal_code == "75116"


def test_paris_lyon_marseille_alone_are_the_city_without_a_code():
    for city in ("Paris", "Lyon", "Marseille"):
        centre = by_city(city)
        assert centre.neighbourhood == city and centre.postal_code is None
    assert distance_km(by_city("Paris"), by_city("Paris 4e")) < 2


def test_a_city_and_its_department_is_the_city():
    assert resolve("Lyon 69") == by_city("Lyon") and resolve("Paris (75)") == by_city("Paris")
    assert resolve("Marseille 13").neighbourhood == "Marseille 13e"  # an arrondissement first


def test_no_such_arrondissement():
    assert by_city("Paris 21") is None
    assert by_city("Lyon 10e") is None
    assert by_city("Marseille 17") is None


# --- postal codes ----------------------------------------------------------------------------------


def test_a_code_several_communes_share_names_its_most_populous_and_lists_them_all():
    communes = communes_of_postal_code("48000")
    assert communes[0].name == "Mende" and by_postal_code("48000").name == "Mende"
    assert {"Badaroux", "Balsièges"} <= {p.name for p in communes}
    assert all(p.postal_code == "48000" for p in communes)
    assert resolve("48000 Badaroux").name == "Badaroux"  # the code and the name: that one


def test_a_commune_with_several_codes_is_found_by_each():
    for code in ("31000", "31100", "31200", "31300", "31400", "31500"):
        assert resolve(code).name == "Toulouse" and resolve(code).postal_code == code


def test_postal_code_input():
    assert by_postal_code(" 75015 ") == by_postal_code("75015")
    assert resolve("75015") == resolve(" 75015 ") == by_city("Paris 15e")
    assert resolve("Toulouse") == by_postal_code("31000")


@pytest.mark.parametrize("unknown", ["75099", "31999", "00000", "7501", "750150", "abcde", "", "  ", None, 75015])
def test_unknown_postal_codes_are_not_guessed(unknown):
    assert by_postal_code(unknown) is None


@pytest.mark.parametrize("unknown", ["Atlantis", "", "  ", "Paris 99", None, "London", "99999 Paris"])
def test_unknown_names(unknown):
    assert by_city(unknown) is None
    assert resolve(unknown) is None
    assert lookup(unknown) == Lookup()


@pytest.mark.parametrize("shortened, name, department", [
    ("Carhaix", "Carhaix-Plouguer", "29"), ("carhaix", "Carhaix-Plouguer", "29")])
def test_a_compound_name_shortened_to_its_first_words_is_that_commune(shortened, name,
                                                                     department):
    place = resolve(shortened)
    assert (place.name, place.department) == (name, department)


def test_a_former_name_that_also_begins_compound_names_is_a_choice_not_a_guess():
    found = lookup("Boulogne")      # Boulogne-Billancourt, Boulogne-sur-Mer... and a merged one
    names = [place.name for place in found.choices]
    assert found.place is None and names[:2] == ["Boulogne-Billancourt", "Boulogne-sur-Mer"]
    assert "Essarts-en-Bocage" in names


def test_first_words_several_compound_names_share_are_a_choice():
    found = lookup("Villeneuve sur")
    assert found.place is None and len(found.choices) > 1
    assert all(place.name.startswith("Villeneuve-sur-") for place in found.choices)


# --- the whole data --------------------------------------------------------------------------------


def test_every_commune_of_france_overseas_included():
    communes = [p for p in all_places() if not re.search(r"\d+(e|er) Arrondissement$", p.name)]
    assert 34_900 <= len(communes) <= 35_100
    assert len(all_places()) - len(communes) == 20 + 9 + 16
    departments = {p.department for p in all_places()}
    mainland = {f"{n:02d}" for n in range(1, 96) if n != 20} | {"2A", "2B"}
    assert mainland | {"971", "972", "973", "974", "976"} <= departments
    assert all(places.department_name(d) for d in departments)


def test_every_commune_has_a_postal_code_and_coordinates_where_it_belongs():
    boxes = {"971": (15.8, 16.6, -61.9, -60.9), "972": (14.3, 14.9, -61.3, -60.8), "973": (2, 6, -54.7, -51.5),
             "974": (-21.4, -20.8, 55.2, 55.9), "976": (-13.1, -12.6, 44.9, 45.4)}
    for place in all_places():
        assert place.postal_codes and all(re.fullmatch(r"\d{5}", c) for c in place.postal_codes), place
        south, north, west, east = boxes.get(place.department, (41.3, 51.2, -5.2, 9.6))
        if len(place.department) == 2 or place.department in boxes:
            assert south <= place.latitude <= north and west <= place.longitude <= east, place


def test_indexes_answer_as_a_plain_scan_does():
    typed = ["Mende", "Saint-Denis", "93200 Saint-Denis", "Sainte-Marie 972", "Paris XV", "75116", "48000",
             "Cherbourg-Octeville", "Dunkirk", "Atlantis", "st remy de provence", "Beaulieu", "Valence 26",
             "Carhaix", "Villeneuve sur", "Boulogne"]
    typed += [p.name for p in all_places()[::997]]
    for text in typed:
        assert linear_lookup(text) == lookup(text), text


def test_suggestions_for_a_typeahead():
    assert [p.name for p in suggest("mend")][:1] == ["Mende"]
    assert all(p.postal_code.startswith("480") for p in suggest("480"))
    assert suggest("Saint-Denis")[0].name == "Saint-Denis"  # a whole name first, most populous first
    assert len(suggest("sain")) == places.SUGGESTIONS
    assert suggest("x") == [] and suggest(None) == []


def test_the_shipped_file_is_small():
    assert places.DATA_FILE.stat().st_size < 1_500_000
    with gzip.open(places.DATA_FILE, "rt", encoding="utf-8") as f:
        document = json.load(f)
    assert document["fields"][:3] == ["insee", "name", "department"]


# --- distances and neighbourhoods ------------------------------------------------------------------


def test_distances():
    paris_, lyon = by_city("Paris"), by_city("Lyon")
    assert distance_km(paris_, lyon) == pytest.approx(392, abs=5)
    assert distance_km(paris_, lyon) == distance_km(lyon, paris_)
    assert distance_km(paris_, paris_) == 0
    assert 2 < distance_km(by_city("Paris 1er"), by_city("Paris 15e")) < 6
    assert distance_km((0.0, 0.0), (0.0, 1.0)) == pytest.approx(111.195, abs=0.01)
    assert distance_km(resolve("Mende"), resolve("Badaroux")) < 10
    assert distance_km(resolve("93200"), by_city("Paris")) < 15
    assert distance_km(resolve("97400"), by_city("Paris")) > 9000


def test_midpoint_of_paris_and_lyon_lies_between_them():
    paris_, lyon = by_city("Paris"), by_city("Lyon")
    middle = midpoint(paris_, lyon)
    assert lyon.latitude < middle[0] < paris_.latitude
    assert paris_.longitude < middle[1] < lyon.longitude
    half = distance_km(paris_, lyon) / 2
    assert distance_km(paris_, middle) == pytest.approx(half, abs=0.01)


@pytest.mark.parametrize("n", ARRONDISSEMENTS)
def test_nearest_to_an_arrondissement_is_that_arrondissement(n):
    place = by_postal_code(f"750{n:02d}")
    assert nearest(place.latitude, place.longitude) == place


def test_nearest_names_a_midpoint():
    middle = midpoint(by_city("Paris 5e"), by_city("Paris 7e"))
    assert nearest(*middle).neighbourhood in {"Paris 5e", "Paris 6e", "Paris 7e"}
    assert nearest(43.6045, 1.4440).neighbourhood == "Toulouse"
    assert nearest(44.5216, 3.4998).neighbourhood == "Mende"


def test_neighbourhoods_show_no_postal_code_or_street():
    street = re.compile(r"\b\d+,? (rue|avenue|boulevard|bd|impasse|allée|chemin|quai)\b", re.I)
    for place in all_places():
        assert isinstance(place, Place)
        assert not re.search(r"\d{5}", place.neighbourhood), place
        assert not street.search(place.neighbourhood), place
        assert "Arrondissement" not in place.neighbourhood, place


def test_a_village_shows_the_nearest_town_not_its_own_name():
    assert resolve("Badaroux").neighbourhood == "Mende"  # 930 people, 5 km from Mende
    assert resolve("Plouha").neighbourhood != "Plouha"   # 4,600 people
    assert resolve("Saint-Rémy-de-Provence").neighbourhood == "Saint-Rémy-de-Provence"  # 9,600
    towns = {(p.neighbourhood, p.department): p for p in all_places() if p.population >= places.COARSE_POPULATION}
    for place in all_places():
        if place.population >= places.COARSE_POPULATION:
            continue
        if place.neighbourhood == place.department_name:
            continue  # no town near enough: the département (Mayenne is both)
        town = towns[(place.neighbourhood, place.department)]  # a town of its département, near
        assert distance_km(place, town) <= places.COARSE_KM, (place, town)


@pytest.mark.parametrize("typo, name", [
    ("Guerret", "Guéret"), ("mendes", "Mende"), ("bordeau", "Bordeaux"), ("montpelier", "Montpellier"),
    ("st remi de provence", "Saint-Rémy-de-Provence"), ("plouah", "Plouha"),
])
def test_a_name_no_commune_has_offers_the_nearest_names(typo, name):
    assert resolve(typo) is None
    offered = [p.name for p in places.closest(typo)]
    assert name in offered[:2], offered


def test_nothing_near_is_offered_for_nonsense():
    assert places.closest("xyzzy") == () and places.closest("Atlantis") == ()
    assert places.closest("75099") == () and places.closest(None) == ()
