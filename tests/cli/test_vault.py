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
    # The new file brings the notes; the old one is gone, with nothing left to orphan.
    assert [(Path(r["origin"]).name, r["gone"], r["added"], r["orphaned"]) for r in reports] == [
        ("waterways.md", False, 0, 0),
        ("canal.md", True, 0, 0),
    ]
    cards = sc("cards", "--json").json_lines()
    assert {c["card_id"] for c in cards} == before
    assert {c["deck"] for c in cards} == {"vault::archive::2024::Waterways"}
    assert [c["answer"] for c in cards if c["kind"] == "figure"] == ["125 km"]
    assert len(sc("history", "--json").json_lines()) == 1


def _vault(root: Path) -> Path:
    """A folder tree of four notes of our own in three folders."""
    notes = {
        "history/rivers.md": (
            "Rivers",
            "The **delta** (land built where a river drops its silt) grew.",
        ),
        "history/roads.md": (
            "Roads",
            "A **milestone** (a stone that marks a mile along a road) stood.",
        ),
        "science/tides.md": ("Tides", "The **neap tide** (the smallest tide of the month) came."),
        "inbox.md": ("Inbox", "The **quay** (a stone platform where ships load) was busy."),
    }
    for name, (title, body) in notes.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(_note(title, body))
    return root


def _by_term(sc: Studycards) -> dict[str, tuple[str, str, int]]:
    """term → (card id, deck, reps) of every term card in study."""
    return {
        c["front"]: (c["card_id"], c["deck"], c["reps"])
        for c in sc("cards", "--json").json_lines()
        if c["kind"] == "term"
    }


def test_a_folder_follows_notes_renamed_moved_edited_and_deleted(
    sc: Studycards, tmp_path: Path
) -> None:
    vault = _vault(tmp_path / "vault")
    first = sc("import", str(vault), "--json").json_lines()
    assert sum(r["added"] for r in first) == 8
    sc("review", "--plain", input="\n3\n" * 8 + "q\n")
    history = sc("history", "--json").json_lines()
    assert len(history) >= 4
    before = _by_term(sc)

    # Renamed in place, moved to another folder, edited (one term more), deleted.
    (vault / "history" / "rivers.md").rename(vault / "history" / "deltas.md")
    (vault / "science" / "archive").mkdir()
    (vault / "history" / "roads.md").rename(vault / "science" / "archive" / "roads.md")
    tides = vault / "science" / "tides.md"
    tides.write_text(
        tides.read_text() + "\nThe **spring tide** (the largest tide of the month) followed.\n"
    )
    (vault / "inbox.md").unlink()

    synced = sc("sync", "--json").json()
    assert synced["sources"] == [str(vault.resolve())]
    assert (synced["added"], synced["orphaned"]) == (2, 2)
    assert (synced["files_read"], synced["files_gone"]) == (3, 3)
    after = _by_term(sc)
    # Renamed and moved notes kept their cards and history; the deleted one left study.
    for term in ("delta", "milestone", "neap tide"):
        assert after[term][0] == before[term][0] and after[term][2] == before[term][2]
    assert "quay" not in after and "spring tide" in after
    assert sc("history", "--json").json_lines() == history
    ids = [c["card_id"] for c in sc("cards", "--json").json_lines()]
    assert len(ids) == len(set(ids)) == 8
    orphans = sc("orphans", "--json").json_lines()
    assert sorted(c["kind"] for c in orphans) == ["reverse", "term"]

    # Nothing changed since: nothing is read, and a sync says so.
    assert sc("import", str(vault), "--json").json_lines() == []
    assert "3 files unchanged" in sc("import", str(vault)).out
    again = sc("sync", "--json").json()
    assert (again["files_read"], again["files_gone"], again["files_unchanged"]) == (0, 0, 3)

    # The deleted note's cards go for good after a backup; the rest stays.
    assert "Deleted 2 orphaned cards" in sc("orphans", "--delete").out
    assert any("delete-orphans" in b["name"] for b in sc("backup", "list", "--json").json_lines())
    assert len(sc("cards", "--json").json_lines()) == 8


def test_a_folder_that_is_not_there_is_left_as_it_is(sc: Studycards, tmp_path: Path) -> None:
    vault = _vault(tmp_path / "vault")
    sc("import", str(vault))
    vault.rename(tmp_path / "unmounted")
    ran = sc.process("sync", "--json")
    assert ran.code == 0
    assert "the folder is not there" in ran.err
    assert len(sc("cards", "--json").json_lines()) == 8
    assert sc("orphans", "--json").json_lines() == []


def test_sync_without_folders_says_how_to_add_one(sc: Studycards) -> None:
    assert "studycards import FOLDER" in sc("sync").out


def _decks(sc: Studycards) -> list[str]:
    return [row["deck"] for row in sc("status", "--json").json()["decks"]]


def test_a_deck_its_notes_left_disappears_and_its_options_go_with_them(
    sc: Studycards, tmp_path: Path
) -> None:
    vault = _vault(tmp_path / "vault")
    sc("import", str(vault))
    sc("options", "vault::history::Rivers", "--new-per-day", "5")
    sc("review", "--plain", input="\n3\n" * 8 + "q\n")
    before = _by_term(sc)

    # The history folder's notes move to science, emptying it; the inbox note names a deck.
    for name in ("rivers.md", "roads.md"):
        (vault / "history" / name).rename(vault / "science" / name)
    inbox = vault / "inbox.md"
    inbox.write_text(inbox.read_text().replace("title: Inbox", "title: Inbox\ndeck: Harbour"))
    sc("sync")

    after = _by_term(sc)
    assert {term: (card, reps) for term, (card, _, reps) in after.items()} == {
        term: (card, reps) for term, (card, _, reps) in before.items()
    }
    assert after["delta"][1] == "vault::science::Rivers" and after["quay"][1] == "Harbour"
    # Emptied decks are gone (vault::history with its leaves, vault::Inbox); vault stays for
    # the decks under it. The options given to Rivers came with its notes to their new deck.
    assert _decks(sc) == [
        "Harbour",
        "vault",
        "vault::science",
        "vault::science::Rivers",
        "vault::science::Roads",
        "vault::science::Tides",
    ]
    assert sc("options", "vault::science::Rivers", "--json").json()["new_per_day"] == 5
    assert sc("options", "vault::science::Roads", "--json").json()["new_per_day"] == 20
    # Gone from the collection, not only hidden: another deck can take the name.
    sc("deck", "rename", "Harbour", "vault::history")
    assert "vault::history" in _decks(sc)
