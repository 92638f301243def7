"""A folder of notes as a deck tree, end to end through the command line: sub-folders are
subdecks, a note is the leaf deck, front matter `deck:` wins; notes moved, retitled and decks
renamed keep every card's history; and a glossary term written in three notes is one note
with three sources, the first in reading order or the one a note marks as preferred."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.cli.clirun import Studycards

CONTAINMENT = {
    "history/cold-war.md": "stopping the spread of a rival's power",
    "history/ww2.md": "keeping an enemy army inside its own borders",
    "reference/glossary.md": "a policy of holding an adversary's influence where it is",
}


def note(title: str | None, body: str, **front: str) -> str:
    lines = [f"{key}: {value}" for key, value in front.items()]
    if title is not None:
        lines.insert(0, f"title: {title}")
    head = "---\n" + "\n".join(lines) + "\n---\n\n" if lines else ""
    return f"{head}{body}\n"


def write_vault(root: Path) -> Path:
    vault = root / "vault"
    for folder in ("history", "physics", "reference"):
        (vault / folder).mkdir(parents=True)
    (vault / "history" / "cold-war.md").write_text(
        note(
            "Cold War",
            f"**containment** ({CONTAINMENT['history/cold-war.md']}) shaped a generation.\n\n"
            "**détente** (an easing of tension between rivals) came later.",
        ),
        encoding="utf-8",
    )
    (vault / "history" / "ww2.md").write_text(
        note(
            "World War II",
            f"**containment** ({CONTAINMENT['history/ww2.md']}) failed early on.\n\n"
            "**blitz** (a sudden, overwhelming attack) was feared.",
        ),
        encoding="utf-8",
    )
    (vault / "physics" / "waves.md").write_text(
        note(None, "**amplitude** (the height of a wave from its middle line) grows."),
        encoding="utf-8",
    )
    (vault / "reference" / "glossary.md").write_text(
        note(
            "Glossary",
            f"**containment** ({CONTAINMENT['reference/glossary.md']}).\n\n"
            "**sovereignty** (a state's full say over its own territory).",
        ),
        encoding="utf-8",
    )
    (vault / "inbox.md").write_text(
        note(None, "**serendipity** (finding good things by chance).", deck='"Reading :: Later"'),
        encoding="utf-8",
    )
    return vault


# The decks of write_vault's folder imported: the folder, its sub-folders, a leaf per note.
TREE = [
    "Reading",
    "Reading::Later",
    "vault",
    "vault::history",
    "vault::history::Cold War",
    "vault::history::World War II",
    "vault::physics",
    "vault::physics::waves",
    "vault::reference",
    "vault::reference::Glossary",
]


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    return write_vault(tmp_path)


def decks_of(sc: Studycards) -> list[str]:
    return [row["deck"] for row in sc("status", "--json").json()["decks"]]


def term_cards(sc: Studycards, term: str) -> list[dict[str, Any]]:
    rows = sc("cards", "--json").json_lines()
    return [row for row in rows if term in (row["front"], row["back"]) or row["answer"] == term]


def containment(sc: Studycards) -> dict[str, Any]:
    rows = [row for row in sc("cards", "--json").json_lines() if row["front"] == "containment"]
    assert len(rows) == 1, rows
    row: dict[str, Any] = rows[0]
    return row


def history(sc: Studycards) -> list[tuple[str, int, str]]:
    rows = sc("history", "--json").json_lines()
    return [(row["card_id"], row["rating"], row["reviewed_at"]) for row in rows]


def test_a_folder_imports_as_a_deck_tree_and_front_matter_deck_wins(
    vault: Path, tmp_path: Path
) -> None:
    sc = Studycards(tmp_path / "collection.db")
    sc("import", str(vault))
    assert decks_of(sc) == TREE
    # `build` makes the same tree in its deck files, and importing them gives it back.
    built = sc("build", str(vault), "--out", str(tmp_path / "decks"), "--json").json_lines()
    assert {row["deck"] for row in built} >= {"vault::physics::waves", "Reading::Later"}
    other = Studycards(tmp_path / "from-deck-files.db")
    other("import", str(tmp_path / "decks"))
    assert decks_of(other) == decks_of(sc)


def test_a_term_in_three_notes_is_one_note_listing_every_source(
    vault: Path, tmp_path: Path
) -> None:
    sc = Studycards(tmp_path / "collection.db")
    sc("import", str(vault))
    card = containment(sc)
    # The first note in reading order gives the definition and the deck.
    assert card["back"] == CONTAINMENT["history/cold-war.md"]
    assert card["deck"] == "vault::history::Cold War"
    assert card["source"]["path"].endswith("history/cold-war.md")
    assert [s["path"].rsplit("vault/", 1)[1] for s in card["other_sources"]] == [
        "history/ww2.md",
        "reference/glossary.md",
    ]
    assert len(term_cards(sc, "containment")) == 2  # the term card and its reverse, once


def test_a_preferred_definition_wins_and_the_term_stays_while_a_note_has_it(
    vault: Path, tmp_path: Path
) -> None:
    sc = Studycards(tmp_path / "collection.db")
    sc("import", str(vault))
    sc("review", "--plain", input="\n4\n" * 40)
    answered = [row for row in history(sc) if row[0].startswith(containment(sc)["note_id"])]
    assert answered

    glossary = vault / "reference" / "glossary.md"
    glossary.write_text(
        glossary.read_text(encoding="utf-8").replace(
            "title: Glossary", "title: Glossary\npreferred: [containment]"
        ),
        encoding="utf-8",
    )
    sc("import", str(vault))
    card = containment(sc)
    assert card["back"] == CONTAINMENT["reference/glossary.md"]
    assert card["deck"] == "vault::reference::Glossary"
    assert [s["path"].rsplit("vault/", 1)[1] for s in card["other_sources"]] == [
        "history/cold-war.md",
        "history/ww2.md",
    ]
    # The glossary drops the term: the first of the others takes over.
    glossary.write_text(
        note("Glossary", "**sovereignty** (a state's full say over its own territory)."),
        encoding="utf-8",
    )
    sc("import", str(vault))
    assert containment(sc)["back"] == CONTAINMENT["history/cold-war.md"]
    # Its first note is deleted: the next one holds it, nothing is orphaned.
    (vault / "history" / "cold-war.md").unlink()
    reports = sc("import", str(vault), "--json").json_lines()
    card = containment(sc)
    assert card["back"] == CONTAINMENT["history/ww2.md"]
    assert card["other_sources"] == []
    orphaned = {row["card_id"] for row in sc("orphans", "--json").json_lines()}
    assert not any(card_id.startswith(card["note_id"]) for card_id in orphaned)
    assert sum(r["added"] for r in reports) == 0
    # The last note with it goes: now its cards are orphans, with their history.
    (vault / "history" / "ww2.md").unlink()
    sc("import", str(vault))
    orphaned = {row["card_id"] for row in sc("orphans", "--json").json_lines()}
    assert {f"{card['note_id']}-0", f"{card['note_id']}-1"} <= orphaned
    assert [row for row in history(sc) if row[0].startswith(card["note_id"])] == answered


def test_a_term_moving_to_a_new_notes_deck_leaves_its_old_decks_options_behind(
    vault: Path, tmp_path: Path
) -> None:
    sc = Studycards(tmp_path / "collection.db")
    sc("import", str(vault))
    sc("options", "vault::history::Cold War", "--new-per-day", "5")
    assert containment(sc)["deck"] == "vault::history::Cold War"
    # A new note that prefers its own definition of containment takes the term over.
    (vault / "reference" / "terms.md").write_text(
        note(
            "Terms",
            "**containment** (keeping a rival's reach from growing).\n\n"
            "**buffer state** (a small country between two powers).",
            preferred="[containment]",
        ),
        encoding="utf-8",
    )
    sc("import", str(vault))
    assert containment(sc)["deck"] == "vault::reference::Terms"
    # Cold War keeps its other cards, and its options to itself: the new deck was not made
    # for the notes that left it.
    assert sc("options", "vault::history::Cold War", "--json").json()["new_per_day"] == 5
    assert sc("options", "vault::reference::Terms", "--json").json()["new_per_day"] == 20


def test_moving_retitling_and_renaming_keep_every_cards_history(
    vault: Path, tmp_path: Path
) -> None:
    sc = Studycards(tmp_path / "collection.db")
    sc("import", str(vault))
    sc("review", "--plain", input="\n4\n" * 40)
    cards = {row["card_id"] for row in sc("cards", "--json").json_lines()}
    answers = history(sc)
    assert len(answers) == 6  # one card of each term today: its reverse waits (siblings)

    (vault / "physics" / "waves.md").rename(vault / "history" / "waves.md")
    cold_war = vault / "history" / "cold-war.md"
    cold_war.write_text(
        cold_war.read_text(encoding="utf-8").replace("title: Cold War", "title: The Cold War"),
        encoding="utf-8",
    )
    sc("deck", "rename", "vault::history", "vault::past")
    reports = sc("import", str(vault), "--json").json_lines()

    assert sum(r["added"] for r in reports) == 0 and sum(r["orphaned"] for r in reports) == 0
    assert {row["card_id"] for row in sc("cards", "--json").json_lines()} == cards
    assert history(sc) == answers
    assert decks_of(sc) == [
        "Reading",
        "Reading::Later",
        "vault",
        "vault::past",
        "vault::past::The Cold War",
        "vault::past::waves",
        "vault::past::World War II",
        "vault::reference",
        "vault::reference::Glossary",
    ]
    assert sc("orphans", "--json").out == ""


def test_a_collection_of_per_note_decks_moves_into_the_tree_losing_no_review(
    vault: Path, tmp_path: Path
) -> None:
    sc = Studycards(tmp_path / "collection.db")
    # As before decks came from folders: each note its own top-level deck.
    for path in sorted(vault.rglob("*.md")):
        sc("import", str(path))
    assert decks_of(sc) == [
        "Cold War",
        "Glossary",
        "Reading",
        "Reading::Later",
        "waves",
        "World War II",
    ]
    sc("review", "--plain", input="\n4\n" * 40)
    sc("options", "Cold War", "--new-per-day", "3", "--desired-retention", "0.85")
    cards = {row["card_id"]: row["reps"] for row in sc("cards", "--json").json_lines()}
    answers = history(sc)

    reports = sc("import", str(vault), "--json").json_lines()

    assert sum(r["added"] for r in reports) == 0
    assert {row["card_id"]: row["reps"] for row in sc("cards", "--json").json_lines()} == cards
    assert history(sc) == answers
    # The old decks are empty now, and gone from the list.
    assert decks_of(sc) == TREE
    # The options the user gave the old deck came along to its leaf; its siblings, whose old
    # decks had none of their own, stay on the Default preset.
    options = sc("options", "vault::history::Cold War", "--json").json()
    assert (options["new_per_day"], options["desired_retention"]) == (3, 0.85)
    assert sc("options", "vault::history::World War II", "--json").json()["new_per_day"] == 20
    # Gone from the collection too, not only hidden: its name is free for another deck.
    sc("deck", "rename", "vault::physics::waves", "Cold War")
    assert "Cold War" in decks_of(sc)
