"""Progress kept, not recomputed: what Anki reports for a package (due dates, intervals, FSRS
memory state, the review log) against what studycards makes of the same package."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from anki.collection import Collection as AnkiCollection
from anki.collection import ImportAnkiPackageOptions, ImportAnkiPackageRequest

from studycards.clock import FrozenClock
from studycards.collection import Collection
from studycards.interop.readers import read_import
from studycards.model import ReviewKind, State, anki_note_id, card_id_for

from .anki_fixtures import (
    TUNED_PARAMETERS,
    ProgressDeck,
    build_anki_deck,
    build_fsrs_deck,
    build_v1_deck,
)

_REVIEW = 2


@dataclass(frozen=True)
class Theirs:
    """A card as the judge reports it."""

    card_id: str  # ours
    type: int
    due_day: date | None  # a review card's
    interval: int
    stability: float | None
    difficulty: float | None
    computed: tuple[float, float] | None  # the memory state Anki computes from the log
    log: list[tuple[int, int]]  # (revlog type, ease) of each entry, in order
    steps_left: int  # a learning card's


@dataclass(frozen=True)
class Ours:
    card_id: str
    state: State
    due_day: date | None
    interval: int | None
    stability: float | None
    difficulty: float | None
    log: list[tuple[ReviewKind, int | None]]
    step: int | None


def judge(package: Path, folder: Path, today: date) -> dict[str, Theirs]:
    """The package in a fresh Anki collection, progress and presets included."""
    folder.mkdir()
    col = AnkiCollection(str(folder / "collection.anki2"))
    try:
        options = ImportAnkiPackageOptions(with_scheduling=True, with_deck_configs=True)
        col.import_anki_package(
            ImportAnkiPackageRequest(package_path=str(package), options=options)
        )
        out = {}
        db = col.db
        assert db is not None
        for cid in col.find_cards(""):
            card = col.get_card(cid)
            ours = card_id_for(anki_note_id(card.note().guid), card.ord)
            memory = card.memory_state
            computed = col.compute_memory_state(cid)
            out[ours] = Theirs(
                card_id=ours,
                type=card.type,
                due_day=today + timedelta(days=card.due - col.sched.today)
                if card.type == _REVIEW
                else None,
                interval=card.ivl,
                stability=memory.stability if memory else None,
                difficulty=memory.difficulty if memory else None,
                computed=(computed.stability, computed.difficulty or 0.0)
                if computed.stability
                else None,
                log=[
                    (kind, ease)
                    for kind, ease in db.all(
                        "SELECT type, ease FROM revlog WHERE cid = ? ORDER BY id", cid
                    )
                ],
                steps_left=card.left % 1000,
            )
        return out
    finally:
        col.close()


def ours(package: Path, folder: Path, clock: FrozenClock) -> tuple[dict[str, Ours], Any]:
    batch = read_import(package, media_dir=folder / "media")
    assert batch is not None
    with Collection.open(folder / "col.db", clock) as col:
        col.import_batch(batch)
        logs: dict[str, list[tuple[ReviewKind, int | None]]] = {}
        for entry in col.history():
            logs.setdefault(entry.card_id, []).append(
                (entry.kind, None if entry.rating is None else int(entry.rating))
            )
        out = {}
        for row in col.card_rows():
            day = col.study_day.day_of
            due = day(row.due) if row.due and row.state is State.REVIEW else None
            last = day(row.last_review) if row.last_review else None
            out[row.card.card_id] = Ours(
                row.card.card_id,
                row.state,
                due,
                (due - last).days if due and last else None,
                row.stability,
                row.difficulty,
                logs.get(row.card.card_id, []),
                col.store.conn.execute(
                    "SELECT step FROM cards WHERE card_id = ?", (row.card.card_id,)
                ).fetchone()[0],
            )
        presets = {name: col.preset_of(name) for name in col.decks()}
    return out, presets


@dataclass
class Compared:
    theirs: dict[str, Theirs]
    ours: dict[str, Ours]
    presets: Any
    deck: ProgressDeck | None = None

    def review_cards(self) -> Iterator[tuple[Theirs, Ours]]:
        for card_id, them in self.theirs.items():
            if them.type == _REVIEW:
                yield them, self.ours[card_id]

    def due_day_match(self) -> float:
        pairs = list(self.review_cards())
        return sum(them.due_day == us.due_day for them, us in pairs) / len(pairs)


def compare(package: Path, tmp: Path, deck: ProgressDeck | None = None) -> Compared:
    now = datetime.now(timezone.utc)
    clock = FrozenClock(now)
    mine, presets = ours(package, tmp / "ours", clock)
    with Collection.open(tmp / "today.db", clock) as col:
        today = col.today()
    return Compared(judge(package, tmp / "judge", today), mine, presets, deck)


@pytest.fixture(scope="module")
def fsrs(tmp_path_factory: pytest.TempPathFactory) -> Compared:
    folder = tmp_path_factory.mktemp("fsrs")
    deck = build_fsrs_deck(folder / "maker")
    return compare(deck.path, folder, deck)


@pytest.fixture(scope="module")
def v1(tmp_path_factory: pytest.TempPathFactory) -> Compared:
    folder = tmp_path_factory.mktemp("v1")
    deck = build_v1_deck(folder / "maker")
    return compare(deck.path, folder, deck)


def test_review_cards_are_due_on_anki_days_after_anki_intervals(fsrs: Compared) -> None:
    pairs = list(fsrs.review_cards())
    assert len(pairs) >= 4
    for them, us in pairs:
        assert us.state is State.REVIEW
        assert (us.due_day, us.interval) == (them.due_day, them.interval), them.card_id
    assert fsrs.due_day_match() == 1.0


def test_anki_memory_state_is_kept_exactly(fsrs: Compared) -> None:
    assert fsrs.deck is not None
    bare = {card_id_for(anki_note_id(guid), 0) for guid in fsrs.deck.without_memory}
    kept = [(them, fsrs.ours[them.card_id]) for them in fsrs.theirs.values() if them.stability]
    assert {them.card_id for them, _ in kept}.isdisjoint(bare) and len(kept) >= 4
    for them, us in kept:
        assert us.stability == pytest.approx(them.stability, rel=1e-5)
        assert us.difficulty == pytest.approx(them.difficulty, rel=1e-5)


def test_without_it_the_memory_comes_from_the_history_under_the_decks_preset(
    fsrs: Compared,
) -> None:
    assert fsrs.deck is not None
    for guid in fsrs.deck.without_memory:
        card_id = card_id_for(anki_note_id(guid), 0)
        them, us = fsrs.theirs[card_id], fsrs.ours[card_id]
        assert them.stability is None and them.computed is not None
        assert us.stability == pytest.approx(them.computed[0], rel=1e-3)
        assert us.difficulty == pytest.approx(them.computed[1], rel=1e-3)
        assert us.due_day == them.due_day or them.type != _REVIEW


def test_a_learning_card_stays_on_its_step(fsrs: Compared) -> None:
    learning = [them for them in fsrs.theirs.values() if them.type == 1]
    assert learning
    steps = len(fsrs.presets["Spanish::Verbs"].learning_steps)
    for them in learning:
        us = fsrs.ours[them.card_id]
        assert us.state is State.LEARNING and us.step == steps - them.steps_left


def test_the_decks_preset_comes_along(fsrs: Compared) -> None:
    options = fsrs.presets["Spanish::Verbs"]
    assert options.desired_retention == pytest.approx(0.95)
    assert options.parameters == pytest.approx(TUNED_PARAMETERS, rel=1e-6)
    assert fsrs.presets["Spanish"].desired_retention == pytest.approx(0.9)  # its parent


def test_every_log_entry_is_in_the_history(fsrs: Compared, v1: Compared) -> None:
    for compared in (fsrs, v1):
        for card_id, them in compared.theirs.items():
            assert [rating for _, rating in compared.ours[card_id].log] == [
                ease for _, ease in them.log
            ], card_id


def test_a_v1_collections_learning_buttons_are_read_as_v1_meant_them(v1: Compared) -> None:
    """Anki renumbers a v1 collection's learning answers when it imports it; so do we: its
    graduated cards stay review cards, due when Anki has them due."""
    graduated = [them for them in v1.theirs.values() if them.type == _REVIEW]
    assert len(graduated) >= 4
    assert all(v1.ours[them.card_id].state is State.REVIEW for them in graduated)
    assert v1.due_day_match() == 1.0
    eases = sorted(ease for them in v1.theirs.values() for _, ease in them.log)
    assert eases.count(4) >= 3  # Easy, which v1 wrote as 3 on a learning card


def test_a_deck_exported_with_its_history_keeps_its_due_days(tmp_path: Path) -> None:
    deck = build_anki_deck(tmp_path / "maker", "french.apkg", legacy=False)
    compared = compare(deck.path, tmp_path)
    assert list(compared.review_cards())
    assert compared.due_day_match() == 1.0
