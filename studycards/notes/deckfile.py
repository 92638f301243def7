"""Deck files: a deck as plain-text Markdown, written by `build`, editable by hand, read back.

    ---
    deck: 美中AI竞赛的未来走向
    source: data/us-china-ai-race.md
    tags: [llm, national-security]
    ---

    ## 危险的领先劣势

    ### term 5be8f7c2a1d0e934
    - term: 大规模杀伤性武器
    - english: Weapons of Mass Destruction
    - abbr: WMDs
    - source: data/us-china-ai-race.md:28

A `##` line names the section the following notes come from; `###` starts a note with its type
and id. The id keeps a card's history across edits: change any text, keep the id. A note
written without an id gets one from its identifying text (as the builder would derive it).
Field values continue on lines indented by two spaces. Rendering is deterministic, so
rebuilding unchanged notes gives byte-identical files and diffs show only real changes.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from studycards.errors import DeckFileError, NoteError
from studycards.model import Deck, Note, NoteType
from studycards.notes.deckparse import DeckParser, canonical_value
from studycards.notes.reading import MAX_NOTE_BYTES, decode_note, front_matter

__all__ = [
    "built_from",
    "canonical_value",
    "deck_file_name",
    "deck_from_bytes",
    "is_deck_text",
    "parse_deck_text",
    "read_deck_file",
    "render_deck",
]

HEADER_COMMENT = (
    "<!-- studycards deck: one `###` block per note. Edit the text freely but keep the id after "
    "the note type; it carries the card's review history. -->"
)
# A note block: its `###` line followed by a field line, so a note's own `### Basic` heading
# does not make it look like a deck file.
_NOTE_HEADER = re.compile(
    r"^### (?:term|figure|basic|cloze)(?: \S+)?[ \t]*\n(?:[-*][ \t]+)?[A-Za-z_]+[ \t]*:",
    re.MULTILINE,
)
_DECK_KEY = re.compile(r"^deck:", re.MULTILINE)
_COMMENTS = re.compile(r"<!--.*?-->", re.DOTALL)
_NOTE_HEADERS = ("### term", "### figure", "### basic", "### cloze")
_SLUG_DROP = re.compile(r"[^\w.-]+")
# libyaml's emitter: five times faster than PyYAML's, the same text.
_Dumper: type[Any] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def _front_matter(deck: Deck) -> str:
    data: dict[str, Any] = {"deck": deck.name}
    if deck.path:
        data["source"] = deck.path
    if deck.tags:
        data["tags"] = list(deck.tags)
    if deck.meta:
        data["meta"] = dict(deck.meta)
    dumped = yaml.dump(
        data,
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=2**31 - 1,
    )
    return f"---\n{dumped}---\n"


def _field_lines(name: str, value: str) -> list[str]:
    value = canonical_value(value)
    if not value:
        return []
    first, *rest = value.split("\n")
    return [f"- {name}: {first}", *(f"  {line}" if line else "" for line in rest)]


def _source_value(note: Note) -> str:
    source = note.source
    if not source.path:
        return ""
    return f"{source.path}:{source.line}" if source.line else source.path


def _note_block(note: Note, deck: Deck) -> list[str]:
    lines = [f"### {note.type} {note.note_id}"]
    for name, value in note.fields.items():
        lines.extend(_field_lines(name, value))
    if note.type is NoteType.BASIC and note.reversed:
        lines.append("- reversed: yes")
    if note.guid:
        lines.extend(_field_lines("guid", note.guid))
    if note.tags != deck.tags:
        lines.append("- tags:" + "".join(f" {tag}" for tag in note.tags))
    lines.extend(_field_lines("source", _source_value(note)))
    return lines


def render_deck(deck: Deck) -> str:
    """The deck file text of `deck`: same deck, same bytes."""
    out = [_front_matter(deck), HEADER_COMMENT, ""]
    heading = ""
    for note in deck.notes:
        if note.source.heading != heading:
            heading = note.source.heading
            out.extend([f"## {heading}" if heading else "##", ""])
        out.extend(_note_block(note, deck))
        out.append("")
    return "\n".join(out)


def parse_deck_text(text: str, path: str) -> Deck:
    """Parse deck-file text (newlines already normalized). Raises DeckFileError."""
    return DeckParser(text, path).parse()


def deck_from_bytes(data: bytes, path: str) -> Deck:
    """Parse a deck file's bytes (any encoding a note may have). Raises DeckFileError."""
    if len(data) > MAX_NOTE_BYTES:
        raise DeckFileError(
            f"the deck file is larger than {MAX_NOTE_BYTES // (1024 * 1024)} MiB", path=path
        )
    try:
        text, _ = decode_note(data, path)
    except NoteError as error:
        raise DeckFileError(error.message, path=path, line=error.line) from None
    return parse_deck_text(text.replace("\r\n", "\n").replace("\r", "\n"), path)


def read_deck_file(path: Path) -> Deck:
    """Read the deck file at `path`. Raises DeckFileError naming `path` and the line."""
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_NOTE_BYTES + 1)
    except OSError as error:
        raise DeckFileError(
            f"cannot read the deck file: {error.strerror or error}", path=str(path)
        ) from None
    return deck_from_bytes(data, str(path))


def is_deck_text(head: bytes) -> bool:
    """Whether the first bytes of a file are a deck file's (`### term …` note blocks, or
    front matter with `deck:` over nothing but comments: a deck with no notes) rather than a
    note's. A note may name its deck in its front matter too; its prose tells it apart."""
    text = head[: 64 * 1024].decode("utf-8", errors="replace").replace("\r\n", "\n")
    text = text.lstrip("\ufeff")
    if text.startswith("---"):
        try:
            split = front_matter(text)
        except NoteError:
            split = None  # opened and not closed within the head: no deck file's front matter
        if (
            split is not None
            and "deck:" in split.raw
            and _DECK_KEY.search(split.raw)
            and not _COMMENTS.sub("", split.body).strip()
        ):
            return True
    # The line-anchored pattern tries every position; a note (the usual input) is told apart
    # by a plain substring search for the block headers first.
    if not any(header in text for header in _NOTE_HEADERS):
        return False
    return _NOTE_HEADER.search(text) is not None


def built_from(data: bytes) -> str | None:
    """The note a deck file says it was built from (its front matter's `source`), or None for
    anything else: a hand-written deck file, a note, unreadable bytes."""
    if not data.startswith(b"---"):
        return None
    try:
        meta = front_matter(data.decode("utf-8")).read("")
    except (NoteError, UnicodeDecodeError):
        return None
    source = meta.get("source")
    return source if isinstance(source, str) and "deck" in meta else None


def deck_file_name(deck: Deck) -> str:
    """`us-china-ai-race.md` for a deck built from `data/us-china-ai-race.md`; otherwise a file
    name from the deck name (CJK kept, path separators and spaces replaced)."""
    stem = Path(deck.path).stem if deck.path else ""
    if not stem:
        stem = deck.name
    slug = _SLUG_DROP.sub("-", stem.replace("::", "-")).strip("-.").lower()
    return f"{slug or 'deck'}.md"
