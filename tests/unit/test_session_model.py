"""A hypothesis state machine over a study session, checked against a simple model:
every answer adds exactly one log row, every undo restores the collection exactly as it
was before the change it undoes, and the card on screen is always one that may be studied.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from studycards.clock import FrozenClock
from studycards.collection import Collection
from studycards.model import Rating
from studycards.study.session import Session
from tests.builders import basic, batch, cloze, term

_STATE_SQL = (
    "SELECT card_id, state, step, stability, difficulty, due, last_review, reps, lapses, "
    "suspended, buried_day, flag FROM cards ORDER BY card_id"
)


class SessionMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp())
        self.clock = FrozenClock(datetime(2026, 3, 4, 12, 0, tzinfo=timezone.utc))
        self.col = Collection.open(self.folder / "col.db", self.clock, fuzz=False)
        self.batch = batch(
            "deck.md",
            (
                "Deck",
                [
                    term("Deck", "alpha"),
                    basic("Deck", "why?"),
                    cloze("Deck", "{{c1::A}} {{c2::B}}"),
                ],
            ),
        )
        self.col.import_batch(self.batch)
        self.col.set_options("Deck", new_per_day=3, leech_threshold=2)
        self.session = Session(self.col)
        self.logged = 0
        # (action, collection before, log rows added, session counts before, queue epoch)
        self.undo_model: list[tuple[str, Any, int, Any, int]] = []
        self.epoch = 0

    def teardown(self) -> None:
        self.col.close()
        shutil.rmtree(self.folder, ignore_errors=True)

    def snapshot(self) -> Any:
        conn = self.col.store.conn
        return conn.execute(_STATE_SQL).fetchall(), conn.execute(
            "SELECT note_id, tags, marked FROM notes ORDER BY note_id"
        ).fetchall()

    def has_card(self) -> bool:
        return self.session.current is not None

    @precondition(has_card)
    @rule(rating=st.sampled_from(list(Rating)), seconds=st.integers(0, 90))
    def answer(self, rating: Rating, seconds: int) -> None:
        self.clock.advance(timedelta(seconds=seconds))
        before, counts = self.snapshot(), self.session.counts()
        self.session.reveal()
        self.session.answer(rating)
        self.logged += 1
        self.undo_model.append((rating.name.capitalize(), before, 1, counts, self.epoch))

    @precondition(has_card)
    @rule(action=st.sampled_from(["Bury", "Bury Note", "Suspend", "Suspend Note", "Mark", "Flag"]))
    def change(self, action: str) -> None:
        before, counts = self.snapshot(), self.session.counts()
        actions: dict[str, Callable[[], object]] = {
            "Bury": self.session.bury_card,
            "Bury Note": self.session.bury_note,
            "Suspend": self.session.suspend_card,
            "Suspend Note": self.session.suspend_note,
            "Mark": self.session.toggle_mark,
            "Flag": lambda: self.session.set_flag(2),
        }
        actions[action]()
        self.undo_model.append((action, before, 0, counts, self.epoch))

    @rule()
    def undo(self) -> None:
        label = self.session.undo()
        if not self.undo_model:
            assert label is None
            return
        action, before, logged, counts, epoch = self.undo_model.pop()
        assert label == f"Undo {action}"
        assert self.snapshot() == before
        if epoch == self.epoch:
            # Nothing rebuilt the queue since: the remaining counts are back as they were.
            assert self.session.counts() == counts
        self.logged -= logged

    @rule(minutes=st.integers(1, 30))
    def wait(self, minutes: int) -> None:
        self.clock.advance(timedelta(minutes=minutes))
        self.session.refresh()
        self.epoch += 1

    @rule()
    def next_day(self) -> None:
        self.clock.advance(timedelta(days=1))
        self.session.refresh()
        self.epoch += 1

    @rule()
    def reimport(self) -> None:
        before = self.snapshot()
        report = self.col.import_batch(self.batch)
        assert report.added == 0 and report.updated == 0
        assert self.snapshot() == before

    @invariant()
    def every_answer_is_logged_once(self) -> None:
        count = self.col.store.conn.execute("SELECT count(*) FROM revlog").fetchone()[0]
        assert count == self.logged

    @invariant()
    def the_card_on_screen_may_be_studied(self) -> None:
        current = self.session.current
        if current is None:
            return
        today = self.col.study_day.number(self.clock())
        suspended, buried_day = self.col.store.conn.execute(
            "SELECT suspended, buried_day FROM cards WHERE card_id = ?", (current.card.card_id,)
        ).fetchone()
        assert not suspended
        assert buried_day != today
        counts = self.session.counts()
        assert min(counts.new, counts.learning, counts.review) >= 0
        assert counts.new + counts.learning + counts.review >= 1


TestSessionMachine = SessionMachine.TestCase
TestSessionMachine.settings = settings(max_examples=25, stateful_step_count=25, deadline=None)
