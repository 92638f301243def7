"""The bundled deck, studied a little, goes to Anki with its progress and comes back whole;
`studycards export` errors are one line; a hostile package leaves the collection alone."""

from __future__ import annotations

import time
import zipfile
from pathlib import Path
from typing import Any

import pytest

from studycards.collection import Collection
from studycards.model import Rating
from studycards.study.session import Session
from tests.cli.clirun import BUNDLED_DECK, Studycards

from .conftest import export_apkg, import_apkg
from .test_anki_text import anki_import_csv


@pytest.fixture
def sc(tmp_path: Path) -> Studycards:
    (tmp_path / "mine").mkdir()
    return Studycards(tmp_path / "mine" / "collection.db")


def study(collection: Path, answers: int) -> None:
    with Collection.open(collection) as col:
        session = Session(col)
        for index in range(answers):
            assert session.current is not None
            session.reveal()
            session.answer(Rating.AGAIN if index % 3 == 0 else Rating.GOOD)


def cards_by_id(sc: Studycards) -> dict[str, Any]:
    return {row["card_id"]: row for row in sc("cards", "--json").json_lines()}


def test_bundled_deck_to_anki_with_progress_and_back(
    sc: Studycards, tmp_path: Path, anki_col: Any
) -> None:
    sc("import", str(BUNDLED_DECK))
    study(sc.collection, 6)
    mine = cards_by_id(sc)
    history = sc("history", "--json").json_lines()
    assert len(history) == 6

    out = tmp_path / "race.apkg"
    printed = sc("export", "-o", str(out), "--with-scheduling").out
    assert "6 reviews" in printed and "Import any learning progress" in printed
    log = import_apkg(anki_col, out, with_scheduling=True)

    notes = {row["note_id"] for row in mine.values()}
    assert len(log.new) == anki_col.note_count() == len(notes)
    assert anki_col.card_count() == len(mine)
    assert anki_col.db.scalar("select count() from revlog") == 6
    studied = {row["card_id"] for row in history}
    started = anki_col.db.scalar("select count() from cards where type != 0")
    assert started == len(studied)
    assert (
        anki_col.db.scalar("select count() from cards where type != 0 and data like '%\"s\":%'")
        == started
    )

    back = tmp_path / "from-anki.apkg"
    export_apkg(anki_col, back)
    (tmp_path / "fresh").mkdir()
    theirs = Studycards(tmp_path / "fresh" / "collection.db")
    report = theirs("import", str(back), "--json").json_lines()
    assert report[0]["added"] == len(mine) and report[0]["reviews_added"] == 6
    arrived = cards_by_id(theirs)
    assert set(arrived) == set(mine)
    for card_id, row in mine.items():
        other = arrived[card_id]
        for key in (
            "deck",
            "kind",
            "front",
            "back",
            "answer",
            "tags",
            "source",
            "state",
            "reps",
            "lapses",
        ):
            assert other[key] == row[key], (card_id, key)


def test_reimporting_what_came_back_from_anki_duplicates_nothing(
    sc: Studycards, tmp_path: Path, anki_col: Any
) -> None:
    sc("import", str(BUNDLED_DECK))
    study(sc.collection, 3)
    out = tmp_path / "race.apkg"
    sc("export", "-o", str(out), "--with-scheduling")
    import_apkg(anki_col, out, with_scheduling=True)
    back = tmp_path / "from-anki.apkg"
    export_apkg(anki_col, back)
    before = cards_by_id(sc)
    report = sc("import", str(back), "--json").json_lines()[0]
    # The notes stay with the deck file their text lives in: nothing to add or update.
    assert (report["added"], report["updated"], report["reviews_added"]) == (0, 0, 0)
    assert cards_by_id(sc) == before
    assert len(sc("history", "--json").json_lines()) == 3


