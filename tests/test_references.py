"""Hand annotations of research-only corpus sentences, kept as references and read back at training time."""
import gzip
import hashlib
import json

import pytest

from tidings.errors import InputError
from tidings.model.references import read_references, read_table, reference_paths

from conftest import SHARED

ARTICLE = "Headline here.\nThe Turkish army shelled Kurdish militia positions on Monday. Prices rose."


def _table(tmp_path, rows):
    path = tmp_path / "refs.tsv"
    path.write_text("# test annotations\ncorpus\tarticle\tstart\tend\tsha1\tlabel\tsources\ttargets\n"
                    + "".join("\t".join(map(str, r)) + "\n" for r in rows), encoding="utf-8")
    return path


def _row(sentence, label, sources="", targets="", sha1=None):
    start = ARTICLE.index(sentence)
    digest = sha1 or hashlib.sha1(sentence.encode("utf-8")).hexdigest()[:12]
    return ("c.jsonl.gz", "a1", start, start + len(sentence), digest, label, sources, targets)


@pytest.fixture
def corpora(tmp_path):
    with gzip.open(tmp_path / "c.jsonl.gz", "wt", encoding="utf-8") as handle:
        handle.write(json.dumps({"id": "a1", "text": ARTICLE}) + "\n")
    return tmp_path


def test_references_read_their_text_and_spans_back_from_the_corpus(tmp_path, corpora):
    sentence = "The Turkish army shelled Kurdish militia positions on Monday."
    table = _table(tmp_path, [_row(sentence, "195", "0-16", "25-40"), _row("Prices rose.", "none:business")])
    events, negative = read_references(corpora, [table], log=lambda m: None)
    assert events.text == sentence and events.code == "195" and events.root == "19"
    assert [sentence[a:b] for a, b in events.sources] == ["The Turkish army"]
    assert [sentence[a:b] for a, b in events.targets] == ["Kurdish militia"]
    assert negative.root == "none" and negative.code is None and negative.group == "annotated"


def test_a_sentence_whose_text_changed_is_left_out_with_a_note(tmp_path, corpora):
    table = _table(tmp_path, [_row("Prices rose.", "none:business", sha1="0" * 12)])
    notes = []
    assert read_references(corpora, [table], log=notes.append) == []
    assert "checksum" in notes[0]


def test_without_the_corpus_the_references_are_left_out_and_the_note_says_how_to_get_them(tmp_path):
    table = _table(tmp_path, [_row("Prices rose.", "none:business")])
    notes = []
    assert read_references(None, [table], log=notes.append) == []
    assert "c.jsonl.gz" in notes[0] and "--corpora" in notes[0]


@pytest.mark.parametrize("label", ["19x", "none:weather", ""])
def test_a_bad_label_names_the_table_and_line(tmp_path, label):
    table = _table(tmp_path, [_row("Prices rose.", label)])
    with pytest.raises(InputError, match="line 3"):
        read_table(table)


def test_the_shipped_tables_have_headers_and_valid_rows():
    for path in reference_paths():
        assert path.read_text(encoding="utf-8").startswith("#"), path
        read_table(path)


@pytest.mark.skipif(not (SHARED / "corpora" / "scale.jsonl.gz").exists(), reason="needs ../shared")
def test_every_shipped_reference_still_matches_its_corpus():
    rows = sum(len(read_table(p)) for p in reference_paths())
    notes = []
    examples = read_references(SHARED / "corpora", log=notes.append)
    assert len(examples) == rows and not notes


@pytest.mark.skipif(not (SHARED / "corpora" / "scale.jsonl.gz").exists(), reason="needs ../shared")
def test_training_takes_the_annotations_only_when_given_the_corpora():
    from tidings.model.train import training_examples
    with_corpora = training_examples(corpora=SHARED / "corpora", log=lambda m: None)
    without = training_examples(log=lambda m: None)
    annotated = [e for e in with_corpora if e.group == "annotated"]
    assert annotated and len(with_corpora) == len(without) + len(annotated)
