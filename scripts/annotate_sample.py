"""Draw real-article sentences for hand annotation, and turn the annotated file into a reference table.

    .venv/bin/python scripts/annotate_sample.py draw -o batch.jsonl [--articles 300 --per-article 6 --seed 5]
    .venv/bin/python scripts/annotate_sample.py refs batch_annotated.jsonl... -o src/tidings/data/annotations/scale.tsv

`draw` samples articles from `scale.jsonl.gz` (read from ../shared at run time, never copied here), mostly
international politics, some US politics and some 1987 Reuters wires, none already in an annotation table
of `data/annotations/`, and writes the sentences the coder
would put to its event model, one JSON object per line, with empty `label`, `source` and `target` fields
for an annotator. `refs` checks the annotations and writes them as a reference table: where each sentence
is in the corpus (article id, character offsets, a checksum) and its label and spans, but not its text,
which stays in ../shared. `tidings train --gold TABLE --corpora DIR` reads the text back at training time.
"""
from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpora" / "scale.jsonl.gz"
DEV_CORPUS = ROOT.parent / "shared" / "corpora" / "politics_dev.jsonl"  # the hand audit's: never drawn
WORLD = {"middle_east", "world", "foreign_policy", "national_security", "terrorism", "north_korea", "russia",
         "israel", "isis", "defense", "us_military", "national_defense", "state_department", "great_britain",
         "europe", "china", "mexico", "asia", "palestine", "nuclear_weapons", "cia", "africa", "trade",
         "immigration", "homeland_security", "cybersecurity"}
CODE = re.compile(r"^\d{2,4}$")
KINDS = {"negated", "conditional", "hypothetical", "commentary", "boilerplate", "crime", "disaster", "sport",
         "business", "historical", "other"}


def _articles(corpus: Path, seed: int, n: int, exclude: set[str] = frozenset()) -> list[dict]:
    """About 60% international politics, 20% US politics, 20% Reuters wires of 1987, none in the audit set
    and none already annotated (`exclude`: article ids)."""
    audited = {json.loads(line)["text"][:200] for line in DEV_CORPUS.read_text(encoding="utf-8").splitlines()
               if line.strip()} if DEV_CORPUS.exists() else set()
    with gzip.open(corpus, "rt", encoding="utf-8") as handle:
        rows = [r for r in map(json.loads, handle) if r.get("text", "").strip() and r["text"][:200] not in audited
                and str(r.get("id")) not in exclude]
    world = [r for r in rows if r.get("source") != "Reuters" and r.get("topic") in WORLD]
    home = [r for r in rows if r.get("source") != "Reuters" and r.get("topic") not in WORLD]
    wires = [r for r in rows if r.get("source") == "Reuters"]
    rng = random.Random(seed)
    return (rng.sample(world, int(n * 0.6)) + rng.sample(home, int(n * 0.2))
            + rng.sample(wires, n - int(n * 0.6) - int(n * 0.2)))


def draw(corpus: Path, articles: int, per_article: int, seed: int, out: Path) -> None:
    tables = (ROOT / "src" / "tidings" / "data" / "annotations").glob("*.tsv")
    annotated = {line.split("\t")[1] for t in tables for line in t.read_text(encoding="utf-8").splitlines()
                 if line and not line.startswith(("#", "corpus\t"))}
    from tidings import Coder, TidingsError
    from tidings.clean import article_from_text, parse_date
    coder = Coder()
    rng = random.Random(seed + 1)
    rows, skipped = [], 0
    for record in _articles(corpus, seed, articles, annotated):
        try:
            article = article_from_text(record["text"], title=record.get("title"), id=str(record["id"]),
                                        published=parse_date(record["date"], subject="date")
                                        if record.get("date") else None)
        except TidingsError:
            continue
        parsed = coder._prepare(article, next(coder.nlp.pipe([article.text])))
        sents = list(parsed.sents)
        for sent in sorted(rng.sample(sents, min(per_article, len(sents))), key=lambda s: s.start):
            text = sent.text.strip()
            start = record["text"].find(text)
            if start < 0 or len(text) < 25:  # cleaning changed it, or a fragment: skip
                skipped += 1
                continue
            previous = sent.doc[sent.start - 1].sent.text.strip() if sent.start > 0 else ""
            rows.append({"id": f"{record['id']}@{start}", "corpus": corpus.name, "article": str(record["id"]),
                         "start": start, "end": start + len(text), "title": record.get("title"),
                         "published": record.get("date"), "context": previous, "sentence": text,
                         "label": "", "source": "", "target": "", "note": ""})
    with out.open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{len(rows)} sentences ({skipped} skipped) written to {out}")


def _spans(sentence: str, value, where: str) -> list[tuple[int, int]]:
    """Exact substrings of the sentence, several joined by ' | '."""
    spans = []
    for part in (p.strip() for p in (value or "").split(" | ")):
        if not part:
            continue
        start = sentence.find(part)
        if start < 0:
            raise ValueError(f"{where}: {part!r} is not in the sentence")
        spans.append((start, start + len(part)))
    return spans


def refs(paths: list[Path], out: Path) -> None:
    lines, bad = [], 0
    for path in paths:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            row, where = json.loads(line), f"{path.name}:{number}"
            label = str(row.get("label", "")).strip()
            try:
                if not (CODE.match(label) or label.startswith("none:") and label[5:] in KINDS):
                    raise ValueError(f"{where}: label {label!r} is neither a CAMEO code nor none:KIND")
                sources = _spans(row["sentence"], row.get("source"), where)
                targets = _spans(row["sentence"], row.get("target"), where)
                if CODE.match(label) and not sources:
                    raise ValueError(f"{where}: an event needs a source")
            except ValueError as exc:
                print(exc, file=sys.stderr)
                bad += 1
                continue
            digest = hashlib.sha1(row["sentence"].encode("utf-8")).hexdigest()[:12]
            fmt = lambda spans: ";".join(f"{s}-{e}" for s, e in spans)  # noqa: E731
            article, _, start = row["id"].rpartition("@")  # the id says where the sentence is
            end = int(start) + len(row["sentence"])
            lines.append("\t".join([row.get("corpus", DEFAULT_CORPUS.name), article, start, str(end), digest,
                                    label, fmt(sources), fmt(targets)]))
    header = "\n".join(l for l in out.read_text(encoding="utf-8").splitlines() if l.startswith("#")) \
        if out.exists() else "# tidings' hand annotations of corpus sentences (see src/tidings/model/references.py)"
    body = "\n".join(sorted(set(lines), key=lambda l: (l.split("\t")[1], int(l.split("\t")[2]))))
    out.write_text(f"{header}\ncorpus\tarticle\tstart\tend\tsha1\tlabel\tsources\ttargets\n{body}\n",
                   encoding="utf-8")
    print(f"{len(lines)} annotated sentences written to {out} ({bad} rejected)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    d = sub.add_parser("draw")
    d.add_argument("-o", "--output", type=Path, required=True)
    d.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    d.add_argument("--articles", type=int, default=300)
    d.add_argument("--per-article", type=int, default=6)
    d.add_argument("--seed", type=int, default=5)
    r = sub.add_parser("refs")
    r.add_argument("paths", type=Path, nargs="+")
    r.add_argument("-o", "--output", type=Path, required=True)
    args = parser.parse_args()
    if args.command == "draw":
        draw(args.corpus, args.articles, args.per_article, args.seed, args.output)
    else:
        refs(args.paths, args.output)


if __name__ == "__main__":
    main()
