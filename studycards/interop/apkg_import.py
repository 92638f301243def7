"""Anki package → ImportBatch: notes become studycards notes, the review log becomes
Review values the collection replays through FSRS, media lands in the media folder."""

from __future__ import annotations

import html
import re
import tempfile
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from studycards.interop import notetypes
from studycards.interop.anki_collection import (
    AnkiCard,
    AnkiCollection,
    AnkiNote,
    NoteKind,
    read_collection,
)
from studycards.interop.anki_progress import progress_of
from studycards.interop.anki_render import CardContext, answer_part, generated_ords, render
from studycards.interop.apkg_package import open_package
from studycards.interop.guard import Limits, open_untrusted_sqlite, refuse
from studycards.interop.html_text import html_to_text
from studycards.model import (
    Deck,
    ImportBatch,
    Note,
    NoteType,
    Rating,
    Source,
    anki_fields,
    anki_note_id,
    card_id_for,
    is_valid_explicit_id,
)
from studycards.notes.cards import card_ords, cloze_numbers

_MEDIA = re.compile(
    r"""<(?:img|audio|video|source)\b[^>]*?\bsrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))"""
    r"""|\[sound:([^\]]+)\]""",
    re.I,
)
_SUSPENDED = -1
_REVIEW = 2  # card type
_RATINGS = {int(rating): rating for rating in Rating}
_DEFAULT_DECK = "Default"
_MARKED = "marked"


def read_apkg(path: Path, *, media_dir: Path, limits: Limits) -> ImportBatch:
    """Read an .apkg/.colpkg of any version into an ImportBatch (or refuse it, one line)."""
    package = open_package(path, limits)
    try:
        try:
            media_dir.parent.mkdir(parents=True, exist_ok=True)
            scratch = tempfile.TemporaryDirectory(
                prefix=".studycards-import-", dir=media_dir.parent
            )
        except OSError as error:
            raise refuse(
                path, f"cannot unpack it beside the collection: {error.strerror}"
            ) from error
        with scratch as tmp:
            db = Path(tmp) / "collection.sqlite"
            package.extract_collection(db)
            with open_untrusted_sqlite(db, origin=path, limits=limits) as con:
                try:
                    collection = read_collection(con, path)
                except (TypeError, ValueError, AttributeError) as error:
                    raise refuse(path, f"the collection holds malformed rows ({error})") from error
        wanted = _referenced_media(collection)
        stored = package.store_media(media_dir, wanted) if wanted and package.media else {}
    finally:
        package.close()
    try:
        return _convert(
            path,
            collection,
            # The media map's names are NFC (Anki's rule); a field may spell them otherwise.
            lambda n: stored.get(unicodedata.normalize("NFC", n), n),
            tuple(sorted(set(stored.values()))),
        )
    except (TypeError, ValueError, OverflowError) as error:
        raise refuse(path, f"the collection holds malformed data ({error})") from error


def _referenced_media(collection: AnkiCollection) -> set[str]:
    names: set[str] = set()
    for note in collection.notes:
        for field in note.fields:
            if "<" in field or "[sound:" in field:
                for match in _MEDIA.finditer(field):
                    name = html.unescape(next(g for g in match.groups() if g is not None))
                    names.add(unicodedata.normalize("NFC", name))
    return names


def _convert(
    path: Path, collection: AnkiCollection, rename: Callable[[str], str], media: tuple[str, ...]
) -> ImportBatch:
    warnings: list[str] = []
    cards_of: dict[int, list[AnkiCard]] = {}
    for card in collection.cards:
        cards_of.setdefault(card.nid, []).append(card)
    by_deck: dict[str, list[Note]] = {}
    card_ids: dict[tuple[int, int], str] = {}  # (anki nid, ord) -> our card id
    seen: set[str] = set()
    modified: dict[str, datetime] = {}
    marked: set[str] = set()
    counts = _Skipped()
    for anki in collection.notes:
        kind = collection.kinds.get(anki.mid)
        if kind is None:
            warnings.append(f"{path}: note {anki.guid!r} has no note type; skipped")
            continue
        placed = cards_of.get(anki.id, [])
        deck_id = min((c.ord, c.did) for c in placed)[1] if placed else None
        deck = collection.decks.get(deck_id, _DEFAULT_DECK) if deck_id is not None else ""
        made = _note(path, anki, kind, deck or _DEFAULT_DECK, placed, collection, rename, counts)
        if isinstance(made, str):
            warnings.append(made)
            continue
        note, ours = made
        if note.note_id in seen:
            warnings.append(f"{path}: note {anki.guid!r} appears twice; kept the first")
            continue
        seen.add(note.note_id)
        if any(tag.lower() == _MARKED for tag in anki.tags):
            marked.add(note.note_id)
        if 0 < anki.mod < 1 << 33:  # a sane epoch second; hostile files may say anything
            modified[note.note_id] = datetime.fromtimestamp(anki.mod, timezone.utc)
        by_deck.setdefault(note.deck, []).append(note)
        for card in placed:
            if card.ord in ours:
                card_ids[(anki.id, card.ord)] = card_id_for(note.note_id, card.ord)
    warnings.extend(counts.warnings(path))
    card_of_id = {c.id: card_ids.get((c.nid, c.ord)) for c in collection.cards}
    progress = progress_of(path, collection, card_of_id)
    warnings.extend(progress.warnings)
    suspended = frozenset(
        card_id
        for c in collection.cards
        if c.queue == _SUSPENDED and (card_id := card_of_id.get(c.id))
    )
    flags = {
        card_id: c.flags & 7
        for c in collection.cards
        if c.flags & 7 and (card_id := card_of_id.get(c.id))
    }
    decks = tuple(Deck(name, tuple(notes), path=str(path)) for name, notes in by_deck.items())
    return ImportBatch(
        origin=str(path),
        decks=decks,
        reviews=tuple(progress.reviews),
        suspended=suspended,
        media=media,
        warnings=tuple(warnings),
        modified=modified,
        flags=flags,
        marked=frozenset(marked),
        events=tuple(progress.events),
        kept=progress.kept,
        presets=progress.presets,
        deck_presets=progress.deck_presets,
    )


