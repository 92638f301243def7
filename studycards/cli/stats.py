"""`studycards stats`: the review calendar, the due forecast, true retention and card counts,
drawn with rich (the same pictures as the app's stats screen), or as JSON."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click
from rich.console import Group, RenderableType
from rich.text import Text

from studycards.cli import cli
from studycards.cli.common import (
    collection_option,
    open_collection,
    print_json,
    safe,
    stdout,
    streak_words,
)

if TYPE_CHECKING:
    from studycards.stats import Stats

_STATE_COLOURS = {
    "new": "#4a90e2",
    "learning": "#e8743b",
    "relearning": "#ffaf5f",
    "review": "#3fb950",
    "suspended": "#d7d75f",
}


def _section(title: str, body: RenderableType) -> Group:
    return Group(Text(title, style="bold underline"), body, Text(""))


def stats_pictures(stats: Stats) -> list[Group]:
    """Calendar, forecast, retention table, counts and memory histograms, top to bottom."""
    # Pure rich renderables; importing them does not import Textual.
    from studycards.tui.widgets import charts

    return [
        _section(
            f"Reviews in the past year · {stats.reviewed_today} today · "
            f"{streak_words(stats.streak)}",
            charts.heatmap(stats.heatmap, stats.today),
        ),
        _section("Due in the next 30 days", charts.forecast(stats.forecast)),
        _section(
            "True retention (passed / reviewed; mature = interval of 21 days or more)",
            charts.retention_table(stats.retention_rows()),
        ),
        _section(
            "Cards by state",
            charts.stacked_bar(
                [
                    (name, number, _STATE_COLOURS.get(name, "white"))
                    for name, number in stats.counts.items()
                ]
            ),
        ),
        _section(
            "Stability (days until recall falls to 90%)",
            charts.histogram(stats.stability_histogram),
        ),
        _section("Retrievability now", charts.histogram(stats.retrievability_histogram)),
    ]


@cli.command()
@click.option("--deck", help="Only this deck and its subdecks.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of pictures.")
@collection_option
def stats(deck: str | None, as_json: bool, collection_path: Path | None) -> None:
    """Show the review calendar, the 30-day forecast, true retention and card counts."""
    from studycards.stats import compute_stats

    with open_collection(collection_path) as col:
        if deck is not None:
            col.preset_of(deck)  # an unknown deck is an error, not an empty picture
        result = compute_stats(col, deck)
    if as_json:
        print_json(result.to_json())
        return
    console = stdout()
    title = Text("Statistics · ", style="bold")
    title.append_text(safe(deck or "all decks", "bold"))
    console.print(title)
    console.print()
    console.print(Group(*stats_pictures(result)))
