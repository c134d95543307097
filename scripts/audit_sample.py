"""Draw events from real articles for hand-judging, and score the judged file.

    .venv/bin/python scripts/audit_sample.py draw -o audit.jsonl [--articles 25 --events 150 --seed 7]
    .venv/bin/python scripts/audit_sample.py score audit.jsonl

`draw` codes a seeded sample of articles from `politics_dev.jsonl` (read from ../shared at run time, never
copied here) and writes a seeded sample of their events (those `tidings events` lists: without
`--include-historical`, none flagged historical), one JSON object per line, with empty judgement
fields: `real` (a codable political event that happened or was announced), `root_ok`, `source_ok`,
`target_ok` (true/false; `target_ok` is true for an event rightly without a target) and `cause` (a short
error cause). A judge fills them in; `score` prints the shares that docs/accuracy.md quotes.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpora" / "politics_dev.jsonl"
JUDGEMENTS = ("real", "root_ok", "source_ok", "target_ok")


def draw(corpus: Path, articles: int, events: int, seed: int, out: Path, patterns_only: bool,
         include_historical: bool = False, event_model: str | None = None) -> None:
    from tidings import Coder, TidingsError
    from tidings.clean import article_from_text, parse_date
    rows = [json.loads(line) for line in corpus.read_text(encoding="utf-8").splitlines() if line.strip()]
    rng = random.Random(seed)
    chosen = rng.sample(rows, min(articles, len(rows)))
    coder = Coder(patterns_only=patterns_only, event_model=event_model)
    batch = []
    for r in chosen:
        try:
            batch.append(article_from_text(r["text"], title=r.get("title"), id=str(r["id"]),
                                           published=parse_date(r["date"], subject="date") if r.get("date") else None))
        except TidingsError as exc:
            print(exc, file=sys.stderr)
    coded = [e for result in coder.code_articles(batch) for e in result.events
             if include_historical or not e.historical]  # as `tidings events` and the dyads show them
    sample = sorted(rng.sample(coded, min(events, len(coded))), key=lambda e: (e.article.id, e.trigger_offset))
    with out.open("w", encoding="utf-8") as handle:
        for n, e in enumerate(sample, 1):
            handle.write(json.dumps(_row(n, e), ensure_ascii=False) + "\n")
    print(f"{len(sample)} of {len(coded)} events from {len(batch)} articles written to {out}")


def _row(n: int, e) -> dict:
    return {"n": n, "article": e.article.id, "title": e.article.title, "published": str(e.article.published),
            "sentence": e.sentence.text.strip(), "trigger": e.trigger, "cameo": e.cameo, "name": e.cameo_name,
            "source": f"{e.source.code} ({e.source.name})",
            "target": f"{e.target.code} ({e.target.name})" if e.target else None,
            "date": str(e.date), "confidence": e.confidence, "made_by": e.pattern,
            **{k: None for k in JUDGEMENTS}, "cause": ""}


def score(path: Path) -> None:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    judged = [r for r in rows if all(isinstance(r.get(k), bool) for k in JUDGEMENTS)]
    if not judged:
        sys.exit(f"{path}: no fully judged rows (fill in {', '.join(JUDGEMENTS)} with true/false)")
    print(f"{len(judged)} judged events of {len(rows)}")
    for key in JUDGEMENTS:
        print(f"  {key:10} {sum(r[key] for r in judged) / len(judged):.0%}")
    real = [r for r in judged if r["real"]]
    for key in JUDGEMENTS[1:]:
        print(f"  {key:10} of real events {sum(r[key] for r in real) / max(1, len(real)):.0%}")
    causes = Counter(c.strip() for r in judged for c in (r.get("cause") or "").split(";") if c.strip())
    for cause, count in causes.most_common(12):
        print(f"  {count:4}  {cause}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    d = sub.add_parser("draw")
    d.add_argument("-o", "--output", type=Path, required=True)
    d.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    d.add_argument("--articles", type=int, default=25)
    d.add_argument("--events", type=int, default=150)
    d.add_argument("--seed", type=int, default=7)
    d.add_argument("--patterns-only", action="store_true")
    d.add_argument("--include-historical", action="store_true",
                   help="also draw events flagged historical (dated long before publication)")
    d.add_argument("--event-model", help="a model folder from `tidings train` (default: the shipped model)")
    s = sub.add_parser("score")
    s.add_argument("path", type=Path)
    args = parser.parse_args()
    if args.command == "draw":
        draw(args.corpus, args.articles, args.events, args.seed, args.output, args.patterns_only,
             args.include_historical, args.event_model)
    else:
        score(args.path)


if __name__ == "__main__":
    main()
