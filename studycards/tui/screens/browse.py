"""The card browser, like Anki's: Anki's search words over every card, a table of the
matches, the highlighted card in full below, and suspend, flag and mark from the keyboard."""

from __future__ import annotations

from collections.abc import Callable
from itertools import islice
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Footer, Input, Static

from studycards import render
from studycards.errors import StudycardsError
from studycards.rows import CardRow
from studycards.tui.screens.base import StudyScreen
from studycards.tui.widgets.safe_text import CardText, Wrapped, styled

if TYPE_CHECKING:
    from studycards.collection import Collection

# A table is read at a glance; a search that matches more says so and asks for a narrower one.
SHOWN = 500
# Fixed columns: due (a date), state and the flag dot; the text columns share the rest.
_FIXED = {"Due": 10, "State": 9, "Flag": 4}
_SHARES = {"Question": 0.5, "Answer": 0.3, "Deck": 0.2}
_PADDING = 2  # DataTable's cell padding, one each side
_DIGITS = tuple("01234567")


def column_widths(total: int) -> dict[str, int]:
    """Each column's width for a table `total` cells wide, so that it never scrolls sideways."""
    columns = len(_FIXED) + len(_SHARES)
    free = max(30, total - sum(_FIXED.values()) - columns * _PADDING - 2)
    widths = {name: max(6, int(free * share)) for name, share in _SHARES.items()}
    return {**widths, **_FIXED}


def _cell(text: str, width: int, style: str = "") -> Text:
    """A table cell: literal text on one line, cut to `width` cells with an ellipsis."""
    cell = styled((" ".join(text.split()), style))
    if cell.cell_len > width:
        cell.truncate(width - 1)
        cell.append("…")
    return cell


