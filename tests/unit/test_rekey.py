"""Migration 0002 on collections made to look as schema 1 left them: which notes are re-keyed,
which stays in study when two old notes get one id, and how old files find their notes.

The schema-1 collections here are made by importing notes that carry the ids schema 1 derived
(store/rekey.py's frozen copy, which tests/cli/test_upgrade.py checks against a collection
the old studycards made), then setting the file back to schema 1.
"""

from __future__ import annotations

import dataclasses
import sqlite3
from datetime import datetime, timedelta, timezone
from pathlib import Path

from studycards.clock import FrozenClock
from studycards.collection import Collection
from studycards.collection.store.rekey import schema1_guid, schema1_note_id
from studycards.model import (
    Deck,
    ImportBatch,
    Note,
    NoteType,
    Rating,
    Review,
    anki_note_id,
    note_id_for,
)
from studycards.notes.cards import note_id_of, strip_cloze

NOW = datetime(2026, 3, 4, 12, tzinfo=timezone.utc)


def old_note(note_type: NoteType, deck: str, fields: dict[str, str], note_id: str = "") -> Note:
    return Note(
        note_id or schema1_note_id(str(note_type), deck, fields), note_type, deck, dict(fields)
    )


def term(deck: str, word: str, definition: str = "") -> Note:
    # A definition that names the term would leave the note without its reverse card.
    fields = {"term": word, "english": "", "abbr": "", "definition": definition or word[::-1]}
    return old_note(NoteType.TERM, deck, fields)


def figure(deck: str, text: str) -> Note:
    return old_note(NoteType.FIGURE, deck, {"text": text, "context": ""})


def reviews(note: Note, count: int, start: int = 0) -> list[Review]:
    return [
        Review(f"{note.note_id}-0", Rating.GOOD, NOW - timedelta(days=30 - start - i * 3))
        for i in range(count)
    ]


def schema1(path: Path, *batches: ImportBatch) -> None:
    with Collection.open(path, FrozenClock(NOW)) as col:
        for batch in batches:
            col.import_batch(batch)
    con = sqlite3.connect(path)
    con.executescript(
        "DROP TABLE note_aliases;"
        "DELETE FROM _sqlite_migrations WHERE name = '0002_note_ids_without_deck';"
        "UPDATE meta SET value = '1' WHERE key = 'schema_version';"
    )
    con.close()


def notes_after(path: Path) -> dict[str, tuple[str, bool, int, str]]:
    """note id → (deck, orphaned, reviews, guid), after opening with this studycards."""
    Collection.open(path).close()
    con = sqlite3.connect(path)
    rows = con.execute(
        "SELECT n.note_id, d.name, n.orphaned, "
        "(SELECT count(*) FROM revlog r JOIN cards c ON c.id = r.card WHERE c.note = n.id), "
        "n.guid FROM notes n JOIN decks d ON d.id = n.deck_id"
    ).fetchall()
    con.close()
    return {row[0]: (row[1], bool(row[2]), row[3], row[4]) for row in rows}


def test_the_same_term_in_two_decks_keeps_the_most_reviewed_in_study(tmp_path: Path) -> None:
    physics, chemistry = term("Physics", "Entropy"), term("Chemistry", "Entropy")
    schema1(
        tmp_path / "c.db",
        ImportBatch(
            origin="physics.md",
            decks=(Deck("Physics", (physics,)),),
            reviews=tuple(reviews(physics, 1)),
        ),
        ImportBatch(
            origin="chemistry.md",
            decks=(Deck("Chemistry", (chemistry,)),),
            reviews=tuple(reviews(chemistry, 3)),
        ),
    )
    notes = notes_after(tmp_path / "c.db")
    new_id = note_id_of(NoteType.TERM, chemistry.fields)
    assert notes[new_id] == ("Chemistry", False, 3, schema1_guid(chemistry.note_id))
    # The other keeps its old id, out of study, with its answer.
    assert notes[physics.note_id] == ("Physics", True, 1, "")
    assert len(notes) == 2


