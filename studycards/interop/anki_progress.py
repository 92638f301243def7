"""An Anki collection's progress as studycards keeps it: every review-log entry, each card's
schedule as Anki left it, and the presets its decks use.

- Answers come with their buttons as the v2/v3 scheduler numbers them: a v1 collection's
  learning answers had three buttons (2 meant Good, 3 Easy), which Anki itself renumbers when
  it upgrades such a collection (rslib storage/revlog/v2_upgrade.sql), and so do we.
- Entries that are not answers stay in the history as what they are (model.ReviewKind): a
  reset to new ("Forget"), a due date set by hand or by rescheduling, a cramming review.
- A card Anki has studied keeps its state, due time, interval and counts (KeptSchedule).
  Its memory state is Anki's own when the package carries one (FSRS's `s` and `d` in the
  card's data); otherwise it comes from replaying its history under its deck's preset, as
  Anki computes one when FSRS is turned on, or, for a history cleaned up in part or not
  there at all, from its interval and ease.
- Each Anki preset that differs from studycards' defaults becomes a preset of its own, with
  its FSRS parameters, desired retention, steps, limits and maximum interval.
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from studycards.clock import from_ms
from studycards.errors import OptionsError
from studycards.interop.anki_collection import (
    LEARNING,
    MANUAL,
    RELEARNING,
    RESCHEDULED,
    AnkiCard,
    AnkiCollection,
    AnkiReview,
    DeckConfig,
)
from studycards.model import HistoryEvent, KeptSchedule, Rating, Review, ReviewKind, State
from studycards.options import Options, validated

# Card types and queues (rslib card/mod.rs).
_NEW_CARD, _LEARN_CARD, _REVIEW_CARD, _RELEARN_CARD = range(4)
_LEARN_QUEUE = 1
# Beyond these a card's numbers are not a real schedule (a hostile or damaged file).
_MAX_DAYS = 100_000
_FIRST_SECOND, _LAST_SECOND = 1, 1 << 33
_MAX_DURATION_MS = 3_600_000
_RATINGS = {int(rating): rating for rating in Rating}
_STATES = {_LEARN_CARD: State.LEARNING, _REVIEW_CARD: State.REVIEW, _RELEARN_CARD: State.RELEARNING}


@dataclass
class Progress:
    """What ImportBatch takes of an Anki collection's progress."""

    reviews: list[Review] = field(default_factory=list)
    events: list[HistoryEvent] = field(default_factory=list)
    kept: dict[str, KeptSchedule] = field(default_factory=dict)
    presets: dict[str, Options] = field(default_factory=dict)
    deck_presets: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def progress_of(
    path: Path, collection: AnkiCollection, card_of_id: Mapping[int, str | None]
) -> Progress:
    """The progress of the cards `card_of_id` names (Anki card id → our card id)."""
    out = Progress()
    history: dict[int, list[AnkiReview]] = defaultdict(list)
    odd = 0
    for entry in collection.revlog:
        card_id = card_of_id.get(entry.cid)
        if not card_id:
            continue
        if not (0 <= entry.ease <= 4 and 0 <= entry.type <= RESCHEDULED):
            odd += 1
            continue
        if (
            collection.scheduler == 1
            and entry.type in (LEARNING, RELEARNING)
            and entry.ease in (2, 3)
        ):
            entry = entry._replace(ease=entry.ease + 1)
        history[entry.cid].append(entry)
        at = from_ms(entry.id)
        duration = max(0, min(entry.time, _MAX_DURATION_MS))
        kind = _kind(entry)
        if kind is ReviewKind.ANSWER:
            out.reviews.append(Review(card_id, _RATINGS[entry.ease], at, duration))
        else:
            out.events.append(HistoryEvent(card_id, kind, at, duration))
    if odd:
        out.warnings.append(
            f"{path}: {odd} review-log entries with an answer button or type Anki does not "
            "have were skipped"
        )
    sane = _FIRST_SECOND < collection.created < _LAST_SECOND
    day_zero = datetime.fromtimestamp(collection.created).date() if sane else None
    unusable = 0
    for card in collection.cards:
        card_id = card_of_id.get(card.id)
        if not card_id or card.type == _NEW_CARD:
            continue
        config = collection.configs.get(collection.deck_configs.get(card.did, (1, None))[0])
        kept = _kept(card, history.get(card.id, []), day_zero, config or DeckConfig(""))
        if kept is None:
            unusable += 1
        else:
            out.kept[card_id] = kept
    if unusable:
        out.warnings.append(
            f"{path}: {unusable} cards have a schedule that is no date; they follow their "
            "review history instead"
        )
    _presets(collection, out)
    return out


def _kind(entry: AnkiReview) -> ReviewKind:
    if entry.is_reset:
        return ReviewKind.FORGET
    if entry.ease == 0 or entry.type in (MANUAL, RESCHEDULED):
        return ReviewKind.RESCHEDULE
    if entry.is_cramming:
        return ReviewKind.CRAM
    return ReviewKind.ANSWER


