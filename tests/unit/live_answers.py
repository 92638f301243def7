"""A card's history answered live, one answer at a time through Scheduler.review: what the
bulk replay (Scheduler.replay_rows) must equal, and the memory states fsrs-rs is checked
against."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from studycards.model import Rating, Schedule
from studycards.scheduling.scheduler import Scheduler


def answer_live(
    scheduler: Scheduler, answers: Sequence[tuple[Rating, datetime]], key: int = 1
) -> list[tuple[Schedule, Schedule]]:
    """(before, after) for each answer, from a new card, in time order."""
    schedule = Schedule()
    out = []
    for rating, when in sorted(answers, key=lambda answer: answer[1]):
        after = scheduler.review(schedule, rating, when, key)
        out.append((schedule, after))
        schedule = after
    return out
