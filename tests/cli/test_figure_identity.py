"""A corrected figure keeps its card and its history, and so do the other figures of its
sentence: imported through the real command into a real collection."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.clirun import Studycards

NOTE = """---
title: Dams
---
# Dams

## The lower dam

The lower dam cost $150 million and holds back 40% of the spring floods.
"""


@pytest.fixture
def sc(tmp_path: Path) -> Studycards:
    return Studycards(tmp_path / "collection.db")


def _figures(sc: Studycards) -> dict[str, str]:
    """card id → answer of every figure card."""
    cards = sc("cards", "--json").json_lines()
    return {c["card_id"]: c["answer"] for c in cards if c["kind"] == "figure"}


def _answered(sc: Studycards) -> list[str]:
    return [r["card_id"] for r in sc("history", "--json").json_lines()]


def test_a_corrected_figure_and_its_sibling_keep_their_cards_and_history(
    sc: Studycards, tmp_path: Path
) -> None:
    note = tmp_path / "notes" / "dams.md"
    note.parent.mkdir()
    note.write_text(NOTE, encoding="utf-8")
    sc("import", str(note.parent))
    first = _figures(sc)
    assert sorted(first.values()) == ["$150 million", "40%"]
    # One card of the sentence is studied today (its sibling waits, as Anki buries it).
    sc("review", "--plain", input="\n3\nq\n")
    (studied,) = _answered(sc)
    sibling = next(card for card in first if card != studied)
    for old, new in (("$150 million", "$170 million"), ("40%", "45%")):
        note.write_text(note.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
        [report] = sc("import", str(note.parent), "--json").json_lines()
        assert (report["added"], report["orphaned"]) == (0, 0)
        now = _figures(sc)
        # The same two cards, one of them showing the corrected figure.
        assert set(now) == set(first)
        assert new in now.values() and old not in now.values()
        assert _answered(sc) == [studied]
    assert sorted(_figures(sc).values()) == ["$170 million", "45%"]
    assert sibling in _figures(sc)
