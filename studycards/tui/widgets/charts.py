"""Pictures of the review history and the future: Rich renderables built from plain numbers.

Shared by the app's stats screen and `studycards stats`, so the shell and the app draw the same
pictures. Each chart takes numbers (no collection), so it is easy to see what a picture shows and
to test it with fixed data.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

if TYPE_CHECKING:
    from studycards.stats import Stats

# Empty, then four greens of rising intensity (GitHub's calendar, Anki's heatmap add-on).
_HEAT = ("#2a2f35", "#0e4429", "#006d32", "#26a641", "#39d353")
_BLOCKS = " ▁▂▃▄▅▆▇█"
_WEEKDAYS = ("Mon", "", "Wed", "", "Fri", "", "")


def _level(count: int, top: int) -> int:
    if count <= 0 or top <= 0:
        return 0
    return min(4, 1 + (count * 4 - 1) // top)


def heatmap(counts: Mapping[date, int], today: date, *, weeks: int = 53) -> Text:
    """A calendar of the past `weeks` weeks, one column per week (Monday on top)."""
    start = today - timedelta(days=today.weekday() + 7 * (weeks - 1))
    top = max(counts.values(), default=0)
    months = [" "] * weeks
    for week in range(weeks):
        first = start + timedelta(weeks=week)
        if first.day <= 7:
            label = first.strftime("%b")
            if week + len(label) <= weeks and all(
                c == " " for c in months[week : week + len(label)]
            ):
                months[week : week + len(label)] = list(label)
    text = Text("    " + "".join(months) + "\n", style="dim")
    for weekday in range(7):
        text.append(f"{_WEEKDAYS[weekday]:<4}", style="dim")
        for week in range(weeks):
            day = start + timedelta(weeks=week, days=weekday)
            if day > today:
                text.append(" ")
            else:
                text.append("■", style=_HEAT[_level(counts.get(day, 0), top)])
        text.append("\n")
    text.append("    less ", style="dim")
    for colour in _HEAT:
        text.append("■", style=colour)
    text.append(" more", style="dim")
    total = sum(counts.values())
    active = sum(1 for value in counts.values() if value)
    days = "day" if active == 1 else "days"
    text.append(f"    {total} reviews on {active} {days}", style="dim")
    return text


def bars(values: Sequence[int], *, height: int = 6) -> Text:
    """Vertical bars, one cell wide with a gap, scaled to the largest; eighth blocks for the
    fractions, so 30 days fit in 80 columns."""
    top = max(values, default=0)
    text = Text()
    for row in range(height, 0, -1):
        label = str(top) if row == height and top else "0" if row == 1 else ""
        text.append(f"{label:>5} ", style="dim")
        for value in values:
            eighths = round(value / top * height * 8) if top else 0
            filled = eighths - (row - 1) * 8
            # A non-zero day shows at least a sliver, so "a few" never looks like "none".
            if row == 1 and value and filled < 1:
                filled = 1
            text.append(_BLOCKS[max(0, min(8, filled))] + " ", style="#5f87ff")
        text.append("\n")
    return text


def forecast(due: Sequence[int], *, height: int = 6) -> Text:
    """Due cards per day from today; day 0 includes overdue cards."""
    text = bars(due, height=height)
    axis = [" "] * (len(due) * 2)
    for day in range(0, len(due), 7):
        label = "today" if day == 0 else f"+{day}d"
        axis[day * 2 : day * 2 + len(label)] = list(label)
    text.append("      " + "".join(axis).rstrip() + "\n", style="dim")
    text.append(f"      {sum(due)} due in the next {len(due)} days", style="dim")
    return text


_PERIOD_TITLES = {
    "yesterday": "Yest.",
    "last week": "Week",
    "last month": "Month",
    "last year": "Year",
    "all time": "All",
}


def percent(passed: int, total: int) -> Text:
    """`92% /25`: the pass rate, coloured by how it compares with the usual 90% target."""
    if not total:
        return Text("—", style="dim")
    rate = passed / total
    style = "#5fd75f" if rate >= 0.85 else "#ffd75f" if rate >= 0.7 else "#ff6b6b"
    return Text.assemble((f"{rate:.0%}", style), (f" /{total}", "dim"))


def retention_table(rows: Mapping[str, Mapping[str, tuple[int, int]]]) -> Table:
    """True retention like Anki's table: `rows[kind][period] = (passed, total)`."""
    periods = list(next(iter(rows.values()), {}).keys())
    table = Table(box=None, padding=(0, 2), show_edge=False)
    table.add_column("")
    for period in periods:
        table.add_column(_PERIOD_TITLES.get(period, period.title()), justify="right")
    for kind, values in rows.items():
        table.add_row(Text(kind.title(), style="bold"), *(percent(*values[p]) for p in periods))
    return table


def stacked_bar(parts: Sequence[tuple[str, int, str]], *, width: int = 60) -> Text:
    """One bar split by share, then a legend: `parts` = (name, count, colour)."""
    total = sum(count for _, count, _ in parts)
    text = Text()
    used = 0
    for index, (_, count, colour) in enumerate(parts):
        cells = (
            width - used
            if index == len(parts) - 1 and total
            else round(count / total * width)
            if total
            else 0
        )
        text.append("█" * cells, style=colour)
        used += cells
    if not total:
        text.append("░" * width, style="dim")
    text.append("\n")
    for name, count, colour in parts:
        text.append("■ ", style=colour)
        text.append(f"{name} {count}   ")
    return text


def histogram(buckets: Sequence[tuple[str, int]], *, width: int = 40) -> Text:
    """Horizontal bars, one per labelled bucket."""
    top = max((count for _, count in buckets), default=0)
    label_width = max((len(label) for label, _ in buckets), default=0)
    text = Text()
    for label, count in buckets:
        cells = round(count / top * width) if top else 0
        text.append(f"{label:>{label_width}} ", style="dim")
        text.append("█" * cells, style="#af87ff")
        text.append(f" {count}\n", style="dim")
    text.rstrip()
    return text


STATE_COLOURS = {
    "new": "#6c9cff",
    "learning": "#ff6b6b",
    "relearning": "#ffaf5f",
    "review": "#5fd75f",
    "suspended": "#d7d75f",
}


def _section(title: str, body: RenderableType) -> Group:
    return Group(Text(title, style="bold underline"), body, Text(""))


def stats_sections(stats: Stats) -> list[Group]:
    """Calendar, forecast, retention table, counts and memory histograms, top to bottom."""
    streak = f"{stats.streak}-day streak" if stats.streak else "no streak yet"
    return [
        _section(
            f"Reviews in the past year · {stats.reviewed_today} today · {streak}",
            heatmap(stats.heatmap, stats.today),
        ),
        _section("Due in the next 30 days", forecast(stats.forecast)),
        _section(
            "True retention (passed / reviewed; mature = interval of 21 days or more)",
            retention_table(stats.retention_rows()),
        ),
        _section(
            "Cards by state",
            stacked_bar(
                [(name, n, STATE_COLOURS.get(name, "white")) for name, n in stats.counts.items()]
            ),
        ),
        _section(
            "Stability (days until recall falls to 90%)", histogram(stats.stability_histogram)
        ),
        _section(
            f"Retrievability now · {stats.today.isoformat()}",
            histogram(stats.retrievability_histogram),
        ),
    ]
