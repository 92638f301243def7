"""The collection's tables, as sqlite-utils migrations (applied in order, each once).

Times are integer milliseconds since the epoch, UTC. A new card's `due` holds its `position`
(its place in its deck file; Anki does the same), so one index orders new and due cards.
"""

from __future__ import annotations

import json

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from studycards.collection.store.rekey import rekey_notes
from studycards.collection.store.version import SCHEMA_VERSION
from studycards.options import DEFAULT_PRESET, Options

MIGRATION_SET = "studycards"

migrations = Migrations(MIGRATION_SET)

_SCHEDULE_COLUMNS = """
    {p}state INTEGER NOT NULL, {p}step INTEGER, {p}stability REAL, {p}difficulty REAL,
    {p}due INTEGER, {p}last_review INTEGER, {p}reps INTEGER NOT NULL, {p}lapses INTEGER NOT NULL
"""


@migrations(name="0001_initial")
def _initial(db: Database) -> None:
    db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT")
    db.execute("CREATE TABLE presets (name TEXT PRIMARY KEY, options TEXT NOT NULL) STRICT")
    db.execute(
        """CREATE TABLE decks (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            preset TEXT NOT NULL DEFAULT 'Default' REFERENCES presets(name),
            meta TEXT NOT NULL DEFAULT '{}'
        ) STRICT"""
    )
    db.execute(
        """CREATE TABLE notes (
            id INTEGER PRIMARY KEY,
            note_id TEXT NOT NULL UNIQUE,
            deck_id INTEGER NOT NULL REFERENCES decks(id),
            type TEXT NOT NULL,
            fields TEXT NOT NULL,
            tags TEXT NOT NULL,
            source_path TEXT NOT NULL,
            source_line INTEGER NOT NULL,
            source_heading TEXT NOT NULL,
            reversed INTEGER NOT NULL,
            guid TEXT NOT NULL,
            origin TEXT NOT NULL,
            position INTEGER NOT NULL,
            content_hash TEXT NOT NULL,
            modified INTEGER NOT NULL,
            marked INTEGER NOT NULL DEFAULT 0,
            orphaned INTEGER NOT NULL DEFAULT 0
        ) STRICT"""
    )
    db.execute("CREATE INDEX notes_origin ON notes(origin)")
    db.execute(
        f"""CREATE TABLE cards (
            id INTEGER PRIMARY KEY,
            card_id TEXT NOT NULL UNIQUE,
            note INTEGER NOT NULL REFERENCES notes(id) ON DELETE CASCADE,
            ord INTEGER NOT NULL,
            deck_id INTEGER NOT NULL REFERENCES decks(id),
            position INTEGER NOT NULL,
            {_SCHEDULE_COLUMNS.format(p="")},
            suspended INTEGER NOT NULL DEFAULT 0,
            buried_day INTEGER NOT NULL DEFAULT 0,
            flag INTEGER NOT NULL DEFAULT 0,
            orphaned INTEGER NOT NULL DEFAULT 0
        ) STRICT"""
    )
    # The study queue: one range scan per deck and state, in due order; suspended and orphaned
    # cards are not in the index at all.
    db.execute(
        "CREATE INDEX cards_queue ON cards(deck_id, state, due) "
        "WHERE suspended = 0 AND orphaned = 0"
    )
    db.execute("CREATE INDEX cards_note ON cards(note)")
    # Covers the per-deck totals of `status` without touching the table.
    db.execute("CREATE INDEX cards_deck ON cards(deck_id, orphaned, suspended)")
    db.execute(
        f"""CREATE TABLE revlog (
            id INTEGER PRIMARY KEY,
            card INTEGER NOT NULL REFERENCES cards(id) ON DELETE CASCADE,
            reviewed_at INTEGER NOT NULL,
            rating INTEGER NOT NULL,
            duration_ms INTEGER NOT NULL,
            imported INTEGER NOT NULL DEFAULT 0,
            {_SCHEDULE_COLUMNS.format(p="b_")},
            {_SCHEDULE_COLUMNS.format(p="a_")}
        ) STRICT"""
    )
    db.execute("CREATE INDEX revlog_card ON revlog(card, reviewed_at)")
    db.execute("CREATE INDEX revlog_time ON revlog(reviewed_at)")
    db.execute(
        "INSERT INTO meta VALUES ('schema_version', ?), ('rollover_hour', '4')",
        [str(SCHEMA_VERSION)],
    )
    db.execute(
        "INSERT INTO presets VALUES (?, ?)", [DEFAULT_PRESET, json.dumps(Options().to_json())]
    )


@migrations(name="0002_note_ids_without_deck")
def _note_ids_without_deck(db: Database) -> None:
    """Note ids from the type and the masked text only; old ids kept as aliases (rekey.py)."""
    rekey_notes(db.conn)
    db.execute("UPDATE meta SET value = '2' WHERE key = 'schema_version'")


@migrations(name="0003_source_folders")
def _source_folders(db: Database) -> None:
    """The folders `studycards import` was given, and the stamp (size, mtime) of every file
    last read from them, so that `sync` and a re-import read only what changed and orphan
    the notes of files that are gone. `reader` names the code that read a file: a newer
    studycards reads every file again."""
    db.execute(
        "CREATE TABLE sources (id INTEGER PRIMARY KEY, path TEXT NOT NULL UNIQUE, "
        "added INTEGER NOT NULL) STRICT"
    )
    db.execute(
        """CREATE TABLE source_files (
            origin TEXT PRIMARY KEY,
            source INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
            size INTEGER NOT NULL,
            mtime_ns INTEGER NOT NULL,
            reader TEXT NOT NULL
        ) STRICT, WITHOUT ROWID"""
    )
    db.execute("UPDATE meta SET value = '3' WHERE key = 'schema_version'")


@migrations(name="0004_revlog_kinds")
def _revlog_kinds(db: Database) -> None:
    """What each review-log row records (model.ReviewKind): an answer, which every row so
    far is, or a reset, a reschedule or a cramming review imported from Anki."""
    db.execute("ALTER TABLE revlog ADD COLUMN kind INTEGER NOT NULL DEFAULT 0")
    db.execute("UPDATE meta SET value = '4' WHERE key = 'schema_version'")


@migrations(name="0005_note_sources")
def _note_sources(db: Database) -> None:
    """The other places a note is written when more than one file has it (the same glossary
    term in several notes of a folder is one note): each one's text and place, so the note
    can take them when its own file drops it. `notes.preferred`: the note's own file marks
    its text as the one to use."""
    db.execute("ALTER TABLE notes ADD COLUMN preferred INTEGER NOT NULL DEFAULT 0")
    db.execute(
        """CREATE TABLE note_sources (
            note INTEGER NOT NULL REFERENCES notes(id) ON DELETE CASCADE,
            origin TEXT NOT NULL,
            deck_id INTEGER NOT NULL REFERENCES decks(id),
            position INTEGER NOT NULL,
            note_id TEXT NOT NULL,
            type TEXT NOT NULL,
            fields TEXT NOT NULL,
            tags TEXT NOT NULL,
            source_path TEXT NOT NULL,
            source_line INTEGER NOT NULL,
            source_heading TEXT NOT NULL,
            reversed INTEGER NOT NULL,
            guid TEXT NOT NULL,
            content_hash TEXT NOT NULL,
            preferred INTEGER NOT NULL,
            PRIMARY KEY (note, origin)
        ) STRICT, WITHOUT ROWID"""
    )
    db.execute("CREATE INDEX note_sources_origin ON note_sources(origin)")
    db.execute("UPDATE meta SET value = '5' WHERE key = 'schema_version'")
