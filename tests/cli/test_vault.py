"""A folder of notes kept over time: notes moved, renamed, edited and templated, imported
again and again through the real command."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.clirun import Studycards


@pytest.fixture
def sc(tmp_path: Path) -> Studycards:
    return Studycards(tmp_path / "collection.db")


def _note(title: str, body: str) -> str:
    return f"---\ntitle: {title}\n---\n# {title}\n\n{body}\n"


def _figures(sc: Studycards) -> dict[str, str]:
    """card id → answer of every figure card."""
    cards = sc("cards", "--json").json_lines()
    return {c["card_id"]: c["answer"] for c in cards if c["kind"] == "figure"}


def test_sentences_alike_but_for_their_figures_in_two_notes_are_two_cards(
    sc: Studycards, tmp_path: Path
) -> None:
    """Daily notes written from one template: each day's figure is its own card."""
    vault = tmp_path / "vault"
    (vault / "days").mkdir(parents=True)
    sentence = "This morning the tide gauge at the pier showed the water {}% above the mark."
    (vault / "days" / "monday.md").write_text(_note("Monday", sentence.format("24")))
    (vault / "days" / "tuesday.md").write_text(_note("Tuesday", sentence.format("31")))
    sc("import", str(vault))
    first = _figures(sc)
    assert sorted(first.values()) == ["24%", "31%"]
    # Read again, and with Tuesday's note imported on its own: nothing moves.
    for path in (vault, vault / "days" / "tuesday.md", vault):
        reports = sc("import", str(path), "--json").json_lines()
        assert all(r["added"] == r["updated"] == r["orphaned"] == 0 for r in reports), reports
        assert _figures(sc) == first
    # A third day, imported alone, is a third card.
    (vault / "days" / "wednesday.md").write_text(_note("Wednesday", sentence.format("19")))
    [report] = sc("import", str(vault / "days" / "wednesday.md"), "--json").json_lines()
    assert report["added"] == 1
    assert len(_figures(sc)) == 3


def test_a_note_moved_to_another_folder_with_a_figure_corrected_keeps_its_cards(
    sc: Studycards, tmp_path: Path
) -> None:
    vault = tmp_path / "vault"
    (vault / "inbox").mkdir(parents=True)
    old = vault / "inbox" / "canal.md"
    old.write_text(
        _note(
            "Canal",
            "The **lock keeper** (the person who opens the gates of a canal lock) lived there. "
            "The canal climbed about 120 km over its whole length to the hills.",
        )
    )
    sc("import", str(vault))
    before = {c["card_id"] for c in sc("cards", "--json").json_lines()}
    sc("review", "--plain", input="\n3\nq\n")
    (vault / "archive" / "2024").mkdir(parents=True)
    new = vault / "archive" / "2024" / "waterways.md"
    new.write_text(
        old.read_text().replace("title: Canal", "title: Waterways").replace("120 km", "125 km")
    )
    old.unlink()
    reports = sc("import", str(vault), "--json").json_lines()
    assert [(r["added"], r["orphaned"]) for r in reports] == [(0, 0)]
    cards = sc("cards", "--json").json_lines()
    assert {c["card_id"] for c in cards} == before
    assert {c["deck"] for c in cards} == {"Waterways"}
    assert [c["answer"] for c in cards if c["kind"] == "figure"] == ["125 km"]
    assert len(sc("history", "--json").json_lines()) == 1
