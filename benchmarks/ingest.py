"""Ingest throughput: `tidings ingest` into a fresh DuckDB next to `tidings code` on the same articles.

    .venv/bin/python benchmarks/ingest.py [--articles 5000]

Prints articles/s of both (the store's overhead is their ratio), database size per 1,000 articles, and the
time of a monthly dyad query. Both runs share one loaded Coder and run in the same process, one after the
other, so the ratio is what to quote.
"""
from __future__ import annotations

import argparse
import gzip
import json
import tempfile
import time
from pathlib import Path

from tidings import Coder, TidingsError
from tidings.clean import article_from_text, parse_date
from tidings.ingest import ingest
from tidings.store import Store

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "scale.jsonl.gz"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        with gzip.open(args.corpus, "rt", encoding="utf-8") as src, corpus.open("w") as dst:
            for _, line in zip(range(args.articles), src):
                dst.write(line)
        coder = Coder()
        records = [json.loads(line) for line in corpus.open()]

        def articles():
            for r in records:
                try:
                    yield article_from_text(r["text"], id=str(r.get("id")), published=parse_date(
                        r["date"], subject="bench") if r.get("date") else None)
                except TidingsError:
                    continue

        start = time.perf_counter()
        coded = sum(1 for _ in coder.code_articles(articles()))
        code_seconds = time.perf_counter() - start
        db = Path(tmp) / "bench.duckdb"
        start = time.perf_counter()
        summary = ingest([str(corpus)], db=db, coder=coder, progress=None)
        ingest_seconds = time.perf_counter() - start
        size = db.stat().st_size
        with Store(db, read_only=True) as store:
            start = time.perf_counter()
            frame = store.dyad("USA", "JPN", by="month", include_historical=True)
            query_seconds = time.perf_counter() - start
    print(f"{len(records)} articles from {args.corpus.name}")
    print(f"tidings code    {coded:6d} articles  {code_seconds:7.1f} s  {coded / code_seconds:7.1f} articles/s")
    print(f"tidings ingest  {summary.articles:6d} articles  {ingest_seconds:7.1f} s  "
          f"{summary.articles / ingest_seconds:7.1f} articles/s  ({summary.events} events)")
    print(f"store overhead: ingest takes {ingest_seconds / code_seconds:.2f}x the time of code")
    print(f"database: {size / 1e6:.1f} MB, {size / 1e6 / max(summary.articles, 1) * 1000:.2f} MB per 1,000 articles")
    print(f"monthly dyad query (USA-JPN, {len(frame)} periods): {query_seconds * 1000:.0f} ms")


if __name__ == "__main__":
    main()
