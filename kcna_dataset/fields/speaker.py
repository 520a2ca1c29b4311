"""Issuer, issuer_country, responds_to: whose words an article carries, their country, and what they answer.

docs/labelling.md defines the fields: the issuer is the body or person whose words the article carries,
DPRK or foreign; issuer_country its ISO code (KP for DPRK bodies); responds_to the type of the DPRK
document a support or response article is about. Only the speaking genres have an issuer.

How (rules in kcna_dataset/fields/rules/):
- speaker_patterns_v1.csv finds the speaker where the title or lead names one, by article type ("A
  spokesman for X", "X received a message from Y", "X, chairman of ..., was interviewed", "X issued a
  statement"); the name is cleaned (titles, articles, parentheses) and mapped to the canonical name of
  issuers_v2.csv where it contains one (a DPRK row only if the name names no foreign country: "the
  Russian Foreign Ministry" is not the DPRK's);
- else the earliest known issuer (fallback rows of issuers_v2.csv) in the title, then the lead;
- issuer_country: the canonical row's country, else the first country named in the speaker's name, else
  in the words that describe it in the lead ("Adnan Arbash, chairman of the ... Union of Syria"), else KP;
- responds_to: responds_to_v1.csv, a support or response word near a DPRK document in title and lead.

The per-row work is plain Python `re` over the title and the first LEAD_CHARS characters, only for the
speaking genres (about a third of the corpus).
"""

from __future__ import annotations

import functools
import re

import polars as pl

from kcna_dataset.fields import rules

LEAD_CHARS = 400
"""As docs/labelling.md: the issuer is read from the title and the lead (the first 400 characters)."""
SPEAKING_TYPES = (
    "press_statement", "statement", "answer", "commentary", "editorial",
    "message", "speech", "interview", "memorandum", "indictment",
)
DPRK = "KP"
SPOKESPERSON_OF = {"Ministry of Foreign Affairs": "Ministry of Foreign Affairs (spokesperson)"}
"""Bodies whose spokesperson is a separate issuer (kept from issuers_v1 so that old counts stay comparable)."""

# Words of rank and address before a name: 'Leader Kim Jong Il', 'DPRK Premier Choe Yong Rim', 'El Mariscal'.
TITLE_WORDS = {
    "leader", "secretary", "general", "president", "premier", "chairman", "chairwoman", "chairperson",
    "comrade", "marshal", "respected", "supreme", "dear", "great", "mr", "mrs", "ms", "dr", "prof", "dprk",
    "vice-chairman", "vice-president", "vice-premier", "director", "his", "excellency",
    "h.e.", "he", "el", "la", "mariscal", "dirigente", "presidente", "maximo", "máximo", "secretario", "prime",
    "generalissimo", "chief", "head", "ambassador", "delegate", "member", "vice", "first", "reserve", "colonel",
}
ROLE = re.compile(
    r",\s+(?:who\b|the\s+|an?\s+|(?:[\w-]+\s+){0,2}?(?:vice-?|deputy\s+|first\s+|acting\s+|general\s+)?(?:chairman|chairwoman|chairperson|"
    r"president|premier|secretary|member|minister|director|head|chief|leader|editor|representative|presidente|"
    r"jefe|miembro|secretario|ministro|director|premier|rector|captain|coordinator|managing|manager|delegado)\b)",
    re.I,
)
TRAILING_PLACE = re.compile(r"\s+(?:in|of)\s+(?:south Korea|S\. Korea|Japan|the DPRK|DPRK)$", re.I)
# A subject that runs on into what it did: 'The South Side Committee ... called its steering commission and issued'.
RUN_ON = re.compile(r"\s+(?:called|held|convened|met|gathered|with an?\s|and the (?=[A-Z]))")
PARENTHESES = re.compile(r"\s*\([^)]*\)")
PERSON = re.compile(r"[A-Z][\w'.-]*(?: [A-Z][\w'.-]*){1,3}")
PERSON_RUN = re.compile(r"(?:^|\s)((?:[A-Z][\w'.-]*\s+){1,3}[A-Z][\w'.-]*)$")


