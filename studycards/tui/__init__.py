"""The Textual study app. Importing this package does not import Textual; running it does."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from studycards.clock import Clock
    from studycards.collection import Collection


def run_app(
    col: Collection, *, decks: Sequence[str] | None = None, clock: Clock | None = None
) -> None:
    """Open the decks screen; with `decks`, start a review of them on top of it."""
    from studycards.clock import system_clock
    from studycards.tui.app import StudyApp

    StudyApp(col, decks=decks, clock=clock or system_clock).run()


def run_review(col: Collection, decks: Sequence[str] | None, *, clock: Clock | None = None) -> None:
    """Review `decks` (every deck when None or empty); `q` leads to the decks screen."""
    from studycards.clock import system_clock
    from studycards.tui.app import StudyApp

    StudyApp(col, decks=decks or None, review=True, clock=clock or system_clock).run()


__all__ = ["run_app", "run_review"]
