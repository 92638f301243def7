"""Deck options: Anki's defaults, step syntax, and clear errors for out-of-range values."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from studycards.errors import OptionsError
from studycards.options import Options, format_steps, parse_steps, validated


def test_defaults_are_ankis() -> None:
    options = Options()
    assert (options.new_per_day, options.reviews_per_day) == (20, 200)
    assert options.desired_retention == 0.9
    assert format_steps(options.learning_steps) == "1m 10m"
    assert format_steps(options.relearning_steps) == "10m"
    assert options.maximum_interval == 36500
    assert options.rollover_hour == 4 and options.leech_threshold == 8
    assert options.bury_siblings


def test_steps_read_the_units_anki_uses() -> None:
    assert parse_steps("30s 1m 1.5h 2d") == (
        timedelta(seconds=30),
        timedelta(minutes=1),
        timedelta(hours=1, minutes=30),
        timedelta(days=2),
    )
    assert parse_steps("") == ()
    assert format_steps(parse_steps("90s 1h 1d")) == "90s 1h 1d"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"desired_retention": 0.69}, "0.70 to 0.99"),
        ({"desired_retention": 1.0}, "0.70 to 0.99"),
        ({"desired_retention": "high"}, "number"),
        ({"new_per_day": -1}, "new cards per day"),
        ({"new_per_day": 2.5}, "whole number"),
        ({"maximum_interval": 0}, "maximum interval"),
        ({"rollover_hour": 24}, "rollover hour"),
        ({"learning_steps": "10 minutes"}, "duration"),
        ({"leech_action": "delete"}, "leech action"),
        ({"review_order": "alphabetical"}, "review order"),
        ({"parameters": (1.0, 2.0)}, "21 parameters"),
        ({"colour": "red"}, "unknown deck option"),
    ],
)
def test_bad_values_name_the_option(change: dict[str, object], message: str) -> None:
    with pytest.raises(OptionsError, match=message):
        validated(Options(), **change)


def test_options_survive_their_json_form() -> None:
    options = validated(Options(), learning_steps="2m 15m 1h", desired_retention=0.85)
    assert Options.from_json(options.to_json()) == options


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=30))
def test_any_step_text_gives_steps_or_a_clear_error(text: str) -> None:
    try:
        steps = parse_steps(text)
    except OptionsError as error:
        assert "step" in str(error)
    else:
        assert all(step > timedelta(0) for step in steps)
