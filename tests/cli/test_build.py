"""`studycards build` and `studycards check` as a user runs them."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from studycards.cli import cli
from tests.cli.clirun import STUDYCARDS, ctrl_c_as_in_a_terminal

REPO = Path(__file__).resolve().parents[2]
CARD_FIELDS = {"deck", "note_id", "card_id", "kind", "front", "back", "answer", "tags", "source"}


@pytest.fixture
def in_repo(monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(REPO)
    return REPO


def test_build_bundled_note_reproduces_the_committed_deck(in_repo: Path, tmp_path: Path) -> None:
    # The note named on its own: a folder would put its deck under the folder's name.
    note = "data/us-china-ai-race.md"
    result = CliRunner().invoke(cli, ["build", note, "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    built = tmp_path / "us-china-ai-race.md"
    assert built.read_bytes() == (REPO / "decks" / "us-china-ai-race.md").read_bytes()
    assert result.stdout == ""
    assert "美中AI竞赛的未来走向" in result.stderr and "13" in result.stderr


def test_json_prints_one_card_per_line_and_nothing_else_on_stdout(
    in_repo: Path, tmp_path: Path
) -> None:
    result = CliRunner().invoke(
        cli, ["build", "data/", "--json", "--dry-run", "--out", str(tmp_path)]
    )
    assert result.exit_code == 0
    cards = [json.loads(line) for line in result.stdout.splitlines()]
    assert cards and all(set(card) == CARD_FIELDS for card in cards)
    assert len({card["card_id"] for card in cards}) == len(cards)
    kinds = {card["kind"] for card in cards}
    assert kinds == {"term", "reverse", "figure"}
    assert sum(card["kind"] == "term" for card in cards) == 13
    ratio = next(card for card in cards if card["answer"] == "100:1")
    assert ratio["source"] == {
        "path": "data/us-china-ai-race.md",
        "line": 36,
        "heading": "历史军事优势",
    }
    assert "100:1" not in ratio["front"] and "[100:1]" in ratio["back"]
    assert list(tmp_path.iterdir()) == []


def test_dry_run_writes_nothing(in_repo: Path, tmp_path: Path) -> None:
    from studycards.cli.build import cache_folder

    out = tmp_path / "decks"
    result = CliRunner().invoke(
        cli, ["build", "data/us-china-ai-race.md", "--dry-run", "--out", str(out)]
    )
    assert result.exit_code == 0 and not out.exists()
    assert "dry run" in result.stderr
    assert not cache_folder().exists()  # not even the build cache
    CliRunner().invoke(cli, ["build", "data/us-china-ai-race.md", "--out", str(out)])
    assert len(list(cache_folder().iterdir())) == 1


def test_a_bad_note_is_skipped_with_one_line_and_exit_1(tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "good.md").write_text(
        "---\ntitle: Good\n---\n人口下降了50%的比例。\n", encoding="utf-8"
    )
    (notes / "broken.md").write_text("---\ntitle: [oops\n---\n", encoding="utf-8")
    (notes / "binary.md").write_bytes(b"\x00\x01PNG")
    result = CliRunner().invoke(cli, ["build", str(notes), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("studycards: error:")]
    assert len(errors) == 2
    assert any(
        f"{notes / 'broken.md'}:2: front matter is not valid YAML" in line for line in errors
    )
    assert any(str(notes / "binary.md") in line and "binary" in line for line in errors)
    assert (tmp_path / "out" / "good.md").exists()
    assert "Traceback" not in result.output


def test_rich_markup_and_escapes_in_notes_stay_text_html_tags_go(tmp_path: Path) -> None:
    note = tmp_path / "n.md"
    note.write_text(
        "---\ntitle: '[red]Deck[/red]'\n---\n**[bold]术语[/bold]**（Term: <b>x</b>）。人口下降了50%的\x1b[31m比例。\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["build", str(note), "--json", "--out", str(tmp_path / "out")])
    assert result.exit_code == 0
    cards = [json.loads(line) for line in result.stdout.splitlines()]
    assert cards[0]["deck"] == "[red]Deck[/red]" and cards[0]["front"] == "[bold]术语[/bold]"
    # HTML tags are Markdown's markup: the card keeps their text, never the tags.
    assert cards[0]["back"] == "Term\nx"
    assert "[red]Deck[/red]" in result.stderr  # printed as text, not as red "Deck"
    assert "\x1b" not in result.stderr


def test_check_reports_problems_in_notes_and_deck_files(tmp_path: Path) -> None:
    good = tmp_path / "deck.md"
    good.write_text("### basic\n- question: q\n- answer: a\n", encoding="utf-8")
    bad = tmp_path / "bad.md"
    bad.write_text("### basic\n- question: q\n- answer: a\n### quiz\n", encoding="utf-8")
    ok = CliRunner().invoke(cli, ["check", str(good), str(REPO / "data")])
    assert ok.exit_code == 0 and "0 with problems" in ok.stderr
    result = CliRunner().invoke(cli, ["check", str(tmp_path)])
    assert result.exit_code == 1
    assert f"studycards: error: {bad}:4: unknown note type `quiz`" in result.stderr
    assert sorted(tmp_path.iterdir()) == [bad, good]  # check writes nothing


def test_the_real_command_exits_1_without_a_traceback(tmp_path: Path) -> None:
    note = tmp_path / "latin1.md"
    note.write_bytes(b"# notes\ncaf\xe9 50%\n")
    run = subprocess.run(
        [sys.executable, "-m", "studycards", "build", str(note), "--out", str(tmp_path / "out")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 1
    assert run.stderr.startswith(f"studycards: error: {note}:2: cannot decode byte 0xe9")
    assert "Traceback" not in run.stderr and not (tmp_path / "out").exists()


def test_long_builds_in_a_terminal_show_a_progress_bar() -> None:
    from io import StringIO

    from rich.console import Console

    from studycards.cli.build import _progress

    screen = StringIO()
    console = Console(file=screen, force_terminal=True, width=80)
    with _progress(console) as report:
        assert report is not None
        report(30, 60)
    assert "30/60" in screen.getvalue()
    short = StringIO()
    with _progress(Console(file=short, force_terminal=True, width=80)) as report:
        assert report is not None
        report(1, 1)
    assert short.getvalue() == ""  # a one-note build is over before a bar could be read
    with _progress(Console(file=StringIO())) as piped:
        assert piped is None  # not a terminal: no bar


def test_gbk_and_utf16_notes_build_the_same_cards_as_utf8(tmp_path: Path) -> None:
    text = (REPO / "tests" / "data" / "chinese-energy.md").read_text(encoding="utf-8")
    encodings = {"utf8.md": text.encode("utf-8"), "gbk.md": text.encode("gbk")}
    encodings["utf16.md"] = b"\xff\xfe" + text.replace("\n", "\r\n").encode("utf-16-le")
    fronts = {}
    for name, data in encodings.items():
        (tmp_path / name).write_bytes(data)
        result = CliRunner().invoke(cli, ["build", str(tmp_path / name), "--json", "--dry-run"])
        assert result.exit_code == 0, result.stderr
        fronts[name] = [json.loads(line)["front"] for line in result.stdout.splitlines()]
    assert fronts["utf8.md"] and fronts["gbk.md"] == fronts["utf8.md"] == fronts["utf16.md"]


def test_hand_edited_deck_file_with_bom_and_crlf_is_checked_clean(tmp_path: Path) -> None:
    deck = (REPO / "decks" / "us-china-ai-race.md").read_text(encoding="utf-8")
    edited = deck.replace("- definition: 指确保AI的目标与人类价值观一致", "- definition: 新定义")
    path = tmp_path / "edited.md"
    path.write_bytes(b"\xef\xbb\xbf" + edited.replace("\n", "\r\n").encode("utf-8"))
    result = CliRunner().invoke(cli, ["check", str(path)])
    assert result.exit_code == 0 and "1 ok" in result.stderr


def test_an_empty_folder_is_refused_by_build_and_import_alike(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    lines = []
    for args in (
        ["build", str(empty)],
        ["check", str(empty)],
        ["--collection", str(tmp_path / "c.db"), "import", str(empty)],
    ):
        done = subprocess.run(
            [str(STUDYCARDS), *args], capture_output=True, text=True, timeout=60, check=False
        )
        assert done.returncode == 1
        lines.append(done.stderr)
    assert lines == [f"studycards: error: {empty}: the folder holds no Markdown notes (*.md)\n"] * 3
    assert list(tmp_path.iterdir()) == [empty], "nothing written, no collection made"


def test_dry_run_says_which_deck_files_would_change(in_repo: Path, tmp_path: Path) -> None:
    build = ["build", "data/", "--out", str(tmp_path)]
    first = CliRunner().invoke(cli, [*build, "--dry-run"]).stderr
    assert "dry run: 1 deck file would be written" in first and "0 unchanged" in first
    CliRunner().invoke(cli, build)
    again = CliRunner().invoke(cli, [*build, "--dry-run"]).stderr
    assert "dry run: 0 deck files would be written" in again and "1 unchanged" in again
    assert "(unchanged)" in again
    written = CliRunner().invoke(cli, build).stderr
    assert "0 deck files written" in written and "1 unchanged" in written


def test_an_interrupted_write_leaves_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from studycards.notes.builder import build_decks, write_decks

    note = tmp_path / "n.md"
    note.write_text("人口下降了50%的比例。\n", encoding="utf-8")
    out = tmp_path / "decks"

    def interrupted(source: object, target: object) -> None:
        raise KeyboardInterrupt  # Ctrl-C between writing the data and putting it in place

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_decks(build_decks([note]).decks, out)
    assert list(out.iterdir()) == []


@pytest.mark.slow
def test_ctrl_c_during_a_build_leaves_no_temporary_file(tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    for number in range(300):
        (notes / f"topic{number:04d}.md").write_text(
            f"# Topic {number}\n\n人口在{number}年里下降了{number % 90 + 5}%的比例。\n",
            encoding="utf-8",
        )
    out = tmp_path / "decks"
    # A Ctrl-C before the interpreter reaches studycards is Python's own traceback: the delays
    # count from the time the command takes to start, measured here (it grows under load).
    started = time.monotonic()
    subprocess.run([str(STUDYCARDS), "--version"], capture_output=True, check=True, timeout=60)
    startup = time.monotonic() - started
    for delay in (0.3, 0.6, 0.9, 1.2, 1.5, 2.0):
        process = subprocess.Popen(
            [str(STUDYCARDS), "build", str(notes), "--out", str(out), "--no-cache"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            preexec_fn=ctrl_c_as_in_a_terminal,
        )
        try:
            process.wait(timeout=startup + delay)
        except subprocess.TimeoutExpired:
            process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=60)
        assert "Traceback" not in err
        if out.exists():
            left = [path.name for path in out.iterdir() if path.name.startswith(".")]
            assert left == [], f"after Ctrl-C at {delay}s"
        shutil.rmtree(out, ignore_errors=True)


EXPLAINED = (
    "# Glossary\n\n"
    "- **Quota**: a limit on how much of a good may be imported.\n"
    "- **Channel:** Lab Notes\n\n"
    "这个方案更**稳定**（虽然不是完全稳定），成本降了40%。\n"
)


def test_explain_lists_every_skipped_annotation_with_its_line_and_reason(tmp_path: Path) -> None:
    note = tmp_path / "n.md"
    note.write_text(EXPLAINED, encoding="utf-8")
    result = CliRunner().invoke(
        cli,
        [
            "build",
            str(note),
            "--explain",
            "--dry-run",
            "--no-cache",
            "--out",
            str(tmp_path / "decks"),
        ],
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        f'{note}:4: skipped "Channel: Lab Notes": a field label with a value, not a definition',
        f'{note}:6: skipped "稳定（虽然不是完全稳定）": an aside or an example in parentheses, not a gloss',
    ]
    # The summary counts them beside the cards, explained or not.
    header, row = result.stderr.splitlines()[:2]
    assert header.split() == ["deck", "terms", "figures", "cards", "skipped", "file"]
    assert row.split()[1:5] == ["1", "1", "3", "2"]


def test_explain_goes_to_stderr_beside_json_and_survives_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    note = tmp_path / "n.md"
    note.write_text(EXPLAINED, encoding="utf-8")
    args = ["build", str(note), "--explain", "--json", "--out", str(tmp_path / "out")]
    first = CliRunner().invoke(cli, args)
    again = CliRunner().invoke(cli, args)  # served from the build cache
    for result in (first, again):
        assert result.exit_code == 0, result.output
        assert all(json.loads(line)["card_id"] for line in result.stdout.splitlines())
        assert result.stderr.count(": skipped ") == 2
