"""Pilot test: a term written in two notes is one card whose source line (under the answer)
and card info name both notes."""

from __future__ import annotations

from pathlib import Path

from studycards.clock import FrozenClock
from studycards.collection import Collection
from studycards.collection.importing import import_paths
from studycards.tui.app import StudyApp
from studycards.tui.screens.info import CardInfoScreen
from studycards.tui.screens.review import ReviewScreen
from studycards.tui.widgets.safe_text import CardText

SIZE = (100, 30)


async def test_the_source_line_and_card_info_list_every_note_with_the_term(
    tmp_path: Path, clock: FrozenClock
) -> None:
    vault = tmp_path / "vault"
    vault.mkdir()
    (vault / "a-ships.md").write_text(
        "---\ntitle: Ships\n---\n\nThe **keel** (the beam along the bottom of a ship) was oak.\n",
        encoding="utf-8",
    )
    (vault / "b-boats.md").write_text(
        "---\ntitle: Boats\n---\n\n\n\nA **keel** (a boat's backbone) keeps it upright.\n",
        encoding="utf-8",
    )
    with Collection.open(tmp_path / "c.db", clock, fuzz=False) as col:
        import_paths(col, [vault])
        app = StudyApp(col, decks=["vault::Ships"], clock=clock)
        async with app.run_test(size=SIZE) as pilot:
            screen = app.screen
            assert isinstance(screen, ReviewScreen)
            study = screen.session.current
            assert study is not None and study.card.front == "keel"
            await pilot.press("space")
            source = str(screen.query_one("#source", CardText).render())
            assert "a-ships.md:5" in source
            assert "Also in   " + str(vault / "b-boats.md") + ":7" in source
            await pilot.press("i")
            info = app.screen
            assert isinstance(info, CardInfoScreen)
            assert [str(s) for s in info.info.sources] == [
                f"{vault / 'a-ships.md'}:5",
                f"{vault / 'b-boats.md'}:7",
            ]