@functools.cache
def known() -> list[tuple[str, str, bool, re.Pattern]]:
    """issuers_v2.csv: (canonical name, country, usable as fallback, compiled pattern)."""
    frame = rules.load("issuers")
    return [(name, country, fallback == "yes", re.compile(pattern, re.I))
            for name, country, fallback, pattern in frame.select("issuer", "country", "fallback", "pattern").rows()]


@functools.cache
def speaker_patterns() -> dict[str, list[tuple[str, re.Pattern]]]:
    """speaker_patterns_v1.csv by article type: [(where, compiled pattern)] in file order."""
    by_type: dict[str, list[tuple[str, re.Pattern]]] = {}
    for types, where, pattern in rules.load("speaker_patterns").select("types", "where", "pattern").rows():
        for article_type in types.split():
            by_type.setdefault(article_type, []).append((where, re.compile(pattern)))
    return by_type


@functools.cache
def _countries() -> tuple[re.Pattern, dict[str, str]]:
    """One alternation of every country alias of the gazetteer (longest first) and alias -> ISO code."""
    frame = rules.load("gazetteer").filter(pl.col("entity_type") == "country")
    codes = {alias.lower(): code for alias, code in frame.select("alias", "country_code").rows()}
    alternation = "|".join(re.escape(alias) for alias in sorted(codes, key=len, reverse=True))
    return re.compile(rf"(?<![\w.])(?:{alternation})(?!\w)", re.I), codes


def countries_in(text: str) -> list[str]:
    """ISO codes of the countries named in `text`, in order of first appearance."""
    pattern, codes = _countries()
    found: list[str] = []
    for match in pattern.finditer(text):
        code = codes.get(match.group(0).lower())
        if code and code not in found:
            found.append(code)
    return found


def canonical(name: str) -> tuple[str, str] | None:
    """The canonical (name, country) of issuers_v2.csv that `name` contains, earliest match first."""
    best = None
    for issuer, country, _, pattern in known():
        match = pattern.search(name)
        if match and country == DPRK and any(code != DPRK for code in countries_in(name[: match.start()] + " " + name[match.end():])):
            continue  # 'the Russian Foreign Ministry' is not the DPRK's
        if match and (best is None or match.start() < best[0]):
            best = (match.start(), issuer, country)
    return (best[1], best[2]) if best else None


def trim(who: str) -> str:
    """A speaker without parentheses, the role that follows a name ('X, chairman of ...') or what it did next."""
    who = PARENTHESES.sub("", who).strip(" ,\"'“”")
    role = ROLE.search(who)
    if role and role.start() > 0:
        who = who[: role.start()]
    run_on = RUN_ON.search(who)
    if run_on:
        who = who[: run_on.start()]
    return who


def clean(who: str) -> str:
    """A speaker as the guide writes it: trimmed, without leading article or rank, nor a trailing place."""
    who = TRAILING_PLACE.sub("", trim(who))
    who = re.sub(r"^(?:the\s+)?south Korean\s+(?=[A-Z])", "", who)
    words = who.split()
    titled = bool(words) and (words[0].lower().strip(".,") in TITLE_WORDS or (len(words) > 1 and countries_in(words[0])
                                                                               and words[1].lower() in TITLE_WORDS))
    while len(words) > 1 and (words[0].lower().strip(".,") in TITLE_WORDS | {"the", "a", "an", "of", "del", "de"}
                              or (countries_in(words[0]) and words[1].lower() in TITLE_WORDS)):
        words.pop(0)
    who = " ".join(words)
    run = PERSON_RUN.search(who)
    if titled and run and run.start(1) > 0:
        who = " ".join(w for w in run.group(1).split() if w.lower() not in TITLE_WORDS)
    return who.strip(" ,")


