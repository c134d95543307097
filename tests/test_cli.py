"""End to end: the installed `tidings` command, as a user runs it."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

TIDINGS = [str(Path(sys.executable).parent / "tidings")]


def run(*args, stdin: str | bytes | None = None):
    data = stdin.encode() if isinstance(stdin, str) else stdin
    proc = subprocess.run(TIDINGS + list(args), input=data, capture_output=True, cwd=ROOT, timeout=300)
    return proc.returncode, proc.stdout.decode(), proc.stderr.decode()


def test_stdin_sentence_jsonl():
    rc, out, err = run("code", "-", "--date", "2021-09-30", stdin="Russian President Vladimir Putin hosted his "
                       "Turkish counterpart Recep Tayyip Erdogan in Sochi on Wednesday.")
    assert rc == 0, err
    [event] = [json.loads(line) for line in out.splitlines()]
    assert event["root"] == "04" and event["source"]["code"] == "RUSGOV" and event["target"]["code"] == "TURGOV"
    assert event["date"] == "2021-09-29" and event["place"]["name"] == "Sochi"


def test_examples_table_and_explain():
    rc, out, err = run("code", "examples/", "--format", "table", "--explain")
    assert rc == 0, err
    assert "RUSGOV" in out and "pattern" in out and "leaders.tsv" in out


def test_jsonl_from_stdin_with_table():
    story = json.dumps({"id": "x1", "date": "2022-10-17", "title": "t",
                        "text": "The European Union imposed new sanctions on Iran on Monday."})
    rc, out, err = run("code", "-", "--format", "table", stdin=story + "\n")
    assert rc == 0, err
    assert "IRN" in out and "2022-10-17" in out


@pytest.mark.parametrize("name, content, problem", [
    ("empty.txt", b"", "is empty"),
    ("blob.txt", b"\x00\x89PNG\x00\x00", "binary"),
    ("latin1.txt", "Les manifestants ont défilé à Paris".encode("latin-1"), "not UTF-8"),
    ("page.html", b"<html><body><nav>Home</nav></body></html>", "no article"),
    ("german.txt", "Die Regierung in Berlin hat am Montag die neuen Gesetze zur Migration und zur Wirtschaft "
                   "beschlossen, wie ein Sprecher mitteilte.".encode(), "English"),
    ("lines.jsonl", b'{"text": "ok text"}\n{oops\n', "line 2"),
    ("notext.jsonl", b'{"title": "no body"}\n', "no 'text'"),
])
def test_bad_inputs_give_one_line_and_exit_1(tmp_path, name, content, problem):
    path = tmp_path / name
    path.write_bytes(content)
    rc, out, err = run("code", str(path))
    assert rc == 1
    assert err.count("\n") == 1 and "Traceback" not in err
    assert name in err and problem in err


def test_fifty_megabyte_file_is_refused(tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    rc, _, err = run("code", str(path))
    assert rc == 1 and "huge.txt" in err and "MB" in err and "Traceback" not in err


def test_impossible_date_and_unknown_option_are_usage_errors():
    rc, _, err = run("code", "-", "--date", "2021-02-30", stdin="Turkey condemned Russia.")
    assert rc == 2 and "--date" in err and "Traceback" not in err
    rc, _, err = run("code", "-", "--colour")
    assert rc == 2 and err.count("\n") == 1


def test_skip_errors_codes_the_rest_and_lists_the_skipped(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("Turkish troops attacked Kurdish militants near Afrin on Monday.")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    rc, out, err = run("code", str(bad), str(good), "--date", "2022-11-20", "--skip-errors")
    assert rc == 0
    assert json.loads(out.splitlines()[0])["source"]["code"] == "TURMIL"
    assert "skipped 1" in err and "bad.txt: is empty" in err


def test_missing_dictionary_and_bad_config(tmp_path):
    rc, _, err = run("code", "-", "--actors", str(tmp_path / "none.txt"), stdin="Turkey condemned Russia.")
    assert rc == 1 and "none.txt" in err
    config = tmp_path / "opts.toml"
    config.write_text("colour = 'red'\n")
    rc, _, err = run("code", "-", "--config", str(config), stdin="Turkey condemned Russia.")
    assert rc == 1 and "colour" in err


def test_config_file_sets_options(tmp_path):
    config = tmp_path / "opts.toml"
    config.write_text("[tidings]\nhistorical_days = 10\n")
    rc, out, err = run("code", "-", "--config", str(config), "--date", "2022-11-20",
                       stdin="Turkish troops attacked Kurdish militants last month.")
    assert rc == 0, err
    assert json.loads(out.splitlines()[0])["historical"] is True
