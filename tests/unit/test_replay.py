"""The bulk replay of imported histories gives what answering each review live gives."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from studycards.clock import DayNumbers, StudyDay
from studycards.collection.store.codec import schedule_values
from studycards.model import Rating
from studycards.options import DEFAULT_PARAMETERS, Options
from studycards.scheduling.scheduler import Scheduler
from tests.unit.live_answers import answer_live


def ms(when: datetime) -> int:
    return round(when.timestamp() * 1000)


START = datetime(2025, 10, 20, 9, 30, tzinfo=timezone.utc)
ZONES = [timezone.utc, ZoneInfo("Europe/Berlin"), ZoneInfo("Australia/Lord_Howe"), None]

# Gaps between answers: seconds (learning steps), hours (a day boundary or not), days, years.
gaps = st.one_of(
    st.integers(0, 600),
    st.integers(600, 86_400),
    st.integers(1, 400).map(lambda days: days * 86_400 + 3_600),
    st.integers(400, 4_000).map(lambda days: days * 86_400),
)
histories = st.lists(st.tuples(gaps, st.sampled_from(list(Rating))), min_size=1, max_size=25)
steps = st.lists(st.sampled_from([30, 60, 90, 600, 1_800, 3_600, 86_400, 259_200]), max_size=3)
options = st.builds(
    lambda learning, relearning, maximum, retention, decay: Options(
        learning_steps=tuple(timedelta(seconds=s) for s in learning),
        relearning_steps=tuple(timedelta(seconds=s) for s in relearning),
        maximum_interval=maximum,
        desired_retention=retention,
        parameters=(*DEFAULT_PARAMETERS[:20], decay),
    ),
    steps,
    steps,
    st.sampled_from([1, 7, 100, 36500]),
    st.sampled_from([0.7, 0.8, 0.9, 0.97]),
    st.sampled_from([0.1, 0.1542, 0.5]),
)


@settings(max_examples=150, deadline=None)
@given(
    history=histories,
    preset=options,
    fuzz=st.booleans(),
    zone=st.sampled_from(ZONES),
    rollover=st.integers(0, 23),
    key=st.integers(1, 10**12),
)
def test_replayed_rows_equal_live_answers(
    history: list[tuple[int, Rating]],
    preset: Options,
    fuzz: bool,
    zone: timezone | ZoneInfo | None,
    rollover: int,
    key: int,
) -> None:
    scheduler = Scheduler(preset, StudyDay(rollover, zone), fuzz=fuzz)
    answers, when = [], START
    for gap, rating in history:
        when += timedelta(seconds=gap)
        answers.append((rating, when))
    expected = [
        (schedule_values(before, 7), schedule_values(after, 7))
        for before, after in answer_live(scheduler, answers, key=key)
    ]
    fast = scheduler.replay_rows([(ms(at), int(r), 0) for r, at in answers], key, 7)
    assert fast == expected


@settings(max_examples=200, deadline=None)
@given(
    instant=st.integers(0, 4_000_000_000_000),
    zone=st.sampled_from([*ZONES, ZoneInfo("America/St_Johns"), ZoneInfo("Asia/Kathmandu")]),
    rollover=st.integers(0, 23),
)
def test_day_numbers_agree_with_the_study_day(
    instant: int, zone: timezone | ZoneInfo | None, rollover: int
) -> None:
    day = StudyDay(rollover, zone)
    numbers = DayNumbers(day)
    when = datetime.fromtimestamp(instant / 1000, timezone.utc)
    assert numbers(instant) == day.number(when)
    # Again from the cache, and the hour's last millisecond too.
    assert numbers(instant) == day.number(when)
    last = instant - instant % 3_600_000 + 3_599_999
    assert numbers(last) == day.number(datetime.fromtimestamp(last / 1000, timezone.utc))


def test_day_numbers_are_exact_in_the_hour_a_half_hour_zone_changes_its_clock() -> None:
    # Newfoundland falls back from -2:30 to -3:30 at 02:00 local, half-way through a UTC hour:
    # in that hour the local time both passes 2 am and returns to 1 am.
    zone = ZoneInfo("America/St_Johns")
    day = StudyDay(2, zone)
    numbers = DayNumbers(day)
    change = datetime(2025, 11, 2, 4, 30, tzinfo=timezone.utc)
    instants = [change + timedelta(minutes=m) for m in range(-90, 91)]
    assert [numbers(ms(when)) for when in instants] == [day.number(w) for w in instants]
