"""`studycards export --with-scheduling` of a few-thousand-card collection: the streamed export
(notes in batches, the review log as plain rows) writes exactly what the in-memory one
writes, and Anki takes every answer and every card's progress from it."""

from __future__ import annotations

import sqlite3
import zipfile
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from studycards.clock import FrozenClock
from studycards.collection import Collection, reading
from studycards.interop.anki_export import write_apkg
from studycards.model import Deck, ImportBatch, NoteType, Rating, Review, card_id_for
from tests.builders import note

from .conftest import T0, import_apkg

NOTES = 1500  # basic notes, every third with its reverse card: 2,000 cards


@pytest.fixture
def studied(tmp_path: Path, clock: FrozenClock) -> Path:
    """A collection whose cards were answered 0–4 times over the last weeks; two cards
    answered in the same millisecond (Anki needs unique revlog ids)."""
    notes = tuple(
        note(
            NoteType.BASIC,
            "Big::Sub" if index % 2 else "Big",
            {"question": f"Question {index}?", "answer": f"Answer {index}"},
            reversed=index % 3 == 0,
            line=index + 1,
        )
        for index in range(NOTES)
    )
    reviews = []
    for index, n in enumerate(notes):
        for ord_ in (0, 1) if n.reversed else (0,):
            card_id = card_id_for(n.note_id, ord_)
            for answer in range(index % 5):
                when = T0 - timedelta(days=4 * (4 - answer), seconds=index * 7 + ord_)
                rating = Rating.AGAIN if (index + answer) % 7 == 0 else Rating.GOOD
                reviews.append(Review(card_id, rating, when, 1000 + index))
    same_moment = T0 - timedelta(days=1)
    reviews += [
        Review(card_id_for(notes[1].note_id, 0), Rating.GOOD, same_moment, 900),
        Review(card_id_for(notes[2].note_id, 0), Rating.HARD, same_moment, 800),
    ]
    path = tmp_path / "collection.db"
    with Collection.open(path, clock) as col:
        col.import_batch(
            ImportBatch(origin="big.md", decks=(Deck("Big", notes),), reviews=tuple(reviews))
        )
    return path


def package_rows(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """The package's notes, cards and review log, keyed by GUID and ord, not by the ids
    genanki draws from the clock."""
    folder = path.with_suffix("")
    with zipfile.ZipFile(path) as archive:
        archive.extract("collection.anki2", folder)
    con = sqlite3.connect(folder / "collection.anki2")
    try:
        return {
            "notes": sorted(con.execute("SELECT guid, mid, mod, tags, flds FROM notes")),
            "cards": sorted(
                con.execute(
                    "SELECT n.guid, c.ord, c.did, c.type, c.queue, c.due, c.ivl, c.factor,"
                    " c.reps, c.lapses, c.left, c.flags, c.data FROM cards c"
                    " JOIN notes n ON n.id = c.nid"
                )
            ),
            "revlog": sorted(
                con.execute(
                    "SELECT r.id, n.guid, c.ord, r.ease, r.ivl, r.lastIvl, r.factor, r.time,"
                    " r.type FROM revlog r JOIN cards c ON c.id = r.cid"
                    " JOIN notes n ON n.id = c.nid"
                )
            ),
        }
    finally:
        con.close()


def test_streamed_export_writes_what_the_in_memory_export_writes(
    studied: Path, tmp_path: Path, clock: FrozenClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Collection.open(studied, clock) as col:
        options: dict[str, Any] = {
            "with_scheduling": True,
            "media_dir": None,
            "clock": clock,
            "study_day": col.study_day,
        }
        whole = write_apkg(list(col.note_records()), tmp_path / "whole.apkg", **options)
        history_rows = sum(1 for _ in col.review_log())

        def no_objects(row: tuple[Any, ...]) -> Any:
            raise AssertionError("the streamed export built an object per logged answer")

        monkeypatch.setattr(reading, "_logged", no_objects)
        streamed = write_apkg(
            col.note_records(with_history=False),
            tmp_path / "streamed.apkg",
            review_log=col.export_log(),
            **options,
        )

    assert (streamed.notes, streamed.cards) == (whole.notes, whole.cards) == (NOTES, 2000)
    assert streamed.reviews == whole.reviews == history_rows
    mine, reference = package_rows(streamed.path), package_rows(whole.path)
    assert mine == reference
    ids = [row[0] for row in mine["revlog"]]
    assert len(set(ids)) == len(ids) == history_rows


def test_anki_takes_every_answer_and_every_cards_progress(
    studied: Path, tmp_path: Path, clock: FrozenClock, anki_col: Any
) -> None:
    out = tmp_path / "big.apkg"
    with Collection.open(studied, clock) as col:
        result = write_apkg(
            col.note_records(with_history=False),
            out,
            with_scheduling=True,
            media_dir=None,
            clock=clock,
            study_day=col.study_day,
            review_log=col.export_log(),
        )
        ours = {row.card.card_id: row for row in col.card_rows()}
        history = sum(1 for _ in col.history())

    import_apkg(anki_col, out, with_scheduling=True)

    assert result.reviews == history
    assert anki_col.db.scalar("SELECT count() FROM revlog") == history
    assert anki_col.card_count() == len(ours) == 2000
    studied_cards = anki_col.db.all("SELECT reps, type, data FROM cards WHERE reps > 0")
    assert len(studied_cards) == sum(1 for row in ours.values() if row.reps > 0)
    assert all(card_type != 0 and '"s":' in data for _, card_type, data in studied_cards)
    # Each card's answers are its own: Anki's per-card log counts equal our reps.
    per_card = dict(anki_col.db.all("SELECT cid, count() FROM revlog GROUP BY cid"))
    reps = dict(anki_col.db.all("SELECT id, reps FROM cards"))
    assert all(per_card.get(cid, 0) == count for cid, count in reps.items())
