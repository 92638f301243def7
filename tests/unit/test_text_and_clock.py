"""Terminal safety of card text, and the study day that rolls over at 4 am."""

from __future__ import annotations

from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

import pytest

from studycards.clock import StudyDay
from studycards.text import normalize_key, strip_terminal_controls


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("\x1b[31mred\x1b[0m", "red"),  # colour
        ("a\x1b]52;c;ZXZpbA==\x07b", "ab"),  # OSC 52 clipboard write
        ("a\x1b]0;title\x1b\\b", "ab"),  # window title, ST-terminated
        ("x\x9b2Jy", "xy"),  # 8-bit CSI clear screen
        ("bell\x07 and null\x00", "bell and null"),
        ("[bold red]x[/]", "[bold red]x[/]"),  # markup is not a control: kept as text
        ("line\r\nnext\ttab", "line\nnext\ttab"),
        ("中文\x1b[2K", "中文"),
    ],
)
def test_strip_terminal_controls(raw: str, shown: str) -> None:
    assert strip_terminal_controls(raw) == shown


def test_normalize_key() -> None:
    assert normalize_key("  Ｍutually   Assured\nDestruction ") == "mutually assured destruction"


def test_study_day_rolls_over_at_four_local() -> None:
    berlin = StudyDay(4, ZoneInfo("Europe/Berlin"))
    # 02:30 UTC is 03:30 in Berlin (winter): still the previous study day.
    assert berlin.day_of(datetime(2026, 1, 10, 2, 30, tzinfo=timezone.utc)) == date(2026, 1, 9)
    # 03:30 UTC is 04:30 in Berlin: the new day has begun.
    assert berlin.day_of(datetime(2026, 1, 10, 3, 30, tzinfo=timezone.utc)) == date(2026, 1, 10)
    assert berlin.start(date(2026, 1, 10)) == datetime(2026, 1, 10, 3, 0, tzinfo=timezone.utc)
    # Summer time moves the boundary by an hour in UTC.
    assert berlin.start(date(2026, 7, 10)) == datetime(2026, 7, 10, 2, 0, tzinfo=timezone.utc)
    late, early = (
        datetime(2026, 1, 9, 22, 0, tzinfo=timezone.utc),
        datetime(2026, 1, 10, 4, 0, tzinfo=timezone.utc),
    )
    assert berlin.days_between(late, early) == 1
