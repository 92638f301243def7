"""`studycards review`: the Textual app on a terminal, or a line-oriented session (`--plain`)
for screen readers, dumb terminals and scripts. Both drive the same headless Session."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

import click

from studycards.cli.common import collection_option, complete_decks_and_files, open_collection, warn
from studycards.errors import ImportFormatError
from studycards.model import Rating
from studycards.render import RATING_NAMES, empty_collection_hint, local_minute
from studycards.text import strip_terminal_controls

if TYPE_CHECKING:
    from studycards.collection import Collection
    from studycards.study.session import Session

_KEYS_QUESTION = "Enter shows the answer · u undo · b bury · s suspend · q quit"
_KEYS_ANSWER = "1 Again · 2 Hard · 3 Good · 4 Easy · u undo · b bury · s suspend · q quit"


def decks_to_study(col: Collection, target: str | None) -> list[str] | None:
    """The decks `review TARGET` means: a path is imported first and its decks studied; a
    name is a deck (with its subdecks; matched as `Collection.find_deck` matches it);
    nothing means every deck."""
    if target is None:
        return None
    path = Path(target)
    if path.exists():
        from studycards.collection.importing import import_paths

        result = import_paths(col, [path])
        for line in result.skipped:
            warn(line)
        for imported in result.files:
            for line in imported.warnings:
                warn(line)
        from studycards.collection.folders import decks_from
        from studycards.collection.sources import origin_of

        # Every deck the path's notes are in, also those of files unchanged since last time.
        names = decks_from(col.store.conn, origin_of(path))
        if not names:
            # An empty list would mean "every deck" to the session: refuse instead.
            raise ImportFormatError("holds no cards to study", path=target)
        return names
    return [col.find_deck(target, looked_for="deck or file")]


@click.command()
@click.argument(
    "target", required=False, metavar="[DECK|PATH]", shell_complete=complete_decks_and_files
)
@click.option(
    "--plain", is_flag=True, help="Line mode: one prompt per line, for scripts and screen readers."
)
@collection_option
def review(target: str | None, plain: bool, collection_path: Path | None) -> None:
    """Study the cards due today: every deck, one DECK (with subdecks), or the notes or deck
    file at PATH (imported first)."""
    with open_collection(collection_path) as col:
        decks = decks_to_study(col, target)
        if not plain and sys.stdin.isatty() and sys.stdout.isatty():
            from studycards.tui import run_review

            run_review(col, decks)
            return
        if not col.decks():
            # What the app's decks screen says: nothing to study yet, and how to start.
            click.echo(empty_collection_hint())
            return
        from studycards.study.session import Session

        LineSession(Session(col, decks), sys.stdin, sys.stdout).run()


class LineSession:
    """`review --plain`, a line protocol: question, a line to reveal, answer with the four
    intervals, a line to rate. Ends at end of input, on `q`, or when nothing is due."""

    def __init__(self, session: Session, lines: TextIO, out: TextIO) -> None:
        self.session = session
        self.lines = lines
        self.out = out

    def say(self, text: str = "") -> None:
        self.out.write(strip_terminal_controls(text) + "\n")
        self.out.flush()

    def read(self, prompt: str) -> str | None:
        """The next line, stripped and lower-cased; None at end of input."""
        self.out.write(prompt)
        self.out.flush()
        try:
            line = self.lines.readline()
        except UnicodeDecodeError:
            return "?"  # undecodable input is an unknown command, not a crash
        if not line:
            self.out.write("\n")
            return None
        return line.strip().lower()

    def run(self) -> None:
        while self.session.current is not None:
            if not self.turn():
                break
        else:
            self.say("Nothing more is due now.")
        self.finish()

    def turn(self) -> bool:
        """One card: show it, take commands until it is answered; False to stop."""
        self.show_question()
        while True:
            command = self.read("> ")
            if command is None or command == "q":
                return False
            if command in ("", "space", " ") and not self.session.revealed:
                self.session.reveal()
                self.show_answer()
                continue
            action = self.actions().get(command)
            if action is not None:
                action()
                return True
            self.say(_KEYS_ANSWER if self.session.revealed else _KEYS_QUESTION)

    def actions(self) -> dict[str, Callable[[], None]]:
        session = self.session
        actions: dict[str, Callable[[], None]] = {
            "u": self.undo,
            "b": self.done("Buried", session.bury_card),
            "-": self.done("Buried", session.bury_card),
            "=": self.done("Buried the note", session.bury_note),
            "s": self.done("Suspended", session.suspend_card),
            "@": self.done("Suspended", session.suspend_card),
            "!": self.done("Suspended the note", session.suspend_note),
        }
        if session.revealed:
            for rating in Rating:
                actions[str(int(rating))] = self.rate(rating)
        return actions

    def done(self, what: str, act: Callable[[], None]) -> Callable[[], None]:
        def run() -> None:
            act()
            self.say(f"{what}.")

        return run

    def rate(self, rating: Rating) -> Callable[[], None]:
        def run() -> None:
            self.session.answer(rating)

        return run

    def undo(self) -> None:
        undone = self.session.undo()
        self.say(f"{undone}." if undone else "Nothing to undo.")

    def show_question(self) -> None:
        card = self.session.current
        assert card is not None
        counts = self.session.counts()
        self.say()
        self.say(
            f"[{card.deck_title}]  new {counts.new} · learn {counts.learning} · due {counts.review}"
        )
        self.say(f"Q: {card.card.front}")

    def show_answer(self) -> None:
        card = self.session.current
        assert card is not None
        self.say(f"A: {card.card.back}")
        if card.context and card.context not in card.card.back:
            self.say(f"   {card.context}")
        source = card.card.source
        if source.path:
            where = f"{source.path}:{source.line}" if source.line else source.path
            self.say(f"   ({source.heading} · {where})" if source.heading else f"   ({where})")
        self.say(
            "  ".join(
                f"{int(p.rating)} {RATING_NAMES[p.rating]} {p.label}"
                for p in self.session.previews()
            )
        )

    def finish(self) -> None:
        summary = self.session.summary()
        minutes = summary.seconds / 60
        cards = "card" if summary.studied == 1 else "cards"
        line = f"Studied {summary.studied} {cards} in {minutes:.1f} min"
        if summary.studied:
            line += f", again {summary.again} ({summary.again / summary.studied:.0%})"
        self.say(line + ".")
        if summary.next_due is not None:
            self.say(f"Next card due {local_minute(summary.next_due)}.")
