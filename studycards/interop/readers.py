"""Any file made elsewhere into an ImportBatch: filekind.py says which reader reads it."""

from __future__ import annotations

from pathlib import Path

from studycards.bulk import no_gc_pauses
from studycards.interop.filekind import FileKind, kind_of
from studycards.interop.guard import DEFAULT_LIMITS, Limits, read_text
from studycards.interop.hashcards import looks_like_hashcards
from studycards.interop.obsidian import ObsidianSettings, looks_like_obsidian, settings_for
from studycards.model import ImportBatch
from studycards.notes.reading import is_markdown

__all__ = [
    "Limits",
    "ObsidianSettings",
    "looks_like_hashcards",
    "looks_like_obsidian",
    "read_import",
    "settings_for",
]


def read_import(
    path: Path,
    *,
    media_dir: Path,
    limits: Limits = DEFAULT_LIMITS,
    kind: FileKind | None = None,
    obsidian: ObsidianSettings | None = None,
) -> ImportBatch | None:
    """Read `path` if it is a kind of file made elsewhere that we read (filekind decides,
    unless the caller did already: `kind`): None when it is not one (the caller tries
    others), an ImportBatch when it is, ImportFormatError when it is one but broken.
    Obsidian notes are read with `obsidian`, else with the settings of their vault."""
    if obsidian is None and is_markdown(path):
        obsidian = settings_for(path)
    kind = kind or kind_of(path, obsidian=obsidian)
    if kind is FileKind.PACKAGE:
        from studycards.interop.apkg_import import read_apkg

        with no_gc_pauses():
            return read_apkg(path, media_dir=media_dir, limits=limits)
    if kind is FileKind.TEXT:
        from studycards.interop.anki_text import read_anki_text

        return read_anki_text(path, limits=limits)
    if kind is FileKind.OBSIDIAN:
        from studycards.interop.obsidian import read_obsidian

        return read_obsidian(path, read_text(path, limits), obsidian or settings_for(path))
    if kind is FileKind.HASHCARDS:
        from studycards.interop.hashcards import read_hashcards

        return read_hashcards(path, read_text(path, limits))
    return None
