"""Answer a card and get the next one: studycards vs the real Anki library, same size.

Builds two collections of CARDS cards (basic notes in 10 subdecks of one parent) with
REVLOG review-log rows, most cards in review with a backlog due today, then times
`reveal + answer(Good) + next card` in a studycards Session against Anki's v3 scheduler
(`getCard` + `answerCard`, FSRS on) on the same data, and `status` against Anki's deck tree.

    .venv/bin/python bench/bench_session.py [--cards 100000] [--revlog 1000000] [--answers 300]
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from studycards.clock import system_clock
from studycards.collection import Collection
from studycards.model import Deck, ImportBatch, Note, NoteType, Rating, note_id_for
from studycards.study import today
from studycards.study.session import Session

DECKS = 10
DAY_MS = 86_400_000


def _notes(deck: str, count: int, offset: int) -> tuple[Note, ...]:
    return tuple(
        Note(
            note_id_for(NoteType.BASIC, f"question {offset + i}"),
            NoteType.BASIC,
            deck,
            {"question": f"question {offset + i}", "answer": f"answer {offset + i}"},
        )
        for i in range(count)
    )


def _plan(cards: int, seed: int = 5) -> list[tuple[float, int]]:
    """(stability days, days since last review) per card; about 3% due today or overdue."""
    rng = random.Random(seed)
    plan = []
    for _ in range(cards):
        stability = rng.uniform(2, 200)
        elapsed = rng.uniform(0, stability * 1.03)
        plan.append((stability, int(elapsed)))
    return plan


def build_ours(path: Path, cards: int, revlog: int) -> tuple[Collection, float]:
    col = Collection.open(path, system_clock, fuzz=True)
    per_deck = cards // DECKS
    started = time.perf_counter()
    for d in range(DECKS):
        name = f"Bench::D{d}"
        col.import_batch(
            ImportBatch(
                origin=f"bench-{d}.md", decks=(Deck(name, _notes(name, per_deck, d * per_deck)),)
            )
        )
    import_seconds = time.perf_counter() - started
    now_ms = int(time.time() * 1000)
    conn = col.store.conn
    ids = [pk for (pk,) in conn.execute("SELECT id FROM cards ORDER BY id")]
    plan = _plan(len(ids))
    conn.execute("BEGIN")
    conn.executemany(
        "UPDATE cards SET state = 2, stability = ?, difficulty = 5.0, last_review = ?, due = ?, "
        "reps = 10, lapses = 0 WHERE id = ?",
        [
            (s, now_ms - e * DAY_MS, now_ms - e * DAY_MS + round(s) * DAY_MS, pk)
            for pk, (s, e) in zip(ids, plan, strict=True)
        ],
    )
    per_card = max(1, revlog // len(ids))
    rows = []
    for pk in ids:
        for k in range(per_card):
            at = now_ms - (per_card - k) * 3 * DAY_MS
            rows.append((pk, at, 3, 5000, 2, 3.0, 5.0, at, at, k, 0, 2, 3.0, 5.0, at, at, k + 1, 0))
        if len(rows) >= 200_000:
            _insert_ours(conn, rows)
            rows = []
    _insert_ours(conn, rows)
    conn.execute("COMMIT")
    col.set_options("Bench", reviews_per_day=9999)
    for d in range(DECKS):
        col.set_options(f"Bench::D{d}", reviews_per_day=9999)
    return col, import_seconds


def _insert_ours(conn: sqlite3.Connection, rows: Sequence[tuple[object, ...]]) -> None:
    conn.executemany(
        "INSERT INTO revlog (card, reviewed_at, rating, duration_ms, b_state, b_stability, "
        "b_difficulty, b_due, b_last_review, b_reps, b_lapses, a_state, a_stability, "
        "a_difficulty, a_due, a_last_review, a_reps, a_lapses) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        rows,
    )


def time_ours(col: Collection, answers: int) -> tuple[list[float], float, float]:
    started = time.perf_counter()
    session = Session(col, ["Bench"])
    build = time.perf_counter() - started
    times = []
    for _ in range(answers):
        if session.current is None:
            break
        began = time.perf_counter()
        session.reveal()
        session.answer(Rating.GOOD)
        assert session.current is not None
        times.append(time.perf_counter() - began)
    started = time.perf_counter()
    today.status(col)
    status = time.perf_counter() - started
    return times, build, status


def build_anki(path: Path, cards: int, revlog: int) -> object:
    from anki.collection import AddNoteRequest
    from anki.collection import Collection as AnkiCollection

    col = AnkiCollection(str(path))
    col.set_config("fsrs", True)
    basic = col.models.by_name("Basic")
    assert basic is not None
    per_deck = cards // DECKS
    col.decks.id("Bench")  # creates the parent deck before its subdecks
    for d in range(DECKS):
        did = col.decks.id(f"Bench::D{d}")
        assert did is not None
        requests = []
        for i in range(per_deck):
            note = col.new_note(basic)
            note["Front"] = f"question {d * per_deck + i}"
            note["Back"] = f"answer {d * per_deck + i}"
            requests.append(AddNoteRequest(note=note, deck_id=did))
        col.add_notes(requests)
    today = col.sched.today
    col.close()
    # Bulk rows go in with plain sqlite3: Anki's DB proxy is far slower for millions of rows,
    # and cards/revlog use no custom collation.
    conn = sqlite3.connect(path)
    ids = [cid for (cid,) in conn.execute("SELECT id FROM cards ORDER BY id")]
    plan = _plan(len(ids))
    conn.executemany(
        "UPDATE cards SET type = 2, queue = 2, ivl = ?, due = ?, factor = 2500, reps = 10, "
        "data = ? WHERE id = ?",
        [
            (round(s), today - e + round(s), f'{{"s":{s:.2f},"d":5.0,"dr":0.9}}', cid)
            for cid, (s, e) in zip(ids, plan, strict=True)
        ],
    )
    per_card = max(1, revlog // len(ids))
    now_ms = int(time.time() * 1000)
    next_id = now_ms - 10 * 365 * DAY_MS
    rows = []
    for cid in ids:
        for _ in range(per_card):
            next_id += 1
            rows.append((next_id, cid, -1, 3, 10, 5, 2500, 5000, 1))
    conn.executemany("INSERT INTO revlog VALUES (?,?,?,?,?,?,?,?,?)", rows)
    conn.commit()
    conn.close()
    return open_anki_bench(path)


def open_anki_bench(path: Path) -> Any:
    """Open the bench's Anki collection with no review cap and the parent deck selected, so
    Anki serves the same backlog as studycards."""
    from anki.collection import Collection as AnkiCollection

    col = AnkiCollection(str(path))
    for name in ["Bench", *(f"Bench::D{d}" for d in range(DECKS))]:
        deck = col.decks.by_name(name)
        assert deck is not None
        config = col.decks.config_dict_for_deck_id(deck["id"])
        config["rev"]["perDay"] = 9999
        col.decks.save(config)
    parent = col.decks.id("Bench")
    assert parent is not None
    col.decks.select(parent)
    return col


def time_anki(col: object, answers: int) -> tuple[list[float], float, float]:
    sched = col.sched  # type: ignore[attr-defined]
    started = time.perf_counter()
    card = sched.getCard()
    build = time.perf_counter() - started
    times = []
    for _ in range(answers):
        if card is None:
            break
        began = time.perf_counter()
        card.start_timer()
        sched.answerCard(card, 3)
        card = sched.getCard()
        assert card is not None
        times.append(time.perf_counter() - began)
    started = time.perf_counter()
    sched.deck_due_tree()
    status = time.perf_counter() - started
    return times, build, status


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=100_000)
    parser.add_argument("--revlog", type=int, default=1_000_000)
    parser.add_argument("--answers", type=int, default=300)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        ours, import_seconds = build_ours(Path(tmp) / "ours.db", args.cards, args.revlog)
        print(
            f"built studycards collection in {time.perf_counter() - started:.1f} s "
            f"(import of {args.cards:,} cards: {import_seconds:.1f} s)"
        )
        started = time.perf_counter()
        anki = build_anki(Path(tmp) / "anki.anki2", args.cards, args.revlog)
        print(f"built Anki collection in {time.perf_counter() - started:.1f} s")
        our_times, our_build, our_status = time_ours(ours, args.answers)
        anki_times, anki_build, anki_status = time_anki(anki, args.answers)
        ours.close()
        anki.close()  # type: ignore[attr-defined]
    ours_ms = statistics.median(our_times) * 1000
    anki_ms = statistics.median(anki_times) * 1000
    p95 = sorted(our_times)[int(len(our_times) * 0.95)] * 1000
    print(f"cards {args.cards:,}, review-log rows {args.revlog:,}, answers timed {len(our_times)}")
    print(
        f"answer + next card, median: studycards {ours_ms:.2f} ms (p95 {p95:.2f} ms), "
        f"Anki {anki_ms:.2f} ms, ratio {ours_ms / anki_ms:.2f}x (goal <= 2, and <= 2.5 ms)"
    )
    print(
        f"first card (queue build): studycards {our_build * 1000:.0f} ms, "
        f"Anki {anki_build * 1000:.0f} ms"
    )
    print(
        f"status / deck tree: studycards {our_status * 1000:.0f} ms, "
        f"Anki {anki_status * 1000:.0f} ms (goal <= 300 ms)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
