"""Ontology stage: CAMEO names, roots and Goldstein values, QuadClass and the PLOVER event type.

QuadClass follows ICEWS: roots 01-05 are verbal cooperation (1), 06-08 material cooperation (2),
09-13 verbal conflict (3), 14-20 material conflict (4). (Phoenix puts 01-02 in a neutral class 0;
we keep every code in one of the four classes so that dyad series add up.)
"""
from __future__ import annotations

import dataclasses
from functools import lru_cache

from .dictionaries import read_table
from .errors import DictionaryError
from .records import Event


@dataclasses.dataclass(frozen=True, slots=True)
class CameoCode:
    code: str
    name: str
    goldstein: float
    plover: str | None
    plover_mode: str | None


def quad_class(code: str) -> int:
    root = int(code[:2])
    return 1 if root <= 5 else 2 if root <= 8 else 3 if root <= 13 else 4


@lru_cache(maxsize=1)
def cameo_table() -> dict[str, CameoCode]:
    return {row["code"]: CameoCode(row["code"], row["name"], float(row["goldstein"]), row["plover"] or None,
                                   row["plover_mode"] or None) for row in read_table("cameo.tsv")}


def lookup(code: str) -> CameoCode:
    try:
        return cameo_table()[code]
    except KeyError:
        raise DictionaryError(code, "is not a CAMEO code in data/cameo.tsv") from None


def annotate(event: Event) -> Event:
    entry = lookup(event.cameo)
    return dataclasses.replace(event, cameo_name=entry.name, root=event.cameo[:2], goldstein=entry.goldstein,
                               quad_class=quad_class(event.cameo), plover=entry.plover, plover_mode=entry.plover_mode)
