"""tidings: an open political event coder. News articles in, CAMEO/PLOVER-coded events out.

    coder = tidings.Coder()
    events = coder.code_text(text, published="2021-06-14")
"""
from .commands import code_inputs
from .config import Options
from .errors import CodingError, DictionaryError, InputError, ModelError, TidingsError, UsageError
from .pipeline import VERSION as __version__
from .pipeline import Coder
from .records import Actor, Article, CodingResult, Event, Place, Sentence
from .store import Store


def open(path, *, read_only: bool = False) -> Store:  # noqa: A001 - tidings.open mirrors sqlite3/duckdb
    """Open (or create) a tidings event database: `db = tidings.open("relations.duckdb")`."""
    return Store(path, read_only=read_only)

__all__ = ["Actor", "Article", "Coder", "CodingError", "CodingResult", "DictionaryError", "Event", "InputError", "ModelError",
           "Options", "Place", "Sentence", "Store", "open", "TidingsError", "UsageError", "code_inputs", "__version__"]
