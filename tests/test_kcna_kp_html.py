"""kcna.kp pages of both layouts (kcna_dataset/stages/html.py) and their raw form in extract: the small pages
of tests/fixtures/kcna_kp_html/ (its README says what each reproduces)."""

from __future__ import annotations

import datetime as dt
import gzip
import shutil
import string
from pathlib import Path

import orjson
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kcna_dataset.stages import extract, html, parse

PAGES = Path(__file__).parent / "fixtures" / "kcna_kp_html"
SITE = "http://www.kcna.kp/en"


def page(name: str):
    return html.page_document((PAGES / name).read_bytes())


def test_menu_categories_deduped_by_href_in_menu_order():
    found = html.categories(page("new_menu_en.html"), SITE, "en")
    assert [(c.kind, c.url.rsplit("/", 1)[1], c.title) for c in found] == [
        ("article", "0a1b2c3d4e5f60718293a4b5c6d7e8f9", "Kim Jong Un's Revolutionary Activities"),
        ("article", "1" * 32, "Top News"),
        ("gallery", "2" * 32, "Photo"),
        ("video", "3" * 32, "Video"),
    ]  # the repeated links (one absolute, one with a trailing slash), the /kp list and an article are not categories
    assert html.categories(page("new_menu_en.html"), "http://www.kcna.kp/kp", "kp")[0].url.endswith("4" * 32)


def test_new_list_dates_by_pattern_not_first_nobr_and_csrf():
    listing = html.parse_list(page("new_list.html"), "http://www.kcna.kp/en/article/list/" + "1" * 32)
    assert listing.layout == "new" and listing.csrf == "3f9c1d2e-7a64-4b1e-9d2a-5c8e0f1a2b3c"
    assert [(i.url, i.article_id, i.title, i.date) for i in listing.items] == [
        ("http://www.kcna.kp/en/article/detail/" + "a" * 32, "a" * 32,
         "Respected Comrade Kim Jong Un Inspects Construction Site", dt.date(2026, 9, 8)),
        ("http://www.kcna.kp/en/article/detail/" + "b" * 32, "b" * 32, "Greetings to Lao President",
         dt.date(2026, 10, 15)),
    ]


def test_old_list_publish_time_juche_and_gregorian():
    listing = html.parse_list(page("old_list.html"), "http://www.kcna.kp/en/category/articles/q/x.kcmsf")
    assert [(i.article_id, i.title, i.date) for i in listing.items] == [
        ("c" * 32, "DPRK Delegation Leaves for Moscow", dt.date(2024, 3, 9)),
        ("d" * 32, "Comrade Kim Jong Un Sends Greetings", dt.date(2025, 12, 14)),
    ]


def test_new_article_title_body_and_glued_names():
    article = html.parse_article(page("new_article.html"), list_date=dt.date(2026, 9, 8))
    assert article.layout == "new" and article.title == "Respected Comrade Kim Jong Un Inspects Construction Site"
    # Direct <p> children only (the nested caption is noise), text nodes joined before collapsing whitespace.
    assert article.paragraphs == [
        "Pyongyang, September 8 (KCNA) -- The respected Comrade Kim Jong Un met builders of the Hwasong District.",
        "He praised their devotion.",
        "-0-",
    ]
    assert "ComradeKim" not in article.text and "Unmet" not in article.text
    assert (article.date, article.date_from) == (dt.date(2026, 9, 8), "list")
    assert article.url == "http://www.kcna.kp/en/article/detail/" + "a" * 32


def test_stripping_each_node_would_glue_the_name():
    """The failure the join-first rule prevents, shown on the same page."""
    container = page("new_article.html").xpath(html.NEW_ARTICLE_BODY)[0]
    first = container.xpath(html.NEW_ARTICLE_PARAGRAPHS)[0]
    assert "ComradeKim Jong Unmet" in "".join(node.strip() for node in first.itertext())
    assert "Comrade Kim Jong Un met" in html.text_of(first)


