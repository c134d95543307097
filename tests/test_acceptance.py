"""The foundation issue's acceptance sentences, end to end through the library."""
from conftest import day, dyads, triples


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


def test_seed_style_analysis_with_its_header(model_coder):
    """An analysis in the seed article's shape: a `Date:` header, a negated press conference, the
    publisher's boilerplate. The team wrote this text; the events are those a reader would code."""
    from tidings.clean import iter_articles
    from conftest import ROOT
    [article] = iter_articles([str(ROOT / "tests" / "data" / "seed_style_analysis.txt")])
    assert article.published == day("2021-09-30")
    events = model_coder.code_article(article).events
    def found(words, check):
        hits = [e for e in events if words in e.sentence.text and check(e)]
        assert hits, f"nothing coded as expected in the sentence with {words!r}: {triples(events)}"
        return hits[0]

    meeting = found("met Turkish President", lambda e: e.root == "04" and e.source.country == "RUS"
                    and e.target is not None and e.target.country == "TUR")
    assert meeting.date == day("2021-09-29")
    found("Russian aircraft struck", lambda e: e.root in ("18", "19", "20") and e.source.country == "RUS")
    found("S-400", lambda e: e.root == "03" and e.source.country == "TUR")
    assad = found("Bashar al-Assad", lambda e: e.root == "04" and {e.source.country, e.target.country if e.target
                                                                    else None} == {"RUS", "SYR"})
    assert assad.date == day("2021-09-13") and assad.place is not None and assad.place.name == "Moscow"
    found("M4 highway", lambda e: e.source.country == "RUS" and e.target is not None and e.target.country == "TUR")
    assert not [e for e in events if "press conference" in e.sentence.text], "a negated press conference is no event"
    assert not [e for e in events if "reproduced" in e.sentence.text or "subscribing" in e.sentence.text]
