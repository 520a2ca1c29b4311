"""Counts of rule-file patterns per article, as polars expressions (one regex pass per column, no Python per row).

Shared by the naming of south Korea and the weapons terms: a rule file lists Rust-regex patterns, each with the
column it counts into; the patterns of one column become one alternation wrapped in ASCII word boundaries
(`(?-u:\b)`, which keep the regex engine's fast DFA on texts with curly quotes; see rhetoric.lexicon_pattern), so
an occurrence counts once even where two patterns could match it.
"""

from __future__ import annotations

import re

import polars as pl


def text() -> pl.Expr:
    """What the counts read: the title and the body, as one text."""
    return pl.concat_str([pl.col("title"), pl.col("body")], separator="\n")


def checked(patterns: list[str], rule: str) -> list[str]:
    """The patterns, refused with the rule's name when one is not a regex or does not begin and end in ASCII
    (ASCII word boundaries would never match next to a non-ASCII letter)."""
    for pattern in patterns:
        try:
            re.compile(pattern)
        except re.error as failure:
            raise ValueError(f"{rule}: pattern {pattern!r} is not a regex: {failure}") from None
        if not (pattern[0].isascii() and pattern[-1].isascii()):
            raise ValueError(f"{rule}: pattern {pattern!r} must begin and end with an ASCII character")
    return patterns


def alternation(patterns: list[str], ignore_case: bool) -> str:
    """One whole-word alternation of the patterns, in the order given (the regex takes the first that matches)."""
    return ("(?i)" if ignore_case else "") + r"(?-u:\b)(?:" + "|".join(f"(?:{p})" for p in patterns) + r")(?-u:\b)"


def count(source: pl.Expr, patterns: list[str], ignore_case: bool) -> pl.Expr:
    """Occurrences of any of the patterns in `source` (0 where there are no patterns)."""
    if not patterns:
        return pl.lit(0, pl.UInt32)
    return source.str.count_matches(alternation(patterns, ignore_case))
