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

__all__ = ["Actor", "Article", "Coder", "CodingError", "CodingResult", "DictionaryError", "Event", "InputError", "ModelError",
           "Options", "Place", "Sentence", "TidingsError", "UsageError", "code_inputs", "__version__"]
