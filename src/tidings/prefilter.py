"""Prefilter stage: before parsing, blank out the sentences that cannot hold an event.

Parsing is most of the cost of coding, and in news copy most sentences name no actor at all. A sentence
is kept when the actor dictionaries find a name, demonym, leader, organisation or role noun in it, or when
it has a third-person pronoun (its actor may be named in the sentence before). Every other sentence is
replaced by spaces, line breaks kept, so the parser sees one whitespace token where it was and every kept
sentence keeps its exact character offsets in the article.
"""
from __future__ import annotations

import re
from collections.abc import Callable

from .actors import ActorDictionary, names_an_actor

# A sentence ends at . ! ? (and closing quotes or brackets) before a capital, digit or opening quote, or at
# a line break: cruder than the parser's split, which is fine, as a kept sentence only has to hold the
# parser's sentence.
_BOUNDARY = re.compile(r"""(?<=[.!?])["'”’)\]]*[ \t]+(?=["'“‘(\[]?[A-Z0-9])|\n+""")
PRONOUNS = frozenset({"he", "she", "they", "we", "his", "her", "their", "him", "them"})
# Shorter texts are parsed whole: a snippet or a one-line input is what the user asked to have coded, an
# event in it named by no dictionary actor ("Reliance Jio agreed to ...") still counts, and parsing it
# whole costs next to nothing.
MIN_SENTENCES = 4


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the rough sentences of a text, without their surrounding blanks."""
    spans, start = [], 0
    for m in _BOUNDARY.finditer(text):
        if text[m.start() - 1:m.start()] == "." and _abbreviation(text, m.start() - 1):
            continue
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    return [(a, b) for a, b in spans if text[a:b].strip()]


def _abbreviation(text: str, dot: int) -> bool:
    """"Mr.", "Sen.", "Gen.", "Jan.", "U.S.", "J.": a short capitalised word or one with inner dots. Joining
    two sentences by mistake only keeps more text; splitting at "Mr." would blank out a name's title."""
    word = text[max(0, dot - 12):dot].split()[-1:] or [""]
    word = word[0].lstrip("\"'“‘([")
    return bool(word) and (word[0].isupper() and len(word) <= 3 or "." in word)


def keeps(words: list[str], book: ActorDictionary) -> bool:
    return any(w.lower() in PRONOUNS for w in words) or names_an_actor(book, words)


def mask(text: str, book: ActorDictionary, tokenize: Callable[[str], list[str]]) -> str:
    """The text with every sentence that cannot hold an event blanked to spaces, same length."""
    spans = sentence_spans(text)
    if len(spans) < MIN_SENTENCES:
        return text
    out, last = [], 0
    for start, end in spans:
        if not keeps(tokenize(text[start:end]), book):
            out.append(text[last:start])
            out.append(re.sub(r"[^\n]", " ", text[start:end]))
            last = end
    out.append(text[last:])
    return "".join(out)
