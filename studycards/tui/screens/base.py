"""What every screen of the study app shares: the app it belongs to, typed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.screen import Screen

if TYPE_CHECKING:
    from studycards.tui.app import StudyApp


class StudyScreen(Screen[None]):
    """A screen of `StudyApp`, which holds the collection and opens the other screens."""

    @property
    def study_app(self) -> StudyApp:
        from studycards.tui.app import StudyApp

        assert isinstance(self.app, StudyApp)
        return self.app
