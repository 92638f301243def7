"""Exporting N notes to .apkg against bare genanki writing the same notes, in the same run.

    python bench/bench_export.py [N]        (default 10000)

Half the notes are Q/A, half clozes with two deletions (15,000 cards for 10,000 notes), two
tags each: the mix genanki's own speed was first measured on (0.46 s for the 10,000).
Bare genanki gets the same fields, GUIDs and models, and skips what we add on top: HTML
escaping, per-note modification times, the source field, and (second line) scheduling
with FSRS memory state and two review-log rows per card. The target is a ratio of at most 1.5.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path

import genanki

from studycards.clock import FrozenClock, StudyDay
from studycards.interop.anki_export import _model, write_apkg
from studycards.model import (
    CardRecord,
    LoggedReview,
    Note,
    NoteRecord,
    NoteType,
    Rating,
    Review,
    Schedule,
    Source,
    State,
    card_id_for,
    note_id_for,
)

NOW = datetime(2026, 3, 4, 12, tzinfo=timezone.utc)


def make_records(count: int, *, history: bool) -> list[NoteRecord]:
    records = []
    for index in range(count):
        tags = (f"t{index % 10}", "bench")
        source = Source(f"notes/n{index // 100}.md", index % 100 + 1, "Section")
        if index % 2:
            fields = {"question": f"Question {index} & more?", "answer": f"Answer {index}"}
            note = Note(
                note_id_for(NoteType.BASIC, fields["question"]),
                NoteType.BASIC,
                "Bench::Sub",
                fields,
                tags,
                source,
            )
            ords: tuple[int, ...] = (0,)
        else:
            text = f"{{{{c1::Canberra {index}}}}} is the capital of {{{{c2::Australia}}}}"
            fields = {"text": text, "extra": "extra"}
            note = Note(
                note_id_for(NoteType.CLOZE, text),
                NoteType.CLOZE,
                "Bench",
                fields,
                tags,
                source,
            )
            ords = (0, 1)
        cards = tuple(_card(note.note_id, o, history, index) for o in ords)
        records.append(NoteRecord(note=note, cards=cards, modified=NOW - timedelta(days=1)))
    return records


def _card(note_id: str, ord_: int, history: bool, index: int) -> CardRecord:
    if not history:
        return CardRecord(ord=ord_, schedule=Schedule())
    # A person answers one card at a time: every answer has its own moment.
    spread = timedelta(seconds=7 * index + ord_)
    first, second = NOW - timedelta(days=9) + spread, NOW - timedelta(days=2) + spread
    learning = Schedule(
        State.LEARNING,
        step=0,
        stability=2.3,
        difficulty=5.0,
        due=first + timedelta(minutes=10),
        last_review=first,
        reps=1,
        lapses=0,
    )
    review = Schedule(
        State.REVIEW,
        step=None,
        stability=9.1,
        difficulty=4.8,
        due=NOW + timedelta(days=7),
        last_review=second,
        reps=2,
        lapses=0,
    )
    card_id = card_id_for(note_id, ord_)
    log = (
        LoggedReview(
            review=Review(card_id, Rating.GOOD, first, 3000), before=Schedule(), after=learning
        ),
        LoggedReview(
            review=Review(card_id, Rating.GOOD, second, 2500), before=learning, after=review
        ),
    )
    return CardRecord(ord=ord_, schedule=review, history=log)


def bare_genanki(records: list[NoteRecord], path: Path) -> None:
    decks: dict[str, genanki.Deck] = {}
    for index, record in enumerate(records):
        note = record.note
        deck = decks.setdefault(note.deck, genanki.Deck(2_000_000 + len(decks), note.deck))
        fields = list(note.fields.values())
        if note.type is NoteType.BASIC:
            fields.append("")
        deck.add_note(
            genanki.Note(
                model=_model(note.type),
                fields=[*fields, "", note.note_id],
                tags=list(note.tags),
                guid=genanki.guid_for("studycards", index),
            )
        )
    genanki.Package(list(decks.values())).write_to_file(str(path), timestamp=NOW.timestamp())


def best_of(runs: int, work: Callable[[], None]) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return min(times) if runs < 3 else statistics.median(times)


def main(count: int) -> None:
    plain = make_records(count, history=False)
    scheduled = make_records(count, history=True)
    clock = FrozenClock(NOW)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)

        def ours(records: list[NoteRecord], sched: bool) -> Callable[[], None]:
            def run() -> None:
                write_apkg(
                    records,
                    out / "ours.apkg",
                    with_scheduling=sched,
                    media_dir=None,
                    clock=clock,
                    study_day=StudyDay(),
                )

            return run

        bare_genanki(plain[:50], out / "warm.apkg")  # imports and model caches warmed for both
        ours(plain[:50], False)()
        peer = best_of(3, lambda: bare_genanki(plain, out / "genanki.apkg"))
        mine = best_of(3, ours(plain, False))
        mine_sched = best_of(3, ours(scheduled, True))
    cards = sum(len(r.cards) for r in plain)
    print(f"export {count} notes / {cards} cards")
    print(f"  genanki alone            {peer:6.3f} s")
    print(f"  studycards write_apkg    {mine:6.3f} s   ratio {mine / peer:4.2f}  (target <= 1.5)")
    print(
        f"  ... --with-scheduling    {mine_sched:6.3f} s   ratio {mine_sched / peer:4.2f}  ({2 * cards} revlog rows)"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
