"""`studycards stats`: the review calendar, the due forecast, true retention and card counts,
drawn with rich (the same pictures as the app's stats screen), or as JSON."""

from __future__ import annotations

from pathlib import Path

import click

from studycards.cli.common import (
    collection_option,
    complete_decks,
    open_collection,
    print_json,
    stdout,
    styled,
)


@click.command()
@click.option("--deck", help="Only this deck and its subdecks.", shell_complete=complete_decks)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of pictures.")
@collection_option
def stats(deck: str | None, as_json: bool, collection_path: Path | None) -> None:
    """Show the review calendar, the 30-day forecast, true retention and card counts."""
    from studycards.study.stats import compute_stats

    with open_collection(collection_path, read_only=True) as col:
        if deck is not None:
            deck = col.find_deck(deck)  # an unknown deck is an error, not an empty picture
        result = compute_stats(col, deck)
    if as_json:
        print_json(result.to_json())
        return
    console = stdout()
    from studycards.render import stats_page

    console.print(styled(("Statistics · ", "bold"), (deck or "all decks", "bold")))
    console.print()
    console.print(styled(*stats_page(result)))
