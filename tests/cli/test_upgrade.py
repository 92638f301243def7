"""A collection made by studycards before note ids lost their deck (schema 1), opened by this
one: every review stays on its card, nothing is studied twice, old files still match.

`tests/data/schema1/collection.sql` is the iterdump of a collection made at commit fd9e88c
in the folder `/tmp/h11a/fixture` (here: the test's own `fixture` folder, so no file left on
the machine decides what the test sees): the bundled deck file of that time
(`us-china-ai-race-schema1.md`, ids derived with the deck) and the folder `notes/` imported,
32 answers given over two days, one card suspended and one flagged. Each note was its own
top-level deck then (`Reactions`, `Heat engines`). "Entropy" is a term of both notes, so in two decks: one note per deck then, one note
now. `before.json` is what `history --json` and `cards --json` showed then, per card text.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from studycards.collection import Collection
from studycards.collection.store.version import SCHEMA_VERSION
from studycards.interop.notetypes import guid_for_note
from tests.cli.clirun import BUNDLED_DECK, Studycards

OLD = Path(__file__).resolve().parents[1] / "data" / "schema1"
BEFORE = json.loads((OLD / "before.json").read_text(encoding="utf-8"))


MADE_IN = "/tmp/h11a/fixture"
NOTE = BUNDLED_DECK.parents[1] / "data" / "us-china-ai-race.md"


@pytest.fixture
def old(tmp_path: Path) -> Studycards:
    path = tmp_path / "collection.db"
    con = sqlite3.connect(path)
    dump = (OLD / "collection.sql").read_text(encoding="utf-8")
    con.executescript(dump.replace(MADE_IN, str(tmp_path / "fixture")))
    con.close()
    return Studycards(path)


def _cards(sc: Studycards) -> dict[str, dict[str, Any]]:
    """card id → card, orphans included (they keep their history)."""
    live = sc("cards", "--json").json_lines()
    orphaned = sc("orphans", "--json").json_lines()
    return {card["card_id"]: card for card in [*live, *orphaned]}


def _answers(sc: Studycards) -> list[tuple[str, int, str]]:
    """Every answer, by the card it is attached to."""
    rows = sc("history", "--json").json_lines()
    return sorted((row["card_id"], row["rating"], row["reviewed_at"]) for row in rows)


def _reviews(sc: Studycards) -> list[tuple[str, int, str, str, str]]:
    cards = _cards(sc)
    return sorted(
        (
            row["reviewed_at"],
            row["rating"],
            cards[row["card_id"]]["deck"],
            cards[row["card_id"]]["kind"],
            cards[row["card_id"]]["front"],
        )
        for row in sc("history", "--json").json_lines()
    )


def test_every_review_stays_on_its_card(old: Studycards) -> None:
    before = sorted(
        (r["reviewed_at"], r["rating"], r["deck"], r["kind"], r["front"]) for r in BEFORE["reviews"]
    )
    assert len(before) == 32
    assert _reviews(old) == before


def test_every_card_keeps_its_schedule_and_one_entropy_note_is_studied(old: Studycards) -> None:
    fields = ("deck", "kind", "front", "state", "reps", "lapses", "due", "suspended", "flag")
    live = old("cards", "--json").json_lines()
    orphans = old("orphans", "--json").json_lines()
    expected = Counter(tuple(card[f] for f in fields) for card in BEFORE["cards"])
    assert Counter(tuple(card[f] for f in fields) for card in [*live, *orphans]) == expected
    # The same term in two decks is one note now. The one with more reviews (Reactions: 3
    # against 2) is studied; the other is an orphan, its two cards and history kept.
    entropy = [c for c in live if c["kind"] == "term" and c["front"] == "Entropy"]
    assert [c["deck"] for c in entropy] == ["Reactions"]
    assert [(c["deck"], c["kind"], c["reps"]) for c in orphans] == [
        ("Heat engines", "term", 2),
        ("Heat engines", "reverse", 0),
    ]
    assert len({c["card_id"] for c in live}) == len(live) == 51


def test_the_old_and_the_rebuilt_bundled_deck_change_no_card(old: Studycards) -> None:
    cards_before = old("cards", "--json").json_lines()
    reviews_before = _reviews(old)
    # The old file carries ids derived with the deck (found through their aliases).
    [report] = old("import", str(OLD / "us-china-ai-race-schema1.md"), "--json").json_lines()
    assert (report["added"], report["updated"], report["reviews_added"]) == (0, 0, 0)
    assert report["unchanged"] == 43
    # The rebuilt one carries ids derived without it. Its figures are the key ones now: the
    # cards it still has keep their ids, and one question names its section instead of a
    # sentence that gave away another card's answer, so it is a new card.
    [report] = old("import", str(BUNDLED_DECK), "--json").json_lines()
    assert (report["added"], report["updated"], report["reviews_added"]) == (1, 0, 0)
    cards_after = old("cards", "--json").json_lines()
    (new,) = [c for c in cards_after if c not in cards_before]
    assert new["front"].startswith("历史军事优势：他们拥有")
    # The cards it no longer has are orphans, their history kept; the others are as they were.
    orphans = {c["card_id"]: c for c in old("orphans", "--json").json_lines()}
    for card in cards_before:
        if card not in cards_after:
            kept = orphans[card["card_id"]]
            assert (kept["kind"], kept["front"], kept["reps"]) == (
                card["kind"],
                card["front"],
                card["reps"],
            )
    assert _reviews(old) == reviews_before
    # Today's builder run on the note itself gives those same cards: none is added, changed
    # or orphaned, and every answer stays on its card.
    [report] = old("import", str(NOTE), "--json").json_lines()
    assert (report["added"], report["updated"], report["orphaned"]) == (0, 0, 0)
    assert {c["card_id"] for c in old("cards", "--json").json_lines()} == {
        c["card_id"] for c in cards_after
    }
    assert _reviews(old) == reviews_before


def test_the_folder_read_again_moves_its_notes_into_the_tree_with_history_and_options(
    old: Studycards, tmp_path: Path
) -> None:
    old("options", "Reactions", "--new-per-day", "4", "--desired-retention", "0.85")
    cards_before = {c["card_id"]: c for c in old("cards", "--json").json_lines()}
    orphans_before = old("orphans", "--json").json_lines()
    answers_before = _answers(old)
    # The folder the collection was made from, where it still is.
    folder = tmp_path / "fixture" / "notes"
    shutil.copytree(OLD / "notes", folder)
    reports = old("import", str(folder), "--json").json_lines()
    # The builder of today also cards the rise in temperature that doubles a rate, and the
    # boiler's temperature and pressure: new cards, and nothing of the old ones changes.
    assert [(r["added"], r["updated"], r["reviews_added"]) for r in reports] == [
        (2, 0, 0),
        (2, 0, 0),
    ]
    # Each note's cards moved from its old top-level deck to its leaf of the folder tree,
    # with their schedules; Entropy stays with the first file that has it (as in the upgrade).
    tree = {
        "Reactions": "notes::chemistry::Reactions",
        "Heat engines": "notes::physics::Heat engines",
    }
    fields = ("kind", "front", "back", "state", "reps", "lapses", "due", "suspended", "flag")
    after = {c["card_id"]: c for c in old("cards", "--json").json_lines()}
    for card_id, card in cards_before.items():
        assert after[card_id]["deck"] == tree.get(card["deck"], card["deck"])
        assert [after[card_id][f] for f in fields] == [card[f] for f in fields]
    new = [c for c in after.values() if c["card_id"] not in cards_before]
    assert sorted(c["answer"] for c in new) == ["10 degrees", "12 bar", "180 degrees", "doubles"]
    assert _answers(old) == answers_before
    assert old("orphans", "--json").json_lines() == orphans_before
    # The old decks are gone from the list; the options given to one came with its notes.
    assert [row["deck"] for row in old("status", "--json").json()["decks"]] == [
        "notes",
        "notes::chemistry",
        "notes::chemistry::Reactions",
        "notes::physics",
        "notes::physics::Heat engines",
        "美中AI竞赛的未来走向",
    ]
    options = old("options", "notes::chemistry::Reactions", "--json").json()
    assert (options["new_per_day"], options["desired_retention"]) == (4, 0.85)
    assert old("options", "notes::physics::Heat engines", "--json").json()["new_per_day"] == 20


def test_re_keyed_notes_keep_the_anki_guid_their_old_id_gave(old: Studycards) -> None:
    with Collection.open(old.collection) as col:
        records = {r.note.note_id: r for r in col.note_records(with_history=False)}
    con = sqlite3.connect(old.collection)
    aliases = con.execute("SELECT old, new FROM note_aliases").fetchall()
    con.close()
    assert len(aliases) == 35  # every note of schema 1 had a derived id
    olds: dict[str, list[str]] = {}
    for old_id, new_id in aliases:
        olds.setdefault(new_id, []).append(old_id)
    assert len(records) == 34  # the orphaned Entropy note is not exported
    for note_id, record in records.items():
        if len(olds[note_id]) == 1:
            assert record.note.guid == guid_for_note(olds[note_id][0])
    # The Entropy note that stayed is the one of the deck Reactions.
    entropy = next(r for r in records.values() if r.note.fields.get("term") == "Entropy")
    assert entropy.note.guid == guid_for_note("13dd5cb926e77f67")


def test_the_collection_as_it_was_is_backed_up_before_the_upgrade(old: Studycards) -> None:
    listing = old("backup", "list").out
    assert f"before-schema-{SCHEMA_VERSION}" in listing
    [backup] = (old.collection.parent / "collection.db.backups").glob("*before-schema-*.db")
    con = sqlite3.connect(backup)
    assert con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone() == ("1",)
    assert con.execute("SELECT count(*) FROM revlog").fetchone() == (32,)
    con.close()
