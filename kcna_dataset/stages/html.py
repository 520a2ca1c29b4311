"""kcna.kp pages, both layouts, read with a kept HTML parser (lxml): article pages to article fields, list
pages to their items, the /en menu to its categories.

The site cannot be reached from the machine this was written on: every selector below comes from public
scrapers' notes (issue 21) and is checked against the small pages of tests/fixtures/kcna_kp_html/. When the
site changes, correct the constant that names the part that moved (docs/collect.md, "When the site
changes"); the parsing code should not need to change. Selectors are XPath 1.0 (lxml has no CSS engine
without an extra package); `_has_class` spells CSS's `.name`.

Text is taken as the site means it: the text nodes of an element are joined first, then whitespace is
collapsed. Stripping each node on its own glues the leader's name, which the site wraps in
`<nobr><span class='fSpecCs'>`: "Comrade\\n<nobr>Kim Jong Un</nobr>\\nmet" must read "Comrade Kim Jong Un
met", not "ComradeKim Jong Unmet". Regular expressions read dates and addresses in text, never the HTML.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from urllib.parse import urljoin, urlsplit

import lxml.html
from lxml import etree


def _has_class(name: str) -> str:
    """XPath test for CSS's `.name` (one of the element's classes)."""
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


# -- the new layout (since mid-2026) ---------------------------------------------------------------------
NEW_LIST_ITEM = f"//div[{_has_class('article')}]/h5[{_has_class('block')}]/a[@href]"
"""A list item: `div.article > h5.block > a`; its date is a <nobr> of the item matching LIST_DATE."""
NEW_LIST_ITEM_NOBR = "ancestor::div[1]//nobr"
"""Where a list item's date is looked for, from its <a>: every <nobr> of the item (titles hold <nobr> names too)."""
NEW_ARTICLE_BODY = f"//main//article//*[{_has_class('container')}]"
"""The article's container: its direct <p> children are the body (nested captions are not)."""
NEW_ARTICLE_PARAGRAPHS = "./p"
NEW_ARTICLE_TITLE = "//h1"
"""The first non-empty <h1> (an empty second <h1> is noise); else the <title> after TITLE_PREFIX."""
TITLE_PREFIX = "KCNA | "
PAGE_TITLE = "//head/title"
CSRF_INPUT = "//input[@name='_csrf']/@value"
"""The hidden input a POST for list pages 2.. sends back (with the JSESSIONID cookie of page 1)."""
MENU_LINKS = "//a[@href]"
"""Every link of /<lang>: those whose address matches CATEGORY_PATH are the categories (deduped by href)."""

# -- the old layout (until mid-2026: saved pages and archive captures) -------------------------------------
OLD_LIST_ITEM = f"//ul[{_has_class('article-link')}]/li//a[@href]"
OLD_LIST_ITEM_DATE = f"ancestor::li[1]//span[{_has_class('publish-time')}]"
OLD_ARTICLE_TITLE = f"//div[{_has_class('article-main-title')}]"
OLD_ARTICLE_PARAGRAPHS = f"//div[{_has_class('article-content-body')}]//*[{_has_class('content-wrapper')}]//p"
OLD_ARTICLE_DATE = f"//span[{_has_class('publish-time')}]"

