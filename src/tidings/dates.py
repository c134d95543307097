"""Dates stage: resolve the date phrase attached to each event against the article's publication date.

Weekdays ("on Tuesday") are the last such day on or before publication; relative phrases ("two days
earlier", "last week", "earlier this month", "three years ago") count back from it. Explicit dates
go through dateparser. Every result carries a precision; with no clue the event takes the
publication date with precision "reported".
"""
from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
import re
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from .records import Event

WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
           "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
           "thirty": 30, "a couple of": 2, "couple of": 2, "a few": 3, "few": 3, "several": 4}
_APPROXIMATE = ("a few", "few", "several", "couple")
_UNIT_PRECISION = {"day": "day", "week": "week", "month": "month", "year": "year", "decade": "year"}
_AGO = re.compile(r"\b(?P<n>\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|"
                  r"twenty|thirty|(?:a )?couple of|(?:a )?few|several)\s+(?P<unit>day|week|month|year|decade)s?"
                  r"\s+(?P<dir>ago|earlier|before|previously|prior|later|after)\b")
_RELATIVE = re.compile(r"\b(?P<which>last|past|previous|this|next|earlier this|later this|early this|"
                       r"late last|earlier last|early last)\s+(?P<unit>week|month|year|weekend)\b")
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")


@dataclasses.dataclass(frozen=True, slots=True)
class Resolved:
    start: dt.date
    end: dt.date
    precision: str  # day, week, month, year, approximate


def resolve(phrase: str, published: dt.date) -> Resolved | None:
    """Resolve one date phrase against the publication date, or None when it names no time."""
    text = " ".join(phrase.lower().replace(",", " ").split())
    for rule in (_simple_day, _weekday, _ago, _relative, _explicit):
        found = rule(text, published)
        if found:
            return found
    return None


def _simple_day(text: str, pub: dt.date) -> Resolved | None:
    offsets = {"today": 0, "tonight": 0, "this morning": 0, "this afternoon": 0, "this evening": 0,
               "yesterday": -1, "last night": -1, "overnight": 0, "tomorrow": 1, "the day before": -1}
    for words, days in offsets.items():
        if re.search(rf"\b{words}\b", text):
            day = pub + dt.timedelta(days=days)
            return Resolved(day, day, "day")
    return None


def _weekday(text: str, pub: dt.date) -> Resolved | None:
    for name, number in WEEKDAYS.items():
        if re.search(rf"\b{name}\b", text) and not re.search(r"\d", text):
            back = (pub.weekday() - number) % 7
            if re.search(rf"\b(last|previous) {name}\b", text) and back == 0:
                back = 7
            if re.search(rf"\bnext {name}\b", text):
                day = pub + dt.timedelta(days=(number - pub.weekday()) % 7 or 7)
            else:
                day = pub - dt.timedelta(days=back)
            return Resolved(day, day, "day")
    return None


def _ago(text: str, pub: dt.date) -> Resolved | None:
    match = _AGO.search(text)
    if not match:
        return None
    raw, unit = match.group("n"), match.group("unit")
    count = int(raw) if raw.isdigit() else NUMBERS.get(raw, 1)
    sign = 1 if match.group("dir") in ("later", "after") else -1
    days = {"day": 1, "week": 7, "month": 30, "year": 365, "decade": 3650}[unit] * count * sign
    day = pub + dt.timedelta(days=days)
    precision = "approximate" if raw.startswith(_APPROXIMATE) else _UNIT_PRECISION[unit]
    return _period(day, precision)


def _relative(text: str, pub: dt.date) -> Resolved | None:
    match = _RELATIVE.search(text)
    if not match:
        return None
    which, unit = match.group("which"), match.group("unit")
    step = -1 if which in ("last", "past", "previous", "late last", "earlier last", "early last") else (
        1 if which == "next" else 0)
    if unit == "weekend":
        saturday = pub - dt.timedelta(days=(pub.weekday() - 5) % 7)
        return Resolved(saturday, saturday + dt.timedelta(days=1), "week")
    if unit == "week":
        anchor = pub + dt.timedelta(weeks=step)
    elif unit == "month":
        anchor = _add_months(pub, step)
    else:
        anchor = pub.replace(year=pub.year + step, month=1, day=1)
    found = _period(anchor, unit)
    if which.startswith(("earlier this", "early this")):  # the part of this period before publication
        return Resolved(found.start, pub, unit)
    return found


