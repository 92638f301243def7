"""Pieces the Obsidian and hashcards readers share: front matter, fenced code, paragraphs
with their line numbers and the heading they sit under."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

_HEADING = re.compile(r"^#{1,6}\s+(.*?)\s*#*\s*$")
_FENCE = re.compile(r"^\s*(```|~~~)")


@dataclass(frozen=True, slots=True)
class Block:
    """Consecutive non-blank lines: (1-based line number, text) each."""

    lines: tuple[tuple[int, str], ...]
    heading: str


def split_front_matter(text: str) -> tuple[str, int, str]:
    """(front matter, lines it took, body). Front matter sits between `---` lines at the top."""
    lines = text.split("\n")
    if lines and lines[0].strip() == "---":
        for index in range(1, len(lines)):
            if lines[index].strip() in {"---", "..."}:
                return "\n".join(lines[1:index]), index + 1, "\n".join(lines[index + 1 :])
    return "", 0, text


def blocks(body: str, offset: int) -> Iterator[Block]:
    """Paragraphs outside fenced code. A heading ends a paragraph and names what follows."""
    heading = ""
    current: list[tuple[int, str]] = []
    fenced = False
    for index, line in enumerate(body.split("\n")):
        number = index + offset + 1
        if _FENCE.match(line):
            fenced = not fenced
            continue
        if fenced:
            continue
        match = _HEADING.match(line)
        if not line.strip() or match:
            if current:
                yield Block(tuple(current), heading)
                current = []
            if match:
                heading = match.group(1)
            continue
        current.append((number, line))
    if current:
        yield Block(tuple(current), heading)
