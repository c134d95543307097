import datetime as dt
from pathlib import Path

import pytest

import tidings

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def coder() -> tidings.Coder:
    """One coder for the whole run: loading the model and dictionaries takes seconds."""
    return tidings.Coder()


@pytest.fixture
def code(coder):
    """Code one sentence or story: code("text", "2021-09-30") -> list of events."""
    def run(text: str, published: str = "2022-06-15"):
        return coder.code_text(text, published=published)
    return run


def triples(events):
    return [(e.source.code, e.cameo, e.target.code if e.target else None) for e in events]


def dyads(events):
    return [(e.source.code, e.target.code if e.target else None) for e in events]


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)