def _explicit(text: str, pub: dt.date) -> Resolved | None:
    words = set(re.findall(r"[a-z]+", text))
    month = next((MONTHS[w] for w in words if w in MONTHS and _is_month(w, text)), None)
    year_match = _YEAR.search(text)
    day_match = re.search(r"\b([0-3]?\d)(st|nd|rd|th)?\b", _YEAR.sub("", text))
    if month and day_match and 1 <= int(day_match.group(1)) <= 31:
        parsed = _dateparser(text, pub)
        return Resolved(parsed, parsed, "day") if parsed else None
    if month:
        year = int(year_match.group(1)) if year_match else (pub.year if month <= pub.month else pub.year - 1)
        return _period(dt.date(year, month, 1), "month")
    if year_match and re.fullmatch(r"(in |since |by |during |until |early |late |mid-?)?(the year )?\d{4}s?",
                                   text.strip()):
        return _period(dt.date(int(year_match.group(1)), 1, 1), "year")
    return None


def _is_month(word: str, text: str) -> bool:
    """'may', 'mar' and 'jun' are words too: they are months only before a number ("May 3")."""
    return word not in ("may", "mar", "jun") or bool(re.search(rf"\b{word}\s+\d", text))


@lru_cache(maxsize=4096)
def _dateparser(text: str, pub: dt.date) -> dt.date | None:
    import dateparser  # slow to import; only explicit day-month dates need it

    settings = {"RELATIVE_BASE": dt.datetime(pub.year, pub.month, pub.day), "PREFER_DATES_FROM": "past",
                "RETURN_AS_TIMEZONE_AWARE": False}
    cleaned = re.sub(r"^(on|in|since|by|from|until|between)\s+", "", text)
    found = dateparser.parse(cleaned, languages=["en"], settings=settings)
    return found.date() if found else None


def _period(day: dt.date, precision: str) -> Resolved:
    if precision == "week":
        start = day - dt.timedelta(days=day.weekday())
        return Resolved(start, start + dt.timedelta(days=6), "week")
    if precision == "month":
        start = day.replace(day=1)
        return Resolved(start, start.replace(day=calendar.monthrange(start.year, start.month)[1]), "month")
    if precision == "year":
        return Resolved(day.replace(month=1, day=1), day.replace(month=12, day=31), "year")
    if precision == "approximate":
        return Resolved(day, day, "approximate")
    return Resolved(day, day, "day")


def _add_months(day: dt.date, months: int) -> dt.date:
    month_index = day.year * 12 + day.month - 1 + months
    return dt.date(month_index // 12, month_index % 12 + 1, 1)


# --- attaching phrases to events ----------------------------------------------------------------------
def date_phrase(doc: Doc, sent: Span, trigger: Token) -> str | None:
    """The date phrase that belongs to the event: attached to its trigger's clause, else the nearest."""
    candidates = [e for e in sent.ents if e.label_ in ("DATE", "TIME")]
    if not candidates:
        return None
    clause = {t.i for t in trigger.subtree}

    def rank(ent: Span) -> tuple:
        attached = ent.root.head.i == trigger.i or (ent.root.head.head.i == trigger.i)
        return (not attached, ent.root.i not in clause, abs(ent.root.i - trigger.i))

    best = min(candidates, key=rank)
    prep = best.root.head if best.root.dep_ == "pobj" else None
    return f"{prep.lower_} {best.text}" if prep is not None and prep.lower_ in ("since", "in") else best.text


def date_event(event: Event, phrase: str | None, historical_days: int) -> Event:
    """Give an event its date, precision and historical flag."""
    published = event.article.published
    if published is None:
        return dataclasses.replace(event, date_text=phrase)
    found = resolve(phrase, published) if phrase else None
    if found is None:
        return dataclasses.replace(event, date=published, date_precision="reported", date_text=phrase)
    historical = (published - found.end).days > historical_days or bool(phrase and phrase.lower().startswith("since"))
    return dataclasses.replace(event, date=found.start, date_precision=found.precision, date_text=phrase,
                               historical=historical or event.historical)
