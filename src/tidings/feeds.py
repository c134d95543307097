"""Web inputs: RSS and Atom feeds (a local file's bytes or an http(s) URL) and article URLs.

A feed is parsed into FeedItem values; each item becomes one Article, either from its linked page
(fetched and extracted with the same trafilatura path as HTML files in clean.py) or from the item's own
title and summary. Problems with one item (a dead link, a page with no article) are yielded as
InputError values so a caller can record them and go on with the rest of the feed.

Only the standard library is used for the network (urllib) and XML (xml.etree). defusedxml is not
available, so documents that declare entities are refused before they are parsed.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import email.utils
import http.client
import re
import time
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
import xml.parsers.expat
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser

from . import clean
from .config import Options
from .errors import InputError
from .records import Article

USER_AGENT = "tidings/0.1 (+https://example.org/tidings)"
DEFAULT_TIMEOUT = 20.0
DEFAULT_MAX_BYTES = 20_000_000
_ACCEPT = ("text/html, application/xhtml+xml, application/rss+xml, application/atom+xml, application/xml;q=0.9, "
           "*/*;q=0.5")
_CHUNK = 65536
_ATOM = "http://www.w3.org/2005/Atom"
_RSS1 = "http://purl.org/rss/1.0/"
_CONTENT = "http://purl.org/rss/1.0/modules/content/"
_DC = "http://purl.org/dc/elements/1.1/"
# How far into a document the root element is looked for: prologs (XML declaration, comments, a doctype)
# are short, and sniffing must not scan a 20 MB page.
_SNIFF_BYTES = 4096
_COMMENT = re.compile(rb"<!--.*?-->", re.DOTALL)
_FIRST_TAG = re.compile(rb"<([A-Za-z_][\w.:-]*)([^>]*)>")
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)
_SPACES = re.compile(r"\s+")
_BLOCK_TAGS = frozenset("p br div li ul ol h1 h2 h3 h4 h5 h6 blockquote tr table section article".split())


@dataclass(frozen=True, slots=True)
class FeedItem:
    """One RSS item or Atom entry, as the feed gives it (HTML already stripped from the texts)."""

    title: str | None
    link: str | None
    published: dt.date | None
    summary: str
    id: str | None
    source: str | None = None  # the feed's own <title>


# --- fetching ------------------------------------------------------------------------------------------

def is_url(name: str) -> bool:
    """True for an http(s) URL with a host; other schemes (file:, ftp:) are never fetched."""
    try:
        parts = urllib.parse.urlsplit(name.strip())
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)


def fetch(url: str, *, timeout: float = DEFAULT_TIMEOUT, max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[bytes, str]:
    """GET a URL: (body, content type). Every failure is an InputError naming the URL."""
    if not is_url(url):
        raise InputError(url, "is not an http(s) URL")
    try:
        request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": _ACCEPT})
        with urllib.request.urlopen(request, timeout=timeout) as response:
            _check_length(response, url, max_bytes)
            body = _read_limited(response, url, timeout=timeout, max_bytes=max_bytes)
            return body, response.headers.get("Content-Type", "")
    except InputError:
        raise
    except urllib.error.HTTPError as exc:
        exc.close()  # it holds the open response
        raise InputError(url, f"HTTP error {exc.code} {exc.reason}".rstrip()) from None
    except urllib.error.URLError as exc:
        raise InputError(url, _network_reason(exc.reason, timeout)) from None
    except (OSError, http.client.HTTPException, ValueError) as exc:
        raise InputError(url, _network_reason(exc, timeout)) from None


def _check_length(response, url: str, max_bytes: int) -> None:
    # Refuse a declared oversize body before reading any of it.
    declared = response.headers.get("Content-Length", "")
    if declared.strip().isdigit() and int(declared) > max_bytes:
        raise _too_large(url, max_bytes)


def _read_limited(response, url: str, *, timeout: float, max_bytes: int) -> bytes:
    """Read at most max_bytes + 1 bytes, within an overall deadline.

    The socket timeout only bounds each read, so a server trickling a byte at a time would never time out;
    the deadline bounds the whole body.
    """
    deadline = time.monotonic() + timeout
    chunks, size = [], 0
    while size <= max_bytes:
        chunk = response.read1(min(_CHUNK, max_bytes + 1 - size))
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        size += len(chunk)
        if time.monotonic() > deadline and size <= max_bytes:
            raise InputError(url, f"timed out after {timeout:g} s")
    raise _too_large(url, max_bytes)


def _too_large(url: str, max_bytes: int) -> InputError:
    return InputError(url, f"is over the {max_bytes / 1e6:g} MB limit for one input", "raise max_input_bytes")


def _network_reason(reason, timeout: float) -> str:
    """One line for a network failure: timeouts and refused connections read as such."""
    if isinstance(reason, TimeoutError) or "timed out" in str(reason):
        return f"timed out after {timeout:g} s"
    if isinstance(reason, ConnectionRefusedError):
        return "connection refused"
    if isinstance(reason, OSError) and reason.strerror:
        return f"cannot be fetched: {reason.strerror}"
    text = str(reason).strip() or type(reason).__name__
    return f"cannot be fetched: {text.splitlines()[0]}"


# --- parsing ---------------------------------------------------------------------------------------------

def looks_like_feed(data: bytes) -> bool:
    """True when the document's root element is RSS (<rss>, RSS 1.0 <rdf:RDF>) or an Atom <feed>."""
    head = _COMMENT.sub(b"", data[:_SNIFF_BYTES].lstrip(b"\xef\xbb\xbf \t\r\n"))
    match = _FIRST_TAG.search(head)
    if not match:
        return False
    local = match.group(1).rpartition(b":")[2]
    attributes = match.group(2)
    if local == b"rss":
        return True
    if local == b"RDF":  # RDF is used for much besides feeds: require the RSS 1.0 namespace
        return _RSS1.encode() in attributes
    return local == b"feed" and _ATOM.encode() in attributes


