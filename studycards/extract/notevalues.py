"""Note and Source values made by setting their slots, for the extractor's hot path.

Building a note through the frozen dataclass's __init__ (one object.__setattr__ per field,
then __post_init__'s check) was a tenth of a cold build. These make the same values for
callers whose fields already are NOTE_FIELDS[type], in that order (not checked here; the
tests check every extracted note against Note's own constructor).
"""

from __future__ import annotations

from studycards.model import Note, NoteType, Source

_new = object.__new__
_NOTE_SLOTS = tuple(
    getattr(Note, name).__set__
    for name in ("note_id", "type", "deck", "fields", "tags", "source", "reversed", "guid")
)
_SOURCE_SLOTS = tuple(getattr(Source, name).__set__ for name in ("path", "line", "heading"))


def built_note(
    note_id: str,
    note_type: NoteType,
    deck: str,
    fields: dict[str, str],
    tags: tuple[str, ...],
    source: Source,
) -> Note:
    """Note(note_id, note_type, deck, fields, tags, source) for a builder that made `fields`
    with exactly the names of NOTE_FIELDS[note_type], in that order (not checked here)."""
    note = _new(Note)
    set_id, set_type, set_deck, set_fields, set_tags, set_source, set_reversed, set_guid = (
        _NOTE_SLOTS
    )
    set_id(note, note_id)
    set_type(note, note_type)
    set_deck(note, deck)
    set_fields(note, fields)
    set_tags(note, tags)
    set_source(note, source)
    set_reversed(note, False)
    set_guid(note, "")
    return note


def built_source(path: str, line: int, heading: str) -> Source:
    """Source(path, line, heading), without the frozen dataclass's per-field __setattr__."""
    source = _new(Source)
    set_path, set_line, set_heading = _SOURCE_SLOTS
    set_path(source, path)
    set_line(source, line)
    set_heading(source, heading)
    return source
