"""Store stage: an embedded DuckDB file of articles, event mentions, deduplicated events and actors.

Schema (version 1; docs/schema.md):
- `articles`: one row per stored article (id, title, source, url, published, text, text_hash, ...).
- `mentions`: one row per coded event, every field of the event record, with the coder version.
- `events`: a view that merges mentions with the same date, source, target and CAMEO code across articles
  into one event with num_mentions, num_articles, num_sources, first_seen and last_seen.
- `actors`: a view of every actor code with how often it is a source and a target.
- `errors`: inputs that could not be ingested, with the reason.
Each batch of articles is written in one transaction, so an ingest killed at any point loses at most the
batch in flight, and running it again finishes the job without duplicates.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

import duckdb
import pandas as pd

from .errors import StoreError
from .records import Article, CodingResult, Event

SCHEMA_VERSION = 1
_SPACE = re.compile(r"\s+")

_TABLES = """
CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR);
CREATE TABLE IF NOT EXISTS articles (
    id VARCHAR PRIMARY KEY, title VARCHAR, source VARCHAR, url VARCHAR, published DATE,
    text VARCHAR, text_hash VARCHAR UNIQUE, origin VARCHAR, coder_version VARCHAR, ingested_at TIMESTAMP);
CREATE TABLE IF NOT EXISTS mentions (
    id VARCHAR PRIMARY KEY, article_id VARCHAR NOT NULL,
    source_code VARCHAR, source_country VARCHAR, source_role VARCHAR, source_name VARCHAR,
    target_code VARCHAR, target_country VARCHAR, target_role VARCHAR, target_name VARCHAR,
    cameo VARCHAR, cameo_name VARCHAR, root VARCHAR, quad_class INTEGER, goldstein DOUBLE,
    plover VARCHAR, plover_mode VARCHAR, date DATE, date_precision VARCHAR,
    place_name VARCHAR, place_country VARCHAR, lat DOUBLE, lon DOUBLE, geonames_id BIGINT,
    modality VARCHAR, historical BOOLEAN, sentence_index INTEGER, sentence VARCHAR,
    sentence_start INTEGER, sentence_end INTEGER, confidence DOUBLE, coder_version VARCHAR);
CREATE TABLE IF NOT EXISTS errors (input VARCHAR, reason VARCHAR, recorded_at TIMESTAMP);
CREATE INDEX IF NOT EXISTS mentions_article ON mentions (article_id);
"""
_VIEWS = """
CREATE OR REPLACE VIEW events AS
SELECT md5(concat_ws('|', m.date, m.source_code, coalesce(m.target_code, ''), m.cameo)) AS id,
       m.date, m.source_code, any_value(m.source_country) AS source_country, any_value(m.source_role) AS source_role,
       m.target_code, any_value(m.target_country) AS target_country, any_value(m.target_role) AS target_role,
       m.cameo, any_value(m.cameo_name) AS cameo_name, any_value(m.root) AS root,
       any_value(m.quad_class) AS quad_class, any_value(m.goldstein) AS goldstein,
       any_value(m.plover) AS plover, bool_or(m.historical) AS historical,
       mode(m.place_name) AS place_name, mode(m.place_country) AS place_country,
       avg(m.lat) AS lat, avg(m.lon) AS lon, mode(m.geonames_id) AS geonames_id,
       count(*) AS num_mentions, count(DISTINCT m.article_id) AS num_articles,
       count(DISTINCT coalesce(a.source, a.url, a.id)) AS num_sources,
       min(a.published) AS first_seen, max(a.published) AS last_seen,
       any_value(m.modality) AS modality, any_value(a.url) AS url, max(m.confidence) AS confidence
FROM mentions m JOIN articles a ON a.id = m.article_id
GROUP BY m.date, m.source_code, m.target_code, m.cameo;
CREATE OR REPLACE VIEW actors AS
SELECT code, any_value(country) AS country, any_value(role) AS role, sum(as_source)::BIGINT AS as_source,
       sum(as_target)::BIGINT AS as_target, (sum(as_source) + sum(as_target))::BIGINT AS mentions,
       mode(name) AS example_name
FROM (SELECT source_code AS code, source_country AS country, source_role AS role, source_name AS name,
             1 AS as_source, 0 AS as_target FROM mentions
      UNION ALL
      SELECT target_code, target_country, target_role, target_name, 0, 1 FROM mentions
      WHERE target_code IS NOT NULL AND target_code <> '---')
