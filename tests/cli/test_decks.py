"""`studycards deck rename` and `studycards deck delete`, run as a user runs them: on deck
files imported into a real collection, with answers in its history."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.clirun import Studycards

DECK_FILES = {
    "spanish.md": ("Languages::Spanish", ["¿Cómo se dice hola?", "¿Y adiós?", "¿Y gracias?"]),
    "french.md": ("Languages::French", ["Comment dit-on bonjour ?", "Et merci ?"]),
    "history.md": ("History", ["When did the Berlin Wall fall?", "Who built Hadrian's Wall?"]),
}


def write_deck(path: Path, deck: str, questions: list[str]) -> None:
    notes = "\n".join(f"### basic\n- question: {q}\n- answer: yes\n" for q in questions)
    path.write_text(f"---\ndeck: {deck}\n---\n\n{notes}", encoding="utf-8")


@pytest.fixture
def sc(tmp_path: Path) -> Studycards:
    """Three deck files imported, and two Spanish cards answered."""
    folder = tmp_path / "decks"
    folder.mkdir()
    for name, (deck, questions) in DECK_FILES.items():
        write_deck(folder / name, deck, questions)
    studycards = Studycards(tmp_path / "collection.db")
    studycards("import", str(folder))
    ran = studycards.process("review", "Languages::Spanish", "--plain", input="\n4\n\n4\nq\n")
    assert "Studied 2 cards" in ran.out, ran.err
    return studycards


def decks_of(sc: Studycards) -> list[str]:
    return [row["deck"] for row in sc("status", "--json").json()["decks"]]


def history_by_card(sc: Studycards) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    for row in sc("history", "--json").json_lines():
        out.setdefault(row["card_id"], []).append(row["rating"])
    return out


def test_renaming_a_parent_moves_its_subtree_and_keeps_every_review(sc: Studycards) -> None:
    before = {row["card_id"]: row for row in sc("cards", "--json").json_lines()}
    history = history_by_card(sc)
    # The old name matches without regard to case, as in Anki.
    ran = sc("deck", "rename", "languages", "Study::Tongues", "--json")
    assert ran.json() == {"old": "Languages", "deck": "Study::Tongues"}
    assert decks_of(sc) == [
        "History",
        "Study",
        "Study::Tongues",
        "Study::Tongues::French",
        "Study::Tongues::Spanish",
    ]
    after = {row["card_id"]: row for row in sc("cards", "--json").json_lines()}
    assert set(after) == set(before)
    for card_id, row in after.items():
        old_deck = before[card_id]["deck"]
        expected = old_deck.replace("Languages", "Study::Tongues", 1)
        assert row["deck"] == expected
        assert {k: v for k, v in row.items() if k != "deck"} == {
            k: v for k, v in before[card_id].items() if k != "deck"
        }
    assert history_by_card(sc) == history
    assert sc("status", "--json").json()["totals"]["reviewed_today"] == 2
    # The old name still leads to the deck it became.
    assert len(sc("cards", "--deck", "Languages::Spanish", "--json").json_lines()) == 3


def test_a_rename_sticks_when_the_deck_files_are_imported_again(
    sc: Studycards, tmp_path: Path
) -> None:
    sc("deck", "rename", "Languages::Spanish", "Español")
    sc("import", str(tmp_path / "decks"))
    assert decks_of(sc) == ["Español", "History", "Languages", "Languages::French"]
    assert len(sc("cards", "--deck", "Español", "--json").json_lines()) == 3
    assert len(history_by_card(sc)) == 2


def test_renaming_onto_another_deck_or_into_itself_is_refused(sc: Studycards) -> None:
    before = sc("cards", "--json").out
    onto = sc.process("deck", "rename", "History", "languages::french")
    assert onto.code == 1
    assert onto.err == (
        "studycards: error: a deck named 'Languages::French' already exists; renaming never "
        "merges two decks: rename or delete that one first\n"
    )
    inside = sc.process("deck", "rename", "Languages", "Languages::Old")
    assert inside.code == 1
    assert "into its own subdeck" in inside.err
    empty = sc.process("deck", "rename", "History", " :: ")
    assert empty.code == 1
    assert "is no deck name" in empty.err
    unknown = sc.process("deck", "rename", "Histroy", "Past")
    assert unknown.code == 1
    assert unknown.err.startswith(
        "studycards: error: no deck named 'Histroy'; did you mean 'History'?"
    )
    assert sc("cards", "--json").out == before


def test_changing_only_the_case_of_a_name_is_a_rename(sc: Studycards) -> None:
    sc("deck", "rename", "history", "HISTORY")
    assert "HISTORY" in decks_of(sc)
    assert "History" not in decks_of(sc)
    # Every command takes the name in any case.
    assert sc("options", "history", "--new-per-day", "1", "--json").json()["deck"] == "HISTORY"
    rows = {row["deck"]: row for row in sc("status", "--json").json()["decks"]}
    assert rows["HISTORY"]["new"] == 1


def test_deleting_asks_first_and_no_changes_nothing(sc: Studycards) -> None:
    before = sc("cards", "--json").out
    ran = sc.process("deck", "delete", "Languages", input="n\n")
    assert ran.code != 0
    assert "Delete the deck 'Languages' (with 2 subdecks): 5 cards and 2 reviews" in ran.err
    assert sc("cards", "--json").out == before
    assert sc("backup", "list", "--json").json_lines()[-1]["name"].endswith("import.db")


def test_deleting_removes_cards_history_and_emptied_parents_and_a_backup_undoes_it(
    sc: Studycards,
) -> None:
    every_card = sc("cards", "--json").out
    every_answer = sc("history", "--json").out
    ran = sc.process("deck", "delete", "languages::spanish", input="y\n")
    assert ran.code == 0, ran.err
    assert "Deleted the deck 'Languages::Spanish': 3 cards and 2 reviews" in ran.out
    assert "Undo it with: studycards backup restore " in ran.out
    assert "Its notes are still in " in ran.out
    assert decks_of(sc) == ["History", "Languages", "Languages::French"]
    assert sc("history", "--json").out == ""
    # The parent goes too once it has no cards left.
    deleted = sc("deck", "delete", "Languages", "--yes", "--json").json()
    assert (deleted["deck"], deleted["decks"], deleted["cards"]) == ("Languages", 2, 2)
    assert decks_of(sc) == ["History"]
    options = sc.process("options", "Languages")
    assert options.code == 1 and "no deck named 'Languages'" in options.err
    # Restoring the first deletion's backup brings back every card with its history.
    first = ran.out.split("backup restore ", 1)[1].split()[0]
    sc("backup", "restore", first)
    assert sc("cards", "--json").out == every_card
    assert sc("history", "--json").out == every_answer


def test_a_deck_left_with_only_orphaned_cards_leaves_the_list(
    sc: Studycards, tmp_path: Path
) -> None:
    # The French notes leave their deck file: their cards are orphaned.
    write_deck(tmp_path / "decks" / "french.md", "Languages::French", [])
    sc("import", str(tmp_path / "decks" / "french.md"))
    assert decks_of(sc) == ["History", "Languages", "Languages::Spanish"]
    for_options = sc.process("options", "Languages::French")
    assert for_options.code == 1
    assert len(sc("orphans", "--json").json_lines()) == 2
    # Their deck is still there for them until they are deleted; then it is gone for good,
    # and a rename onto its name works.
    clash = sc.process("deck", "rename", "History", "Languages::French")
    assert clash.code == 1
    assert "it holds only orphaned cards: `studycards orphans --delete` removes them" in clash.err
    sc("orphans", "--delete")
    sc("deck", "rename", "History", "Languages::French")
    assert decks_of(sc) == ["Languages", "Languages::French", "Languages::Spanish"]
