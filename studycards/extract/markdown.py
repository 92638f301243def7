"""A note body as paragraphs under headings: just enough Markdown to find terms and figures.

Headings, fenced code, HTML comments and tables produce no cards; list items and block quotes
are paragraphs of their own, without their markers (a list's `1.` is not a key figure).
"""

from __future__ import annotations

import re
from typing import NamedTuple

# Only the opening is matched by a pattern; the closing `#`s are cut with str methods, which
# cannot backtrack (a pattern for both goes quadratic on long runs of spaces and tabs).
_HEADING = re.compile(r" {0,3}#{1,6}(?:[ \t]|$)")
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
_LIST_ITEM = re.compile(r"[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+")
_QUOTE = re.compile(r"[ \t]*(?:>[ \t]?)+")
_RULE = re.compile(r" {0,3}(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,})$")
_TABLE_ROW = re.compile(r"[ \t]*\|")
# A line can only be block syntax (heading, list, quote, fence, rule, table, comment) if it
# starts with one of these.
_MARKUP_START = frozenset("#>-*+_|`~< \t0123456789")


class Paragraph(NamedTuple):
    """Consecutive text lines; `line` is the file line of the first one (a tuple: a note
    has dozens, made faster this way than as a frozen dataclass)."""

    text: str
    line: int
    heading: str


def _heading_text(rest: str) -> str:
    """An ATX heading's text without its optional closing `#` sequence."""
    rest = rest.strip()
    closed = rest.rstrip("#")
    if closed != rest and (not closed or closed[-1] in " \t"):
        rest = closed.strip()
    return rest


def _strip_markers(line: str) -> tuple[str, bool]:
    """The line without quote/list markers, and whether it starts a list item."""
    quote = _QUOTE.match(line)
    if quote:
        line = line[quote.end() :]
    item = _LIST_ITEM.match(line)
    if item:
        return line[item.end() :], True
    return line, False


def paragraphs(body: str, first_line: int) -> list[Paragraph]:
    """The paragraphs of `body`, whose first line is line `first_line` of the file."""
    result: list[Paragraph] = []
    heading = ""
    buffer: list[str] = []
    start = 0
    fence = ""
    in_comment = False

    def flush() -> None:
        if buffer:
            result.append(Paragraph("\n".join(buffer), start, heading))
            buffer.clear()

    for index, line in enumerate(body.split("\n")):
        if fence:
            if line.lstrip().startswith(fence):
                fence = ""
            continue
        if in_comment:
            if "-->" in line:
                in_comment = False
            continue
        if not line or line.isspace():  # what `not line.strip()` says, without a copy
            if buffer:  # flush(), inlined for the most common line after prose
                result.append(Paragraph("\n".join(buffer), start, heading))
                buffer.clear()
            continue
        number = first_line + index
        if line[0] not in _MARKUP_START:
            # Prose (most lines of a transcript): no block syntax to look for.
            if not buffer:
                start = number
            buffer.append(line)
            continue
        if line[0] == "#":
            # Only a heading starts with `#` (no rule, table, fence or comment does): one to
            # six of them, then a space, a tab or the line's end (what _HEADING matches).
            level = len(line) - len(line.lstrip("#"))
            if level <= 6 and (level == len(line) or line[level] in " \t"):
                if buffer:
                    flush()
                heading = _heading_text(line[level + 1 :])
                continue
        stripped = line.strip()
        if _RULE.match(line) or _TABLE_ROW.match(line):
            flush()
            continue
        fence_match = _FENCE.match(line)
        if fence_match:
            flush()
            fence = fence_match.group(1)
            continue
        if stripped.startswith("<!--"):
            flush()
            in_comment = "-->" not in stripped
            continue
        heading_match = _HEADING.match(line)
        if heading_match:
            flush()
            heading = _heading_text(line[heading_match.end() :])
            continue
        text, is_item = _strip_markers(line)
        if is_item:
            flush()
        if not buffer:
            start = number
        buffer.append(text)
    flush()
    return result
