"""FSRS scheduling: Anki's defaults and day semantics, and parity with fsrs-rs."""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from fsrs_rs_python import FSRS, FSRSItem, FSRSReview

from studycards.clock import StudyDay
from studycards.errors import OptionsError
from studycards.model import Rating, Schedule, Sm2Progress, State
from studycards.options import DEFAULT_PARAMETERS, Options
from studycards.scheduling.anki_rules import MAX_STABILITY
from studycards.scheduling.forgetting_curve import retrievability
from studycards.scheduling.scheduler import Scheduler, validate_parameters
from tests.unit.live_answers import answer_live

UTC_DAY = StudyDay(4, timezone.utc)
NOON = datetime(2026, 3, 4, 12, 0, tzinfo=timezone.utc)


def scheduler(options: Options | None = None, day: StudyDay = UTC_DAY) -> Scheduler:
    return Scheduler(options or Options(), day, fuzz=False)


def test_new_card_follows_ankis_default_learning_steps() -> None:
    outcomes = scheduler().preview(Schedule(), NOON)
    assert outcomes[Rating.AGAIN].due == NOON + timedelta(minutes=1)
    assert outcomes[Rating.HARD].due == NOON + timedelta(minutes=5, seconds=30)
    assert outcomes[Rating.GOOD].due == NOON + timedelta(minutes=10)
    assert outcomes[Rating.GOOD].state is State.LEARNING
    easy = outcomes[Rating.EASY]
    assert easy.state is State.REVIEW and easy.due is not None
    assert easy.due - NOON >= timedelta(days=1)
    assert all(after.reps == 1 for after in outcomes.values())


def test_a_lapse_goes_to_relearning_for_ten_minutes_and_counts() -> None:
    sched = scheduler()
    card = sched.review(Schedule(), Rating.EASY, NOON)
    assert card.due is not None
    lapsed = sched.review(card, Rating.AGAIN, card.due)
    assert lapsed.state is State.RELEARNING
    assert lapsed.due == card.due + timedelta(minutes=10)
    assert lapsed.lapses == 1
    # Again on a learning card is not a lapse.
    assert sched.review(Schedule(), Rating.AGAIN, NOON).lapses == 0


def test_maximum_interval_and_stability_are_capped() -> None:
    sched = scheduler(Options(maximum_interval=100))
    card, when = Schedule(), NOON
    for _ in range(15):
        card = sched.review(card, Rating.EASY, when)
        assert card.due is not None
        assert card.due - when <= timedelta(days=100)
        when = card.due
    assert card.stability is not None and card.stability <= MAX_STABILITY
    long = scheduler()
    card, when = Schedule(), NOON
    for _ in range(14):
        card = long.review(card, Rating.EASY, when)
        assert card.due is not None
        when = card.due
    assert card.stability == MAX_STABILITY


def test_days_elapsed_count_rollovers_like_anki_not_24_hour_periods() -> None:
    """23:00 then 05:00 the next morning: one day for Anki (4 am rollover), zero for raw py-fsrs."""
    evening = datetime(2026, 3, 4, 23, 0, tzinfo=timezone.utc)
    morning = evening + timedelta(hours=6)
    ours = answer_live(scheduler(), [(Rating.GOOD, evening), (Rating.GOOD, morning)])[-1][1]
    rs = FSRS(list(DEFAULT_PARAMETERS)).memory_state(FSRSItem([FSRSReview(3, 0), FSRSReview(3, 1)]))
    assert ours.stability == pytest.approx(rs.stability, rel=1e-4)
    same_day = FSRS(list(DEFAULT_PARAMETERS)).memory_state(
        FSRSItem([FSRSReview(3, 0), FSRSReview(3, 0)])
    )
    assert abs(ours.stability - same_day.stability) > 1  # type: ignore[operator]


def test_the_rollover_follows_the_local_time_zone() -> None:
    tokyo = StudyDay(4, ZoneInfo("Asia/Tokyo"))
    # 18:30 UTC is 03:30 in Tokyo (previous study day); 19:30 UTC is 04:30 (a new day).
    before = datetime(2026, 3, 4, 18, 30, tzinfo=timezone.utc)
    after = before + timedelta(hours=1)
    first = datetime(2026, 3, 4, 1, 0, tzinfo=timezone.utc)  # 10:00 in Tokyo
    sched = scheduler(day=tokyo)
    s1 = answer_live(sched, [(Rating.GOOD, first), (Rating.GOOD, before)])[-1][1]
    s2 = answer_live(sched, [(Rating.GOOD, first), (Rating.GOOD, after)])[-1][1]
    fsrs = FSRS(list(DEFAULT_PARAMETERS))
    same = fsrs.memory_state(FSRSItem([FSRSReview(3, 0), FSRSReview(3, 0)]))
    next_day = fsrs.memory_state(FSRSItem([FSRSReview(3, 0), FSRSReview(3, 1)]))
    assert s1.stability == pytest.approx(same.stability, rel=1e-4)
    assert s2.stability == pytest.approx(next_day.stability, rel=1e-4)


@pytest.mark.parametrize("seed", range(4))
def test_replaying_random_histories_matches_fsrs_rs_memory_state(seed: int) -> None:
    rng = random.Random(seed)
    params = list(DEFAULT_PARAMETERS)
    if seed % 2:
        params[20] = 0.25  # a different decay, so agreement is not an accident of defaults
    sched = scheduler(Options(parameters=tuple(params)))
    fsrs = FSRS(params)
    for _ in range(60):
        when = NOON
        answers, reviews = [], []
        for index in range(rng.randint(1, 12)):
            gap = 0 if index == 0 else rng.choice([0, 0, 1, 2, 3, 5, 8, 13, 30, 90])
            when = when + timedelta(days=gap, minutes=rng.randint(1, 50))
            rating = rng.choice([1, 2, 3, 3, 3, 4])
            answers.append((Rating(rating), when))
            reviews.append(FSRSReview(rating, gap))
        ours = answer_live(sched, answers)[-1][1]
        theirs = fsrs.memory_state(FSRSItem(reviews))
        assert ours.stability == pytest.approx(theirs.stability, rel=1e-3, abs=1e-3)
        assert ours.difficulty == pytest.approx(theirs.difficulty, abs=1e-3)


