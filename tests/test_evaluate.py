"""Gold readers, metrics and the `tidings evaluate` command, on small gold files written here."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tidings.errors import InputError
from tidings.evaluate import detect_format, evaluate, pentaclass, read_gold, read_petrarch_validate
from conftest import ROOT

GENERIC = [
    {"id": "g1", "date": "2021-09-30", "text": "Russian President Vladimir Putin hosted his Turkish counterpart "
     "Recep Tayyip Erdogan in Sochi on Wednesday.", "events": [{"source": "RUSGOV", "target": "TURGOV",
                                                                  "cameo": "043"}]},
    {"id": "g2", "date": "2022-06-15", "text": "Iran and Iraq did not sign the agreement.", "events": []},
    {"id": "g3", "date": "2022-06-15", "text": "Turkey condemned Russia on Monday.",
     "events": [{"source": "TUR", "target": "RUS", "cameo": "111"}]},
    {"id": "g4", "date": "2022-06-15", "text": "Israeli warplanes bombed Hamas positions in Gaza.",
     "events": [{"source": "ISRMIL", "target": "PSEREB", "cameo": "190"}]},
]


@pytest.fixture
def generic(tmp_path) -> Path:
    path = tmp_path / "gold.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in GENERIC))
    return path


def test_pentaclass_follows_the_documented_ranges():
    assert [pentaclass(c) for c in ("010", "043", "061", "112", "138", "145", "163", "195")] == [
        0, 1, 2, 3, 3, 4, 3, 4]  # 16 is verbal conflict, as Phoenix counts it


def test_generic_gold_metrics(coder, generic):
    report = evaluate(generic, coder=coder)
    m = report.metrics
    assert report.format == "generic" and report.records == 4
    assert m["class_accuracy"] == 1.0  # roots 04, 11, 19 all right
    assert m["false_event_rate"] == 0.0 and m["coverage"] == 1.0
    assert m["root_precision"] == 1.0 and m["root_recall"] == 1.0
    assert m["code_recall"] == pytest.approx(2 / 3, abs=1e-3)  # 195 for "bombed", not the 190 expected
    assert m["source_country_accuracy"] == 1.0
    assert m["records_passing"] == 0.75
    assert report.confusion["19"] == {"19": 1}
    assert [miss["id"] for miss in report.misses] == ["g4"]


def test_format_detection(generic):
    assert detect_format(generic) == "generic"
    folder = ROOT.parent / "shared" / "gold"
    if folder.exists():
        assert detect_format(folder / "cameo_sentences_dev.jsonl") == "cameo-sentences"
        assert detect_format(folder / "PLOVER_GSR_CAMEO.txt") == "plover-gsr"
        assert detect_format(folder / "PETR_Validate_records_2_02.xml") == "petrarch-validate"


def test_petrarch_records_reader(tmp_path):
    path = tmp_path / "v.xml"
    path.write_text("""<Validation>
<Sentence category="DEMO" date="19950101" id="D-1" evaluate="true">
<!-- a comment with <EventCoding eventcode="999" sourcecode="X" targetcode="Y" /> inside -->
<EventCoding eventcode="050" sourcecode="ARN" targetcode="GONGOV" />
<Text>
Arnor restored ties with Gondor.
</Text>
<Parse>1 Arnor</Parse></Sentence>
<Sentence category="DEMO" date="19950101" id="D-2" evaluate="false">
<EventCoding noevents="True" /><Text>skipped</Text></Sentence>
<Sentence category="ERROR" date="19950101" id="D-3" evaluate="true">
<EventCoding error="empty" /><Text>broken</Text></Sentence>
<Sentence category="DEMO" date="19950101" id="D-4" evaluate="true">
<EventCoding noevents="True" /><Text>Nothing happened.</Text></Sentence>
</Validation>""")
    records = read_petrarch_validate(path)
    assert [r.id for r in records] == ["D-1", "D-4"]
    event = records[0].events[0]
    assert (event.cameo, event.sources[0].code, event.targets[0].country, event.targets[0].role) == (
        "050", "ARN", "GON", "GOV")
    assert records[0].text == "Arnor restored ties with Gondor." and records[1].events == ()


def test_bad_gold_files_are_named(tmp_path):
    path = tmp_path / "g.jsonl"
    path.write_text('{"text": "x", "events": [{"source": "A"}]}\n')
    with pytest.raises(InputError, match="g.jsonl line 1"):
        read_gold(path, "generic")
    with pytest.raises(InputError, match="no such gold file"):
        evaluate(tmp_path / "none.jsonl", fmt="generic")


def test_cli_evaluate_writes_json_and_lists_misses(generic, tmp_path):
    out = tmp_path / "report.json"
    proc = subprocess.run([str(Path(sys.executable).parent / "tidings"), "evaluate", str(generic), "--json",
                           str(out), "--misses", "--patterns-only"], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert "class_accuracy" in proc.stdout and "misses (1)" in proc.stdout and "[g4]" in proc.stdout
    [report] = json.loads(out.read_text())
    assert report["metrics"]["records_passing"] == 0.75


def test_generic_gold_without_actors_scores_the_code(coder, tmp_path):
    path = tmp_path / "codes.jsonl"
    path.write_text(json.dumps({"id": "c1", "date": "2022-06-15", "text": "Turkey condemned Russia on Monday.",
                                "events": [{"cameo": "111"}]}) + "\n")
    report = evaluate(path, coder=coder)
    assert report.metrics["class_accuracy"] == 1.0 and report.metrics["code_recall"] == 1.0


@pytest.mark.parametrize("folds, only, problem", [(1, (), "at least 2 folds"), (5, (6,), "between 1 and 5"),
                                                  (5, (0, 2), "between 1 and 5")])
def test_cross_validation_checks_its_folds_before_training(generic, folds, only, problem):
    from tidings.errors import UsageError
    from tidings.evaluate import cross_validate
    with pytest.raises(UsageError, match=problem):
        cross_validate(generic, folds=folds, only=only)
