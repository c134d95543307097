"""The team's own training corpus: one labelled sentence per line, spans marked inline.

    190<TAB>[S Syrian government forces] shelled [T rebel positions] near Idlib on Tuesday.
    none:negated<TAB>Moscow denied that [S its jets] had struck the convoy.

The first field is a CAMEO code (2-4 digits) or `none:KIND` for a sentence with no codable event
(KIND says why: negated, conditional, hypothetical, commentary, boilerplate, crime, disaster, sport,
business, historical, other). `[S ...]` marks the source actor, `[T ...]` the target; a sentence may
have no target. Lines starting with `#` are comments. Stdlib only, so the file can be checked with
`python3 src/tidings/model/corpus.py FILE...` before anything is installed.
"""
from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

SPAN = re.compile(r"\[(S|T) ([^\[\]]+?)\]")
CODE = re.compile(r"^\d{2,4}$")
NEGATIVE_KINDS = frozenset({"negated", "conditional", "hypothetical", "commentary", "boilerplate", "crime",
                            "disaster", "sport", "business", "historical", "other"})


@dataclass(frozen=True, slots=True)
class Example:
    """A training sentence: plain text, its label, and character spans of the source and target."""

    text: str
    code: str | None  # None: no codable event
    kind: str | None  # why there is no event, for negatives
    sources: tuple[tuple[int, int], ...]
    targets: tuple[tuple[int, int], ...]
    origin: str = ""

    @property
    def root(self) -> str | None:
        return self.code[:2] if self.code else None


class CorpusError(ValueError):
    pass


def parse_line(line: str, origin: str = "") -> Example:
    label, sep, marked = line.rstrip("\n").partition("\t")
    if not sep or not marked.strip():
        raise CorpusError(f"{origin}: expected CODE<TAB>SENTENCE")
    code = kind = None
    if label.startswith("none:"):
        kind = label[5:]
        if kind not in NEGATIVE_KINDS:
            raise CorpusError(f"{origin}: unknown negative kind {kind!r} (known: {', '.join(sorted(NEGATIVE_KINDS))})")
    elif CODE.match(label):
        code = label
    else:
        raise CorpusError(f"{origin}: label {label!r} is neither a CAMEO code nor none:KIND")
    text, spans = _strip_spans(marked.strip())
    if "[" in text or "]" in text:
        raise CorpusError(f"{origin}: unbalanced or malformed [S ...]/[T ...] mark")
    sources = tuple(s for tag, s in spans if tag == "S")
    targets = tuple(s for tag, s in spans if tag == "T")
    if code and not sources:
        raise CorpusError(f"{origin}: an event sentence needs a [S source]")
    return Example(text, code, kind, sources, targets, origin)


def _strip_spans(marked: str) -> tuple[str, list[tuple[str, tuple[int, int]]]]:
    out, spans, pos = [], [], 0
    length = 0
    for m in SPAN.finditer(marked):
        out.append(marked[pos:m.start()])
        length += m.start() - pos
        spans.append((m.group(1), (length, length + len(m.group(2)))))
        out.append(m.group(2))
        length += len(m.group(2))
        pos = m.end()
    out.append(marked[pos:])
    return "".join(out), spans


def read_corpus(path: str | Path) -> list[Example]:
    path = Path(path)
    examples = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip() and not line.startswith("#"):
            examples.append(parse_line(line, f"{path.name}:{number}"))
    return examples


def _main(paths: list[str]) -> int:
    from collections import Counter
    bad = 0
    for path in paths:
        try:
            examples = []
            for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
                if line.strip() and not line.startswith("#"):
                    try:
                        examples.append(parse_line(line, f"{Path(path).name}:{number}"))
                    except CorpusError as exc:
                        bad += 1
                        print(exc)
        except OSError as exc:
            print(f"{path}: {exc}")
            bad += 1
            continue
        counts = Counter(e.code or f"none:{e.kind}" for e in examples)
        texts = Counter(e.text for e in examples)
        dupes = [t for t, n in texts.items() if n > 1]
        print(f"{path}: {len(examples)} sentences, {len(counts)} labels, {len(dupes)} duplicated texts")
        print("  " + " ".join(f"{k}:{v}" for k, v in sorted(counts.items())))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
