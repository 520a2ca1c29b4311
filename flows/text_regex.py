"""Regex building blocks shared by the rule-driven enrichments (polars uses Rust's regex: no look-around)."""

from __future__ import annotations

import unicodedata

_SPECIAL = set("\\.^$|?*+()[]{}-#&~")


def escape(literal: str) -> str:
    """A literal as a Rust-regex pattern (Python's re.escape also escapes spaces, which Rust rejects)."""
    return "".join("\\" + char if char in _SPECIAL else char for char in literal)


def phrase(literal: str) -> str:
    """A literal phrase that tolerates what KCNA texts do to it: any run of spaces or a line break
    between words, and the curly apostrophe of kcna.kp ('Workers’ Party')."""
    return r"\s+".join(escape(word) for word in literal.split()).replace("'", "['’]")


def fold_accents(text: str) -> str:
    """'Japón' -> 'Japon': kcna.co.jp's Spanish texts often drop accents."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def alternation(patterns: list[str]) -> str:
    """One alternation, longest first, so that the longest alternative wins where several start at
    the same position ('the Republic of Korea' before 'the Republic')."""
    return "|".join(sorted(set(patterns), key=lambda p: (-len(p), p)))
