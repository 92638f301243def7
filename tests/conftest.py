"""Fixtures shared by every test tier: a fixed clock and an isolated home."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path

import pytest
from hypothesis import settings

from studycards.clock import FrozenClock

REPO = Path(__file__).resolve().parent.parent

# CI (.ci/run) runs the same examples every time and keeps none between runs; a local run
# explores new ones and replays the failures it found before.
settings.register_profile("ci", derandomize=True, database=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


@pytest.fixture(autouse=True)
def _isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    """Keep the developer's collection, config and editor out of every test."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    monkeypatch.delenv("STUDYCARDS_COLLECTION", raising=False)
    monkeypatch.setenv("TZ", "UTC")
    yield


@pytest.fixture
def clock() -> FrozenClock:
    """Noon UTC on a fixed Wednesday."""
    return FrozenClock(datetime(2026, 3, 4, 12, 0, tzinfo=timezone.utc))


@pytest.fixture
def bundled_note() -> Path:
    return REPO / "data" / "us-china-ai-race.md"