class BrowseScreen(StudyScreen):
    """`/` edits the search; `@` suspends, `*` marks, `f` then a digit flags the highlighted
    card, `e` edits its source, `i` shows its info; `q` goes back."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "search", "Search"),
        Binding("at", "suspend", "Suspend", key_display="@"),
        Binding("asterisk", "mark", "Mark", key_display="*"),
        Binding("f", "flag", "Flag"),
        Binding("e", "edit", "Edit"),
        Binding("i", "info", "Info"),
        Binding("u,ctrl+z", "undo", "Undo", key_display="u"),
        Binding("q,escape", "back", "Back", key_display="q"),
    ]

    def __init__(self, search: str = "") -> None:
        super().__init__()
        self.search = search
        self.rows: list[CardRow] = []
        self._flag_pending = False
        self._widths = column_widths(80)
        # (card id, suspended, flag, marked) before each change, newest last
        self._undo: list[tuple[str, bool, int, bool]] = []

    def compose(self) -> ComposeResult:
        yield Input(
            value=self.search,
            placeholder='Search: words, "a phrase", tag:T, deck:D, is:due, flag:1, -word…',
            id="search",
        )
        yield Static(id="matches")
        yield DataTable(id="cards", cursor_type="row", zebra_stripes=True)
        yield CardText(id="card")
        yield Footer()

    def on_mount(self) -> None:
        self._set_columns()
        self._run_search()
        self.query_one(DataTable).focus()

    def _set_columns(self) -> None:
        self._widths = column_widths(self.size.width)
        table = self.query_one(DataTable)
        table.clear(columns=True)
        for name, width in self._widths.items():
            table.add_column(name, width=width)

    def on_resize(self) -> None:
        if self.is_mounted and column_widths(self.size.width) != self._widths:
            keep = self.query_one(DataTable).cursor_row
            self._set_columns()
            self._run_search(keep=keep)

    def _run_search(self, keep: int = 0) -> bool:
        """Fill the table with the first SHOWN cards the search matches; the cursor goes to
        row `keep` (the row it was on, after a change). False if the search cannot be read."""
        try:
            rows = list(islice(self.study_app.col.card_rows(search=self.search), SHOWN + 1))
        except StudycardsError as error:
            self.notify(str(error), severity="error", timeout=10, markup=False)
            return False
        more = len(rows) > SHOWN
        self.rows = rows[:SHOWN]
        table = self.query_one(DataTable)
        table.clear()
        now = self.study_app.clock()
        widths = self._widths
        for row in self.rows:
            card = row.card
            table.add_row(
                _cell(card.front, widths["Question"], "bold" if row.marked else ""),
                _cell(card.answer, widths["Answer"]),
                _cell(card.deck, widths["Deck"]),
                Text(render.short_time(row.due, now) if row.due else "new"),
                styled(render.card_state(row)),
                Text("●" if row.flag else "", render.FLAG_COLOURS.get(row.flag, "")),
                key=card.card_id,
            )
        if more:
            found = (
                f"More than {SHOWN} cards match; the first {SHOWN} are shown. Narrow the search."
            )
        else:
            found = "1 card matches" if len(self.rows) == 1 else f"{len(self.rows)} cards match"
        self.query_one("#matches", Static).update(Text(found, "dim"))
        if self.rows:
            table.move_cursor(row=min(keep, len(self.rows) - 1))
        self._describe(table.cursor_row)
        return True

    def _describe(self, index: int) -> None:
        """The highlighted card in full: question, answer, tags and where it came from."""
        panel = self.query_one("#card", CardText)
        if not 0 <= index < len(self.rows):
            panel.update(Wrapped(Text("No card matches.", "dim")))
            return
        row = self.rows[index]
        card = row.card
        details = [card.deck, " ".join(card.tags), str(card.source), card.card_id]
        details_line = "   ".join(part for part in details if part)
        panel.update(
            Wrapped(styled((card.front, "bold"), "\n", card.back, "\n", (details_line, "dim")))
        )

    @on(DataTable.RowHighlighted)
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._describe(event.cursor_row)

    @on(Input.Submitted, "#search")
    def _searched(self, event: Input.Submitted) -> None:
        last, self.search = self.search, event.value
        if self._run_search():
            self.query_one(DataTable).focus()
        else:
            self.search = last  # the box stays open, to be mended

    def _current(self) -> CardRow | None:
        index = self.query_one(DataTable).cursor_row
        return self.rows[index] if 0 <= index < len(self.rows) else None

    def _change(self, edit: Callable[[Collection, CardRow], object]) -> None:
        """Apply `edit` to the highlighted card, then show the table again as it now is.
        The card's suspension, flag and mark before it are kept for `u`."""
        row = self._current()
        if row is None:
            return
        try:
            edit(self.study_app.col, row)
        except StudycardsError as error:
            self.notify(str(error), severity="error", timeout=10, markup=False)
            return
        self._undo.append((row.card.card_id, row.suspended, row.flag, row.marked))
        self._run_search(keep=self.query_one(DataTable).cursor_row)

    def action_undo(self) -> None:
        """Put the last changed card back as it was, as Anki's browser undoes."""
        if not self._undo:
            self.notify("Nothing to undo", timeout=3)
            return
        card_id, suspended, flag, marked = self._undo.pop()
        col = self.study_app.col
        try:
            col.set_suspended([card_id], suspended)
            col.set_flag([card_id], flag)
            col.set_marked([card_id], marked)
        except StudycardsError as error:
            self.notify(str(error), severity="error", timeout=10, markup=False)
            return
        self._run_search(keep=self.query_one(DataTable).cursor_row)

    def action_search(self) -> None:
        self.query_one("#search", Input).focus()

    def action_suspend(self) -> None:
        self._change(lambda col, row: col.set_suspended([row.card.card_id], not row.suspended))

    def action_mark(self) -> None:
        self._change(lambda col, row: col.set_marked([row.card.card_id], not row.marked))

    def action_flag(self) -> None:
        self._flag_pending = True
        self.notify("Flag: press 1-7 (0 removes it)", timeout=3)

    def on_key(self, event: events.Key) -> None:
        # `f` waits for one digit; any other key cancels it.
        if not self._flag_pending:
            return
        self._flag_pending = False
        if event.key in _DIGITS:
            event.stop()
            flag = int(event.key)
            self._change(lambda col, row: col.set_flag([row.card.card_id], flag))

    def action_edit(self) -> None:
        """Open the card's source at its line in $EDITOR, then read the file again; a note
        whose text is kept in the collection is edited as a temporary document."""
        from studycards.collection.note_text import card_note_document, save_card_note_document
        from studycards.collection.sources import card_edit_location, reimport_file
        from studycards.tui.editor import edit_and_reimport, edit_in_collection

        row = self._current()
        if row is None:
            return
        col = self.study_app.col
        card_id = row.card.card_id
        try:
            location = card_edit_location(col, card_id)
            document = card_note_document(col, card_id) if location is None else None
        except StudycardsError as error:
            self.notify(str(error), severity="error", timeout=10, markup=False)
            return
        if document is not None:
            changed = edit_in_collection(
                self.app,
                document,
                lambda text, path: save_card_note_document(col, card_id, text, path=path),
            )
        else:
            changed = edit_and_reimport(self.app, location, lambda path: reimport_file(col, path))
        if changed:
            self._run_search(keep=self.query_one(DataTable).cursor_row)

    def action_info(self) -> None:
        from studycards.tui.screens.info import CardInfoScreen

        row = self._current()
        if row is None:
            return
        try:
            info = self.study_app.col.card_info(row.card.card_id)
        except StudycardsError as error:
            self.notify(str(error), severity="error", timeout=10, markup=False)
            return
        self.app.push_screen(CardInfoScreen(info, row.card))

    def action_back(self) -> None:
        if self.focused is self.query_one("#search", Input):
            self.query_one(DataTable).focus()  # Escape leaves the search box first
            return
        self.dismiss()