def find_speaker(article_type: str, title: str, lead: str) -> tuple[str | None, str | None]:
    """(issuer, issuer_country) of one article of a speaking type."""
    for where, pattern in speaker_patterns().get(article_type, []):
        match = pattern.search(title if where == "title" else lead)
        if not match:
            continue
        groups = match.groupdict()
        raw = groups.get("who") or groups.get("who2")
        if not raw:
            continue
        spokesman = "spokes" in pattern.pattern[:40] or "portavoz" in pattern.pattern[:40]
        trimmed = trim(raw)
        # A person's name is not searched for bodies: 'Kim Kang Il, vice-minister of National Defence' is a person.
        found = canonical(trimmed) or (None if PERSON.fullmatch(clean(raw)) else canonical(raw))
        if found:
            name, country = found
            if spokesman:
                name = SPOKESPERSON_OF.get(name, name)
            return name, country
        name = clean(raw)
        if len(name) < 3 or (not re.search(r"[A-Z]", name) and len(name.split()) <= 2):
            continue  # 'the group said in its statement': no name here
        context = lead[match.start(): match.end() + 200] if where == "lead" else title
        return name, country_of(name, context, title)
    return fallback(title, lead)


OUTLETS = ("Rodong Sinmun", "Minju Joson", "KCNA")
"""Commentaries and editorials fall back to the papers and the agency only: their leads name the bodies they discuss."""


def fallback(title: str, lead: str, outlets_only: bool = False) -> tuple[str | None, str | None]:
    """The earliest known issuer (fallback rows) in the title, else in the lead."""
    for text in (title, lead):
        best = None
        for issuer, country, usable, pattern in known():
            if not usable or (outlets_only and issuer not in OUTLETS):
                continue
            match = pattern.search(text)
            if match and (best is None or match.start() < best[0]):
                best = (match.start(), issuer, country)
        if best:
            return best[1], best[2]
    return None, None


def country_of(name: str, context: str, title: str) -> str:
    """The country of a speaker not in issuers_v2.csv: named in its name, else in its description, else KP."""
    if re.search(r"Koreans? (?:Residents? )?in Japan|\bChongryon\b", name + " " + context, re.I):
        return "JP"
    if re.search(r"\bnorth(?:ern)? side\b|\bnorth headquarters\b", name, re.I):
        return DPRK  # the north side headquarters of a pan-national alliance
    if re.search(r"\bsouth(?:ern)? side\b|\bsouth headquarters\b", name, re.I):
        return "KR"
    for text in (name, context, title):
        foreign = [code for code in countries_in(text) if code != DPRK]
        if foreign:
            return foreign[0]
        if countries_in(text):
            return DPRK
    return DPRK


@functools.cache
def responses() -> list[tuple[str, re.Pattern]]:
    """responds_to_v1.csv: (document type, compiled pattern) in file order."""
    return [(kind, re.compile(pattern, re.I)) for kind, pattern in rules.load("responds_to").select("responds_to", "pattern").rows()]


def responds_to(title: str, lead: str) -> str | None:
    """The type of the DPRK document the article supports or responds to, where title or lead names one."""
    for text in (title, lead):
        for kind, pattern in responses():
            if pattern.search(text):
                return kind
    return None


def add_speaker(articles: pl.DataFrame) -> pl.DataFrame:
    """articles (with article_type) + issuer, issuer_country (null outside the speaking genres) + responds_to."""
    heads = articles.select(
        "article_type", "title", lead=pl.col("body").str.slice(0, LEAD_CHARS),
    )
    issuers, countries, answered = [], [], []
    for article_type, title, lead in heads.iter_rows():
        title, lead = title or "", lead or ""
        issuer, country = find_speaker(article_type, title, lead) if article_type in SPEAKING_TYPES else (None, None)
        issuers.append(issuer)
        countries.append(country if issuer else None)
        answered.append(responds_to(title, lead))
    return articles.with_columns(
        issuer=pl.Series(issuers, dtype=pl.String),
        issuer_country=pl.Series(countries, dtype=pl.String),
        responds_to=pl.Series(answered, dtype=pl.String),
    )
