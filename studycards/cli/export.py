"""`studycards export [DECK] -o FILE`: decks out to Anki, as a package or as text."""

from __future__ import annotations

import itertools
from pathlib import Path

import click
from rich.text import Text

from studycards.cli.common import (
    collection_option,
    complete_decks,
    open_collection,
    stdout,
    styled,
    warn,
)
from studycards.errors import ExportError
from studycards.interop.filekind import TEXT_SUFFIXES


@click.command("export")
@click.argument("deck", required=False, shell_complete=complete_decks)
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The file to write: .apkg (Anki package) or .txt/.csv (Anki text).",
)
@click.option(
    "--with-scheduling",
    is_flag=True,
    help="Carry each card's progress and review history into the .apkg.",
)
@collection_option
def export_command(
    deck: str | None, output: Path, with_scheduling: bool, collection_path: Path | None
) -> None:
    """Export DECK (with its subdecks; default: every deck) for Anki.

    Importing the file into Anki again later updates the notes you changed here and never
    duplicates them. With --with-scheduling, tick "Import any learning progress" in Anki's
    import dialog to keep your progress.
    """
    suffix = output.suffix.lower()
    if suffix not in (".apkg", *TEXT_SUFFIXES):
        raise ExportError("the file must end in .apkg, .txt, .csv or .tsv", path=str(output))
    if with_scheduling and suffix != ".apkg":
        raise ExportError(
            "--with-scheduling needs an .apkg file; text has no progress", path=str(output)
        )
    if not output.parent.is_dir():
        raise ExportError("the folder to write into does not exist", path=str(output))
    with open_collection(collection_path, read_only=True) as col:
        # Notes stream to the writer; the review log follows as plain rows, not objects, so
        # a deck with a million answers is never held in memory.
        notes = col.note_records(deck, with_history=False)
        first = next(notes, None)
        if first is None:
            where = f"deck {deck!r}" if deck else "the collection"
            raise ExportError(f"{where} has no notes to export")
        records = itertools.chain((first,), notes)
        if suffix == ".apkg":
            from studycards.interop.anki_export import write_apkg

            result = write_apkg(
                records,
                output,
                with_scheduling=with_scheduling,
                media_dir=col.media_dir,
                clock=col.clock,
                study_day=col.study_day,
                review_log=col.export_log(deck) if with_scheduling else None,
            )
        else:
            from studycards.interop.anki_text import write_anki_text

            result = write_anki_text(records, output)
    for line in result.warnings:
        warn(line)
    summary = Text("Wrote ")
    summary.append(f"{result.notes} notes", style="bold")
    summary.append(f" ({result.cards} cards")
    if with_scheduling:
        summary.append(f", {result.reviews} reviews")
    if result.media:
        summary.append(f", {result.media} media files")
    summary.append(") to ")
    summary.append_text(styled((str(output), "bold")))
    stdout().print(summary)
    if with_scheduling:
        stdout().print(
            Text('In Anki: File → Import, and tick "Import any learning progress".', style="dim")
        )
