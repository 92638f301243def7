"""The study order and daily limits, as Anki's v3 scheduler builds them."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

from studycards.clock import FrozenClock
from studycards.collection import Collection
from studycards.model import Note, Rating, Review, State
from studycards.study import today
from studycards.study.queue import intersperse
from studycards.study.session import Session
from tests.builders import basic, batch, questions, term
from tests.unit.collection_helpers import front_of, fronts, open_collection


def overdue(note: Note, clock: FrozenClock, days_ago: int) -> Review:
    """One Easy answer `days_ago` days ago: a review card due about 8 days after it."""
    return Review(f"{note.note_id}-0", Rating.EASY, clock.now - timedelta(days=days_ago))


def with_reviews(
    col: Collection, clock: FrozenClock, due: list[Note], new: list[Note], deck: str = "Deck"
) -> None:
    reviews = [overdue(note, clock, 20 + i) for i, note in enumerate(due)]
    col.import_batch(batch("deck.md", (deck, [*due, *new]), reviews=reviews))


def test_reviews_and_new_cards_interleave_evenly() -> None:
    assert intersperse(["r1", "r2", "r3", "r4"], ["n1", "n2"]) == [
        "r1",
        "n1",
        "r2",
        "r3",
        "n2",
        "r4",
    ]
    assert intersperse([], ["n1"]) == ["n1"]
    assert intersperse(["r1"], []) == ["r1"]


def test_session_shows_reviews_mixed_with_new_cards(tmp_path: Path, clock: FrozenClock) -> None:
    due = questions("Deck", 4, "review")
    new = questions("Deck", 2, "new")
    with open_collection(tmp_path, clock) as col:
        with_reviews(col, clock, due, new)
        session = Session(col)
        assert session.counts().review == 4 and session.counts().new == 2
        states = []
        while session.current is not None:
            states.append(session.current.state)
            session.reveal()
            session.answer(Rating.EASY)
        assert states == [
            State.REVIEW,
            State.NEW,
            State.REVIEW,
            State.REVIEW,
            State.NEW,
            State.REVIEW,
        ]


def test_reviews_come_most_overdue_first(tmp_path: Path, clock: FrozenClock) -> None:
    due = questions("Deck", 5, "review")
    with open_collection(tmp_path, clock) as col:
        with_reviews(col, clock, due, [])
        # review004 was answered longest ago, so it has been due the longest.
        assert fronts(Session(col)) == [f"review{i:03d}" for i in reversed(range(5))]


def test_retrievability_order_puts_the_most_forgotten_first(
    tmp_path: Path, clock: FrozenClock
) -> None:
    notes = questions("Deck", 4, "card")

    def answers(index: int, days_ago: int, *ratings: Rating) -> list[Review]:
        first = clock.now - timedelta(days=days_ago)
        return [
            Review(f"{notes[index].note_id}-0", rating, first + timedelta(minutes=10 * n))
            for n, rating in enumerate(ratings)
        ]

    reviews = [
        *answers(0, 30, Rating.EASY),  # due 22 days ago, recall 79%
        *answers(1, 60, Rating.EASY),  # due 52 days ago, recall 72%
        *answers(2, 12, Rating.HARD, Rating.GOOD, Rating.GOOD),  # due 11 days ago, 71%
        *answers(3, 10, Rating.GOOD, Rating.GOOD),  # due 8 days ago, 77%
    ]
    for order, expected in [
        ("due", ["card001", "card000", "card002", "card003"]),
        ("retrievability", ["card002", "card001", "card003", "card000"]),
    ]:
        with open_collection(tmp_path, clock, name=f"{order}.db") as col:
            col.import_batch(batch("deck.md", ("Deck", notes), reviews=reviews))
            col.set_options("Deck", review_order=order)
            assert fronts(Session(col)) == expected


def test_new_cards_come_in_deck_file_order_and_respect_the_daily_limit(
    tmp_path: Path, clock: FrozenClock
) -> None:
    with open_collection(tmp_path, clock) as col:
        col.import_batch(batch("deck.md", ("Deck", questions("Deck", 30))))
        session = Session(col)
        assert session.counts().new == 20
        seen = []
        while session.current is not None and session.current.state is State.NEW:
            seen.append(session.current.card.front)
            session.reveal()
            session.answer(Rating.EASY)
        assert seen == [f"q{i:03d}" for i in range(20)]
        assert today.status(col)[0].new == 0
        clock.advance(timedelta(days=1))
        assert today.status(col)[0].new == 10


def test_new_cards_count_against_the_review_limit(tmp_path: Path, clock: FrozenClock) -> None:
    with open_collection(tmp_path, clock) as col:
        with_reviews(col, clock, questions("Deck", 4, "review"), questions("Deck", 5, "new"))
        col.set_options("Deck", reviews_per_day=5, new_per_day=3)
        counts = Session(col).counts()
        assert (counts.review, counts.new) == (4, 1)
        col.set_options("Deck", reviews_per_day=2)
        counts = Session(col).counts()
        assert (counts.review, counts.new) == (2, 0)


def test_a_parent_decks_limit_caps_its_subdecks(tmp_path: Path, clock: FrozenClock) -> None:
    with open_collection(tmp_path, clock) as col:
        col.import_batch(
            batch(
                "deck.md",
                ("P::A", questions("P::A", 5, "a")),
                ("P::B", questions("P::B", 5, "b")),
            )
        )
        assert col.decks() == ["P", "P::A", "P::B"]
        col.set_options("P", new_per_day=4)
        assert Session(col, ["P"]).counts().new == 4
        # Studying a subdeck directly, limits start from that deck (Anki's default).
        assert Session(col, ["P::A"]).counts().new == 5
        col.set_options("P::A", new_per_day=1)
        shown = fronts(Session(col, ["P"]), rating=Rating.EASY)
        assert sorted(shown) == ["a000", "b000", "b001", "b002"]
        status = {row.deck: row for row in today.status(col)}
        assert (status["P"].new, status["P::A"].new, status["P::B"].new) == (0, 0, 2)


def test_the_study_day_rolls_over_at_4_am_local_time(tmp_path: Path) -> None:
    new_york = ZoneInfo("America/New_York")
    # 08:30 UTC is 03:30 in New York: still the study day of March 3.
    clock = FrozenClock(datetime(2026, 3, 4, 8, 30, tzinfo=timezone.utc))
    with open_collection(tmp_path, clock, tz=new_york) as col:
        col.import_batch(batch("deck.md", ("Deck", questions("Deck", 10))))
        col.set_options("Deck", new_per_day=2)
        assert str(col.today()) == "2026-03-03"
        fronts(Session(col), ratings=2)
        assert today.reviewed_today(col) == 2 and today.status(col)[0].new == 0
        clock.advance(timedelta(minutes=31))  # 04:01 in New York
        assert str(col.today()) == "2026-03-04"
        assert today.reviewed_today(col) == 0
        assert today.status(col)[0].new == 2
        col.set_options("Deck", rollover_hour=5)
        assert str(col.today()) == "2026-03-03"


def test_a_session_picks_up_the_new_day_without_restarting(
    tmp_path: Path, clock: FrozenClock
) -> None:
    with open_collection(tmp_path, clock) as col:
        col.import_batch(batch("deck.md", ("Deck", questions("Deck", 10))))
        col.set_options("Deck", new_per_day=1)
        session = Session(col)
        session.reveal()
        session.answer(Rating.EASY)
        assert session.current is None
        clock.advance(timedelta(days=1))
        session.refresh()
        assert front_of(session) == "q001"


def test_studying_one_sibling_buries_the_other_until_tomorrow(
    tmp_path: Path, clock: FrozenClock
) -> None:
    with open_collection(tmp_path, clock) as col:
        col.import_batch(batch("deck.md", ("Deck", [term("Deck", "alpha"), term("Deck", "beta")])))
        session = Session(col)
        # One card per note is gathered, so each term shows once today.
        assert session.counts().new == 2
        shown = fronts(session, ratings=1)
        assert shown == ["alpha"]
        buried = [row for row in col.card_rows() if row.buried]
        assert [row.card.kind for row in buried] == ["reverse"]
        clock.advance(timedelta(days=1))
        assert not any(row.buried for row in col.card_rows())


def test_with_burying_off_both_siblings_come_the_same_day(
    tmp_path: Path, clock: FrozenClock
) -> None:
    with open_collection(tmp_path, clock) as col:
        col.import_batch(batch("deck.md", ("Deck", [term("Deck", "alpha")])))
        col.set_options("Deck", bury_siblings=False)
        session = Session(col)
        assert session.counts().new == 2
        first = fronts(session, ratings=2)
        assert first == ["alpha", "ZOKSZ\nmeans zoksz"]


def test_learning_cards_due_now_come_first(tmp_path: Path, clock: FrozenClock) -> None:
    with open_collection(tmp_path, clock) as col:
        with_reviews(col, clock, questions("Deck", 3, "review"), questions("Deck", 3, "new"))
        session = Session(col)
        while session.current is not None and session.current.state is not State.NEW:
            session.reveal()
            session.answer(Rating.EASY)
        assert session.current is not None
        learner = session.current.card.front
        session.reveal()
        session.answer(Rating.AGAIN)  # due again in 1 minute
        clock.advance(timedelta(minutes=2))
        assert Session(col).current.card.front == learner  # type: ignore[union-attr]


def test_learning_cards_within_twenty_minutes_are_shown_before_the_end(
    tmp_path: Path, clock: FrozenClock
) -> None:
    with open_collection(tmp_path, clock) as col:
        col.import_batch(batch("deck.md", ("Deck", [basic("Deck", "only?")])))
        session = Session(col)
        session.reveal()
        session.answer(Rating.GOOD)  # next step in 10 minutes: within the learn-ahead
        assert session.current is not None and session.current.card.front == "only?"
        assert session.counts().learning == 1


def test_a_session_ends_when_the_next_learning_step_is_beyond_twenty_minutes(
    tmp_path: Path, clock: FrozenClock
) -> None:
    with open_collection(tmp_path, clock) as col:
        col.import_batch(batch("deck.md", ("Deck", [basic("Deck", "only?")])))
        col.set_options("Deck", learning_steps="1m 30m")
        session = Session(col)
        session.reveal()
        session.answer(Rating.GOOD)
        assert session.current is None
        assert session.counts().learning == 0
        assert session.summary().next_due == clock.now + timedelta(minutes=30)
        clock.advance(timedelta(minutes=11))
        session.refresh()
        assert front_of(session) == "only?"  # 19 minutes to go: learn-ahead brings it back


def test_suspended_cards_are_never_shown(tmp_path: Path, clock: FrozenClock) -> None:
    notes = questions("Deck", 3)
    with open_collection(tmp_path, clock) as col:
        col.import_batch(batch("deck.md", ("Deck", notes)))
        assert col.set_suspended([f"{notes[1].note_id}-0"], True) == 1
        assert fronts(Session(col), rating=Rating.EASY) == ["q000", "q002"]
        assert today.status(col)[0].suspended == 1
