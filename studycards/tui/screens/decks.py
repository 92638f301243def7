"""The decks screen, like Anki's deck list: the deck tree, today's reviews and the streak."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Button, Footer, Input, Static

from studycards import render
from studycards.errors import StudycardsError
from studycards.study import today
from studycards.tui.screens.base import StudyScreen
from studycards.tui.screens.deck_dialogs import DeleteDeckScreen, RenameDeckScreen
from studycards.tui.widgets.deck_tree import DeckCounts, DeckTree, deck_forest
from studycards.tui.widgets.safe_text import styled


def filter_forest(forest: list[DeckCounts], needle: str) -> list[DeckCounts]:
    """The decks whose full name contains `needle` (case-insensitive), with their ancestors."""
    needle = needle.casefold()
    kept: list[DeckCounts] = []
    for deck in forest:
        children = filter_forest(list(deck.children.values()), needle)
        if needle in deck.name.casefold() and not children:
            kept.append(deck)
        elif children or needle in deck.name.casefold():
            trimmed = DeckCounts(deck.name, deck.own)
            trimmed.children = {child.name: child for child in children}
            kept.append(trimmed)
    return kept


class DecksScreen(StudyScreen):
    """Enter studies the highlighted deck; `/` filters; `b` browses its cards; `t` shows
    statistics; `r` renames it and Delete deletes it (after asking)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "filter", "Filter"),
        Binding("t", "stats", "Stats"),
        Binding("b", "browse", "Browse"),
        Binding("a", "study_all", "Study all"),
        Binding("r", "rename_deck", "Rename deck", show=False),
        Binding("delete,D", "delete_deck", "Delete deck", key_display="Del", show=False),
        Binding("q", "app.quit", "Quit"),
        Binding("escape", "clear_filter", "Clear filter", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._forest: list[DeckCounts] = []
        self._all_decks = (0, 0, 0)

    def compose(self) -> ComposeResult:
        yield Static(id="today")
        with Vertical(id="decks-body"):
            yield Input(placeholder="Filter decks…", id="filter")
            yield Static(id="deck-header")
            yield DeckTree(id="deck-tree")
            yield Static(id="all-decks")
            with Vertical(id="empty"):
                yield Static(id="empty-message", markup=False)
                yield Button("Study the bundled deck", id="study-bundled", variant="primary")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#filter", Input).display = False

    def on_screen_resume(self) -> None:
        # Also sent when the screen is first shown: one read of the counts per appearance.
        # `studycards review` pushes a review on top at once; the counts are then read when
        # the user comes back here, not before the first card (a second at a million cards).
        if self.is_active:
            self.reload()

    def reload(self) -> None:
        """Read counts, today's reviews and the streak from the collection again."""
        col = self.study_app.col
        try:
            overview = today.overview(col)
            reviewed, streak = today.reviewed_today(col), today.streak(col)
        except StudycardsError as error:  # busy or damaged: say so, keep what is shown
            self.notify(str(error), severity="error", timeout=10, markup=False)
            return
        rows = [(s.deck, s.new, s.learning, s.review) for s in overview.decks]
        self._forest = deck_forest(rows)
        everything = overview.study_all
        # What `a` studies: every deck at once, under the collection's own limits.
        self._all_decks = (everything.new, everything.learning, everything.review)
        summary = styled(
            ("studycards", "bold"),
            "   ",
            (render.answers_today(reviewed), "bold"),
            "   ",
            render.streak(streak),
        )
        self.query_one("#today", Static).update(summary)
        empty = not rows
        self.query_one("#empty").display = empty
        self.query_one("#deck-tree").display = not empty
        self.query_one("#deck-header").display = not empty
        self.query_one("#all-decks").display = not empty
        if empty:
            # No deck left to act on: the last one may just have been deleted.
            self.query_one(DeckTree).clear()
            self.query_one("#empty-message", Static).update(self.study_app.empty_message())
        else:
            self._show()
        self._focus_main()

    def _focus_main(self) -> None:
        """Focus what Enter acts on: the deck tree, or on an empty collection the button
        that studies the bundled deck (the footer's Enter says so either way)."""
        if self.query_one("#empty").display:
            self.query_one("#study-bundled", Button).focus()
        else:
            self.query_one(DeckTree).focus()

    def _show(self) -> None:
        tree = self.query_one(DeckTree)
        needle = self.query_one("#filter", Input).value.strip()
        forest = filter_forest(self._forest, needle) if needle else self._forest
        # The body's padding, the tree's, and room for its scrollbar.
        tree.show(forest, expand_all=bool(needle), width=self.app.size.width - 8)
        self.query_one("#deck-header", Static).update(tree.header())
        self.query_one("#all-decks", Static).update(tree.summary_line("All decks", self._all_decks))

    def on_resize(self) -> None:
        if self.is_mounted and self.query_one(DeckTree).display:
            self._show()

    @on(Input.Changed, "#filter")
    def _filter_changed(self) -> None:
        self._show()

    @on(Input.Submitted, "#filter")
    def _filter_done(self) -> None:
        self._focus_main()

    @on(DeckTree.NodeSelected)
    def _study_selected(self, event: DeckTree.NodeSelected[str]) -> None:
        event.stop()
        if event.node.data is not None:
            self.study_app.study([event.node.data])

    @on(Button.Pressed, "#study-bundled")
    def action_bundled(self) -> None:
        self.study_app.study_bundled()

    def action_filter(self) -> None:
        box = self.query_one("#filter", Input)
        box.display = True
        box.focus()

    def action_clear_filter(self) -> None:
        box = self.query_one("#filter", Input)
        box.value = ""
        box.display = False
        if self.query_one(DeckTree).display:
            self._show()
        self._focus_main()

    @property
    def selected_deck(self) -> str | None:
        """The highlighted deck, if the list shows any."""
        tree = self.query_one(DeckTree)
        return tree.selected_deck if tree.display else None

    def action_browse(self) -> None:
        self.study_app.browse(self.query_one(DeckTree).selected_deck)

    def action_stats(self) -> None:
        self.study_app.show_stats(self.query_one(DeckTree).selected_deck)

    def action_study_all(self) -> None:
        self.study_app.study(None)

    def action_rename_deck(self) -> None:
        deck = self.query_one(DeckTree).selected_deck
        if deck is None:
            return
        col = self.study_app.col

        def renamed(new: str | None) -> None:
            if new is None:
                return
            self.notify(f"Renamed {deck} to {new}", timeout=4, markup=False)
            self.reload()
            self.query_one(DeckTree).move_to(new, unfold=True)

        self.app.push_screen(
            RenameDeckScreen(deck, lambda new: col.rename_deck(deck, new)), renamed
        )

    def action_delete_deck(self) -> None:
        deck = self.query_one(DeckTree).selected_deck
        if deck is None:
            return
        col = self.study_app.col
        try:
            size = col.deck_size(deck)
        except StudycardsError as error:
            self.notify(str(error), severity="error", timeout=10, markup=False)
            return

        def answered(delete: bool | None) -> None:
            if not delete:
                return
            try:
                deleted = col.delete_deck(size.deck)
            except StudycardsError as error:
                self.notify(str(error), severity="error", timeout=10, markup=False)
                return
            self.notify(
                f"Deleted {size.deck} ({render.plural(size.cards, 'card')}). To undo: "
                f"studycards backup restore {deleted.backup.name}",
                timeout=20,
                markup=False,
            )
            self.reload()

        self.app.push_screen(DeleteDeckScreen(size), answered)
