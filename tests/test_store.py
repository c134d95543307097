"""The event database: ingest, deduplication, kill-and-resume, recoding, queries and exports."""
import csv
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

import tidings
from tidings.errors import StoreError
from tidings.export import GDELT_COLUMNS
from tidings.ingest import ingest, recode
from conftest import ROOT

CORPUS = ROOT / "tests" / "data" / "dyad_corpus.jsonl"
TIDINGS = str(Path(sys.executable).parent / "tidings")


@pytest.fixture
def db(tmp_path, coder):
    path = tmp_path / "t.duckdb"
    summary = ingest([str(CORPUS)], db=path, coder=coder, progress=None)
    assert summary.articles == 6 and not summary.errors
    return path


def test_ingest_counts_and_dedup_across_articles(db):
    with tidings.open(db, read_only=True) as store:
        counts = store.counts()
        assert counts["articles"] == 6
        # d1 and d2 report the same visit: two mentions, one deduplicated event with two articles, two sources
        visit = store.events(dyad=("RUS", "TUR"), directed=True, code="043")
        assert len(visit) == 1
        row = visit.iloc[0]
        assert (row.num_mentions, row.num_articles, row.num_sources) == (2, 2, 2)
        assert str(row.date)[:10] == "2021-09-29" and str(row.first_seen)[:10] == "2021-09-30"


def test_duplicate_ingest_stores_nothing_twice(db, coder, tmp_path):
    again = ingest([str(CORPUS)], db=db, coder=coder, progress=None)
    assert (again.articles, again.duplicates) == (0, 6)
    copy = tmp_path / "copy.jsonl"  # same texts under new ids, different spacing and case: still duplicates
    copy.write_text("".join(json.dumps(dict(json.loads(line), id="x" + json.loads(line)["id"],
                                            text=json.loads(line)["text"].upper().replace(" ", "  "))) + "\n"
                            for line in CORPUS.read_text().splitlines()))
    assert ingest([str(copy)], db=db, coder=coder, progress=None).duplicates == 6
    with tidings.open(db, read_only=True) as store:
        assert store.counts()["articles"] == 6


def test_dyad_series_by_month(db):
    with tidings.open(db, read_only=True) as store:
        frame = store.dyad("RUS", "TUR", by="month")
    by_month = {str(p)[:7]: row for p, row in zip(frame["period"], frame.to_dict("records"))}
    assert set(by_month) == {"2021-09", "2021-10", "2021-11"}
    assert by_month["2021-09"]["RUS_TUR_q1"] == 1 and by_month["2021-09"]["events"] == 1
    assert by_month["2021-10"]["TUR_RUS_q3"] == 1 and by_month["2021-10"]["net_cooperation"] == -1.0
    assert by_month["2021-11"]["RUS_TUR_q4"] == 1  # the 2015 ceasefire is historical: left out
    with tidings.open(db, read_only=True) as store:
        with_history = store.dyad("RUS", "TUR", by="year", include_historical=True)
    assert "2015" in {str(p)[:4] for p in with_history["period"]}


def test_event_filters(db):
    with tidings.open(db, read_only=True) as store:
        assert set(store.events(root="19")["source_code"]) == {"RUSMIL"}
        assert set(store.events(country="IRN")["cameo"]) == {"163"}
        assert len(store.events(dyad=("TUR", "RUS"), directed=True)) == 1
        assert set(store.events(quad_class=4)["root"]) == {"16", "19"}  # ICEWS QuadClass: sanctions are material
        assert len(store.events(since=tidings.clean.parse_date("2021-11-01", subject="t"))) == 2
        assert len(store.events(include_historical=True)) == len(store.events()) + 2


def test_kill_and_resume(tmp_path):
    """SIGKILL an ingest mid-way, run it again: every article once, no duplicate events."""
    corpus = tmp_path / "big.jsonl"
    lines = CORPUS.read_text().splitlines()
    with corpus.open("w") as out:
        for n in range(120):
            record = json.loads(lines[n % len(lines)])
            record["id"] = f"k{n}"
            record["text"] = record["text"] + f" Officials gave the figure {n}."
            out.write(json.dumps(record) + "\n")
    db = tmp_path / "k.duckdb"
    proc = subprocess.Popen([TIDINGS, "ingest", str(corpus), "--db", str(db), "--batch-size", "8"],
                            stderr=subprocess.PIPE, text=True)
    first = proc.stderr.readline()  # the first progress line: at least one batch is committed
    assert "ingest:" in first
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    done = subprocess.run([TIDINGS, "ingest", str(corpus), "--db", str(db)], capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, done.stderr
    clean = tmp_path / "clean.duckdb"
    subprocess.run([TIDINGS, "ingest", str(corpus), "--db", str(clean)], capture_output=True, timeout=600,
                   check=True)
    with tidings.open(db, read_only=True) as resumed, tidings.open(clean, read_only=True) as reference:
        q = "SELECT count(*), count(DISTINCT id) FROM {}"
        assert resumed.query(q.format("articles")).values.tolist() == [[120, 120]]
        assert resumed.query(q.format("mentions")).values.tolist() == reference.query(q.format("mentions")).values.tolist()


def test_bad_inputs_inside_a_corpus_are_recorded(tmp_path, coder):
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "good.txt").write_text("Date: 2022-01-10\n\nTurkey condemned Russia on Monday.")
    (folder / "empty.txt").write_text("")
    (folder / "mixed.jsonl").write_text('{"id": "m1", "date": "2022-01-10", "text": "Iran condemned Israel."}\n'
                                        "not json\n")
    (folder / "broken.rss").write_text("<rss><channel><item><title>x</title></chan")
    db = tmp_path / "e.duckdb"
    summary = ingest([str(folder)], db=db, coder=coder, progress=None)
    assert summary.articles == 2
    with tidings.open(db, read_only=True) as store:
        errors = store.errors()
    reasons = dict(zip(errors["input"], errors["reason"]))
    assert reasons[str(folder / "empty.txt")] == "is empty"
    assert "not valid JSON" in reasons[f"{folder / 'mixed.jsonl'} line 2"]
    assert any("broken.rss" in name for name in reasons)


