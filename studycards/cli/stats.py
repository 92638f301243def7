"""`studycards stats`: the review calendar, the due forecast, true retention and card counts,
drawn with rich (the same pictures as the app's stats screen), or as JSON."""

from __future__ import annotations

from pathlib import Path

import click
from rich.console import Group
from rich.text import Text

from studycards.cli import cli
from studycards.cli.common import (
    collection_option,
    open_collection,
    print_json,
    safe,
    stdout,
)


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
    from studycards.tui.widgets import charts

    console.print(Group(*charts.stats_sections(result)))
