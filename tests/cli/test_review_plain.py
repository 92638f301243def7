"""`studycards review --plain`: the line protocol, driven through stdin like a script would."""

from __future__ import annotations

import io
import os
import re
import subprocess
import tempfile
from datetime import datetime, timezone
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from studycards.cli.review import LineSession
from studycards.clock import FrozenClock
from studycards.collection import Collection
from studycards.study.session import Session
from tests.builders import basic, batch, questions
from tests.cli.clirun import BUNDLED_DECK, STUDYCARDS, Studycards


@pytest.fixture
def sc(tmp_path: Path) -> Studycards:
    studycards = Studycards(tmp_path / "collection.db")
    studycards("import", str(BUNDLED_DECK))
    return studycards


def test_three_cards_studied_from_piped_stdin_are_in_history(sc: Studycards) -> None:
    ran = sc.process("review", "--plain", input="\n3\n" * 3 + "q\n")
    assert ran.code == 0, ran.err
    assert ran.out.count("Q: ") == 4  # three answered, the fourth shown when q came
    assert ran.out.count("A: ") == 3
    # The four buttons with their intervals, Anki-style, after each answer is shown.
    assert re.search(r"1 Again \S+  2 Hard \S+  3 Good \S+  4 Easy \S+", ran.out)
    assert "Studied 3 cards" in ran.out
    rows = sc("history", "--json").json_lines()
    assert [row["rating"] for row in rows] == [3, 3, 3]
    assert len({row["card_id"] for row in rows}) == 3
    assert set(rows[0]) >= {
        "card_id",
        "rating",
        "reviewed_at",
        "duration_ms",
        "stability",
        "difficulty",
        "due",
    }


def test_end_of_input_ends_the_session_and_keeps_answers(sc: Studycards) -> None:
    ran = sc.process("review", "--plain", input="\n4\n\n1\n")
    assert ran.code == 0, ran.err
    assert "Studied 2 cards" in ran.out
    assert [row["rating"] for row in sc("history", "--json").json_lines()] == [4, 1]


def test_ratings_do_nothing_until_the_answer_is_shown(sc: Studycards) -> None:
    ran = sc("review", "--plain", input="3\nq\n")
    assert "Enter shows the answer" in ran.out
    assert sc("history", "--json").json_lines() == []


def test_undo_takes_back_the_last_answer(sc: Studycards) -> None:
    ran = sc("review", "--plain", input="\n2\nu\n\n4\nq\n")
    assert "Undo Hard" in ran.out
    rows = sc("history", "--json").json_lines()
    assert [row["rating"] for row in rows] == [4]


def test_suspend_and_bury_take_the_card_out_of_today(sc: Studycards) -> None:
    first = sc("cards", "--json").json_lines()
    sc("review", "--plain", input="s\nb\nq\n")
    after = {row["card_id"]: row for row in sc("cards", "--json").json_lines()}
    suspended = [card for card, row in after.items() if row["suspended"]]
    buried = [card for card, row in after.items() if row["buried"]]
    assert len(suspended) == 1
    assert len(buried) >= 1
    assert suspended[0] == first[0]["card_id"]
    assert sc("history", "--json").json_lines() == []


def test_review_path_imports_it_first_then_studies_that_deck(tmp_path: Path) -> None:
    sc = Studycards(tmp_path / "fresh.db")
    ran = sc.process("review", "--plain", str(BUNDLED_DECK), input="\n3\nq\n")
    assert ran.code == 0, ran.err
    assert len(sc("cards", "--json").json_lines()) > 0
    assert len(sc("history", "--json").json_lines()) == 1


def test_a_deck_name_limits_the_session_and_an_unknown_one_is_an_error(
    sc: Studycards,
) -> None:
    deck = sc("status", "--json").json()["decks"][0]["deck"]
    ran = sc.process("review", "--plain", deck, input="q\n")
    assert ran.code == 0, ran.err
    assert f"[{deck}]" in ran.out
    wrong = sc.process("review", "--plain", "No Such Deck", input="q\n")
    assert wrong.code != 0
    assert wrong.err.startswith("studycards: error: no deck or file named 'No Such Deck'")


