"""`studycards import`: deck files, note folders and other apps' decks into the collection."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import click
from rich.text import Text

from studycards.cli import cli
from studycards.cli.common import (
    collection_option,
    open_collection,
    print_json_lines,
    safe,
    stdout,
    warn,
    working,
)

if TYPE_CHECKING:
    from studycards.importing import Imported
    from studycards.model import ImportBatch


def print_reports(results: Sequence[Imported]) -> None:
    """A line per source file: what was added, updated, left alone and orphaned."""
    console = stdout()
    for batch, report in ((result.batch, result.report) for result in results):
        line = Text()
        line.append_text(safe(Path(batch.origin).name))
        line.append(" → ")
        line.append_text(safe(", ".join(deck.name for deck in batch.decks) or "(no decks)"))
        line.append(": ")
        parts = [
            (report.added, "added", "bold green"),
            (report.updated, "updated", "bold"),
            (report.unchanged, "unchanged", ""),
            (report.orphaned, "orphaned", "bold yellow"),
        ]
        if report.reviews_added:
            parts.append((report.reviews_added, "reviews added", ""))
        for index, (number, what, style) in enumerate(parts):
            if index:
                line.append(", ")
            line.append(f"{number} {what}", style=style if number else "dim")
        console.print(line)
    if any(result.report.orphaned for result in results):
        console.print(
            Text(
                "Orphaned cards left their source; they are out of study. "
                "`studycards orphans --delete` removes them.",
                style="dim",
            )
        )


@cli.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object per source file.")
@collection_option
def import_command(paths: tuple[Path, ...], as_json: bool, collection_path: Path | None) -> None:
    """Import deck files, Markdown notes or folders of them, .apkg/.colpkg, and Anki text
    (.txt/.csv/.tsv). Importing again updates cards in place and keeps their history."""
    from studycards.importing import import_paths

    with open_collection(collection_path) as col, working("Reading…") as say:

        def progress(number: int, total: int, batch: ImportBatch) -> None:
            say(f"Importing {Path(batch.origin).name} ({number} of {total})…")

        results = import_paths(col, paths, progress=progress)
    for result in results:
        for line in result.warnings:
            warn(line)
    if as_json:
        print_json_lines({"origin": r.batch.origin, **r.report.to_json()} for r in results)
    else:
        print_reports(results)
