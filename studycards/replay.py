"""A card's history replayed into review-log rows, fast enough for an Anki collection.

`Scheduler.review` answers one card through py-fsrs, which builds a card object and several
datetimes per answer: about 100 µs, or seconds for the tens of thousands of answers an Anki
package brings. Replaying history needs the same results in bulk, so this module holds FSRS-6
exactly as py-fsrs 6.3 computes it (the same expressions in the same order, so the floats are
bit for bit the same) on plain numbers and integer milliseconds, plus the scheduler's own rules:
Anki's study days, stability clamped to fsrs-rs's range, learning steps that cross a day
boundary, Hard < Good < Easy a day apart, and the per-card fuzz. tests/unit/test_replay.py
checks it against `Scheduler.review`, answer for answer.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date, datetime, timedelta, timezone
from typing import Any

from studycards.clock import StudyDay
from studycards.options import Options

MIN_STABILITY = 0.001
MAX_STABILITY = 36500.0
DAY_MS = 86_400_000
_HOUR_MS = 3_600_000
_MS = timedelta(milliseconds=1)
_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
_MASK = (1 << 64) - 1
# py-fsrs's FUZZ_RANGES: (start, end, factor).
_FUZZ_RANGES = ((2.5, 7.0, 0.15), (7.0, 20.0, 0.1), (20.0, math.inf, 0.05))
_E = math.e

NEW, LEARNING, REVIEW, RELEARNING = 0, 1, 2, 3
AGAIN, HARD, GOOD, EASY = 1, 2, 3, 4

# One schedule as stored: state, step, stability, difficulty, due, last_review, reps, lapses.
Row = tuple[Any, ...]


def fuzz_fraction(key: int, reps: int) -> float:
    """A number in [0, 1) fixed by the card and its repetition (splitmix64), as Anki seeds its
    fuzz: a button's preview is exactly what answering it schedules, and a replayed history
    lands where the live answers did."""
    z = (key * 1_000_003 + reps + 0x9E3779B97F4A7C15) & _MASK
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK
    return ((z ^ (z >> 31)) >> 11) / 9007199254740992.0


def fuzzed_days(days: int, fraction: float, maximum: int) -> int:
    """py-fsrs's `_get_fuzzed_interval` with the random number given."""
    if days < 2.5:
        return days
    delta = 1.0
    for start, end, factor in _FUZZ_RANGES:
        delta += factor * max(min(float(days), end) - start, 0.0)
    low = max(2, round(days - delta))
    high = min(round(days + delta), maximum)
    low = min(low, high)
    return min(round(fraction * (high - low + 1) + low), maximum)


class DayNumbers:
    """StudyDay.number for integer milliseconds. The zone's offset is looked up once per
    UTC hour (an offset changes at most once within an hour, and such hours are done the
    slow way), so a long history costs a dictionary lookup per answer."""

    def __init__(self, study_day: StudyDay) -> None:
        self.study_day = study_day
        self._rollover = study_day.rollover_hour * _HOUR_MS
        self._offsets: dict[int, int | None] = {}

    def _offset(self, ms: int) -> int:
        local = datetime.fromtimestamp(ms / 1000, timezone.utc)
        local = local.astimezone(self.study_day.tz) if self.study_day.tz else local.astimezone()
        offset = local.utcoffset()
        assert offset is not None
        return offset // _MS

    def __call__(self, ms: int) -> int:
        hour = ms // _HOUR_MS
        if hour in self._offsets:
            offset = self._offsets[hour]
        else:
            first = self._offset(hour * _HOUR_MS)
            offset = first if first == self._offset(hour * _HOUR_MS + _HOUR_MS - 1) else None
            self._offsets[hour] = offset
        if offset is None:
            when = datetime.fromtimestamp(ms / 1000, timezone.utc)
            return self.study_day.number(when)
        return (ms + offset - self._rollover) // DAY_MS + _EPOCH_ORDINAL


def _to_ms(when: datetime) -> int:
    return round(when.timestamp() * 1000)


def _from_ms(ms: int) -> datetime:
    return datetime.fromtimestamp(ms / 1000, timezone.utc)


