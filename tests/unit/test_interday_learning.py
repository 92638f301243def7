"""Interday learning cards, Anki's way: a learning step that ends on a later study day makes
the card a "day learning" card, which is gathered before the reviews, under the review limit,
and whose answers count as reviews done today; intraday learning is never limited."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

from studycards.clock import FrozenClock
from studycards.collection import Collection
from studycards.model import Rating, Review
from studycards.study import today
from studycards.study.session import Session
from tests.builders import batch, questions
from tests.unit.collection_helpers import open_collection

NOW = datetime(2026, 3, 4, 12, 0, tzinfo=timezone.utc)
# Five minutes before yesterday's 4 am rollover: a 10-minute relearning step from there ends
# on the next study day, so scheduling moves it to that day's start.
LATE_NIGHT = datetime(2026, 3, 3, 3, 55, tzinfo=timezone.utc)
DECK = "Deck"


def collection(tmp_path: Path, *, interday: int, due: int, intraday: int = 0) -> Collection:
    """`interday` relearning cards whose step crossed the rollover, `due` reviews due today
    and `intraday` relearning cards forgotten five minutes ago."""
    day_notes = questions(DECK, interday, "day")
    due_notes = questions(DECK, due, "due")
    fresh_notes = questions(DECK, intraday, "fresh")
    long_ago = NOW - timedelta(days=40)
    reviews = [
        Review(f"{n.note_id}-0", Rating.EASY, long_ago) for n in day_notes + due_notes + fresh_notes
    ]
    reviews += [Review(f"{n.note_id}-0", Rating.AGAIN, LATE_NIGHT) for n in day_notes]
    reviews += [
        Review(f"{n.note_id}-0", Rating.AGAIN, NOW - timedelta(minutes=5)) for n in fresh_notes
    ]
    col = open_collection(tmp_path, FrozenClock(NOW), tz=timezone.utc)
    col.import_batch(
        batch("deck.md", (DECK, [*day_notes, *due_notes, *fresh_notes]), reviews=reviews)
    )
    return col


def front_of(session: Session) -> str:
    """The front of the card on screen ("" for none)."""
    return session.current.card.front if session.current is not None else ""


def test_interday_learning_comes_before_reviews_under_the_review_limit(tmp_path: Path) -> None:
    with collection(tmp_path, interday=3, due=4) as col:
        col.set_options(DECK, reviews_per_day=5)
        queue = today.gather(col, col.active_decks([DECK]))
        assert len(queue.day_learning) == 3 and queue.learning == []
        assert len(queue.reviews) == 2  # the limit of 5, less the 3 interday cards
        status = today.status(col)[0]
        assert (status.learning, status.review) == (3, 2)
        counts = Session(col, [DECK]).counts()
        assert (counts.learning, counts.review) == (3, 2)
        col.set_options(DECK, reviews_per_day=2)
        queue = today.gather(col, col.active_decks([DECK]))
        assert (len(queue.day_learning), len(queue.reviews)) == (2, 0)


def test_intraday_learning_is_never_limited(tmp_path: Path) -> None:
    with collection(tmp_path, interday=2, due=2, intraday=3) as col:
        col.set_options(DECK, reviews_per_day=0)
        queue = today.gather(col, col.active_decks([DECK]))
        assert (len(queue.learning), queue.day_learning, queue.reviews) == (3, [], [])
        assert today.status(col)[0].learning == 3
        session = Session(col, [DECK])
        assert session.counts().learning == 3
        shown = []
        while session.current is not None:
            shown.append(session.current.card.front)
            session.reveal()
            session.answer(Rating.EASY)
        # Only the three forgotten a moment ago: the interday ones wait for a new limit.
        assert sorted(shown) == ["fresh000", "fresh001", "fresh002"]


def test_answering_an_interday_card_counts_as_a_review_done_today(tmp_path: Path) -> None:
    with collection(tmp_path, interday=2, due=3) as col:
        col.set_options(DECK, reviews_per_day=3)
        session = Session(col, [DECK])
        assert (session.counts().learning, session.counts().review) == (2, 1)
        while session.current is not None:
            session.reveal()
            session.answer(Rating.EASY)
        assert sum(review for _, review in today.done_today(col).values()) == 3
        # The three of the day are used up: the two reviews left wait for tomorrow, in a new
        # session and in status alike.
        assert Session(col, [DECK]).current is None
        assert today.status(col)[0].review == 0


def test_a_session_serves_interday_cards_in_its_main_queue_with_the_reviews(
    tmp_path: Path,
) -> None:
    with collection(tmp_path, interday=2, due=4) as col:
        session = Session(col, [DECK])
        counts = session.counts()
        assert (counts.new, counts.learning, counts.review) == (0, 2, 4)
        kinds = []
        while session.current is not None:
            kinds.append(session.current.card.front[:3])
            before = session.counts()
            session.reveal()
            session.answer(Rating.EASY)
            after = session.counts()
            assert before.learning + before.review - 1 == after.learning + after.review
        assert sorted(kinds) == ["day", "day", "due", "due", "due", "due"]
        # Anki's Intersperser: the two interday cards spread evenly through four reviews.
        assert kinds == ["due", "day", "due", "due", "day", "due"]
        assert today.status(col)[0].learning == 0
        # Undoing the last two answers brings back the last interday card, in the learning
        # count, and the review after it.
        session.undo()
        session.undo()
        assert front_of(session).startswith("day")
        counts = session.counts()
        assert (counts.learning, counts.review) == (1, 1)


def test_the_reviews_limit_left_after_interday_answers_is_what_status_shows(
    tmp_path: Path,
) -> None:
    with collection(tmp_path, interday=2, due=5) as col:
        col.set_options(DECK, reviews_per_day=4)
        session = Session(col, [DECK])
        session.reveal()
        session.answer(Rating.EASY)
        # One of four used; a session opened afresh and status agree on the three left.
        fresh = Session(col, [DECK]).counts()
        status = today.status(col)[0]
        assert fresh.learning + fresh.review == 3
        assert (status.learning, status.review) == (fresh.learning, fresh.review)
