import datetime as dt
from pathlib import Path

import pytest

import tidings

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def coder() -> tidings.Coder:
    """The pattern stages alone, for tests of the lexicon, actors, dates and places: one for the whole run."""
    return tidings.Coder(patterns_only=True)


@pytest.fixture(scope="session")
def model_coder() -> tidings.Coder:
    """The default coder, with the shipped learned event model judging the patterns' events."""
    return tidings.Coder()


@pytest.fixture
def code(coder):
    """Code one sentence or story with the patterns alone: code("text", "2021-09-30") -> list of events."""
    def run(text: str, published: str = "2022-06-15"):
        return coder.code_text(text, published=published)
    return run


@pytest.fixture
def code_model(model_coder):
    """Code one sentence or story with the default coder, learned model included."""
    def run(text: str, published: str = "2022-06-15"):
        return model_coder.code_text(text, published=published)
    return run


def triples(events):
    return [(e.source.code, e.cameo, e.target.code if e.target else None) for e in events]


def dyads(events):
    return [(e.source.code, e.target.code if e.target else None) for e in events]


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)
