"""`studycards cards` and `studycards history`: the cards with their state, and the review log."""

from __future__ import annotations

from collections import deque
from pathlib import Path

import click
from rich.cells import cell_len, set_cell_size
from rich.text import Text

from studycards import render
from studycards.cli.common import (
    collection_option,
    complete_decks,
    open_collection,
    print_json_lines,
    stdout,
    styled,
    table,
)
from studycards.model import State
from studycards.rows import HistoryRow

# A table is measured whole before it is drawn: past this many rows it is slow and no one
# reads it; the rest are counted and --json lists everything.
TABLE_LIMIT = 500
# Long card text would push every other column off an 80-column terminal.
_TEXT_WIDTH = 40


@click.command()
@click.option("--deck", help="Only this deck and its subdecks.", shell_complete=complete_decks)
@click.option(
    "--search",
    help='Anki\'s search words, all of which must match: text, "a phrase", tag:T, deck:D, '
    "is:due|new|learning|review|relearning|suspended|buried|marked|leech, flag:N, id:ID, "
    "rated:DAYS, prop:ivl>=N; "
    "-word excludes; `or` and parentheses as in Anki.",
)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object per card.")
@collection_option
def cards(
    deck: str | None, search: str | None, as_json: bool, collection_path: Path | None
) -> None:
    """List cards with their scheduling state."""
    with open_collection(collection_path, read_only=True) as col:
        rows = col.card_rows(deck, search)
        if as_json:
            print_json_lines(row.to_json() for row in rows)
            return
        # One deck in view: its name on every row would only push the card text aside.
        with_deck = deck is None and len(col.decks()) > 1
        columns = ("Card", "Deck", "Kind", "State", "Due", "Front")
        grid = table(*(c for c in columns if with_deck or c != "Deck"), wrap=("Deck", "Front"))
        now = col.now()
        shown = 0
        for row in rows:
            shown += 1
            if shown > TABLE_LIMIT:
                continue  # counted, not drawn: see the note under the table
            cells: list[str | Text] = [styled(row.card.card_id)]
            if with_deck:
                cells.append(styled(row.card.deck.rsplit("::", 1)[-1]))
            due = render.short_time(row.due, now) if row.state != State.NEW else ""
            state = styled(render.card_state(row))
            cells += [str(row.card.kind), state, due, styled(_shorten(row.card.front))]
            grid.add_row(*cells)
    console = stdout()
    if not shown:
        console.print("No cards match." if deck or search else "No cards yet.")
        return
    console.print(grid)
    if shown > TABLE_LIMIT:
        console.print(
            Text(
                f"the first {TABLE_LIMIT} of {shown} cards; narrow with --deck or --search, "
                "or use --json for all",
                style="dim",
            )
        )
    else:
        console.print(Text(render.plural(shown, "card"), style="dim"))


@click.command()
@click.option("--deck", help="Only this deck and its subdecks.", shell_complete=complete_decks)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object per answer.")
@collection_option
def history(deck: str | None, as_json: bool, collection_path: Path | None) -> None:
    """List every answer given, oldest first, with the memory state after it."""
    with open_collection(collection_path, read_only=True) as col:
        rows = col.history(deck)
        if as_json:
            print_json_lines(row.to_json() for row in rows)
            return
        grid = table(
            "Answered", "Card", "Rating", "Time", "Stab.", "Diff.", "Due",
            right=("Time", "Stab.", "Diff."),
            padding=1,
        )  # fmt: skip
        recent: deque[HistoryRow] = deque(maxlen=TABLE_LIMIT)
        shown = 0
        for row in rows:
            recent.append(row)
            shown += 1
        for row in recent:
            grid.add_row(
                render.local_minute(row.reviewed_at),
                styled(row.card_id),
                styled((render.RATING_NAMES[row.rating], render.RATING_STYLES[row.rating]))
                if row.rating is not None
                else styled((row.kind.label.title(), "dim")),
                render.answer_time(row.duration_ms),
                render.number(row.stability, 2),
                render.number(row.difficulty, 2),
                render.local_day(row.due),
            )
    console = stdout()
    if not shown:
        console.print("No reviews yet. Study with `studycards review`.")
        return
    console.print(grid)
    if shown > TABLE_LIMIT:
        console.print(
            Text(f"the last {TABLE_LIMIT} of {shown} answers; --json gives all", style="dim")
        )
    else:
        console.print(Text(render.plural(shown, "answer"), style="dim"))


def _shorten(text: str) -> str:
    """One line of at most _TEXT_WIDTH terminal cells (CJK characters take two)."""
    flat = " ".join(text.split())
    if cell_len(flat) <= _TEXT_WIDTH:
        return flat
    return set_cell_size(flat, _TEXT_WIDTH - 1).rstrip() + "…"
