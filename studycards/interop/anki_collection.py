"""The SQLite side of an Anki package: note types, decks, notes, cards and the review log,
as plain rows. Schema 11 keeps note types and decks as JSON in the `col` row; schema 18
keeps them in tables with protobuf blobs (and `\\x1f` as the deck hierarchy separator)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from studycards.interop import notetypes, protowire
from studycards.interop.anki_render import CardTemplate, NoteTypeDef
from studycards.interop.guard import refuse
from studycards.model import NoteType


@dataclass(frozen=True, slots=True)
class NoteKind:
    """A note type: its fields in order, whether it is a cloze type, its card templates."""

    id: int
    name: str
    fields: tuple[str, ...]
    cloze: bool
    templates: tuple[CardTemplate, ...] = ()
    # Which of studycards' own note types this is, if any: looked up once, not per note.
    ours: NoteType | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        object.__setattr__(self, "ours", notetypes.ours(self.fields))

    def definition(self) -> NoteTypeDef:
        return NoteTypeDef(self.name, self.fields, self.templates, self.cloze)


class AnkiNote(NamedTuple):
    id: int
    guid: str
    mid: int
    mod: int
    tags: tuple[str, ...]
    fields: tuple[str, ...]


# Cards and review-log entries are named tuples made straight from the cursor's rows: a
# package holds tens of thousands of them, and a dataclass costs a Python __init__ each.
class AnkiCard(NamedTuple):
    id: int
    nid: int
    did: int
    ord: int
    type: int
    queue: int
    flags: int
    due: int  # a review card's: days since the collection was created
    ivl: int  # days
    factor: int  # ease in permille (2500 = 250%)


class AnkiReview(NamedTuple):
    id: int
    cid: int
    ease: int
    time: int
    type: int
    factor: int = 0

    @property
    def is_reset(self) -> bool:
        """Anki's "Forget" (reset to new) logs a manual entry with no answer and no ease;
        what came before it no longer describes the card's memory."""
        return self.type == 4 and self.ease == 0 and self.factor == 0


@dataclass
class AnkiCollection:
    kinds: dict[int, NoteKind]
    decks: dict[int, str]
    notes: list[AnkiNote]
    cards: list[AnkiCard]
    revlog: list[AnkiReview]
    created: int = 0  # when the collection was created (epoch seconds): its day 0


def _int(column: str) -> str:
    """A column read as an integer whatever a hostile file stored in it (text, blob, NULL)."""
    return f"coalesce(CAST({column} AS INTEGER), 0)"


def _json(value: Any, origin: Path, what: str) -> dict[str, Any]:
    try:
        loaded = json.loads(value or "{}")
    except (TypeError, json.JSONDecodeError) as error:
        raise refuse(origin, f"the collection's {what} are not valid JSON") from error
    if not isinstance(loaded, dict):
        raise refuse(origin, f"the collection's {what} are not a JSON object")
    return loaded


def _legacy_kinds(models: dict[str, Any]) -> dict[int, NoteKind]:
    kinds: dict[int, NoteKind] = {}
    for key, model in models.items():
        if not isinstance(model, dict):
            continue
        flds = sorted(model.get("flds") or [], key=lambda f: int(f.get("ord", 0)))
        tmpls = sorted(model.get("tmpls") or [], key=lambda t: int(t.get("ord", 0)))
        kind_id = int(model.get("id") or key)
        kinds[kind_id] = NoteKind(
            id=kind_id,
            name=str(model.get("name", "")),
            fields=tuple(str(f.get("name", "")) for f in flds),
            cloze=int(model.get("type", 0)) == 1,
            templates=tuple(
                CardTemplate(str(t.get("name", "")), str(t.get("qfmt", "")), str(t.get("afmt", "")))
                for t in tmpls
                if isinstance(t, dict)
            ),
        )
    return kinds


