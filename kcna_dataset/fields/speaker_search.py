"""The speaker patterns (speaker_patterns_v4.csv) run by polars over whole columns, with Python's answers.

issuer.find_speaker tries an article's patterns one by one with Python's `re`; over the speaking genres of
the corpus (38,000 articles) that row-by-row search was most of the issuer step. Here each pattern is
translated once into the syntax of polars' regex engine (Rust: no look-around) so that one
`str.extract_groups` per pattern gives, for every article at once, the same first match Python's
`re.search` gives: the same speaker groups, the whole match and where it starts.

The translation is mechanical and exact for the forms the patterns use:
- a look-ahead at the end, `X(?=Y)`, becomes `(?P<whole>X)(?:Y)`: Y is consumed but left out of the match;
- a look-behind at a sentence start, `(?:^|(?<=[.!?:])\\s+|\\n+)REST`, becomes the three starts as
  alternatives, the look-behind one consuming its character before the match;
- the leftmost match comes from a lazy prefix, `^(?P<pre>.*?)`, whose length is the match's start. At one
  prefix length the alternatives are ordered as Python would reach them: every start at that position
  first, then the look-behind starts, which begin one character later.
A pattern with any other look-around (the interview and named-writer patterns look behind abbreviations
such as 'Mt.') stays with Python, run only where polars finds a word it needs.
"""

from __future__ import annotations

import functools
import re
from typing import NamedTuple

import polars as pl

from kcna_dataset.fields import rules

WHOLE, FROM = "whole", "from"
GROUPS = ("who", "who2")
LOOKAROUND = re.compile(r"\(\?<?[=!]")
SENTENCE_STARTS = {
    r"(?:^|(?<=[.!?:])\s+|\n+)": ("^", r"\n+", "[.!?:]"),
    r"(?:^|(?<=[.!?])\s+)": ("^", None, "[.!?]"),
}
"""Sentence starts of the patterns: (anchor, a start at the same position, the look-behind's class)."""


def _structure(pattern: str):
    """(index, character, depth before it) of each character outside escapes and character classes."""
    depth, index, in_class = 0, 0, False
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            index += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
            index += 1 + (pattern[index + 1: index + 3] == "^]") * 2 + (pattern[index + 1: index + 2] == "]")
            continue
        else:
            yield index, char, depth
            depth += (char == "(") - (char == ")")
        index += 1


def _top_level(pattern: str) -> list[str]:
    """`pattern` split at its top-level alternatives."""
    cuts = [index for index, char, depth in _structure(pattern) if char == "|" and depth == 0]
    return [pattern[a + 1: b] for a, b in zip([-1, *cuts], [*cuts, len(pattern)])]


def _closing(pattern: str, opening: int) -> int:
    """The index of the parenthesis that closes the group opened at `opening`."""
    level = next(depth for index, _, depth in _structure(pattern) if index == opening)
    return next(index for index, char, depth in _structure(pattern)
                if index > opening and char == ")" and depth == level + 1)


def _ends(pattern: str) -> set[int]:
    """Where `pattern` has an end anchor `$` (outside classes and escapes)."""
    return {index for index, char, _ in _structure(pattern) if char == "$"}


def _renamed(pattern: str, suffix: str) -> str:
    return re.sub(r"\(\?P<(who2?)>", lambda m: f"(?P<{m.group(1)}_{suffix}>", pattern)


def rust_form(pattern: str) -> tuple[str, list[tuple[str, bool]]] | None:
    """`pattern` (Python syntax) for polars: the pattern with groups `from` (the text from the match on) and, for
    each variant `v`, `whole_v`, `who_v`, `who2_v`, `lb_v` (the look-behind's character, if any); and the
    variants as (suffix, starts after a look-behind character). None where a look-around is left."""
    flags = ""
    if pattern.startswith("(?i)"):
        flags, pattern = "(?i)", pattern[4:]
    here, later, variants = [], [], []
    for number, alternative in enumerate(_top_level(pattern)):
        ahead = ""
        openings = [i for i, char, _ in _structure(alternative) if char == "(" and alternative.startswith("(?=", i)]
        if openings and _closing(alternative, openings[-1]) == len(alternative) - 1:
            ahead = "(?:" + alternative[openings[-1] + 3:-1] + ")"
            alternative = alternative[:openings[-1]]
        starts = next(((key, value) for key, value in SENTENCE_STARTS.items() if alternative.startswith(key)), None)
        if starts:
            alternative = alternative[len(starts[0]):]
        if LOOKAROUND.search(alternative) or LOOKAROUND.search(ahead) or _ends(alternative):
            return None  # polars' engine has no look-around; Python's `$` also holds before a final newline
        ends = _ends(ahead)  # once, not once per character
        ahead = "".join(r"(?:\n?\z)" if index in ends else char for index, char in enumerate(ahead))
        if not starts:
            suffix = f"{number}"
            here.append(f"(?P<{WHOLE}_{suffix}>{_renamed(alternative, suffix)}){ahead}")
            variants.append((suffix, False))
            continue
        anchor, same_position, behind = starts[1]
        for kind, start in (("a", anchor), ("n", same_position)):
            if start:
                suffix = f"{number}{kind}"
                here.append(f"(?P<{WHOLE}_{suffix}>{start}{_renamed(alternative, suffix)}){ahead}")
                variants.append((suffix, False))
        suffix = f"{number}b"
        later.append(f"(?P<lb_{suffix}>{behind})(?P<{WHOLE}_{suffix}>\\s+{_renamed(alternative, suffix)}){ahead}")
        variants.append((suffix, True))
    return f"{flags}(?P<{FROM}>(?:{'|'.join(here + later)})(?s:.*))", variants


