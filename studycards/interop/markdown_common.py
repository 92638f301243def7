"""Pieces the Obsidian and hashcards readers share: front matter, fenced code, paragraphs
with their line numbers and the heading they sit under."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from studycards.errors import NoteError
from studycards.interop.html_text import math_source, media_reference
from studycards.model import Note, NoteType, Source, note_id_for
from studycards.notes.reading import front_matter

_HEADING = re.compile(r"^#{1,6}\s+(.*?)\s*#*\s*$")
_FENCE = re.compile(r"^\s*(```|~~~)")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
# ![alt](path "title"), ![alt](<path with spaces>) and Obsidian's embed ![[file|size]].
_IMAGE = re.compile(r"!\[[^\]\n]*\]\(\s*(?:<([^>\n]+)>|([^)\s]+))(?:\s+\"[^\"\n]*\")?\s*\)")
_EMBED = re.compile(r"!\[\[([^\]|#\n]+)(?:[#|][^\]\n]*)?\]\]")
_SOUNDS = (".mp3", ".wav", ".ogg", ".oga", ".m4a", ".flac", ".opus", ".aac", ".webm", ".mp4")


@dataclass(frozen=True, slots=True)
class Block:
    """Consecutive non-blank lines: (1-based line number, text) each."""

    lines: tuple[tuple[int, str], ...]
    heading: str


def display_text(markdown: str, *, math: bool = False) -> str:
    """Card text from Markdown the way studycards shows every card: HTML comments dropped
    (Markdown viewers hide them), images and embedded audio as `[image: x]` / `[sound: x]`,
    and with `math` MathJax `\\(…\\)` / `\\[…\\]` as `$…$` / `$$…$$` (hashcards reads them
    as math; in Obsidian they are escaped brackets)."""
    if "<!--" in markdown:
        markdown = _COMMENT.sub("", markdown)
    if "![" in markdown:
        markdown = _EMBED.sub(lambda m: _media(m.group(1)), markdown)
        markdown = _IMAGE.sub(lambda m: _media(m.group(1) or m.group(2)), markdown)
    if math:
        markdown = math_source(markdown)
    return markdown.strip()


def _media(name: str) -> str:
    name = name.strip()
    kind = "sound" if name.lower().endswith(_SOUNDS) else "image"
    return media_reference(kind, name)


def split_front_matter(text: str) -> tuple[str, int, str]:
    """(front matter text, lines it took, body), split as notes are. Front matter that is
    never closed is read as body here: the importers read what they can."""
    try:
        split = front_matter(text)
    except NoteError:
        return "", 0, text
    return split.raw, split.body_line - 1, split.body


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


@dataclass
class NoteCollector:
    """The notes read from one file, each once: an empty question or a repeat is a warning."""

    notes: list[Note] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    seen: set[str] = field(default_factory=set)

    def add(
        self,
        note_type: NoteType,
        deck: str,
        key: str,
        fields: dict[str, str],
        where: Source,
        *,
        reversed_: bool = False,
    ) -> str | None:
        """The id of the note added, or None when it was skipped (with a warning)."""
        note_id = note_id_for(note_type, key)
        if not key.strip():
            self.warnings.append(f"{where}: a card with an empty question; skipped")
            return None
        if note_id in self.seen:
            self.warnings.append(f"{where}: the same card appears earlier; skipped")
            return None
        self.seen.add(note_id)
        self.notes.append(Note(note_id, note_type, deck, fields, source=where, reversed=reversed_))
        return note_id
