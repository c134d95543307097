"""Ingest: read a corpus (files, directories, feeds, URLs), code what is new, store it batch by batch.

An article already stored (same id, or the same text up to case and spacing) is skipped before it costs any
NLP time. Each batch is one transaction, so an ingest killed at any moment resumes where it stopped when run
again. Inputs that cannot be read are recorded in the `errors` table with their reason; the ingest goes on.
"""
from __future__ import annotations

import datetime as dt
import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from .clean import iter_articles
from .config import Options
from .errors import InputError
from .pipeline import VERSION, Coder
from .records import Article, CodingResult, SkippedInput
from .store import Store, text_hash

FEED_SUFFIXES = {".rss", ".atom", ".xml"}


@dataclass
class IngestSummary:
    articles: int = 0
    events: int = 0
    duplicates: int = 0
    errors: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0

    def line(self) -> str:
        rate = self.articles / self.seconds if self.seconds else 0.0
        return (f"{self.articles:,} new articles, {self.events:,} events, {self.duplicates:,} already stored, "
                f"{len(self.errors):,} inputs with errors, {rate:.1f} articles/s")


class _Progress:
    """A progress line on stderr: redrawn in a terminal, at most one line a second otherwise."""

    def __init__(self, out: TextIO | None) -> None:
        self.out, self.start, self.last = out, time.perf_counter(), 0.0
        self.tty = bool(out and out.isatty())

    def update(self, summary: IngestSummary, force: bool = False) -> None:
        if not self.out:
            return
        now = time.perf_counter()
        summary.seconds = now - self.start
        if not force and not self.tty and now - self.last < 1.0:
            return
        self.last = now
        text = f"ingest: {summary.line()}"
        self.out.write(("\r" + text) if self.tty else text + "\n")
        self.out.flush()


def ingest(inputs: Iterable[str], *, db: str | Path, options: Options = Options(), published: dt.date | None = None,
           batch_size: int = 64, progress: TextIO | None = sys.stderr, coder: Coder | None = None) -> IngestSummary:
    """Code and store every new article of the inputs; returns what was done."""
    summary = IngestSummary()
    with Store(db) as store:
        ids, hashes = store.known()
        coder = coder or Coder(options=options)
        meter = _Progress(progress)
        fresh = _fresh(_read(inputs, published, options), ids, hashes, summary)
        batch: list[CodingResult] = []
        recorded = 0  # errors already written
        for result in coder.code_articles(fresh):
            if result.error:
                summary.errors.append((result.article.origin, result.error))
                continue
            batch.append(result)
            if len(batch) >= batch_size:
                recorded = _flush(store, batch, summary, recorded)
                meter.update(summary)
        _flush(store, batch, summary, recorded)
        if meter.tty:
            meter.update(summary, force=True)
            progress.write("\n")
        summary.seconds = time.perf_counter() - meter.start
    return summary


def recode(*, db: str | Path, options: Options = Options(), batch_size: int = 64, progress: TextIO | None = sys.stderr,
           coder: Coder | None = None) -> IngestSummary:
    """Code every stored article again (after a dictionary or lexicon change) and replace its events."""
    summary = IngestSummary()
    with Store(db) as store:
        coder = coder or Coder(options=options)
        meter = _Progress(progress)
        for articles in store.stored_articles(batch_size):
            results = [r for r in coder.code_articles(articles) if not r.error]
            store.write_batch(results, coder_version=VERSION, replace=True)
            summary.articles += len(results)
            summary.events += sum(len(r.events) for r in results)
            meter.update(summary)
        summary.seconds = time.perf_counter() - meter.start
    return summary


def _flush(store: Store, batch: list[CodingResult], summary: IngestSummary, recorded: int) -> int:
    """Write a batch and the errors met since the last one in one transaction; returns errors recorded."""
    store.write_batch(batch, coder_version=VERSION, errors=summary.errors[recorded:])
    summary.articles += len(batch)
    summary.events += sum(len(r.events) for r in batch)
    batch.clear()
    return len(summary.errors)


def _fresh(items: Iterator[Article | SkippedInput], ids: set[str], hashes: set[str],
           summary: IngestSummary) -> Iterator[Article]:
    for item in items:
        if isinstance(item, SkippedInput):
            summary.errors.append((item.name, item.reason))
            continue
        digest = text_hash(item.text)
        if item.id in ids or digest in hashes:
            summary.duplicates += 1
            continue
        ids.add(item.id)
        hashes.add(digest)
        yield item


def _read(inputs: Iterable[str], published, options: Options) -> Iterator[Article | SkippedInput]:
    for name in inputs:
        if name.lower().startswith(("http://", "https://")):
            from . import feeds  # network inputs only
            yield from _skipping(feeds.articles_from_url(name, options=options, published=published))
        elif Path(name).is_file() and Path(name).suffix.lower() in FEED_SUFFIXES:
            yield from _skipping(_feed_file(Path(name), options))
        elif Path(name).is_dir():
            yield from _directory(Path(name), published, options)
        else:
            yield from iter_articles([name], published=published, options=options, skip_errors=True)


def _directory(folder: Path, published, options: Options) -> Iterator[Article | SkippedInput]:
    """Articles of a directory, feeds included; a directory with nothing to read is an error to record."""
    feed_files = sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in FEED_SUFFIXES)
    for path in feed_files:
        yield from _skipping(_feed_file(path, options))
    try:
        yield from iter_articles([str(folder)], published=published, options=options, skip_errors=True)
    except InputError as exc:
        if not feed_files:
            yield SkippedInput(exc.subject, exc.problem)


def _feed_file(path: Path, options: Options) -> Iterator[Article | InputError]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield InputError(str(path), f"cannot be read: {exc.strerror}")
        return
    from . import feeds
    yield from feeds.articles_from_feed(data, str(path), options=options)


def _skipping(items: Iterable[Article | InputError]) -> Iterator[Article | SkippedInput]:
    try:
        for item in items:
            yield SkippedInput(item.subject, item.problem) if isinstance(item, InputError) else item
    except InputError as exc:
        yield SkippedInput(exc.subject, exc.problem)
