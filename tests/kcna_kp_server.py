"""A real HTTP server on 127.0.0.1 playing kcna.kp (the layout since mid-2026) and the Internet Archive (a CDX
listing and `id_` captures of both layouts), built from the structure issue 21 describes.

The site: robots.txt, the menu of /en (repeating its links), category lists whose page 1 sets a JSESSIONID
cookie and a `_csrf` input and whose further pages are POSTed (page_num, cnt_per_page, keyword, _csrf); a
POST with a stale session (unknown cookie or _csrf) answers 200 with a list of no links, as the site does;
articles at /en/article/detail/<id>. The test changes the site between runs (new articles, a vanished
category), scripts answers per path (429 then 200, a slow answer, 403), and expires the sessions before a
given POST. Every request is logged (method, path, form, cookie, time).
"""

from __future__ import annotations

import dataclasses
import html as html_escape
import itertools
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


@dataclasses.dataclass
class Article:
    id: str
    title_html: str
    """The title as the site writes it, <nobr> names included."""
    paragraphs_html: list[str]
    date: tuple[int, int, int]
    gallery: bool = False


@dataclasses.dataclass
class Category:
    id: str
    title: str
    kind: str = "article"
    ids: list[str] = dataclasses.field(default_factory=list)
    """Newest first."""


@dataclasses.dataclass
class Answer:
    status: int = 200
    body: bytes = b""
    headers: dict = dataclasses.field(default_factory=dict)
    delay: float = 0.0


@dataclasses.dataclass
class Logged:
    method: str
    path: str
    form: dict
    cookie: str | None
    at: float


def hex_id(number: int) -> str:
    return f"{number:032x}"


def leader(name: str = "Kim Jong Un") -> str:
    """A leader's name as the site wraps it, with the line breaks that glue it when nodes are stripped."""
    return f"\n<nobr><span class='fSpecCs'>{name}</span></nobr>\n"


def menu_page(categories: list[Category], language: str = "en") -> str:
    links = "".join(f'<li><a href="/{language}/{c.kind}/list/{c.id}">{c.title}</a></li>' for c in categories)
    again = "".join(f'<a href="/{language}/{c.kind}/list/{c.id}/">{c.title}</a>' for c in categories)
    other = "en" if language != "en" else "kp"
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>KCNA | Home</title></head><body>'
            f'<nav class="menu"><ul>{links}<li><a href="/{other}/article/list/{"9" * 32}">{other}</a></li></ul></nav>'
            f'<div class="quick-menu">{again}</div></body></html>')


def list_page(articles: list[Article], csrf: str, kind: str, category_id: str, language: str = "en") -> str:
    items = "".join(
        f'<div class="article"><h5 class="block">'
        f'<a href="/{language}/{"gallery" if a.gallery else "article"}/detail/{a.id}">{a.title_html}</a>'
        f' <nobr>[{a.date[0]}.{a.date[1]}.{a.date[2]}.]</nobr></h5></div>' for a in articles)
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>KCNA | List</title></head><body><main>'
            f'<form method="post" action="/{language}/{kind}/list/{category_id}">'
            f'<input type="hidden" name="_csrf" value="{csrf}"></form>'
            f'<div class="article-list">{items}</div></main></body></html>')


def new_article_page(article: Article) -> str:
    body = "".join(f"<p>{p}</p>" for p in article.paragraphs_html)
    title_text = html_escape.escape(" ".join(article.title_html.replace("<nobr><span class='fSpecCs'>", "")
                                               .replace("</span></nobr>", "").split()))
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>KCNA | {title_text}</title></head>'
            f'<body><main><article><h1>{article.title_html}</h1><h1></h1><div class="container">'
            f'{body}<div class="photo"><img src="/p.jpg" alt=""><p class="caption">Photo caption, not text.</p></div>'
            f'</div></article></main></body></html>')


def old_article_page(article: Article, juche: bool) -> str:
    year, month, day = article.date
    stamp = f"Juche{year - 1911}.{month}.{day}." if juche else f"{year}.{month}.{day}."
    body = "".join(f"<p>{p}</p>" for p in article.paragraphs_html)
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>KCNA</title></head><body>'
            f'<div class="article-main-title">{article.title_html}</div>'
            f'<span class="publish-time">www.kcna.kp ({stamp})</span>'
            f'<div class="article-content-body"><div class="content-wrapper">{body}</div></div></body></html>')