def _modern_kinds(con: sqlite3.Connection) -> dict[int, NoteKind]:
    fields: dict[int, list[tuple[int, str]]] = {}
    for ntid, ord_, name in con.execute(
        f"SELECT {_int('ntid')}, {_int('ord')}, CAST(name AS TEXT) FROM fields"
    ):
        fields.setdefault(ntid, []).append((ord_, name))
    templates: dict[int, list[tuple[int, CardTemplate]]] = {}
    for ntid, ord_, name, config in con.execute(
        f"SELECT {_int('ntid')}, {_int('ord')}, CAST(name AS TEXT), config FROM templates"
    ):
        blob = bytes(config or b"")
        template = CardTemplate(str(name or ""), protowire.text(blob, 1), protowire.text(blob, 2))
        templates.setdefault(ntid, []).append((ord_, template))
    kinds: dict[int, NoteKind] = {}
    # Rows for note types that are gone (Anki leaves some behind) are ignored by the join.
    for ntid, name, config in con.execute(
        f"SELECT {_int('id')}, CAST(name AS TEXT), config FROM notetypes"
    ):
        kinds[ntid] = NoteKind(
            id=ntid,
            name=str(name),
            fields=tuple(name for _, name in sorted(fields.get(ntid, []))),
            cloze=protowire.integer(bytes(config or b""), 1) == 1,
            templates=tuple(t for _, t in sorted(templates.get(ntid, []), key=lambda x: x[0])),
        )
    return kinds


def _tables(con: sqlite3.Connection) -> set[str]:
    return {row[0] for row in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}


def read_collection(con: sqlite3.Connection, origin: Path) -> AnkiCollection:
    tables = _tables(con)
    missing = {"col", "notes", "cards", "revlog"} - tables
    if missing:
        raise refuse(origin, f"not an Anki collection (no {', '.join(sorted(missing))} table)")
    row = con.execute(f"SELECT models, decks, {_int('crt')} FROM col").fetchone()
    if row is None:
        raise refuse(origin, "not an Anki collection (empty col table)")
    if {"notetypes", "fields", "templates", "decks"} <= tables:
        kinds = _modern_kinds(con)
        decks = {
            did: str(name).replace("\x1f", "::")
            for did, name in con.execute(f"SELECT {_int('id')}, CAST(name AS TEXT) FROM decks")
        }
    else:
        kinds = _legacy_kinds(_json(row[0], origin, "note types"))
        deck_json = _json(row[1], origin, "decks")
        decks = {
            int(k): str(v.get("name", "")) for k, v in deck_json.items() if isinstance(v, dict)
        }
    notes = list(_notes(con))
    cards = list(
        map(
            AnkiCard._make,
            con.execute(
                f"SELECT {_int('id')}, {_int('nid')}, {_int('CASE WHEN odid THEN odid ELSE did END')},"
                f" {_int('ord')}, {_int('type')}, {_int('queue')}, {_int('flags')},"
                f" {_int('CASE WHEN odid THEN odue ELSE due END')}, {_int('ivl')},"
                f" {_int('factor')} FROM cards ORDER BY nid, ord"
            ),
        )
    )
    revlog = list(
        map(
            AnkiReview._make,
            con.execute(
                f"SELECT {_int('id')}, {_int('cid')}, {_int('ease')}, {_int('time')}, {_int('type')},"
                f" {_int('factor')} FROM revlog ORDER BY id"
            ),
        )
    )
    return AnkiCollection(kinds, decks, notes, cards, revlog, int(row[2]))


def _notes(con: sqlite3.Connection) -> Iterator[AnkiNote]:
    for nid, guid, mid, mod, tags, flds in con.execute(
        f"SELECT {_int('id')}, CAST(guid AS TEXT), {_int('mid')}, {_int('mod')},"
        " CAST(tags AS TEXT), CAST(flds AS TEXT) FROM notes ORDER BY id"
    ):
        # The integer columns are coalesced to integers by the query already.
        yield AnkiNote(
            nid, str(guid), mid, mod, tuple((tags or "").split()), tuple((flds or "").split("\x1f"))
        )