# -- addresses and dates (text, not HTML) ------------------------------------------------------------------
CATEGORY_PATH = re.compile(r"^/(?P<lang>[a-z]{2})/(?P<kind>article|gallery|video)/list/(?P<id>[0-9a-f]{32})/?$")
NEW_ARTICLE_PATH = re.compile(r"^/(?P<lang>[a-z]{2})/(?:article|gallery|video)/detail/(?P<id>[0-9a-f]{32})/?$")
OLD_ARTICLE_PATH = re.compile(r"^/(?P<lang>[a-z]{2})/article/q/(?P<id>[0-9a-f]{32})\.kcmsf$")
DATE = re.compile(r"(?:Juche\s*(?P<juche>\d{1,3})|(?P<year>\d{4}))\.(?P<month>\d{1,2})\.(?P<day>\d{1,2})\.?")
"""`[2026.9.8.]`, `(2025.12.14.)`, `Juche113.3.9.`: not zero-padded; the Gregorian year is Juche + 1911."""
LIST_DATE = re.compile(r"^\s*[\[(]\s*" + DATE.pattern + r"\s*[\])]\s*$")
"""A list item's date <nobr>, whole: `[2026.9.8.]` (a name in a <nobr> never matches)."""
LIST_DATE_SUFFIX = re.compile(r"\s*[\[(]\s*(?:Juche\s*\d{1,3}|\d{4})\.\d{1,2}\.\d{1,2}\.?\s*[\])]\s*$")
"""A date at the end of a title ('... Ceremony [2026.9.8.]'): metadata, not the title."""
DATELINE = re.compile(r"^\s*[A-Z][A-Za-z.' -]{1,40},?\s+(?P<month>[A-Z][a-z]{2,8})\.?\s+(?P<day>\d{1,2})\s*\(")
"""'Pyongyang, September 8 (KCNA) --': month and day, no year."""
MONTHS = {name: number for number, name in enumerate(
    ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
     "november", "december"), start=1)}
WHITESPACE = re.compile(r"\s+")


class NotAPage(Exception):
    """HTML that is no kcna.kp page this module knows; the reason names what was looked for."""


@dataclasses.dataclass(frozen=True)
class ArticlePage:
    layout: str
    """'new' or 'old'."""
    title: str | None
    paragraphs: list[str]
    date: dt.date | None
    date_from: str | None
    """'list', 'page' (old layout's publish-time), 'dateline' or None."""
    url: str | None
    """The page's own kcna.kp address where the page says it (a canonical link), else None."""

    @property
    def text(self) -> str:
        return "\n".join(self.paragraphs)


@dataclasses.dataclass(frozen=True)
class ListItem:
    url: str
    """Absolute address of the article."""
    article_id: str | None
    title: str
    date: dt.date | None


@dataclasses.dataclass(frozen=True)
class ListPage:
    layout: str
    items: list[ListItem]
    csrf: str | None


@dataclasses.dataclass(frozen=True)
class Category:
    url: str
    kind: str
    """'article', 'gallery' or 'video'."""
    title: str


def document(html: bytes | str) -> etree._Element:
    """The parsed page (lxml's HTML parser repairs what a browser would); NotAPage for no HTML at all."""
    try:
        root = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError) as failure:
        raise NotAPage(f"not HTML: {failure}") from None
    return root


def text_of(element) -> str:
    """An element's text: nodes joined first, then whitespace collapsed (never stripped node by node)."""
    if isinstance(element, str):
        return WHITESPACE.sub(" ", element).strip()
    return WHITESPACE.sub(" ", "".join(element.itertext())).strip()


def parse_date(text: str) -> dt.date | None:
    """The first date of a text: `2026.9.8.`, `Juche113.3.9.`; None where none or no real date."""
    match = DATE.search(text or "")
    return _date_of(match) if match else None


def _date_of(match: re.Match) -> dt.date | None:
    year = int(match["year"]) if match["year"] else int(match["juche"]) + 1911
    try:
        return dt.date(year, int(match["month"]), int(match["day"]))
    except ValueError:
        return None


def dateline_date(text: str, served_on: dt.date) -> dt.date | None:
    """The date of a dateline ('Pyongyang, September 8 (KCNA) --'), the year being the year the page was
    served, or the year before when the dateline's month is later than the month it was served."""
    match = DATELINE.match(text or "")
    if not match:
        return None
    month = MONTHS.get(match["month"].lower())
    if month is None:
        return None
    year = served_on.year - 1 if month > served_on.month else served_on.year
    try:
        return dt.date(year, month, int(match["day"]))
    except ValueError:
        return None


