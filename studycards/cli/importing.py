"""`studycards import`: deck files, note folders and other apps' decks into the collection."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

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


_CLOZE_STYLES = {"highlight": "==text==", "bold": "**text**", "curly": "{{text}}"}


@cli.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object per source file.")
@click.option(
    "--obsidian-tag",
    "obsidian_tags",
    multiple=True,
    metavar="TAG",
    help="Obsidian SR: a flashcard tag, e.g. #spanish (repeatable; default: the vault's "
    "plugin settings, else #flashcards).",
)
@click.option("--obsidian-separator", metavar="SEP", help="Obsidian SR: one-line card (::).")
@click.option(
    "--obsidian-reversed-separator", metavar="SEP", help="Obsidian SR: both directions (:::)."
)
@click.option(
    "--obsidian-multiline-separator", metavar="SEP", help="Obsidian SR: multi-line card (?)."
)
@click.option(
    "--obsidian-multiline-reversed-separator",
    metavar="SEP",
    help="Obsidian SR: multi-line card, both directions (??).",
)
@click.option(
    "--obsidian-end-marker",
    metavar="LINE",
    help="Obsidian SR: the line that ends a multi-line card (default: a blank line).",
)
@click.option(
    "--obsidian-cloze",
    "obsidian_clozes",
    multiple=True,
    type=click.Choice(sorted(_CLOZE_STYLES)),
    help="Obsidian SR: a cloze style, highlight ==text==, bold **text** or curly {{text}} "
    "(repeatable; default: the vault's plugin settings, else highlight).",
)
@collection_option
def import_command(
    paths: tuple[Path, ...],
    as_json: bool,
    obsidian_tags: tuple[str, ...],
    obsidian_separator: str | None,
    obsidian_reversed_separator: str | None,
    obsidian_multiline_separator: str | None,
    obsidian_multiline_reversed_separator: str | None,
    obsidian_end_marker: str | None,
    obsidian_clozes: tuple[str, ...],
    collection_path: Path | None,
) -> None:
    """Import deck files, Markdown notes or folders of them, .apkg/.colpkg, Anki text
    (.txt/.csv/.tsv), Obsidian Spaced Repetition and hashcards notes. Importing again
    updates cards in place and keeps their history."""
    obsidian: dict[str, Any] = {
        "inline": obsidian_separator,
        "inline_reversed": obsidian_reversed_separator,
        "multiline": obsidian_multiline_separator,
        "multiline_reversed": obsidian_multiline_reversed_separator,
        "end_marker": obsidian_end_marker,
    }
    if obsidian_tags:
        obsidian["tags"] = tuple(tag.lstrip("#") for tag in obsidian_tags if tag.lstrip("#"))
    if obsidian_clozes:
        obsidian |= {style: style in obsidian_clozes for style in _CLOZE_STYLES}
    from studycards.importing import import_paths

    with open_collection(collection_path) as col, working("Reading…") as say:

        def progress(number: int, total: int, batch: ImportBatch) -> None:
            say(f"Importing {Path(batch.origin).name} ({number} of {total})…")

        results = import_paths(col, paths, progress=progress, obsidian=obsidian)
    for result in results:
        for line in result.warnings:
            warn(line)
    if as_json:
        print_json_lines({"origin": r.batch.origin, **r.report.to_json()} for r in results)
    else:
        print_reports(results)
