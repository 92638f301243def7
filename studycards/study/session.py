"""A study session, headless: the Textual UI and the line mode both drive this.

The session shows one card at a time in Anki's v3 order (queue.py), records each answer as
one transaction before the next card is shown (answering.py), and keeps an undo stack of
several levels (undo.py). Presentation: intraday learning due now, then the main queue
(reviews interleaved with new cards), then learning cards due within the 20-minute
learn-ahead; then the session ends.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, NamedTuple

from studycards.clock import from_ms, to_ms
from studycards.collection import Collection
from studycards.collection.card_edits import check_flag
from studycards.collection.note_sources import other_sources
from studycards.collection.reading import NOT_ORPHANED
from studycards.collection.store.codec import (
    SCHEDULE_SQL,
    NoteRow,
    note_from,
    row_factory,
    schedule_from,
    select,
)
from studycards.errors import StudycardsError
from studycards.model import NoteType, Rating, ScheduleRow, State
from studycards.notes.cards import card_of, faces, strip_cloze
from studycards.rows import CardInfo
from studycards.scheduling.anki_rules import LEARN_AHEAD_MS
from studycards.study import today
from studycards.study.answering import Answer, record_answer
from studycards.study.queue import (
    ACTIVE,
    LearningCard,
    learning_cards,
    learning_count,
)
from studycards.study.session_book import Book, Shown, Step
from studycards.study.session_values import (
    Counts,
    Preview,
    StudyCard,
    Summary,
    interval_label,
)
from studycards.study.undo import Saved, UndoEntry, restore, save

__all__ = [
    "Counts",
    "Preview",
    "Session",
    "StudyCard",
    "Summary",
    "interval_label",
]

MAX_ANSWER_SECONDS = 60
UNDO_LEVELS = 50


class _ShownRow(NamedTuple):
    card_pk: int
    note_pk: int
    deck_id: int
    ord: int
    schedule: ScheduleRow
    flag: int
    marked: int
    note: NoteRow


_SHOWN = select(
    _ShownRow,
    card_pk="c.id",
    note_pk="c.note",
    deck_id="c.deck_id",
    ord="c.ord",
    schedule="c.",
    flag="c.flag",
    marked="n.marked",
    note="n.",
)
_read_shown = row_factory(_ShownRow)
_read_schedule = row_factory(ScheduleRow)


class Session:
    """Study `decks` (each with its subdecks) of `col`; all decks when None, under the
    collection's "study all" limits."""

    def __init__(self, col: Collection, decks: Sequence[str] | None = None) -> None:
        self.col = col
        self.decks = tuple(decks) if decks is not None else None
        self.current: StudyCard | None = None
        self.revealed = False
        self._shown: Shown | None = None
        self._undo: list[UndoEntry] = []
        self._book = Book()
        self._active: dict[int, str] = {}
        self._day = col.today()
        self.refresh()

    # -- queue ---------------------------------------------------------------------------

    def refresh(self) -> None:
        """Rebuild today's queue (new day, new cards); the card on screen stays if still due."""
        keep = self._shown.pk if self._shown else None
        self._active = self.col.active_decks(self.decks)
        self._day = self.col.today()
        gathered = today.gather(self.col, self._active, study_all=self.decks is None)
        kinds = (
            dict.fromkeys(gathered.reviews, "review")
            | dict.fromkeys(gathered.day_learning, "learning")
            | dict.fromkeys(gathered.new, "new")
        )
        self._book.load(gathered.main, kinds)
        if keep is not None and (keep in kinds or keep in gathered.learning):
            self._show(keep, self._book.drop(keep))
        else:
            self._show_next()

    def _learning(self, *, due_by_ms: int | None = None) -> list[LearningCard]:
        """The learning cards of the session's decks due today (by `due_by_ms`), soonest
        first."""
        if not self._active:
            return []
        now = self.col.clock()
        return learning_cards(
            self.col.store.conn,
            list(self._active),
            study_day=self.col.study_day,
            today=self.col.study_day.number(now),
            day_end_ms=self.col.day_bounds_ms(now)[1],
            due_by_ms=due_by_ms,
        )

    def _learning_due(self, until_ms: int, avoid: int | None) -> int | None:
        """The intraday learning card due by `until_ms` to show next. Interday ones are not
        among them: they come in the main queue, under the review limit."""
        for card in self._learning(due_by_ms=until_ms):
            if not card.interday and card.card != avoid:
                return card.card
        return None

    def _show_next(self, avoid: int | None = None) -> None:
        if self.col.today() != self._day:
            self._shown = None
            self.refresh()
            return
        now_ms = to_ms(self.col.clock())
        with self.col.store.guard("find the next card"):
            pk = self._learning_due(now_ms, avoid)
            if pk is not None:
                self._show(pk, None)
                return
            if self._book.main:
                self._show(*self._book.pop())
                return
            pk = self._learning_due(now_ms + LEARN_AHEAD_MS, None)
        if pk is not None:
            self._show(pk, None)
        else:
            self._shown = None
            self.current = None
            self.revealed = False

    def _show(self, pk: int, from_main: str | None) -> None:
        with self.col.store.guard("show the next card"):
            # Only a card still studyable today: an import, another window or an undo since
            # the queue was built may have orphaned, suspended or buried it.
            cursor = self.col.store.conn.execute(
                f"SELECT {_SHOWN} FROM cards c JOIN notes n ON n.id = c.note "
                f"WHERE c.id = ? AND c.suspended = 0 AND {NOT_ORPHANED} AND c.buried_day != ?",
                (pk, self.col.study_day.number(self.col.clock())),
            )
            cursor.row_factory = _read_shown
            row = cursor.fetchone()
        if row is None:
            self._show_next()
            return
        deck_id = row.deck_id
        note = note_from(row.note, self.col.deck_names()[deck_id])
        schedule = schedule_from(row.schedule)
        self._shown = Shown(
            pk=pk, note_pk=row.note_pk, deck_id=deck_id, schedule=schedule, from_main=from_main
        )
        context = ""
        if note.type is NoteType.FIGURE:
            # The whole sentence; a figure note without one was a whole sentence itself.
            context = strip_cloze(note["context"] or note["text"])
        title = self.col.deck_meta(deck_id).get("title")
        self.current = StudyCard(
            card=card_of(note, row.ord),
            faces=faces(note, row.ord),
            state=schedule.state,
            deck_title=str(title) if title else note.deck,
            context=context,
            flag=row.flag,
            marked=bool(row.marked),
            shown_at=self.col.clock(),
            other_sources=tuple(
                other_sources(self.col.store.conn, [row.note_pk]).get(row.note_pk, ())
            ),
        )
        self.revealed = False

    def _require(self) -> Shown:
        if self._shown is None or self.current is None:
            raise StudycardsError("no card is being studied")
        return self._shown

    # -- the card on screen --------------------------------------------------------------

    def reveal(self) -> None:
        self._require()
        self.revealed = True

    def previews(self) -> list[Preview]:
        shown = self._require()
        now = self.col.clock()
        outcomes = self.col.scheduler_of(shown.deck_id).preview(shown.schedule, now, shown.pk)
        return [
            Preview(
                rating,
                after.due or now,
                interval_label((after.due or now).timestamp() - now.timestamp()),
            )
            for rating, after in outcomes.items()
        ]

    def counts(self) -> Counts:
        """Cards left: new, learning (intraday within the learn-ahead, and the interday ones
        still queued) and reviews, counting the card on screen, as Anki's counts do."""
        left = dict(self._book.left)
        if self._shown is not None and self._shown.from_main is not None:
            left[self._shown.from_main] += 1
        intraday = learning_count(self._learning(), to_ms(self.col.clock()))
        return Counts(new=left["new"], learning=intraday + left["learning"], review=left["review"])

    def _push(self, action: str, saved: Saved, revlog_id: int | None, step: Step) -> None:
        self._undo.append(UndoEntry(action, saved, revlog_id, step.shown.pk, step))
        del self._undo[:-UNDO_LEVELS]

    def answer(self, rating: Rating) -> None:
        """Rate the card on screen; one transaction; then the next card is shown."""
        shown = self._require()
        if not self.revealed:
            raise StudycardsError("show the answer before rating the card")
        now = self.col.clock()
        assert self.current is not None
        elapsed = (now - self.current.shown_at).total_seconds()
        duration_ms = int(min(max(0.0, elapsed), MAX_ANSWER_SECONDS) * 1000)
        scheduler = self.col.scheduler_of(shown.deck_id)
        after = scheduler.review(shown.schedule, rating, now, shown.pk)
        shown_before = replace(shown)
        with self.col.store.write("save the answer") as conn:
            # Another process studying the same collection may have answered this card since
            # it was shown; answer from its stored state so neither answer's update is lost.
            cursor = conn.execute(f"SELECT {SCHEDULE_SQL} FROM cards WHERE id = ?", (shown.pk,))
            cursor.row_factory = _read_schedule
            row = cursor.fetchone()
            if row is not None and schedule_from(row) != shown.schedule:
                shown.schedule = schedule_from(row)
                after = scheduler.review(shown.schedule, rating, now, shown.pk)
            saved, revlog_id, buried = record_answer(
                conn,
                Answer(
                    card_pk=shown.pk,
                    note_pk=shown.note_pk,
                    before=shown.schedule,
                    after=after,
                    rating=rating,
                    at=now,
                    duration_ms=duration_ms,
                ),
                today=self.col.study_day.number(now),
                options=self.col.options_of(shown.deck_id),
            )
        step = Step(
            shown_before,
            dropped=self._drop(buried),
            studied=1,
            seconds=duration_ms / 1000,
            again=int(rating is Rating.AGAIN),
        )
        self._push(rating.name.capitalize(), saved, revlog_id, step)
        self._book.studied += step.studied
        self._book.seconds += step.seconds
        self._book.again += step.again
        self._show_next(avoid=shown.pk)

    def _drop(self, pks: Sequence[int]) -> tuple[tuple[int, str], ...]:
        dropped = []
        for pk in pks:
            kind = self._book.drop(pk)
            if kind:
                dropped.append((pk, kind))
        return tuple(dropped)

    def _change(
        self,
        action: str,
        whole_note: bool,
        sql: str,
        params: tuple[Any, ...],
        *,
        sets_aside: bool = False,
    ) -> None:
        shown = self._require()
        with self.col.store.write(action.lower()) as conn:
            saved = save(conn, shown.note_pk, whole_note=whole_note, card_pk=shown.pk)
            conn.execute(sql, params)
        dropped = self._drop([card.id for card in saved.cards]) if whole_note else ()
        added = (
            self._replace([shown.from_main, *(kind for _, kind in dropped)]) if sets_aside else ()
        )
        self._push(action, saved, None, Step(replace(shown), dropped=dropped, added=added))

    def _replace(self, kinds: Sequence[str | None]) -> tuple[tuple[int, str], ...]:
        """Fill the places of cards set aside (buried, suspended) from today's queue, as Anki
        does: the daily limits count the cards answered, not the cards shown, so the next new
        card (or review) up to the limit takes each place. Counts stay where they were."""
        wanted = Counter(kind for kind in kinds if kind)
        if not wanted:
            return ()
        gathered = today.gather(self.col, self._active)
        added: list[tuple[int, str]] = []
        for kind, pool in (("new", gathered.new), ("review", gathered.reviews)):
            fresh = [pk for pk in pool if pk not in self._book.kinds][: wanted[kind]]
            for pk in fresh:
                self._book.push_back(pk, kind)
                added.append((pk, kind))
        return tuple(added)

    def bury_card(self) -> None:
        shown = self._require()
        today = self.col.study_day.number(self.col.clock())
        self._change(
            "Bury",
            False,
            "UPDATE cards SET buried_day = ? WHERE id = ?",
            (today, shown.pk),
            sets_aside=True,
        )
        self._show_next()

    def bury_note(self) -> None:
        shown = self._require()
        today = self.col.study_day.number(self.col.clock())
        self._change(
            "Bury Note",
            True,
            "UPDATE cards SET buried_day = ? WHERE note = ?",
            (today, shown.note_pk),
            sets_aside=True,
        )
        self._show_next()

    def suspend_card(self) -> None:
        shown = self._require()
        self._change(
            "Suspend",
            False,
            "UPDATE cards SET suspended = 1 WHERE id = ?",
            (shown.pk,),
            sets_aside=True,
        )
        self._show_next()

    def suspend_note(self) -> None:
        shown = self._require()
        self._change(
            "Suspend Note",
            True,
            "UPDATE cards SET suspended = 1 WHERE note = ?",
            (shown.note_pk,),
            sets_aside=True,
        )
        self._show_next()

    def toggle_mark(self) -> bool:
        shown = self._require()
        assert self.current is not None
        marked = not self.current.marked
        self._change(
            "Mark", False, "UPDATE notes SET marked = ? WHERE id = ?", (int(marked), shown.note_pk)
        )
        self._show(shown.pk, shown.from_main)
        self.revealed = True
        return marked

    def set_flag(self, n: int) -> None:
        shown = self._require()
        check_flag(n)
        self._change("Flag", False, "UPDATE cards SET flag = ? WHERE id = ?", (n, shown.pk))
        revealed = self.revealed
        self._show(shown.pk, shown.from_main)
        self.revealed = revealed

    # -- undo ----------------------------------------------------------------------------

    @property
    def undo_label(self) -> str | None:
        return self._undo[-1].label if self._undo else None

    def undo(self) -> str | None:
        """Undo the last change (several levels); the card it concerned is shown again."""
        if not self._undo:
            return None
        entry = self._undo.pop()
        with self.col.store.write("undo") as conn:
            restore(conn, entry.saved, entry.revlog_id)
        step = entry.session
        keep_revealed = entry.action in ("Mark", "Flag") and self.revealed
        current = self._shown
        if current is not None and current.from_main and current.pk != step.shown.pk:
            # The card shown after the change goes back to the front of the queue.
            self._book.push_front(current.pk, current.from_main)
        for pk, kind in reversed(step.dropped):
            self._book.push_front(pk, kind)
        for pk, _ in step.added:
            self._book.drop(pk)
        self._book.studied -= step.studied
        self._book.seconds -= step.seconds
        self._book.again -= step.again
        # A queue rebuilt since (a new day, an import) may hold the card again. If an import
        # took the card out of study since, undo restores its state but _show moves on.
        queued = self._book.drop(step.shown.pk)
        self._show(step.shown.pk, step.shown.from_main or queued)
        self.revealed = keep_revealed
        return entry.label

    # -- around the session -----------------------------------------------------------------

    def summary(self) -> Summary:
        next_due = None
        if self._active:
            ids = list(self._active)
            (due,) = self.col.store.conn.execute(
                f"SELECT min(due) FROM cards WHERE deck_id IN ({','.join('?' * len(ids))}) "
                f"AND state != {int(State.NEW)} AND due > ? AND {ACTIVE}",
                (*ids, to_ms(self.col.clock())),
            ).fetchone()
            if due is not None:
                next_due = from_ms(due)
        return Summary(
            studied=self._book.studied,
            seconds=self._book.seconds,
            again=self._book.again,
            next_due=next_due,
        )

    def card_info(self) -> CardInfo:
        self._require()
        assert self.current is not None
        return self.col.card_info(self.current.card.card_id)

    def source_location(self) -> tuple[Path, int] | None:
        """Where to edit the card on screen: its note file and line, else its deck file."""
        from studycards.collection.sources import edit_location

        shown = self._require()
        assert self.current is not None
        return edit_location(self.col, shown.note_pk, self.current.card.source)

    def reimport(self, path: Path) -> None:
        """Re-read `path` (after an edit) and show the current card's new text."""
        from studycards.collection.sources import reimport_file

        reimport_file(self.col, path)
        self._redraw()

    def note_document(self) -> tuple[str, int]:
        """The card on screen's note as a document to edit, when its text is kept in the
        collection (`source_location` is None): note_text.py."""
        from studycards.collection.note_text import card_note_document

        self._require()
        assert self.current is not None
        return card_note_document(self.col, self.current.card.card_id)

    def save_note_document(self, text: str, path: str) -> bool:
        """Write the edited document back into the note and show the card's new text."""
        from studycards.collection.note_text import save_card_note_document

        self._require()
        assert self.current is not None
        changed = save_card_note_document(self.col, self.current.card.card_id, text, path=path)
        self._redraw()
        return changed

    def _redraw(self) -> None:
        """Show the card on screen again as the collection now has it, as revealed as it was."""
        if self._shown is not None:
            revealed = self.revealed
            self._active = self.col.active_decks(self.decks)
            self._show(self._shown.pk, self._shown.from_main)
            self.revealed = revealed
