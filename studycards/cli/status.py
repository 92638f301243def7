"""`studycards status`: what is due today, per deck, like Anki's deck list."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import click
from rich.cells import cell_len

from studycards import render
from studycards.cli.common import (
    collection_option,
    open_collection,
    print_json,
    print_runs,
    stdout,
    styled,
)
from studycards.render import DUE_STYLE, LEARN_STYLE, NEW_STYLE, Run, count
from studycards.rows import DeckStatus
from studycards.study import today

# One line per deck, as Anki's deck list: laid out by `render.columns` rather than rich's Table,
# so a vault imported as thousands of decks prints in a blink.
HEADER = ("Deck", "New", "Learn", "Due", "Total", "Suspended")


def _counts(row: DeckStatus) -> list[Run]:
    return [
        count(row.new, NEW_STYLE),
        count(row.learning, LEARN_STYLE),
        count(row.review, DUE_STYLE),
        (str(row.total), ""),
    ]


def top_level(rows: Sequence[DeckStatus]) -> list[DeckStatus]:
    """The rows whose parent deck has no row: their counts already include their subdecks."""
    names = {row.deck for row in rows}
    return [row for row in rows if "::" not in row.deck or row.deck.rsplit("::", 1)[0] not in names]


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of a table.")
@collection_option
def status(as_json: bool, collection_path: Path | None) -> None:
    """Show cards due today per deck: New, Learn and Due after the daily limits."""
    with open_collection(collection_path, read_only=True) as col:
        overview = today.overview(col)
        reviewed = today.reviewed_today(col)
        streak = today.streak(col)
    rows = overview.decks
    everything = overview.study_all
    if as_json:
        totals = everything.to_json()
        del totals["deck"]
        data: dict[str, Any] = {
            "decks": [row.to_json() for row in rows],
            # What studying all decks at once (`review` with no deck) serves today.
            "totals": totals,
            "reviewed_today": reviewed,
            "streak": streak,
        }
        print_json(data)
        return
    console = stdout()
    if not rows:
        console.print(styled(render.empty_collection_hint()))
        return
    lines: list[list[Run]] = []
    for row in rows:
        depth = row.deck.count("::")
        name = ("  " * depth + row.deck.rsplit("::", 1)[-1], "bold" if depth == 0 else "")
        lines.append([name, *_counts(row), count(row.suspended, "")])
    roots = top_level(rows)
    if len(roots) > 1 or replace(roots[0], deck="") != everything:
        # Studying all decks at once: under the collection's own limits (`options --all`).
        lines.append([("All decks", "bold"), *_counts(everything), (str(everything.suspended), "")])
    print_runs(console, render.columns(HEADER, lines, width=console.width, cells=cell_len))
    console.print()
    console.print(styled((render.answers_today(reviewed) + " · ", "dim"), render.streak(streak)))
