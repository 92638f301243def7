"""Pilot tests: press Anki's reviewer keys and check what the collection recorded."""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest
from rich.console import Console
from textual.pilot import Pilot
from textual.widgets import Static

from studycards.clock import FrozenClock
from studycards.collection import Collection
from studycards.model import Rating, State
from studycards.tui.app import StudyApp
from studycards.tui.screens.info import CardInfoScreen
from studycards.tui.screens.review import ReviewScreen
from studycards.tui.screens.stats import StatsScreen
from studycards.tui.screens.summary import SummaryScreen
from tests.builders import basic
from tests.tui.conftest import MARKUP_QUESTION, EditedDeck, MakeCollection, messages

SIZE = (80, 24)


def review_screen(pilot: Pilot[None]) -> ReviewScreen:
    screen = pilot.app.screen
    assert isinstance(screen, ReviewScreen), f"expected the review screen, got {screen!r}"
    return screen


def current_id(pilot: Pilot[None]) -> str:
    study = review_screen(pilot).session.current
    assert study is not None
    return study.card.card_id


def ratings(col: Collection) -> list[tuple[str, Rating | None]]:
    return [(row.card_id, row.rating) for row in col.history()]


def row_of(col: Collection, card_id: str) -> tuple[bool, bool, int, State]:
    for row in col.card_rows():
        if row.card.card_id == card_id:
            return row.suspended, row.buried, row.flag, row.state
    raise AssertionError(f"no card {card_id}")


