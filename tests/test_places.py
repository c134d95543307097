import pytest

from tidings.places import default_gazetteer


@pytest.mark.parametrize("name, country", [("Sochi", "RUS"), ("Idlib", "SYR"), ("Aleppo", "SYR"),
                                           ("Afrin", "SYR"), ("‘Afrīn", "SYR"), ("Qamishli", "SYR"),
                                           ("Syria", "SYR"), ("the Gaza Strip", "PSE")])
def test_gazetteer_folds_accents_quotes_and_articles(name, country):
    place = default_gazetteer().lookup(name)
    assert place is not None, name
    assert place.country == country and place.lat is not None and place.geonames_id


def test_ambiguous_name_prefers_the_events_countries():
    gazetteer = default_gazetteer()
    assert gazetteer.lookup("Tripoli", frozenset({"LBN"})).country == "LBN"
    assert gazetteer.lookup("Tripoli").country == "LBY"  # the most populous otherwise


def test_capital_used_for_the_government_is_not_a_place(code):
    [event] = code("Moscow condemned Kyiv on Tuesday.", "2022-06-15")
    assert event.place is None


def test_place_attached_to_the_event_wins(code):
    [event] = code("In Damascus, officials said Israeli warplanes struck Syrian army positions near Homs.", "2022-06-15")
    assert event.place.name == "Homs"


@pytest.mark.parametrize("text, country", [
    ("MOSCOW (AP) \u2014 Russia said on Monday it would expand its naval presence in the Mediterranean.", "RUS"),
    ("ANKARA, May 4 (Reuters) - Turkey's parliament approved the deployment on Thursday.", "TUR"),
    ("Kyiv, Ukraine - Air raid sirens sounded across the capital on Friday night.", "UKR"),
    ("Russia and Turkey agree on a ceasefire", None),  # a headline, no dateline
    ("The talks in Geneva ended on Friday without a deal, diplomats said.", None),
])
def test_dateline_country(text, country):
    from tidings.places import dateline_country
    assert dateline_country(text, default_gazetteer()) == country
