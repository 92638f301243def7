"""`studycards build` (notes → deck files) and `studycards check` (validate, write nothing)."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

import click
from rich.console import Console
from rich.table import Table
from rich.text import Text

from studycards.cli.common import stderr
from studycards.render import plural
from studycards.text import strip_terminal_controls

if TYPE_CHECKING:
    from rich.progress import TaskID

    from studycards.notes.builder import BuildResult, BuiltNote, DeckFile
    from studycards.notes.extract.figurepick import FigurePolicy

# Below this many files a build is over before a bar could be read.
_PROGRESS_FROM = 50


def cache_folder() -> Path:
    """Where built decks are cached by note content (the platform's user cache folder)."""
    # Loaded here, like rich.progress below: every command imports this module.
    import platformdirs

    return Path(platformdirs.user_cache_dir("studycards")) / "build"


def index_folder() -> Path:
    """Where each output folder's last build is remembered by its notes' stamps."""
    return cache_folder().with_name("build-index")


@contextmanager
def _progress(console: Console) -> Iterator[Callable[[int, int], None] | None]:
    """A progress bar on stderr for long builds in a terminal; nothing otherwise. It shows
    once the build knows it has at least _PROGRESS_FROM files."""
    if not console.is_terminal:
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    bar = Progress(
        TextColumn("building"), BarColumn(), MofNCompleteColumn(), console=console, transient=True
    )
    task: TaskID | None = None

    def report(done: int, total: int) -> None:
        nonlocal task
        if total < _PROGRESS_FROM:
            return
        if task is None:
            bar.start()
            task = bar.add_task("build", total=total)
        bar.update(task, completed=done)

    try:
        yield report
    finally:
        if task is not None:
            bar.stop()


def _summary(notes: Sequence[BuiltNote], files: Mapping[int, DeckFile]) -> tuple[Table, int]:
    """One row per deck; in a build of more than _PROGRESS_FROM decks, only the decks whose
    file changes (a screenful of unchanged ones tells nothing). Also how many are left out."""
    table = Table(box=None, header_style="bold", pad_edge=False)
    counts = ("terms", "figures", "cards", "skipped")
    for title in ("deck", *counts, "file"):
        table.add_column(title, justify="right" if title in counts else "left")
    listed = notes
    if len(notes) > _PROGRESS_FROM:
        listed = [n for n in notes if (f := files.get(id(n))) is None or f.changed]
    for note in listed:
        summary = note.summary
        table.add_row(
            Text(strip_terminal_controls(summary.name)),
            str(summary.terms),
            str(summary.figures),
            str(summary.cards),
            str(summary.skipped),
            Text(strip_terminal_controls(_file_cell(files.get(id(note))))),
        )
    return table, len(notes) - len(listed)


def _file_cell(file: DeckFile | None) -> str:
    """The summary's file column: the deck file, marked when it is left as it was."""
    if file is None:
        return "(not written)"
    return str(file.path) if file.changed else f"{file.path} (unchanged)"


def _explain(out: TextIO, result: BuildResult) -> None:
    """One `PATH:LINE: skipped "…": reason` line per annotation that made no card."""
    from studycards.notes.extract.skips import explain

    for note in result.notes:
        for skip in note.skipped:
            out.write(strip_terminal_controls(explain(str(note.origin), skip)) + "\n")
    out.flush()


def _report_problems(console: Console, result: BuildResult) -> None:
    for problem in result.problems:
        console.print(Text(f"studycards: error: {strip_terminal_controls(problem)}"))


def _figure_option(context: click.Context, parameter: click.Parameter, value: str) -> FigurePolicy:
    from studycards.notes.extract.figurepick import figure_policy

    try:
        return figure_policy(value)
    except ValueError as error:
        raise click.BadParameter(str(error)) from None


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
@click.option(
    "--figures",
    default="key",
    show_default=True,
    callback=_figure_option,
    help="How many figure cards a note keeps unless its front matter says: all, none, key "
    "(the ones that look worth learning) or a number (the N most key).",
)
def build(
    notes: tuple[Path, ...],
    out_dir: Path,
    as_json: bool,
    dry_run: bool,
    no_cache: bool,
    explain: bool,
    figures: FigurePolicy,
) -> None:
    """Turn Markdown NOTES (files or folders) into deck files of term and key-figure cards.

    A note that cannot be read is skipped with one line on stderr; the exit status is then 1.
    The summary counts, per note, the annotations the builder looked at and did not card;
    --explain lists each as `PATH:LINE: skipped "…": reason`.
    """
    console = stderr()
    # The builder (regexes, YAML) loads only when a build runs, so `status` starts fast.
    from studycards.collection.sources import check_inputs
    from studycards.notes.builder import BuildIndex, DiskDeckCache, build_decks, write_built
    from studycards.notes.cards import cards_of

    check_inputs(notes)
    cache = index = None
    if not no_cache:
        cache = DiskDeckCache(cache_folder(), read_only=dry_run)
        index = BuildIndex(index_folder(), out_dir=out_dir, options=f"figures={figures}")
    with _progress(console) as report:
        result = build_decks(
            list(notes), cache=cache, index=index, figures=figures, progress=report
        )
    _report_problems(console, result)
    built = result.built()
    to_write = [note for note in built if note.summary.notes]
    written = write_built(to_write, out_dir, dry_run=dry_run, index=index)
    if index is not None and not dry_run:
        index.save()
    files = {id(note): file for note, file in zip(to_write, written, strict=True)}
    if as_json:
        out = sys.stdout
        for deck in result.decks:
            for card_note in deck.notes:
                for card in cards_of(card_note):
                    out.write(json.dumps(card.to_json(), ensure_ascii=False) + "\n")
        out.flush()
    if explain:
        _explain(sys.stderr if as_json else sys.stdout, result)
    if result.notes:
        table, left_out = _summary(result.notes, files)
        console.print(table)
        if left_out:
            console.print(Text(f"… and {plural(left_out, 'deck')} whose file is unchanged"))
    for path in result.deck_files:
        console.print(
            Text(
                f"studycards: {strip_terminal_controls(str(path))}: already a deck file; read, not rewritten"
            )
        )
    for empty in built:
        if not empty.summary.notes:
            console.print(
                Text(
                    f"studycards: {strip_terminal_controls(str(empty.origin))}: no glossary terms or key figures; no deck written"
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
    from studycards.collection.sources import check_inputs
    from studycards.notes.builder import build_decks
    from studycards.notes.cards import cards_of

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
