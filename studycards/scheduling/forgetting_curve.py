"""FSRS-6's forgetting curve: how likely a card is recalled some days after its last review.

The one formula for retrievability: the history replay's memory updates, the card info, the
stats and the review order all come here.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from studycards.clock import as_utc
from studycards.model import Schedule

_DAY = timedelta(days=1)


def retrievability(elapsed_days: float, stability: float, decay: float) -> float:
    """The probability of recall `elapsed_days` after a review that left `stability`, under
    the decay parameter `decay` (w20): exactly 90% after `stability` days. Written as py-fsrs
    writes it, term for term, so the replay's floats are py-fsrs's."""
    recall: float = (1 + (0.9 ** (-1 / decay) - 1) * elapsed_days / stability) ** -decay
    return recall


def retrievability_at(schedule: Schedule, when: datetime, decay: float) -> float | None:
    """A card's retrievability at `when`, with fractional days as Anki shows it (FSRS itself
    counts whole days); None for a card never reviewed."""
    if schedule.stability is None or schedule.last_review is None:
        return None
    days = (as_utc(when) - as_utc(schedule.last_review)) / _DAY
    return retrievability(max(0.0, days), schedule.stability, decay)
