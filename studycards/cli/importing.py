"""`studycards import` and `studycards sync`: deck files, note folders and other apps' decks
into the collection, and the remembered folders read again."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from rich.text import Text

from studycards.cli.common import (
    collection_option,
    collection_path_of,
    open_collection,
    print_json,
    print_json_lines,
    stdout,
    styled,
    warn,
    working,
)
from studycards.errors import NOTHING_IMPORTED, Aborted, NotFoundError

if TYPE_CHECKING:
    from studycards.collection.importing import Imported, ImportResult
    from studycards.model import ImportBatch
    from studycards.rows import SyncReport


def _counts(line: Text, report: SyncReport) -> None:
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
        line.append(f"{number:,} {what}", style=style if number else "dim")


def print_reports(result: ImportResult) -> None:
    """A line per source file read or gone: what was added, updated, left alone and
    orphaned; then how many files of the folders had not changed."""
    console = stdout()
    for imported in result.files:
        batch = imported.batch
        line = Text()
        line.append_text(styled(Path(batch.origin).name))
        if imported.gone:
            line.append(" (gone)", style="bold yellow")
        else:
            line.append(" → ")
            line.append_text(styled(", ".join(deck.name for deck in batch.decks) or "(no decks)"))
        line.append(": ")
        _counts(line, imported.report)
        console.print(line)
    if result.unchanged_files:
        files = "file" if result.unchanged_files == 1 else "files"
        console.print(
            Text(f"{result.unchanged_files:,} {files} unchanged since last read.", style="dim")
        )
    if any(imported.report.orphaned for imported in result.files):
        console.print(
            Text(
                "Orphaned cards left their source; they are out of study. "
                "`studycards orphans --delete` removes them.",
                style="dim",
            )
        )


_CLOZE_STYLES = {"highlight": "==text==", "bold": "**text**", "curly": "{{text}}"}


def _progress(say: Callable[[str], None]) -> Callable[[int, int, ImportBatch], None]:
    def progress(number: int, total: int, batch: ImportBatch) -> None:
        say(f"Importing {Path(batch.origin).name} ({number:,} of {total:,})…")

    return progress


def _warn_all(result: ImportResult) -> None:
    for line in result.skipped:
        warn(line)
    for imported in result.files:
        for line in imported.warnings:
            warn(line)


def _file_json(imported: Imported) -> dict[str, Any]:
    return {"origin": imported.batch.origin, "gone": imported.gone, **imported.report.to_json()}


@click.command("import")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--bundled", is_flag=True, help="Also import the deck that ships with studycards.")
@click.option(
    "--json", "as_json", is_flag=True, help="Print one JSON object per file read or gone."
)
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
    bundled: bool,
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
    updates cards in place and keeps their history.

    A folder is remembered (see `studycards sync`): importing it again reads only the files
    that changed, and the cards of notes deleted from it leave study as orphans.

    --bundled imports the deck that ships with studycards, from any folder."""
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
    from studycards.collection.importing import import_paths
    from studycards.collection.sources import check_inputs

    if bundled:
        from studycards.collection.bundled import bundled_deck_files

        found = bundled_deck_files()
        if not found:
            raise NotFoundError("this installation has no bundled deck")
        paths = (*paths, *found)
    if not paths:
        raise click.UsageError("give PATH... to import, or --bundled")
    if not collection_path_of(collection_path).exists():
        # Nothing is a remembered folder yet: a mistyped or empty path creates no collection.
        check_inputs(paths)
    result = None
    try:
        with open_collection(collection_path) as col, working("Reading…") as say:
            result = import_paths(col, paths, progress=_progress(say), obsidian=obsidian)
    except KeyboardInterrupt:
        if result is None:  # before the import began (it says so itself once it has)
            raise Aborted(NOTHING_IMPORTED) from None
        raise
    _warn_all(result)
    if as_json:
        print_json_lines(_file_json(imported) for imported in result.files)
    else:
        print_reports(result)


@click.command("sync")
@click.option("--json", "as_json", is_flag=True, help="Print what changed as one JSON object.")
@collection_option
def sync_command(as_json: bool, collection_path: Path | None) -> None:
    """Read again what changed in every folder imported so far: new and edited notes are
    imported, the cards of deleted ones leave study. The app does this when it starts."""
    from studycards.collection.importing import sync_sources

    result = None
    try:
        with open_collection(collection_path) as col, working("Looking for changes…") as say:
            result = sync_sources(col, progress=_progress(say))
    except KeyboardInterrupt:
        if result is None:
            raise Aborted(NOTHING_IMPORTED) from None
        raise
    _warn_all(result)
    if as_json:
        print_json(
            {
                "sources": [str(folder) for folder in result.folders],
                "files_read": sum(not imported.gone for imported in result.files),
                "files_gone": sum(imported.gone for imported in result.files),
                "files_unchanged": result.unchanged_files,
                **result.total().to_json(),
                "warnings": [*result.skipped, *(w for i in result.files for w in i.warnings)],
                "files": [_file_json(imported) for imported in result.files],
            }
        )
        return
    if not result.folders:
        stdout().print("No folders to sync yet: `studycards import FOLDER` remembers one.")
        return
    print_reports(result)
    line = Text(f"Synced {len(result.folders)} folder{'s' * (len(result.folders) != 1)}: ")
    _counts(line, result.total())
    stdout().print(line)
