"""The Coder as a library: batching, stable ids, golden output on the bundled examples."""
import json
import os

import pytest

from tidings.clean import iter_articles
from conftest import ROOT

GOLDEN = ROOT / "tests" / "golden" / "examples.jsonl"


def summary(event) -> dict:
    return {k: event.to_dict()[k] for k in ("id", "cameo", "date", "date_precision", "modality", "historical")} | {
        "source": event.source.code, "target": event.target.code if event.target else None,
        "place": event.place.name if event.place else None, "sentence": event.sentence.index,
        "article": event.article.id}


def test_code_articles_keeps_order_and_matches_single_coding(coder):
    articles = list(iter_articles([str(ROOT / "examples")]))
    batched = list(coder.code_articles(articles))
    assert [r.article.id for r in batched] == [a.id for a in articles]
    single = coder.code_article(articles[0])
    assert [e.id for e in single.events] == [e.id for e in batched[0].events]


def test_an_article_is_coded_the_same_whatever_is_coded_with_it(coder):
    """The model's answer for a sentence must not depend on the other sentences scored beside it."""
    articles = list(iter_articles([str(ROOT / "examples")]))
    together = {r.article.id: [e.id for e in r.events] for r in coder.code_articles(articles)}
    reversed_ = {r.article.id: [e.id for e in r.events] for r in coder.code_articles(articles[::-1])}
    alone = {a.id: [e.id for e in coder.code_article(a).events] for a in articles}
    assert together == reversed_ == alone


def test_the_prefilter_changes_no_event_of_the_examples(coder):
    from tidings import Coder
    articles = list(iter_articles([str(ROOT / "examples")]))
    unfiltered = Coder(options=coder.options.replace(prefilter=False))
    def coded(c):
        return [(e.cameo, e.source.code, e.target.code if e.target else None, e.trigger_offset)
                for r in c.code_articles(articles) for e in r.events]
    assert coded(coder) == coded(unfiltered)


def test_golden_examples(coder):
    """The bundled examples' events. Set UPDATE_GOLDEN=1 to rewrite after a deliberate change."""
    articles = list(iter_articles([str(ROOT / "examples")]))
    got = [summary(e) for r in coder.code_articles(articles) for e in r.events]
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text("".join(json.dumps(g) + "\n" for g in got))
    expected = [json.loads(line) for line in GOLDEN.read_text().splitlines()]
    assert got == expected


def test_boilerplate_of_a_saved_page_codes_nothing(coder):
    [article] = iter_articles([str(ROOT / "examples" / "aleppo_aid.html")])
    events = coder.code_article(article).events
    lowered = article.text.lower()
    assert "related" not in lowered and "rights reserved" not in lowered
    assert all("donat" not in e.sentence.text.lower() for e in events)


def test_page_that_is_only_boilerplate_yields_no_actor_and_no_event(coder, tmp_path):
    page = tmp_path / "page.html"
    page.write_text("""<html><head><title>Example News</title></head><body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/subscribe">Subscribe</a></nav>
<article><h1>Our readers' favourite recipes of the year</h1>
<p>We asked our readers to send in the dishes they cooked most often this year, and hundreds of you replied.</p>
<p>The most popular was a simple lentil soup, followed by a tray of roasted vegetables with herbs.</p></article>
<aside><h3>Related posts</h3><ul><li>Five things to know about winter heating costs</li></ul></aside>
<div>Support our journalism: donate today</div><footer>© 2024 Example News Ltd. All rights reserved.</footer>
</body></html>""")
    [article] = iter_articles([str(page)])
    assert "recipes" in article.text.lower() and "related" not in article.text.lower()
    assert coder.mentions(article) == []
    assert coder.code_article(article).events == ()


def test_boilerplate_of_the_example_page_holds_no_actor(coder):
    """Every actor found in the saved page comes from the story's own paragraphs."""
    [article] = iter_articles([str(ROOT / "examples" / "aleppo_aid.html")])
    html = (ROOT / "examples" / "aleppo_aid.html").read_text()
    story = html.split("<article", 1)[1].split("</article>", 1)[0]
    for mention in coder.mentions(article):
        assert mention.actor.name.split()[0] in story, mention


@pytest.mark.parametrize("which", ["coder", "model_coder"])
def test_a_failing_article_is_reported_and_the_rest_still_coded(which, request, monkeypatch):
    from tidings.clean import article_from_text
    coder = request.getfixturevalue(which)  # with and without the learned model
    original = coder._finish

    def flaky(doc, actors, event):
        if event.article.origin == "first.txt":
            raise RuntimeError("boom")
        return original(doc, actors, event)

    monkeypatch.setattr(coder, "_finish", flaky)
    articles = [article_from_text("Turkey condemned Russia on Monday.", origin="first.txt"),
                article_from_text("Iran condemned Israel on Monday.", origin="second.txt")]
    first, second = coder.code_articles(articles)
    assert "RuntimeError: boom" in first.error and first.events == ()
    assert second.error is None and second.events[0].source.code == "IRN"


def test_model_thread_gives_the_same_events_as_coding_one_by_one(model_coder, monkeypatch):
    """The parser and the model overlap in code_articles; small chunks force many hand-offs."""
    import tidings.pipeline
    monkeypatch.setattr(tidings.pipeline, "CHUNK_SENTENCES", 2)
    monkeypatch.setattr(tidings.pipeline, "IN_FLIGHT", 1)
    articles = list(iter_articles([str(ROOT / "examples")]))
    batched = list(model_coder.code_articles(articles))
    assert [r.article.id for r in batched] == [a.id for a in articles]
    assert sum(len(r.events) for r in batched) > 0
    for article, result in zip(articles, batched):
        assert [e.id for e in model_coder.code_article(article).events] == [e.id for e in result.events]


def test_a_model_failure_costs_only_the_articles_it_was_scoring(model_coder, monkeypatch):
    from tidings.clean import article_from_text
    original = model_coder.event_model.score

    def flaky(texts):
        if any("Greece" in t for t in texts):
            raise RuntimeError("model broke")
        return original(texts)

    monkeypatch.setattr(model_coder.event_model, "score", flaky)
    articles = [article_from_text("Turkey condemned Russia on Monday."),
                article_from_text("Greece condemned Turkey on Monday."),
                article_from_text("Iran condemned Israel on Monday.")]
    results = list(model_coder.code_articles(articles))
    assert [r.article.id for r in results] == [a.id for a in articles]
    assert "RuntimeError: model broke" in results[1].error
    assert results[2].error is None and results[2].events[0].source.code == "IRN"