def _kept(
    card: AnkiCard, history: Sequence[AnkiReview], day_zero: date | None, config: DeckConfig
) -> KeptSchedule | None:
    """Where Anki left `card` (its deck's preset `config` tells a learning card's step), or
    None when its numbers are no schedule."""
    state = _STATES.get(card.type)
    if state is None:
        return None
    due: date | datetime
    if card.queue == _LEARN_QUEUE or (state is not State.REVIEW and card.due > _MAX_DAYS):
        if not _FIRST_SECOND < card.due < _LAST_SECOND:
            return None
        due = datetime.fromtimestamp(card.due, timezone.utc)
    elif day_zero is not None and -_MAX_DAYS < card.due < _MAX_DAYS:
        due = day_zero + timedelta(days=card.due)
    else:
        return None
    interval = card.ivl if 0 < card.ivl < _MAX_DAYS else 0
    if state is State.REVIEW and not interval:
        return None
    memory = _memory(card.data)
    last_review = memory.get("lrt")
    last = (
        datetime.fromtimestamp(last_review, timezone.utc)
        if isinstance(last_review, int | float) and _FIRST_SECOND < last_review < _LAST_SECOND
        else None
    )
    # The interval is Anki's: a last review on another day than it says is not kept.
    if (
        state is State.REVIEW
        and last is not None
        and not isinstance(due, datetime)
        and (due - last.astimezone().date()).days != interval
    ):
        last = None
    stability, difficulty = memory.get("s"), memory.get("d")
    has_memory = _finite(stability) and _finite(difficulty)
    return KeptSchedule(
        state=state,
        due=due,
        interval=interval,
        ease=card.factor / 1000 if card.factor >= 1300 else 2.5,
        reps=max(0, card.reps),
        lapses=max(0, card.lapses),
        stability=float(stability) if has_memory else None,  # type: ignore[arg-type]
        difficulty=float(difficulty) if has_memory else None,  # type: ignore[arg-type]
        last_review=last,
        step=_step(card, state, config),
        memory_from_history=_history_complete(history),
    )


def _step(card: AnkiCard, state: State, config: DeckConfig) -> int | None:
    """A learning card's step: Anki counts the steps still to go (the last three digits of
    `left`); a review card has none."""
    if state is State.REVIEW:
        return None
    steps = config.learn_steps if state is State.LEARNING else config.relearn_steps
    remaining = card.left % 1000
    return max(0, len(steps) - remaining) if 0 < remaining <= len(steps) else 0


def _finite(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _memory(data: str) -> dict[str, object]:
    if not data or "{" not in data:
        return {}
    try:
        loaded = json.loads(data)
    except ValueError:
        return {}
    return loaded if isinstance(loaded, dict) else {}


def _history_complete(history: Sequence[AnkiReview]) -> bool:
    """Whether the card's history since its last reset starts with learning answers, so
    that replaying it gives its memory (rslib scheduler/fsrs/params.rs reviews_for_fsrs:
    a history without them was cleaned up, and Anki then starts from the card's SM-2
    state instead)."""
    for entry in reversed(history):
        if entry.is_cramming:
            continue
        if entry.ease > 0 and entry.type == LEARNING:
            return True
        if entry.is_reset:
            return False
    return False


def _presets(collection: AnkiCollection, out: Progress) -> None:
    """A preset for each Anki preset (and deck retention) a deck of the package uses that
    is not studycards' default, named after it."""
    default = Options()
    made: dict[tuple[int, float | None], str | None] = {}
    for did, (config_id, retention) in collection.deck_configs.items():
        deck = collection.decks.get(did)
        config = collection.configs.get(config_id)
        if not deck or config is None:
            continue
        key = (config_id, retention)
        if key not in made:
            options = _options(config, retention, out.warnings)
            if options is None or options == default:
                made[key] = None
            else:
                name = f"{config.name or 'Default'} (Anki)"
                if retention is not None and retention != config.desired_retention:
                    name = f"{config.name or 'Default'} (Anki, {retention:.2f})"
                made[key] = name
                out.presets[name] = options
        if made[key] is not None:
            out.deck_presets[deck] = made[key]  # type: ignore[assignment]


def _options(config: DeckConfig, retention: float | None, warnings: list[str]) -> Options | None:
    from studycards.scheduling.scheduler import validate_parameters

    params = config.parameters
    if len(params) == 19:  # FSRS-5: FSRS-6 with a fixed decay, as fsrs-rs fills it in
        params = (*params, 0.0, 0.5)
    try:
        parameters = validate_parameters(params) if len(params) == 21 else Options().parameters
        return validated(
            Options(),
            new_per_day=config.new_per_day,
            reviews_per_day=config.reviews_per_day,
            desired_retention=round(
                retention if retention is not None else config.desired_retention, 4
            ),
            learning_steps=tuple(timedelta(minutes=m) for m in config.learn_steps if m > 0),
            relearning_steps=tuple(timedelta(minutes=m) for m in config.relearn_steps if m > 0),
            maximum_interval=config.maximum_interval,
            parameters=parameters,
        )
    except OptionsError as error:
        warnings.append(
            f"Anki preset {config.name!r} is not usable here ({error}); default options used"
        )
        return None
