"""The deck that ships with studycards, so a new user has something to study at once.

In an installed wheel the deck files live in the package (`studycards/bundled/decks/*.md`,
force-included by pyproject); in an editable or source checkout they are the repo's `decks/`.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from studycards.model import Deck

if TYPE_CHECKING:
    from studycards.collection import Collection
    from studycards.collection.importing import ImportResult


def bundled_deck_files() -> list[Path]:
    """The bundled deck files, sorted by name; empty when neither location holds any."""
    packaged = resources.files("studycards") / "bundled" / "decks"
    if isinstance(packaged, Path) and packaged.is_dir():
        found = sorted(packaged.glob("*.md"))
        if found:
            return found
    checkout = Path(__file__).resolve().parents[2] / "decks"
    return sorted(checkout.glob("*.md")) if checkout.is_dir() else []


def bundled_decks() -> list[Deck]:
    """The decks of the bundled files, to show before they are imported."""
    from studycards.notes.deckfile import read_deck_file

    return [read_deck_file(path) for path in bundled_deck_files()]


def import_bundled(col: Collection) -> ImportResult:
    """Import every bundled deck into `col`, as `studycards import` would (idempotent)."""
    from studycards.collection.importing import import_paths

    return import_paths(col, bundled_deck_files())
