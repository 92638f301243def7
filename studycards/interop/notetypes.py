"""The note types studycards writes into Anki packages, shared by the exporter (which builds
them with genanki) and the importer (which recognises them on the way back).

The ids are fixed forever: Anki treats a changed field list under the same id as a schema
conflict and copies the note type instead of updating notes. If a type's fields or templates
ever change, give it a new id and name suffix.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import PurePath

from studycards.model import NoteType, Source

TERM_ID = 1_739_204_117
BASIC_ID = 1_739_204_118
CLOZE_ID = 1_739_204_119
FIGURE_ID = 1_739_204_120

# Notes rendered from Anki note types of their own go out as "studycards Anki (N cards)",
# N the number of card templates, with ids from ANKI_BASE_ID + N.
ANKI_BASE_ID = 1_739_300_000
ANKI_NAME = "studycards Anki"

ID_FIELD = "studycards id"
SOURCE_FIELD = "Source"

# Our fields in Anki, in the order of NOTE_FIELDS, then the source and the note id.
ANKI_FIELDS: dict[NoteType, tuple[str, ...]] = {
    NoteType.TERM: ("Term", "English", "Abbreviation", "Definition", SOURCE_FIELD, ID_FIELD),
    NoteType.BASIC: ("Front", "Back", "Add Reverse", SOURCE_FIELD, ID_FIELD),
    NoteType.CLOZE: ("Text", "Extra", SOURCE_FIELD, ID_FIELD),
    NoteType.FIGURE: ("Text", "Context", SOURCE_FIELD, ID_FIELD),
}
NAMES: dict[NoteType, str] = {
    NoteType.TERM: "studycards Term",
    NoteType.BASIC: "studycards Basic",
    NoteType.CLOZE: "studycards Cloze",
    NoteType.FIGURE: "studycards Figure",
}
IDS: dict[NoteType, int] = {
    NoteType.TERM: TERM_ID,
    NoteType.BASIC: BASIC_ID,
    NoteType.CLOZE: CLOZE_ID,
    NoteType.FIGURE: FIGURE_ID,
}


def ours(fields: tuple[str, ...]) -> NoteType | None:
    """Which of our note types has exactly these fields (Anki may rename the type, never the
    fields of a note type it imported), or None."""
    for note_type, names in ANKI_FIELDS.items():
        if fields == names:
            return note_type
    return None


_SOURCE = re.compile(r"^(?:(?P<heading>.*) — )?(?P<path>.+?)(?::(?P<line>\d+))?$", re.DOTALL)


def format_source(source: Source) -> str:
    """`heading — path:line`, the line a reader sees on the back of an exported card.

    The path is the one the deck can share: an absolute path (or one climbing out with `..`)
    would show the author's folders to whoever gets the deck, so it becomes the file name,
    the path relative to the folder the note was imported from."""
    path = PurePath(source.path)
    if path.is_absolute() or ".." in path.parts:
        source = Source(path.name, source.line, source.heading)
    where = str(source)
    return f"{source.heading} — {where}" if source.heading and where else source.heading or where


def parse_source(text: str) -> Source:
    match = _SOURCE.match(text.strip())
    if not match:
        return Source("")
    line = match.group("line")
    return Source(match.group("path"), int(line) if line else 0, match.group("heading") or "")


_BASE91 = (
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&()*+,-./:;<=>?@[]^_`{|}~"
)


def guid_for_note(note_id: str, anki_guid: str = "") -> str:
    """The Anki GUID of a note, stable forever: the GUID it came with from Anki, else
    genanki's `guid_for("studycards:<note_id>")` (SHA-256, first 8 bytes, Anki's base 91)."""
    if anki_guid:
        return anki_guid
    value = int.from_bytes(hashlib.sha256(f"studycards:{note_id}".encode()).digest()[:8], "big")
    digits: list[str] = []
    while value:
        value, rest = divmod(value, 91)
        digits.append(_BASE91[rest])
    return "".join(reversed(digits))


def anki_card_fields(size: int) -> list[str]:
    """The fields of the note type a note of `size` rendered cards goes out in."""
    return [f"Card {n} {side}" for n in range(1, size + 1) for side in ("Front", "Back")]
