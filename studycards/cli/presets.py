"""`studycards options` (a deck's preset) and `studycards optimize` (fit FSRS parameters)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click
from rich.text import Text

from studycards.cli.common import (
    collection_option,
    complete_decks,
    open_collection,
    print_json,
    stdout,
    styled,
    table,
    working,
)
from studycards.errors import OptionsError
from studycards.options import LEECH_ACTIONS, REVIEW_ORDERS, Options, StudyAllLimits, format_steps


def _describe(deck: str, options: Options) -> None:
    grid = table("Option", "Value", wrap=("Value",))
    rows = [
        ("new cards per day", str(options.new_per_day)),
        ("reviews per day", str(options.reviews_per_day)),
        ("desired retention", f"{options.desired_retention:.2f}"),
        ("learning steps", format_steps(options.learning_steps) or "(none)"),
        ("relearning steps", format_steps(options.relearning_steps) or "(none)"),
        ("maximum interval", f"{options.maximum_interval} days"),
        ("bury siblings", "yes" if options.bury_siblings else "no"),
        ("next day starts at", f"{options.rollover_hour}:00"),
        ("leech threshold", f"{options.leech_threshold} lapses"),
        ("leech action", options.leech_action),
        ("review order", options.review_order),
        ("FSRS parameters", " ".join(f"{p:.4f}" for p in options.parameters)),
    ]
    for name, value in rows:
        grid.add_row(name, value)
    console = stdout()
    title = Text("Options of ", style="bold")
    title.append_text(styled((deck, "bold")))
    console.print(title)
    console.print(grid)


def _describe_study_all(limits: StudyAllLimits) -> None:
    grid = table("Limit", "Value")
    grid.add_row("new cards per day", str(limits.new_per_day))
    grid.add_row("reviews per day", str(limits.reviews_per_day))
    console = stdout()
    console.print(Text("Studying all decks at once", style="bold"))
    console.print(grid)
    console.print(
        Text(
            "Each deck's own limits still apply inside it: `studycards options DECK`.",
            style="dim",
        )
    )


@click.command()
@click.argument("deck", required=False, shell_complete=complete_decks)
@click.option(
    "--all",
    "study_all",
    is_flag=True,
    help="The limits of studying all decks at once (`review` with no deck; Anki-like "
    "defaults: 20 new, 200 reviews a day).",
)
@click.option("--new-per-day", type=int, help="New cards a day (Anki: 20).")
@click.option("--reviews-per-day", type=int, help="Reviews a day; new cards count too (Anki: 200).")
@click.option("--desired-retention", type=float, help="0.70-0.99 (Anki: 0.90).")
@click.option("--learning-steps", help='Steps for new cards, e.g. "1m 10m".')
@click.option("--relearning-steps", help='Steps after a lapse, e.g. "10m".')
@click.option("--maximum-interval", type=int, help="Longest interval in days (Anki: 36500).")
@click.option(
    "--bury-siblings/--no-bury-siblings",
    default=None,
    help="Hold a card's siblings back until the next day once one is studied.",
)
@click.option("--rollover-hour", type=int, help="Local hour a new study day starts (Anki: 4).")
@click.option("--leech-threshold", type=int, help="Lapses that make a card a leech (Anki: 8).")
@click.option("--leech-action", type=click.Choice(LEECH_ACTIONS), help="What happens to a leech.")
@click.option("--review-order", type=click.Choice(REVIEW_ORDERS), help="Order of due reviews.")
@click.option("--json", "as_json", is_flag=True, help="Print the options as JSON.")
@collection_option
def options(
    deck: str | None,
    study_all: bool,
    as_json: bool,
    collection_path: Path | None,
    **changes: Any,
) -> None:
    """Show or change DECK's options (daily limits, FSRS settings, burying, leeches), or with
    --all the daily limits of studying all decks at once."""
    wanted = {name: value for name, value in changes.items() if value is not None}
    if study_all:
        if deck is not None:
            raise OptionsError(f"give either a deck ({deck!r}) or --all, not both")
        deck_only = sorted(set(wanted) - {"new_per_day", "reviews_per_day"})
        if deck_only:
            flag = "--" + deck_only[0].replace("_", "-")
            raise OptionsError(
                f"{flag} is a deck option; --all sets only --new-per-day and --reviews-per-day"
            )
        with open_collection(collection_path, read_only=not wanted) as col:
            limits = col.set_study_all_limits(**wanted) if wanted else col.study_all_limits()
        if as_json:
            print_json({"all": True, **limits.to_json()})
        else:
            _describe_study_all(limits)
        return
    if deck is None:
        raise OptionsError("name a deck (`studycards status` lists them), or give --all")
    with open_collection(collection_path, read_only=not wanted) as col:
        deck = col.find_deck(deck)
        result = col.set_options(deck, **wanted) if wanted else col.preset_of(deck)
    if as_json:
        print_json({"deck": deck, **result.to_json()})
    else:
        _describe(deck, result)


@click.command()
@click.argument("deck", required=False, shell_complete=complete_decks)
@click.option(
    "--reschedule", is_flag=True, help="Recompute every card's due date with the saved parameters."
)
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@collection_option
def optimize(
    deck: str | None, reschedule: bool, as_json: bool, collection_path: Path | None
) -> None:
    """Fit FSRS parameters to DECK's review history (all decks when none is given) and save
    them if they predict your answers better than the current ones."""
    with open_collection(collection_path) as col, working("Reading the review log…") as say:
        deck = col.find_deck(deck) if deck is not None else None
        result = col.optimize(deck, progress=say)
        if reschedule:
            say("Rescheduling…")
        rescheduled = col.reschedule(deck) if reschedule else None
    if as_json:
        print_json(
            {
                "deck": deck,
                "reviews_used": result.reviews_used,
                "log_loss_before": result.log_loss_before,
                "log_loss_after": result.log_loss_after,
                "rmse_before": result.rmse_before,
                "rmse_after": result.rmse_after,
                "improved": result.improved,
                "saved": result.improved,
                "parameters": list(result.in_force),
                "rescheduled": rescheduled,
            }
        )
        return
    console = stdout()
    console.print(
        f"Fitted on {result.reviews_used:,} reviews made on a later day than the one before."
    )
    grid = table("Parameters", "Log loss", "RMSE (bins)", right=("Log loss", "RMSE (bins)"))
    grid.add_row("current", f"{result.log_loss_before:.4f}", f"{result.rmse_before:.4f}")
    grid.add_row(
        Text("optimized", style="bold"),
        f"{result.log_loss_after:.4f}",
        f"{result.rmse_after:.4f}",
    )
    console.print(grid)
    where = f"deck {deck!r}" if deck is not None else "every deck"
    if result.improved:
        console.print(Text(f"Saved the optimized parameters to {where}.", style="bold green"))
    else:
        console.print(
            "Kept the current parameters: the optimized ones do not predict your answers better."
        )
    if rescheduled is not None:
        console.print(f"Rescheduled {rescheduled} cards.")