def parse_feed(data: bytes, name: str) -> list[FeedItem]:
    """The items of an RSS 2.0, RSS 1.0 or Atom feed, in feed order."""
    root = _parse_xml(data, name)
    local = _local(root.tag)
    if local == "rss":
        channel = _child(root, "channel")
        if channel is None:
            raise _not_a_feed(name, "no <channel> element")
        return _rss_items(channel, list(channel), name)
    if local == "RDF":
        channel = _child(root, "channel")
        return _rss_items(channel, list(root), name)
    if local == "feed" and _namespace(root.tag) == _ATOM:
        return _atom_items(root, name)
    raise _not_a_feed(name, f"the root element is <{local}>")


def _not_a_feed(name: str, reason: str) -> InputError:
    return InputError(name, f"is not a valid RSS or Atom feed ({reason})")


def _parse_xml(data: bytes, name: str) -> ET.Element:
    # Entity declarations are how "billion laughs" and similar expansion attacks work; feeds never need
    # them, so a document that declares any is refused before anything expands.
    if re.search(rb"<!DOCTYPE", data, re.IGNORECASE) and re.search(rb"<!ENTITY", data, re.IGNORECASE):
        raise _not_a_feed(name, "it declares XML entities, which tidings refuses")
    if not data.strip():
        raise _not_a_feed(name, "it is empty")
    _refuse_entities(data, name)
    try:
        return ET.fromstring(data)
    except ET.ParseError as exc:
        raise _not_a_feed(name, str(exc)) from None


def _refuse_entities(data: bytes, name: str) -> None:
    """Check well-formedness with expat, refusing entity declarations in any encoding (UTF-16 too)."""
    def refuse(*_args):
        raise _not_a_feed(name, "it declares XML entities, which tidings refuses")

    parser = xml.parsers.expat.ParserCreate()
    parser.EntityDeclHandler = refuse
    parser.UnparsedEntityDeclHandler = refuse
    try:
        parser.Parse(data, True)
    except xml.parsers.expat.ExpatError as exc:
        raise _not_a_feed(name, str(exc)) from None


def _rss_items(channel: ET.Element | None, candidates: list[ET.Element], name: str) -> list[FeedItem]:
    # RSS 2.0 nests items in <channel>; RSS 1.0 puts them beside it, under <rdf:RDF>.
    source = _text(_child(channel, "title")) if channel is not None else None
    return [_rss_item(item, source) for item in candidates if _local(item.tag) == "item"]


