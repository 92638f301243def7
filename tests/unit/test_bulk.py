"""Imports pause the garbage collector and always give it back as they found it."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from studycards.errors import StudycardsError
from studycards.interop import read_import


@pytest.mark.parametrize("enabled", [True, False])
def test_a_failed_import_leaves_the_collector_as_it_was(tmp_path: Path, enabled: bool) -> None:
    broken = tmp_path / "deck.apkg"
    broken.write_bytes(b"not a zip at all")
    was = gc.isenabled()
    try:
        if not enabled:
            gc.disable()
        with pytest.raises(StudycardsError):
            read_import(broken, media_dir=tmp_path / "media")
        assert gc.isenabled() is enabled
    finally:
        if was:
            gc.enable()
