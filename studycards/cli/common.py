"""What every collection command shares: the `--collection` option, opening the collection,
and printing (rich tables for people, JSON for scripts), with card text kept as data."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click
from click.shell_completion import CompletionItem
from rich.console import Console
from rich.segment import Segment, Segments
from rich.style import Style
from rich.table import Table
from rich.text import Text

from studycards.render import Run, literal
from studycards.text import strip_terminal_controls

if TYPE_CHECKING:
    from studycards.collection import Collection

F = TypeVar("F", bound=Callable[..., Any])


def collection_option(command: F) -> F:
    """`--collection PATH`, passed on as `collection_path`.

    The environment variable is read in `collection_path`, not by click: otherwise
    STUDYCARDS_COLLECTION would outrank `--collection` given before the command.
    """
    return click.option(
        "--collection",
        "collection_path",
        type=click.Path(dir_okay=False, path_type=Path),
        default=None,
        metavar="PATH",
        help="The collection file (default: $STUDYCARDS_COLLECTION, else collection.db in "
        "your user data folder).",
    )(command)


def collection_path_of(path: Path | None) -> Path:
    """The collection to use: `--collection` after the command, then before it, then
    $STUDYCARDS_COLLECTION, then the default."""
    from studycards.collection import user_data_collection_path

    return _chosen_path(path) or user_data_collection_path()


def _chosen_path(path: Path | None) -> Path | None:
    """The collection the user named (`--collection` or the environment); None for the
    default location."""
    if path is not None:
        return path
    ctx = click.get_current_context(silent=True)
    while ctx is not None:
        given = (ctx.obj or {}).get("collection") if isinstance(ctx.obj, dict) else None
        if given:
            return Path(given)
        ctx = ctx.parent
    from studycards.collection import env_collection_path

    return env_collection_path()


def open_collection(path: Path | None, *, read_only: bool = False) -> Collection:
    """Open the collection; errors are one line, not a traceback.

    `read_only` for commands that only read: the collection must exist and is never written,
    so a mistyped path creates nothing and a read-only file still works. Commands that write
    create it on first use, with its folders only in the default location.
    """
    from studycards.collection import Collection, user_data_collection_path

    chosen = _chosen_path(path)
    target = chosen or user_data_collection_path()
    return Collection.open(target, read_only=read_only, make_folders=chosen is None)


def _collection_of(ctx: click.Context) -> Collection:
    """The collection a command line being completed names (read-only)."""
    node: click.Context | None = ctx
    path = None
    while node is not None and path is None:
        path = node.params.get("collection_path")
        node = node.parent
    return open_collection(path, read_only=True)


def complete_decks(
    ctx: click.Context, param: click.Parameter, incomplete: str
) -> list[CompletionItem]:
    """Shell completion of a deck name: the collection's decks starting with what was typed
    (in any case). Nothing when there is no collection to read."""
    from studycards.errors import StudycardsError

    try:
        with _collection_of(ctx) as col:
            names = col.decks()
    except StudycardsError:
        return []
    key = incomplete.casefold()
    return [CompletionItem(name) for name in names if name.casefold().startswith(key)]


def complete_decks_and_files(
    ctx: click.Context, param: click.Parameter, incomplete: str
) -> list[CompletionItem]:
    """A deck name or a file (`review DECK|PATH`): the decks, then the shell's own files."""
    return [*complete_decks(ctx, param, incomplete), CompletionItem(incomplete, type="file")]


def complete_backups(
    ctx: click.Context, param: click.Parameter, incomplete: str
) -> list[CompletionItem]:
    """Shell completion of a backup's name."""
    from studycards.errors import StudycardsError

    try:
        with _collection_of(ctx) as col:
            names = [path.stem for path in col.backups()]
    except StudycardsError:
        return []
    return [CompletionItem(name) for name in names if name.startswith(incomplete)]


def stdout() -> Console:
    """A console for results. No highlighting: numbers and card text keep their own colour."""
    return Console(highlight=False, soft_wrap=True)


def stderr() -> Console:
    return Console(file=sys.stderr, highlight=False, soft_wrap=True)


def styled(*runs: Run | str) -> Text:
    """Runs of `studycards.render` (or plain strings) as one rich Text: never markup, and
    every piece stripped of terminal control sequences."""
    return Text.assemble(*(literal(run) if isinstance(run, str) else literal(*run) for run in runs))


def print_runs(console: Console, runs: Iterable[Run]) -> None:
    """Runs laid out by `studycards.render` (`render.columns`) printed as they are, each piece
    stripped of terminal control sequences as in `styled`. Straight to segments rather than
    through a rich Text, which would split, measure and wrap every line again: for thousands
    of lines that is a third of a second."""
    segments = [
        Segment(text, Style.parse(style) if style else None)
        for text, style in (literal(*run) for run in runs)
    ]
    # A renderable other than text ends its own last line, as rich's Table does.
    console.print(Segments([*segments, Segment.line()]))


def table(
    *columns: str, right: Sequence[str] = (), wrap: Sequence[str] = (), padding: int = 2
) -> Table:
    """A plain table in the style of Anki's deck list: bold header, no box.

    Only the `wrap` columns (free text) wrap; rich narrows those first on a small terminal,
    so ids, dates and counts stay whole and copyable.
    """
    result = Table(box=None, header_style="bold", pad_edge=False, padding=(0, padding))
    for column in columns:
        result.add_column(
            column,
            justify="right" if column in right else "left",
            no_wrap=column not in wrap,
            overflow="fold" if column in wrap else "ellipsis",
        )
    return result


def print_json(value: Any) -> None:
    click.echo(json.dumps(value, ensure_ascii=False))


def print_json_lines(values: Iterable[dict[str, Any]]) -> None:
    """One JSON object per line, streamed: large collections never sit in memory as text."""
    out = sys.stdout
    for value in values:
        out.write(json.dumps(value, ensure_ascii=False))
        out.write("\n")
    out.flush()


@contextmanager
def working(message: str) -> Iterator[Callable[[str], None]]:
    """A spinner with `message` on stderr while slow work runs, on a terminal only (scripts
    and pipes see nothing); yields a function that changes the message."""
    console = stderr()
    if not console.is_terminal:
        yield lambda _: None
        return
    with console.status(message) as status:
        yield lambda text: status.update(text)


def warn(message: str) -> None:
    """A warning on stderr, prefixed like errors so scripts can tell them apart from results."""
    click.echo(f"studycards: warning: {strip_terminal_controls(message)}", err=True)