@pytest.mark.parametrize("retention", [0.8, 0.9, 0.95])
def test_a_review_is_due_when_recall_falls_to_the_desired_retention(retention: float) -> None:
    sched = scheduler(Options(desired_retention=retention))
    card = Schedule(
        State.REVIEW,
        step=None,
        stability=40.0,
        difficulty=5.0,
        due=NOON,
        last_review=NOON - timedelta(days=40),
        reps=5,
        lapses=0,
    )
    after = sched.review(card, Rating.GOOD, NOON)
    assert after.due is not None and after.stability is not None
    days = (after.due - NOON) / timedelta(days=1)
    recall = retrievability(days, after.stability, DEFAULT_PARAMETERS[20])
    # The interval is rounded to whole days: within a day's worth of forgetting.
    assert recall == pytest.approx(retention, abs=0.002)


def test_parameters_out_of_bounds_are_refused() -> None:
    with pytest.raises(OptionsError):
        validate_parameters([1.0] * 5)
    bad = list(DEFAULT_PARAMETERS)
    bad[20] = 5.0
    with pytest.raises(OptionsError):
        validate_parameters(bad)
    assert validate_parameters(DEFAULT_PARAMETERS) == DEFAULT_PARAMETERS


def test_fuzz_spreads_cards_but_previews_match_the_answer() -> None:
    fuzzed = Scheduler(Options(), UTC_DAY, fuzz=True)
    base = Schedule(
        State.REVIEW,
        step=None,
        stability=40.0,
        difficulty=5.0,
        due=NOON,
        last_review=NOON - timedelta(days=40),
        reps=3,
        lapses=0,
    )
    dues = {fuzzed.review(base, Rating.GOOD, NOON, key).due for key in range(1, 30)}
    assert len(dues) > 1
    preview = fuzzed.preview(base, NOON, key=7)[Rating.GOOD]
    assert fuzzed.review(base, Rating.GOOD, NOON, key=7) == preview
    plain = scheduler()
    assert len({plain.review(base, Rating.GOOD, NOON, key).due for key in range(1, 6)}) == 1


def test_fuzz_leaves_the_global_random_sequence_alone() -> None:
    fuzzed = Scheduler(Options(), UTC_DAY, fuzz=True)
    base = Schedule(
        State.REVIEW,
        step=None,
        stability=40.0,
        difficulty=5.0,
        due=NOON,
        last_review=NOON - timedelta(days=40),
        reps=3,
        lapses=0,
    )
    random.seed(5)
    expected = [random.random() for _ in range(3)]
    random.seed(5)
    fuzzed.review(base, Rating.GOOD, NOON, 3)
    assert [random.random() for _ in range(3)] == expected


def test_hard_good_and_easy_are_at_least_a_day_apart_on_review_cards() -> None:
    sched = scheduler()
    # A card just due, short stability: raw FSRS gives Hard and Good the same interval.
    base = Schedule(
        State.REVIEW,
        step=None,
        stability=1.2,
        difficulty=9.0,
        due=NOON,
        last_review=NOON - timedelta(days=1),
        reps=3,
        lapses=1,
    )
    outcomes = sched.preview(base, NOON)
    days = {
        rating: round((after.due - NOON) / timedelta(days=1))  # type: ignore[operator]
        for rating, after in outcomes.items()
        if rating is not Rating.AGAIN
    }
    assert days[Rating.HARD] < days[Rating.GOOD] < days[Rating.EASY]
    assert sched.review(base, Rating.GOOD, NOON) == outcomes[Rating.GOOD]


def test_a_learning_step_that_crosses_the_day_boundary_is_due_when_that_day_starts() -> None:
    sched = scheduler(Options(learning_steps=(timedelta(hours=6), timedelta(days=1))))
    tomorrow_4am = datetime(2026, 3, 5, 4, 0, tzinfo=timezone.utc)
    # Six hours after 23:00 is 05:00, past the 4 am rollover: studied from 04:00.
    evening = datetime(2026, 3, 4, 23, 0, tzinfo=timezone.utc)
    assert sched.review(Schedule(), Rating.AGAIN, evening).due == tomorrow_4am
    # Six hours after noon is still today: the step keeps its hour.
    assert sched.review(Schedule(), Rating.AGAIN, NOON).due == NOON + timedelta(hours=6)
    # Good moves on to the "1d" step: studied tomorrow morning, not at noon tomorrow.
    good = sched.review(Schedule(), Rating.GOOD, NOON)
    assert good.state is State.LEARNING and good.due == tomorrow_4am


@pytest.mark.parametrize("ease", [0.0, 1.3, 2.5, 1e300, float("nan"), float("inf")])
def test_sm2_progress_becomes_a_review_card_whatever_its_ease(ease: float) -> None:
    start = scheduler().from_sm2(Sm2Progress(NOON.date(), 30, ease))
    assert start.state is State.REVIEW and start.due is not None and start.last_review is not None
    assert start.due - start.last_review == timedelta(days=30)
    assert start.stability is not None and 0 < start.stability <= MAX_STABILITY
    assert start.difficulty is not None and 1 <= start.difficulty <= 10
