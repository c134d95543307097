"""Library functions behind the CLI commands: each does one whole job and returns a summary."""
from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import TextIO

from .clean import iter_articles, usage_date
from .config import Options
from .errors import CodingError, UsageError
from .pipeline import Coder
from .records import Article, Event, SkippedInput
from .store import Store
from .render import FORMATS, WRITERS


@dataclass
class CodeSummary:
    articles: int = 0
    events: int = 0
    skipped: list[SkippedInput] = field(default_factory=list)


def code_inputs(inputs: Sequence[str], *, date: str | None = None, fmt: str = "jsonl", explain: bool = False,
                skip_errors: bool = False, options: Options = Options(), out: TextIO = sys.stdout,
                coder: Coder | None = None) -> CodeSummary:
    """Code files, directories or "-" (stdin) and write the events to `out` in `fmt`."""
    if fmt not in FORMATS:
        raise UsageError("--format", f"unknown format {fmt!r}", f"choose one of {', '.join(FORMATS)}")
    if not inputs:
        raise UsageError("code", "no input given", "name a file, a directory, or - for standard input")
    published = usage_date(date)
    summary = CodeSummary()
    items = iter_articles(inputs, published=published, options=options, skip_errors=skip_errors)
    articles = _articles_only(items, summary)
    coder = coder or Coder(options=options)
    events = _events(coder, articles, summary, skip_errors)
    summary.events = WRITERS[fmt](events, out, explain=explain)
    return summary


def _articles_only(items, summary: CodeSummary) -> Iterator[Article]:
    for item in items:
        if isinstance(item, SkippedInput):
            summary.skipped.append(item)
        else:
            summary.articles += 1
            yield item


def _events(coder: Coder, articles: Iterator[Article], summary: CodeSummary, skip_errors: bool) -> Iterator[Event]:
    for result in coder.code_articles(articles):
        if result.error:
            if not skip_errors:
                raise CodingError(result.article.origin, result.error)
            summary.skipped.append(SkippedInput(result.article.origin, result.error))
        yield from result.events


# --- database commands ---------------------------------------------------------------------------------
def ingest_command(inputs: Sequence[str], *, db: str, date: str | None = None, options: Options = Options(),
                   batch_size: int = 64, out: TextIO = sys.stdout) -> None:
    from .ingest import ingest
    if not inputs:
        raise UsageError("ingest", "no input given", "name files, directories, feeds or URLs")
    summary = ingest(inputs, db=db, published=usage_date(date), options=options, batch_size=batch_size)
    out.write(f"{db}: {summary.line()}\n")
    if summary.errors:
        out.write(f"  see the {len(summary.errors)} inputs with errors with: tidings errors --db {db}\n")


def recode_command(*, db: str, options: Options = Options(), out: TextIO = sys.stdout) -> None:
    from .ingest import recode
    summary = recode(db=_existing(db), options=options)
    out.write(f"{db}: recoded {summary.articles:,} articles, {summary.events:,} events\n")


def events_command(*, db: str, fmt: str = "table", out: TextIO = sys.stdout, **filters) -> None:
    from .aggregate import EventFilter, events
    with _reader(db) as store:
        frame = events(store, EventFilter(**filters))
    _write_frame(frame, fmt, out, columns=["date", "source_code", "cameo", "cameo_name", "target_code",
                                           "place_name", "num_mentions", "num_articles"])


def dyad_command(a: str, b: str, *, db: str, by: str = "month", plot: str | None = None, fmt: str = "table",
                 out: TextIO = sys.stdout, **options) -> None:
    from .aggregate import dyad, format_dyad, plot_dyad
    with _reader(db) as store:
        frame = dyad(store, a, b, by=by, **options)
    if plot:
        plot_dyad(frame, a, b, plot)
    if fmt == "table":
        out.write(format_dyad(frame, a, b))
    else:
        _write_frame(frame, fmt, out)
    if plot:
        out.write(f"chart written to {plot}\n")


def actors_command(*, db: str, top: int = 20, fmt: str = "table", out: TextIO = sys.stdout) -> None:
    with _reader(db) as store:
        _write_frame(store.actors(top=top), fmt, out)


def errors_command(*, db: str, fmt: str = "table", out: TextIO = sys.stdout) -> None:
    with _reader(db) as store:
        _write_frame(store.errors(), fmt, out)


def export_command(*, db: str, fmt: str, output: str, table: str = "events", min_confidence: float | None = None,
                   out: TextIO = sys.stdout) -> None:
    from .export import export
    with _reader(db) as store:
        rows = export(store, fmt=fmt, out=output, table=table, min_confidence=min_confidence)
    out.write(f"wrote {rows:,} rows of {table} to {output} ({fmt})\n")


def sql_command(query: str, *, db: str, fmt: str = "table", out: TextIO = sys.stdout) -> None:
    """Read-only SQL: the database is opened read-only, so statements that write fail."""
    with _reader(db) as store:
        _write_frame(store.query(query), fmt, out)


def _reader(db: str) -> Store:
    """The queries open an existing database read-only."""
    return Store(_existing(db), read_only=True)


def _existing(db: str) -> str:
    from pathlib import Path
    if not Path(db).exists():
        raise UsageError(db, "no such database", "create it with: tidings ingest INPUT --db " + db)
    return db


def _write_frame(frame, fmt: str, out: TextIO, columns: list[str] | None = None) -> None:
    frame = _dates_as_text(frame)
    if fmt == "csv":
        frame.to_csv(out, index=False)
    elif fmt == "jsonl":
        text = frame.to_json(orient="records", lines=True, force_ascii=False) if len(frame) else ""
        out.write(text if text.endswith("\n") or not text else text + "\n")
    else:
        shown = frame[[c for c in columns if c in frame.columns]] if columns else frame
        out.write((shown.to_string(index=False, max_colwidth=40) if len(shown) else "(no rows)") + "\n")


def _dates_as_text(frame):
    """Calendar dates print as 2021-09-29, not as midnight timestamps."""
    frame = frame.copy()
    for column in frame.columns:
        if str(frame[column].dtype).startswith("datetime64"):
            frame[column] = frame[column].dt.strftime("%Y-%m-%d")
    return frame
