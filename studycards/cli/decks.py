"""`studycards deck rename` and `studycards deck delete`: the deck list's own changes."""

from __future__ import annotations

from pathlib import Path

import click
from rich.text import Text

from studycards.cli.common import (
    collection_option,
    complete_decks,
    open_collection,
    print_json,
    stdout,
    styled,
)
from studycards.collection.deck_edits import DeckSize
from studycards.render import plural


def describe(size: DeckSize) -> str:
    """`'Notes' (with 2 subdecks): 40 cards, 120 reviews`."""
    subdecks = f" (with {plural(size.decks - 1, 'subdeck')})" if size.decks > 1 else ""
    return (
        f"{size.deck!r}{subdecks}: {plural(size.cards, 'card')} and "
        f"{plural(size.reviews, 'review')} in their history"
    )


@click.group()
def deck() -> None:
    """Rename or delete a deck (with its subdecks)."""


@deck.command("rename")
@click.argument("old", shell_complete=complete_decks)
@click.argument("new")
@click.option("--json", "as_json", is_flag=True, help="Print the old and new name as JSON.")
@collection_option
def deck_rename(old: str, new: str, as_json: bool, collection_path: Path | None) -> None:
    """Rename deck OLD to NEW; its subdecks move with it (`A::B` renamed `C` becomes `C::B`),
    and every card keeps its history. Names match without regard to case; a NEW that
    is another deck's name is refused (decks are never merged)."""
    with open_collection(collection_path) as col:
        source = col.find_deck(old)
        target = col.rename_deck(source, new)
    if as_json:
        print_json({"old": source, "deck": target})
        return
    line = Text("Renamed ")
    line.append_text(styled((source, "bold")))
    line.append(" to ")
    line.append_text(styled((target, "bold")))
    stdout().print(line)


@deck.command("delete")
@click.argument("name", shell_complete=complete_decks)
@click.option("--yes", is_flag=True, help="Delete without asking first.")
@click.option("--json", "as_json", is_flag=True, help="Print what was deleted as JSON.")
@collection_option
def deck_delete(name: str, yes: bool, as_json: bool, collection_path: Path | None) -> None:
    """Delete deck NAME with its subdecks, cards and their review history. Asks first
    (unless --yes) and takes a backup, so `studycards backup restore` undoes it."""
    with open_collection(collection_path) as col:
        size = col.deck_size(name)
        if not yes:
            # On stderr, so a script's stdout holds only the result.
            click.confirm(f"Delete the deck {describe(size)}?", abort=True, err=True)
        deleted = col.delete_deck(size.deck)
    if as_json:
        print_json(
            {
                "deck": size.deck,
                "decks": size.decks,
                "cards": size.cards,
                "reviews": size.reviews,
                "backup": str(deleted.backup),
                "sources": list(size.sources),
            }
        )
        return
    console = stdout()
    console.print(Text(f"Deleted the deck {describe(size)}."))
    console.print(
        Text(f"Undo it with: studycards backup restore {deleted.backup.name}", style="dim")
    )
    if size.sources:
        more = f" (and {len(size.sources) - 1} more)" if len(size.sources) > 1 else ""
        console.print(
            Text(
                f"Its notes are still in {size.sources[0]}{more}: importing or syncing that "
                "again brings them back as new cards.",
                style="dim",
            )
        )