def kind_of(root) -> str | None:
    """'new_article', 'old_article', 'new_list', 'old_list', 'menu' (a page linking category lists: /en), or
    None: what the page is, by its content."""
    if root.xpath(OLD_ARTICLE_TITLE):
        return "old_article"
    # A list page may sit in the same `main article .container` frame: its items decide.
    if root.xpath(NEW_ARTICLE_BODY) and not root.xpath(NEW_LIST_ITEM):
        return "new_article"
    if root.xpath(NEW_LIST_ITEM) or root.xpath(CSRF_INPUT):
        return "new_list"
    if root.xpath(OLD_LIST_ITEM):
        return "old_list"
    if any(CATEGORY_PATH.match(urlsplit(href.strip()).path) for href in root.xpath(MENU_LINKS + "/@href")):
        return "menu"
    return None


def article_id(url: str) -> str | None:
    """The 32-hex id of an article address of either layout, else None."""
    path = urlsplit(url).path
    match = NEW_ARTICLE_PATH.match(path) or OLD_ARTICLE_PATH.match(path)
    return match["id"] if match else None


def parse_article(root, *, list_date: dt.date | None = None, served_on: dt.date | None = None) -> ArticlePage:
    """An article page of either layout; NotAPage if it is none. The date: the list's (`list_date`), else the
    old layout's publish-time, else the dateline (with the year of `served_on`)."""
    kind = kind_of(root)
    if kind == "new_article":
        title = next((text for text in map(text_of, root.xpath(NEW_ARTICLE_TITLE)) if text), None)
        if not title:
            page_title = text_of(root.xpath(PAGE_TITLE)[0]) if root.xpath(PAGE_TITLE) else ""
            title = page_title[len(TITLE_PREFIX):].strip() if page_title.startswith(TITLE_PREFIX.strip()) else None
            title = title or None
        container = root.xpath(NEW_ARTICLE_BODY)[0]
        paragraphs = [text for text in map(text_of, container.xpath(NEW_ARTICLE_PARAGRAPHS)) if text]
        page_date = None
    elif kind == "old_article":
        title = text_of(root.xpath(OLD_ARTICLE_TITLE)[0]) or None
        paragraphs = [text for text in map(text_of, root.xpath(OLD_ARTICLE_PARAGRAPHS)) if text]
        page_date = next((d for d in (parse_date(text_of(s)) for s in root.xpath(OLD_ARTICLE_DATE)) if d), None)
    else:
        raise NotAPage("no article on the page: neither `main article .container` (new layout) nor "
                       "`div.article-main-title` (old layout)")
    if title:
        title = LIST_DATE_SUFFIX.sub("", title).strip() or None
    date, date_from = list_date, "list" if list_date else None
    if date is None and page_date is not None:
        date, date_from = page_date, "page"
    if date is None and served_on is not None and paragraphs:
        date = dateline_date(paragraphs[0], served_on)
        date_from = "dateline" if date else None
    canonical = root.xpath("//link[@rel='canonical']/@href")
    return ArticlePage(kind.split("_")[0], title, paragraphs, date, date_from, canonical[0] if canonical else None)


def parse_list(root, base_url: str) -> ListPage:
    """A category list page of either layout: its items (address, title, date) and the _csrf value."""
    csrf = root.xpath(CSRF_INPUT)
    items: list[ListItem] = []
    if root.xpath(NEW_LIST_ITEM):
        layout = "new"
        for link in root.xpath(NEW_LIST_ITEM):
            date, date_nodes = None, []
            for nobr in link.xpath(NEW_LIST_ITEM_NOBR):
                match = LIST_DATE.match(text_of(nobr))
                if match and date is None:
                    date, date_nodes = _date_of(match), [nobr]
            title = _text_without(link, date_nodes)
            url = urljoin(base_url, link.get("href"))
            items.append(ListItem(url, article_id(url), title, date))
    elif root.xpath(OLD_LIST_ITEM):
        layout = "old"
        for link in root.xpath(OLD_LIST_ITEM):
            spans = link.xpath(OLD_LIST_ITEM_DATE)
            date = next((d for d in (parse_date(text_of(span)) for span in spans) if d), None)
            url = urljoin(base_url, link.get("href"))
            items.append(ListItem(url, article_id(url), _text_without(link, spans), date))
    else:
        layout = "new" if csrf else "unknown"
    return ListPage(layout, items, csrf[0] if csrf else None)


