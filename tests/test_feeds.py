"""Feeds and URLs, against a real HTTP server on 127.0.0.1 (no mocks of the network)."""
import datetime as dt
import http.server
import threading
import time
from typing import NamedTuple

import pytest

from tidings.config import Options
from tidings.errors import InputError
from tidings.feeds import (USER_AGENT, FeedItem, articles_from_feed, articles_from_url, fetch, is_url,
                           looks_like_feed, parse_feed)
from tidings.records import Article

OPTIONS = Options()

ATHENS_TEXT = (
    "Turkish and Greek foreign ministers met in Athens on Monday to ease tensions over maritime borders in the "
    "Aegean Sea. The two ministers agreed to resume exploratory talks next month and to reopen a hotline "
    "between their defence ministries. Greek officials said the meeting was cordial, and the Turkish minister "
    "invited his counterpart to visit Ankara before the summer."
)
SEOUL_TEXT = (
    "Japan and South Korea agreed on Tuesday to restart regular security talks that were suspended two years "
    "ago. The agreement was announced in Seoul after a meeting between the two defence ministers, who said "
    "they would share more information about missile launches and hold a joint search and rescue exercise "
    "in the autumn. Officials in Tokyo welcomed the decision."
)
LISBON_TEXT = (
    "Portugal and Brazil signed a new agreement on higher education in Lisbon on Wednesday. The deal lets "
    "students from both countries transfer their course credits, and the two governments promised to fund "
    "two hundred joint research grants over the next three years, the Portuguese education minister said."
)


def page(title: str, text: str, head: str = "") -> bytes:
    paragraphs = "".join(f"<p>{sentence.strip()}.</p>" for sentence in text.split(". ") if sentence.strip())
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title}</title>{head}</head><body>"
            f"<nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
            f"<article>{paragraphs}</article>"
            f"<footer>Contact us</footer></body></html>").replace("..<", ".<").encode("utf-8")


def rss(base: str, *, first: str = "/news/athens", second: str = "/news/seoul") -> bytes:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel>
    <title>Aegean Wire</title>
    <link>{base}/</link>
    <description>World news</description>
    <item>
      <title>Turkey and Greece agree to resume talks</title>
      <link>{base}{first}</link>
      <guid isPermaLink="false">aegean-1001</guid>
      <pubDate>Mon, 04 Mar 2024 09:30:00 +0000</pubDate>
      <description>&lt;p&gt;The foreign ministers met in &lt;b&gt;Athens&lt;/b&gt; on Monday.&lt;/p&gt;</description>
    </item>
    <item>
      <title>Japan and South Korea restart security talks</title>
      <link>{base}{second}</link>
      <pubDate>Tue, 05 Mar 2024 06:00:00 +0900</pubDate>
      <description>Defence ministers met in Seoul on Tuesday.</description>
    </item>
  </channel>
</rss>""".encode("utf-8")


ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title type="text">Lusophone Report</title>
  <id>urn:uuid:6e8bc430-9c3a-11d9-9669-0800200c9a66</id>
  <updated>2024-03-06T12:00:00Z</updated>
  <entry>
    <title type="html">Portugal &amp;amp; Brazil sign education deal</title>
    <link rel="alternate" type="text/html" href="/stories/lisbon"/>
    <link rel="enclosure" href="/media/lisbon.jpg"/>
    <id>tag:example.org,2024:lisbon</id>
    <published>2024-03-06T10:15:00+00:00</published>
    <updated>2024-03-07T08:00:00Z</updated>
    <summary type="html">&lt;p&gt;Portugal and Brazil signed an education agreement in Lisbon on Wednesday.&lt;/p&gt;</summary>
  </entry>
  <entry>
    <title>Chile and Argentina open a border crossing</title>
    <link href="https://example.org/stories/andes"/>
    <id>tag:example.org,2024:andes</id>
    <updated>2024-03-08T09:00:00Z</updated>
    <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Chile and Argentina opened a new
      border crossing in the Andes on Friday, the two interior ministers said.</p></div></content>
  </entry>
</feed>"""

