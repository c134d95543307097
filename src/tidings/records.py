"""The typed records that flow through the pipeline, from input article to coded event.

Every stage takes and returns these frozen dataclasses; `to_dict` gives the documented JSON shape.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Article:
    """One input document. `origin` names where it came from (file, line) for error messages."""

    id: str
    text: str
    title: str | None = None
    published: dt.date | None = None
    source: str | None = None
    url: str | None = None
    origin: str = "<text>"

    def to_dict(self) -> dict:
        return {"id": self.id, "title": self.title, "source": self.source, "url": self.url,
                "published": _iso(self.published)}


@dataclass(frozen=True, slots=True)
class Sentence:
    index: int
    text: str
    start: int
    end: int

    def to_dict(self) -> dict:
        return dataclasses.asdict(self)


@dataclass(frozen=True, slots=True)
class Actor:
    """A coded actor: `code` is country (or IGO/NGO/IMG...) + organisation + role, as in CAMEO."""

    code: str
    country: str | None
    role: str | None
    name: str
    entries: tuple[str, ...] = ()  # dictionary entries that produced the code, for --explain

    def to_dict(self, explain: bool = False) -> dict:
        out = {"code": self.code, "country": self.country, "role": self.role, "name": self.name}
        if explain:
            out["entries"] = list(self.entries)
        return out


@dataclass(frozen=True, slots=True)
class ActorMention:
    """An actor found in a sentence, with token offsets in the spaCy doc (end exclusive)."""

    actor: Actor
    start: int
    end: int
    kind: str  # country, metonym, leader, organisation, agent, pronoun


@dataclass(frozen=True, slots=True)
class Place:
    name: str
    country: str | None
    lat: float | None
    lon: float | None
    geonames_id: int | None

    def to_dict(self) -> dict:
        return dataclasses.asdict(self)


@dataclass(frozen=True, slots=True)
class Event:
    """A coded event. The events stage fills the who/what; dates, places and ontology fill the rest."""

    article: Article
    sentence: Sentence
    source: Actor
    target: Actor | None  # None when the text names no other party ("protesters rallied in Tbilisi")
    cameo: str
    pattern: str
    trigger: str
    trigger_offset: int  # character offset of the trigger word in the article text
    modality: str | None = None
    historical: bool = False
    date: dt.date | None = None
    date_precision: str = "reported"
    date_text: str | None = None
    place: Place | None = None
    cameo_name: str = ""
    root: str = ""
    quad_class: int = 0
    goldstein: float = 0.0
    plover: str | None = None
    plover_mode: str | None = None
    confidence: float = 0.0
    id: str = ""

    def to_dict(self, explain: bool = False) -> dict:
        out = {
            "id": self.id,
            "article": self.article.to_dict(),
            "source": self.source.to_dict(explain),
            "target": self.target.to_dict(explain) if self.target else None,
            "cameo": self.cameo,
            "cameo_name": self.cameo_name,
            "root": self.root,
            "quad_class": self.quad_class,
            "goldstein": self.goldstein,
            "plover": self.plover,
            "plover_mode": self.plover_mode,
            "date": _iso(self.date),
            "date_precision": self.date_precision,
            "place": self.place.to_dict() if self.place else None,
            "modality": self.modality,
            "historical": self.historical,
            "sentence": self.sentence.to_dict(),
            "confidence": self.confidence,
        }
        if explain:
            out["explain"] = {"pattern": self.pattern, "trigger": self.trigger, "date_text": self.date_text}
        return out


@dataclass(frozen=True, slots=True)
class SkippedInput:
    """An input that could not be coded, reported at the end of a --skip-errors run."""

    name: str
    reason: str


@dataclass(frozen=True, slots=True)
class CodingResult:
    """Events of one article, in sentence order."""

    article: Article
    events: tuple[Event, ...] = field(default_factory=tuple)
    error: str | None = None  # set when coding this article failed; the others still get coded


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


@dataclass(frozen=True, slots=True)
class DictionaryEntry:
    """One actor dictionary entry: a name, title or role noun and what it codes to.

    `kind` is country, demonym, metonym (a capital or seat standing for the government), leader,
    organisation or agent (a role noun). Leaders hold `office` (head_of_state, senator...) from `start`
    to `end`.
    """

    kind: str
    country: str | None
    role: str | None
    code: str | None
    label: str
    start: dt.date | None = None
    end: dt.date | None = None
    office: str | None = None

    def active_on(self, day: dt.date | None) -> bool:
        if day is None:
            return self.end is None
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass(frozen=True, slots=True)
class Pattern:
    """One entry of the event lexicon (data/patterns.yaml), parsed from its text form.

    "impose {sanction|embargo} on" -> lemma impose, objects {sanction, embargo}, target_prep "on".
    """

    code: str
    text: str
    lemma: str
    particles: tuple[str, ...] = ()
    objects: frozenset[str] | None = None
    object_prep: str | None = None
    target_prep: str | None = None
    noun: bool = False

    @property
    def specificity(self) -> int:
        return 4 * bool(self.objects) + 2 * bool(self.target_prep) + len(self.particles)


@dataclass(frozen=True, slots=True)
class GoldActor:
    """An expected actor: a code ("RUSGOV", or just a country), and/or the text span that names it."""

    code: str | None = None
    country: str | None = None
    role: str | None = None
    text: str | None = None


@dataclass(frozen=True, slots=True)
class GoldEvent:
    """An expected event. Sets differ in what they give: an exact CAMEO code, a PLOVER type, a 5-class label."""

    sources: tuple[GoldActor, ...] = ()
    targets: tuple[GoldActor, ...] = ()
    cameo: str | None = None
    plover: str | None = None
    pentaclass: int | None = None


@dataclass(frozen=True, slots=True)
class GoldRecord:
    """One evaluation record: a text, its date, and the events expected from it (none for a no-event record)."""

    id: str
    text: str
    published: dt.date | None
    events: tuple[GoldEvent, ...]
    category: str | None = None
