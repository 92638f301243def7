"""Decks made by real Anki come into studycards with their text, decks, media and history."""

from __future__ import annotations

import dataclasses
import zipfile
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Literal

import pytest

from studycards.clock import FrozenClock
from studycards.collection import Collection
from studycards.interop.anki_export import write_apkg
from studycards.interop.readers import read_import
from studycards.model import (
    ImportBatch,
    Note,
    NoteType,
    ReviewKind,
    State,
    anki_note_id,
    card_id_for,
)
from studycards.notes.cards import cards_of

from .anki_fixtures import CAT_PNG, AnkiDeck, build_anki_deck
from .conftest import import_apkg


@pytest.fixture(scope="module", params=["latest", "legacy2", "legacy1"])
def anki_deck(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> AnkiDeck:
    """The same deck as current Anki writes it (zstd anki21b), with "support older Anki
    versions" (anki21), and in the Anki 2.0 layout (collection.anki2 alone, no meta)."""
    folder = tmp_path_factory.mktemp("anki")
    deck = build_anki_deck(folder, "french.apkg", legacy=request.param != "latest")
    if request.param != "legacy1":
        return deck
    old = folder / "french-2.0.apkg"
    with zipfile.ZipFile(deck.path) as source, zipfile.ZipFile(old, "w") as target:
        for info in source.infolist():
            if info.filename in ("meta", "collection.anki2"):
                continue
            name = "collection.anki2" if info.filename == "collection.anki21" else info.filename
            target.writestr(name, source.read(info.filename))
    return dataclasses.replace(deck, path=old)


def by_guid(batch: ImportBatch) -> dict[str, Note]:
    return {note.guid: note for deck in batch.decks for note in deck.notes}


def test_the_package_version_is_the_one_asked_for(anki_deck: AnkiDeck) -> None:
    names = set(zipfile.ZipFile(anki_deck.path).namelist())
    collections = names & {"collection.anki2", "collection.anki21", "collection.anki21b"}
    if "meta" in names:  # modern layouts also carry a dummy collection.anki2 we never read
        assert len(collections) == 2 and "collection.anki2" in collections
    else:
        assert collections == {"collection.anki2"}


def sides(note: Note) -> dict[int, tuple[str, str]]:
    """Each card of a note: its front and what its answer side adds."""
    return {card.ord: (card.front, card.back) for card in cards_of(note)}


def test_notes_keep_their_text_cards_and_decks(anki_deck: AnkiDeck, tmp_path: Path) -> None:
    batch = read_import(anki_deck.path, media_dir=tmp_path / "media")
    assert batch is not None
    notes = by_guid(batch)
    assert set(notes) == set(anki_deck.guids.values())  # no "please update" dummy note
    g = anki_deck.guids

    basic = notes[g["basic"]]
    assert basic.type is NoteType.ANKI
    assert sides(basic) == {0: ("chat & co\ndeux", "cat [image: cat.png]")}
    assert basic.tags == ("animals",)
    assert basic.deck == "Lang::French"
    assert basic.note_id == anki_note_id(g["basic"])

    assert sides(notes[g["reversed"]]) == {0: ("chien", "dog"), 1: ("dog", "chien")}

    cloze = notes[g["cloze"]]
    assert cloze.deck == "Lang"
    assert sides(cloze) == {
        0: ("[…] is in France", "[Paris] is in France\ncapital"),
        1: ("Paris is in […]", "Paris is in [France]\ncapital"),
    }
    assert [c.answer for c in cards_of(cloze)] == ["Paris", "France"]

    # The template shows Meaning and Example, not Private.
    assert sides(notes[g["custom"]]) == {0: ("maison", "house\nMa maison")}
    assert sides(notes[g["optional"]]) == {0: ("pain", "bread"), 1: ("bread", "pain")}


def test_media_lands_in_the_media_folder_only(anki_deck: AnkiDeck, tmp_path: Path) -> None:
    media = tmp_path / "collection" / "media"
    batch = read_import(anki_deck.path, media_dir=media)
    assert batch is not None and batch.media == ("cat.png",)
    assert (media / "cat.png").read_bytes() == CAT_PNG
    assert sorted(p.name for p in (tmp_path / "collection").iterdir()) == ["media"]


def test_a_clashing_media_name_is_stored_beside_and_the_note_points_to_it(
    anki_deck: AnkiDeck, tmp_path: Path
) -> None:
    media = tmp_path / "media"
    media.mkdir()
    (media / "cat.png").write_bytes(b"someone else's cat")
    batch = read_import(anki_deck.path, media_dir=media)
    assert batch is not None
    (stored,) = batch.media
    assert stored != "cat.png" and (media / stored).read_bytes() == CAT_PNG
    assert (media / "cat.png").read_bytes() == b"someone else's cat"
    assert sides(by_guid(batch)[anki_deck.guids["basic"]])[0][1] == f"cat [image: {stored}]"


def test_review_history_and_suspension_come_along(anki_deck: AnkiDeck, tmp_path: Path) -> None:
    batch = read_import(anki_deck.path, media_dir=tmp_path / "media")
    assert batch is not None
    assert len(batch.reviews) == anki_deck.reviews == 5
    card_ids = {c.card_id for deck in batch.decks for n in deck.notes for c in cards_of(n)}
    assert {r.card_id for r in batch.reviews} <= card_ids
    assert [r.reviewed_at for r in batch.reviews] == sorted(r.reviewed_at for r in batch.reviews)
    assert batch.suspended == {card_id_for(anki_note_id(anki_deck.suspended_guid), 0)}
    assert batch.warnings == ()


def test_flags_and_marks_come_along_and_go_back_to_anki(
    anki_deck: AnkiDeck, tmp_path: Path, clock: FrozenClock, anki_col: Any
) -> None:
    batch = read_import(anki_deck.path, media_dir=tmp_path / "media")
    assert batch is not None
    flagged = card_id_for(anki_note_id(anki_deck.flagged_guid), 0)
    marked = anki_note_id(anki_deck.marked_guid)
    assert batch.flags == {flagged: 3}
    assert batch.marked == {marked}
    # The mark is the note's, not a tag that would stay behind when it is unmarked.
    assert by_guid(batch)[anki_deck.marked_guid].tags == ("geo",)
    with Collection.open(tmp_path / "col.db", clock) as col:
        col.import_batch(batch)
        flags = {row.card.card_id: row.flag for row in col.card_rows() if row.flag}
        assert flags == {flagged: 3}
        records = {r.note.note_id: r for r in col.note_records()}
        assert [note_id for note_id, r in records.items() if r.marked] == [marked]
        exported = tmp_path / "back.apkg"
        write_apkg(
            col.note_records(), exported, with_scheduling=True, media_dir=None,
            clock=clock, study_day=col.study_day,
        )  # fmt: skip
    import_apkg(anki_col, exported, with_scheduling=True)
    (card_id,) = anki_col.find_cards("flag:3")
    assert anki_col.get_card(card_id).note().guid == anki_deck.flagged_guid
    (note_id,) = anki_col.find_notes("tag:marked")
    assert anki_col.get_note(note_id).guid == anki_deck.marked_guid


def test_reading_twice_gives_the_same_batch(anki_deck: AnkiDeck, tmp_path: Path) -> None:
    first = read_import(anki_deck.path, media_dir=tmp_path / "media")
    second = read_import(anki_deck.path, media_dir=tmp_path / "media")
    assert first is not None and second is not None
    assert first.decks == second.decks and first.reviews == second.reviews
    assert first.media == second.media


def test_a_whole_collection_package_reads_like_a_deck_package(tmp_path: Path) -> None:
    from anki.collection import Collection

    folder = tmp_path / "anki"
    folder.mkdir()
    col = Collection(str(folder / "collection.anki2"))
    basic = col.models.by_name("Basic")
    assert basic is not None
    note = col.new_note(basic)
    note["Front"], note["Back"] = "colpkg front", "colpkg back"
    deck = col.decks.id("Everything")
    assert deck is not None
    col.add_note(note, deck)
    guid = note.guid
    out = tmp_path / "backup.colpkg"
    col.export_collection_package(str(out), include_media=True, legacy=False)  # closes it

    batch = read_import(out, media_dir=tmp_path / "media")

    assert batch is not None
    notes = by_guid(batch)
    assert sides(notes[guid]) == {0: ("colpkg front", "colpkg back")}
    assert notes[guid].deck == "Everything"


def _package_with_a_forget(tmp_path: Path) -> Path:
    """An Anki package of one card answered Good twice, reset with Forget, then answered
    Again, a minute between the entries."""
    from anki.collection import Collection as AnkiCollection
    from anki.collection import ExportAnkiPackageOptions

    folder = tmp_path / "anki"
    folder.mkdir()
    col = AnkiCollection(str(folder / "collection.anki2"))
    basic = col.models.by_name("Basic")
    deck = col.decks.id("Reset")
    assert basic is not None and deck is not None
    note = col.new_note(basic)
    note["Front"], note["Back"] = "forgotten", "then learnt again"
    col.add_note(note, deck)
    col.decks.select(deck)

    def answer(ease: Literal[1, 2, 3, 4]) -> None:
        card = col.sched.getCard()
        assert card is not None
        col.sched.answerCard(card, ease)

    answer(3)
    answer(3)
    col.sched.schedule_cards_as_new([note.cards()[0].id], restore_position=True, reset_counts=False)
    answer(1)
    # A minute between the entries, as a person gives them (the test answers at once).
    db = col.db
    assert db is not None
    ids = db.list("SELECT id FROM revlog ORDER BY id")
    for index, old in enumerate(ids):
        db.execute("UPDATE revlog SET id = ? WHERE id = ?", old - (len(ids) - index) * 60_000, old)
    out = tmp_path / "reset.apkg"
    col.export_anki_package(
        out_path=str(out),
        options=ExportAnkiPackageOptions(with_scheduling=True, with_media=True, legacy=False),
        limit=None,
    )
    col.close()
    return out


def test_answers_before_an_anki_forget_stay_in_the_history_and_are_not_replayed(
    tmp_path: Path,
) -> None:
    batch = read_import(_package_with_a_forget(tmp_path), media_dir=tmp_path / "media")

    assert batch is not None
    # Every answer is kept, and the Forget between them is in the history as what it is.
    assert [int(r.rating) for r in batch.reviews] == [3, 3, 1]
    assert [e.kind for e in batch.events] == [ReviewKind.FORGET]
    with Collection.open(tmp_path / "col.db", FrozenClock(datetime.now(timezone.utc))) as ours:
        ours.import_batch(batch)
        history = list(ours.history())
        answers = list(ours.review_log())
        (row,) = ours.card_rows()
    assert [(h.kind, h.rating) for h in history] == [
        (ReviewKind.ANSWER, 3),
        (ReviewKind.ANSWER, 3),
        (ReviewKind.FORGET, None),
        (ReviewKind.ANSWER, 1),
    ]
    # The replay started again at the Forget: its last answer found the card new again, and
    # the card is learning from it.
    assert [answer.before.state is State.NEW for answer in answers] == [True, False, True]
    assert row.state is State.LEARNING and row.reps == 3


def test_a_forget_goes_back_to_anki_as_anki_wrote_it(tmp_path: Path) -> None:
    """Anki → studycards → Anki keeps the Forget between the answers, and so does reading
    our own package again."""
    from anki.collection import Collection as AnkiCollection

    package = _package_with_a_forget(tmp_path)
    back = tmp_path / "back.apkg"
    with Collection.open(tmp_path / "col.db", FrozenClock(datetime.now(timezone.utc))) as ours:
        batch = read_import(package, media_dir=tmp_path / "media")
        assert batch is not None
        ours.import_batch(batch)
        write_apkg(
            ours.note_records(with_history=False),
            back,
            with_scheduling=True,
            media_dir=ours.media_dir,
            clock=ours.clock,
            study_day=ours.study_day,
            review_log=ours.export_log(),
        )
    folder = tmp_path / "anki-again"
    folder.mkdir()
    anki = AnkiCollection(str(folder / "collection.anki2"))
    try:
        import_apkg(anki, back, with_scheduling=True)
        db = anki.db
        assert db is not None
        entries = db.all("SELECT type, ease, factor FROM revlog ORDER BY id")
    finally:
        anki.close()
    assert [ease for _, ease, _ in entries] == [3, 3, 0, 1]
    assert entries[2] == [4, 0, 0]  # Anki's Forget: a manual entry, no ease, no factor
    again = read_import(back, media_dir=tmp_path / "media-again")
    assert again is not None
    assert [int(r.rating) for r in again.reviews] == [3, 3, 1]
    assert [e.kind for e in again.events] == [ReviewKind.FORGET]


def test_a_review_card_whose_history_is_gone_keeps_its_due_date_and_memory(
    tmp_path: Path, clock: FrozenClock
) -> None:
    from anki.collection import Collection as AnkiCollection
    from anki.collection import ExportAnkiPackageOptions

    folder = tmp_path / "anki"
    folder.mkdir()
    anki = AnkiCollection(str(folder / "collection.anki2"))
    try:
        kind = anki.models.by_name("Basic")
        assert kind is not None
        kept, cleaned = anki.new_note(kind), anki.new_note(kind)
        kept.fields[:] = ["kept", "its history stays"]
        cleaned.fields[:] = ["cleaned", "its history is deleted"]
        deck: Any = anki.decks.id("Default")
        anki.add_note(kept, deck)
        anki.add_note(cleaned, deck)
        for _ in range(2):
            card = anki.sched.getCard()
            assert card is not None
            anki.sched.answerCard(card, 4)  # Easy: straight to review
        (card_id,) = cleaned.card_ids()
        db = anki.db
        assert db is not None
        db.execute("DELETE FROM revlog WHERE cid = ?", card_id)
        review = anki.get_card(card_id)
        due = datetime.fromtimestamp(anki.crt).date() + timedelta(days=review.due)
        ivl = review.ivl
        package = tmp_path / "cleaned.apkg"
        anki.export_anki_package(
            out_path=str(package),
            options=ExportAnkiPackageOptions(with_scheduling=True, legacy=False),
            limit=None,
        )
    finally:
        anki.close()
    batch = read_import(package, media_dir=tmp_path / "media")
    assert batch is not None and batch.warnings == ()
    ours = card_id_for(anki_note_id(cleaned.guid), 0)
    assert batch.kept[ours].due == due and batch.kept[ours].interval == ivl
    assert not batch.kept[ours].memory_from_history  # no history to replay
    with Collection.open(tmp_path / "col.db", clock) as col:
        col.import_batch(batch)
        rows = {row.card.card_id: row for row in col.card_rows()}
    assert rows[ours].state is State.REVIEW
    when = rows[ours].due
    assert when is not None and when.date() == due
    assert rows[ours].stability == pytest.approx(ivl, rel=1e-3)
    assert rows[card_id_for(anki_note_id(kept.guid), 0)].reps == 1
