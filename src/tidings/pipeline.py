"""The Coder: loads the model and the dictionaries once, then runs the stages over articles in batches.

    clean -> nlp -> actors -> events -> dates -> places -> ontology -> Event records
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from collections.abc import Iterable, Iterator

from spacy.tokens import Doc

from . import dates, ontology, places
from .actors import ActorDictionary, DocActors
from .clean import article_from_text, parse_date
from .config import Options
from .events import EventFinder, Lexicon
from .model.infer import EventModel
from .model.judge import candidates, judge
from .nlp import load_model, parse
from .records import ActorMention, Article, CodingResult, Event

VERSION = "0.1.0"


class Coder:
    """Codes articles into events. Build one and reuse it: loading takes a few seconds."""

    def __init__(self, *, options: Options | None = None, **changes) -> None:
        self.options = (options or Options()).replace(**changes) if changes else (options or Options())
        self.nlp = load_model(self.options.model)
        tokenize = lambda text: [t.text for t in self.nlp.tokenizer(text)]  # noqa: E731
        self.dictionary = ActorDictionary.load(tokenize, self.options)
        self.lexicon = Lexicon.load()
        self.military_nouns = self.lexicon.military_nouns()
        self.gazetteer = places.default_gazetteer()
        self.event_model = None if self.options.patterns_only else EventModel(self.options.event_model)

    def code_text(self, text: str, *, published: str | dt.date | None = None, title: str | None = None,
                  source: str | None = None, url: str | None = None, id: str | None = None) -> list[Event]:
        """Code one story given as plain text."""
        if isinstance(published, str):
            published = parse_date(published, subject="published")
        article = article_from_text(text, published=published, title=title, source=source, url=url, id=id,
                                    options=self.options)
        return list(self.code_article(article).events)

    def code_article(self, article: Article) -> CodingResult:
        doc = next(parse(self.nlp, [article.text]))
        return self._code_doc(article, doc)

    def mentions(self, article: Article) -> list[ActorMention]:
        """The actor mentions that the dictionaries find in an article, whether or not they make events."""
        doc = next(parse(self.nlp, [article.text]))
        return DocActors(doc, self.dictionary, article.published, self.options, self.military_nouns).mentions()

    def code_articles(self, articles: Iterable[Article]) -> Iterator[CodingResult]:
        """Code many articles, parsed in batches with nlp.pipe; results come in input order."""
        pairs = ((a.text, a) for a in articles)
        for doc, article in self.nlp.pipe(pairs, as_tuples=True, batch_size=self.options.batch_size,
                                          n_process=self.options.n_process):
            yield self._code_doc(article, doc)

    def _code_doc(self, article: Article, doc: Doc) -> CodingResult:
        try:
            return self._code_parsed(article, doc)
        except Exception as exc:  # a bug must cost one article, not the corpus; it is reported with its name
            return CodingResult(article, (), f"internal error while coding ({type(exc).__name__}: {exc}); "
                                             "please report it with this input")

    def _code_parsed(self, article: Article, doc: Doc) -> CodingResult:
        actors = DocActors(doc, self.dictionary, article.published, self.options, self.military_nouns,
                           gazetteer=self.gazetteer, home=places.dateline_country(article.text, self.gazetteer))
        drafts = EventFinder(self.lexicon, article, doc, actors).events()
        if self.event_model is not None:
            sents = candidates(doc, actors, drafts)
            predictions = self.event_model.predict([s.text for s in sents])
            drafts = judge(article, doc, actors, drafts, dict(zip((s.start for s in sents), predictions)))
        floor = self.options.min_confidence
        return CodingResult(article, tuple(self._finish(doc, actors, event) for event in drafts
                                           if event.confidence >= floor))

    def _finish(self, doc: Doc, actors: DocActors, event: Event) -> Event:
        trigger = doc.char_span(event.trigger_offset, event.trigger_offset + len(event.trigger),
                                alignment_mode="expand")[0]
        sent = trigger.sent
        event = dates.date_event(event, dates.date_phrase(doc, sent, trigger), self.options.historical_days)
        event = actors.on_event_date(event)
        phrases = places.place_phrase(sent, trigger, set(actors.by_token))
        event = places.place_event(event, phrases, self.gazetteer)
        event = actors.in_context(event, sent)
        event = ontology.annotate(event)
        return dataclasses.replace(event, id=event_id(event))


def event_id(event: Event) -> str:
    """Stable: the same article text coded the same way gives the same id."""
    key = "|".join([event.article.id, str(event.sentence.index), str(event.trigger_offset), event.cameo,
                    event.source.code, event.target.code if event.target else "-"])
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]
