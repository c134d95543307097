"""The Coder: loads the model and the dictionaries once, then runs the stages over articles in batches.

    clean -> prefilter -> nlp -> actors -> events -> dates -> places -> ontology -> Event records
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor

from spacy.tokens import Doc

from . import dates, ontology, places, prefilter
from .actors import ActorDictionary, DocActors
from .clean import article_from_text, parse_date
from .config import Options
from .events import EventFinder, Lexicon
from .model.infer import EventModel
from .model.judge import candidates, judge
from .nlp import SENTENCE_STARTS, load_model, parse
from .records import ActorMention, Article, CodingResult, Event

VERSION = "0.1.0"
CHUNK_SENTENCES = 96  # sentences per hand-off to the model thread once it has work queued: a few batches
IN_FLIGHT = 12  # chunks parsed ahead of the model: spaCy parses in bursts (a batch at a time)


@dataclasses.dataclass(slots=True)
class _Parsed:
    """An article between the parser's stages and the model's verdict on its candidate sentences."""

    article: Article
    doc: Doc
    actors: DocActors | None = None
    drafts: list[Event] = dataclasses.field(default_factory=list)
    sents: list = dataclasses.field(default_factory=list)
    error: str | None = None


class Coder:
    """Codes articles into events. Build one and reuse it: loading takes a few seconds."""

    def __init__(self, *, options: Options | None = None, **changes) -> None:
        self.options = (options or Options()).replace(**changes) if changes else (options or Options())
        self.nlp = load_model(self.options.model)
        self.tokenize = lambda text: [t.text for t in self.nlp.tokenizer(text)]  # noqa: E731
        self.dictionary = ActorDictionary.load(self.tokenize, self.options)
        self.lexicon = Lexicon.load()
        self.military_nouns = self.lexicon.military_nouns()
        self.gazetteer = places.default_gazetteer()
        # One intra-op thread: in `code_articles` the model runs on its own core beside the parser.
        self.event_model = None if self.options.patterns_only else EventModel(self.options.event_model, threads=1)

    def code_text(self, text: str, *, published: str | dt.date | None = None, title: str | None = None,
                  source: str | None = None, url: str | None = None, id: str | None = None) -> list[Event]:
        """Code one story given as plain text."""
        if isinstance(published, str):
            published = parse_date(published, subject="published")
        article = article_from_text(text, published=published, title=title, source=source, url=url, id=id,
                                    options=self.options)
        return list(self.code_article(article).events)

    def code_article(self, article: Article) -> CodingResult:
        doc = next(parse(self.nlp, [self._parse_text(article)]))
        return self._code_doc(article, doc)

    def mentions(self, article: Article) -> list[ActorMention]:
        """The actor mentions that the dictionaries find in an article, whether or not they make events."""
        doc = next(parse(self.nlp, [self._parse_text(article)]))
        return DocActors(doc, self.dictionary, article.published, self.options, self.military_nouns).mentions()

    def code_articles(self, articles: Iterable[Article]) -> Iterator[CodingResult]:
        """Code many articles, parsed in batches with nlp.pipe; results come in input order.

        With the event model, the parser and the model overlap: while the main thread parses and finds
        actors, a second thread scores the candidate sentences of the articles parsed before (onnxruntime
        releases the GIL), so the model costs little more than a core that would otherwise sit idle."""
        pairs = ((self._parse_text(a), a) for a in articles)
        docs = self.nlp.pipe(pairs, as_tuples=True, batch_size=self.options.batch_size,
                             n_process=self.options.n_process)
        if self.event_model is None:
            for doc, article in docs:
                yield self._code_doc(article, doc)
            return
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="tidings-model") as pool:
            pending: deque[tuple[list[_Parsed], Future]] = deque()
            chunk: list[_Parsed] = []
            sentences = 0
            for doc, article in docs:
                chunk.append(self._prepare(article, doc))
                sentences += len(chunk[-1].sents)
                idle = not pending or pending[-1][1].done()  # never let the model thread wait for work
                if sentences >= (1 if idle else CHUNK_SENTENCES):
                    pending.append((chunk, pool.submit(self._score, chunk)))
                    chunk, sentences = [], 0
                while pending and (len(pending) > IN_FLIGHT or pending[0][1].done()):
                    yield from self._conclude_chunk(*pending.popleft())
            pending.append((chunk, pool.submit(self._score, chunk)))
            while pending:
                yield from self._conclude_chunk(*pending.popleft())

    def _parse_text(self, article: Article) -> str:
        """What the parser reads: the article with its sentences that cannot hold an event blanked out."""
        if not self.options.prefilter:
            return article.text
        return prefilter.mask(article.text, self.dictionary, self.tokenize)

    def _code_doc(self, article: Article, doc: Doc) -> CodingResult:
        parsed = self._prepare(article, doc)
        return self._code_alone(parsed) if self.event_model else self._conclude(parsed, [])

    def _prepare(self, article: Article, doc: Doc) -> _Parsed:
        """Actors, pattern drafts and the sentences to put to the model. A bug costs one article."""
        parsed = _Parsed(article, doc)
        doc.user_data[SENTENCE_STARTS] = [start for start, _ in prefilter.sentence_spans(article.text)]
        try:
            parsed.actors = DocActors(doc, self.dictionary, article.published, self.options, self.military_nouns,
                                      gazetteer=self.gazetteer,
                                      home=places.dateline_country(article.text, self.gazetteer))
            parsed.drafts = EventFinder(self.lexicon, article, doc, parsed.actors).events()
            if self.event_model is not None:
                parsed.sents = candidates(doc, parsed.actors, parsed.drafts)
        except Exception as exc:
            parsed.error = _internal(exc)
        return parsed

    def _score(self, chunk: list[_Parsed]):
        """The costly half of the model, run on the model thread for a chunk's candidate sentences."""
        return self.event_model.score([s.text for p in chunk for s in p.sents])

    def _predictions(self, chunk: list[_Parsed], scores) -> list[list]:
        """Each article's predictions, decoded on the main thread (Python work, which needs the GIL)."""
        predictions = iter(self.event_model.decode(scores))
        return [[next(predictions) for _ in p.sents] for p in chunk]

    def _conclude_chunk(self, chunk: list[_Parsed], future: Future) -> Iterator[CodingResult]:
        try:
            answers = self._predictions(chunk, future.result())
        except Exception:  # the model failed on this chunk: score its articles one by one, so only the
            answers = None  # article that breaks it is lost
        for i, parsed in enumerate(chunk):
            yield self._conclude(parsed, answers[i]) if answers is not None else self._code_alone(parsed)

    def _code_alone(self, parsed: _Parsed) -> CodingResult:
        if parsed.error is None:
            try:
                return self._conclude(parsed, self._predictions([parsed], self._score([parsed]))[0])
            except Exception as exc:
                parsed.error = _internal(exc)
        return self._conclude(parsed, [])

    def _conclude(self, parsed: _Parsed, predictions: list) -> CodingResult:
        if parsed.error:
            return CodingResult(parsed.article, (), parsed.error)
        try:
            drafts = parsed.drafts
            if self.event_model is not None:
                by_start = dict(zip((s.start for s in parsed.sents), predictions))
                drafts = judge(parsed.article, parsed.doc, parsed.actors, drafts, by_start)
            floor = self.options.min_confidence
            return CodingResult(parsed.article, tuple(self._finish(parsed.doc, parsed.actors, event)
                                                      for event in drafts if event.confidence >= floor))
        except Exception as exc:
            return CodingResult(parsed.article, (), _internal(exc))

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


def _internal(exc: Exception) -> str:
    """A bug must cost one article, not the corpus; it is reported with its name."""
    return f"internal error while coding ({type(exc).__name__}: {exc}); please report it with this input"


def event_id(event: Event) -> str:
    """Stable: the same article text coded the same way gives the same id."""
    key = "|".join([event.article.id, str(event.sentence.index), str(event.trigger_offset), event.cameo,
                    event.source.code, event.target.code if event.target else "-"])
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]