def test_with_as_many_reviews_the_older_stays_unless_it_is_orphaned(tmp_path: Path) -> None:
    first, second, third = (term(deck, "Entropy") for deck in ("A", "B", "C"))
    batches = [
        ImportBatch(
            origin=f"{n.deck}.md", decks=(Deck(n.deck, (n,)),), reviews=tuple(reviews(n, 2))
        )
        for n in (first, second, third)
    ]
    schema1(tmp_path / "c.db", *batches, dataclasses.replace(batches[0], decks=()))
    # Importing A.md empty orphaned the oldest: the next oldest stays in study.
    notes = notes_after(tmp_path / "c.db")
    assert notes[note_id_of(NoteType.TERM, second.fields)][:2] == ("B", False)
    assert notes[first.note_id][:2] == ("A", True)
    assert notes[third.note_id][:2] == ("C", True)


def test_figure_clauses_differing_only_in_figures_both_stay_as_the_builder_keys_them(
    tmp_path: Path,
) -> None:
    five = figure("Farms", "In the north the company sold about {{c1::5,000}} tractors")
    seven = figure("Farms", "In the north the company sold about {{c1::7,000}} tractors")
    schema1(
        tmp_path / "c.db",
        ImportBatch(
            origin="farms.md",
            decks=(Deck("Farms", (five, seven)),),
            reviews=tuple(reviews(seven, 2)),
        ),
    )
    notes = notes_after(tmp_path / "c.db")
    # The first of the deck gets the masked id, the second is keyed by its figures, as the
    # builder keys a clause whose masked id an earlier one of its note has.
    masked = note_id_of(NoteType.FIGURE, five.fields)
    by_figures = note_id_for(NoteType.FIGURE, strip_cloze(seven["text"]))
    assert notes.keys() == {masked, by_figures}
    assert notes[by_figures][1:3] == (False, 2)


def test_hand_written_and_anki_ids_are_kept_and_not_aliased(tmp_path: Path) -> None:
    mine = old_note(NoteType.BASIC, "D", {"question": "Q?", "answer": "A"}, note_id="verb-1")
    anki = old_note(NoteType.BASIC, "D", {"question": "R?", "answer": "B"}, anki_note_id("x1"))
    derived = old_note(NoteType.BASIC, "D", {"question": "S?", "answer": "C"})
    schema1(
        tmp_path / "c.db", ImportBatch(origin="d.md", decks=(Deck("D", (mine, anki, derived)),))
    )
    notes = notes_after(tmp_path / "c.db")
    assert set(notes) == {"verb-1", anki.note_id, note_id_of(NoteType.BASIC, derived.fields)}
    con = sqlite3.connect(tmp_path / "c.db")
    assert con.execute("SELECT old FROM note_aliases").fetchall() == [(derived.note_id,)]
    con.close()


def test_a_batch_with_old_ids_lands_on_the_re_keyed_notes(tmp_path: Path) -> None:
    """An old deck file or package carries old ids in its notes and in its reviews' card
    ids: both are found through the aliases, and nothing is added twice."""
    note = term("Physics", "Entropy")
    old_reviews = reviews(note, 2)
    batch = ImportBatch(
        origin="physics.md", decks=(Deck("Physics", (note,)),), reviews=tuple(old_reviews)
    )
    schema1(tmp_path / "c.db", batch)
    later = Review(f"{note.note_id}-1", Rating.EASY, NOW - timedelta(days=1))
    again = dataclasses.replace(
        batch,
        reviews=(*old_reviews, later),
        origin="old-export.apkg",
    )
    with Collection.open(tmp_path / "c.db", FrozenClock(NOW)) as col:
        report = col.import_batch(again)
        assert (report.added, report.reviews_added) == (0, 1)
        cards = {row.card.card_id: row for row in col.card_rows()}
    new_id = note_id_of(NoteType.TERM, note.fields)
    assert set(cards) == {f"{new_id}-0", f"{new_id}-1"}
    assert cards[f"{new_id}-1"].reps == 1
    assert cards[f"{new_id}-0"].reps == 2
