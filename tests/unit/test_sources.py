"""Import routing: each kind of path reaches the reader that understands it."""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from studycards.collection.sources import read_sources
from studycards.errors import ImportFormatError, NotFoundError, StudycardsError
from studycards.model import Deck, NoteType
from studycards.notes.builder import build_decks
from studycards.notes.deckfile import read_deck_file
from tests.conftest import REPO

DECK_FILE = REPO / "decks" / "us-china-ai-race.md"
NOTE = REPO / "data" / "us-china-ai-race.md"


def note_ids(decks: Iterable[Deck]) -> set[str]:
    return {note.note_id for deck in decks for note in deck.notes}


def test_deck_file_is_read_as_it_is(tmp_path: Path) -> None:
    (batch,) = read_sources([DECK_FILE], media_dir=tmp_path)
    expected = read_deck_file(DECK_FILE)
    assert [deck.name for deck in batch.decks] == [expected.name]
    assert note_ids(batch.decks) == {note.note_id for note in expected.notes}
    assert batch.origin == str(DECK_FILE.resolve())


def test_reading_note_goes_through_the_builder(tmp_path: Path) -> None:
    (batch,) = read_sources([NOTE], media_dir=tmp_path)
    built = build_decks([NOTE])
    assert note_ids(batch.decks) == note_ids(built.decks)
    assert batch.warnings == ()


def test_obsidian_and_hashcards_markdown_go_to_interop(tmp_path: Path) -> None:
    obsidian = tmp_path / "bio.md"
    obsidian.write_text("#flashcards/biology\n\nWhat is ATP?::The cell's energy carrier\n")
    hashcards = tmp_path / "chem.md"
    hashcards.write_text("Q: Symbol for gold?\nA: Au\n")
    batches = read_sources([obsidian, hashcards], media_dir=tmp_path)
    assert [batch.origin for batch in batches] == [str(obsidian), str(hashcards)]
    fields = [dict(note.fields) for batch in batches for deck in batch.decks for note in deck.notes]
    assert {"question": "What is ATP?", "answer": "The cell's energy carrier"} in fields
    assert {"question": "Symbol for gold?", "answer": "Au"} in fields
    notes = [note for batch in batches for deck in batch.decks for note in deck.notes]
    assert all(note.type is NoteType.BASIC for note in notes)


def test_anki_text_goes_to_interop(tmp_path: Path) -> None:
    text = tmp_path / "vocab.txt"
    text.write_text("#separator:tab\nhund\tdog\nkatze\tcat\n")
    (batch,) = read_sources([text], media_dir=tmp_path)
    assert sum(len(deck.notes) for deck in batch.decks) == 2


def test_unknown_format_and_missing_paths_raise_naming_the_path(tmp_path: Path) -> None:
    odd = tmp_path / "photo.jpg"
    odd.write_bytes(b"\xff\xd8\xff")
    with pytest.raises(ImportFormatError) as unknown:
        read_sources([odd], media_dir=tmp_path)
    assert unknown.value.path == str(odd)
    with pytest.raises(NotFoundError) as missing:
        read_sources([tmp_path / "gone.md"], media_dir=tmp_path)
    assert missing.value.path == str(tmp_path / "gone.md")
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(ImportFormatError):
        read_sources([empty], media_dir=tmp_path)


def test_a_folder_gives_one_batch_per_note_and_skips_broken_ones(tmp_path: Path) -> None:
    folder = tmp_path / "notes"
    (folder / "deeper").mkdir(parents=True)
    shutil.copy(NOTE, folder / "deeper" / "race.md")
    (folder / "cards.md").write_text("Q: Capital of France?\nA: Paris\n")
    (folder / "broken.md").write_bytes(b"---\nkey: [oops\n---\n")
    (folder / ".hidden.md").write_text("Q: never read?\nA: right\n")
    batches = read_sources([folder], media_dir=tmp_path)
    origins = [Path(batch.origin).name for batch in batches]
    assert origins == ["cards.md", "race.md"]
    assert any("broken.md" in warning for warning in batches[0].warnings)


def test_a_named_broken_note_is_an_error_not_a_warning(tmp_path: Path) -> None:
    broken = tmp_path / "broken.md"
    broken.write_bytes(b"---\nkey: [oops\n---\n")
    with pytest.raises(StudycardsError) as raised:
        read_sources([broken], media_dir=tmp_path)
    assert "broken.md" in str(raised.value)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.binary(max_size=2000) | st.text(max_size=2000).map(str.encode))
def test_arbitrary_markdown_is_cards_or_a_clear_error(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "any.md"
    path.write_bytes(data)
    try:
        batches = read_sources([path], media_dir=tmp_path)
    except StudycardsError as error:
        assert str(error)
    else:
        assert len(batches) == 1
