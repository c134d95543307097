import datetime as dt
import gzip
import json

import pytest

from tidings.clean import article_from_text, clean_text, iter_articles, usage_date
from tidings.config import Options
from tidings.errors import InputError, UsageError
from tidings.records import Article, SkippedInput
from conftest import ROOT


def read(*paths, **kw):
    return list(iter_articles([str(p) for p in paths], **kw))


def test_text_file(tmp_path):
    path = tmp_path / "story.txt"
    path.write_text("Turkish troops entered the town on Monday, officials said.", encoding="utf-8")
    [article] = read(path, published=dt.date(2022, 1, 5))
    assert article.published == dt.date(2022, 1, 5) and article.text.startswith("Turkish troops")


def test_jsonl_fields_and_gzip(tmp_path):
    record = {"id": "a1", "title": "T", "date": "2021-06-14", "source": "Wire", "url": "http://x", "text":
              "The minister said the talks with the delegation would resume on Friday."}
    path = tmp_path / "s.jsonl.gz"
    path.write_bytes(gzip.compress((json.dumps(record) + "\n").encode()))
    [article] = read(path)
    assert (article.id, article.title, article.source, article.url, article.published) == (
        "a1", "T", "Wire", "http://x", dt.date(2021, 6, 14))


def test_html_article_date_from_metadata_and_boilerplate_dropped():
    [article] = read(ROOT / "examples" / "aleppo_aid.html")
    assert article.published == dt.date(2023, 2, 10)
    lowered = article.text.lower()
    for junk in ("all rights reserved", "donate", "related posts", "newsletter", "cookies"):
        assert junk not in lowered


def test_directory_reads_known_kinds_in_order():
    items = read(ROOT / "examples")
    assert all(isinstance(i, Article) for i in items)
    assert len(items) == 7  # 2 text + 4 JSONL + 1 HTML; README.md is not an article


def test_boilerplate_lines_are_dropped():
    text = "Home\nTurkey and Russia signed a deal.\nSupport our journalism: donate today\n© 2024 Example Ltd"
    assert clean_text(text) == "Turkey and Russia signed a deal."


def test_gallery_captions_inside_a_paragraph_are_dropped():
    text = ("Turkey and Russia signed a deal on Monday. Photos: Photos: Putin in Ankara Putin in Ankara – Erdogan "
            "greets Putin at the airport on March 3. Hide Caption 1 of 9 Photos: Putin in Ankara Putin in Ankara "
            "– Troops parade outside the palace. Hide Caption 2 of 9 The deal covers gas.\nPhotos of the day")
    assert clean_text(text) == "Turkey and Russia signed a deal on Monday. The deal covers gas.\nPhotos of the day"


def test_ids_are_stable():
    one = article_from_text("Iran and Iraq signed a trade agreement on Monday.")
    two = article_from_text("Iran and Iraq signed a trade agreement on Monday.")
    assert one.id == two.id


@pytest.mark.parametrize("content, problem", [
    (b"", "is empty"),
    (b"   \n\n", "is empty"),
    (b"\x00\x01\x02binary\x00data", "binary"),
    (b"Caf\xe9 owners protested in Paris on Monday against the new tax", "not UTF-8"),
    ("Der Bundestag hat am Montag ein neues Gesetz zur Migration beschlossen, sagte die Regierung in Berlin."
     .encode(), "not look like English"),
])
def test_bad_text_inputs_name_the_file(tmp_path, content, problem):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(InputError) as info:
        read(path)
    assert str(path) in info.value.message and problem in info.value.message


def test_html_without_article(tmp_path):
    path = tmp_path / "index.html"
    path.write_text("<html><body><nav><a href='/'>Home</a></nav><form><input name=q></form></body></html>")
    with pytest.raises(InputError, match="no article text"):
        read(path)


def test_oversized_file(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes(b"word " * 12_000)
    with pytest.raises(InputError, match="over the"):
        read(path, options=Options(max_input_bytes=50_000))


def test_jsonl_bad_lines_named_by_line(tmp_path):
    path = tmp_path / "s.jsonl"
    path.write_text('{"text": "Russia and Turkey signed a deal on Monday in Moscow."}\nnot json\n{"title": "x"}\n')
    with pytest.raises(InputError, match="line 2: is not valid JSON"):
        read(path)
    items = read(path, skip_errors=True)
    assert isinstance(items[0], Article)
    assert [i.name for i in items[1:]] == [f"{path} line 2", f"{path} line 3"]
    assert "no 'text' field" in items[2].reason


def test_missing_file_and_impossible_date(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read(tmp_path / "nope.txt")
    with pytest.raises(UsageError, match="--date"):
        usage_date("2021-02-30")
    items = read(tmp_path / "nope.txt", skip_errors=True)
    assert isinstance(items[0], SkippedInput)


def test_header_takes_any_unambiguous_date_and_date_option_wins(tmp_path):
    from tidings.clean import iter_articles
    path = tmp_path / "seed.txt"
    path.write_text("Date: 30 September 2021\n\nRussian President Vladimir Putin met Recep Tayyip Erdogan.\n")
    [article] = iter_articles([str(path)])
    assert str(article.published) == "2021-09-30"
    import datetime as dt
    [article] = iter_articles([str(path)], published=dt.date(2021, 10, 1))
    assert str(article.published) == "2021-10-01"


@pytest.mark.parametrize("line, cleaned", [
    ("Sen. Ann Roe Ann Mary RoeVoters weigh tax plan Senate stalls on bill MORE (D-Ore.) said talks failed.",
     "Sen. Ann Roe (D-Ore.) said talks failed."),
    ("President Dan Pike Daniel James PikePike hosts summit MORE and first lady Jo Pike Joanna PikeSchool visit "
     "MORE arrived.", "President Dan Pike and first lady Jo Pike arrived."),
    ("Reps. Jo Kay (Texas) and Jon DewJon DewHouse votes on bill MORE (Colo.) spoke.",
     "Reps. Jo Kay (Texas) and Jon Dew (Colo.) spoke."),
    ("Leader Bo McAdam Robert (Bo) James McAdamNew plan fails MORE said no.", "Leader Bo McAdam said no."),
    ("The MacArthur fund said MORE money is needed.", "The MacArthur fund said MORE money is needed."),
])
def test_link_cards_run_into_the_text_are_dropped(line, cleaned):
    assert clean_text(line) == cleaned
