"""The Coder: loads the model and the dictionaries once, then runs the stages over articles in batches.

    clean -> nlp -> actors -> events -> dates -> places -> ontology -> Event records
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from collections import deque
from collections.abc import Iterable, Iterator

from spacy.tokens import Doc

from . import dates, ontology, places
from .actors import ActorDictionary, DocActors
from .clean import article_from_text, parse_date
from .config import Options
from .events import EventFinder, Lexicon
from .model.infer import EventModel, ModelWorker
from .model.judge import candidates, judge
from .nlp import load_model, parse
from .records import ActorMention, Article, CodingResult, Event

VERSION = "0.1.0"

LOOKAHEAD = 2  # batches of articles (nlp.pipe batch_size) whose model scoring may run behind the parser


class _Done:
    """A finished result with a Future's `result()`, for coding without a worker thread."""

    def __init__(self, value) -> None:
        self.value = value

    def result(self):
        return self.value


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
        """Code many articles, parsed in batches with nlp.pipe; results come in input order.

        With more than one core, the event model runs in a worker process, scoring one article's sentences
        while spaCy parses the next ones."""
        pairs = ((a.text, a) for a in articles)
        docs = self.nlp.pipe(pairs, as_tuples=True, batch_size=self.options.batch_size,
                             n_process=self.options.n_process)
        if self.event_model is None:
            for doc, article in docs:
                yield self._code_doc(article, doc)
            return
        if not ModelWorker.available():
            for doc, article in docs:
                yield self._code_doc(article, doc)
            return
        with ModelWorker(self.event_model) as worker:
            pending: deque = deque()
            for doc, article in docs:
                pending.append(self._start(article, doc, worker))
                if len(pending) > LOOKAHEAD * self.options.batch_size:
                    yield self._complete(*pending.popleft())
            while pending:
                yield self._complete(*pending.popleft())

    def _code_doc(self, article: Article, doc: Doc) -> CodingResult:
        return self._complete(*self._start(article, doc, None))

    def _start(self, article: Article, doc: Doc, worker: ModelWorker | None):
        """The stages before the model: actors and pattern drafts; the model's work goes to `worker`."""
        try:
            actors = DocActors(doc, self.dictionary, article.published, self.options, self.military_nouns,
                               gazetteer=self.gazetteer, home=places.dateline_country(article.text, self.gazetteer))
            drafts = EventFinder(self.lexicon, article, doc, actors).events()
            if self.event_model is None:
                return article, doc, actors, drafts, None, None
            sents = candidates(doc, actors, drafts)
            texts = [s.text for s in sents]
            work = worker.submit(texts) if worker and texts else _Done(self.event_model.predict(texts))
            return article, doc, actors, drafts, sents, work
        except Exception as exc:
            return article, doc, None, None, None, exc

    def _complete(self, article: Article, doc: Doc, actors, drafts, sents, work) -> CodingResult:
        try:
            if isinstance(work, Exception):
                raise work
            if work is not None:
                drafts = judge(article, doc, actors, drafts, dict(zip((s.start for s in sents), work.result())))
            floor = self.options.min_confidence
            return CodingResult(article, tuple(self._finish(doc, actors, event) for event in drafts
                                               if event.confidence >= floor))
        except Exception as exc:  # a bug must cost one article, not the corpus; it is reported with its name
            return CodingResult(article, (), f"internal error while coding ({type(exc).__name__}: {exc}); "
                                             "please report it with this input")

    def _finish(self, doc: Doc, actors: DocActors, event: Event) -> Event:
        trigger = doc.char_span(event.trigger_offset, event.trigger_offset + len(event.trigger),
                                alignment_mode="expand")[0]
        sent = trigger.sent
        event = dates.date_event(event, dates.date_phrase(doc, sent, trigger), self.options.historical_days)
        event = actors.on_event_date(event)
        candidates = places.place_phrase(sent, trigger, set(actors.by_token))
        event = places.place_event(event, candidates, self.gazetteer)
        event = actors.in_context(event, sent)
        event = ontology.annotate(event)
        return dataclasses.replace(event, id=event_id(event))


def event_id(event: Event) -> str:
    """Stable: the same article text coded the same way gives the same id."""
    key = "|".join([event.article.id, str(event.sentence.index), str(event.trigger_offset), event.cameo,
                    event.source.code, event.target.code if event.target else "-"])
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]
