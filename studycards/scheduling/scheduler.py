"""FSRS scheduling with Anki's day semantics. The only module that imports fsrs.

py-fsrs counts elapsed days as whole 24-hour periods; Anki (and fsrs-rs) count rollovers of
the study day. We give py-fsrs a `last_review` moved so that its 24-hour count equals the
number of rollovers crossed, which makes every memory update match Anki's. Stability is
clamped to fsrs-rs's range, which py-fsrs does not do.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from typing import Any

from fsrs import Card as FsrsCard
from fsrs import Rating as FsrsRating
from fsrs import Scheduler as FsrsScheduler
from fsrs import State as FsrsState

from studycards.clock import DayNumbers, StudyDay, as_utc, from_ms, to_ms
from studycards.errors import OptionsError
from studycards.model import KeptSchedule, Rating, Schedule, ScheduleRow, Sm2Progress, State
from studycards.options import Options
from studycards.scheduling.anki_rules import (
    a_day_apart,
    clamp_stability,
    fuzz_fraction,
    fuzzed_days,
    step_due,
)
from studycards.scheduling.replay import Replayer

_DAY = timedelta(days=1)


def validate_parameters(params: Sequence[float]) -> tuple[float, ...]:
    """The 21 FSRS-6 parameters, checked against py-fsrs's bounds."""
    values = tuple(float(p) for p in params)
    try:
        FsrsScheduler(parameters=values, enable_fuzzing=False)
    except ValueError as error:
        raise OptionsError(f"FSRS parameters are not usable: {error}") from None
    return values


def _days_after(schedule: Schedule, when: datetime) -> int:
    assert schedule.due is not None
    return round((schedule.due - when) / _DAY)