def _text_without(element, skipped: list) -> str:
    """text_of(element) leaving out the subtrees `skipped` (a date inside a title's link)."""
    skip = {id(node) for node in skipped}
    parts: list[str] = []

    def walk(node) -> None:
        if id(node) in skip:
            if node.tail:
                parts.append(node.tail)
            return
        if isinstance(node.tag, str) and node.text:
            parts.append(node.text)
        for child in node:
            walk(child)
        if node is not element and node.tail:
            parts.append(node.tail)

    walk(element)
    return LIST_DATE_SUFFIX.sub("", text_of("".join(parts))).strip()


def categories(root, base_url: str, language: str) -> list[Category]:
    """The category lists linked from the menu of /<language>, deduped by address, in menu order."""
    found: dict[str, Category] = {}
    for link in root.xpath(MENU_LINKS):
        url = urljoin(base_url, link.get("href").strip())
        parts = urlsplit(url)
        match = CATEGORY_PATH.match(parts.path)
        if match and match["lang"] == language and parts.netloc == urlsplit(base_url).netloc:
            key = f"{parts.scheme}://{parts.netloc}{parts.path.rstrip('/')}"
            found.setdefault(key, Category(key, match["kind"], text_of(link)))
    return list(found.values())


# -- saved pages as raw files (the collectors' form: kcna_dataset.sources.kcna_kp) -------------------------
PAGE_META_FORMAT = "kcna-kp-page/1"
"""The JSON sidecar beside a saved page: where and when it was fetched, and what the page itself lacks
(its date in the list, its category). `<stem>.html.gz` has `.<stem>.page.json`: hidden, so that the build's
listing skips it (every file the build lists yields a record or a reject) and reads it with its page."""
HTML_HEADS = (b"<!doctype html", b"<html", b"<!--")


def is_html(data: bytes) -> bool:
    """Whether bytes (decompressed) are an HTML page, by their first characters."""
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith(HTML_HEADS) and b"<html" in data[:4096].lower()


def sidecar_name(page_name: str) -> str:
    """'aaaa.fetched-2026-12-04.html.gz' -> '.aaaa.fetched-2026-12-04.page.json' (hidden)."""
    for suffix in (".html.gz", ".htm.gz", ".html", ".htm"):
        if page_name.endswith(suffix):
            return "." + page_name[: -len(suffix)] + ".page.json"
    return "." + page_name + ".page.json"


class NoArticle(NotAPage):
    """A kcna.kp page that holds no article (a list, the menu)."""


def page_document(data: bytes):
    """The parsed page from its bytes: UTF-8 (the site's) decoded strictly, else left to lxml's detection."""
    try:
        return document(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return document(data)


def read_page(data: bytes, meta: dict | None) -> dict:
    """One saved page -> the fields of its article record (url, topic, title, date, text); NoArticle for a
    list or menu page, NotAPage for any other HTML. `meta` is the page's sidecar, if any."""
    meta = meta or {}
    root = page_document(data)
    kind = kind_of(root)
    if kind in ("new_list", "old_list", "menu"):
        raise NoArticle(f"a kcna.kp {kind.replace('_', ' ')} page holds no article (the collectors keep list "
                        "pages in a folder the build skips)")
    served = _served_on(meta)
    page = parse_article(root, list_date=_iso_date(meta.get("list_date")), served_on=served)
    original = meta.get("original_url") or page.url
    return {
        "url": original if isinstance(original, str) else None,
        "topic": meta.get("topic") if isinstance(meta.get("topic"), str) else None,
        "title": page.title or (meta.get("list_title") if isinstance(meta.get("list_title"), str) else None),
        "date": page.date,
        "text": page.text or None,
        "layout": page.layout,
    }


def _iso_date(value) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _served_on(meta: dict) -> dt.date | None:
    """The day the site served the page: an archive capture's timestamp, else the fetch time."""
    for key in ("served_at", "fetched_at"):
        value = meta.get(key)
        if isinstance(value, str):
            try:
                return dt.datetime.fromisoformat(value.replace("Z", "+00:00")).date()
            except ValueError:
                continue
    return None
