"""Throughput of `tidings code` next to the bare spaCy pipeline over the same texts, in the same run.

    .venv/bin/python benchmarks/throughput.py [--articles 500] [--corpus ../shared/corpora/scale.jsonl.gz]

Each side runs in a fresh process (so peak memory is its own) on the same articles; the ratio is what to
quote, since absolute speeds on a shared machine are noisy.
"""
from __future__ import annotations

import argparse
import gzip
import json
import multiprocessing as mp
import resource
import time
from pathlib import Path

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "scale.jsonl.gz"


def load(corpus: Path, n: int) -> list[dict]:
    out = []
    with gzip.open(corpus, "rt", encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            if record.get("text", "").strip():
                out.append(record)
            if len(out) == n:
                break
    return out


def bare_spacy(records: list[dict], queue) -> None:
    from tidings.nlp import load_model
    nlp = load_model()
    start = time.perf_counter()
    words = sum(len(doc) for doc in nlp.pipe((r["text"] for r in records), batch_size=64))
    queue.put(("spaCy en_core_web_sm, full pipeline", time.perf_counter() - start, words, 0, _peak_mb()))


def tidings_code(records: list[dict], queue, patterns_only: bool = False) -> None:
    from tidings import Coder, TidingsError
    from tidings.clean import article_from_text, parse_date
    coder = Coder(patterns_only=patterns_only)

    def articles():
        for r in records:
            try:
                yield article_from_text(r["text"], published=parse_date(r["date"], subject="bench")
                                        if r.get("date") else None, id=str(r.get("id")))
            except TidingsError:  # as `tidings code --skip-errors` does
                continue

    start = time.perf_counter()
    events = sum(len(result.events) for result in coder.code_articles(articles()))
    words = sum(len(r["text"].split()) for r in records)
    name = "tidings code, patterns only" if patterns_only else "tidings code (all stages, event model)"
    queue.put((name, time.perf_counter() - start, words, events, _peak_mb()))


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run(target, records, *extra):
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=target, args=(records, queue, *extra))
    proc.start()
    result = queue.get()
    proc.join()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=500)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    args = parser.parse_args()
    records = load(args.corpus, args.articles)
    words = sum(len(r["text"].split()) for r in records)
    print(f"{len(records)} articles, {words:,} words (whitespace-split) from {args.corpus.name}")
    rows = [run(bare_spacy, records), run(tidings_code, records), run(tidings_code, records, True)]
    print(f"{'':42} {'seconds':>8} {'articles/s':>11} {'words/s':>9} {'events':>7} {'peak MB':>8}")
    for name, seconds, _, events, peak in rows:
        print(f"{name:42} {seconds:8.1f} {len(records) / seconds:11.1f} {words / seconds:9.0f} "
              f"{events or '':>7} {peak:8.0f}")
    ratio = rows[1][1] / rows[0][1]
    print(f"tidings takes {ratio:.2f}x the time of bare spaCy on the same texts "
          f"({100 / ratio:.0f}% of spaCy's throughput); patterns only: {100 * rows[0][1] / rows[2][1]:.0f}%")


if __name__ == "__main__":
    main()
