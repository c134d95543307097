"""Event patterns, syntax, negation, modality and reported speech."""
import pytest

from tidings.events import parse_pattern
from tidings.errors import DictionaryError
from conftest import triples


@pytest.mark.parametrize("text, root", [
    ("Turkey condemned Russia on Monday.", "11"),
    ("Egypt demanded that Israel end the blockade.", "10"),
    ("Egypt urged Israel to end the blockade.", "02"),
    ("Saudi Arabia hosted Iranian diplomats in Riyadh.", "04"),
    ("China and India held talks in Moscow on Thursday.", "04"),
    ("Germany sent humanitarian aid to Ukraine.", "07"),
    ("Russia expelled ten Polish diplomats.", "16"),
    ("The European Union imposed sanctions on Iran.", "16"),
    ("Israeli warplanes bombed Hamas positions in Gaza.", "19"),
    ("Iran threatened Israel with retaliation.", "13"),
    ("Ukraine rejected Russia's proposal.", "12"),
    ("Police arrested dozens of Kenyan protesters.", "17"),
    ("Thousands of Georgian protesters rallied against the government in Tbilisi.", "14"),
    ("Pakistan deployed troops along the border with Afghanistan.", "15"),
    ("Japan praised South Korea for its cooperation.", "05"),
])
def test_roots_across_the_lexicon(code, text, root):
    events = code(text)
    assert events, text
    assert events[0].root == root, (text, triples(events))


def test_passive_by_agent(code):
    [event] = code("Syrian rebels were attacked by Russian warplanes near Idlib.")
    assert (event.source.code, event.target.code) == ("RUSMIL", "SYRREB")


def test_light_verb_carries_the_noun_event(code):
    [event] = code("Turkish forces carried out airstrikes against Kurdish militants in Iraq.")
    assert event.cameo == "195" and event.target.code == "KURREB"


def test_neither_nor_and_never_give_no_event(code):
    assert code("Neither Russia nor Turkey attacked Syria.") == []
    assert code("Iran has never recognised Israel.") == []


def test_refused_event_is_not_coded_as_happening(code):
    events = code("Egypt refused to meet Israeli officials.")
    assert all(e.root != "04" for e in events)


def test_reported_speech_codes_the_embedded_event(code):
    events = code("Syrian state media said Israeli jets shelled army posts near Damascus.")
    assert [(e.source.code, e.root) for e in events] == [("ISRMIL", "19")]


def test_intent_and_threat(code):
    [plan] = code("Russia plans to send military aid to Syria.")
    assert plan.cameo.startswith("033") and plan.modality == "intent"
    [threat] = code("Turkey threatened to impose sanctions on Sweden.")
    assert threat.cameo.startswith("131") and threat.modality == "threat"


def test_several_events_in_one_sentence(code):
    events = code("Iran condemned the United States, while Israel attacked Hezbollah.")
    assert {("IRN", "USA"), ("ISR", "LBNREB")} <= {(s, t) for s, _, t in triples(events)}


def test_pattern_grammar():
    pattern = parse_pattern("impose {sanction|embargo} on", "163")
    assert (pattern.lemma, pattern.objects, pattern.target_prep) == ("impose", {"sanction", "embargo"}, "on")
    assert parse_pattern("call on", "020").target_prep == "on"
    assert parse_pattern("call for {ceasefire}", "02").object_prep == "for"
    assert parse_pattern("carry out", "190").particles == ("out",)
    with pytest.raises(DictionaryError):
        parse_pattern("{sanction}", "163")


def test_event_without_a_named_target_is_kept_unless_a_dyad_is_required(code):
    [rally] = code("Thousands of Georgian protesters rallied in Tbilisi on Sunday.")
    assert rally.root == "14" and rally.target is None and rally.source.code == "GEOOPP"
    from tidings import Coder
    strict = Coder(require_target=True)
    assert strict.code_text("Thousands of Georgian protesters rallied in Tbilisi on Sunday.",
                            published="2022-06-15") == []


def test_refusals_demands_claims_and_comments(code):
    [refusal] = code("The United States will not lift the embargo on Cuba.")
    assert refusal.cameo == "1244" and refusal.target.code == "CUB" and refusal.modality is None
    [demand] = code("Russia says Israel must end attacks on Syria.")
    assert (demand.source.code, demand.cameo, demand.target.code) == ("RUS", "1056", "ISR")
    [threat] = code("Turkey warned that it would impose sanctions on Sweden.")
    assert (threat.source.code, threat.cameo, threat.target.code) == ("TUR", "1312", "SWE")
    [considered] = code("The European Union is considering sending aid to Syria.")
    assert considered.cameo == "014"
    [comment] = code("Iranian Foreign Minister Mohammad Javad Zarif said he is optimistic about France.",
                     "2019-06-15")
    assert (comment.source.code, comment.cameo, comment.target.code) == ("IRNGOV", "013", "FRA")