def test_reviews_done_in_anki_join_the_history_in_studycards(
    sc: Studycards, tmp_path: Path, anki_col: Any
) -> None:
    sc("import", str(BUNDLED_DECK))
    study(sc.collection, 2)
    out = tmp_path / "race.apkg"
    sc("export", "-o", str(out), "--with-scheduling")
    import_apkg(anki_col, out, with_scheduling=True)
    deck = sc("status", "--json").json()["decks"][0]["deck"]
    anki_col.decks.select(anki_col.decks.id_for_name(deck))
    card = anki_col.sched.getCard()
    anki_col.sched.answerCard(card, 3)
    studied_in_anki = card.note()["studycards id"]
    back = tmp_path / "from-anki.apkg"
    export_apkg(anki_col, back)

    report = sc("import", str(back), "--json").json_lines()[0]

    assert (report["added"], report["reviews_added"]) == (0, 1)
    history = sc("history", "--json").json_lines()
    assert len(history) == 3
    assert any(h["card_id"].startswith(studied_in_anki) and h["rating"] == 3 for h in history)


def test_exporting_again_after_no_change_updates_nothing_in_anki(
    sc: Studycards, tmp_path: Path, anki_col: Any
) -> None:
    sc("import", str(BUNDLED_DECK))
    sc("export", "-o", str(tmp_path / "a.apkg"))
    sc("export", "-o", str(tmp_path / "b.apkg"))
    import_apkg(anki_col, tmp_path / "a.apkg")
    log = import_apkg(anki_col, tmp_path / "b.apkg")
    assert (len(log.new), len(log.updated)) == (0, 0)


def test_text_export_of_one_deck_imports_into_anki(
    sc: Studycards, tmp_path: Path, anki_col: Any
) -> None:
    sc("import", str(BUNDLED_DECK))
    deck = sc("status", "--json").json()["decks"][0]["deck"]
    out = tmp_path / "race.csv"
    sc("export", deck, "-o", str(out))
    notes = {row["note_id"] for row in sc("cards", "--json").json_lines()}
    log = anki_import_csv(anki_col, out)
    assert len(log.new) == anki_col.note_count() == len(notes)
    assert len(anki_import_csv(anki_col, out).new) == 0


@pytest.mark.parametrize(
    ("args", "reason"),
    [
        (["-o", "deck.pdf"], "must end in .apkg"),
        (["-o", "deck.csv", "--with-scheduling"], "needs an .apkg file"),
        (["No such deck", "-o", "deck.apkg"], "No such deck"),
        (["-o", "missing/deck.apkg"], "folder to write into does not exist"),
    ],
)
def test_export_errors_are_one_line(
    sc: Studycards, tmp_path: Path, args: list[str], reason: str
) -> None:
    sc("import", str(BUNDLED_DECK))
    ran = sc.process(
        "export", *[str(tmp_path / a) if a.startswith(("deck.", "missing/")) else a for a in args]
    )
    assert ran.code == 1
    assert ran.err.startswith("studycards: error: ") and reason in ran.err
    assert len(ran.err.strip().splitlines()) == 1 and "Traceback" not in ran.err


def test_a_hostile_package_leaves_the_collection_unchanged(sc: Studycards, tmp_path: Path) -> None:
    sc("import", str(BUNDLED_DECK))
    before = sc("cards", "--json").out
    bad = tmp_path / "evil.apkg"
    with zipfile.ZipFile(bad, "w") as z:
        z.writestr("collection.anki2", b"not sqlite")
        z.writestr("../../escape.txt", b"x")
    ran = sc.process("import", str(bad))
    assert ran.code == 1
    assert (
        ran.err.strip()
        == f"studycards: error: {bad}: unsafe member name in the package: '../../escape.txt'"
    )
    assert sc("cards", "--json").out == before
    assert not (tmp_path.parent / "escape.txt").exists()


