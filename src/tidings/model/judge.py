"""The learned model's say over the events stage.

For every sentence that can hold an event (the dictionaries find an actor in it, or a pattern fired), the
model decides whether there is a codable event and of which root. Pattern events of a root that the model
rejects are dropped; those of the roots it predicts are kept, their confidence set to the model's
probability. When no pattern gives the predicted root, the event is built from the model itself: its best
code within that root, and actors coded from its source and target spans.
"""
from __future__ import annotations

import dataclasses
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from ..actors import DocActors, np_tokens, phrase_text
from ..dictionaries import read_table, read_yaml
from ..nlp import sentence_record
from ..records import Actor, Article, Event
from .infer import Prediction

EVENT_THRESHOLD = 0.5  # below this probability of a codable event, the sentence yields nothing
SECOND_ROOT = 0.25  # a second root this probable keeps its pattern events too (two events in one sentence)


def can_hold_event(sent: Span, actors: DocActors, drafts: list[Event]) -> bool:
    """The prefilter: a sentence in which the dictionaries find an actor, or a pattern fired. Without one,
    any event would have unknown parties on both sides, which no dyad can use (on real wire copy such
    sentences are mostly company news), and the model's time goes to sentences that can be coded."""
    return (any(t.i in actors.by_token for t in sent)
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
    """"analysts", "a think tank", or "Aron Weiss, an analyst at ..." (the apposition says what he is);
    and anyone out of office ("a former official", "Ann Lee, a retired general"), who speaks for no one."""
    nouns = commentators()
    compound = [t.lower_ for t in token.lefts if t.dep_ == "compound"]
    appositions = [c for c in token.children if c.dep_ == "appos"]
    return (token.lemma_.lower() in nouns or bool(compound) and f"{compound[-1]} {token.lemma_.lower()}" in nouns
            or any(c.lemma_.lower() in nouns for c in appositions)
            or any(_out_of_office(t) for t in [token, *appositions]))


OUT_OF_OFFICE = frozenset({"former", "retired", "ex"})


def _out_of_office(token) -> bool:
    return any(c.dep_ in ("amod", "compound", "advmod") and c.lower_.strip("-") in OUT_OF_OFFICE
               for c in token.lefts)


def judge(article: Article, doc: Doc, actors: DocActors, drafts: list[Event],
          predictions: dict[int, Prediction]) -> list[Event]:
    """The events of a document, given the model's predictions keyed by each candidate sentence's start."""
    out = []
    for index, sent in enumerate(doc.sents):
        prediction = predictions.get(sent.start)
        if prediction is not None:
            mine = [d for d in drafts if sent.start_char <= d.trigger_offset < sent.end_char]
            out += tidy(doc, sentence_events(prediction, article, doc, sent, index, actors, mine))
    return out


def tidy(doc: Doc, events: list[Event]) -> list[Event]:
    """No second event of a root for the same source unless it names another target ("met to discuss" is
    one meeting; "Russia and Turkey condemned" is two events); no target that is the source's own phrase;
    and the outlet a statement was made to is not its target ("told CNN")."""
    out = []
    for e in events:
        trigger = _trigger(doc, e)
        if _press_report(e) or trigger is not None and is_habitual(trigger):
            continue
        if _reflexive(e):
            e = dataclasses.replace(e, target=None)
        if e.target is not None and e.target.role == "MED" and (e.cameo.startswith("01") or _spoken(trigger)):
            e = dataclasses.replace(e, target=None)
        if not any(_repeats(e, kept) for kept in out):
            out.append(e)
    return out


def _repeats(e: Event, kept: Event) -> bool:
    if e.cameo[:2] != kept.cameo[:2] or e.source.code != kept.source.code:
        return False
    return e.target is None or e.target.code in ("---", "") or (
        kept.target is not None and e.target.code == kept.target.code)


def _trigger(doc: Doc, e: Event) -> Token | None:
    span = doc.char_span(e.trigger_offset, e.trigger_offset + len(e.trigger), alignment_mode="expand")
    return span.root if span is not None else None


def _spoken(trigger: Token | None) -> bool:
    """The event's trigger is a verb of saying: what is told to an outlet is not done to it."""
    return trigger is not None and trigger.lemma_.lower() in speech_verbs()


def _press_report(e: Event) -> bool:
    """A newspaper or a reporter describing what happened is how the story is told, not a statement of the
    press: "the Post describes crowds", "a correspondent says police cleared the square". (What the press
    does to someone, "state media warned Gondor", stays.)"""
    return e.source.role == "MED" and e.cameo.startswith("01")


@lru_cache(maxsize=1)
def _habits() -> tuple[frozenset[str], frozenset[str]]:
    table = read_yaml("modality.yaml")
    return frozenset(table.get("habitual_adverbs", ())), frozenset(table.get("habitual_periods", ()))


def is_habitual(verb: Token) -> bool:
    """What an actor does as a rule ("regularly patrol", "has smuggled rockets over the years"): no one
    act that a date or a dyad can use. A noun trigger ("the regular patrols") is judged by its verb."""
    adverbs, periods = _habits()
    verb = verb if verb.pos_ in ("VERB", "AUX") else verb.head
    for child in verb.children:
        if child.dep_ == "advmod" and child.lower_ in adverbs:
            return True
        if child.dep_ == "prep" and child.lower_ in ("over", "for") and any(
                g.dep_ == "pobj" and g.lower_ in periods for g in child.children):
            return True
    return False


STATIVE = frozenset({"be", "have"})


def _describes_a_state(sent: Span) -> bool:
    """"There are 8,400 troops in the country", "the group has thousands of fighters": a sentence whose
    main verb is be or have, and that has no other verb ("are guilty of violating"), tells what is, not
    what someone did."""
    root = sent.root
    return root.lemma_.lower() in STATIVE and not any(t.pos_ == "VERB" and t.i != root.i for t in sent)


def _reflexive(e: Event) -> bool:
    return e.target is not None and e.target.code == e.source.code and e.target.name == e.source.name


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
    trigger = sent.root
    if _describes_a_state(sent) or any(is_habitual(t) for t in trigger.conjuncts):
        return kept  # no act of its own to stand on (`tidy` judges the trigger itself a habit or not)
    code = p.codes.get(p.root, (p.root + "0",))[0]
    sentence = sentence_record(sent, index)
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
        head = _nominal_head(span)
        # "thousands of Georgian protesters" is about the protesters; a piece ("the", "’s") about its phrase
        found = (actors.actors_at(head) if head is not None else []) or actors.actors_at(span.root)
        actor = found[0] if found else _any_mention(span, actors)
        if actor is not None and actor.code:
            text = span.text.strip(_EDGE_PUNCTUATION)  # a word piece span can reach into "(CNN) US Ambassador"
            return dataclasses.replace(actor, name=text) if len(text) > len(actor.name) else actor
        return Actor("---", None, None, phrase_text(doc, np_tokens(head, False)) if head else span.text)
    return None


_EDGE_PUNCTUATION = " \t()[],.;:\"'“”‘’-–—"
_NOMINAL = frozenset({"NOUN", "PROPN", "PRON"})
_INSIDE_NP = frozenset({"det", "poss", "case", "amod", "compound", "nmod", "nummod", "quantmod", "punct"})


def _nominal_head(span: Span) -> Token | None:
    """The noun that a span stands for: the phrase it is a part of ("the" -> the official, "Russian" in
    "Russian troops" -> troops), and for a title the name it belongs to ("President" -> Trump, by word
    order, since the parse often attaches titles wrongly). None when the span is no part of a noun phrase."""
    head = span.root
    while head.pos_ not in _NOMINAL and head.dep_ in _INSIDE_NP and head.head is not head:
        head = head.head
    doc = head.doc
    while head.dep_ == "compound" and head.i + 1 < head.sent.end and doc[head.i + 1].pos_ == "PROPN":
        head = doc[head.i + 1]
    return head if head.pos_ in _NOMINAL else None


def _any_mention(span: Span, actors: DocActors) -> Actor | None:
    for token in span:
        if token.i in actors.by_token:
            actor = actors.actor_at(token)
            if actor is not None:
                return actor
    return None
