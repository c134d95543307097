"""Places stage: the place of an event, resolved with a gazetteer to name, country and coordinates.

The place is the one attached to the event (an in/at/near phrase of the trigger or of its arguments),
else the nearest place in the sentence. Words that already code an actor ("Ankara said", "Iran and
Iraq") are not places. Names are folded (accents, quotes) and looked up in data/gazetteer.tsv, a trimmed
GeoNames table, and in the country table; ambiguous names go to the event's countries, then to the
most populous.
"""
from __future__ import annotations

import dataclasses
import re
from collections import defaultdict
from functools import lru_cache

from spacy.tokens import Span, Token

from .dictionaries import read_table, split_list
from .records import Event, Place
from .text import fold

# Prepositions that place an event; "on", "from", "with" more often introduce a target or a partner.
LOCATIVE = frozenset({"in", "at", "near", "outside", "inside", "around", "across", "off", "along", "within",
                      "throughout", "northeast", "northwest", "southeast", "southwest", "north", "south", "east",
                      "west", "beyond"})
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
_PREFIXES = ("al ", "al-", "el ", "el-", "ad ", "ar ", "as ", "ash ", "az ")


@dataclasses.dataclass(frozen=True, slots=True)
class _Candidate:
    place: Place
    population: int


class Gazetteer:
    """Folded place name -> candidate places."""

    def __init__(self) -> None:
        self.names: dict[str, list[_Candidate]] = defaultdict(list)
        for row in read_table("countries.tsv"):
            if not row.get("lat"):
                continue
            place = Place(row["name"], row["iso3"], float(row["lat"]), float(row["lon"]),
                          int(row["geonames_id"]) if row.get("geonames_id") else None)
            for name in [row["name"], *split_list(row["aliases"])]:
                self._add(name, _Candidate(place, 10**10))  # a country outranks a town of the same name
        for row in read_table("gazetteer.tsv"):
            place = Place(row["name"], row["country"], float(row["lat"]), float(row["lon"]), int(row["geonames_id"]))
            candidate = _Candidate(place, int(row["population"] or 0))
            for name in [row["name"], *split_list(row["alternates"])]:
                self._add(name, candidate)

    def _add(self, name: str, candidate: _Candidate) -> None:
        key = _key(name)
        if key and all(c.place != candidate.place for c in self.names[key]):
            self.names[key].append(candidate)
        bare = _strip_article(key)
        if bare != key and candidate not in self.names[bare]:
            self.names[bare].append(candidate)

    def lookup(self, name: str, countries: frozenset[str] = frozenset()) -> Place | None:
        key = _key(name)
        found = self.names.get(key) or self.names.get(_strip_article(key))
        if not found:
            return None
        return max(found, key=lambda c: (c.place.country in countries, c.population)).place


# "ANKARA, May 4 (Reuters) -", "MOSCOW (AP) --", "Kyiv, Ukraine -": the first words of a wire story.
_DATELINE = re.compile(r"^\s*([A-Z][A-Za-z'.-]+(?: [A-Z][A-Za-z'.-]+){0,2})(?:,| \(| [-\u2013\u2014])")


def dateline_country(text: str, gazetteer: Gazetteer) -> str | None:
    """The country of the story's dateline city, when it has one and the city is in the gazetteer."""
    first = text.lstrip().split("\n", 1)[0]
    match = _DATELINE.match(first)
    if not match or len(first) - match.end() < 20:  # a headline or a lone name, not a dateline
        return None
    place = gazetteer.lookup(match.group(1))
    return place.country if place else None


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    return Gazetteer()


def _key(name: str) -> str:
    text = fold(name).lower().strip(" .,")
    return text[4:] if text.startswith("the ") else text


def _strip_article(key: str) -> str:
    for prefix in _PREFIXES:
        if key.startswith(prefix) and len(key) > len(prefix) + 2:
            return key[len(prefix):]
    return key


def place_phrase(sent: Span, trigger: Token, actor_tokens: set[int]) -> list[Span]:
    """Place entities of the sentence, best first: attached to the event, then by distance.

    A name that codes an actor ("Ankara said", "talks with Iran") is a place only after a locative
    preposition ("in Ankara", "in Syria").
    """
    anchors = {trigger.i} | {c.i for c in trigger.children if c.dep_ in ("dobj", "nsubj", "nsubjpass", "pobj")}
    ranked = []
    for ent in sent.ents:
        if ent.label_ not in PLACE_LABELS:
            continue
        locative = ent.root.dep_ == "pobj" and ent.root.head.lower_ in LOCATIVE
        if not locative and any(t.i in actor_tokens for t in ent):
            continue
        attached = locative and ent.root.head.head.i in anchors
        ranked.append(((not attached, not locative, abs(ent.root.i - trigger.i)), ent))
    return [ent for _, ent in sorted(ranked, key=lambda pair: pair[0])]


def place_event(event: Event, candidates: list[Span], gazetteer: Gazetteer) -> Event:
    countries = frozenset(a.country for a in (event.source, event.target) if a and a.country)
    for ent in candidates:
        place = gazetteer.lookup(ent.text, countries)
        if place:
            return dataclasses.replace(event, place=place)
    return event
