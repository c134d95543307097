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
