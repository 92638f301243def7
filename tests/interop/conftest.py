"""The real Anki library as the judge of our packages, and notes built by hand."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import anki.collection as anki_collection
import pytest
from anki.import_export_pb2 import ImportAnkiPackageUpdateCondition

from studycards.model import (
    CardRecord,
    LoggedReview,
    Note,
    NoteRecord,
    NoteType,
    Rating,
    Review,
    Schedule,
    State,
    card_id_for,
)
from tests.builders import note

IF_NEWER = ImportAnkiPackageUpdateCondition.IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_IF_NEWER
T0 = datetime(2026, 3, 1, 9, 0, tzinfo=timezone.utc)


@pytest.fixture
def anki_col(tmp_path: Path) -> Iterator[Any]:
    """A fresh Anki collection in its own folder (media folder beside it)."""
    folder = tmp_path / "anki"
    folder.mkdir()
    col = anki_collection.Collection(str(folder / "collection.anki2"))
    try:
        yield col
    finally:
        col.close()


def import_apkg(col: Any, path: Path, *, with_scheduling: bool = False) -> Any:
    """Import with the options a person gets in Anki's dialog; returns the import log."""
    options = anki_collection.ImportAnkiPackageOptions(
        merge_notetypes=False,
        update_notes=IF_NEWER,  # Anki's default
        update_notetypes=IF_NEWER,
        with_scheduling=with_scheduling,
        with_deck_configs=False,
    )
    request = anki_collection.ImportAnkiPackageRequest(
        package_path=str(path.resolve()), options=options
    )
    return col.import_anki_package(request).log


def export_apkg(col: Any, path: Path) -> Path:
    """Export the whole collection as a person sharing progress would: a modern package with
    scheduling and media, without deck options."""
    col.export_anki_package(
        out_path=str(path),
        options=anki_collection.ExportAnkiPackageOptions(
            with_scheduling=True, with_deck_configs=False, with_media=True, legacy=False
        ),
        limit=None,
    )
    return path


def record(
    n: Note, *, ords: tuple[int, ...] = (0,), modified: datetime = T0, **card: Any
) -> NoteRecord:
    return NoteRecord(
        note=n,
        cards=tuple(CardRecord(ord=o, schedule=Schedule(), **card) for o in ords),
        modified=modified,
    )


def sample_notes() -> list[Note]:
    deck = "AI race::Chips"
    return [
        note(
            NoteType.TERM,
            deck,
            {
                "term": "先进制程",
                "english": "advanced process node",
                "abbr": "",
                "definition": "Chip manufacturing at 7 nm & below <not for export>",
            },
            tags=("policy", "chips and fabs"),
        ),
        note(NoteType.BASIC, deck, {"question": "Who makes EUV machines?", "answer": "ASML"}),
        note(
            NoteType.BASIC,
            "AI race",
            {"question": "H100", "answer": "Nvidia's 2022 data-centre GPU"},
            reversed=True,
        ),
        note(
            NoteType.FIGURE,
            deck,
            {
                "text": "China bought {{c1::$40 billion}} of chip tools",
                "context": "In 2024 China bought {{c1::$40 billion}} of chip tools, a record.",
            },
            key="China bought $40 billion of chip tools",
        ),
        note(
            NoteType.CLOZE,
            "AI race",
            {"text": "{{c1::TSMC}} is based in {{c2::Taiwan}}", "extra": "Line one\nLine two"},
            key="TSMC is based in Taiwan",
        ),
    ]


def sample_records(modified: datetime = T0) -> list[NoteRecord]:
    out = []
    for n in sample_notes():
        ords: tuple[int, ...] = (0, 1) if n.type is NoteType.TERM or n.reversed else (0,)
        if n.type is NoteType.CLOZE:
            ords = (0, 1)
        out.append(record(n, ords=ords, modified=modified))
    return out


def reviewed_card(note_id: str, ord_: int, now: datetime) -> CardRecord:
    """A review card answered twice, due in 5 days, with its FSRS memory state."""
    first_at = now - timedelta(days=12)
    second_at = now - timedelta(days=3)
    learning = Schedule(
        State.LEARNING,
        step=0,
        stability=2.3,
        difficulty=5.1,
        due=first_at + timedelta(minutes=10),
        last_review=first_at,
        reps=1,
        lapses=0,
    )
    review = Schedule(
        State.REVIEW,
        step=None,
        stability=8.4,
        difficulty=4.9,
        due=now + timedelta(days=5),
        last_review=second_at,
        reps=2,
        lapses=0,
    )
    history = (
        LoggedReview(
            review=Review(card_id_for(note_id, ord_), Rating.GOOD, first_at, 4200),
            before=Schedule(),
            after=learning,
        ),
        LoggedReview(
            review=Review(card_id_for(note_id, ord_), Rating.GOOD, second_at, 3100),
            before=learning,
            after=review,
        ),
    )
    return CardRecord(ord=ord_, schedule=review, desired_retention=0.9, history=history)