@functools.lru_cache(maxsize=64)
def _compiled(pattern: str) -> tuple[str, tuple[tuple[str, bool], ...]] | None:
    form = rust_form(pattern)
    # Unicode word boundaries, as Python's: 'condenó' ends a word. They cost little here (few, short texts).
    return (form[0], tuple(form[1])) if form else None


def first_matches(texts: pl.Series, pattern: re.Pattern) -> pl.DataFrame:
    """For each text, Python's `pattern.search(text)`: columns who, who2, whole (the match) and start
    (its first character), all null where nothing matches."""
    form = _compiled(pattern.pattern)
    if form is None:
        return _python_matches(texts, pattern)
    regex, variants = form
    frame = texts.rename("text").to_frame().with_row_index("_row")
    # Which texts match at all is a search without groups (fast); only those run the capturing engine.
    hits = frame.filter(pl.col("text").str.contains(regex))
    groups = hits["text"].str.extract_groups(regex).struct.unnest()
    behind = [pl.when(groups[f"lb_{s}"].is_not_null()).then(1) for s, after in variants if after]
    columns = {name: pl.coalesce([groups[f"{name}_{s}"] for s, _ in variants if f"{name}_{s}" in groups.columns]
                                 or [pl.lit(None, pl.String)]) for name in (*GROUPS, WHOLE)}
    found = groups.select(
        _row=hits["_row"], **columns,
        start=(hits["text"].str.len_chars() - groups[FROM].str.len_chars() + pl.coalesce([*behind, pl.lit(0)]))
        .cast(pl.UInt32),
    )
    return frame.select("_row").join(found, on="_row", how="left", maintain_order="left").drop("_row")


def _python_matches(texts: pl.Series, pattern: re.Pattern) -> pl.DataFrame:
    names = [name for name in GROUPS if name in pattern.groupindex]
    rows = []
    for text in texts:
        match = pattern.search(text) if text is not None else None
        rows.append((*(match.group(name) for name in names), match.group(0), match.start()) if match
                    else (*(None for _ in names), None, None))
    frame = pl.DataFrame(rows, schema={**{n: pl.String for n in names}, WHOLE: pl.String, "start": pl.UInt32},
                         orient="row")
    return frame.with_columns([pl.lit(None, pl.String).alias(n) for n in GROUPS if n not in names]) \
        .select(*GROUPS, WHOLE, "start")


class Pattern(NamedTuple):
    """One row of speaker_patterns_v4.csv: its order, the article types it serves, where it looks (title or
    lead), the words one of which the lower-cased text must hold, the compiled pattern."""

    order: int
    types: tuple[str, ...]
    where: str
    needs: tuple[str, ...]
    compiled: re.Pattern

    @property
    def spokesman(self) -> bool:
        """The speaker is a spokesman's body: a spokesman of the Foreign Ministry is a separate issuer."""
        return "spokes" in self.compiled.pattern[:40] or "portavoz" in self.compiled.pattern[:40]


@functools.cache
def table() -> tuple[Pattern, ...]:
    """The rows of speaker_patterns (the version in rules.RULES), in order."""
    frame = rules.load("speaker_patterns").with_columns(pl.col("needs").fill_null(""))
    return tuple(Pattern(order, tuple(types.split()), where, tuple(filter(None, needs.split("|"))), re.compile(pattern))
                 for order, (types, where, needs, pattern) in
                 enumerate(frame.select("types", "where", "needs", "pattern").rows()))


@functools.cache
def speaker_patterns() -> dict[str, list[Pattern]]:
    """The patterns of each article type, in order."""
    by_type: dict[str, list[Pattern]] = {}
    for row in table():
        for article_type in row.types:
            by_type.setdefault(article_type, []).append(row)
    return by_type


SENTENCE_START = r"(?:^|(?<=[.!?:])\s+|\n+)"
FIRST_SENTENCE = r"^[^.!?:\n]*"


def is_subject(row: Pattern) -> bool:
    """The last lead pattern of its types, at a sentence start: whoever issued or sent what the type is. Its
    lazy search over every sentence is slow in both engines: polars tries the first sentence, Python the rest."""
    return SENTENCE_START in row.compiled.pattern and all(
        [r for r in speaker_patterns()[t] if r.where == "lead"][-1] is row for t in row.types)


