"""kcna-kp: the agency's own site, collected politely (docs/collect.md, "kcna.kp and its archive captures").

Each run:
1. reads robots.txt (every address asked afterwards is checked against it);
2. reads the categories from the menu of /<language> (they come and go; the menu repeats links: deduped);
3. reads each category's list: page 1 by GET (it sets the JSESSIONID cookie and a `_csrf` input), further
   pages by POSTing `page_num`, `cnt_per_page`, `keyword` and `_csrf` to the list's address, until a page
   holds no id not yet fetched, or a page shorter than the first (the end of the list). A POST answered
   with 200 and no links is a stale session: the session is renewed once (cookies dropped, page 1 asked
   again) and the POST retried; no links again is a failure. A category that listed links on an earlier
   run and lists none now fails loudly: the site changed, or we are refused;
4. fetches each article not fetched before (the ledger of ids is the raw folder, kcna_dataset.sources.pages)
   and keeps it with its sidecar: the list's date (the article page carries none) and category.
Every page fetched (menu, lists, articles) is kept verbatim; robots.txt is only read. One request at a time,
with the source's pause between requests, timeouts, retries and cap (sources.toml).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from urllib.parse import urlsplit

from kcna_dataset.sources import state as source_state
from kcna_dataset.sources.config import Source
from kcna_dataset.sources.http import Client
from kcna_dataset.sources.pages import (
    ARTICLES, LISTS, Robots, Stop, check, fetch, fetch_listing, held_ids, store, utc_today,
)
from kcna_dataset.sources.report import Report
from kcna_dataset.stages import html

SITE = "http://www.kcna.kp"
ARTICLE_KINDS = ("new_article", "old_article")
LIST_KINDS = ("new_list", "old_list")


@dataclasses.dataclass
class Wanted:
    """An article a list named and the raw folder does not hold yet."""

    url: str
    article_id: str
    title: str
    date: str | None
    topic: str
    category_url: str


def collect(source: Source, raw: Path, client: Client) -> Report:
    report = Report(source.name)
    language = source.language or "en"
    folder = raw / source.name / language
    state = source_state.load(raw / source.name)
    seen = state.setdefault("categories", {})
    # Articles listed on an earlier run that the cap or a failure left unfetched: asked first.
    pending: dict[str, dict] = state.setdefault("pending", {}).setdefault(language, {})
    held = held_ids(folder / ARTICLES)
    before = client.budget.requests_made, client.budget.bytes_read
    today = utc_today().isoformat()
    try:
        robots = Robots(client, report, source.origin.url("robots_path"))
        menu_url = source.origin.url("menu_path", language=language)
        categories = _categories(client, report, robots, menu_url, raw, folder, language)
        firsts = [first for first in (_first_page(client, report, robots, category, raw, folder, seen, today)
                                      for category in categories) if first is not None]
        # The site's page size: the longest first page of any category (a shorter one is the whole list).
        size = max([len(page.items) for _, page in firsts] + [state.get("page_size", 0)])
        state["page_size"] = size
        for category, page in firsts:
            for item in _later_pages(client, report, category, page, size, raw, folder, held):
                pending.setdefault(item.article_id, dataclasses.asdict(item))
        for article_id in list(pending):
            if article_id in held:
                del pending[article_id]
                continue
            outcome = _fetch_article(client, report, robots, Wanted(**pending[article_id]), raw, folder, language)
            if outcome == "stored":
                held.add(article_id)
            if outcome != "retry":
                del pending[article_id]
    except Stop:
        pass
    finally:
        source_state.save(raw / source.name, state)
        report.requests = client.budget.requests_made - before[0]
        report.bytes = client.budget.bytes_read - before[1]
    if pending:
        report.notes.append(f"{len(pending):,} listed articles not fetched yet: the next run asks for them first")
    return report


def _categories(client, report, robots, menu_url, raw, folder, language) -> list[html.Category]:
    fetched = fetch_listing(client, report, robots, menu_url, "the menu: nothing to list")
    root = check(report, fetched, ("menu", "new_list", "new_article"), "the menu of /" + language)
    if root is None:
        raise Stop()
    found = html.categories(root, fetched.url, language)
    if not found:
        report.record(url=menu_url, outcome="rejected", fetched_at=fetched.fetched_at, status=fetched.status,
                      size=len(fetched.body), sha256=fetched.sha256,
                      reason=f"the menu of /{language} links no category list: the site changed, or refuses us")
        raise Stop()
    store(raw, folder / LISTS, "menu", fetched, report, {"page": "menu", "language": language},
          f"menu: {len(found)} categories")
    return found


def _first_page(client, report, robots, category, raw, folder, seen, today) -> tuple | None:
    """(category, page 1) of a category's list, kept; None where it is disallowed, failed or lists nothing
    (a failure when it listed links before)."""
    url = category.url
    if not robots.allows(url):
        report.record(url=url, outcome="disallowed", reason=f"robots.txt disallows the list {category.title!r}")
        return None
    first = _list_page(client, report, url, None)
    if first is None:
        return None
    fetched, page = first
    earlier = seen.get(url, {}).get("links", 0)
    if not page.items:
        report.record(url=url, outcome="rejected", fetched_at=fetched.fetched_at, status=fetched.status,
                      size=len(fetched.body), sha256=fetched.sha256,
                      reason=(f"category {category.title!r} listed {earlier} links on {seen[url].get('day')} and lists "
                              "none now: the site changed, or refuses us") if earlier else
                      f"category {category.title!r} lists no links")
        return None
    seen[url] = {"title": category.title, "links": len(page.items), "day": today}
    meta = {"page": "list", "category_url": url, "topic": category.title, "page_num": 1}
    store(raw, folder / LISTS, f"{_category_id(url)}.p1", fetched, report, meta, f"{len(page.items)} links")
    return category, page


def _later_pages(client, report, category, page, size, raw, folder, held) -> list[Wanted]:
    """The articles of one category not held yet, newest first: page 1's, then those of further pages
    while the page read was full and held an id not fetched yet."""
    url = category.url
    wanted = _new(page.items, category, held)
    number, csrf = 1, page.csrf
    while csrf and len(page.items) >= size and any(item.article_id not in held for item in page.items):
        number += 1
        form = {"page_num": str(number), "cnt_per_page": str(size), "keyword": "", "_csrf": csrf}
        answer = _list_page(client, report, url, form)
        if answer is not None and not answer[1].items:
            # 200 and no links: a stale session. Renewed once (a new cookie and _csrf from page 1), then retried.
            stale = answer[0]
            report.record(url=url, outcome="read", fetched_at=stale.fetched_at, status=stale.status,
                          size=len(stale.body), sha256=stale.sha256,
                          reason=f"list page {number}: 200 and no links, a stale session; renewing it")
            client.forget_cookies()
            renewed = _list_page(client, report, url, None)
            if renewed is None or not renewed[1].csrf:
                break
            meta = {"page": "list", "category_url": url, "topic": category.title, "page_num": 1}
            store(raw, folder / LISTS, f"{_category_id(url)}.p1", renewed[0], report, meta,
                  "page 1 again: a new session")
            form["_csrf"] = renewed[1].csrf
            answer = _list_page(client, report, url, form)
            if answer is not None and not answer[1].items:
                report.record(url=url, outcome="rejected", fetched_at=answer[0].fetched_at, status=answer[0].status,
                              size=len(answer[0].body), sha256=answer[0].sha256,
                              reason=f"list page {number} of {category.title!r} has no links, even after renewing "
                                     "the session")
                break
        if answer is None:
            break
        fetched, page = answer
        csrf = page.csrf or csrf
        meta = {"page": "list", "category_url": url, "topic": category.title, "page_num": number}
        store(raw, folder / LISTS, f"{_category_id(url)}.p{number}", fetched, report, meta,
              f"{len(page.items)} links")
        wanted += _new(page.items, category, held)
    return wanted


def _list_page(client, report, url, form) -> tuple | None:
    fetched = fetch(client, report, url, listing=True, form=form)
    if fetched is None:
        return None
    # A list page without links may come back as a page of the menu only (kind 'menu'): no links, not an error.
    root = check(report, fetched, (*LIST_KINDS, "menu"), "a category list")
    if root is None:
        return None
    return fetched, html.parse_list(root, fetched.url)


def _new(items, category, held) -> list[Wanted]:
    return [Wanted(item.url, item.article_id, item.title, item.date.isoformat() if item.date else None,
                   category.title, category.url)
            for item in items if item.article_id and item.article_id not in held]


def _fetch_article(client, report, robots, wanted: Wanted, raw, folder, language) -> str:
    """Fetch and keep one article: 'stored'; 'done' where it is not to be asked again (disallowed by
    robots.txt, gone: 404 or 410; a later list that names it again brings it back); 'retry' (a failure, a
    page that is not an article): asked again next run."""
    if not robots.allows(wanted.url):
        report.record(url=wanted.url, outcome="disallowed", reason="robots.txt disallows the article")
        return "done"
    fetched = fetch(client, report, wanted.url, listing=False)
    if fetched is None:
        return "done" if report.rows and report.rows[-1]["outcome"] == "missing" else "retry"
    if check(report, fetched, ARTICLE_KINDS, "an article page") is None:
        return "retry"
    meta = {"page": "article", "article_id": wanted.article_id, "language": language,
            "original_url": _site_address(wanted.url), "list_date": wanted.date,
            "list_title": wanted.title, "topic": wanted.topic, "category_url": wanted.category_url}
    store(raw, folder / ARTICLES, wanted.article_id, fetched, report, meta, f"article {wanted.title[:60]!r}")
    return "stored"


def _category_id(url: str) -> str:
    return url.rstrip("/").rsplit("/", 1)[-1]


def _site_address(url: str) -> str:
    """The article's address on kcna.kp (a mirror's or test server's host replaced): the key that joins it
    with the feed's records of the same article."""
    return SITE + urlsplit(url).path
