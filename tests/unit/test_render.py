"""What both faces draw: each cell or bar stands where the day it shows belongs, every month of
the calendar is named, and text breaks only where a reader allows a line to break."""

from __future__ import annotations

import itertools
import unicodedata
from collections.abc import Sequence
from datetime import date, datetime, timedelta, timezone

import pytest

from studycards.model import Card, CardKind, Source, State
from studycards.render import (
    Run,
    bars,
    card_state,
    columns,
    heatmap,
    histogram,
    line_starts,
    literal,
    month_labels,
    stacked_bar,
)
from studycards.rows import CardRow

TODAY = date(2026, 3, 4)  # a Wednesday


def plain(runs: Sequence[Run]) -> str:
    return "".join(text for text, _ in runs)


def style_at(runs: Sequence[Run], row: int, column: int) -> str:
    lines = plain(runs).split("\n")
    offset = sum(len(line) + 1 for line in lines[:row]) + column
    start = 0
    for text, style in runs:
        if start <= offset < start + len(text):
            return style
        start += len(text)
    return ""


def test_heatmap_puts_each_day_in_its_weekday_row_and_week_column() -> None:
    picture = heatmap({TODAY: 40, TODAY - timedelta(days=2): 10}, TODAY)
    lines = plain(picture).split("\n")
    wednesday, monday = lines[1 + 2], lines[1 + 0]
    last = len(wednesday.rstrip()) - 1
    brightest, faint, empty = (
        style_at(picture, 3, last),
        style_at(picture, 1, last),
        style_at(picture, 1, last - 1),
    )
    # The legend runs from less to more: no reviews is its first square, the busiest day its
    # last, and a day with a quarter as many somewhere between.
    legend = lines[-1]
    scale = [
        style_at(picture, len(lines) - 1, column)
        for column in range(legend.index("less"), legend.index("more"))
        if legend[column] == "■"
    ]
    assert scale.index(empty) == 0 < scale.index(faint) < scale.index(brightest) == len(scale) - 1
    # Days after today are left blank: Thursday to Sunday of this week.
    assert all(len(lines[1 + day].rstrip()) == last for day in range(3, 7))
    assert monday[last] == "■"
    assert "50 reviews on 2 days" in plain(picture)


@pytest.mark.parametrize("today", [date(2025, 12, 10), date(2025, 12, 2), date(2026, 1, 1)])
def test_every_month_of_the_past_year_is_named_even_this_one(today: date) -> None:
    # A month that began in the last weeks of the calendar used to lose its label at the edge.
    start = today - timedelta(days=today.weekday() + 7 * 52)
    labels = month_labels(start, 53)
    month = start.replace(day=1)
    named = []
    while month <= today:
        named.append(month.strftime("%b"))
        month = (month + timedelta(days=32)).replace(day=1)
    if start.day != 1:
        named = named[1:]  # the first column's month started before the calendar does
    assert labels.split() == named


def test_bars_scale_to_the_busiest_day_and_show_a_sliver_for_small_ones() -> None:
    picture = bars([0, 1, 100], height=4)
    rows = [line[6:] for line in plain(picture).split("\n") if line]
    columns = ["".join(row[index * 2] for row in rows) for index in range(3)]
    assert columns[0].strip() == ""
    assert columns[1].strip() != "" and columns[1][:-1].strip() == ""
    assert columns[2] == "████"
    assert plain(picture).split("\n")[0].strip().startswith("100"), "the scale names the top"


def test_stacked_bar_and_histogram_are_proportional() -> None:
    bar = stacked_bar([("new", 1, "blue"), ("review", 3, "green")], width=40)
    first = plain(bar).split("\n")[0]
    assert len(first) == 40
    assert [style_at(bar, 0, 0), style_at(bar, 0, 39)] == ["blue", "green"]
    assert sum(1 for column in range(40) if style_at(bar, 0, column) == "blue") == 10
    lines = plain(histogram([("a", 2), ("b", 4)], width=20)).split("\n")
    assert lines[0].count("█") == 10 and lines[1].count("█") == 20


