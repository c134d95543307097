"""The foundation issue's acceptance sentences, end to end through the library."""
from conftest import day, dyads


def test_summit_in_sochi(code):
    events = code("Russian President Vladimir Putin hosted his Turkish counterpart Recep Tayyip Erdogan in Sochi "
                  "on Wednesday.", "2021-09-30")
    assert len(events) == 1
    event = events[0]
    assert event.root == "04" and event.plover == "CONSULT"
    assert (event.source.code, event.target.code) == ("RUSGOV", "TURGOV")
    assert event.date == day("2021-09-29") and event.date_precision == "day"
    assert event.place.name == "Sochi" and event.place.country == "RUS"
    assert abs(event.place.lat - 43.6) < 0.1 and abs(event.place.lon - 39.7) < 0.1


def test_drone_strikes_near_qamishli(code):
    events = code("At least twelve Kurdish fighters were killed in Turkish drone strikes near Qamishli two days "
                  "earlier.", "2022-11-20")
    assert events, "expected an attack event"
    event = events[0]
    assert event.source.code == "TURMIL"
    assert 18 <= int(event.root) <= 20 and event.quad_class == 4
    assert event.date == day("2022-11-18")
    assert event.place is not None and event.place.country == "SYR"


def test_negated_signing_gives_no_event(code):
    assert code("Iran and Iraq did not sign the agreement.") == []


def test_intent_to_buy_jets(code):
    events = code("Ankara said it would buy more fighter jets from Washington.")
    assert dyads(events) == [("TURGOV", "USAGOV")]
    assert events[0].cameo.startswith("03") and events[0].modality == "intent"
