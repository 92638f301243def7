"""Hostile notes and Anki packages, made here, imported through the real command next to good
files: each bad one is a one-line error naming it, within a time bound, and the good files
beside it still import in full."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
import zipfile
from collections import Counter
from datetime import datetime, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from studycards.cli import cli
from studycards.clock import FrozenClock, StudyDay
from studycards.errors import StudycardsError
from studycards.interop.anki_export import write_apkg
from tests.cli.clirun import STUDYCARDS
from tests.interop.conftest import sample_records

pytestmark = pytest.mark.slow

DATA = Path(__file__).resolve().parents[1] / "data"
SECONDS = 60  # for the whole folder, 50 MB note included

# name → bytes. Each must be refused with a line naming it (or, for the encoding cases that
# can be read, imported): never a crash, a hang or a traceback.
BILLION_LAUGHS = (
    "---\n"
    + "\n".join(
        [
            "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]",
            *(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 10)),
            "title: bomb",
        ]
    )
    + "\n---\n# Body\n\nThe **bomb** (a YAML alias bomb) is here.\n"
)


def retitled(good: str, title: str) -> str:
    return good.replace("title: Total War", f"title: {title} War", 1)


def hostile_notes(good: str) -> dict[str, bytes]:
    return {
        "broken-yaml.md": b"---\ntitle: [unclosed\ntags: {a: \n---\n# Body\n\nText.\n",
        "yaml-not-a-mapping.md": b"---\n- just\n- a list\n---\n# Body\n",
        "unterminated-front-matter.md": b"---\ntitle: never closed\n# Body\n",
        "alias-bomb.md": BILLION_LAUGHS.encode(),
        "deep-yaml.md": b"---\nx: " + b"[" * 5000 + b"]" * 5000 + b"\n---\n# Body\n",
        "deep-markdown.md": b"# Deep\n\n" + b"> " * 5000 + b"The **deep** (very nested) text.\n",
        "deep-list.md": b"# Deep\n\n" + b"".join(b"  " * i + b"- item\n" for i in range(1200)),
        "control-chars.md": (
            "# \x1b[2J\x1b]0;pwned\x07Title\n\nThe **\x1b[31mred\x1b[0m** (\x08a "
            "colour\x9b) is here.\n"
        ).encode(),
        "nul-bytes.md": b"\x00" * 4096,
        "latin-1.md": retitled(good, "Latin-1")
        .replace("Lecture", "Le\u00e7ture")
        .encode("latin-1"),
        "utf-16.md": retitled(good, "UTF-16").encode("utf-16"),
        "utf-8-bom.md": retitled(good, "UTF-8 BOM").encode("utf-8-sig"),
        "bad-utf-8.md": b"# Title\n\nThe **word** (a \xff\xfe\xc3 meaning) here.\n",
        "empty.md": b"",
        "huge.md": (b"# Huge\n\n" + b"The **huge** (a very large note) text. " * 1_400_000),
    }


def import_folder(folder: Path, collection: Path) -> tuple[subprocess.CompletedProcess[str], float]:
    started = time.perf_counter()
    done = subprocess.run(
        [str(STUDYCARDS), "--collection", str(collection), "import", "--json", str(folder)],
        capture_output=True,
        text=True,
        timeout=SECONDS * 3,
        env={**os.environ, "COLUMNS": "200"},
    )
    return done, time.perf_counter() - started


def run_in_process(*args: str) -> Result:
    """The command in this process (no interpreter start): exit code, stdout, stderr."""
    return CliRunner().invoke(cli, list(args), env={"COLUMNS": "200"})


def decks_of(collection: Path) -> dict[str, int]:
    done = run_in_process("--collection", str(collection), "status", "--json")
    assert done.exit_code == 0, done.stderr
    return {deck["deck"]: deck["total"] for deck in json.loads(done.stdout)["decks"]}


def cards_of(collection: Path) -> list[tuple[tuple[str, str, str], str]]:
    """((kind, front, back), source path) of every card."""
    done = run_in_process("--collection", str(collection), "cards", "--json")
    assert done.exit_code == 0, done.stderr
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    return [((row["kind"], row["front"], row["back"]), row["source"]["path"]) for row in rows]


def test_hostile_notes_beside_good_ones(tmp_path: Path) -> None:
    good = (DATA / "english-total-war.md").read_text(encoding="utf-8")
    notes = tmp_path / "notes"
    (notes / "sub").mkdir(parents=True)
    shutil.copy(DATA / "english-total-war.md", notes / "good.md")
    shutil.copy(DATA / "chinese-energy.md", notes / "sub" / "good-too.md")
    for name, data in hostile_notes(good).items():
        (notes / name).write_bytes(data)
    (notes / "sub" / "loop").symlink_to(notes, target_is_directory=True)
    (notes / "self").symlink_to(notes / "self")
    (notes / "dangling.md").symlink_to(notes / "nowhere.md")

    reference = tmp_path / "reference"
    reference.mkdir()
    shutil.copy(DATA / "english-total-war.md", reference / "good.md")
    shutil.copy(DATA / "chinese-energy.md", reference / "good-too.md")
    expected = run_in_process(
        "--collection", str(tmp_path / "reference.db"), "import", str(reference)
    )
    assert expected.exit_code == 0, expected.stderr
    good_decks = decks_of(tmp_path / "reference.db")
    # The folder's deck, and a deck under it for each note.
    assert set(good_decks) == {
        "reference",
        "reference::Total War and the Arsenal of Democracy",
        "reference::能源转型与电网",
    }
    assert all(good_decks.values())

    done, seconds = import_folder(notes, tmp_path / "col.db")
    assert seconds < SECONDS
    assert "Traceback" not in done.stderr
    assert done.returncode == 0, done.stderr
    decks = decks_of(tmp_path / "col.db")
    warnings = done.stderr.splitlines()
    refused = {
        "broken-yaml.md",
        "yaml-not-a-mapping.md",
        "alias-bomb.md",
        "deep-yaml.md",
        "nul-bytes.md",
        "huge.md",
        "bad-utf-8.md",
    }
    for name in refused:
        lines = [line for line in warnings if name in line]
        assert len(lines) == 1, f"{name}: {lines or warnings}"
        assert ":" in lines[0].split(name, 1)[1], lines[0]  # PATH:LINE: what, or PATH: what
    for line in warnings:
        assert "\x1b" not in line and "\x07" not in line
    # Readable encodings are read as the same text: their notes are the good note's own (a
    # note's id is its text), so they add no card of their own, and no good card is lost.
    cards = cards_of(tmp_path / "col.db")
    own = ("control-chars.md", "deep-markdown.md")  # hostile, yet read: their own cards
    theirs = Counter(card for card, path in cards if not path.endswith(own))
    assert theirs == Counter(card for card, _ in cards_of(tmp_path / "reference.db"))
    # Nothing from a refused file reached the collection.
    assert "bomb" not in decks
    # The control characters never reach a terminal from the collection either.
    listing = run_in_process("--collection", str(tmp_path / "col.db"), "cards")
    assert listing.exit_code == 0, listing.stderr
    assert "\x1b" not in listing.stdout and "\x07" not in listing.stdout


def _good_package(folder: Path) -> Path:
    out = folder / "good.apkg"
    write_apkg(
        sample_records(),
        out,
        with_scheduling=False,
        media_dir=None,
        clock=FrozenClock(datetime(2026, 3, 4, 12, tzinfo=timezone.utc)),
        study_day=StudyDay(),
    )
    return out


def hostile_packages(good: Path, folder: Path) -> dict[str, Path]:
    data = good.read_bytes()
    made = {
        "not-a-zip.apkg": os.urandom(20_000),
        "truncated.apkg": data[: len(data) // 2],
        "empty.apkg": b"",
    }
    out = {name: folder / name for name in made}
    for name, payload in made.items():
        out[name].write_bytes(payload)
    slip = folder / "zip-slip.apkg"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(slip, "w") as target:
        for item in source.infolist():
            if item.filename != "media":
                target.writestr(item, source.read(item))
        target.writestr("media", json.dumps({"0": "../../escaped.txt"}))
        target.writestr("0", b"owned")
    out[slip.name] = slip
    bomb = folder / "deflate-bomb.apkg"
    with (
        zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as target,
        target.open("collection.anki21", "w", force_zip64=True) as member,
    ):
        zeros = bytes(16 * 2**20)
        for _ in range(72):  # 1.1 GiB of zeros, over the 1 GiB collection cap
            member.write(zeros)
    out[bomb.name] = bomb
    not_sqlite = folder / "not-sqlite.apkg"
    with zipfile.ZipFile(not_sqlite, "w") as target:
        target.writestr("collection.anki2", b"SQLite format 3\x00" + os.urandom(8192))
        target.writestr("media", "{}")
    out[not_sqlite.name] = not_sqlite
    return out


def test_hostile_packages_beside_a_good_one(tmp_path: Path) -> None:
    folder = tmp_path / "packages"
    folder.mkdir()
    good = _good_package(folder)
    collection = tmp_path / "col.db"
    packages = hostile_packages(good, folder)
    for name, path in packages.items():
        started = time.perf_counter()
        done = run_in_process("--collection", str(collection), "import", str(path))
        assert time.perf_counter() - started < SECONDS, name
        # The command's own error (which `studycards` prints as one line), not a crash.
        assert isinstance(done.exception, StudycardsError), repr(done.exception)
        assert name in str(done.exception), str(done.exception)
    # And as the installed command prints it: one line, no traceback.
    command = [str(STUDYCARDS), "--collection", str(collection), "import"]
    shown = subprocess.run(
        [*command, str(packages["truncated.apkg"])], capture_output=True, text=True, timeout=120
    )
    assert shown.returncode != 0
    assert shown.stderr.count("\n") == 1, shown.stderr
    assert shown.stderr.startswith("studycards: error: ") and "truncated.apkg" in shown.stderr
    assert not (tmp_path / "escaped.txt").exists()
    assert not list(tmp_path.rglob("escaped.txt"))
    done = run_in_process("--collection", str(collection), "import", str(good))
    assert done.exit_code == 0, done.stderr
    assert sum(decks_of(collection).values()) > 0
