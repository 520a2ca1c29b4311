"""Regex building blocks shared by the rule-driven enrichments (polars uses Rust's regex: no look-around)."""

from __future__ import annotations

import bisect
import re
import unicodedata

_SPECIAL = set("\\.^$|?*+()[]{}-#&~")


def escape(literal: str) -> str:
    """A literal as a Rust-regex pattern (Python's re.escape also escapes spaces, which Rust rejects)."""
    return "".join("\\" + char if char in _SPECIAL else char for char in literal)


def phrase(literal: str) -> str:
    """A literal phrase that tolerates what KCNA texts do to it: any run of spaces or a line break
    between words, and the curly apostrophe of kcna.kp ('Workers’ Party')."""
    return r"\s+".join(escape(word) for word in literal.split()).replace("'", "['’]")


ROW_BY_ROW_MAX = 100
"""Batches up to this many articles match the type and issuer rules row by row with Python's re, compiled once
per process (in the stages' warm-up): polars compiles each pattern again on every call (its per-thread cache
holds fewer patterns than the rules have), ~0.15 s a batch, which a refresh's few articles would pay in full;
row by row costs ~1 ms an article (docs/benchmarks.md)."""

_ASCII_BOUNDARY = r"(?:(?<=[0-9A-Za-z_])(?![0-9A-Za-z_])|(?<![0-9A-Za-z_])(?=[0-9A-Za-z_]))"


def ascii_boundaries(pattern: str) -> str:
    """A pattern for polars' regex engine: ASCII word boundaries, which keep its fast engines usable on text
    with non-ASCII letters (Unicode ones made the issuer step 20 times slower)."""
    return pattern.replace(r"\b", r"(?-u:\b)")


def rust_pattern(pattern: str) -> str:
    """A rule pattern as polars matches it: case-insensitive, with ASCII word boundaries."""
    return "(?i)" + ascii_boundaries(pattern)


def python_pattern(pattern: str) -> re.Pattern:
    """What rust_pattern(pattern) matches, compiled for Python's re (its \\b is Unicode, so the ASCII boundary
    is spelt out with look-arounds)."""
    return re.compile(pattern.replace(r"\b", _ASCII_BOUNDARY), re.IGNORECASE)


def fold_accents(text: str) -> str:
    """'Japón' -> 'Japon': kcna.co.jp's Spanish texts often drop accents."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def alternation(patterns: list[str]) -> str:
    """One alternation, longest first, so that the longest alternative wins where several start at
    the same position ('the Republic of Korea' before 'the Republic')."""
    return "|".join(sorted(set(patterns), key=lambda p: (-len(p), p)))


_SPACE, _APOSTROPHE = r"\s+", "['’]"
_ESCAPED = {char: "\\" + char for char in _SPECIAL} | {"'": _APOSTROPHE}


def _tokens(literal: str, ignore_case: bool) -> list[str]:
    """The pieces phrase() makes of a literal, one per character or word gap; under (?i) letters are
    lower-cased, which matches the same characters."""
    pieces = []
    for word in literal.split():
        if pieces:
            pieces.append(_SPACE)
        if ignore_case:
            word = "".join(char.lower() if len(char.lower()) == 1 else char for char in word)
        pieces.extend(map(_ESCAPED.get, word, word))
    return pieces


def _characters(token: str, ignore_case: bool) -> set[str]:
    """The characters a token matches (a gap none: phrase() splits on whitespace, so no literal character
    is a space), for telling whether two branches could match the same text."""
    chars = set() if token == _SPACE else {"'", "’"} if token == _APOSTROPHE else {token[-1]}
    return {form for char in chars for form in (char.lower(), char.upper(), char.casefold())} if ignore_case else chars


def trie_alternation(literals: list[str], ignore_case: bool = False) -> str:
    """What alternation([phrase(l) for l in literals]) matches, written as a prefix tree: 'Korea(?:n|)'.

    The same matches, because the alternatives are literal (no two branches of a node can match the same
    character) and a longer alternative comes before any of its prefixes, as longest-first has it; but
    the regex engine tries one branch per character instead of every alias, which makes the lazy DFA
    of a 600-alias alternation several times faster. `ignore_case` for a pattern under (?i).
    """
    alternatives = sorted({tuple(_tokens(literal, ignore_case)) for literal in literals})

    def render(lo: int, hi: int, depth: int) -> str:
        """alternatives[lo:hi], which share their first `depth` tokens; sorted, so their common prefix
        is that of the first and the last, and an alternative that ends there comes first."""
        first, last = alternatives[lo], alternatives[hi - 1]
        end = depth
        while end < len(first) and end < len(last) and first[end] == last[end]:
            end += 1
        ends_here = len(first) == end
        parts, start = [], lo + ends_here
        owner: dict[str, str] = {}
        while start < hi:
            token = alternatives[start][end]
            stop = bisect.bisect_right(alternatives, token, start, hi, key=lambda tokens: tokens[end])
            for char in _characters(token, ignore_case):
                if owner.setdefault(char, token) != token:
                    raise ValueError(f"alternatives {owner[char]!r} and {token!r} overlap: no prefix tree for them")
            parts.append(render(start, stop, end))
            start = stop
        parts += [""] * ends_here  # the end of an alternative: tried after every longer one through it
        return "".join(first[depth:end]) + (parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")")

    return render(0, len(alternatives), 0) if alternatives else ""