RDF = b"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
         xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://example.org/rss"><title>Baltic Bulletin</title></channel>
  <item rdf:about="https://example.org/riga">
    <title>Latvia and Estonia sign a rail accord</title>
    <link>https://example.org/riga</link>
    <dc:date>2024-02-20T08:00:00Z</dc:date>
    <description>The transport ministers of Latvia and Estonia signed a rail accord in Riga.</description>
  </item>
</rdf:RDF>"""

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE rss [
  <!ENTITY lol "lol">
  <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<rss version="2.0"><channel><title>&lol3;</title></channel></rss>"""


class Route(NamedTuple):
    status: int
    content_type: str
    body: bytes
    delay: float = 0.0
    send_length: bool = True  # False: no Content-Length, the body ends when the connection closes


class Server:
    """A local HTTP server serving `routes` (path -> Route); `requests` records (path, User-Agent)."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[tuple[str, str]] = []
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                server.requests.append((self.path, self.headers.get("User-Agent", "")))
                route = server.routes.get(self.path, Route(404, "text/plain", b"not found"))
                time.sleep(route.delay)
                try:
                    self.send_response(route.status)
                    self.send_header("Content-Type", route.content_type)
                    if route.send_length:
                        self.send_header("Content-Length", str(len(route.body)))
                    self.end_headers()
                    self.wfile.write(route.body)
                except ConnectionError:
                    pass  # the client gave up (timeout, size limit): that is what some tests want

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.httpd.block_on_close = False  # do not wait for a handler still sleeping out its delay
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05},
                                       daemon=True)

    def url(self, path: str) -> str:
        return self.base + path


@pytest.fixture
def server():
    running = Server()
    running.thread.start()
    yield running
    running.httpd.shutdown()
    running.httpd.server_close()
    running.thread.join(timeout=5)


def serve_news(server: Server) -> None:
    server.routes["/news/athens"] = Route(200, "text/html; charset=utf-8", page("Ministers meet", ATHENS_TEXT))
    seoul_head = '<meta property="article:published_time" content="2024-03-05T08:00:00+09:00">'
    server.routes["/news/seoul"] = Route(200, "text/html", page("Talks restart", SEOUL_TEXT, seoul_head))
    server.routes["/feed.xml"] = Route(200, "application/rss+xml", rss(server.base))


def articles(items) -> list[Article]:
    return [item for item in items if isinstance(item, Article)]


def errors(items) -> list[InputError]:
    return [item for item in items if isinstance(item, InputError)]


# --- parsing -----------------------------------------------------------------------------------------------

def test_is_url():
    assert is_url("https://example.org/feed.xml") and is_url("http://127.0.0.1:8080/a")
    assert not is_url("feeds/world.xml") and not is_url("file:///etc/passwd") and not is_url("ftp://x.org/f")
    assert not is_url("http://") and not is_url("-")


def test_rss2_items():
    items = parse_feed(rss("https://wire.example"), "world.xml")
    assert [i.title for i in items] == ["Turkey and Greece agree to resume talks",
                                        "Japan and South Korea restart security talks"]
    assert [i.link for i in items] == ["https://wire.example/news/athens", "https://wire.example/news/seoul"]
    assert [i.published for i in items] == [dt.date(2024, 3, 4), dt.date(2024, 3, 5)]  # the date as written
    assert [i.id for i in items] == ["aegean-1001", None]
    assert items[0].summary == "The foreign ministers met in Athens on Monday."  # escaped HTML stripped
    assert {i.source for i in items} == {"Aegean Wire"}
    assert isinstance(items[0], FeedItem)


def test_atom_entries():
    first, second = parse_feed(ATOM, "lusophone.atom")
    assert first == FeedItem(title="Portugal & Brazil sign education deal", link="/stories/lisbon",
                             published=dt.date(2024, 3, 6),
                             summary="Portugal and Brazil signed an education agreement in Lisbon on Wednesday.",
                             id="tag:example.org,2024:lisbon", source="Lusophone Report")
    assert second.link == "https://example.org/stories/andes"  # a link without rel is the alternate link
    assert second.published == dt.date(2024, 3, 8)  # no <published>: <updated>
    assert second.summary.startswith("Chile and Argentina opened a new border crossing in the Andes")


def test_rss1_items():
    [item] = parse_feed(RDF, "baltic.rdf")
    assert (item.title, item.link, item.id, item.published, item.source) == (
        "Latvia and Estonia sign a rail accord", "https://example.org/riga", "https://example.org/riga",
        dt.date(2024, 2, 20), "Baltic Bulletin")


def test_looks_like_feed():
    assert looks_like_feed(rss("https://x.example")) and looks_like_feed(ATOM) and looks_like_feed(RDF)
    assert looks_like_feed(b"\xef\xbb\xbf<!-- generated --><rss version='2.0'><channel/></rss>")
    assert not looks_like_feed(page("Ministers meet", ATHENS_TEXT))
    assert not looks_like_feed(b"<feed><entry/></feed>")  # not the Atom namespace
    assert not looks_like_feed(b"Turkey and Greece agreed to resume talks.")


@pytest.mark.parametrize("data, reason", [
    (b"Turkey and Greece agreed to resume talks on Monday.", "syntax error"),
    (b"<rss version='2.0'><channel><title>Cut off", "no element found"),
    (b"<html><body><p>Hello</p></body></html>", "root element is <html>"),
    (b"", "empty"),
])
def test_broken_feed_is_an_input_error_naming_it(data, reason):
    with pytest.raises(InputError) as caught:
        parse_feed(data, "feeds/world.xml")
    assert caught.value.subject == "feeds/world.xml"
    assert "is not a valid RSS or Atom feed" in caught.value.problem and reason in caught.value.problem
    [error] = articles_from_feed(data, "feeds/world.xml", options=OPTIONS)  # yielded, not raised
    assert isinstance(error, InputError) and error.subject == "feeds/world.xml"


def test_entity_declarations_are_refused():
    with pytest.raises(InputError, match="declares XML entities"):
        parse_feed(BILLION_LAUGHS, "laughs.xml")
    utf16 = BILLION_LAUGHS.replace(b'version="1.0"', b'version="1.0" encoding="UTF-16"').decode().encode("utf-16")
    with pytest.raises(InputError, match="declares XML entities"):  # not fooled by another encoding
        parse_feed(utf16, "laughs16.xml")


# --- fetching ------------------------------------------------------------------------------------------------

def test_fetch_returns_body_and_content_type_and_sends_user_agent(server):
    server.routes["/a"] = Route(200, "text/html; charset=utf-8", b"<html>hello</html>")
    assert fetch(server.url("/a")) == (b"<html>hello</html>", "text/html; charset=utf-8")
    assert server.requests == [("/a", USER_AGENT)]


def test_fetch_timeout(server):
    server.routes["/slow"] = Route(200, "text/html", page("Ministers meet", ATHENS_TEXT), delay=2.0)
    started = time.monotonic()
    with pytest.raises(InputError) as caught:
        fetch(server.url("/slow"), timeout=0.5)
    assert time.monotonic() - started < 1.8
    assert caught.value.subject == server.url("/slow") and "timed out" in caught.value.problem
    assert server.url("/slow") in str(caught.value)


@pytest.mark.parametrize("send_length", [True, False])
def test_fetch_over_the_size_limit(server, send_length):
    server.routes["/big"] = Route(200, "text/html", b"<p>" + b"x" * 5000 + b"</p>", send_length=send_length)
    with pytest.raises(InputError, match="over the 0.001 MB limit") as caught:
        fetch(server.url("/big"), max_bytes=1000)
    assert caught.value.subject == server.url("/big")
    assert len(fetch(server.url("/big"), max_bytes=5007)[0]) == 5007  # exactly at the limit is fine


def test_fetch_errors_name_the_url(server):
    server.routes["/gone"] = Route(410, "text/plain", b"gone")
    with pytest.raises(InputError, match="HTTP error 410") as caught:
        fetch(server.url("/gone"))
    assert caught.value.subject == server.url("/gone")
    closed = server.base.rsplit(":", 1)[0] + ":1"  # nothing listens on port 1
    with pytest.raises(InputError, match="connection refused|cannot be fetched") as caught:
        fetch(closed + "/x", timeout=2)
    assert caught.value.subject == closed + "/x"
    for bad in ("file:///etc/passwd", "not a url"):
        with pytest.raises(InputError, match="is not an http\\(s\\) URL"):
            fetch(bad)


# --- articles --------------------------------------------------------------------------------------------

def test_feed_items_are_fetched_and_extracted(server):
    serve_news(server)
    first, second = articles_from_feed(rss(server.base), "world.xml", options=OPTIONS)
    assert isinstance(first, Article) and isinstance(second, Article)
    assert first.text.startswith("Turkish and Greek foreign ministers met in Athens on Monday")
    assert "invited his counterpart to visit Ankara" in first.text
    assert second.text.startswith("Japan and South Korea agreed on Tuesday to restart regular security talks")
    assert first.published == dt.date(2024, 3, 4)  # the page gives no date: the item's pubDate
    assert second.published == dt.date(2024, 3, 5)  # the page's own date
    assert (first.id, first.title, first.source, first.url) == (
        "aegean-1001", "Turkey and Greece agree to resume talks", "Aegean Wire", server.url("/news/athens"))
    assert (second.id, second.source, second.url) == (server.url("/news/seoul"), "Aegean Wire",
                                                      server.url("/news/seoul"))
    assert "Home" not in first.text and "Contact us" not in first.text
    assert [path for path, _ in server.requests] == ["/news/athens", "/news/seoul"]


def test_page_date_wins_over_the_feed_date(server):
    serve_news(server)
    head = '<meta property="article:published_time" content="2024-03-02T08:00:00Z">'
    server.routes["/news/athens"] = Route(200, "text/html", page("Ministers meet", ATHENS_TEXT, head))
    first, _ = articles_from_feed(rss(server.base), "world.xml", options=OPTIONS)
    assert first.published == dt.date(2024, 3, 2)


def test_a_dead_link_is_yielded_as_an_error_and_the_feed_goes_on(server):
    serve_news(server)
    items = list(articles_from_feed(rss(server.base, first="/news/missing"), "world.xml", options=OPTIONS))
    [error] = errors(items)
    assert error.subject == server.url("/news/missing") and "404" in error.problem
    [article] = articles(items)
    assert article.url == server.url("/news/seoul") and article.text.startswith("Japan and South Korea")
    assert isinstance(items[0], InputError)  # feed order is kept


def test_a_slow_item_times_out_and_the_feed_goes_on(server):
    serve_news(server)
    server.routes["/news/athens"] = server.routes["/news/athens"]._replace(delay=2.0)
    items = list(articles_from_feed(rss(server.base), "world.xml", options=OPTIONS, timeout=0.5))
    [error] = errors(items)
    assert error.subject == server.url("/news/athens") and "timed out" in error.problem
    assert [a.url for a in articles(items)] == [server.url("/news/seoul")]


def test_an_item_page_over_the_limit_is_an_error(server):
    serve_news(server)
    items = list(articles_from_feed(rss(server.base), "world.xml", options=OPTIONS, max_bytes=300))
    assert [e.subject for e in errors(items)] == [server.url("/news/athens"), server.url("/news/seoul")]
    assert all("MB limit" in e.problem for e in errors(items))


def test_an_item_page_with_no_article_is_an_error(server):
    serve_news(server)
    server.routes["/news/athens"] = Route(200, "text/html", b"<html><body><form><input></form></body></html>")
    server.routes["/news/seoul"] = Route(200, "application/pdf", b"%PDF-1.7 binary")
    first, second = articles_from_feed(rss(server.base), "world.xml", options=OPTIONS)
    assert first.subject == server.url("/news/athens") and "no article text" in first.problem
    assert second.subject == server.url("/news/seoul") and "application/pdf" in second.problem


def test_without_fetching_the_item_text_is_the_article():
    first, second = articles_from_feed(rss("https://wire.example"), "world.xml", options=OPTIONS,
                                       fetch_articles=False)
    assert first.text == ("Turkey and Greece agree to resume talks\n\n"
                          "The foreign ministers met in Athens on Monday.")
    assert (first.id, first.url, first.source, first.published) == (
        "aegean-1001", "https://wire.example/news/athens", "Aegean Wire", dt.date(2024, 3, 4))
    assert second.id == "https://wire.example/news/seoul"


def test_articles_from_url_on_a_page(server):
    server.routes["/news/athens"] = Route(200, "text/html", page("Ministers meet", ATHENS_TEXT))
    [article] = articles_from_url(server.url("/news/athens"), options=OPTIONS, published=dt.date(2024, 3, 4))
    assert article.url == article.id == server.url("/news/athens")
    assert article.text.startswith("Turkish and Greek foreign ministers") and article.title == "Ministers meet"
    assert article.published == dt.date(2024, 3, 4)


def test_articles_from_url_decodes_the_declared_charset(server):
    text = ATHENS_TEXT.replace("Greek officials", "Greek officials in Thessaloníki")
    body = page("Ministers meet", text).replace(b"charset='utf-8'", b"").decode().encode("cp1252")
    server.routes["/latin"] = Route(200, "text/html; charset=windows-1252", body)
    [article] = articles_from_url(server.url("/latin"), options=OPTIONS)
    assert "Thessaloníki" in article.text


def test_articles_from_url_on_a_feed(server):
    serve_news(server)
    items = list(articles_from_url(server.url("/feed.xml"), options=OPTIONS))
    assert [a.url for a in articles(items)] == [server.url("/news/athens"), server.url("/news/seoul")]
    assert {a.source for a in items} == {"Aegean Wire"}


def test_relative_atom_links_resolve_against_the_feed_url(server):
    atom = ATOM.replace(b"https://example.org/stories/andes", server.url("/stories/andes").encode())
    server.routes["/lusophone.atom"] = Route(200, "application/atom+xml", atom)
    server.routes["/stories/lisbon"] = Route(200, "text/html", page("Education deal", LISBON_TEXT))
    first, second = articles_from_url(server.url("/lusophone.atom"), options=OPTIONS)
    assert first.url == server.url("/stories/lisbon") and first.text.startswith("Portugal and Brazil signed")
    assert (first.id, first.source, first.published) == (
        "tag:example.org,2024:lisbon", "Lusophone Report", dt.date(2024, 3, 6))
    assert isinstance(second, InputError) and second.subject == server.url("/stories/andes")  # not served


def test_articles_from_url_yields_its_own_errors(server):
    [error] = articles_from_url(server.url("/nowhere"), options=OPTIONS)
    assert isinstance(error, InputError) and error.subject == server.url("/nowhere") and "404" in error.problem
    server.routes["/broken.xml"] = Route(200, "application/rss+xml", b"<rss version='2.0'><channel><item>")
    [error] = articles_from_url(server.url("/broken.xml"), options=OPTIONS)
    assert error.subject == server.url("/broken.xml") and "not a valid RSS or Atom feed" in error.problem


def test_an_empty_feed_says_so():
    [error] = articles_from_feed(b"<rss version='2.0'><channel><title>Quiet</title></channel></rss>", "q.xml",
                                 options=OPTIONS)
    assert error.subject == "q.xml" and "no items" in error.problem


def test_ingest_a_feed_url_end_to_end(server, tmp_path, coder):
    """`tidings ingest URL --db`: the feed's pages are fetched, coded and stored; a dead URL is recorded."""
    import tidings
    from tidings.ingest import ingest

    serve_news(server)
    db = tmp_path / "feed.duckdb"
    summary = ingest([server.url("/feed.xml"), server.url("/missing")], db=db, coder=coder, progress=None)
    assert summary.articles == 2
    with tidings.open(db, read_only=True) as store:
        urls = set(store.query("SELECT url FROM articles")["url"])
        errors_table = store.errors()
    assert urls == {server.url("/news/athens"), server.url("/news/seoul")}
    assert list(errors_table["input"]) == [server.url("/missing")]
    assert ingest([server.url("/feed.xml")], db=db, coder=coder, progress=None).duplicates == 2
