"""Anki's scheduling rules on top of FSRS, written once.

py-fsrs computes memory states and intervals; Anki adds rules of its own around them. Both the
live answer path (scheduling.Scheduler, through py-fsrs) and the bulk history replay
(replay.Replayer, its own FSRS arithmetic) call these functions, so an imported history lands
exactly where the same answers given live would have:

- stability stays within fsrs-rs's range, which py-fsrs does not enforce;
- review intervals are fuzzed with py-fsrs's ranges, seeded per card and repetition;
- Hard, Good and Easy on a review card are at least a day apart;
- a learning step that crosses the day boundary is due when that study day starts.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from studycards.clock import DayNumbers

# Anki's learn-ahead limit: a learning card due within 20 minutes is shown now when
# nothing else is left, and counts as due today.
LEARN_AHEAD_MS = 20 * 60 * 1000
MIN_STABILITY = 0.001
MAX_STABILITY = 36500.0

_MASK = (1 << 64) - 1
# py-fsrs's FUZZ_RANGES (the same as Anki's): (start, end, factor).
_FUZZ_RANGES = ((2.5, 7.0, 0.15), (7.0, 20.0, 0.1), (20.0, math.inf, 0.05))


def clamp_stability(stability: float) -> float:
    """Stability within fsrs-rs's range, as Anki keeps it."""
    return min(MAX_STABILITY, max(MIN_STABILITY, stability))


def fuzz_fraction(key: int, reps: int) -> float:
    """A number in [0, 1) fixed by the card and its repetition (splitmix64), as Anki seeds its
    fuzz: a button's preview is exactly what answering it schedules, and a replayed history
    lands where the live answers did. py-fsrs's own fuzz draws from the global `random`,
    which would have to be reseeded and restored on every answer."""
    z = (key * 1_000_003 + reps + 0x9E3779B97F4A7C15) & _MASK
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK
    return ((z ^ (z >> 31)) >> 11) / 9007199254740992.0


def fuzzed_days(days: int, fraction: float | None, maximum: int) -> int:
    """A review interval of `days` fuzzed by `fraction` (fuzz_fraction; None: no fuzz):
    py-fsrs's `_get_fuzzed_interval` with the random number given. Intervals under 2.5 days
    are not fuzzed."""
    if fraction is None or days < 2.5:
        return days
    delta = 1.0
    for start, end, factor in _FUZZ_RANGES:
        delta += factor * max(min(float(days), end) - start, 0.0)
    low = max(2, round(days - delta))
    high = min(round(days + delta), maximum)
    low = min(low, high)
    return min(round(fraction * (high - low + 1) + low), maximum)


def a_day_apart(days: Sequence[int], maximum: int) -> list[int]:
    """The intervals of Hard, Good and Easy on a review card (in that order, as many of them
    as given) kept apart as Anki keeps them: each at least a day longer than the one before,
    none over `maximum`. Each button's interval depends only on the buttons below it, so
    answering Hard needs Hard's interval alone."""
    out = []
    floor = 0
    for wanted in days:
        spaced = min(max(wanted, floor), maximum)
        out.append(spaced)
        floor = spaced + 1
    return out


def step_due(at: int, due: int, day_number: DayNumbers) -> int:
    """When a learning or relearning step answered at `at`, due at `due` (milliseconds), is
    due: a step that crosses the day boundary is due when that study day starts, as in Anki,
    so a "1d" step is studied tomorrow morning, not at this hour."""
    day = day_number(due)
    if day > day_number(at):
        return day_number.start(day)
    return due