class Site:
    """kcna.kp and web.archive.org at once (the tests point each source's --url at it)."""

    def __init__(self, page_size: int = 3, language: str = "en") -> None:
        self.page_size = page_size
        self.language = language
        self.articles: dict[str, Article] = {}
        self.categories: list[Category] = []
        self.robots = f"User-agent: *\nDisallow: /{language}/article/detail/" + "d" * 32 + "\n"
        self.sessions: dict[str, str] = {}
        """JSESSIONID -> its _csrf."""
        self.expire_before_posts: set[int] = set()
        """Numbers (1-based) of the POSTs before which every session expires."""
        self.posts = 0
        self.scripted: dict[str, list[Answer]] = {}
        self.captures: list[tuple[str, str]] = []
        """(timestamp, original address) of the archive's CDX listing."""
        self.capture_pages: dict[str, bytes] = {}
        """original address -> the captured page."""
        self.log: list[Logged] = []
        self.in_flight = 0
        self.most_in_flight = 0
        """The most requests answered at once (the collectors ask one at a time)."""
        self._counter = itertools.count(1)
        self._lock = threading.Lock()
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:
                pass

            def do_GET(self) -> None:
                site._handle(self, {})

            def do_POST(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode(), keep_blank_values=True).items()}
                site._handle(self, form)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.httpd.server_port}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> Site:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    # -- what the test sets up ----------------------------------------------------------------------------
    def add(self, category: Category, *articles: Article, front: bool = False) -> None:
        for article in articles:
            self.articles[article.id] = article
        ids = [a.id for a in articles]
        category.ids = ids + category.ids if front else category.ids + ids
        if category not in self.categories:
            self.categories.append(category)

    def script(self, path: str, *answers: Answer) -> None:
        self.scripted.setdefault(path, []).extend(answers)

    def requests(self, method: str | None = None, prefix: str = "") -> list[Logged]:
        return [r for r in self.log if (method is None or r.method == method) and r.path.startswith(prefix)]

    # -- answers ------------------------------------------------------------------------------------------
    def _handle(self, request: BaseHTTPRequestHandler, form: dict) -> None:
        parts = urlsplit(request.path)
        cookie = _cookie(request.headers.get("cookie"))
        with self._lock:
            self.log.append(Logged(request.command, parts.path, form, cookie, time.monotonic()))
            scripted = self.scripted.get(parts.path)
            answer = scripted.pop(0) if scripted else None
            self.in_flight += 1
            self.most_in_flight = max(self.most_in_flight, self.in_flight)
        try:
            self._send(request, answer or self._answer(request.command, parts.path, parts.query, form, cookie))
        finally:
            with self._lock:
                self.in_flight -= 1

    def _send(self, request: BaseHTTPRequestHandler, answer: Answer) -> None:
        if answer.delay:
            time.sleep(answer.delay)
        request.send_response(answer.status)
        headers = {"Content-Type": "text/html; charset=utf-8", **answer.headers}
        for name, value in headers.items():
            request.send_header(name, value)
        request.send_header("Content-Length", str(len(answer.body)))
        request.end_headers()
        request.wfile.write(answer.body)

    def _answer(self, method: str, path: str, query: str, form: dict, cookie: str | None) -> Answer:
        if path == "/robots.txt":
            return Answer(body=self.robots.encode(), headers={"Content-Type": "text/plain"})
        language = self.language
        if path in (f"/{language}", f"/{language}/"):
            return _page(menu_page(self.categories, language))
        for category in self.categories:
            if path.rstrip("/") == f"/{language}/{category.kind}/list/{category.id}":
                return self._list(category, method, form, cookie)
        for prefix in (f"/{language}/article/detail/", f"/{language}/gallery/detail/"):
            if path.startswith(prefix) and path[len(prefix):] in self.articles:
                return _page(new_article_page(self.articles[path[len(prefix):]]))
        if path == "/cdx/search/cdx":
            return self._cdx(parse_qs(query))
        if path.startswith("/web/"):
            timestamp, _, original = path[len("/web/"):].partition("id_/")
            page = self.capture_pages.get(original)
            if page is not None and (timestamp, original) in self.captures:
                return Answer(body=page)
        return Answer(404, b"<html><body>Not Found</body></html>")

    def _list(self, category: Category, method: str, form: dict, cookie: str | None) -> Answer:
        with self._lock:
            if method == "GET":
                session = cookie if cookie in self.sessions else f"S{next(self._counter)}"
                self.sessions.setdefault(session, f"csrf-{next(self._counter)}")
                rows = [self.articles[i] for i in category.ids[: self.page_size]]
                return _page(list_page(rows, self.sessions[session], category.kind, category.id, self.language),
                             {"Set-Cookie": f"JSESSIONID={session}; Path=/; HttpOnly"})
            self.posts += 1
            if self.posts in self.expire_before_posts:
                self.sessions.clear()
            if cookie not in self.sessions or form.get("_csrf") != self.sessions[cookie]:
                return _page(list_page([], "", category.kind, category.id, self.language))  # stale: no links
            number, size = int(form["page_num"]), int(form["cnt_per_page"])
            rows = [self.articles[i] for i in category.ids[(number - 1) * size: number * size]]
            return _page(list_page(rows, self.sessions[cookie], category.kind, category.id, self.language))

    def _cdx(self, query: dict) -> Answer:
        start, end = query["from"][0], query["to"][0] + "999999"
        found = [[f"kp,kcna)/{o.split('/', 3)[-1]}", t, o, "200", "text/html"] for t, o in self.captures
                 if start <= t <= end and _urlkey_form(o).startswith(query["url"][0])]
        # Paged as the Archive pages it: `limit` rows, then an empty row and the key that resumes after them.
        offset = int(query.get("resumeKey", ["0"])[0])
        limit = int(query.get("limit", [str(len(found))])[0])
        rows = [["urlkey", "timestamp", "original", "statuscode", "mimetype"], *found[offset: offset + limit]]
        if offset + limit < len(found):
            rows += [[], [str(offset + limit)]]
        return Answer(body=json.dumps(rows).encode(), headers={"Content-Type": "application/json"})


def _urlkey_form(original: str) -> str:
    """An address as the CDX matches it: no scheme, no www., no default port."""
    return original.split("://")[-1].removeprefix("www.").replace(":80/", "/", 1)


def _page(text: str, headers: dict | None = None) -> Answer:
    return Answer(body=text.encode(), headers=headers or {})


def _cookie(header: str | None) -> str | None:
    for part in (header or "").split(";"):
        name, _, value = part.strip().partition("=")
        if name == "JSESSIONID":
            return value
    return None
