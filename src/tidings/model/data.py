"""Training examples from every source the trainer reads, and the label space of a model.

Sources: the team's own corpus (`data/training/*.tsv`, see `corpus`), ConfliBERT-style 5-class JSONL
(`cameo_sentences_dev.jsonl` and files like it: a 5-class label and B-S/I-S/B-T/I-T tags), and the
generic JSONL that users annotate: {"text", "events": [{"cameo" or "label", "source_text", "target_text"}]}.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path

from ..errors import InputError
from .corpus import CorpusError, Example, read_corpus

# The 5-class scheme of cameo_sentences_dev: appeals (02) are statements, reductions of relations (16)
# verbal conflict.
PENTACLASS_ROOTS = {0: ("01", "02"), 1: ("03", "04", "05"), 2: ("06", "07", "08"),
                    3: ("09", "10", "11", "12", "13", "16"), 4: ("14", "15", "17", "18", "19", "20")}
CAMEO_ROOTS = tuple(f"{r:02d}" for r in range(1, 21))
NONE = "none"


@dataclass(frozen=True, slots=True)
class TrainingExample:
    """One sentence for training: `root`/`code` when known, or `pentaclass` only (5-class sets)."""

    text: str
    root: str | None  # NONE for a sentence without an event; None when only the 5-class label is known
    code: str | None
    pentaclass: int | None
    sources: tuple[tuple[int, int], ...]
    targets: tuple[tuple[int, int], ...]
    origin: str
    group: str  # which source it came from, for the datasheet and for cross-validation
    tagged: bool = True  # False when the source gives no spans at all: the span head learns nothing here


def team_corpus_paths() -> list[Path]:
    folder = resources.files("tidings") / "data" / "training"
    return sorted(Path(str(p)) for p in folder.iterdir() if p.name.endswith(".tsv"))


def from_corpus(example: Example, group: str) -> TrainingExample:
    code = example.code
    return TrainingExample(example.text, code[:2] if code else NONE, code, None, example.sources,
                           example.targets, example.origin, group)


def read_team_corpus(paths: list[Path] | None = None) -> list[TrainingExample]:
    out = []
    for path in paths or team_corpus_paths():
        try:
            out += [from_corpus(e, "team") for e in read_corpus(path)]
        except CorpusError as exc:
            raise InputError(str(path), str(exc)) from None
    return out


def read_jsonl(path: Path, group: str | None = None) -> list[TrainingExample]:
    """5-class sentences (with `pentaclass`) or generic annotations (with `events`)."""
    out = []
    group = group or path.stem
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(str(path), f"cannot be read: {exc}") from None
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"{path} line {number}"
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(where, f"is not valid JSON ({exc.msg})") from None
        if not isinstance(row, dict) or not isinstance(row.get("text"), str) or not row["text"].strip():
            raise InputError(where, "needs a non-empty 'text' string")
        if "pentaclass" in row:
            out.append(_pentaclass_row(row, where, group))
        elif isinstance(row.get("events"), list):
            out.append(_generic_row(row, where, group))
        else:
            raise InputError(where, "needs 'pentaclass' (0-4) or an 'events' list (empty for no event)")
    return out


def _pentaclass_row(row: dict, where: str, group: str) -> TrainingExample:
    try:
        label = int(row["pentaclass"])
    except (TypeError, ValueError):
        raise InputError(where, "'pentaclass' must be a number from 0 to 4") from None
    if label not in PENTACLASS_ROOTS:
        raise InputError(where, "'pentaclass' must be a number from 0 to 4")
    text = row["text"]
    sources, targets = _bio_spans(text, row.get("tokens") or [], row.get("bio_tags") or [])
    if not sources and not targets:
        sources = _find_all(text, row.get("source_actors") or [])
        targets = _find_all(text, row.get("target_actors") or [])
    tagged = bool(sources or targets)
    return TrainingExample(text, None, None, label, sources, targets, where, group, tagged)


def _generic_row(row: dict, where: str, group: str) -> TrainingExample:
    events = [e for e in row["events"] if isinstance(e, dict)]
    text = row["text"]
    if not events:
        return TrainingExample(text, NONE, None, None, (), (), where, group)
    first = events[0]  # one label per sentence; the spans of every event are tagged
    code = str(first.get("cameo") or first.get("label") or "").strip()
    if not code:
        raise InputError(where, "has an event without a 'cameo' code or 'label'")
    root = code[:2] if code.isdigit() else code
    sources = _find_all(text, [e.get("source_text") for e in events])
    targets = _find_all(text, [e.get("target_text") for e in events])
    return TrainingExample(text, root, code, None, sources, targets, where, group)


def _find_all(text: str, needles) -> tuple[tuple[int, int], ...]:
    spans = []
    for needle in needles:
        if isinstance(needle, str) and needle.strip():
            start = text.find(needle.strip())
            if start >= 0:
                spans.append((start, start + len(needle.strip())))
    return tuple(spans)


def _bio_spans(text: str, tokens: list, tags: list) -> tuple[tuple, tuple]:
    """Character spans of B-/I- runs, by finding each token in the text in order."""
    spans = {"S": [], "T": []}
    pos, current = 0, None
    for token, tag in zip(tokens, tags):
        found = text.find(str(token), pos)
        if found < 0 or found - pos > 40:  # a token the text spells differently: keep our place
            start = end = None
        else:
            start, end = found, found + len(str(token))
            pos = end
        kind = tag[2:] if isinstance(tag, str) and tag[:2] in ("B-", "I-") else None
        if kind not in spans:
            current = None
            continue
        if tag.startswith("B-") or current is None or current[0] != kind:
            current = [kind, start, end]
            spans[kind].append(current)
        elif end is not None:
            current[2] = end
            current[1] = current[1] if current[1] is not None else start
    clean = lambda runs: tuple((s, e) for _, s, e in runs if s is not None and e is not None)  # noqa: E731
    return clean(spans["S"]), clean(spans["T"])


@dataclass(frozen=True, slots=True)
class LabelSpace:
    """The model's outputs: event labels (none + roots or user types) and full codes."""

    roots: tuple[str, ...]
    codes: tuple[str, ...]

    @classmethod
    def from_examples(cls, examples: list[TrainingExample]) -> "LabelSpace":
        roots = {e.root for e in examples if e.root and e.root != NONE}
        if any(e.pentaclass is not None for e in examples):
            roots |= set(CAMEO_ROOTS)
        ordered = sorted(roots, key=lambda r: (not r.isdigit(), r))
        codes = sorted({e.code for e in examples if e.code}, key=lambda c: (not c.isdigit(), c))
        return cls((NONE, *ordered), tuple(codes))

    def to_dict(self) -> dict:
        return {"roots": list(self.roots), "codes": list(self.codes)}

    @classmethod
    def from_dict(cls, data: dict) -> "LabelSpace":
        return cls(tuple(data["roots"]), tuple(data["codes"]))


def fold_of(example: TrainingExample, folds: int) -> int:
    """A stable fold number from the text, so every run splits the same way."""
    import hashlib
    return int(hashlib.sha1(example.text.encode("utf-8")).hexdigest(), 16) % folds


def with_group(examples: list[TrainingExample], group: str) -> list[TrainingExample]:
    return [replace(e, group=group) for e in examples]
