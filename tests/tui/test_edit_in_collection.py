"""Pilot tests: `e` on a card whose note came from an Anki package (no text file of the
user's holds it) edits its fields in a temporary Markdown document instead of opening the
package, and writes the edit into the same note, which keeps its cards' history."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable

from studycards.clock import FrozenClock
from studycards.collection import Collection
from studycards.model import Deck, ImportBatch, Rating
from studycards.study.session import Session
from studycards.tui.app import StudyApp
from studycards.tui.screens.browse import BrowseScreen
from studycards.tui.screens.review import ReviewScreen
from tests.builders import basic
from tests.tui.conftest import fake_editor, messages

SIZE = (80, 24)


@pytest.fixture
def packaged(col: Collection, tmp_path: Path) -> Path:
    """A deck `Capitals` whose one note came from an Anki package, answered once."""
    package = tmp_path / "capitals.apkg"
    package.write_bytes(b"PK")  # only its name says what it is; nothing reads it again
    note = basic("Capitals", "Capital of Peru?", "Lima", line=1)
    col.import_batch(ImportBatch(origin=str(package), decks=(Deck("Capitals", (note,)),)))
    session = Session(col, ["Capitals"])
    session.reveal()
    session.answer(Rating.AGAIN)
    return package


async def test_e_edits_a_packaged_note_in_a_document_and_keeps_its_history(
    col: Collection,
    clock: FrozenClock,
    packaged: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    editor = fake_editor(
        tmp_path, monkeypatch, "text = text.replace('\\nLima\\n', '\\nLima, on the Rímac\\n')"
    )
    history = [(row.card_id, row.rating) for row in col.history()]
    app = StudyApp(col, decks=["Capitals"], clock=clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        assert screen.session.source_location() is None
        await pilot.press("e")
        await pilot.pause()
        argv = editor.log.read_text().split()
        document = Path(argv[-1])
        # The editor got a Markdown document at the first field, not the package.
        assert document.suffix == ".md" and document != packaged
        assert argv[0] == "+9"
        seen = editor.seen.read_text(encoding="utf-8").splitlines()
        assert seen[8] == "Capital of Peru?"
        assert "## answer" in seen and "tags: " not in seen
        assert not document.exists()  # saved, then removed
        await pilot.press("space")
        assert "on the Rímac" in str(app.screen.query_one("#answer").render())
    assert [row.card.back for row in col.card_rows(deck="Capitals")] == ["Lima, on the Rímac"]
    assert [(row.card_id, row.rating) for row in col.history()] == history
    origin = col.store.conn.execute("SELECT origin FROM notes").fetchone()[0]
    assert origin == str(packaged)


async def test_an_edit_that_cannot_be_saved_keeps_the_document_and_names_it(
    col: Collection,
    clock: FrozenClock,
    packaged: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fake_editor(tmp_path, monkeypatch, "text = text.replace('## answer', '## reply')")
    app = StudyApp(col, decks=["Capitals"], clock=clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("e")
        await pilot.pause()
        (message,) = [text for text in await messages(pilot) if text.startswith("Not saved")]
        assert "the heading `## answer` is missing" in message
        kept = Path(message.rsplit(" ", 1)[1])
        assert kept.is_file() and "## reply" in kept.read_text(encoding="utf-8")
        kept.unlink()
    assert [row.card.back for row in col.card_rows(deck="Capitals")] == ["Lima"]


async def test_the_browser_edits_a_packaged_note_the_same_way(
    col: Collection,
    clock: FrozenClock,
    packaged: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fake_editor(
        tmp_path,
        monkeypatch,
        "text = text.replace('tags:', 'tags: geo peru').replace('\\nLima\\n', '\\nLima (Peru)\\n')",
    )
    app = StudyApp(col, clock=clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("b", "slash", "ctrl+u", *"deck:capitals", "enter", "e")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, BrowseScreen)
        assert [row.card.answer for row in screen.rows] == ["Lima (Peru)"]
        assert screen.query_one(DataTable).row_count == 1
    (row,) = col.card_rows(deck="Capitals")
    assert set(row.card.tags) >= {"geo", "peru"}