async def test_space_reveals_and_rating_keys_wait_for_the_answer(
    col: Collection, clock: FrozenClock
) -> None:
    app = StudyApp(col, decks=["AI race"], clock=clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        first = current_id(pilot)
        await pilot.press("1", "2", "3", "4")
        assert ratings(col) == [], "rating keys must do nothing on the question side"
        assert not review_screen(pilot).session.revealed
        await pilot.press("space")
        assert review_screen(pilot).session.revealed
        assert app.screen.query_one("#answer").display
        await pilot.press("3")
        assert ratings(col) == [(first, Rating.GOOD)]
        assert current_id(pilot) != first
        assert not review_screen(pilot).session.revealed


@pytest.mark.parametrize("key", ["1", "2", "3", "4"])
async def test_each_grade_key_records_its_rating(
    col: Collection, clock: FrozenClock, key: str
) -> None:
    app = StudyApp(col, decks=["AI race"], clock=clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        first = current_id(pilot)
        await pilot.press("enter", key)
        assert ratings(col) == [(first, Rating(int(key)))]
        state = row_of(col, first)[3]
        assert state is (State.REVIEW if key == "4" else State.LEARNING)


async def test_space_on_the_answer_side_means_good(col: Collection, clock: FrozenClock) -> None:
    app = StudyApp(col, decks=["AI race"], clock=clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        first = current_id(pilot)
        await pilot.press("space", "space")
        assert ratings(col) == [(first, Rating.GOOD)]


async def test_clicking_a_grade_button_answers(col: Collection, clock: FrozenClock) -> None:
    app = StudyApp(col, decks=["AI race"], clock=clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        first = current_id(pilot)
        await pilot.click("#reveal")
        await pilot.click("#rate-2")
        assert ratings(col) == [(first, Rating.HARD)]


async def test_grade_buttons_show_the_intervals_they_lead_to(
    col: Collection, clock: FrozenClock
) -> None:
    app = StudyApp(col, decks=["AI race"], clock=clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("space")
        previews = review_screen(pilot).session.previews()
        for preview in previews:
            label = str(app.screen.query_one(f"#rate-{preview.rating.value}").render())
            assert preview.label in label


async def test_undo_takes_back_several_answers(col: Collection, clock: FrozenClock) -> None:
    app = StudyApp(col, decks=["AI race"], clock=clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        first = current_id(pilot)
        await pilot.press("space", "3")
        second = current_id(pilot)
        await pilot.press("space", "1")
        assert len(ratings(col)) == 2
        await pilot.press("u")
        assert ratings(col) == [(first, Rating.GOOD)]
        assert current_id(pilot) == second
        await pilot.press("ctrl+z")
        assert ratings(col) == []
        assert current_id(pilot) == first
        assert row_of(col, first)[3] is State.NEW


async def test_bury_and_suspend_keys(col: Collection, clock: FrozenClock) -> None:
    app = StudyApp(col, decks=["AI race"], clock=clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        buried = current_id(pilot)
        await pilot.press("minus")
        assert row_of(col, buried)[1], "- buries the card"
        suspended = current_id(pilot)
        assert suspended != buried
        await pilot.press("at")
        assert row_of(col, suspended)[0], "@ suspends the card"
        await pilot.press("u")
        assert not row_of(col, suspended)[0], "undo lifts the suspension"
        assert current_id(pilot) == suspended
    assert ratings(col) == []


async def test_suspend_note_suspends_every_card_of_the_note(
    col: Collection, clock: FrozenClock
) -> None:
    app = StudyApp(col, decks=["AI race"], clock=clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        study = review_screen(pilot).session.current
        assert study is not None
        note_id = study.card.note_id
        await pilot.press("exclamation_mark")
    siblings = [row for row in col.card_rows() if row.card.note_id == note_id]
    assert siblings and all(row.suspended for row in siblings)


async def test_flag_and_mark(col: Collection, clock: FrozenClock) -> None:
    app = StudyApp(col, decks=["AI race"], clock=clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        card_id = current_id(pilot)
        await pilot.press("f", "2")
        assert row_of(col, card_id)[2] == 2
        assert ratings(col) == [], "a digit after f sets a flag, it is not a grade"
        await pilot.press("asterisk")
        study = review_screen(pilot).session.current
        assert study is not None and study.marked
        assert "marked" in str(app.screen.query_one("#marks").render())


async def test_quitting_mid_session_keeps_every_answer(
    col: Collection, clock: FrozenClock, tmp_path: Path
) -> None:
    app = StudyApp(col, decks=["AI race"], clock=clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("space", "3", "space", "1", "space")
        await pilot.press("ctrl+q")
    with Collection.open(tmp_path / "collection0.db", clock, fuzz=False) as again:
        assert [rating for _, rating in ratings(again)] == [Rating.GOOD, Rating.AGAIN]


async def test_finishing_shows_the_summary_then_the_decks(
    make_collection: MakeCollection, clock: FrozenClock
) -> None:
    col = make_collection([basic("Solo", "Capital of France?", "Paris", line=1)])
    app = StudyApp(col, decks=["Solo"], clock=clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("space", "4")
        assert isinstance(app.screen, SummaryScreen)
        assert "Studied      1 card" in str(app.screen.query_one("#summary").render())
        await pilot.press("u")
        assert isinstance(app.screen, ReviewScreen), "undo on the summary brings the card back"
        assert ratings(col) == []
        await pilot.press("space", "4")
        assert isinstance(app.screen, SummaryScreen)
        await pilot.press("enter")
        assert type(app.screen).__name__ == "DecksScreen"
    assert [rating for _, rating in ratings(col)] == [Rating.EASY]


async def test_edit_opens_the_editor_at_the_source_line_and_reimports(
    col: Collection, clock: FrozenClock, edited_deck: EditedDeck
) -> None:
    log = edited_deck.log
    app = StudyApp(col, decks=["Capitals"], clock=clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = review_screen(pilot)
        location = screen.session.source_location()
        assert location is not None
        await pilot.press("e")
        await pilot.pause()
        assert log.read_text() == f"+{location[1]} {location[0]}"
        await pilot.press("space")
        assert "on the Rímac" in str(app.screen.query_one("#answer").render())
    backs = [row.card.back for row in col.card_rows(deck="Capitals")]
    assert backs == ["Lima, on the Rímac"]


async def test_a_key_other_than_a_digit_cancels_a_pending_flag(
    col: Collection, clock: FrozenClock
) -> None:
    app = StudyApp(col, decks=["AI race"], clock=clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        first = current_id(pilot)
        await pilot.press("f", "space", "3")
        assert row_of(col, first)[2] == 0
        assert ratings(col) == [(first, Rating.GOOD)]


async def test_card_text_is_never_markup_and_never_reaches_the_terminal(
    make_collection: MakeCollection, clock: FrozenClock
) -> None:
    col = make_collection([basic("Q", MARKUP_QUESTION, "[i]plain[/i]", line=1)])
    app = StudyApp(col, decks=["Q"], clock=clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("space")
        question = str(app.screen.query_one("#question").render())
        answer = str(app.screen.query_one("#answer").render())
    assert question == "What does [bold red]x[/] do?"
    assert answer == "[i]plain[/i]"


async def test_long_cards_scroll_with_j_and_k(
    make_collection: MakeCollection, clock: FrozenClock
) -> None:
    long_answer = "\n".join(f"line {n} of a long answer" for n in range(80))
    col = make_collection([basic("Long", "A long card?", long_answer, line=1)])
    app = StudyApp(col, decks=["Long"], clock=clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("space")
        scroll = app.screen.query_one("#card-scroll")
        assert scroll.max_scroll_y > 0
        await pilot.press("j", "j", "j")
        assert scroll.scroll_y == 3
        await pilot.press("k")
        assert scroll.scroll_y == 2


async def test_card_info_and_stats_open_over_the_review(
    col: Collection, clock: FrozenClock
) -> None:
    app = StudyApp(col, decks=["AI race"], clock=clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        card_id = current_id(pilot)
        await pilot.press("i")
        assert isinstance(app.screen, CardInfoScreen)
        console = Console(width=80)
        with console.capture() as shown:
            for static in app.screen.query(Static):
                console.print(static.content)
        assert card_id in shown.get()
        assert "State" in shown.get() and "new" in shown.get()
        await pilot.press("escape", "t")
        assert isinstance(app.screen, StatsScreen)
        await pilot.press("q")
        assert current_id(pilot) == card_id


async def test_revealing_a_long_question_brings_the_answer_into_view(
    make_collection: MakeCollection, clock: FrozenClock
) -> None:
    long_question = "\n".join(f"line {n} of a long question" for n in range(60))
    col = make_collection([basic("Long", long_question, "the answer", line=1)])
    app = StudyApp(col, decks=["Long"], clock=clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("space")
        await pilot.pause()
        scroll = app.screen.query_one("#card-scroll")
        answer = app.screen.query_one("#answer")
        assert scroll.region.y <= answer.region.y < scroll.region.bottom


async def test_all_four_grade_buttons_fit_after_resizing_down_to_80x24(
    col: Collection, clock: FrozenClock
) -> None:
    app = StudyApp(col, decks=["AI race"], clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("space")
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        for rating in range(1, 5):
            region = app.screen.query_one(f"#rate-{rating}").region
            assert region.width > 0 and region.right <= 80 and region.bottom <= 24


async def test_question_mark_lists_the_review_keys(col: Collection, clock: FrozenClock) -> None:
    app = StudyApp(col, decks=["AI race"], clock=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        panel = app.screen.query_one("HelpPanel")
        console = Console(width=100)
        with console.capture() as capture:
            for widget in panel.query("KeyPanel *"):
                console.print(widget.render())
        shown = capture.get()
        for action in ("Bury", "Suspend", "Undo", "Edit", "Info"):
            assert action in shown
        await pilot.press("question_mark")
        await pilot.pause()
        assert not app.screen.query("HelpPanel")


async def test_answer_time_is_recorded_and_capped_at_a_minute(
    col: Collection, clock: FrozenClock
) -> None:
    app = StudyApp(col, decks=["AI race"], clock=clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        clock.advance(timedelta(seconds=12))
        await pilot.press("space", "3")
        clock.advance(timedelta(minutes=5))
        await pilot.press("space", "3")
    assert [row.duration_ms for row in col.history()] == [12_000, 60_000]


async def test_a_busy_collection_keeps_the_card_and_the_next_try_saves(
    col: Collection, clock: FrozenClock, tmp_path: Path
) -> None:
    app = StudyApp(col, decks=["AI race"], clock=clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        first = current_id(pilot)
        await pilot.press("space")
        col.store.conn.execute("PRAGMA busy_timeout = 50")
        other = sqlite3.connect(tmp_path / "collection0.db", isolation_level=None)
        other.execute("BEGIN EXCLUSIVE")
        await pilot.press("3")
        assert isinstance(app.screen, ReviewScreen), "the app keeps running"
        assert current_id(pilot) == first and review_screen(pilot).session.revealed
        assert any("Not saved" in text for text in await messages(pilot))
        other.execute("ROLLBACK")
        other.close()
        await pilot.press("3")
    assert ratings(col) == [(first, Rating.GOOD)]


async def test_the_header_shows_how_long_the_card_has_been_up(
    col: Collection, clock: FrozenClock
) -> None:
    app = StudyApp(col, decks=["AI race"], clock=clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        elapsed = app.screen.query_one("#elapsed")
        assert str(elapsed.render()) == "0:00"
        clock.advance(timedelta(seconds=75))
        await pilot.pause(1.2)  # the header ticks once a second
        assert str(elapsed.render()) == "1:15"
        await pilot.press("space", "3")
        assert str(elapsed.render()) == "0:00", "the next card starts its own count"
