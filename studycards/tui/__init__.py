"""The Textual study app. Importing this package does not import Textual; running it does."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from studycards.collection import Collection


def run_app(col: Collection, *, decks: Sequence[str] | None = None) -> None:
    """Open the decks screen; with `decks`, start a review of them on top of it."""
    from studycards.tui.app import StudyApp

    StudyApp(col, decks=decks).run()


def run_review(col: Collection, decks: Sequence[str] | None) -> None:
    """Review `decks` (every deck when None or empty); `q` leads to the decks screen."""
    from studycards.tui.app import StudyApp

    StudyApp(col, decks=decks or None, review=True).run()


__all__ = ["run_app", "run_review"]
