"""Imports pause the garbage collector while they build their many objects, and always give
it back as they found it."""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Any

import pytest

from studycards.clock import FrozenClock
from studycards.errors import ImportFormatError, StudycardsError
from studycards.interop import apkg_import
from studycards.interop.readers import read_import
from tests.builders import batch, questions
from tests.unit.collection_helpers import open_collection


@pytest.mark.parametrize("enabled", [True, False])
def test_reading_a_package_pauses_the_collector_and_a_failure_gives_it_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, enabled: bool
) -> None:
    package = tmp_path / "deck.apkg"
    package.write_bytes(b"PK\x03\x04 not really a zip")
    seen: list[bool] = []

    def broken(path: Path, **_: Any) -> None:
        seen.append(gc.isenabled())
        raise ImportFormatError("not a zip", path=str(path))

    monkeypatch.setattr(apkg_import, "read_apkg", broken)
    was = gc.isenabled()
    try:
        if not enabled:
            gc.disable()
        with pytest.raises(StudycardsError):
            read_import(package, media_dir=tmp_path / "media")
        assert seen == [False]
        assert gc.isenabled() is enabled
    finally:
        if was:
            gc.enable()


def test_syncing_an_import_pauses_the_collector_and_gives_it_back(
    tmp_path: Path, clock: FrozenClock
) -> None:
    seen: list[bool] = []
    with open_collection(tmp_path, clock) as col:
        col.import_batches(
            [batch("deck.md", ("Deck", questions("Deck", 3)))],
            progress=lambda number, _: seen.append(gc.isenabled()),
        )
    assert seen == [False]
    assert gc.isenabled()
