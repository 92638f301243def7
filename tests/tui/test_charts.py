"""The stats pictures: each cell or bar stands where the day it shows belongs."""

from __future__ import annotations

from datetime import date, timedelta

from rich.text import Text

from studycards.tui.widgets.charts import bars, heatmap, histogram, stacked_bar

TODAY = date(2026, 3, 4)  # a Wednesday


def style_at(text: Text, row: int, column: int) -> str:
    lines = text.plain.split("\n")
    offset = sum(len(line) + 1 for line in lines[:row]) + column
    styles = [str(span.style) for span in text.spans if span.start <= offset < span.end]
    return styles[-1] if styles else ""


def test_heatmap_puts_each_day_in_its_weekday_row_and_week_column() -> None:
    picture = heatmap({TODAY: 40, TODAY - timedelta(days=2): 10}, TODAY)
    lines = picture.plain.split("\n")
    wednesday, monday = lines[1 + 2], lines[1 + 0]
    last = len(wednesday.rstrip()) - 1
    brightest, faint, empty = (
        style_at(picture, 3, last),
        style_at(picture, 1, last),
        style_at(picture, 1, last - 1),
    )
    assert len({brightest, faint, empty}) == 3
    assert brightest == style_at(picture, len(lines) - 1, lines[-1].index("more") - 2)
    # Days after today are left blank: Thursday to Sunday of this week.
    assert all(len(lines[1 + day].rstrip()) == last for day in range(3, 7))
    assert monday[last] == "■"
    assert "50 reviews on 2 days" in picture.plain


def test_bars_scale_to_the_busiest_day_and_show_a_sliver_for_small_ones() -> None:
    picture = bars([0, 1, 100], height=4)
    rows = [line[6:] for line in picture.plain.split("\n") if line]
    columns = ["".join(row[index * 2] for row in rows) for index in range(3)]
    assert columns[0].strip() == ""
    assert columns[1].strip() != "" and columns[1][:-1].strip() == ""
    assert columns[2] == "████"
    assert picture.plain.split("\n")[0].strip().startswith("100"), "the scale names the top"


def test_stacked_bar_and_histogram_are_proportional() -> None:
    bar = stacked_bar([("new", 1, "blue"), ("review", 3, "green")], width=40)
    first = bar.plain.split("\n")[0]
    assert len(first) == 40
    assert [style_at(bar, 0, 0), style_at(bar, 0, 39)] == ["blue", "green"]
    assert sum(1 for column in range(40) if style_at(bar, 0, column) == "blue") == 10
    lines = histogram([("a", 2), ("b", 4)], width=20).plain.split("\n")
    assert lines[0].count("█") == 10 and lines[1].count("█") == 20