GROUP BY code;
"""


def text_hash(text: str) -> str:
    """Articles are the same when their text is the same up to case and spacing."""
    return hashlib.sha1(_SPACE.sub(" ", text).strip().lower().encode("utf-8")).hexdigest()


class Store:
    """A DuckDB file of coded articles. Use `tidings.open(path)` to get one."""

    def __init__(self, path: str | Path, *, read_only: bool = False) -> None:
        self.path = str(path)
        if read_only and not Path(self.path).exists():
            raise StoreError(self.path, "no such database", "create it with tidings ingest ... --db FILE")
        try:
            self.con = duckdb.connect(self.path, read_only=read_only)
        except duckdb.Error as exc:
            raise StoreError(self.path, f"cannot open the database ({_first_line(exc)})",
                             "is another tidings process writing to it?") from None
        if not read_only:
            self._migrate()
        elif self._version() is None:
            raise StoreError(self.path, "is not a tidings database")

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # --- schema ---------------------------------------------------------------------------------
    def _version(self) -> int | None:
        try:
            row = self.con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        except duckdb.Error:
            return None
        return int(row[0]) if row else None

    def _migrate(self) -> None:
        version = self._version()
        if version is not None and version > SCHEMA_VERSION:
            raise StoreError(self.path, f"has schema version {version}, newer than this tidings ({SCHEMA_VERSION})",
                             "upgrade tidings")
        self.con.execute(_TABLES)
        # future migrations go here, each as: if version < N: ...; version = N
        self.con.execute(_VIEWS)
        self.con.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)])

    # --- writing --------------------------------------------------------------------------------
    def known(self) -> tuple[set[str], set[str]]:
        """Ids and text hashes already stored: what an ingest must not store again."""
        rows = self.con.execute("SELECT id, text_hash FROM articles").fetchall()
        return {r[0] for r in rows}, {r[1] for r in rows}

    def write_batch(self, results: Iterable[CodingResult], *, coder_version: str,
                    errors: Iterable[tuple[str, str]] = (), replace: bool = False) -> int:
        """Store coded articles and their events in one transaction; with replace, recode existing ones."""
        results = list(results)
        now = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
        try:
            self.con.execute("BEGIN TRANSACTION")
            if replace:
                ids = [[r.article.id] for r in results]
                if ids:
                    self.con.executemany("DELETE FROM mentions WHERE article_id = ?", ids)
                    self.con.executemany("UPDATE articles SET coder_version = ? WHERE id = ?",
                                         [[coder_version, i[0]] for i in ids])
            else:
                self._insert("articles", [_article_row(r.article, coder_version, now) for r in results])
            self._insert("mentions", [_mention_row(e, coder_version) for r in results for e in r.events],
                         replace=True)
            errors = [[name, reason, now] for name, reason in errors]
            if errors:
                self.con.executemany("INSERT INTO errors VALUES (?, ?, ?)", errors)
            self.con.execute("COMMIT")
        except duckdb.Error as exc:
            self.con.execute("ROLLBACK")
            raise StoreError(self.path, f"write failed ({_first_line(exc)})") from None
        return len(results)

    def _insert(self, table: str, rows: list[list], *, replace: bool = False) -> None:
        """Bulk insert through a DataFrame: far faster in DuckDB than one statement per row."""
        if not rows:
            return
        columns = [c[0] for c in self.con.execute(f"DESCRIBE {table}").fetchall()]
        frame = pd.DataFrame(rows, columns=columns)
        self.con.register("_batch", frame)
        try:
            verb = "INSERT OR REPLACE" if replace else "INSERT"
            self.con.execute(f"{verb} INTO {table} SELECT {', '.join(columns)} FROM _batch")
        finally:
            self.con.unregister("_batch")

    def stored_articles(self, batch_size: int = 256) -> Iterator[list[Article]]:
        """All stored articles, in batches, for recoding.

        Ids are read first: a cursor left open would be invalidated by the writes made between batches.
        """
        ids = [r[0] for r in self.con.execute("SELECT id FROM articles ORDER BY id").fetchall()]
        for start in range(0, len(ids), batch_size):
            rows = self.con.execute("SELECT id, text, title, published, source, url, origin FROM articles "
                                    "WHERE id IN (SELECT unnest(?)) ORDER BY id", [ids[start:start + batch_size]])
            yield [Article(id=r[0], text=r[1], title=r[2], published=r[3], source=r[4], url=r[5],
                           origin=r[6] or r[0]) for r in rows.fetchall()]

    # --- reading --------------------------------------------------------------------------------
    def events(self, **filters):
        """Deduplicated events as a DataFrame; filters as in aggregate.EventFilter (dyad=("RUS", "TUR"), ...)."""
        from .aggregate import EventFilter, events
        return events(self, EventFilter(**filters))

    def dyad(self, a: str, b: str, *, by: str = "month", **options):
        """Per-period QuadClass counts both ways, Goldstein sum and mean, net cooperation (a DataFrame)."""
        from .aggregate import dyad
        return dyad(self, a, b, by=by, **options)

    def actors(self, *, top: int = 20):
        return self.query("SELECT * FROM actors ORDER BY mentions DESC, code LIMIT ?", [int(top)])

    def errors(self):
        return self.query("SELECT * FROM errors ORDER BY recorded_at")

    def counts(self) -> dict[str, int]:
        return {name: self.con.execute(f"SELECT count(*) FROM {name}").fetchone()[0]
                for name in ("articles", "mentions", "events", "errors")}

    def query(self, sql: str, params: list | None = None):
        """A pandas DataFrame of a read query."""
        try:
            return self.con.execute(sql, params or []).df()
        except duckdb.Error as exc:
            raise StoreError("sql", _first_line(exc)) from None


def _article_row(article: Article, coder_version: str, now: dt.datetime) -> list:
    return [article.id, article.title, article.source, article.url, article.published, article.text,
            text_hash(article.text), article.origin, coder_version, now]


def _mention_row(event: Event, coder_version: str) -> list:
    source, target, place, sentence = event.source, event.target, event.place, event.sentence
    return [event.id, event.article.id,
            source.code, source.country, source.role, source.name,
            target.code if target else None, target.country if target else None,
            target.role if target else None, target.name if target else None,
            event.cameo, event.cameo_name, event.root, event.quad_class, event.goldstein,
            event.plover, event.plover_mode, event.date, event.date_precision,
            place.name if place else None, place.country if place else None,
            place.lat if place else None, place.lon if place else None, place.geonames_id if place else None,
            event.modality, event.historical, sentence.index, sentence.text, sentence.start, sentence.end,
            event.confidence, coder_version]


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