def cells(text: str) -> int:
    return sum(
        0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1
        for c in text
    )


def wrapped(text: str, width: int) -> list[str]:
    starts = [0, *line_starts(text, width, cells=cells), len(text)]
    return [text[a:b].rstrip() for a, b in itertools.pairwise(starts)]


def test_chinese_breaks_between_characters_but_never_inside_a_number_or_word() -> None:
    text = "我们需要100吉瓦（GW）的电力，在20-30年内完成，例如海湾战争I，美国的GDP增长了50%。"
    for width in range(8, 40):
        lines = wrapped(text, width)
        assert "".join(lines) == text
        assert all(cells(line) <= width for line in lines)
        for before, after in itertools.pairwise(lines):
            pair = before[-1] + after[0]
            assert not (before[-1].isascii() and after[0].isascii() and pair.isalnum()), (
                f"a number or word cut at width {width}: {before!r} / {after!r}"
            )
            assert after[0] not in "，。）%-", f"closing punctuation starts a line: {after!r}"
            assert not before.endswith(("20-", "（")), f"cut after an opening: {before!r}"


def test_columns_line_up_counts_under_their_titles_whatever_the_names_script() -> None:
    rows: list[list[Run]] = [
        [("历史", "bold"), ("12", "blue"), ("3", "")],
        [("  Cold War", ""), ("7", "blue"), ("1250", "")],
    ]
    lines = plain(columns(("Deck", "New", "Total"), rows, width=80, cells=cells)).split("\n")
    assert lines == [
        "Deck          New    Total",
        "历史           12        3",
        "  Cold War      7     1250",
    ]
    assert style_at(columns(("Deck", "New", "Total"), rows, width=80, cells=cells), 2, 16) == "blue"


def test_narrow_columns_cut_the_names_and_keep_every_count_whole() -> None:
    rows: list[list[Run]] = [
        [("  Field notes on the harbour", ""), ("20", ""), ("29090", "")],
        [("港口的田野笔记与地图", ""), ("6", ""), ("9", "")],
    ]
    lines = plain(columns(("Deck", "New", "Total"), rows, width=30, cells=cells)).split("\n")
    assert [cells(line) for line in lines] == [30, 30, 30]
    assert lines[1] == "  Field notes…     20    29090"
    assert lines[2].startswith("港口的田野笔…") and lines[2].endswith("    6        9")
    # Too narrow even for the counts: the names keep a few cells, the counts stay whole.
    tight = plain(columns(("Deck", "New", "Total"), rows, width=10, cells=cells)).split("\n")
    assert tight[1] == "  Field…     20    29090"


def test_english_breaks_at_spaces_and_a_word_longer_than_a_line_is_cut() -> None:
    assert wrapped("the quick brown fox", 10) == ["the quick", "brown fox"]
    assert wrapped("abcdefghijkl", 5) == ["abcde", "fghij", "kl"]
    assert wrapped("one\ntwo three", 20) == ["one", "two three"]


def row(*, state: State = State.NEW, suspended: bool = False, buried: bool = False) -> CardRow:
    card = Card("c-0", "c", 0, CardKind.BASIC, "D", "q", "a", "a", (), Source(""))
    when = datetime(2026, 3, 4, tzinfo=timezone.utc)
    return CardRow(
        card=card,
        state=state,
        suspended=suspended,
        buried=buried,
        due=when,
        stability=None,
        difficulty=None,
        reps=0,
        lapses=0,
        last_review=None,
    )


def test_a_cards_state_word_puts_suspended_and_buried_before_its_queue() -> None:
    assert card_state(row())[0] == "new"
    assert card_state(row(state=State.REVIEW, buried=True))[0] == "buried"
    assert card_state(row(buried=True, suspended=True))[0] == "suspended"


def test_literal_text_loses_terminal_controls() -> None:
    assert literal("a\x1b[31mb\x1b]52;c;aGk=\x07c", "bold") == ("abc", "bold")