def test_title_falls_back_to_page_title_when_h1_holds_only_a_broken_image():
    article = html.parse_article(page("new_article_title_fallback.html"))
    assert article.title == "Greetings to Lao President"


def test_dateline_year_is_the_previous_one_when_its_month_is_later_than_the_fetch():
    article = html.parse_article(page("new_article.html"), served_on=dt.date(2027, 1, 5))
    assert (article.date, article.date_from) == (dt.date(2026, 9, 8), "dateline")
    article = html.parse_article(page("new_article.html"), served_on=dt.date(2026, 9, 8))
    assert article.date == dt.date(2026, 9, 8)
    assert html.dateline_date("Pyongyang, December 31 (KCNA) -- x", dt.date(2027, 12, 31)) == dt.date(2027, 12, 31)


@pytest.mark.parametrize(("name", "title", "date", "first"), [
    ("old_article_juche.html", "DPRK Delegation Leaves for Moscow", dt.date(2024, 3, 9),
     "Pyongyang, March 9 (KCNA) -- A delegation of the DPRK Ministry of Foreign Affairs left here on Saturday "
     "for Moscow."),
    ("old_article_gregorian.html", "Comrade Kim Jong Un Sends Greetings", dt.date(2025, 12, 14),
     "Pyongyang, December 14 (KCNA) -- Comrade Kim Jong Un, general secretary of the Workers' Party of Korea, "
     "sent greetings to the people of Kazakhstan."),
])
def test_old_article(name, title, date, first):
    article = html.parse_article(page(name))
    assert (article.layout, article.title, article.date, article.date_from) == ("old", title, date, "page")
    assert article.paragraphs[0] == first and article.paragraphs[-1] == "-0-"


def test_gallery_item_has_no_text():
    article = html.parse_article(page("new_gallery_item.html"))
    assert (article.title, article.paragraphs) == ("Autumn in Pyongyang", [])


def test_kinds_by_content():
    assert {name: html.kind_of(page(name)) for name in sorted(p.name for p in PAGES.glob("*.html"))} == {
        "new_article.html": "new_article", "new_article_title_fallback.html": "new_article",
        "new_gallery_item.html": "new_article", "new_list.html": "new_list", "new_menu_en.html": "menu",
        "not_kcna.html": None, "old_article_gregorian.html": "old_article", "old_article_juche.html": "old_article",
        "old_list.html": "old_list",
    }


