"""Every command the README shows, run from a folder with relative paths only: the collection
given as `--collection my.db` (or STUDYCARDS_COLLECTION=my.db), notes, decks and packages named
relative to the working directory, then used again from another folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from studycards.cli import cli
from tests.cli.clirun import REPO, Ran
from tests.interop.anki_fixtures import build_anki_deck


def run(*args: str, env: dict[str, str] | None = None, input: str | None = None) -> Ran:
    result = CliRunner().invoke(cli, list(args), env={"COLUMNS": "100", **(env or {})}, input=input)
    ran = Ran(result.exit_code, result.stdout, result.stderr)
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"studycards {' '.join(args)} raised {result.exception!r}"
    )
    assert ran.code == 0, f"studycards {' '.join(args)} failed: {ran.err}{ran.out}"
    return ran


def test_the_readme_commands_work_with_relative_paths(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    work = tmp_path / "work"
    (work / "notes").mkdir(parents=True)
    shutil.copy(REPO / "data" / "us-china-ai-race.md", work / "notes" / "race.md")
    build_anki_deck(work / "anki", "My Anki deck.apkg", legacy=False)
    shutil.move(work / "anki" / "My Anki deck.apkg", work / "My Anki deck.apkg")
    (work / "words.txt").write_text("#separator:tab\nhouse\tla maison\n", encoding="utf-8")
    (work / "vault").mkdir()
    (work / "vault" / "biology.md").write_text(
        "#flashcards\n\nWhat carries oxygen in blood?::haemoglobin\n", encoding="utf-8"
    )
    monkeypatch.chdir(work)

    db = ("--collection", "my.db")
    run("build", "notes/", "--out", "decks")
    assert run("import", "decks/", *db, "--json").json_lines()[0]["added"] > 0
    # The crash this guards against: an .apkg import under a relative collection path.
    report = run("import", "My Anki deck.apkg", *db, "--json").json_lines()[0]
    assert report["added"] > 0
    assert run("import", "words.txt", "vault/biology.md", *db, "--json").json_lines()
    assert (work / "my.db.media" / "cat.png").is_file()
    assert run("status", *db, "--json").json()["decks"]
    assert run("cards", *db, "--json").json_lines()
    assert run("history", *db, "--json").json_lines()
    run("export", "-o", "all.apkg", "--with-scheduling", *db)
    run("export", "-o", "all.txt", *db)
    assert Path("all.apkg").stat().st_size > 0 and Path("all.txt").stat().st_size > 0
    run("backup", "create", "--reason", "before-exam", *db)
    assert "before-exam" in run("backup", "list", *db).out
    run("backup", "restore", *db)
    run("review", "notes/race.md", "--plain", *db, input="q\n")

    # The same collection through the environment variable, and from a subfolder.
    by_env = {"STUDYCARDS_COLLECTION": "my.db"}
    cards = run("cards", "--json", env=by_env).json_lines()
    monkeypatch.chdir(work / "notes")
    again = run("import", "../My Anki deck.apkg", "--collection", "../my.db", "--json")
    assert again.json_lines()[0]["added"] == 0
    # The same cards in the same state (a note's source reads as the path was typed).
    after = run("cards", "--json", "--collection", "../my.db").json_lines()
    assert [{**c, "source": None} for c in after] == [{**c, "source": None} for c in cards]