@dataclass
class _Skipped:
    """Cards the import leaves out or cannot show as Anki does, counted for one warning each."""

    no_template: int = 0  # a card of a template the note type does not have
    empty: int = 0  # a card whose front Anki shows as blank

    def warnings(self, path: Path) -> list[str]:
        out = []
        if self.no_template:
            out.append(
                f"{path}: {self.no_template} cards of templates their note type does not have "
                "were skipped"
            )
        if self.empty:
            out.append(
                f"{path}: {self.empty} cards have a blank front in Anki (its Empty Cards tool "
                "would delete them); kept"
            )
        return out


_EMPTY_FRONT = "(This card's front is blank in Anki: its template shows no field of the note.)"


def _note(
    path: Path,
    anki: AnkiNote,
    kind: NoteKind,
    deck: str,
    placed: list[AnkiCard],
    collection: AnkiCollection,
    rename: Callable[[str], str],
    skipped: _Skipped,
) -> tuple[Note, set[int]] | str:
    """Our note for an Anki note and the ordinals of its cards, or the warning that says
    why it was skipped."""
    # Anki's "marked" is a tag; here it is the note's mark (the exporter writes it back).
    tags = tuple(dict.fromkeys(tag for tag in anki.tags if tag.lower() != _MARKED))
    if kind.ours is None:
        return _rendered_note(path, anki, kind, deck, tags, placed, collection, rename, skipped)
    note_type = kind.ours
    raw = anki.fields + ("",) * (len(kind.fields) - len(anki.fields))
    texts = [html_to_text(value, rename) for value in raw]
    values = dict(zip(notetypes.ANKI_FIELDS[note_type], texts, strict=False))
    own_id = values[notetypes.ID_FIELD]
    note_id = own_id if is_valid_explicit_id(own_id) else anki_note_id(anki.guid)
    source = notetypes.parse_source(values[notetypes.SOURCE_FIELD])
    fields = dict(zip(_FIELD_NAMES[note_type], texts, strict=False))
    reverse = bool(values.get("Add Reverse"))
    fields.pop("add reverse", None)
    # A GUID we derived from the note id is derived again on export: keeping it would
    # only make a note that went to Anki and back look changed.
    guid = "" if anki.guid == notetypes.guid_for_note(note_id) else anki.guid
    note = Note(note_id, note_type, deck, fields, tags, source, reversed=reverse, guid=guid)
    first = next(iter(note.fields.values()))
    if not first.strip():
        return f"{path}: note {anki.guid!r} has an empty first field; skipped"
    if note.type in (NoteType.CLOZE, NoteType.FIGURE):
        numbers = cloze_numbers(note.fields["text"])
        if not numbers:
            return f"{path}: note {anki.guid!r} is a cloze note without deletions; skipped"
        return note, {n - 1 for n in numbers}
    return note, set(card_ords(note))


def _rendered_note(
    path: Path,
    anki: AnkiNote,
    kind: NoteKind,
    deck: str,
    tags: tuple[str, ...],
    placed: list[AnkiCard],
    collection: AnkiCollection,
    rename: Callable[[str], str],
    skipped: _Skipped,
) -> tuple[Note, set[int]] | str:
    """An Anki note of a note type of its own: each of its cards as Anki renders it. The
    cards are the package's, as Anki's importer keeps them; a note that came without any
    gets the cards Anki would make for it."""
    definition = kind.definition()
    if not definition.templates:
        return f"{path}: note {anki.guid!r} has a note type without templates; skipped"
    if placed:
        cards = [(c.ord, collection.decks.get(c.did, deck), c.flags & 7) for c in placed]
    else:
        cards = [(o, deck, 0) for o in generated_ords(definition, anki.fields)]
    sides: dict[int, tuple[str, str]] = {}
    for ord_, card_deck, flag in cards:
        if ord_ in sides:
            continue
        if ord_ < 0 or (not definition.cloze and ord_ >= len(definition.templates)):
            skipped.no_template += 1
            continue
        context = CardContext(tags=anki.tags, deck=card_deck or deck, flag=flag)
        rendered = render(definition, anki.fields, ord_, context)
        if rendered.empty:
            skipped.empty += 1
            sides[ord_] = (_EMPTY_FRONT, "")
            continue
        front = html_to_text(rendered.question, rename)
        back = html_to_text(answer_part(rendered.question, rendered.answer), rename)
        sides[ord_] = (front, back)
    if not sides:
        return f"{path}: note {anki.guid!r} has no card Anki could show; skipped"
    note = Note(
        anki_note_id(anki.guid),
        NoteType.ANKI,
        deck,
        anki_fields(sides),
        tags,
        Source(str(path)),
        guid=anki.guid,
    )
    return note, set(sides)


_FIELD_NAMES: dict[NoteType, tuple[str, ...]] = {
    NoteType.TERM: ("term", "english", "abbr", "definition"),
    NoteType.BASIC: ("question", "answer", "add reverse"),
    NoteType.CLOZE: ("text", "extra"),
    NoteType.FIGURE: ("text", "context"),
}
