"""Sentences and clauses of Chinese and English prose, as (start, end) offsets.

Chinese sentences end at `。！？；`. English ones end at `.`, `!` or `?` followed by a space,
unless the period closes an abbreviation (`U.S.`, `F.D. Roosevelt`, `e.g.`, `Mr.`) or what
follows starts in lower case. Candidate boundaries come from one compiled pattern; only those
few candidates are inspected in Python.
"""

from __future__ import annotations

import re

_CLOSERS = r"[”’\"'」』）)\]]*"
# One character class first, so the engine skips to candidates; ASCII marks are then kept
# only where whitespace or the end follows (not in 1.2 or example.org).
_BOUNDARY = re.compile(rf"[。！？；.!?][。！？；.!?]*{_CLOSERS}")
# Clause breaks inside a sentence: commas and colons, but not inside numbers (300,000; 3:1).
# One character class, so the engine skips to candidates; `,` and `:` between digits and a
# lone `—` are then dropped in Python.
_CLAUSE = re.compile(r"[，；：;,:—]")
_TOKEN_BEFORE = re.compile(r"(\S+)$")
# `\s` and str.isspace agree on what whitespace is.
_LEADING_SPACE = re.compile(r"\s*")
_LOOK_BACK = 24
_NEWLINE = re.compile(r"[ \t]*\n[ \t]*")
# What a Latin word can end with: a line break after it joins with a space.
ASCII_WORD_END = re.compile(r"[A-Za-z0-9,.;:!?)\]'\"%]")
_ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "sr",
        "jr",
        "st",
        "vs",
        "etc",
        "no",
        "nos",
        "inc",
        "ltd",
        "co",
        "corp",
        "gen",
        "col",
        "lt",
        "sgt",
        "gov",
        "sen",
        "rep",
        "pres",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "fig",
        "figs",
        "approx",
        "cf",
        "al",
        "dept",
        "est",
        "op",
        "vol",
        "ch",
        "pp",
        "ed",
        "eds",
        "univ",
        "mt",
        "ft",
    ]
)


def _is_abbreviation(text: str, dot: int) -> bool:
    """Whether the period at `dot` closes an abbreviation rather than a sentence."""
    # Abbreviations are short: looking back a few characters keeps this linear.
    match = _TOKEN_BEFORE.search(text, max(0, dot - _LOOK_BACK), dot)
    if match is None:
        return False
    token = match.group(1).lstrip("(\"'“‘[")
    if len(token) == 1 and token.isalpha():
        return True  # an initial: F. D. Roosevelt
    if "." in token and token.replace(".", "").isalpha():
        return True  # U.S, e.g, F.D
    return token.casefold() in _ABBREVIATIONS


def _next_starts_lower(text: str, end: int) -> bool:
    rest = text[end : end + 8].lstrip()
    return bool(rest) and rest[0].islower()


def sentences(text: str, until: int | None = None) -> list[tuple[int, int]]:
    """(start, end) of each sentence in `text`, ends including the closing punctuation.
    With `until`, only the sentences up to the one that reaches offset `until`."""
    spans: list[tuple[int, int]] = []
    start = 0
    length = len(text)
    for match in _BOUNDARY.finditer(text):
        at, end = match.span()
        if text[at] in ".!?":
            if end < length and not text[end].isspace():
                continue
            mark = match.group()
            single_period = mark[0] == "." and len(mark.rstrip("”’\"'」』）)]")) == 1
            if single_period and (_is_abbreviation(text, at) or _next_starts_lower(text, end)):
                continue
        # The span ends with the boundary's mark or closer, never with a space, so only its
        # start needs trimming; and it is never blank.
        if text[start].isspace():
            space = _LEADING_SPACE.match(text, start)  # `\s*` always matches
            if space:
                start = space.end()
        spans.append((start, end))
        if until is not None and end >= until:
            return spans
        start = end
    tail = text[start:]
    if tail.strip():
        left = len(tail) - len(tail.lstrip())
        spans.append((start + left, length - (len(tail) - len(tail.rstrip()))))
    return spans


def clause_breaks(text: str, start: int, end: int) -> list[int]:
    """Offsets just after each clause break in text[start:end]."""
    found = []
    paired = -1  # the second dash of the last `——`, already used
    for match in _CLAUSE.finditer(text, start, end):
        at = match.start()
        mark = text[at]
        if mark in ",:":
            if 0 < at < len(text) - 1 and text[at - 1].isdigit() and text[at + 1].isdigit():
                continue  # 300,000 or 3:1
        elif mark == "—":
            if at <= paired or at + 1 >= end or text[at + 1] != "—":
                continue  # a lone dash, or the second of a pair
            paired = at + 1
            found.append(at + 2)
            continue
        found.append(at + 1)
    return found


def clause_ends(text: str, start: int, end: int) -> list[int]:
    """Offsets in `text[start:end]` where a clause ends (after its comma), and `end` itself."""
    return [*clause_breaks(text, start, end), end]


def join_lines(text: str) -> str:
    """Paragraph lines joined: with a space between Latin words, directly between CJK."""
    if "\n" not in text:
        return text

    def repl(match: re.Match[str]) -> str:
        before = text[match.start() - 1] if match.start() else ""
        after = text[match.end()] if match.end() < len(text) else ""
        return " " if ASCII_WORD_END.match(before) or ASCII_WORD_END.match(after) else ""

    return _NEWLINE.sub(repl, text)