def test_recode_replaces_events_and_records_the_version(db, coder):
    with tidings.open(db) as store:
        store.con.execute("UPDATE mentions SET cameo = '999', coder_version = 'old'")
    summary = recode(db=db, coder=coder, progress=None)
    assert summary.articles == 6
    with tidings.open(db, read_only=True) as store:
        assert store.query("SELECT count(*) FROM mentions WHERE cameo = '999' OR coder_version = 'old'"
                           ).iloc[0, 0] == 0


def test_exports(db, tmp_path):
    with tidings.open(db, read_only=True) as store:
        n = len(store.events(include_historical=True))
        for fmt in ("parquet", "csv", "jsonl", "gdelt"):
            assert tidings.export.export(store, fmt=fmt, out=tmp_path / f"out.{fmt}") == n
        assert store.query(f"SELECT count(*) FROM read_parquet('{tmp_path / 'out.parquet'}')").iloc[0, 0] == n
    rows = list(csv.reader((tmp_path / "out.gdelt").open(), delimiter="\t"))
    assert len(rows) == n and all(len(r) == 61 for r in rows)
    visit = next(r for r in rows if r[GDELT_COLUMNS.index("EventCode")] == "043")
    field = lambda name: visit[GDELT_COLUMNS.index(name)]  # noqa: E731
    assert (field("SQLDATE"), field("Actor1Code"), field("Actor2CountryCode"), field("QuadClass")) == (
        "20210929", "RUSGOV", "TUR", "1")
    assert field("ActionGeo_FullName") == "Sochi" and field("NumArticles") == "2"


def test_gdelt_export_of_the_examples_has_61_columns(tmp_path, coder):
    db = tmp_path / "ex.duckdb"
    ingest([str(ROOT / "examples")], db=db, coder=coder, progress=None)
    out = tmp_path / "ex.tsv"
    proc = subprocess.run([TIDINGS, "export", "--db", str(db), "--format", "gdelt", "-o", str(out)],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    rows = list(csv.reader(out.open(), delimiter="\t"))
    assert rows and {len(r) for r in rows} == {len(GDELT_COLUMNS)} == {61}


def test_cli_queries(db, tmp_path):
    run = lambda *a: subprocess.run([TIDINGS, *a, "--db", str(db)], capture_output=True, text=True)  # noqa: E731
    proc = run("dyad", "RUS", "TUR", "--by", "month", "--plot", str(tmp_path / "d.png"))
    assert proc.returncode == 0 and "RUS–TUR" in proc.stdout and (tmp_path / "d.png").stat().st_size > 1000
    proc = run("events", "--dyad", "RUS,TUR", "--root", "19", "--format", "jsonl")
    assert [json.loads(l)["cameo"][:2] for l in proc.stdout.splitlines()] == ["19"]
    proc = run("actors", "--top", "3")
    assert proc.returncode == 0 and "RUS" in proc.stdout
    proc = run("sql", "SELECT count(*) AS n FROM articles", "--format", "csv")
    assert proc.stdout.split() == ["n", "6"]
    proc = run("sql", "DELETE FROM articles")
    assert proc.returncode == 1 and "read-only" in proc.stderr and "Traceback" not in proc.stderr
    proc = run("events", "--dyad", "RUS")
    assert proc.returncode == 2 and "--dyad" in proc.stderr


def test_missing_or_foreign_database_is_named(tmp_path):
    with pytest.raises(StoreError, match="no such database"):
        tidings.open(tmp_path / "none.duckdb", read_only=True)
    proc = subprocess.run([TIDINGS, "dyad", "RUS", "TUR", "--db", str(tmp_path / "none.duckdb")],
                          capture_output=True, text=True)
    assert proc.returncode == 2 and "none.duckdb" in proc.stderr


def test_recode_covers_every_article_across_batches(db, coder):
    summary = recode(db=db, coder=coder, progress=None, batch_size=2)
    assert summary.articles == 6


def test_min_confidence_on_events_and_exports(db, tmp_path):
    with tidings.open(db, read_only=True) as store:
        everything = store.events(include_historical=True)
        floor = float(everything.confidence.median())
        kept = store.events(include_historical=True, min_confidence=floor)
        assert 0 < len(kept) <= len(everything) and (kept.confidence >= floor).all()
        assert tidings.export.export(store, fmt="csv", out=tmp_path / "c.csv", min_confidence=floor) == len(
            store.query("SELECT * FROM events WHERE confidence >= ?", [floor]))
        with pytest.raises(tidings.TidingsError, match="min-confidence"):
            tidings.export.export(store, fmt="csv", out=tmp_path / "a.csv", table="articles", min_confidence=0.5)
    proc = subprocess.run([TIDINGS, "events", "--db", str(db), "--min-confidence", "1.01", "--format", "csv"],
                          capture_output=True, text=True)
    assert proc.returncode == 0 and len(proc.stdout.strip().splitlines()) <= 1, proc.stderr
    proc = subprocess.run([TIDINGS, "export", "--db", str(db), "--format", "jsonl", "-o", str(tmp_path / "e.jsonl"),
                           "--min-confidence", "1.01"], capture_output=True, text=True)
    assert proc.returncode == 0 and "wrote 0 rows" in proc.stdout, proc.stderr
