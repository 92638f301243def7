"""The review screen: question, answer, grades with intervals, and Anki's reviewer keys.

It only drives `studycards.study.session.Session`; every answer is committed there before the next
card is drawn, so quitting at any moment keeps every rating already given.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Footer, Static

from studycards import render
from studycards.errors import StudycardsError
from studycards.model import CardKind, Rating, State
from studycards.tui.editor import edit_and_reimport, edit_in_collection
from studycards.tui.screens.base import StudyScreen
from studycards.tui.widgets.answer_bar import AnswerBar
from studycards.tui.widgets.card_parts import source_text
from studycards.tui.widgets.safe_text import CardText, Wrapped, styled

if TYPE_CHECKING:
    from studycards.study.session import Session

# Cards whose answer side restates the whole question with the blank filled in.
_INLINE_ANSWER = {CardKind.FIGURE, CardKind.CLOZE}
_FLAG_KEYS = {"f", *(str(n) for n in range(8))}
# Which of the header's three counts a card in each state comes from.
_QUEUES = {State.NEW: 0, State.LEARNING: 1, State.RELEARNING: 1, State.REVIEW: 2}


def _digit_bindings() -> list[Binding]:
    """1-4 rate the card; every digit after `f` sets a flag. 0 and 5-7 do only the latter,
    which `f` stands for in the list of keys (`system` keeps them out of it)."""
    return [
        Binding(
            str(n),
            f"digit({n})",
            render.RATING_NAMES[Rating(n)] if 1 <= n <= 4 else f"Flag {n}",
            show=False,
            system=not 1 <= n <= 4,
        )
        for n in range(8)
    ]


class CardScroll(VerticalScroll, can_focus=False, inherit_bindings=False):
    """The card's scrolling area. It never takes focus and has no keys of its own: the
    screen scrolls it (j/k, arrows, PgUp/PgDn), and its container keys would only fill the
    list of keys before Anki's."""