def _rss_item(item: ET.Element, source: str | None) -> FeedItem:
    guid = _text(_child(item, "guid"))
    about = item.get("{http://www.w3.org/1999/02/22-rdf-syntax-ns#}about")
    body = _text(_child(item, "encoded", _CONTENT)) or _text(_child(item, "description"))
    published = _rfc822_date(_raw(_child(item, "pubDate"))) or _iso_date(_raw(_child(item, "date", _DC)))
    return FeedItem(title=_text(_child(item, "title")), link=_raw(_child(item, "link")),
                    published=published, summary=body or "", id=guid or about, source=source)


def _atom_items(feed: ET.Element, name: str) -> list[FeedItem]:
    source = _text(_child(feed, "title", _ATOM))
    return [_atom_item(entry, source) for entry in feed.findall(f"{{{_ATOM}}}entry")]


def _atom_item(entry: ET.Element, source: str | None) -> FeedItem:
    body = _text(_child(entry, "content", _ATOM)) or _text(_child(entry, "summary", _ATOM))
    published = (_iso_date(_raw(_child(entry, "published", _ATOM)))
                 or _iso_date(_raw(_child(entry, "updated", _ATOM))))
    return FeedItem(title=_text(_child(entry, "title", _ATOM)), link=_atom_link(entry), published=published,
                    summary=body or "", id=_raw(_child(entry, "id", _ATOM)), source=source)


def _atom_link(entry: ET.Element) -> str | None:
    """The entry's alternate link (the story page); a link with no rel is an alternate link."""
    links = entry.findall(f"{{{_ATOM}}}link")
    for link in links:
        if link.get("rel", "alternate") == "alternate" and link.get("href"):
            return link.get("href").strip()
    return None


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _namespace(tag: str) -> str:
    return tag[1:].partition("}")[0] if tag.startswith("{") else ""


def _child(parent: ET.Element | None, local: str, namespace: str | None = None) -> ET.Element | None:
    """The first child with this local name; without a namespace, any namespace (RSS 2.0 has none, 1.0 one)."""
    if parent is None:
        return None
    for child in parent:
        if isinstance(child.tag, str) and _local(child.tag) == local:
            if namespace is None or _namespace(child.tag) == namespace:
                return child
    return None


def _raw(element: ET.Element | None) -> str | None:
    value = "".join(element.itertext()).strip() if element is not None else ""
    return value or None


def _text(element: ET.Element | None) -> str | None:
    # Feed texts are often escaped HTML ("&lt;p&gt;"), or XHTML in Atom: both end up as plain text.
    if element is None:
        return None
    if len(element):  # XHTML markup: serialise it back so paragraphs stay paragraphs
        markup = (element.text or "") + "".join(ET.tostring(child, encoding="unicode") for child in element)
    else:
        markup = element.text or ""
    return strip_html(markup) or None


def _rfc822_date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return email.utils.parsedate_to_datetime(value).date()
    except (TypeError, ValueError, IndexError):
        return None  # a malformed feed date is dropped rather than failing the item


def _iso_date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.datetime.fromisoformat(value).date()
    except ValueError:
        pass
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


