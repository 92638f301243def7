"""Where the bundled deck is found: inside an installed wheel first, else the checkout's decks/."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from studycards.collection import bundled
from tests.conftest import REPO


def test_a_checkout_offers_the_repo_decks() -> None:
    assert bundled.bundled_deck_files() == sorted((REPO / "decks").glob("*.md"))
    assert [deck.name for deck in bundled.bundled_decks()], "the bundled deck file names a deck"


def test_an_installed_wheel_offers_its_packaged_decks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = tmp_path / "studycards"
    (package / "bundled" / "decks").mkdir(parents=True)
    deck = package / "bundled" / "decks" / "packaged.md"
    shutil.copy(sorted((REPO / "decks").glob("*.md"))[0], deck)
    monkeypatch.setattr("importlib.resources.files", lambda name: tmp_path / name)
    assert bundled.bundled_deck_files() == [deck]
    assert [deck.name for deck in bundled.bundled_decks()] == ["美中AI竞赛的未来走向"]
