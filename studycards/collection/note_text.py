"""A note's text as a small Markdown document to edit in the user's editor, and back.

For notes whose text lives in the collection rather than in a file of the user's (an Anki
package or an Anki text file was imported), `e` writes the note's fields into a temporary
document, opens the editor on it, and reads the edit back into the same note, so its cards
keep their history. One `## field` heading per field, the field's text under it as it is:

    <!-- studycards: … -->

    # Geography · basic note 5be8f7c2a1d0e934

    tags: geo capitals

    ## question

    What is the capital of France?

    ## answer

    Paris

The values are copied verbatim (an Anki field may hold HTML, or a line that looks like
Markdown), so the document is split on its known heading lines rather than parsed as
Markdown: a parser would reflow or interpret the very text being edited. What a text editor
cannot keep is not kept: line ends come back as \n, and blank lines at a field's ends go.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, NamedTuple

from studycards.clock import to_ms
from studycards.collection.store.codec import NoteRow, note_from, row_factory, select
from studycards.errors import NoteError, NotFoundError
from studycards.model import Note
from studycards.notes.cards import card_ords

if TYPE_CHECKING:
    from studycards.collection import Collection

HEADER = (
    "<!-- studycards: this note's text is kept in your collection, not in a file of yours "
    "(it was imported from {origin}). Edit the text under each `## field` heading and the "
    "tags line, then save and close the editor: the note changes in place and its cards "
    "keep their history. Keep the headings as they are. -->"
)
_TAGS = "tags:"


def note_document(note: Note, *, deck: str, origin: str) -> tuple[str, int]:
    """The document to edit `note` in (deck: its deck's name; origin: where it came from),
    and the line its first field's text starts on, for the editor's `+LINE`."""
    lines = [HEADER.format(origin=origin or "another program"), ""]
    lines += [f"# {deck} · {note.type} note {note.note_id}", ""]
    lines += [f"{_TAGS} {' '.join(note.tags)}".rstrip(), ""]
    first = len(lines) + 3
    for name, value in note.fields.items():
        lines += [f"## {name}", "", *value.split("\n"), ""]
    return "\n".join(lines), first


def read_note_document(text: str, note: Note, *, path: str) -> Note:
    """`note` with the fields and tags of its edited document `text`. NoteError (naming the
    line) when a heading is gone or the note would have no card left."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    names = list(note.fields)
    heads: list[int] = []
    start = 0
    for name in names:
        try:
            found = lines.index(f"## {name}", start)
        except ValueError:
            raise NoteError(
                f"the heading `## {name}` is missing; every field keeps its heading",
                path=path,
                line=1,
            ) from None
        heads.append(found)
        start = found + 1
    tags = note.tags
    for line in lines[: heads[0] if heads else len(lines)]:
        if line.lower().startswith(_TAGS):
            tags = tuple(dict.fromkeys(line[len(_TAGS) :].split()))
            break
    fields = {}
    for index, name in enumerate(names):
        end = heads[index + 1] if index + 1 < len(heads) else len(lines)
        fields[name] = "\n".join(lines[heads[index] + 1 : end]).strip("\n")
    edited = dataclasses.replace(note, fields=fields, tags=tags)
    try:
        cards = card_ords(edited)
    except ValueError as error:
        raise NoteError(str(error), path=path, line=heads[0] + 1 if heads else 1) from None
    if not cards:
        raise NoteError(
            "the note would make no card (a cloze needs a {{c1::…}} deletion)",
            path=path,
            line=heads[0] + 1 if heads else 1,
        )
    return edited


class _NoteOfCard(NamedTuple):
    note: NoteRow
    deck_id: int
    origin: str


_NOTE_OF_CARD = select(_NoteOfCard, note="n.", deck_id="n.deck_id", origin="n.origin")


def _note_of_card(col: Collection, card_id: str) -> tuple[Note, str]:
    """The note of card `card_id` and where it was imported from."""
    with col.store.guard("read the card's note"):
        cursor = col.store.conn.execute(
            f"SELECT {_NOTE_OF_CARD} FROM cards c JOIN notes n ON n.id = c.note "
            "WHERE c.card_id = ?",
            (card_id,),
        )
        cursor.row_factory = row_factory(_NoteOfCard)
        row = cursor.fetchone()
    if row is None:
        raise NotFoundError(f"no card with id {card_id!r}; `studycards cards` lists ids")
    return note_from(row.note, col.deck_names()[row.deck_id]), row.origin


def card_note_document(col: Collection, card_id: str) -> tuple[str, int]:
    """The document to edit the note of card `card_id` in, and its first field's line."""
    note, origin = _note_of_card(col, card_id)
    return note_document(note, deck=note.deck, origin=origin)


def save_card_note_document(col: Collection, card_id: str, text: str, *, path: str) -> bool:
    """Write the edited document `text` (read from `path`) into the note of card `card_id`,
    in place, in one transaction; False when the document leaves the note as it was."""
    from studycards.collection.sync import edit_note

    note, origin = _note_of_card(col, card_id)
    if text == note_document(note, deck=note.deck, origin=origin)[0]:
        return False
    edited = read_note_document(text, note, path=path)
    with col.store.write("save the edited note") as conn:
        return edit_note(conn, edited, scheduler_for=col.scheduler_of, now_ms=to_ms(col.clock()))
