"""Fixtures for the study app: a real collection file with a small, fixed set of notes."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from studycards.clock import FrozenClock
from studycards.collection import Collection
from studycards.model import Deck, ImportBatch, Note
from tests.builders import NOTE_FILE, basic, figure, term

MARKUP_QUESTION = "What does [bold red]x[/] do?\x1b]52;c;aGVsbG8=\x07"
CJK_DEFINITION = (
    "计算能力，指训练和运行大型人工智能模型所需的芯片与数据中心资源；"
    "美国的出口管制正是针对这一瓶颈。"
)
CJK_FIGURES = (
    "数据中心在未来20-30年里要用上100吉瓦（GW）的电力，例如海湾战争I，美国的GDP增长了50%。"
)


def demo_notes() -> list[Note]:
    """Two decks: `AI race` with one note of each kind, `AI race::Capitals` with one basic."""
    deck = "AI race"
    return [
        basic(
            deck, "Which chips did the 2022 export controls target?", "Advanced AI chips", line=10
        ),
        figure(
            deck,
            "China has {{c1::about 50%}} of top AI researchers",
            "By 2025, China has {{c1::about 50%}} of top AI researchers, the speaker says.",
            line=20,
            heading="Talent",
        ),
        term(
            deck,
            "compute",
            "The chips and data centres that train models.",
            english="computing power",
            line=30,
        ),
        basic("AI race::Capitals", "Capital of France?", "Paris", line=40),
    ]


def open_with(path: Path, clock: FrozenClock, notes: Sequence[Note]) -> Collection:
    col = Collection.open(path, clock, fuzz=False)
    by_deck: dict[str, list[Note]] = {}
    for note in notes:
        by_deck.setdefault(note.deck, []).append(note)
    decks = tuple(Deck(name, tuple(group)) for name, group in by_deck.items())
    col.import_batch(ImportBatch(origin=NOTE_FILE, decks=decks))
    return col


MakeCollection = Callable[[Sequence[Note]], Collection]


@pytest.fixture
def make_collection(tmp_path: Path, clock: FrozenClock) -> Iterator[MakeCollection]:
    opened: list[Collection] = []

    def make(notes: Sequence[Note]) -> Collection:
        col = open_with(tmp_path / f"collection{len(opened)}.db", clock, notes)
        opened.append(col)
        return col

    yield make
    for col in opened:
        col.close()


@pytest.fixture
def col(make_collection: MakeCollection) -> Collection:
    return make_collection(demo_notes())


@dataclass(frozen=True)
class EditedDeck:
    """A deck file `Capitals` in the collection, and the log of the fake editor's command."""

    deck_file: Path
    log: Path


@pytest.fixture
def edited_deck(col: Collection, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> EditedDeck:
    """A deck file with "Capital of Peru?" → "Lima" imported into `col`, and `$EDITOR` set to
    a fake editor that logs its arguments and turns "Lima" into "Lima, on the Rímac"."""
    from studycards.notes.deckfile import read_deck_file, render_deck

    deck_file = tmp_path / "capitals.md"
    deck_file.write_text(
        render_deck(Deck("Capitals", (basic("Capitals", "Capital of Peru?", "Lima"),))),
        encoding="utf-8",
    )
    col.import_batch(ImportBatch(origin=str(deck_file), decks=(read_deck_file(deck_file),)))
    editor = fake_editor(tmp_path, monkeypatch, "text = text.replace('Lima', 'Lima, on the Rímac')")
    return EditedDeck(deck_file, editor.log)


@dataclass(frozen=True)
class FakeEditor:
    """An $EDITOR that logs its arguments to `log` and copies what it was given to `seen`."""

    log: Path
    seen: Path


def fake_editor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, change: str) -> FakeEditor:
    """Set $EDITOR (and no $VISUAL) to a fake editor; `change`: Python run on `text`, the
    file's content, before it is saved back."""
    log, seen = tmp_path / "editor.log", tmp_path / "editor.seen"
    editor = tmp_path / "fake-editor"
    editor.write_text(
        f"#!{sys.executable}\n"
        "import pathlib, sys\n"
        f"pathlib.Path({str(log)!r}).write_text(' '.join(sys.argv[1:]))\n"
        "path = pathlib.Path(sys.argv[-1])\n"
        "text = path.read_text(encoding='utf-8')\n"
        f"pathlib.Path({str(seen)!r}).write_text(text, encoding='utf-8')\n"
        f"{change}\n"
        "path.write_text(text, encoding='utf-8')\n",
        encoding="utf-8",
    )
    editor.chmod(0o755)
    monkeypatch.setenv("EDITOR", str(editor))
    monkeypatch.delenv("VISUAL", raising=False)
    return FakeEditor(log, seen)


async def messages(pilot: Pilot[Any]) -> list[str]:
    """What the app is telling the user now: its pop-up messages, and during a review the
    message line above the answer buttons."""
    await pilot.pause()  # pop-ups are drawn after the key that raised them
    app = pilot.app
    shown = [str(toast.render()) for toast in app.screen.query("Toast")]
    shown += [str(line.render()) for line in app.screen.query("#message")]
    return [text for text in shown if text]