class ReviewScreen(StudyScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space,enter", "primary", "Show/Good", key_display="space"),
        *_digit_bindings(),
        Binding("u,ctrl+z", "undo", "Undo", key_display="u"),
        Binding("minus", "bury_card", "Bury", key_display="-"),
        Binding("equals_sign", "bury_note", "Bury note", key_display="=", show=False),
        Binding("at", "suspend_card", "Suspend", key_display="@"),
        Binding("exclamation_mark", "suspend_note", "Suspend note", key_display="!", show=False),
        Binding("asterisk", "mark", "Mark", key_display="*", show=False),
        Binding("f", "flag", "Flag", show=False),
        Binding("e", "edit", "Edit"),
        Binding("i", "info", "Info"),
        Binding("t", "stats", "Stats", show=False),
        Binding("q,escape", "back", "Decks", key_display="q"),
        Binding("j,down", "scroll(1)", "Scroll", show=False),
        Binding("k,up", "scroll(-1)", "Scroll", show=False),
        Binding("pagedown", "scroll(10)", "Scroll", show=False),
        Binding("pageup", "scroll(-10)", "Scroll", show=False),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self._flag_pending = False
        self._message_serial = 0

    def compose(self) -> ComposeResult:
        with Horizontal(id="review-top"):
            yield Static(id="deck-name")
            yield Static(id="marks")
            yield Static(id="counts")
            yield Static(id="elapsed")
        with CardScroll(id="card-scroll"):
            yield CardText(id="question")
            yield Static(id="divider")
            yield CardText(id="answer")
            yield CardText(id="source")
        yield Static(id="message")
        yield AnswerBar(id="answer-bar")
        yield Footer()

    def on_mount(self) -> None:
        self.set_interval(1.0, self._tick)

    def on_screen_resume(self) -> None:
        # Sent on first show too; afterwards the card may have changed (edit, undo in info).
        self.show_card()

    # Drawing -----------------------------------------------------------------------------

    def show_card(self) -> None:
        """Draw the session's current card, or move on to the summary when none is left."""
        study = self.session.current
        if study is None:
            self.study_app.finish(self.session)
            return
        card, revealed = study.card, self.session.revealed
        self.query_one("#deck-name", Static).update(styled((card.deck, "bold")))
        counts = self.session.counts()
        queue = _QUEUES[study.state]
        self.query_one("#counts", Static).update(
            styled(*render.counts(counts.new, counts.learning, counts.review, current=queue))
        )
        self._draw_marks()
        question = self.query_one("#question", CardText)
        term = card.kind is CardKind.TERM
        question.set_class(term, "term")
        inline = card.kind in _INLINE_ANSWER
        question.update(
            Wrapped.of(render.segments(study.faces.question), justify="center" if term else "left")
        )
        question.display = not (revealed and inline)
        answer = self.query_one("#answer", CardText)
        reverse = card.kind is CardKind.REVERSE
        answer.update(
            Wrapped.of(
                render.segments(study.faces.answer) if revealed else [],
                justify="center" if reverse else "left",
            )
        )
        answer.set_class(reverse, "term")
        answer.display = revealed
        self.query_one("#divider").display = revealed and not inline
        source = self.query_one("#source", CardText)
        source.display = revealed
        if revealed:
            source.update(Wrapped(source_text(study)))
            bar_labels = [(p.rating, p.label) for p in self.session.previews()]
            self.query_one(AnswerBar).show_answer(bar_labels)
        else:
            self.query_one(AnswerBar).show_question()
        self._tick()

    def _draw_marks(self) -> None:
        study = self.session.current
        assert study is not None
        self.query_one("#marks", Static).update(styled(*render.marks(study.marked, study.flag)))

    def _tick(self) -> None:
        study = self.session.current
        if study is None or not self.is_mounted:
            return
        seconds = (self.study_app.clock() - study.shown_at).total_seconds()
        self.query_one("#elapsed", Static).update(styled((render.stopwatch(seconds), "dim")))

    def say(
        self, message: str, severity: str = "information", timeout: float | None = None
    ) -> None:
        """A message on the line above the answer buttons, for `timeout` seconds (errors
        stay longer), so that nothing of the card or its buttons is hidden."""
        style = {"error": "bold #ff6b6b", "warning": "#ffd75f"}.get(severity, "")
        line = self.query_one("#message", Static)
        line.update(styled((message, style)))
        shown = self._message_serial = self._message_serial + 1
        seconds = timeout if timeout is not None else (10 if severity == "error" else 3)

        def clear() -> None:
            if self._message_serial == shown:
                line.update("")

        self.set_timer(seconds, clear)

    # Actions -----------------------------------------------------------------------------

    def action_primary(self) -> None:
        if self.session.current is None:
            return
        if self.session.revealed:
            self._rate(Rating.GOOD)
        else:
            self.session.reveal()
            self.show_card()
            # A long question can push the answer below the fold; bring it into view, as Anki does.
            self.call_after_refresh(self._show_answer_top)

    def _show_answer_top(self) -> None:
        scroll = self.query_one("#card-scroll", VerticalScroll)
        target = self.query_one("#divider" if self.query_one("#divider").display else "#answer")
        if target.region.y >= scroll.region.bottom:
            scroll.scroll_to_widget(target, animate=False, top=True)

    def action_digit(self, number: int) -> None:
        if self._flag_pending:
            self._flag_pending = False
            message = f"Flag {render.FLAG_NAMES[number]}" if number else "Flag removed"
            self._act(lambda: self.session.set_flag(number), message)
        elif 1 <= number <= 4 and self.session.revealed:
            self._rate(Rating(number))

    def _saved(self, act: Callable[[], object]) -> bool:
        """Run a session change; if the collection refuses it (busy, disk full), say so and
        keep the card on screen, so nothing is lost and the user can try again."""
        try:
            act()
        except StudycardsError as error:
            self.notify(f"Not saved: {error}", severity="error", timeout=10, markup=False)
            return False
        return True

    def _rate(self, rating: Rating) -> None:
        if self.session.current is None or not self.session.revealed:
            return
        if not self._saved(lambda: self.session.answer(rating)):
            return
        self.query_one("#card-scroll", VerticalScroll).scroll_home(animate=False)
        self.show_card()

    @on(Button.Pressed, "#reveal")
    def _reveal_clicked(self) -> None:
        self.action_primary()

    @on(Button.Pressed, ".rate")
    def _rate_clicked(self, event: Button.Pressed) -> None:
        assert event.button.id is not None
        self._rate(Rating(int(event.button.id.removeprefix("rate-"))))

    def action_undo(self) -> None:
        label = self.session.undo_label
        if label is None:
            self.notify("Nothing to undo", timeout=2)
        elif self._saved(self.session.undo):
            self.notify(label, timeout=2)
            self.show_card()

    def _act(self, act: Callable[[], object], message: str) -> None:
        if self._saved(act):
            self.notify(message, timeout=2)
            self.show_card()

    def action_bury_card(self) -> None:
        self._act(self.session.bury_card, "Card buried until tomorrow")

    def action_bury_note(self) -> None:
        self._act(self.session.bury_note, "Note buried until tomorrow")

    def action_suspend_card(self) -> None:
        self._act(self.session.suspend_card, "Card suspended")

    def action_suspend_note(self) -> None:
        self._act(self.session.suspend_note, "Note suspended")

    def action_mark(self) -> None:
        marked: list[bool] = []
        if self._saved(lambda: marked.append(self.session.toggle_mark())):
            self.notify("Note marked" if marked[0] else "Mark removed", timeout=2)
            self._draw_marks()

    def on_key(self, event: events.Key) -> None:
        # `f` waits for one digit; any other key cancels it, so a later digit is a grade again.
        if self._flag_pending and event.key not in _FLAG_KEYS:
            self._flag_pending = False

    def action_flag(self) -> None:
        self._flag_pending = True
        self.notify("Flag: press 1-7 (0 removes it)", timeout=3)

    def action_edit(self) -> None:
        if self.session.current is None:
            return
        location = self.session.source_location()
        if location is None:
            # Its text is kept in the collection (an Anki package or text file brought it).
            try:
                document = self.session.note_document()
            except StudycardsError as error:
                self.notify(str(error), severity="error", timeout=10, markup=False)
                return
            if edit_in_collection(self.app, document, self.session.save_note_document):
                self.show_card()
        elif edit_and_reimport(self.app, location, self.session.reimport):
            self.show_card()

    def action_info(self) -> None:
        from studycards.tui.screens.info import CardInfoScreen

        if self.session.current is None:
            return
        try:
            info = self.session.card_info()
        except StudycardsError as error:
            self.notify(str(error), severity="error", timeout=10, markup=False)
            return
        self.app.push_screen(CardInfoScreen(info, self.session.current.card))

    def action_stats(self) -> None:
        decks = self.session.decks
        self.study_app.show_stats(decks[0] if decks and len(decks) == 1 else None)

    def action_back(self) -> None:
        self.dismiss()

    def action_scroll(self, lines: int) -> None:
        scroll = self.query_one("#card-scroll", VerticalScroll)
        scroll.scroll_relative(y=lines, animate=False)