class _TextExtractor(HTMLParser):
    """Collects the text of an HTML fragment; block elements become line breaks, scripts are dropped."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        tag = tag.rpartition(":")[2]  # serialised XHTML carries a namespace prefix ("html:p")
        if tag in ("script", "style"):
            self._skip += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        tag = tag.rpartition(":")[2]
        if tag in ("script", "style"):
            self._skip = max(0, self._skip - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self._skip:  # in HTML a line break in the text is just a space; blocks make the lines
            self.parts.append(_SPACES.sub(" ", data))


def strip_html(fragment: str) -> str:
    """Plain text of an HTML fragment, one line per block, whitespace collapsed."""
    extractor = _TextExtractor()
    extractor.feed(fragment)
    extractor.close()
    lines = (" ".join(line.split()) for line in "".join(extractor.parts).splitlines())
    return "\n".join(line for line in lines if line)


# --- articles ----------------------------------------------------------------------------------------------

def articles_from_feed(data: bytes, name: str, *, options: Options, fetch_articles: bool = True,
                       published: dt.date | None = None, timeout: float = DEFAULT_TIMEOUT,
                       max_bytes: int | None = None) -> Iterator[Article | InputError]:
    """One Article per feed item, or the InputError for an item (or the whole feed) that fails.

    With fetch_articles, an item's linked page is fetched and its article extracted; otherwise (or when the
    item has no link) the item's title and summary are the text. `published` is the date of last resort,
    for items whose page and feed entry both give none. max_bytes defaults to options.max_input_bytes.
    """
    try:
        items = parse_feed(data, name)
    except InputError as exc:
        yield exc
        return
    if not items:
        yield InputError(name, "feed holds no items")
    for number, item in enumerate(items, start=1):
        item = _resolve_link(item, name)
        try:
            yield _item_article(item, f"{name} item {number}", options=options, fetch_articles=fetch_articles,
                                published=published, timeout=timeout, max_bytes=_limit(max_bytes, options))
        except InputError as exc:
            yield exc


def articles_from_url(url: str, *, options: Options, published: dt.date | None = None,
                      timeout: float = DEFAULT_TIMEOUT, max_bytes: int | None = None,
                      fetch_articles: bool = True) -> Iterator[Article | InputError]:
    """The article at a URL, or every item of the feed at it. `published` overrides the page's date."""
    limit = _limit(max_bytes, options)
    try:
        body, content_type = fetch(url, timeout=timeout, max_bytes=limit)
    except InputError as exc:
        yield exc
        return
    if looks_like_feed(body):
        yield from articles_from_feed(body, url, options=options, fetch_articles=fetch_articles,
                                      published=published, timeout=timeout, max_bytes=limit)
        return
    try:
        article = _page_article(body, content_type, url, published, options)
        yield dataclasses.replace(article, id=url, url=url)
    except InputError as exc:
        yield exc


def _limit(max_bytes: int | None, options: Options) -> int:
    return options.max_input_bytes if max_bytes is None else max_bytes


def _resolve_link(item: FeedItem, name: str) -> FeedItem:
    # Atom allows relative links; they are relative to the feed's own URL.
    if item.link and is_url(name) and not is_url(item.link):
        return dataclasses.replace(item, link=urllib.parse.urljoin(name, item.link))
    return item


def _item_article(item: FeedItem, origin: str, *, options: Options, fetch_articles: bool,
                  published: dt.date | None, timeout: float, max_bytes: int) -> Article:
    if fetch_articles and item.link:
        body, content_type = fetch(item.link, timeout=timeout, max_bytes=max_bytes)
        article = _page_article(body, content_type, item.link, None, options)
    else:
        article = _summary_article(item, origin, options)
    # The feed's metadata is what the publisher says about the item; the page's guesses only fill gaps.
    return dataclasses.replace(
        article, id=item.id or item.link or article.id, title=item.title or article.title,
        source=item.source or article.source, url=item.link or article.url,
        published=article.published or item.published or published)


def _summary_article(item: FeedItem, origin: str, options: Options) -> Article:
    text = "\n\n".join(part for part in (item.title, item.summary) if part)
    if not text.strip():
        raise InputError(item.link or origin, "feed item has no title or text to code")
    return clean.article_from_text(text, published=item.published, origin=item.link or origin, options=options)


def _page_article(body: bytes, content_type: str, url: str, published: dt.date | None,
                  options: Options) -> Article:
    _check_page(body, content_type, url)
    return clean._article_from_html(_decode_page(body, content_type), url, published, options)


def _check_page(body: bytes, content_type: str, url: str) -> None:
    # A PDF or an image behind a link would only give trafilatura garbage: say what it is instead.
    kind = content_type.partition(";")[0].strip().lower()
    if kind and not (kind.startswith("text/") or "html" in kind or "xml" in kind):
        raise InputError(url, f"is {kind}, not an HTML page or a feed")
    if not body.strip():
        raise InputError(url, "is empty")
    if b"\x00" in body[:8192]:
        raise InputError(url, "looks like a binary file, not a web page")


def _decode_page(body: bytes, content_type: str) -> str:
    """UTF-8 first (most of the web), then the declared charset, then latin-1, which decodes any bytes."""
    try:
        return body.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    match = _CHARSET.search(content_type)
    if match:
        try:
            return body.decode(match.group(1))
        except (LookupError, UnicodeDecodeError):
            pass
    return body.decode("latin-1")
