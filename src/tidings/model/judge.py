"""The learned model's say over the events stage.

For every sentence that can hold an event (it names an actor or an entity, or a pattern fired in it), the
model decides whether there is a codable event and of which root. Pattern events of a root that the model
rejects are dropped; those of the roots it predicts are kept, their confidence set to the model's
probability. When no pattern gives the predicted root, the event is built from the model itself: its best
code within that root, and actors coded from its source and target spans.
"""
from __future__ import annotations

import dataclasses
from functools import lru_cache

from spacy.tokens import Doc, Span

from ..actors import DocActors
from ..dictionaries import read_table, read_yaml
from ..records import Actor, Article, Event, Sentence
from .infer import Prediction

EVENT_THRESHOLD = 0.5  # below this probability of a codable event, the sentence yields nothing
SECOND_ROOT = 0.25  # a second root this probable keeps its pattern events too (two events in one sentence)
_ENTITY_TYPES = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"})


def can_hold_event(sent: Span, actors: DocActors, drafts: list[Event]) -> bool:
    """The prefilter: only sentences that name someone can say who did what to whom."""
    return (any(t.i in actors.by_token for t in sent) or any(e.label_ in _ENTITY_TYPES for e in sent.ents)
            or any(sent.start_char <= d.trigger_offset < sent.end_char for d in drafts))


def candidates(doc: Doc, actors: DocActors, drafts: list[Event]) -> list[Span]:
    """The sentences worth the model's time: those that name someone and are not a commentator's words."""
    return [s for s in doc.sents if can_hold_event(s, actors, drafts) and not is_commentary(s)]


OPINION_VERBS = frozenset({"think", "predict", "expect", "caution", "reckon", "estimate"})  # beyond reporting


@lru_cache(maxsize=1)
def commentators() -> frozenset[str]:
    return frozenset(row["noun"].lower() for row in read_table("commentators.tsv"))


@lru_cache(maxsize=1)
def speech_verbs() -> frozenset[str]:
    """The lexicon's reporting verbs (data/modality.yaml), and verbs of opinion."""
    return frozenset(read_yaml("modality.yaml").get("speech_verbs", ())) | OPINION_VERBS


def is_commentary(sent: Span) -> bool:
    """An analyst's or scholar's words: "..., said a Middle East analyst", "according to experts"."""
    for token in sent:
        if token.lemma_.lower() in speech_verbs() and token.pos_ == "VERB":
            if any(c.dep_ in ("nsubj", "nsubjpass") and _commentator(c) for c in token.children):
                return True
        if token.lower_ == "according" and any(t.dep_ == "pobj" and _commentator(t) for t in token.subtree):
            return True
    return False


def _commentator(token) -> bool:
    """"analysts", "a think tank", or "Aron Weiss, an analyst at ..." (the apposition says what he is)."""
    nouns = commentators()
    compound = [t.lower_ for t in token.lefts if t.dep_ == "compound"]
    return (token.lemma_.lower() in nouns or bool(compound) and f"{compound[-1]} {token.lemma_.lower()}" in nouns
            or any(c.dep_ == "appos" and c.lemma_.lower() in nouns for c in token.children))


def judge(article: Article, doc: Doc, actors: DocActors, drafts: list[Event],
          predictions: dict[int, Prediction]) -> list[Event]:
    """The events of a document, given the model's predictions keyed by each candidate sentence's start."""
    out = []
    for index, sent in enumerate(doc.sents):
        prediction = predictions.get(sent.start)
        if prediction is not None:
            mine = [d for d in drafts if sent.start_char <= d.trigger_offset < sent.end_char]
            out += sentence_events(prediction, article, doc, sent, index, actors, mine)
    return out


def sentence_events(p: Prediction, article: Article, doc: Doc, sent: Span, index: int, actors: DocActors,
                    drafts: list[Event]) -> list[Event]:
    if p.event_probability < EVENT_THRESHOLD or p.root is None:
        return []
    probability = dict(p.roots)
    keep = {r for r, pr in p.roots if pr >= SECOND_ROOT} | {p.root}
    kept = [dataclasses.replace(d, confidence=round(probability.get(d.cameo[:2], 0.0), 3))
            for d in drafts if d.cameo[:2] in keep]
    primary = [d for d in kept if d.cameo[:2] == p.root]
    source, target = span_actors(p, doc, sent, actors)
    if primary:
        if source is not None and source.code != "---":  # the span head names the parties better than the parse
            primary = [dataclasses.replace(d, source=source, target=target or d.target) for d in primary[:1]]
        rest = [d for d in kept if d.cameo[:2] != p.root]
        return primary + rest
    if source is None or (target is None and actors.options.require_target):
        return kept  # the model sees an event but no one doing it (or no one it is done to): nothing to code
    code = p.codes.get(p.root, (p.root + "0",))[0]
    trigger = sent.root
    sentence = Sentence(index, sent.text, sent.start_char, sent.end_char)
    made = Event(article, sentence, source, target, code, "model", trigger.text, trigger.idx,
                 confidence=round(probability[p.root], 3))
    return [made] + kept


def span_actors(p: Prediction, doc: Doc, sent: Span, actors: DocActors) -> tuple[Actor | None, Actor | None]:
    return (_span_actor(p.sources, doc, sent, actors), _span_actor(p.targets, doc, sent, actors))


def _span_actor(spans, doc: Doc, sent: Span, actors: DocActors) -> Actor | None:
    for start, end in spans:
        span = doc.char_span(sent.start_char + start, sent.start_char + end, alignment_mode="expand")
        if span is None or not span.text.strip():
            continue
        found = actors.actors_at(span.root)  # "thousands of Georgian protesters" is about the protesters
        actor = found[0] if found else _any_mention(span, actors)
        if actor is not None and actor.code:
            return dataclasses.replace(actor, name=span.text) if len(span.text) > len(actor.name) else actor
        return Actor("---", None, None, span.text)
    return None


def _any_mention(span: Span, actors: DocActors) -> Actor | None:
    for token in span:
        if token.i in actors.by_token:
            actor = actors.actor_at(token)
            if actor is not None:
                return actor
    return None
