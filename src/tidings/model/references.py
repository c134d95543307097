"""Hand annotations of sentences in research-only corpora, kept as references: where the sentence is and
its label, never its text.

A reference table (`data/annotations/*.tsv`) has `#` header lines, then a column row and one sentence per
row: the corpus file name, the article id, the sentence's character offsets in the article's raw `text`,
the first 12 hex digits of the sentence's SHA-1, the label (a CAMEO code or `none:KIND`), and the source
and target spans as `start-end` offsets within the sentence, several joined by `;`. The trainer reads the
text back from the corpus (`--corpora DIR`) and checks the checksum, so a changed corpus cannot teach the
model wrong labels.
"""
from __future__ import annotations

import gzip
import hashlib
import json
from collections.abc import Callable
from importlib import resources
from pathlib import Path

from ..errors import InputError
from .corpus import CODE, NEGATIVE_KINDS
from .data import NONE, TrainingExample

COLUMNS = ("corpus", "article", "start", "end", "sha1", "label", "sources", "targets")


def reference_paths() -> list[Path]:
    folder = resources.files("tidings") / "data" / "annotations"
    return sorted(Path(str(p)) for p in folder.iterdir() if p.name.endswith(".tsv"))


def read_table(path: Path) -> list[dict]:
    """The rows of a reference table, checked; an error names the file and line."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(str(path), f"cannot be read: {exc}") from None
    rows = []
    for number, line in enumerate(lines, 1):
        if not line.strip() or line.startswith("#") or line.startswith("corpus\t"):
            continue
        fields = line.split("\t")
        where = f"{path} line {number}"
        if len(fields) != len(COLUMNS):
            raise InputError(where, f"needs {len(COLUMNS)} tab-separated fields ({', '.join(COLUMNS)})")
        row = dict(zip(COLUMNS, fields))
        label = row["label"]
        if not (CODE.match(label) or label.startswith("none:") and label[5:] in NEGATIVE_KINDS):
            raise InputError(where, f"label {label!r} is neither a CAMEO code nor none:KIND")
        try:
            row["start"], row["end"] = int(row["start"]), int(row["end"])
            row["sources"], row["targets"] = _spans(row["sources"]), _spans(row["targets"])
        except ValueError:
            raise InputError(where, "offsets must be numbers, spans START-END joined by ';'") from None
        row["where"] = where
        rows.append(row)
    return rows


def _spans(field: str) -> tuple[tuple[int, int], ...]:
    return tuple(tuple(int(x) for x in part.split("-")) for part in field.split(";") if part)


def read_references(corpora: Path | None, paths: list[Path] | None = None, *,
                    log: Callable[[str], None] = print) -> list[TrainingExample]:
    """The annotated sentences whose corpus is in `corpora`; the others are left out with a note."""
    rows = [row for path in (paths if paths is not None else reference_paths()) for row in read_table(path)]
    if not rows:
        return []
    wanted: dict[str, set[str]] = {}
    for row in rows:
        wanted.setdefault(row["corpus"], set()).add(row["article"])
    texts = {name: _texts(corpora / name, ids) for name, ids in wanted.items()
             if corpora is not None and (corpora / name).exists()}
    out, missing, changed = [], 0, 0
    for row in rows:
        article = texts.get(row["corpus"], {}).get(row["article"])
        if article is None:
            missing += 1
            continue
        sentence = article[row["start"]:row["end"]]
        if hashlib.sha1(sentence.encode("utf-8")).hexdigest()[:12] != row["sha1"]:
            changed += 1
            continue
        label = row["label"]
        code = None if label.startswith("none:") else label
        out.append(TrainingExample(sentence, code[:2] if code else NONE, code, None, row["sources"],
                                   row["targets"], row["where"], "annotated"))
    if missing:
        log(f"left out {missing} annotated corpus sentences: their corpus ({', '.join(sorted(wanted))}) is not in "
            f"{corpora or 'any folder'} (give --corpora DIR)")
    if changed:
        log(f"left out {changed} annotated corpus sentences whose text no longer matches its checksum")
    return out


def _texts(path: Path, ids: set[str]) -> dict[str, str]:
    """Raw article texts by id, from a JSONL or gzipped JSONL corpus."""
    opener = gzip.open if path.suffix == ".gz" else open
    out = {}
    try:
        with opener(path, "rt", encoding="utf-8") as handle:
            for line in handle:
                record = json.loads(line)
                if str(record.get("id")) in ids:
                    out[str(record["id"])] = record.get("text") or ""
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(str(path), f"cannot be read as a JSONL corpus: {exc}") from None
    return out
