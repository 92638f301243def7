"""`studycards build` (notes → deck files) and `studycards check` (validate, write nothing)."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

import click
from rich.console import Console
from rich.table import Table
from rich.text import Text

from studycards.cli.common import stderr
from studycards.model import Deck, NoteType
from studycards.render import plural
from studycards.text import strip_terminal_controls

if TYPE_CHECKING:
    from studycards.builder import BuildResult, DeckFile

# Below this many files a build is over before a bar could be read.
_PROGRESS_FROM = 50


def cache_folder() -> Path:
    """Where built decks are cached by note content (the platform's user cache folder)."""
    # Loaded here, like rich.progress below: every command imports this module.
    import platformdirs

    return Path(platformdirs.user_cache_dir("studycards")) / "build"


@contextmanager
def _progress(
    console: Console, paths: Sequence[Path]
) -> Iterator[Callable[[int, int], None] | None]:
    """A progress bar on stderr for long builds in a terminal; nothing otherwise."""
    from studycards.builder import find_note_files

    if not console.is_terminal or len(find_note_files(paths)) < _PROGRESS_FROM:
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    with Progress(
        TextColumn("building"), BarColumn(), MofNCompleteColumn(), console=console, transient=True
    ) as bar:
        task = bar.add_task("build", total=None)

        def report(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield report


def _summary(decks: Sequence[Deck], files: Sequence[str], skipped: Sequence[int]) -> Table:
    from studycards.cards import cards_of

    table = Table(box=None, header_style="bold", pad_edge=False)
    counts = ("terms", "figures", "cards", "skipped")
    for title in ("deck", *counts, "file"):
        table.add_column(title, justify="right" if title in counts else "left")
    for deck, file, skips in zip(decks, files, skipped, strict=True):
        terms = sum(1 for note in deck.notes if note.type is NoteType.TERM)
        figures = sum(1 for note in deck.notes if note.type is NoteType.FIGURE)
        cards = sum(len(cards_of(note)) for note in deck.notes)
        table.add_row(
            Text(strip_terminal_controls(deck.name)),
            str(terms),
            str(figures),
            str(cards),
            str(skips),
            Text(strip_terminal_controls(file)),
        )
    return table


def _file_cell(file: DeckFile | None) -> str:
    """The summary's file column: the deck file, marked when it is left as it was."""
    if file is None:
        return "(not written)"
    return str(file.path) if file.changed else f"{file.path} (unchanged)"


def _explain(out: TextIO, result: BuildResult) -> None:
    """One `PATH:LINE: skipped "…": reason` line per annotation that made no card."""
    from studycards.extract.skips import explain

    for deck, skipped in zip(result.decks, result.skipped, strict=True):
        for skip in skipped:
            out.write(strip_terminal_controls(explain(deck.path, skip)) + "\n")
    out.flush()


def _report_problems(console: Console, result: BuildResult) -> None:
    for problem in result.problems:
        console.print(Text(f"studycards: error: {strip_terminal_controls(problem)}"))


@click.command()
@click.argument("notes", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("decks"),
    show_default=True,
    help="Folder for the deck files.",
)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object per card on stdout.")
@click.option("--dry-run", is_flag=True, help="Build and report, but write no files.")
@click.option(
    "--no-cache", is_flag=True, help="Extract every note again instead of reusing earlier builds."
)
@click.option(
    "--explain",
    is_flag=True,
    help="List every annotation that made no card, with why (on stdout; on stderr with --json).",
)
def build(
    notes: tuple[Path, ...],
    out_dir: Path,
    as_json: bool,
    dry_run: bool,
    no_cache: bool,
    explain: bool,
) -> None:
    """Turn Markdown NOTES (files or folders) into deck files of term and key-figure cards.

    A note that cannot be read is skipped with one line on stderr; the exit status is then 1.
    The summary counts, per note, the annotations the builder looked at and did not card;
    --explain lists each as `PATH:LINE: skipped "…": reason`.
    """
    console = stderr()
    # The builder (regexes, YAML) loads only when a build runs, so `status` starts fast.
    from studycards.builder import DiskDeckCache, build_decks, write_decks
    from studycards.cards import cards_of
    from studycards.sources import check_inputs

    check_inputs(notes)
    cache = None if no_cache else DiskDeckCache(cache_folder(), read_only=dry_run)
    with _progress(console, notes) as report:
        result = build_decks(list(notes), cache=cache, progress=report)
    _report_problems(console, result)
    built = result.built()
    to_write = [deck for deck in built if deck.notes]
    written = write_decks(to_write, out_dir, dry_run=dry_run)
    files = {id(deck): file for deck, file in zip(to_write, written, strict=True)}
    if as_json:
        out = sys.stdout
        for deck in result.decks:
            for note in deck.notes:
                for card in cards_of(note):
                    out.write(json.dumps(card.to_json(), ensure_ascii=False) + "\n")
        out.flush()
    if explain:
        _explain(sys.stderr if as_json else sys.stdout, result)
    if result.decks:
        cells = [_file_cell(files.get(id(d))) for d in result.decks]
        console.print(_summary(result.decks, cells, [len(s) for s in result.skipped]))
    for path in result.deck_files:
        console.print(
            Text(
                f"studycards: {strip_terminal_controls(str(path))}: already a deck file; read, not rewritten"
            )
        )
    for deck in built:
        if not deck.notes:
            console.print(
                Text(
                    f"studycards: {strip_terminal_controls(deck.path)}: no glossary terms or key figures; no deck written"
                )
            )
    changed = sum(1 for file in written if file.changed)
    unchanged = len(written) - changed
    verb = "would be written" if dry_run else "written"
    line = f"{plural(changed, 'deck file')} {verb} to {out_dir}, {unchanged} unchanged"
    console.print(Text(f"dry run: {line}" if dry_run else line, style="dim"))
    if result.problems:
        sys.exit(1)


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
def check(paths: tuple[Path, ...]) -> None:
    """Validate notes and deck files; report PATH:LINE problems and write nothing."""
    console = stderr()
    from studycards.builder import build_decks
    from studycards.cards import cards_of
    from studycards.sources import check_inputs

    check_inputs(paths)

    result = build_decks(list(paths))
    _report_problems(console, result)
    cards = sum(len(cards_of(note)) for deck in result.decks for note in deck.notes)
    console.print(
        Text(
            f"checked {len(result.decks) + len(result.problems)} file(s): {len(result.decks)} ok "
            f"({cards} cards), {len(result.problems)} with problems"
        )
    )
    if result.problems:
        sys.exit(1)
