"""Input stage: read text, HTML, JSONL (optionally gzipped) and directories into Article records.

Each input is checked before it costs any NLP time: empty, binary, not UTF-8, too large, HTML with no
article, not English, a JSONL line that is not JSON or has no text. Problems raise InputError naming
the input; with skip_errors they are yielded as SkippedInput records instead.
"""
from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import json
import re
import sys
import unicodedata
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path

from .config import Options
from .dictionaries import read_table
from .errors import InputError, UsageError
from .records import Article, SkippedInput

TEXT_SUFFIXES = {".txt", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson", ".json"}
# Common English function words: a text with almost none of them is not English prose.
_ENGLISH = frozenset("""the a an of to in and or for on at by with from as is are was were be been has have had
it its this that these those he she they we his her their our not but will would said says after over
into than about who which when while also""".split())
# Common function words of other languages news arrives in; many of them and few English ones: not English.
_FOREIGN = frozenset("""der die das und ist nicht mit von den dem zu auf für sich des ein eine le la les et est
une des du dans pour qui sur pas par au avec el los las y es en que del por con una para se lo al il che di
non per sono della gli het een van op niet zijn voor ve bir bu ile da de için olarak yang dan di ini itu
dengan untuk dari tidak och att är som på för det om""".split())
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_BLANKS = re.compile(r"[ \t\u00a0]+")
# An optional header block at the top of a text file, as in e-mail: "Date: 2021-09-30", a blank line.
_HEADER = re.compile(r"^(title|date|source|url|id):[ \t]*(.*)$", re.IGNORECASE)


def parse_date(value: str, *, subject: str) -> dt.date:
    """A publication date from YYYY-MM-DD (a longer ISO timestamp is cut to its date)."""
    text = str(value).strip()[:10]
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InputError(subject, f"{value!r} is not a real date", "use YYYY-MM-DD") from None


def header_date(value: str, *, subject: str) -> dt.date:
    """A header's date in any unambiguous form ("30 September 2021", "Sept. 30, 2021", "2021-09-30")."""
    try:
        return parse_date(value, subject=subject)
    except InputError:
        pass
    import dateparser
    readings = {dateparser.parse(value, languages=["en"], settings={"DATE_ORDER": order, "STRICT_PARSING": True})
                for order in ("DMY", "MDY")}
    readings.discard(None)
    if len(readings) != 1:
        why = "is ambiguous" if readings else "is not a date"
        raise InputError(subject, f"{value!r} {why}", "write it as YYYY-MM-DD or pass --date") from None
    return readings.pop().date()


def usage_date(value: str | None) -> dt.date | None:
    """Check a --date option: a bad one is a usage error (exit 2)."""
    if value is None:
        return None
    try:
        return parse_date(value, subject="--date")
    except InputError as exc:
        raise UsageError("--date", exc.problem, exc.hint) from None


def iter_articles(inputs: Iterable[str], *, published: dt.date | None = None, options: Options = Options(),
                  skip_errors: bool = False) -> Iterator[Article | SkippedInput]:
    """Articles from file paths, directories and "-" (stdin), in the order given."""
    for name in inputs:
        try:
            for item in _read_input(name, published, options):
                if isinstance(item, InputError):
                    if not skip_errors:
                        raise item
                    yield SkippedInput(item.subject, item.problem)
                else:
                    yield item
        except InputError as exc:
            if not skip_errors:
                raise
            yield SkippedInput(exc.subject, exc.problem)


def article_from_text(text: str, *, published: dt.date | None = None, title: str | None = None,
                      source: str | None = None, url: str | None = None, id: str | None = None,
                      origin: str = "<text>", options: Options = Options()) -> Article:
    """Check and clean one plain-text story."""
    body = clean_text(text)
    check_english(body, origin, options.min_english_ratio)
    return Article(id=id or stable_id(body), text=body, title=title, published=published,
                   source=source, url=url, origin=origin)


def stable_id(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def clean_text(text: str) -> str:
    """Normalise Unicode and whitespace, drop boilerplate lines and gallery captions."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    lines = (_BLANKS.sub(" ", drop_captions(drop_hover_cards(line))).strip() for line in text.split("\n"))
    kept = [line for line in lines if not is_boilerplate(line)]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip()


def is_boilerplate(line: str) -> bool:
    return bool(line) and any(p.match(line) for p in _boilerplate_patterns())


def drop_captions(line: str) -> str:
    for pattern in _caption_patterns():
        line = pattern.sub(" ", line)
    return line


_MORE = re.compile(r"\bMORE\b")
_RUN_IN = re.compile(r"[A-Z][A-Za-z'’-]*?[a-z]{2}(?=[A-Z])")  # "SchiffGraham", "McConnellNew": a name run into a title


def drop_hover_cards(line: str) -> str:
    """Some news sites print a politician's link card into the text: "Sen. Ann Roe Ann Mary RoeHeadline one
    Headline two MORE (D-Ore.) said ...": the full name, run into the titles of related stories, up to
    "MORE". Parsed, the titles become the sentence's events. The card starts after the linked name, whose
    last word is the surname that the card's name ends in; with no such name before it, it is no card."""
    out, pos = [], 0
    for more in _MORE.finditer(line):
        if more.start() < pos:
            continue
        window = max(pos, more.start() - 700)
        for run_in in _RUN_IN.finditer(line, window, more.start()):
            if run_in.start() > 0 and line[run_in.start() - 1].isalpha():
                continue
            surname = run_in.group(0)
            linked = line.rfind(surname, max(window, run_in.start() - 80), run_in.start())
            if linked >= 0 and (linked == 0 or not line[linked - 1].isalpha()):
                out.append(line[pos:linked + len(surname)])
                pos = more.end()
                break
    out.append(line[pos:])
    return "".join(out)


@lru_cache(maxsize=1)
def _caption_patterns() -> tuple[re.Pattern, ...]:
    return tuple(re.compile(row["pattern"], re.IGNORECASE) for row in read_table("captions.tsv"))


@lru_cache(maxsize=1)
def _boilerplate_patterns() -> tuple[re.Pattern, ...]:
    return tuple(re.compile(row["pattern"], re.IGNORECASE) for row in read_table("boilerplate.tsv"))


def check_english(text: str, origin: str, min_ratio: float) -> None:
    """Refuse text in another language or script; terse English (tables, headlines) passes."""
    words = [w.lower() for w in _WORD.findall(text)]
    if not words:
        raise InputError(origin, "holds no words to code")
    if len(words) < 12:
        return
    english = sum(w in _ENGLISH for w in words) / len(words)
    foreign = sum(w in _FOREIGN and w not in _ENGLISH for w in words) / len(words)
    other_script = sum(not w.isascii() for w in words) / len(words)
    if english < min_ratio and ((foreign > english and foreign > 0.15) or other_script > 0.5):
        raise InputError(origin, "does not look like English text", "tidings codes English news only")


def _read_input(name: str, published: dt.date | None, options: Options) -> Iterator[Article | InputError]:
    if name == "-":
        data = sys.stdin.buffer.read()
        yield from _read_bytes(data, "<stdin>", _sniff(data), published, options)
        return
    path = Path(name)
    if path.is_dir():
        files = sorted(p for p in path.rglob("*") if p.is_file() and _kind(p) in ("jsonl", "html", "text"))
        if not files:
            raise InputError(name, "directory holds no .txt, .html or .jsonl files")
        for file in files:
            yield from _read_file_or_error(file, published, options)
        return
    if not path.exists():
        raise InputError(name, "no such file or directory")
    yield from _read_file_or_error(path, published, options)


def _read_file_or_error(path: Path, published, options) -> Iterator[Article | InputError]:
    try:
        size = path.stat().st_size
        if size > options.max_input_bytes:
            raise InputError(str(path), f"is {size / 1e6:.1f} MB, over the {options.max_input_bytes / 1e6:.0f} MB "
                             "limit for one input", "split it into articles, or raise max_input_bytes")
        data = path.read_bytes()
        if path.name.endswith(".gz"):
            data = _gunzip(data, str(path))
        kind = _kind(path)
        yield from _read_bytes(data, str(path), _sniff(data) if kind == "auto" else kind, published, options)
    except InputError as exc:
        yield exc
    except OSError as exc:
        yield InputError(str(path), f"cannot be read: {exc.strerror or exc}")


def _gunzip(data: bytes, name: str) -> bytes:
    try:
        return gzip.decompress(data)
    except (OSError, EOFError) as exc:
        raise InputError(name, f"is not a valid gzip file ({exc})") from None


def _kind(path: Path) -> str:
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes[-1:] == [".gz"]:
        suffixes = suffixes[:-1]
    last = suffixes[-1] if suffixes else ""
    if last in JSONL_SUFFIXES:
        return "jsonl"
    if last in HTML_SUFFIXES:
        return "html"
    if last in TEXT_SUFFIXES:
        return "text"
    return "auto"  # a file named on the command line is sniffed; directories hold only the kinds above


def _sniff(data: bytes) -> str:
    head = data.lstrip()[:200].lower()
    if head.startswith(b"{"):
        return "jsonl"
    if head.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<body" in data[:5000].lower():
        return "html"
    return "text"


def _decode(data: bytes, name: str, max_bytes: int) -> str:
    if len(data) > max_bytes:
        raise InputError(name, f"is {len(data) / 1e6:.1f} MB, over the {max_bytes / 1e6:.0f} MB limit for one "
                         "input", "split it into articles, or raise max_input_bytes")
    if not data.strip():
        raise InputError(name, "is empty")
    if b"\x00" in data[:8192]:
        raise InputError(name, "looks like a binary file, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(name, f"is not UTF-8 text (bad byte 0x{data[exc.start]:02x} at offset {exc.start})",
                         "convert it with iconv -t UTF-8") from None


def _read_bytes(data: bytes, name: str, kind: str, published, options) -> Iterator[Article | InputError]:
    text = _decode(data, name, options.max_input_bytes)
    if kind == "jsonl":
        yield from _read_jsonl(text, name, published, options)
    elif kind == "html":
        yield _article_from_html(text, name, published, options)
    else:
        yield _article_from_plain(text, name, published, options)


def _article_from_plain(text: str, name: str, published, options) -> Article:
    """Plain text, with an optional "Title: / Date: / Source: / URL: / Id:" header block."""
    lines = text.lstrip("\ufeff").lstrip("\n").split("\n")
    fields = []
    for line in lines:  # the header is the leading run of "Field: value" lines, a blank line after it or not
        match = _HEADER.match(line.strip())
        if not match:
            break
        fields.append(match)
    body = "\n".join(lines[len(fields):])
    if not fields or not body.strip():
        return article_from_text(text, published=published, origin=name, options=options)
    meta = {m.group(1).lower(): m.group(2).strip() or None for m in fields}
    date = None
    if meta.get("date") and not published:  # --date wins over the header
        date = header_date(meta["date"], subject=f"{name} Date header")
    return article_from_text(body, published=published or date, title=meta.get("title"),
                             source=meta.get("source"), url=meta.get("url"), id=meta.get("id"), origin=name,
                             options=options)


def _read_jsonl(text: str, name: str, published, options) -> Iterator[Article | InputError]:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{name} line {number}"
        try:
            yield _article_from_record(line, where, published, options)
        except InputError as exc:
            yield exc


def _article_from_record(line: str, where: str, published, options) -> Article:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(where, f"is not valid JSON ({exc.msg})") from None
    if not isinstance(record, dict):
        raise InputError(where, "is not a JSON object")
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise InputError(where, "has no 'text' field to code")
    date = parse_date(record["date"], subject=where) if record.get("date") else published
    return article_from_text(text, published=date, title=record.get("title"), source=record.get("source"),
                             url=record.get("url"), id=_str_or_none(record.get("id")), origin=where,
                             options=options)


def _str_or_none(value) -> str | None:
    return None if value is None else str(value)


def _article_from_html(html: str, name: str, published, options) -> Article:
    import trafilatura  # imported here: it is slow to import and only HTML needs it

    body = trafilatura.extract(html, include_comments=False, include_tables=False, favor_precision=True)
    if not body or len(body.split()) < 5:
        raise InputError(name, "HTML holds no article text", "is it a story page rather than an index or a form?")
    meta = trafilatura.extract_metadata(html)
    date = published
    if date is None and meta is not None and meta.date:
        date = parse_date(meta.date, subject=name)
    return article_from_text(body, published=date, title=meta.title if meta else None,
                             source=meta.sitename if meta else None, url=meta.url if meta else None,
                             origin=name, options=options)