def test_nothing_due_says_so(tmp_path: Path, clock: FrozenClock) -> None:
    with Collection.open(tmp_path / "c.db", clock) as col:
        col.import_batch(batch("deck.md", ("Deck", [basic("Deck", "why?")])))
        col.set_suspended([next(col.card_rows()).card.card_id], True)
    ran = Studycards(tmp_path / "c.db")("review", "--plain", input="")
    assert "Nothing more is due now." in ran.out
    assert "Studied 0 cards" in ran.out


def test_card_text_cannot_send_escape_sequences(tmp_path: Path, clock: FrozenClock) -> None:
    # An OSC 52 clipboard write and a colour change hidden in a question and its answer.
    hostile = basic("Hostile", "copy \x1b]52;c;aGk=\x07me", "red \x1b[31mtext")
    with Collection.open(tmp_path / "c.db", clock) as col:
        col.import_batch(batch("hostile", ("Hostile", [hostile])))
    ran = Studycards(tmp_path / "c.db")("review", "--plain", input="\nq\n")
    assert "Q: copy me" in ran.out
    assert "A: red text" in ran.out
    assert "\x1b" not in ran.out
    assert "\x07" not in ran.out


def test_without_a_terminal_review_falls_back_to_line_mode(sc: Studycards) -> None:
    ran = sc.process("review", input="\n3\nq\n")
    assert ran.code == 0, ran.err
    assert "Q: " in ran.out
    assert len(sc("history", "--json").json_lines()) == 1


def test_collection_given_before_the_command_is_used(sc: Studycards, tmp_path: Path) -> None:
    other = Studycards(tmp_path / "unused.db")
    ran = other.process("--collection", str(sc.collection), "status", "--json")
    assert ran.code == 0, ran.err
    assert ran.json()["totals"]["total"] == len(sc("cards", "--json").json_lines())


def test_new_user_path_import_study_three_then_reimport_changes_nothing(tmp_path: Path) -> None:
    sc = Studycards(tmp_path / "new-user.db")
    assert sc.process("import", str(BUNDLED_DECK)).code == 0
    studied = sc.process("review", "--plain", input="\n3\n\n3\n\n3\n")
    assert studied.code == 0, studied.err
    assert len(sc("history", "--json").json_lines()) == 3
    status = sc("status", "--json").json()
    assert status["reviewed_today"] == 3
    again = sc.process("import", str(BUNDLED_DECK), "--json")
    assert again.json()["added"] == again.json()["updated"] == 0
    assert sc("status", "--json").json() == status
    assert len(sc("history", "--json").json_lines()) == 3


@settings(max_examples=25, deadline=None)
@given(
    lines=st.lists(
        st.sampled_from(["", " ", "1", "2", "3", "4", "u", "b", "-", "s", "=", "!", "x", "42"]),
        max_size=30,
    )
)
def test_any_input_ends_cleanly_and_the_summary_matches_history(lines: list[str]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        clock = FrozenClock(datetime(2026, 3, 4, 12, 0, tzinfo=timezone.utc))
        with Collection.open(Path(folder) / "c.db", clock, fuzz=False) as col:
            col.import_batch(batch("q", ("Deck", questions("Deck", 4))))
            out = io.StringIO()
            LineSession(Session(col), io.StringIO("\n".join(lines) + "\n"), out).run()
            logged = list(col.history())
    studied = re.search(r"Studied (\d+) cards?", out.getvalue())
    assert studied is not None, out.getvalue()
    assert int(studied.group(1)) == len(logged)


def test_review_of_a_file_without_cards_is_an_error_not_every_deck(
    sc: Studycards, tmp_path: Path
) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("#separator:tab\n", encoding="utf-8")
    ran = sc.process("review", "--plain", str(empty), input="\n3\nq\n")
    assert ran.code != 0
    assert ran.err == f"studycards: error: {empty}: holds no cards to study\n"
    assert sc("history", "--json").json_lines() == []


def test_undecodable_input_is_an_unknown_command(sc: Studycards) -> None:
    done = subprocess.run(
        [str(STUDYCARDS), "review", "--plain"],
        input=b"\xff\xfe\n\n3\nq\n",
        capture_output=True,
        env={**os.environ, "STUDYCARDS_COLLECTION": str(sc.collection)},
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert b"Traceback" not in done.stderr
    assert [row["rating"] for row in sc("history", "--json").json_lines()] == [3]