class Scheduler:
    """Answers cards under one preset's options."""

    def __init__(self, options: Options, study_day: StudyDay, *, fuzz: bool = True) -> None:
        self.options = options
        self.study_day = study_day
        self.fuzz = fuzz
        self._fsrs = FsrsScheduler(
            parameters=options.parameters,
            desired_retention=options.desired_retention,
            learning_steps=options.learning_steps,
            relearning_steps=options.relearning_steps,
            maximum_interval=options.maximum_interval,
            # The fuzz is anki_rules.fuzzed_days: py-fsrs's ranges, seeded per card.
            enable_fuzzing=False,
        )
        self._day_numbers = DayNumbers(study_day)
        self._replayer: Replayer | None = None
        self._fsrs_rs: Any = None  # fsrs-rs, loaded for the first SM-2 card only

    def _fsrs_card(self, schedule: Schedule, when: datetime, key: int) -> FsrsCard:
        if schedule.state is State.NEW or schedule.stability is None:
            return FsrsCard(card_id=key, state=FsrsState.Learning, step=0, due=when)
        last = schedule.last_review
        if last is not None:
            days = max(0, self.study_day.days_between(last, when))
            last = when - timedelta(days=days)
        return FsrsCard(
            card_id=key,
            state=FsrsState(int(schedule.state)),
            step=schedule.step,
            stability=schedule.stability,
            difficulty=schedule.difficulty,
            due=as_utc(schedule.due) if schedule.due is not None else when,
            last_review=last,
        )

    def review(self, schedule: Schedule, rating: Rating, when: datetime, key: int = 1) -> Schedule:
        """The schedule after answering `rating` at `when` (UTC)."""
        when = as_utc(when).astimezone(timezone.utc)
        if schedule.state is State.REVIEW and rating is not Rating.AGAIN:
            # Each button's floor depends only on the buttons below it, so replaying a long
            # imported history computes Hard alone for Hard, Hard and Good for Good.
            return self._passing(schedule, when, key, upto=rating)[rating]
        return self._single(schedule, rating, when, key)

    def preview(self, schedule: Schedule, when: datetime, key: int = 1) -> dict[Rating, Schedule]:
        """What each of the four buttons would do."""
        when = as_utc(when).astimezone(timezone.utc)
        if schedule.state is State.REVIEW:
            return {Rating.AGAIN: self._single(schedule, Rating.AGAIN, when, key)} | self._passing(
                schedule, when, key
            )
        return {rating: self._single(schedule, rating, when, key) for rating in Rating}

    def _passing(
        self, schedule: Schedule, when: datetime, key: int, upto: Rating = Rating.EASY
    ) -> dict[Rating, Schedule]:
        """Hard, Good and Easy (up to `upto`) on a review card, a day apart (anki_rules)."""
        ratings = [r for r in (Rating.HARD, Rating.GOOD, Rating.EASY) if r <= upto]
        out = {r: self._single(schedule, r, when, key) for r in ratings}
        days = [_days_after(out[r], when) for r in ratings]
        spaced = a_day_apart(days, self.options.maximum_interval)
        for rating, before, after in zip(ratings, days, spaced, strict=True):
            if after != before:
                out[rating] = replace(out[rating], due=when + timedelta(days=after))
        return out

    def _single(self, schedule: Schedule, rating: Rating, when: datetime, key: int) -> Schedule:
        fsrs_card = self._fsrs_card(schedule, when, key)
        card, _ = self._fsrs.review_card(fsrs_card, FsrsRating(int(rating)), review_datetime=when)
        state = State(int(card.state))
        if state is State.REVIEW:
            fraction = fuzz_fraction(key, schedule.reps) if self.fuzz else None
            days = fuzzed_days((card.due - when).days, fraction, self.options.maximum_interval)
            due = when + timedelta(days=days)
        else:
            due = from_ms(step_due(to_ms(when), to_ms(card.due), self._day_numbers))
        lapsed = rating is Rating.AGAIN and schedule.state is State.REVIEW
        return Schedule(
            state=state,
            step=card.step,
            stability=None if card.stability is None else clamp_stability(card.stability),
            difficulty=card.difficulty,
            due=due,
            last_review=when,
            reps=schedule.reps + 1,
            lapses=schedule.lapses + (1 if lapsed else 0),
        )

    def replay_rows(
        self, answers: Sequence[tuple[int, int, int]], key: int, position: int
    ) -> list[tuple[ScheduleRow, ScheduleRow]]:
        """(before, after) stored schedules for each of a new card's (ms, rating, ReviewKind)
        entries, in time order: for answers, what answering each with `review` gives, without
        py-fsrs's per-answer objects (replay.py); entries that are not answers as
        replay.Replayer.rows takes them."""
        if self._replayer is None:
            self._replayer = Replayer(self.options, self.study_day, fuzz=self.fuzz)
        return self._replayer.rows(answers, key, position)

    def kept(self, kept: KeptSchedule, replayed: Schedule | None = None) -> Schedule:
        """The schedule of a card another app's scheduler left at `kept`: its state, due
        time, interval and counts exactly as they are; its memory state as that app had it,
        else the one its replayed history gives (`replayed`), else the one Anki gives an
        SM-2 card from its interval and ease. Only its next answer is FSRS's."""
        days = max(1, kept.interval)
        due = kept.due if isinstance(kept.due, datetime) else self.study_day.start(kept.due)
        last = kept.last_review
        if last is None and kept.state is not State.REVIEW and replayed is not None:
            last = replayed.last_review
        if last is None:
            # A review card's interval stays Anki's: its last review is that many days back.
            last = due - timedelta(days=days if kept.state is State.REVIEW else 0)
        if kept.stability is not None and kept.difficulty is not None:
            memory = (kept.stability, kept.difficulty)
        elif replayed is not None and replayed.stability is not None:
            memory = (replayed.stability, replayed.difficulty or 5.0)
        else:
            memory = self._sm2_memory(kept.ease, days)
        return Schedule(
            state=kept.state,
            step=kept.step if kept.state in (State.LEARNING, State.RELEARNING) else None,
            stability=clamp_stability(memory[0]),
            difficulty=min(10.0, max(1.0, memory[1])),
            due=due,
            last_review=last,
            reps=kept.reps,
            lapses=kept.lapses,
        )

    def _sm2_memory(self, ease: float, days: int) -> tuple[float, float]:
        """(stability, difficulty) Anki gives a card SM-2 left at `days` with `ease`
        (fsrs-rs's memory_state_from_sm2, SM-2 taken to aim at 90% recall)."""
        if self._fsrs_rs is None:
            from fsrs_rs_python import FSRS

            self._fsrs_rs = FSRS(list(self.options.parameters))
        # SM-2 keeps the ease at 130% or more; a value that is no number is its default.
        ease = min(max(ease, 1.3), 10.0) if math.isfinite(ease) else 2.5
        memory = self._fsrs_rs.memory_state_from_sm2(ease, float(max(1, days)), 0.9)
        return float(memory.stability), float(memory.difficulty)

    def from_sm2(self, progress: Sm2Progress) -> Schedule:
        """The schedule of a card an SM-2 scheduler left at `progress`: a review card due at
        the start of its due day, with the memory state Anki gives such a card when FSRS is
        turned on (fsrs-rs's memory_state_from_sm2, SM-2 taken to aim at 90% recall)."""
        days = max(1, progress.interval)
        stability, difficulty = self._sm2_memory(progress.ease, days)
        due = self.study_day.start(progress.due)
        return Schedule(
            state=State.REVIEW,
            stability=clamp_stability(stability),
            difficulty=min(10.0, max(1.0, difficulty)),
            due=due,
            last_review=due - timedelta(days=days),
            reps=1,
        )