def test_extract_and_parse_saved_pages(tmp_path: Path):
    """Saved pages as raw files: gzip or not, with or without a sidecar; lists hold no article; other HTML is a
    reject naming the file; the gallery item without text is rejected by parse."""
    raw = tmp_path / "raw"
    (raw / "p").mkdir(parents=True)
    for source in PAGES.glob("*.html"):
        shutil.copy(source, raw / "p" / source.name)
    (raw / "p" / "new_article.html.gz").write_bytes(gzip.compress((PAGES / "new_article.html").read_bytes()))
    (raw / "p" / "new_article.html").unlink()
    meta = {"format": html.PAGE_META_FORMAT, "url": "http://127.0.0.1:1/en/article/detail/" + "a" * 32,
            "original_url": "http://www.kcna.kp/en/article/detail/" + "a" * 32,
            "fetched_at": "2026-12-04T10:00:00.000000Z", "list_date": "2026-09-08", "topic": "Top News"}
    (raw / "p" / ".new_article.page.json").write_bytes(orjson.dumps(meta))
    (raw / "p" / "visible.page.json").write_bytes(orjson.dumps(meta))
    records, rejects = extract.extract_files(raw, extract.discover(raw))
    # Every file listed yields a record or a reject: list and menu pages saved by hand are rejects (the
    # collectors keep theirs in a folder the build skips), and so is a sidecar under a visible name.
    assert sorted(rejects.select("source_path", "check").rows()) == [
        ("p/new_list.html", "no_article_page"), ("p/new_menu_en.html", "no_article_page"),
        ("p/not_kcna.html", "unknown_html_page"), ("p/old_list.html", "no_article_page"),
        ("p/visible.page.json", "visible_page_sidecar")]
    by_path = {row["source_path"]: row for row in records.iter_rows(named=True)}
    assert sorted(by_path) == ["p/new_article.html.gz", "p/new_article_title_fallback.html", "p/new_gallery_item.html",
                               "p/old_article_gregorian.html", "p/old_article_juche.html"]
    saved = by_path["p/new_article.html.gz"]
    assert (saved["source_kind"], saved["source_url"], saved["topic"], saved["source_date"], saved["fetched_url"]) == (
        "kcna_kp_html", meta["original_url"], "Top News", dt.date(2026, 9, 8), meta["url"])
    assert saved["fetched_at"] == dt.datetime(2026, 12, 4, 10, tzinfo=dt.UTC)
    assert by_path["p/old_article_juche.html"]["fetched_url"] is None
    assert by_path["p/new_gallery_item.html"]["raw_text"] is None

    parsed, parse_rejects = parse.parse_records(records)
    assert parse_rejects.select("source_path", "check").rows() == [("p/new_gallery_item.html", "empty_text")]
    article = parsed.filter(pl.col("source_path") == "p/new_article.html.gz").row(0, named=True)
    assert (article["title"], article["published_date"], article["dateline_city"], article["has_end_marker"]) == (
        "Respected Comrade Kim Jong Un Inspects Construction Site", dt.date(2026, 9, 8), "Pyongyang", True)
    assert article["body"] == ("The respected Comrade Kim Jong Un met builders of the Hwasong District.\n\n"
                               "He praised their devotion.")
    old = parsed.filter(pl.col("source_path") == "p/old_article_juche.html").row(0, named=True)
    assert (old["published_date"], old["juche_year"]) == (dt.date(2024, 3, 9), 113)


WORDS = st.lists(st.text(alphabet=string.ascii_letters + "'-.,", min_size=1, max_size=8), min_size=1, max_size=5)
GAP = st.sampled_from(["", " ", "\n", "\n\t", "  \r\n "])


@settings(derandomize=True, max_examples=300, deadline=None)
@given(before=WORDS, name=WORDS, after=WORDS, gaps=st.tuples(GAP, GAP, GAP, GAP))
def test_a_wrapped_name_is_read_as_the_page_shows_it(before, name, after, gaps):
    """Whatever whitespace surrounds the <nobr><span> of a name, the text is what a browser shows: words
    that a gap separates stay separate, words that touch stay together."""
    markup = (f"<p>{' '.join(before)}{gaps[0]}<nobr>{gaps[1]}<span class='fSpecCs'>{' '.join(name)}</span>"
              f"{gaps[2]}</nobr>{gaps[3]}{' '.join(after)}</p>")
    paragraph = html.document(f"<html><body>{markup}</body></html>").xpath("//p")[0]
    left = " " if (gaps[0] + gaps[1]).strip(" \t\r\n") != (gaps[0] + gaps[1]) else ""
    right = " " if (gaps[2] + gaps[3]).strip(" \t\r\n") != (gaps[2] + gaps[3]) else ""
    assert html.text_of(paragraph) == f"{' '.join(before)}{left}{' '.join(name)}{right}{' '.join(after)}"


@settings(derandomize=True, max_examples=300, deadline=None)
@given(day=st.dates(min_value=dt.date(1912, 1, 1), max_value=dt.date(2100, 12, 31)), juche=st.booleans())
def test_dates_of_both_forms_round_trip(day, juche):
    text = f"Juche{day.year - 1911}.{day.month}.{day.day}." if juche else f"{day.year}.{day.month}.{day.day}."
    assert html.parse_date(f"www.kcna.kp ({text})") == day
    assert html._date_of(html.LIST_DATE.match(f"[{text}]")) == day
