"""Collections, deck files and child processes for the fault tests.

A child studies through the real Session and prints `card_id rating` after each answer has
returned (so after its transaction committed); the parent compares those lines with the log.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from collections import Counter
from pathlib import Path

from studycards.clock import FrozenClock
from studycards.collection import Collection
from studycards.model import Deck
from studycards.notes.deckfile import render_deck
from studycards.study import today
from tests.builders import batch, questions

STUDY = """
import sys
from pathlib import Path
from studycards.collection import Collection
from studycards.model import Rating
from studycards.study.session import Session
path, count, offset = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
ratings = [Rating.GOOD, Rating.AGAIN, Rating.HARD, Rating.EASY, Rating.GOOD]
with Collection.open(path) as col:
    session = Session(col)
    print("ready", flush=True)
    for i in range(count):
        if session.current is None:
            break
        card_id = session.current.card.card_id
        rating = ratings[(i + offset) % len(ratings)]
        session.reveal()
        session.answer(rating)
        print(card_id, int(rating), flush=True)
print("done", flush=True)
"""


def write_deck(folder: Path, deck: str, count: int) -> Path:
    """A deck file of `count` questions, as `studycards build` writes them."""
    path = folder / f"{deck.lower().replace(' ', '-')}.md"
    notes = questions(deck, count, f"{deck} question ")
    path.write_text(render_deck(Deck(deck, tuple(notes))), encoding="utf-8")
    return path


def make_collection(path: Path, clock: FrozenClock, deck: str, count: int) -> None:
    """A collection of `count` questions that a session may study all at once."""
    with Collection.open(path, clock) as col:
        col.import_batch(batch("faults.md", (deck, questions(deck, count, f"{deck} question "))))
        col.set_options(deck, new_per_day=9999, reviews_per_day=9999)
        col.set_study_all_limits(new_per_day=9999, reviews_per_day=9999)


def study_process(path: Path, count: int, offset: int = 0) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", STUDY, str(path), str(count), str(offset)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )


def answers_of(lines: list[str]) -> Counter[tuple[str, int]]:
    """The `card_id rating` lines a child printed, as a multiset."""
    out: Counter[tuple[str, int]] = Counter()
    for line in lines:
        parts = line.split()
        if len(parts) == 2 and parts[1].isdigit():
            out[(parts[0], int(parts[1]))] += 1
    return out


def logged(path: Path) -> Counter[tuple[str, int]]:
    """Every (card id, rating) in the collection's review log, as a multiset."""
    conn = sqlite3.connect(path)
    try:
        return Counter(
            conn.execute(
                "SELECT c.card_id, r.rating FROM revlog r JOIN cards c ON c.id = r.card"
            ).fetchall()
        )
    finally:
        conn.close()


def check_sound(path: Path) -> None:
    """The file opens as a collection, passes SQLite's integrity check, and every card's
    reps equal its log rows (an answer is its card update and its log row, or neither)."""
    with Collection.open(path) as col:
        conn = col.store.conn
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        mismatched = conn.execute(
            "SELECT card_id, reps, (SELECT count(*) FROM revlog r WHERE r.card = c.id) "
            "FROM cards c WHERE reps != (SELECT count(*) FROM revlog r WHERE r.card = c.id)"
        ).fetchall()
        assert mismatched == []
        today.status(col)


def write_notes(folder: Path, count: int, *, per_folder: int = 50) -> list[Path]:
    """`count` Markdown notes of our own in sub-folders: two glossed terms and a sentence
    with a figure each (three notes and five cards)."""
    paths = []
    for n in range(count):
        path = folder / f"part-{n // per_folder:02d}" / f"note-{n:04d}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(
            f"---\ntitle: Notebook page {n}\n---\n# Page {n}\n\n"
            f"The **quillon{n}** (the cross-guard of sword number {n}) was bent, and the "
            f"**ricasso{n}** (the blunt part of blade {n} above the guard) was worn.\n\n"
            f"The smith of workshop {n} forged about {100 + n}% more blades than his father.\n",
            encoding="utf-8",
        )
        paths.append(path)
    return paths
