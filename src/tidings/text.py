"""Small text helpers shared by the stages: accent and quote folding, normalised keys."""
from __future__ import annotations

import re
import unicodedata

_QUOTES = str.maketrans({"‘": "", "’": "", "ʿ": "", "ʾ": "", "`": "", "´": "", "'": "", "\u02bc": "",
                         "“": '"', "”": '"', "–": "-", "—": "-"})
_SPACE = re.compile(r"\s+")


def fold(text: str) -> str:
    """Drop accents and apostrophe-like marks so 'ʿAfrīn' matches 'Afrin' and 'Erdoğan' 'Erdogan'."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_QUOTES))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACE.sub(" ", stripped.replace("ı", "i")).strip()


def key(text: str) -> str:
    """Case-insensitive lookup key for names."""
    return fold(text).lower()
