"""`studycards cards` and `studycards history`: the cards with their state, and the review log."""

from __future__ import annotations

from collections import deque
from datetime import datetime
from pathlib import Path

import click
from rich.cells import cell_len, set_cell_size
from rich.text import Text

from studycards.cli import cli
from studycards.cli.common import (
    DUE_STYLE,
    LEARN_STYLE,
    NEW_STYLE,
    collection_option,
    open_collection,
    print_json_lines,
    safe,
    stdout,
    table,
)
from studycards.model import Rating, State
from studycards.rows import HistoryRow

_STATE_STYLES = {
    State.NEW: NEW_STYLE,
    State.LEARNING: LEARN_STYLE,
    State.RELEARNING: LEARN_STYLE,
    State.REVIEW: DUE_STYLE,
}
_RATING_STYLES = {
    Rating.AGAIN: "bold red",
    Rating.HARD: "bold yellow",
    Rating.GOOD: "bold green",
    Rating.EASY: "bold blue",
}
# A table is measured whole before it is drawn: past this many rows it is slow and no one
# reads it; the rest are counted and --json lists everything.
TABLE_LIMIT = 500
# Long card text would push every other column off an 80-column terminal.
_TEXT_WIDTH = 40


def local_time(when: datetime | None) -> str:
    """A UTC time as the local wall-clock minute, for people; JSON keeps ISO 8601 UTC."""
    return when.astimezone().strftime("%Y-%m-%d %H:%M") if when is not None else ""


def short_time(when: datetime | None, now: datetime) -> str:
    """The local time if `when` is on today's local date, else the local date."""
    if when is None:
        return ""
    local = when.astimezone()
    if local.date() == now.astimezone().date():
        return local.strftime("%H:%M")
    return local.strftime("%Y-%m-%d")


def _number(value: float | None, digits: int) -> str:
    return f"{value:.{digits}f}" if value is not None else ""


@cli.command()
@click.option("--deck", help="Only this deck and its subdecks.")
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
    with open_collection(collection_path) as col:
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
            state = Text(row.state.label, style=_STATE_STYLES[row.state])
            if row.suspended:
                state = Text("suspended", style="yellow")
            elif row.buried:
                state = Text("buried", style="dim")
            cells: list[str | Text] = [safe(row.card.card_id)]
            if with_deck:
                cells.append(safe(row.card.deck.rsplit("::", 1)[-1]))
            due = short_time(row.due, now) if row.state != State.NEW else ""
            cells += [str(row.card.kind), state, due, safe(_shorten(row.card.front))]
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
        console.print(Text(f"{shown} cards", style="dim"))


@cli.command()
@click.option("--deck", help="Only this deck and its subdecks.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object per answer.")
@collection_option
def history(deck: str | None, as_json: bool, collection_path: Path | None) -> None:
    """List every answer given, oldest first, with the memory state after it."""
    with open_collection(collection_path) as col:
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
                local_time(row.reviewed_at),
                safe(row.card_id),
                Text(row.rating.name.title(), style=_RATING_STYLES[row.rating])
                if row.rating is not None
                else Text(row.kind.label.title(), style="dim"),
                f"{row.duration_ms / 1000:.1f}s",
                _number(row.stability, 2),
                _number(row.difficulty, 2),
                local_time(row.due)[:10],
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
        console.print(Text(f"{shown} answers", style="dim"))


def _shorten(text: str) -> str:
    """One line of at most _TEXT_WIDTH terminal cells (CJK characters take two)."""
    flat = " ".join(text.split())
    if cell_len(flat) <= _TEXT_WIDTH:
        return flat
    return set_cell_size(flat, _TEXT_WIDTH - 1).rstrip() + "…"
