"""The `studycards` command line: thin commands over the headless core."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from studycards import __version__
from studycards.cli.browse import cards, history
from studycards.cli.build import build, check
from studycards.cli.common import collection_option, open_collection
from studycards.cli.decks import deck
from studycards.cli.export import export_command
from studycards.cli.importing import import_command, sync_command
from studycards.cli.maintenance import backup, orphans, suspend, unsuspend
from studycards.cli.presets import optimize, options
from studycards.cli.review import review
from studycards.cli.stats import stats
from studycards.cli.status import status
from studycards.errors import Aborted, StudycardsError


class _Group(click.Group):
    """Lists commands in the order they are registered, which is the order a user meets them."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(self.commands)


@click.group(
    cls=_Group,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.version_option(__version__, prog_name="studycards")
@click.option("--debug", is_flag=True, help="Show tracebacks for errors.")
@collection_option
@click.pass_context
def cli(ctx: click.Context, debug: bool, collection_path: Path | None) -> None:
    """Study your Markdown notes with spaced repetition.

    Run without a command to open the study app.
    """
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug
    # Commands read it through cli.common.collection_path when they get no --collection.
    ctx.obj["collection"] = collection_path
    if ctx.invoked_subcommand is None:
        if not (sys.stdin.isatty() and sys.stdout.isatty()):
            click.echo(ctx.get_help())
            return
        from studycards.tui import run_app

        with open_collection(collection_path) as col:
            run_app(col)


def main() -> None:
    """Entry point: run the CLI and turn user errors into one line on stderr, no traceback."""
    debug = "--debug" in sys.argv[1:]
    try:
        cli.main(standalone_mode=False)
    except Aborted as error:
        click.echo(f"studycards: aborted: {error}", err=True)
        sys.exit(130)
    except StudycardsError as error:
        if debug:
            raise
        click.echo(f"studycards: error: {error}", err=True)
        sys.exit(1)
    except click.exceptions.Abort:
        click.echo("studycards: aborted", err=True)
        sys.exit(130)
    except click.UsageError as error:
        # click's own words (with its "did you mean"), on one line in the house format.
        where = error.ctx.command_path if error.ctx is not None else "studycards"
        message = " ".join(error.format_message().split())
        click.echo(f"studycards: error: {message} (`{where} -h` for help)", err=True)
        sys.exit(error.exit_code)
    except click.ClickException as error:
        click.echo(f"studycards: error: {' '.join(error.format_message().split())}", err=True)
        sys.exit(error.exit_code)
    except click.exceptions.Exit as done:
        sys.exit(done.exit_code)
    except KeyboardInterrupt:
        sys.exit(130)
    except RuntimeError as error:
        # Python turns a Ctrl-C that lands while a module is being imported into a
        # RuntimeError raised from the KeyboardInterrupt: it is still the user's Ctrl-C.
        if debug or not _interrupted(error):
            raise
        click.echo("studycards: aborted", err=True)
        sys.exit(130)


def _interrupted(error: BaseException) -> bool:
    """Whether `error` was raised while handling, or because of, a Ctrl-C."""
    seen: set[int] = set()
    cause: BaseException | None = error
    while cause is not None and id(cause) not in seen:
        if isinstance(cause, KeyboardInterrupt):
            return True
        seen.add(id(cause))
        cause = cause.__cause__ or cause.__context__
    return False


# In the order of --help: the way from notes to study, then looking back, then upkeep.
for _command in (
    build,
    check,
    import_command,
    sync_command,
    review,
    status,
    cards,
    history,
    stats,
    options,
    optimize,
    deck,
    backup,
    orphans,
    suspend,
    unsuspend,
    export_command,
):
    cli.add_command(_command)
