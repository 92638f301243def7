"""Shell completion, as bash, zsh and fish ask for it: deck names from the collection, option
values, file paths and backup names; the scripts the README tells to install."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.cli.clirun import STUDYCARDS, Studycards, run

DECK = "美中AI竞赛的未来走向"


@pytest.fixture
def sc(tmp_path: Path) -> Studycards:
    studycards = Studycards(tmp_path / "collection.db")
    studycards("import", "--bundled")
    return studycards


def complete(sc: Studycards, words: str, cwd: Path | None = None) -> list[tuple[str, str]]:
    """What bash's completion gets for the last word of `words`: (type, value) pairs."""
    env = {
        **os.environ,
        "STUDYCARDS_COLLECTION": str(sc.collection),
        "_STUDYCARDS_COMPLETE": "bash_complete",
        "COMP_WORDS": words,
        "COMP_CWORD": str(len(words.split(" ")) - 1),
    }
    ran = run(str(STUDYCARDS), env=env, cwd=cwd)
    assert ran.code == 0, ran.err
    return [tuple(line.split(",", 1)) for line in ran.out.splitlines() if line]  # type: ignore[misc]


def test_deck_names_complete_in_any_case(sc: Studycards) -> None:
    assert complete(sc, "studycards cards --deck 美") == [("plain", DECK)]
    assert complete(sc, "studycards stats --deck ")[0] == ("plain", DECK)
    assert ("plain", DECK) in complete(sc, "studycards export ")
    assert complete(sc, "studycards deck rename 美中ai") == [("plain", DECK)]
    assert complete(sc, "studycards cards --deck zz") == []


def test_review_completes_decks_and_files(sc: Studycards, tmp_path: Path) -> None:
    assert complete(sc, "studycards review ") == [("plain", DECK), ("file", "")]


def test_option_values_and_backups_complete(sc: Studycards) -> None:
    assert complete(sc, f"studycards options {DECK} --review-order r") == [
        ("plain", "retrievability")
    ]
    backups = complete(sc, "studycards backup restore ")
    assert backups and all(kind == "plain" and "import" in name for kind, name in backups)
    assert complete(sc, "studycards import ") == [("file", "")]


def test_no_collection_completes_nothing_and_creates_nothing(tmp_path: Path) -> None:
    missing = Studycards(tmp_path / "none" / "c.db")
    assert complete(missing, "studycards cards --deck ") == []
    assert not (tmp_path / "none").exists()


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_the_readme_scripts_are_printed_for_each_shell(shell: str) -> None:
    env = {**os.environ, "_STUDYCARDS_COMPLETE": f"{shell}_source"}
    ran = run(str(STUDYCARDS), env=env)
    assert ran.code == 0 and "_STUDYCARDS_COMPLETE" in ran.out
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    assert f"_STUDYCARDS_COMPLETE={shell}_source studycards" in readme