class Replayer:
    """Replays histories under one preset's options (see the module docstring)."""

    def __init__(self, options: Options, study_day: StudyDay, *, fuzz: bool) -> None:
        w = options.parameters
        self.w = w
        self.options = options
        self.study_day = study_day
        self.fuzz = fuzz
        self.day_number = DayNumbers(study_day)
        self.maximum = options.maximum_interval
        self.decay = -w[20]
        self.factor: float = 0.9 ** (1 / self.decay) - 1
        self.interval_scale: float = (options.desired_retention ** (1 / self.decay)) - 1
        self.easy_difficulty: float = w[4] - (_E ** (w[5] * (EASY - 1))) + 1
        self.learning = options.learning_steps
        self.relearning = options.relearning_steps

    # FSRS-6 as py-fsrs writes it.

    def _initial_difficulty(self, rating: int) -> float:
        w = self.w
        initial: float = w[4] - (_E ** (w[5] * (rating - 1))) + 1
        return min(max(initial, 1.0), 10.0)

    def _next_difficulty(self, difficulty: float, rating: int) -> float:
        w = self.w
        delta = -(w[6] * (rating - 3))
        arg_2 = difficulty + (10.0 - difficulty) * delta / 9.0
        reverted: float = w[7] * self.easy_difficulty + (1 - w[7]) * arg_2
        return min(max(reverted, 1.0), 10.0)

    def _short_term(self, stability: float, rating: int) -> float:
        w = self.w
        increase: float = (_E ** (w[17] * (rating - 3 + w[18]))) * (stability ** -w[19])
        if rating != AGAIN:
            increase = max(increase, 1.0)
        return max(stability * increase, MIN_STABILITY)

    def _long_term(
        self, difficulty: float, stability: float, days: int | None, rating: int
    ) -> float:
        w = self.w
        # py-fsrs's retrievability: 0 for a card never reviewed.
        r = 0 if days is None else (1 + self.factor * max(0, days) / stability) ** self.decay
        result: float
        if rating == AGAIN:
            long_term = (
                w[11]
                * (difficulty ** -w[12])
                * (((stability + 1) ** (w[13])) - 1)
                * (_E ** ((1 - r) * w[14]))
            )
            result = min(long_term, stability / (_E ** (w[17] * w[18])))
        else:
            hard_penalty = w[15] if rating == HARD else 1
            easy_bonus = w[16] if rating == EASY else 1
            result = stability * (
                1
                + (_E ** (w[8]))
                * (11 - difficulty)
                * (stability ** -w[9])
                * ((_E ** ((1 - r) * w[10])) - 1)
                * hard_penalty
                * easy_bonus
            )
        return max(result, MIN_STABILITY)

    def _interval(self, stability: float) -> int:
        days: int = round((stability / self.factor) * self.interval_scale)
        return min(max(days, 1), self.maximum)

    # One answer.

    def _answer(
        self, before: Row, rating: int, days: int | None
    ) -> tuple[int, int | None, float, float, int | None, timedelta | None]:
        """(state, step, stability, difficulty, review days, learning wait) after py-fsrs's
        review_card; exactly one of the last two is set. `days` is None for a new card."""
        state, step, stability, difficulty = before[0], before[1], before[2], before[3]
        if state == NEW or stability is None:
            state, step = LEARNING, 0
            stability = max(self.w[rating - 1], MIN_STABILITY)
            difficulty = self._initial_difficulty(rating)
        elif days is not None and days < 1:
            stability = self._short_term(stability, rating)
            difficulty = self._next_difficulty(difficulty, rating)
        else:
            stability = self._long_term(difficulty, stability, days, rating)
            difficulty = self._next_difficulty(difficulty, rating)
        if state == REVIEW:
            if rating == AGAIN and self.relearning:
                return RELEARNING, 0, stability, difficulty, None, self.relearning[0]
            return REVIEW, None, stability, difficulty, self._interval(stability), None
        steps = self.learning if state == LEARNING else self.relearning
        if not steps or (step >= len(steps) and rating != AGAIN):
            return REVIEW, None, stability, difficulty, self._interval(stability), None
        if rating == AGAIN:
            return state, 0, stability, difficulty, None, steps[0]
        if rating == HARD:
            if step == 0 and len(steps) == 1:
                wait = steps[0] * 1.5
            elif step == 0:
                wait = (steps[0] + steps[1]) / 2.0
            else:
                wait = steps[step]
            return state, step, stability, difficulty, None, wait
        if rating == GOOD and step + 1 != len(steps):
            return state, step + 1, stability, difficulty, None, steps[step + 1]
        return REVIEW, None, stability, difficulty, self._interval(stability), None

    def _single(
        self, before: Row, rating: int, at: int, days: int | None, fraction: float
    ) -> tuple[int, int | None, float, float, int]:
        """Scheduler._single: (state, step, stability, difficulty, due)."""
        state, step, stability, difficulty, review_days, wait = self._answer(before, rating, days)
        if review_days is not None:
            if fraction >= 0 and review_days > 2:
                review_days = fuzzed_days(review_days, fraction, self.maximum)
            return state, step, stability, difficulty, at + review_days * DAY_MS
        assert wait is not None
        due = at + wait // _MS if not wait % _MS else _to_ms(_from_ms(at) + wait)
        # A step that crosses the day boundary is due when that study day starts.
        day = self.day_number(due)
        if day > self.day_number(at):
            due = _to_ms(self.study_day.start(date.fromordinal(day)))
        return state, step, stability, difficulty, due

    def rows(
        self, answers: Sequence[tuple[int, int]], key: int, position: int
    ) -> list[tuple[Row, Row]]:
        """(before, after) schedule values (store.codec.schedule_values) for each answer of
        a history, from a new card: `answers` are (milliseconds, rating) in time order."""
        before: Row = (NEW, None, None, None, position, None, 0, 0)
        out = []
        day_number, maximum, fuzz = self.day_number, self.maximum, self.fuzz
        last_day: int | None = None
        for at, rating in answers:
            today = day_number(at)
            days: int | None = None if last_day is None else max(0, today - last_day)
            last_day = today
            # One draw per repetition, shared by the buttons, as the live scheduler draws it.
            fraction = fuzz_fraction(key, before[6]) if fuzz else -1.0
            if before[0] == REVIEW and rating != AGAIN:
                # Hard, Good and Easy at least a day apart, as Scheduler._passing keeps them;
                # each button's floor depends only on the buttons below it.
                floor = 0
                for below in range(HARD, rating + 1):
                    state, step, stability, difficulty, due = self._single(
                        before, below, at, days, fraction
                    )
                    wanted = (due - at) // DAY_MS
                    wanted = min(wanted if wanted > floor else floor, maximum)
                    floor = wanted + 1
                due = at + wanted * DAY_MS
            else:
                state, step, stability, difficulty, due = self._single(
                    before, rating, at, days, fraction
                )
            if stability < MIN_STABILITY:
                stability = MIN_STABILITY
            elif stability > MAX_STABILITY:
                stability = MAX_STABILITY
            after = (
                state,
                step,
                stability,
                difficulty,
                due,
                at,
                before[6] + 1,
                before[7] + (1 if rating == AGAIN and before[0] == REVIEW else 0),
            )
            out.append((before, after))
            before = after
        return out
