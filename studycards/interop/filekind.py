"""What kind of file a path holds, decided in one place: by its suffix, and for Markdown by
its content (a reading note, one of our deck files, an Obsidian Spaced Repetition note or a
hashcards deck all end in `.md`).

Importing, building and exporting ask here; each reader then reads its own kind.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from studycards.notes.reading import MARKDOWN_SUFFIXES

if TYPE_CHECKING:
    from studycards.interop.obsidian import ObsidianSettings

PACKAGE_SUFFIXES = (".apkg", ".colpkg")
TEXT_SUFFIXES = (".txt", ".csv", ".tsv")


class FileKind(StrEnum):
    NOTE = "note"  # a reading note: the builder makes its cards
    DECK_FILE = "deck file"  # a deck file `studycards build` wrote or a person wrote
    OBSIDIAN = "Obsidian Spaced Repetition note"
    HASHCARDS = "hashcards deck"
    PACKAGE = "Anki package"
    TEXT = "Anki text file"


def carries_copies(path: Path | str) -> bool:
    """Whether a file holds copies of notes whose text lives elsewhere (an Anki package or
    an Anki text export) rather than the notes themselves (notes, deck files, Obsidian and
    hashcards Markdown). A note's origin is where its text lives: importing a copy of a note
    the collection has never moves it there."""
    return str(path).lower().endswith((*PACKAGE_SUFFIXES, *TEXT_SUFFIXES))


def kind_of(
    path: Path, data: bytes | None = None, *, obsidian: ObsidianSettings | None = None
) -> FileKind | None:
    """The kind of the file at `path`, or None when it is none we read. A Markdown file's
    content decides its kind: `data` holds its bytes when they were read already, else it
    is read here (an unreadable one is a NOTE, whose reader names the problem). `obsidian`
    names the flashcard tags that make a note an Obsidian one (the plugin's settings)."""
    suffix = path.suffix.lower()
    if suffix in PACKAGE_SUFFIXES:
        return FileKind.PACKAGE
    if suffix in TEXT_SUFFIXES:
        return FileKind.TEXT
    if suffix not in MARKDOWN_SUFFIXES:
        return None
    if data is None:
        from studycards.errors import StudycardsError
        from studycards.notes.reading import read_note_bytes

        try:
            data = read_note_bytes(path)
        except StudycardsError:
            return FileKind.NOTE
    return markdown_kind(data, obsidian=obsidian)


def markdown_kind(data: bytes, *, obsidian: ObsidianSettings | None = None) -> FileKind:
    """Which of our Markdown kinds the bytes of a `.md` file are."""
    from studycards.errors import NoteError
    from studycards.interop.hashcards import looks_like_hashcards
    from studycards.interop.obsidian import DEFAULT_SETTINGS, looks_like_obsidian
    from studycards.notes.deckfile import is_deck_text
    from studycards.notes.reading import decode_note

    if is_deck_text(data):
        return FileKind.DECK_FILE
    try:
        text, _ = decode_note(data, "")
    except NoteError:
        # Their markers are ASCII: an Obsidian or hashcards file in an encoding we do not
        # read is still told apart, and its reader says what is wrong with it.
        text = data.decode("utf-8", errors="replace")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if looks_like_obsidian(text, obsidian or DEFAULT_SETTINGS):
        return FileKind.OBSIDIAN
    if looks_like_hashcards(text):
        return FileKind.HASHCARDS
    return FileKind.NOTE
