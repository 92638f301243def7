"""Deck options (Anki's "presets"): daily limits, FSRS settings, burying and leeches.

Pure values with validation; the collection stores them as JSON, one preset per deck that
was ever configured, and the "Default" preset for every other deck.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from studycards.errors import OptionsError

DEFAULT_PRESET = "Default"

# FSRS-6 defaults (identical in py-fsrs and fsrs-rs); kept here so options need no fsrs import.
DEFAULT_PARAMETERS: tuple[float, ...] = (
    0.212, 1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194, 0.001, 1.8722, 0.1666, 0.796,
    1.4835, 0.0614, 0.2629, 1.6483, 0.6014, 1.8729, 0.5425, 0.0912, 0.0658, 0.1542,
)  # fmt: skip

REVIEW_ORDERS = ("due", "retrievability")
LEECH_ACTIONS = ("suspend", "tag")

_STEP = re.compile(r"(\d+(?:\.\d+)?)([smhd])")
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


@dataclass(frozen=True, slots=True)
class Options:
    """One preset. Defaults are Anki's, except burying siblings, which Anki leaves off."""

    new_per_day: int = 20
    reviews_per_day: int = 200
    desired_retention: float = 0.90
    learning_steps: tuple[timedelta, ...] = (timedelta(minutes=1), timedelta(minutes=10))
    relearning_steps: tuple[timedelta, ...] = (timedelta(minutes=10),)
    maximum_interval: int = 36500
    bury_siblings: bool = True
    # The collection's day boundary (local hour); stored once per collection, shown per preset.
    rollover_hour: int = 4
    leech_threshold: int = 8
    leech_action: str = "suspend"
    review_order: str = "due"
    parameters: tuple[float, ...] = DEFAULT_PARAMETERS

    def to_json(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        data["learning_steps"] = format_steps(self.learning_steps)
        data["relearning_steps"] = format_steps(self.relearning_steps)
        data["parameters"] = list(self.parameters)
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Options:
        """Options from stored JSON; unknown keys (from a newer version) are ignored."""
        known = {f.name for f in dataclasses.fields(cls)}
        return validated(cls(), **{k: v for k, v in data.items() if k in known})


def parse_steps(text: str | Sequence[timedelta] | Sequence[str]) -> tuple[timedelta, ...]:
    """`"1m 10m"` → (1 minute, 10 minutes). Units s, m, h, d as in Anki; empty = no steps."""
    if not isinstance(text, str):
        items = list(text)
        if all(isinstance(item, timedelta) for item in items):
            return tuple(item for item in items if isinstance(item, timedelta))
        text = " ".join(str(item) for item in items)
    steps = []
    for word in text.replace(",", " ").split():
        match = _STEP.fullmatch(word.strip().lower())
        if match is None:
            raise OptionsError(f"learning step {word!r} is not a duration like 1m, 10m, 1h or 2d")
        seconds = float(match.group(1)) * _UNIT_SECONDS[match.group(2)]
        if seconds <= 0:
            raise OptionsError(f"learning step {word!r} must be longer than zero")
        steps.append(timedelta(seconds=seconds))
    return tuple(steps)


def format_steps(steps: Sequence[timedelta]) -> str:
    """The inverse of parse_steps, in the largest unit that divides each step."""
    words = []
    for step in steps:
        seconds = step.total_seconds()
        for unit in ("d", "h", "m", "s"):
            amount = seconds / _UNIT_SECONDS[unit]
            if amount >= 1 and amount == int(amount):
                words.append(f"{int(amount)}{unit}")
                break
        else:
            words.append(f"{seconds:g}s")
    return " ".join(words)


def _int_in(name: str, value: Any, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise OptionsError(f"{name} must be a whole number from {low} to {high}, not {value!r}")
    try:
        number = int(value)
    except ValueError:
        raise OptionsError(f"{name} must be a whole number, not {value!r}") from None
    if number != float(value) or not low <= number <= high:
        raise OptionsError(f"{name} must be a whole number from {low} to {high}, not {value!r}")
    return number


def _daily_limits(values: Mapping[str, Any]) -> tuple[int, int]:
    """(new cards, reviews) a day, checked: a deck's and "study all"'s take the same range."""
    return (
        _int_in("new cards per day", values["new_per_day"], 0, 9999),
        _int_in("reviews per day", values["reviews_per_day"], 0, 99999),
    )


def validated(base: Options, **changes: Any) -> Options:
    """`base` with `changes` applied, every value checked; OptionsError names the bad one."""
    known = {f.name for f in dataclasses.fields(Options)}
    unknown = sorted(set(changes) - known)
    if unknown:
        raise OptionsError(f"unknown deck option {unknown[0]!r}")
    values = {**{f: getattr(base, f) for f in known}, **changes}
    retention = values["desired_retention"]
    try:
        retention = float(retention)
    except (TypeError, ValueError):
        raise OptionsError(f"desired retention must be a number, not {retention!r}") from None
    if not 0.70 <= retention <= 0.99:
        raise OptionsError(f"desired retention must be from 0.70 to 0.99, not {retention:g}")
    parameters = tuple(float(p) for p in values["parameters"])
    if len(parameters) != len(DEFAULT_PARAMETERS):
        raise OptionsError(
            f"FSRS needs {len(DEFAULT_PARAMETERS)} parameters, not {len(parameters)}"
        )
    review_order = str(values["review_order"])
    if review_order not in REVIEW_ORDERS:
        raise OptionsError(f"review order must be one of {', '.join(REVIEW_ORDERS)}")
    leech_action = str(values["leech_action"])
    if leech_action not in LEECH_ACTIONS:
        raise OptionsError(f"leech action must be one of {', '.join(LEECH_ACTIONS)}")
    learning = parse_steps(values["learning_steps"])
    relearning = parse_steps(values["relearning_steps"])
    for step in (*learning, *relearning):
        if step >= timedelta(days=36500):
            raise OptionsError("a learning step must be shorter than the maximum interval")
    new_per_day, reviews_per_day = _daily_limits(values)
    return Options(
        new_per_day=new_per_day,
        reviews_per_day=reviews_per_day,
        desired_retention=round(retention, 4),
        learning_steps=learning,
        relearning_steps=relearning,
        maximum_interval=_int_in("maximum interval", values["maximum_interval"], 1, 36500),
        bury_siblings=bool(values["bury_siblings"]),
        rollover_hour=_int_in("rollover hour", values["rollover_hour"], 0, 23),
        leech_threshold=_int_in("leech threshold", values["leech_threshold"], 1, 99),
        leech_action=leech_action,
        review_order=review_order,
        parameters=parameters,
    )


@dataclass(frozen=True, slots=True)
class StudyAllLimits:
    """The daily limits of studying every deck at once ("study all").

    Studying one deck, its own limits and those of the decks under it apply, as in Anki.
    Studying all of them, the collection as a whole is the deck on top: without a limit of
    its own, a thousand top-level decks of 20 new cards each would offer 20,000 a day.
    """

    new_per_day: int = 20
    reviews_per_day: int = 200

    def to_json(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> StudyAllLimits:
        """Limits from stored JSON; unknown keys (from a newer version) are ignored."""
        known = {f.name for f in dataclasses.fields(cls)}
        return validated_study_all(cls(), **{k: v for k, v in data.items() if k in known})


def validated_study_all(base: StudyAllLimits, **changes: Any) -> StudyAllLimits:
    """`base` with `changes` applied and checked, as a deck's limits are."""
    unknown = sorted(set(changes) - {f.name for f in dataclasses.fields(StudyAllLimits)})
    if unknown:
        raise OptionsError(f"{unknown[0]!r} is not a limit of studying all decks")
    new_per_day, reviews_per_day = _daily_limits({**base.to_json(), **changes})
    return StudyAllLimits(new_per_day=new_per_day, reviews_per_day=reviews_per_day)
