"""A card's history replayed into review-log rows, fast enough for an Anki collection.

`Scheduler.review` answers one card through py-fsrs, which builds a card object and several
datetimes per answer: about 100 µs, or seconds for the tens of thousands of answers an Anki
package brings (bench/bench_import.py measures it). Replaying history needs the same results
in bulk, so this module holds the FSRS-6 arithmetic and learning steps exactly as py-fsrs 6.3
computes them (the same expressions in the same order, so the floats are bit for bit the same)
on plain numbers and integer milliseconds, with Anki's study days (clock.DayNumbers). Anki's
rules on top of FSRS are anki_rules', called here as the live scheduler calls them.
tests/unit/test_replay.py checks this against `Scheduler.review`, answer for answer.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import timedelta

from studycards.clock import DAY_MS, DayNumbers, StudyDay, from_ms, to_ms
from studycards.model import ReviewKind, ScheduleRow
from studycards.options import Options
from studycards.scheduling.anki_rules import (
    MIN_STABILITY,
    a_day_apart,
    clamp_stability,
    fuzz_fraction,
    fuzzed_days,
    step_due,
)
from studycards.scheduling.forgetting_curve import retrievability

_MS = timedelta(milliseconds=1)
_E = math.e

NEW, LEARNING, REVIEW, RELEARNING = 0, 1, 2, 3
AGAIN, HARD, GOOD, EASY = 1, 2, 3, 4
ANSWER, FORGET = int(ReviewKind.ANSWER), int(ReviewKind.FORGET)


class Replayer:
    """Replays histories under one preset's options (see the module docstring)."""

    def __init__(self, options: Options, study_day: StudyDay, *, fuzz: bool) -> None:
        w = options.parameters
        self.w = w
        self.fuzz = fuzz
        self.day_number = DayNumbers(study_day)
        self.maximum = options.maximum_interval
        self.decay = -w[20]
        self.factor: float = 0.9 ** (1 / self.decay) - 1
        self.interval_scale: float = (options.desired_retention ** (1 / self.decay)) - 1
        self.learning = options.learning_steps
        self.relearning = options.relearning_steps
        # The parts of py-fsrs's formulas that depend on the rating alone, computed once with
        # the same expressions, so every result is the same float. Index = rating.
        easy: float = w[4] - (_E ** (w[5] * (EASY - 1))) + 1
        self.reverted = w[7] * easy
        self.initial_stability = [0.0, *(max(w[r - 1], MIN_STABILITY) for r in range(1, 5))]
        self.initial_difficulty = [
            0.0,
            *(self._clamp(w[4] - (_E ** (w[5] * (r - 1))) + 1) for r in range(1, 5)),
        ]
        self.difficulty_delta = [0.0, *(-(w[6] * (r - 3)) for r in range(1, 5))]
        self.short_term_growth = [0.0, *((_E ** (w[17] * (r - 3 + w[18]))) for r in range(1, 5))]
        self.recall_weight = [0.0, 1.0, w[15], 1.0, 1.0]  # hard penalty
        self.recall_bonus = [0.0, 1.0, 1.0, 1.0, w[16]]  # easy bonus
        self.e_w8: float = _E ** (w[8])
        self.forget_floor: float = _E ** (w[17] * w[18])

    @staticmethod
    def _clamp(difficulty: float) -> float:
        return min(max(difficulty, 1.0), 10.0)

    def _stability(
        self, stability: float, difficulty: float, days: int | None, rating: int
    ) -> float:
        """The stability after answering `rating`, as py-fsrs computes it (not yet clamped to
        fsrs-rs's maximum)."""
        w = self.w
        if days is not None and days < 1:
            growth: float = self.short_term_growth[rating] * (stability ** -w[19])
            if rating != AGAIN and growth < 1.0:
                growth = 1.0
            result = stability * growth
        else:
            # py-fsrs's retrievability, in whole days: 0 for a card never reviewed.
            r = 0 if days is None else retrievability(max(0, days), stability, self.w[20])
            if rating == AGAIN:
                long_term: float = (
                    w[11]
                    * (difficulty ** -w[12])
                    * (((stability + 1) ** (w[13])) - 1)
                    * (_E ** ((1 - r) * w[14]))
                )
                short_term = stability / self.forget_floor
                result = long_term if long_term < short_term else short_term
            else:
                result = stability * (
                    1
                    + self.e_w8
                    * (11 - difficulty)
                    * (stability ** -w[9])
                    * ((_E ** ((1 - r) * w[10])) - 1)
                    * self.recall_weight[rating]
                    * self.recall_bonus[rating]
                )
        return result if result > MIN_STABILITY else MIN_STABILITY

    def _difficulty(self, difficulty: float, rating: int) -> float:
        arg_2 = difficulty + (10.0 - difficulty) * self.difficulty_delta[rating] / 9.0
        return self._clamp(self.reverted + (1 - self.w[7]) * arg_2)

    def _days(self, stability: float, fraction: float | None) -> int:
        """py-fsrs's next interval for `stability`, fuzzed with `fraction` (None: no fuzz)."""
        days: int = round((stability / self.factor) * self.interval_scale)
        return fuzzed_days(min(max(days, 1), self.maximum), fraction, self.maximum)

    def _wait(self, at: int, wait: timedelta) -> int:
        """When a learning step of `wait` from `at` is due (anki_rules.step_due)."""
        due = at + wait // _MS if not wait % _MS else to_ms(from_ms(at) + wait)
        return step_due(at, due, self.day_number)

    def rows(
        self, answers: Sequence[tuple[int, int, int]], key: int, position: int
    ) -> list[tuple[ScheduleRow, ScheduleRow]]:
        """(before, after) schedule values (store.codec.schedule_values) for each entry of
        a history, from a new card: `answers` are (milliseconds, rating, ReviewKind) in time
        order. A reset (FORGET) makes the card new again, as in Anki, so what follows starts
        from scratch; a reschedule or a cramming review changes nothing here."""
        new = ScheduleRow(NEW, None, None, None, position, None, 0, 0)
        before = new
        out = []
        day_number, fuzz = self.day_number, self.fuzz
        state: int = NEW
        step: int | None = None
        stability = difficulty = 0.0
        last_day: int | None = None
        lapses = 0
        reps = 0
        for at, rating, kind in answers:
            if kind != ANSWER:
                if kind == FORGET:
                    state, step, stability, difficulty, last_day = NEW, None, 0.0, 0.0, None
                    after = new._replace(reps=reps, lapses=lapses)
                else:
                    after = before
                out.append((before, after))
                before = after
                continue
            reps += 1
            today = day_number(at)
            days: int | None = None if last_day is None else max(0, today - last_day)
            last_day = today
            # One draw per repetition, shared by the buttons, as the live scheduler draws it.
            fraction = fuzz_fraction(key, reps - 1) if fuzz else None
            lapsed = 0
            if state == REVIEW:
                if rating == AGAIN:
                    lapsed = 1
                    grown = self._stability(stability, difficulty, days, AGAIN)
                    difficulty = self._difficulty(difficulty, AGAIN)
                    if self.relearning:
                        state, step = RELEARNING, 0
                        due = self._wait(at, self.relearning[0])
                    else:
                        due = at + self._days(grown, fraction) * DAY_MS
                else:
                    # Hard, Good and Easy at least a day apart: the buttons up to this one.
                    intervals = []
                    for button in range(HARD, rating + 1):
                        grown = self._stability(stability, difficulty, days, button)
                        intervals.append(self._days(grown, fraction))
                    difficulty = self._difficulty(difficulty, rating)
                    step = None
                    due = at + a_day_apart(intervals, self.maximum)[-1] * DAY_MS
            else:
                if state == NEW:
                    state, step = LEARNING, 0
                    grown = self.initial_stability[rating]
                    difficulty = self.initial_difficulty[rating]
                else:
                    grown = self._stability(stability, difficulty, days, rating)
                    difficulty = self._difficulty(difficulty, rating)
                state, step, due = self._step(state, step or 0, grown, rating, at, fraction)
            stability = clamp_stability(grown)
            lapses += lapsed
            after = ScheduleRow(state, step, stability, difficulty, due, at, reps, lapses)
            out.append((before, after))
            before = after
        return out

    def _step(
        self,
        state: int,
        step: int,
        stability: float,
        rating: int,
        at: int,
        fraction: float | None,
    ) -> tuple[int, int | None, int]:
        """(state, step, due) after answering a learning or relearning card."""
        steps = self.learning if state == LEARNING else self.relearning
        if not steps or (step >= len(steps) and rating != AGAIN):
            return REVIEW, None, at + self._days(stability, fraction) * DAY_MS
        if rating == AGAIN:
            return state, 0, self._wait(at, steps[0])
        if rating == HARD:
            if step == 0 and len(steps) == 1:
                wait = steps[0] * 1.5
            elif step == 0:
                wait = (steps[0] + steps[1]) / 2.0
            else:
                wait = steps[step]
            return state, step, self._wait(at, wait)
        if rating == GOOD and step + 1 != len(steps):
            return state, step + 1, self._wait(at, steps[step + 1])
        return REVIEW, None, at + self._days(stability, fraction) * DAY_MS
