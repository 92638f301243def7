"""Migration 0002: note ids without the deck, figure ids with their figures masked.

Schema 1 derived a note's id from its type, its deck's name and its identifying text, and a
figure note's text was its clause with the figures in it. Schema 2 derives it from the type
and the text only, with every hidden figure of a figure clause replaced by one mask, so that
moving a note, renaming a deck or correcting a figure keeps the cards' history.

Every note whose stored id is the one schema 1 derived from its stored type, deck and fields
gets the id schema 2 derives; its cards follow (card id = note id + ordinal) and the review
log, which refers to cards by their row, follows them. Notes with other ids (from an Anki
GUID, or written by hand in a deck file) keep theirs. Each (old id, new id) goes into
`note_aliases`, so a deck file or package written before this change, which carries old ids,
still lands on the same notes.

A re-keyed note keeps the Anki GUID its old id gave (in `notes.guid`), so exporting it to
Anki again updates the note Anki has instead of adding a copy.

When several old notes get one new id (the same term in two decks, now one note), one stays
live: a note not already orphaned, then the one with the most reviews, then the oldest. The
others keep their old ids and become orphans, with their cards and full history: nothing is
studied twice and no review is lost; `studycards orphans` lists them. Two figure clauses of
one deck that differ only in their figures are told apart by their figures, as the deck
builder does; the first in the deck gets the masked id.

The derivations below are frozen copies, not calls to studycards.model or studycards.text:
a migration is history and must give the same ids forever, whatever the live functions
become later.
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
import unicodedata
from collections import defaultdict
from dataclasses import dataclass

# -- frozen: the text and cloze rules both schemas used --------------------------------------

_FULL_WIDTH = (
    ("，", ","),
    ("：", ":"),
    ("；", ";"),
    ("！", "!"),
    ("？", "?"),
    ("（", "("),
    ("）", ")"),
    ("％", "%"),
    ("\u3000", " "),
)
_CLOZE = re.compile(r"\{\{c(\d+)::(.*?)(?:::((?:(?!\}\}).)*))?\}\}", re.DOTALL)
_MASK = "\x1a"
_BASE91 = (
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&()*+,-./:;<=>?@[]^_`{|}~"
)


def _normalize(text: str) -> str:
    if not text.isascii() and not unicodedata.is_normalized("NFKC", text):
        for wide, narrow in _FULL_WIDTH:
            text = text.replace(wide, narrow)
        text = unicodedata.normalize("NFKC", text)
    return " ".join(text.split()).casefold()


def _hash(*parts: str) -> str:
    return hashlib.blake2b("\x1f".join(parts).encode("utf-8"), digest_size=8).hexdigest()


def _key(note_type: str, fields: dict[str, str], *, mask_figures: bool) -> str:
    if note_type == "term":
        return fields["term"]
    if note_type == "basic":
        return fields["question"]
    if note_type == "figure" and mask_figures:
        return _CLOZE.sub(_MASK, fields["text"])
    return _CLOZE.sub(lambda m: m.group(2), fields["text"])


def schema1_note_id(note_type: str, deck: str, fields: dict[str, str]) -> str:
    """A note's id as schema 1 derived it."""
    key = _key(note_type, fields, mask_figures=False)
    return _hash(note_type, _normalize(deck), _normalize(key))


def schema2_note_id(note_type: str, fields: dict[str, str], *, mask_figures: bool = True) -> str:
    """A note's id as schema 2 derives it (`mask_figures=False`: a figure clause told apart
    from an earlier one of its deck by its figures)."""
    return _hash(note_type, _normalize(_key(note_type, fields, mask_figures=mask_figures)))


def schema1_guid(note_id: str) -> str:
    """The Anki GUID exports gave a note of id `note_id`: genanki's guid_for."""
    value = int.from_bytes(hashlib.sha256(f"studycards:{note_id}".encode()).digest()[:8], "big")
    digits: list[str] = []
    while value:
        value, rest = divmod(value, 91)
        digits.append(_BASE91[rest])
    return "".join(reversed(digits))


# -- the migration --------------------------------------------------------------------------


@dataclass
class _Derived:
    pk: int
    old: str
    new: str
    guid: str
    orphaned: bool
    reviews: int


def rekey_notes(conn: sqlite3.Connection) -> None:
    """Create `note_aliases` and give every derived note its schema-2 id (see the module)."""
    conn.execute(
        "CREATE TABLE note_aliases (old TEXT PRIMARY KEY, new TEXT NOT NULL) STRICT, WITHOUT ROWID"
    )
    derived = _derived(conn)
    if not derived:
        return
    olds = {note.old for note in derived}
    ids = conn.execute("SELECT note_id FROM notes")
    ids.row_factory = sqlite3.Row
    taken = {row["note_id"] for row in ids if row["note_id"] not in olds}
    groups: dict[str, list[_Derived]] = defaultdict(list)
    for note in derived:
        groups[note.new].append(note)
    live: list[_Derived] = []
    orphans: list[_Derived] = []
    for new, notes in groups.items():
        ranked = sorted(notes, key=lambda n: (n.orphaned, -n.reviews, n.pk))
        if new in taken:
            orphans += ranked
        else:
            live.append(ranked[0])
            orphans += ranked[1:]
    conn.executemany(
        "UPDATE notes SET note_id = ?, guid = CASE WHEN guid = '' THEN ? ELSE guid END "
        "WHERE id = ?",
        [(n.new, schema1_guid(n.old), n.pk) for n in live],
    )
    conn.executemany(
        "UPDATE cards SET card_id = ? || '-' || ord WHERE note = ?", [(n.new, n.pk) for n in live]
    )
    conn.executemany("UPDATE notes SET orphaned = 1 WHERE id = ?", [(n.pk,) for n in orphans])
    conn.executemany("UPDATE cards SET orphaned = 1 WHERE note = ?", [(n.pk,) for n in orphans])
    conn.executemany(
        "INSERT INTO note_aliases (old, new) VALUES (?, ?)", [(n.old, n.new) for n in derived]
    )


def _derived(conn: sqlite3.Connection) -> list[_Derived]:
    """The notes whose id schema 1 derived, with the id schema 2 gives them."""
    counted = conn.execute(
        "SELECT c.note AS note, count(*) AS reviews FROM revlog r JOIN cards c ON c.id = r.card "
        "GROUP BY c.note"
    )
    counted.row_factory = sqlite3.Row
    reviews = {row["note"]: row["reviews"] for row in counted}
    found: list[_Derived] = []
    # A figure clause whose masked id an earlier clause of its deck (in deck order) has.
    masked_in_deck: dict[tuple[int, str], str] = {}
    rows = conn.execute(
        "SELECT n.id AS pk, n.note_id, n.type, n.fields, n.guid, n.orphaned, n.deck_id, "
        "d.name AS deck FROM notes n JOIN decks d ON d.id = n.deck_id "
        "ORDER BY n.deck_id, n.position, n.id"
    )
    rows.row_factory = sqlite3.Row
    for row in rows:
        fields = json.loads(row["fields"])
        if schema1_note_id(row["type"], row["deck"], fields) != row["note_id"]:
            continue
        new = schema2_note_id(row["type"], fields)
        if row["type"] == "figure":
            first = masked_in_deck.setdefault((row["deck_id"], new), fields["text"])
            if first != fields["text"]:
                new = schema2_note_id(row["type"], fields, mask_figures=False)
        found.append(
            _Derived(
                row["pk"],
                row["note_id"],
                new,
                row["guid"],
                bool(row["orphaned"]),
                reviews.get(row["pk"], 0),
            )
        )
    return found