@functools.cache
def first_sentence_form(pattern: str) -> str:
    """A subject pattern anchored at the lead's start, for polars (no look-behind, no long counted repeats: the
    lead has 400 characters)."""
    return pattern.replace("(?i)" + SENTENCE_START, "(?i)^", 1).replace("{3,400}?", "{3,}?")


LONG_REPEAT = re.compile(r"\{\d+,\d{3}\}")


def _in_polars(row: Pattern) -> bool:
    """Patterns polars runs faster than Python: those it can run (no look-around left) without counted
    repeats of a hundred or more, which swell its automata (a 200-repeat pattern: 3x slower than Python)."""
    return _compiled(row.compiled.pattern) is not None and not LONG_REPEAT.search(row.compiled.pattern)


def candidates(speaking: pl.DataFrame) -> pl.DataFrame:
    """Every pattern's first match in the articles of its types: `speaking` (columns _row, article_type,
    title, lead) in; _row, order, who, who2, whole, start out, one row per article and pattern that matched."""
    parts = []
    lowered = speaking.with_columns(title_lower=pl.col("title").str.to_lowercase(),
                                    lead_lower=pl.col("lead").str.to_lowercase())
    for row in table():
        texts = lowered.filter(pl.col("article_type").is_in(row.types))
        if row.needs:  # the pattern cannot match without one of these words
            texts = texts.filter(pl.col(f"{row.where}_lower").str.contains_any(list(row.needs)))
        texts = texts.select("_row", text=row.where)
        if is_subject(row):
            found = _subject_matches(texts["text"], row.compiled)
        elif _in_polars(row):
            found = first_matches(texts["text"], row.compiled)
        else:
            tail = _python_prefilter(row.compiled.pattern)
            if tail:  # what must follow the speaker, searched by polars first: Python reads only the texts holding it
                texts = texts.filter(pl.col("text").str.contains(tail))
            found = _python_matches(texts["text"], row.compiled)
        parts.append(found.with_columns(_row=texts["_row"], order=pl.lit(row.order, pl.UInt32))
                     .filter(pl.col(WHOLE).is_not_null()))
    return pl.concat(parts).select("_row", "order", *GROUPS, WHOLE, "start")


@functools.cache
def _after_speaker(pattern: str) -> str:
    """What a subject pattern needs after its speaker group, as a polars pattern that matches wherever Python's
    does (a superset): word boundaries dropped, and Python's \\s, which also holds \\x1c-\\x1f, widened."""
    opening = pattern.index("(?P<who>")
    tail = pattern[_closing(pattern, opening) + 1:]
    return "(?i)" + tail.replace(r"\b", "").replace(r"\s", r"[\s\x1c-\x1f]")


@functools.cache
def _python_prefilter(pattern: str) -> str | None:
    """For a pattern Python runs, what must follow its speaker group as a polars pattern that matches wherever Python's
    does (_after_speaker), where it has one alternative, one speaker group and no look-around after it; else None.
    The press-conference pattern's look-aheads made it the costliest of add_issuer (issuer_code_v14: 0.22 -> 0.05 s
    over the corpus, the same answers)."""
    if "(?P<who>" not in pattern or "(?P<who2>" in pattern or len(_top_level(pattern)) != 1:
        return None
    tail = _after_speaker(pattern)
    return None if LOOKAROUND.search(tail) or "$" in tail or "(?P<" in tail else tail


def _subject_matches(texts: pl.Series, pattern: re.Pattern) -> pl.DataFrame:
    """first_matches for a subject pattern: polars in the first sentence (anchored: fast), Python's search from
    the end of the first sentence where that found nobody."""
    groups = texts.str.extract_groups(f"(?P<{WHOLE}>{first_sentence_form(pattern.pattern)})").struct.unnest()
    frame = pl.DataFrame({"text": texts, "who": groups["who"], WHOLE: groups[WHOLE]}).with_row_index("_index")
    frame = frame.with_columns(pl.when(pl.col("who").is_not_null()).then(0).cast(pl.UInt32).alias("start"))
    # A match needs what follows the speaker (the verb: 'issued a statement'); texts without it are left out.
    rest = frame.filter(pl.col("who").is_null() & pl.col("text").str.contains(_after_speaker(pattern.pattern))) \
        .with_columns(first=pl.col("text").str.extract(FIRST_SENTENCE, 0))
    later = []
    for text, first in rest.select("text", "first").iter_rows():
        match = pattern.search(text, len(first)) if first else pattern.search(text)
        later.append((match.group("who"), match.group(0), match.start()) if match else (None, None, None))
    found = pl.DataFrame(later, schema={"who": pl.String, WHOLE: pl.String, "start": pl.UInt32}, orient="row")
    frame = frame.update(found.with_columns(_index=rest["_index"]), on="_index")
    return frame.select("who", who2=pl.lit(None, pl.String), whole=WHOLE, start="start")
