"""Keeping a collection in order: backups, orphaned cards, suspending cards by id."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import click
from rich.text import Text

from studycards import render
from studycards.cli.common import (
    collection_option,
    complete_backups,
    open_collection,
    print_json,
    print_json_lines,
    stdout,
    styled,
    table,
)


@click.group()
def backup() -> None:
    """List, make and restore backups (one is made before every import, optimize and
    reschedule, and the newest 10 of those are kept; the ones you make are never removed)."""


@backup.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object per backup.")
@collection_option
def backup_list(as_json: bool, collection_path: Path | None) -> None:
    """List backups, oldest first."""
    with open_collection(collection_path, read_only=True) as col:
        found = col.backups()
    if as_json:
        print_json_lines(
            {"name": path.name, "path": str(path), "bytes": path.stat().st_size} for path in found
        )
        return
    console = stdout()
    if not found:
        console.print("No backups yet; one is made before every import.")
        return
    grid = table("Backup", "Made", "Size", right=("Size",))
    for path in found:
        info = path.stat()
        made = datetime.fromtimestamp(info.st_mtime, timezone.utc)
        grid.add_row(styled(path.name), render.local_minute(made), render.file_size(info.st_size))
    console.print(grid)


@backup.command("create")
@click.option("--reason", default="manual", show_default=True, help="A word for the file name.")
@collection_option
def backup_create(reason: str, collection_path: Path | None) -> None:
    """Back up the collection now. Kept until you delete it: automatic backups never
    replace it."""
    with open_collection(collection_path, read_only=True) as col:
        made = col.backup(reason, by_user=True)
    stdout().print(Text(f"Backed up to {made}"))


@backup.command("restore")
@click.argument("name", required=False, shell_complete=complete_backups)
@collection_option
def backup_restore(name: str | None, collection_path: Path | None) -> None:
    """Replace the collection with backup NAME (the newest when not given). The collection
    as it was is backed up first, so a restore can be undone the same way."""
    with open_collection(collection_path) as col:
        source = col.restore(name)
    stdout().print(Text(f"Restored {source.name}"))


@click.command()
@click.option("--delete", is_flag=True, help="Delete them, with their history (after a backup).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object per orphaned card.")
@collection_option
def orphans(delete: bool, as_json: bool, collection_path: Path | None) -> None:
    """List cards whose note has left its source file, or delete them with --delete."""
    with open_collection(collection_path, read_only=not delete) as col:
        found = col.orphans()
        deleted = col.delete_orphans() if delete else None
    if as_json:
        if deleted is not None:
            print_json({"deleted": deleted})
        else:
            print_json_lines(row.to_json() for row in found)
        return
    console = stdout()
    if deleted is not None:
        console.print(f"Deleted {deleted} orphaned cards.")
        return
    if not found:
        console.print("No orphaned cards.")
        return
    grid = table("Card", "Deck", "Front", "Source", wrap=("Deck", "Front", "Source"))
    for row in found:
        grid.add_row(
            styled(row.card.card_id),
            styled(row.card.deck),
            styled(row.card.front),
            styled(str(row.card.source)),
        )
    console.print(grid)
    console.print(Text("`studycards orphans --delete` removes them.", style="dim"))


@click.command()
@click.argument("card_ids", nargs=-1, required=True, metavar="CARD_ID...")
@collection_option
def suspend(card_ids: tuple[str, ...], collection_path: Path | None) -> None:
    """Suspend cards (ids from `studycards cards`): they leave study until unsuspended."""
    with open_collection(collection_path) as col:
        changed = col.set_suspended(list(card_ids), True)
    stdout().print(f"Suspended {changed} of {len(card_ids)} cards.")


@click.command()
@click.argument("card_ids", nargs=-1, required=True, metavar="CARD_ID...")
@collection_option
def unsuspend(card_ids: tuple[str, ...], collection_path: Path | None) -> None:
    """Return suspended cards to study."""
    with open_collection(collection_path) as col:
        changed = col.set_suspended(list(card_ids), False)
    stdout().print(f"Unsuspended {changed} of {len(card_ids)} cards.")