def test_an_anki_edit_survives_a_package_round_trip_and_a_re_export(
    sc: Studycards, tmp_path: Path, anki_col: Any
) -> None:
    """Edits made in Anki after an export stay in Anki: a package shared from Anki brings
    no text into studycards (the note's text lives in its deck file, which keeps the note),
    and a later export, whose notes have not changed since, does not overwrite them."""
    sc("import", str(BUNDLED_DECK))
    cards = sc("cards", "--json").json_lines()
    first = tmp_path / "first.apkg"
    sc("export", "-o", str(first))
    import_apkg(anki_col, first)
    nid = anki_col.find_notes('"note:studycards Term"')[0]
    now = int(time.time())

    def edit_in_anki(definition: str, at: int) -> None:
        note = anki_col.get_note(nid)
        note["Definition"] = definition
        anki_col.update_note(note)
        anki_col.db.execute("update notes set mod = ? where id = ?", at, nid)

    edit_in_anki("edited in Anki, then shared", now + 100)
    shared = tmp_path / "shared.apkg"
    export_apkg(anki_col, shared)
    edit_in_anki("edited again later, on the phone", now + 200)
    [report] = sc("import", str(shared), "--json").json_lines()
    assert (report["added"], report["updated"]) == (0, 0)
    assert sc("cards", "--json").json_lines() == cards  # text and source as the deck file has

    out = tmp_path / "from-studycards.apkg"
    sc("export", "-o", str(out))
    log = import_apkg(anki_col, out)

    assert (len(log.new), len(log.updated)) == (0, 0)
    assert anki_col.get_note(nid)["Definition"] == "edited again later, on the phone"


def test_exporting_an_empty_collection_says_so(sc: Studycards, tmp_path: Path) -> None:
    Collection.open(sc.collection).close()
    ran = sc.process("export", "-o", str(tmp_path / "empty.apkg"))
    assert ran.code == 1
    assert ran.err.strip() == "studycards: error: the collection has no notes to export"
    assert not (tmp_path / "empty.apkg").exists()


def test_an_anki_deck_with_history_imports_once(sc: Studycards, tmp_path: Path) -> None:
    from .anki_fixtures import build_anki_deck

    deck = build_anki_deck(tmp_path / "maker", "french.apkg", legacy=False)
    first = sc("import", str(deck.path), "--json").json_lines()[0]
    assert first["reviews_added"] == deck.reviews == 5
    studied = [row for row in sc("cards", "--json").json_lines() if row["reps"]]
    assert studied and all(row["state"] != "new" and row["stability"] for row in studied)
    assert sum(row["reps"] for row in studied) == 5

    again = sc("import", str(deck.path), "--json").json_lines()[0]

    assert (again["added"], again["updated"], again["reviews_added"]) == (0, 0, 0)
    assert len(sc("history", "--json").json_lines()) == 5


def test_an_exported_deck_carries_no_absolute_path(sc: Studycards, tmp_path: Path) -> None:
    import sqlite3
    import zipfile

    notes = tmp_path / "home" / "someone" / "notes"
    notes.mkdir(parents=True)
    (notes / "topic.md").write_text(
        "# Topic\n\n## Energy\n\n人口在十年里下降了50%的比例。\n", encoding="utf-8"
    )
    sc("import", str(notes.resolve()))
    for name in ("deck.apkg", "deck.txt", "deck.csv"):
        sc("export", "-o", str(tmp_path / name))
    with zipfile.ZipFile(tmp_path / "deck.apkg") as package:
        package.extract("collection.anki2", tmp_path / "unpacked")
    conn = sqlite3.connect(tmp_path / "unpacked" / "collection.anki2")
    fields = " ".join(row[0] for row in conn.execute("SELECT flds FROM notes"))
    conn.close()
    for text in (
        fields,
        (tmp_path / "deck.txt").read_text(encoding="utf-8"),
        (tmp_path / "deck.csv").read_text(encoding="utf-8"),
    ):
        assert "Energy — topic.md:5" in text
        assert str(tmp_path) not in text and "someone" not in text
