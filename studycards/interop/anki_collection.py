"""The SQLite side of an Anki package: note types, decks, notes, cards and the review log,
as plain rows. Schema 11 keeps note types and decks as JSON in the `col` row; schema 18
keeps them in tables with protobuf blobs (and `\\x1f` as the deck hierarchy separator)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from studycards.interop import notetypes, protowire
from studycards.interop.anki_render import CardTemplate, NoteTypeDef
from studycards.interop.guard import refuse
from studycards.model import NoteType


@dataclass(frozen=True, slots=True)
class NoteKind:
    """A note type: its fields in order, whether it is a cloze type, its card templates."""

    id: int
    name: str
    fields: tuple[str, ...]
    cloze: bool
    templates: tuple[CardTemplate, ...] = ()
    # Which of studycards' own note types this is, if any: looked up once, not per note.
    ours: NoteType | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        object.__setattr__(self, "ours", notetypes.ours(self.fields))

    def definition(self) -> NoteTypeDef:
        return NoteTypeDef(self.name, self.fields, self.templates, self.cloze)


class AnkiNote(NamedTuple):
    id: int
    guid: str
    mid: int
    mod: int
    tags: tuple[str, ...]
    fields: tuple[str, ...]


# Cards and review-log entries are named tuples made straight from the cursor's rows: a
# package holds tens of thousands of them, and a dataclass costs a Python __init__ each.
class AnkiCard(NamedTuple):
    id: int
    nid: int
    did: int
    ord: int
    type: int
    queue: int
    flags: int
    due: int  # a review card's: days since the collection was created
    ivl: int  # days
    factor: int  # ease in permille (2500 = 250%)
    reps: int = 0
    lapses: int = 0
    left: int = 0  # learning steps still to go (in the last three digits)
    data: str = ""  # JSON: FSRS memory state "s", "d", desired retention "dr", "lrt"


# Revlog types (rslib revlog/mod.rs RevlogReviewKind).
LEARNING, REVIEW, RELEARNING, FILTERED, MANUAL, RESCHEDULED = range(6)


class AnkiReview(NamedTuple):
    id: int
    cid: int
    ease: int
    time: int
    type: int
    factor: int = 0

    @property
    def is_reset(self) -> bool:
        """Anki's "Forget" (reset to new) logs a manual entry with no answer and no ease;
        what came before it no longer describes the card's memory."""
        return self.type == MANUAL and self.ease == 0 and self.factor == 0

    @property
    def is_cramming(self) -> bool:
        """A review in a filtered deck that does not reschedule: it changed nothing."""
        return self.type == FILTERED and self.factor == 0


@dataclass(frozen=True, slots=True)
class DeckConfig:
    """The scheduling options of an Anki preset (deck options group) that studycards uses."""

    name: str
    learn_steps: tuple[float, ...] = (1.0, 10.0)  # minutes
    relearn_steps: tuple[float, ...] = (10.0,)
    new_per_day: int = 20
    reviews_per_day: int = 200
    maximum_interval: int = 36500
    desired_retention: float = 0.9
    # The newest FSRS parameters set (FSRS-6: 21, FSRS-5: 19); empty: FSRS's defaults.
    parameters: tuple[float, ...] = ()


@dataclass
class AnkiCollection:
    kinds: dict[int, NoteKind]
    decks: dict[int, str]
    notes: list[AnkiNote]
    cards: list[AnkiCard]
    revlog: list[AnkiReview]
    created: int = 0  # when the collection was created (epoch seconds): its day 0
    # The scheduler the collection was last used with: 1 for Anki's v1 scheduler, whose
    # learning cards had three buttons (2 meant Good, 3 Easy); 2 for v2 and v3.
    scheduler: int = 2
    configs: dict[int, DeckConfig] = field(default_factory=dict)
    # deck id -> (its preset's id, the deck's own desired retention if it sets one)
    deck_configs: dict[int, tuple[int, float | None]] = field(default_factory=dict)


def _int(column: str) -> str:
    """A column read as an integer whatever a hostile file stored in it (text, blob, NULL)."""
    return f"coalesce(CAST({column} AS INTEGER), 0)"


def _json(value: Any, origin: Path, what: str) -> dict[str, Any]:
    try:
        loaded = json.loads(value or "{}")
    except (TypeError, json.JSONDecodeError) as error:
        raise refuse(origin, f"the collection's {what} are not valid JSON") from error
    if not isinstance(loaded, dict):
        raise refuse(origin, f"the collection's {what} are not a JSON object")
    return loaded


def _legacy_kinds(models: dict[str, Any]) -> dict[int, NoteKind]:
    kinds: dict[int, NoteKind] = {}
    for key, model in models.items():
        if not isinstance(model, dict):
            continue
        flds = sorted(model.get("flds") or [], key=lambda f: int(f.get("ord", 0)))
        tmpls = sorted(model.get("tmpls") or [], key=lambda t: int(t.get("ord", 0)))
        kind_id = int(model.get("id") or key)
        kinds[kind_id] = NoteKind(
            id=kind_id,
            name=str(model.get("name", "")),
            fields=tuple(str(f.get("name", "")) for f in flds),
            cloze=int(model.get("type", 0)) == 1,
            templates=tuple(
                CardTemplate(str(t.get("name", "")), str(t.get("qfmt", "")), str(t.get("afmt", "")))
                for t in tmpls
                if isinstance(t, dict)
            ),
        )
    return kinds


def _modern_kinds(con: sqlite3.Connection) -> dict[int, NoteKind]:
    fields: dict[int, list[tuple[int, str]]] = {}
    for ntid, ord_, name in con.execute(
        f"SELECT {_int('ntid')}, {_int('ord')}, CAST(name AS TEXT) FROM fields"
    ):
        fields.setdefault(ntid, []).append((ord_, name))
    templates: dict[int, list[tuple[int, CardTemplate]]] = {}
    for ntid, ord_, name, config in con.execute(
        f"SELECT {_int('ntid')}, {_int('ord')}, CAST(name AS TEXT), config FROM templates"
    ):
        blob = bytes(config or b"")
        template = CardTemplate(str(name or ""), protowire.text(blob, 1), protowire.text(blob, 2))
        templates.setdefault(ntid, []).append((ord_, template))
    kinds: dict[int, NoteKind] = {}
    # Rows for note types that are gone (Anki leaves some behind) are ignored by the join.
    for ntid, name, config in con.execute(
        f"SELECT {_int('id')}, CAST(name AS TEXT), config FROM notetypes"
    ):
        kinds[ntid] = NoteKind(
            id=ntid,
            name=str(name),
            fields=tuple(name for _, name in sorted(fields.get(ntid, []))),
            cloze=protowire.integer(bytes(config or b""), 1) == 1,
            templates=tuple(t for _, t in sorted(templates.get(ntid, []), key=lambda x: x[0])),
        )
    return kinds


def _tables(con: sqlite3.Connection) -> set[str]:
    return {row[0] for row in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}


def read_collection(con: sqlite3.Connection, origin: Path) -> AnkiCollection:
    tables = _tables(con)
    missing = {"col", "notes", "cards", "revlog"} - tables
    if missing:
        raise refuse(origin, f"not an Anki collection (no {', '.join(sorted(missing))} table)")
    row = con.execute(f"SELECT models, decks, {_int('crt')}, conf, dconf FROM col").fetchone()
    if row is None:
        raise refuse(origin, "not an Anki collection (empty col table)")
    deck_configs: dict[int, tuple[int, float | None]] = {}
    if {"notetypes", "fields", "templates", "decks"} <= tables:
        kinds = _modern_kinds(con)
        decks = {}
        for did, name, kind in con.execute(
            f"SELECT {_int('id')}, CAST(name AS TEXT), kind FROM decks"
        ):
            decks[did] = str(name).replace("\x1f", "::")
            deck_configs[did] = _modern_deck_config(bytes(kind or b""))
        configs = _modern_configs(con) if "deck_config" in tables else {}
        scheduler = _modern_scheduler(con) if "config" in tables else 1
    else:
        kinds = _legacy_kinds(_json(row[0], origin, "note types"))
        deck_json = _json(row[1], origin, "decks")
        decks = {
            int(k): str(v.get("name", "")) for k, v in deck_json.items() if isinstance(v, dict)
        }
        for key, deck in deck_json.items():
            if isinstance(deck, dict) and not deck.get("dyn"):
                retention = deck.get("desiredRetention")
                deck_configs[int(key)] = (
                    _number(deck.get("conf"), 1),
                    float(retention) if isinstance(retention, int | float) else None,
                )
        configs = _legacy_configs(_json(row[4], origin, "deck options"))
        # A collection that never met the v2 scheduler has no schedVer at all.
        scheduler = _number(_json(row[3], origin, "settings").get("schedVer"), 1)
    notes = list(_notes(con))
    cards = list(
        map(
            AnkiCard._make,
            con.execute(
                f"SELECT {_int('id')}, {_int('nid')}, {_int('CASE WHEN odid THEN odid ELSE did END')},"
                f" {_int('ord')}, {_int('type')}, {_int('queue')}, {_int('flags')},"
                f" {_int('CASE WHEN odid THEN odue ELSE due END')}, {_int('ivl')},"
                f" {_int('factor')}, {_int('reps')}, {_int('lapses')}, {_int('left')},"
                " CAST(data AS TEXT) FROM cards ORDER BY nid, ord"
            ),
        )
    )
    revlog = list(
        map(
            AnkiReview._make,
            con.execute(
                f"SELECT {_int('id')}, {_int('cid')}, {_int('ease')}, {_int('time')}, {_int('type')},"
                f" {_int('factor')} FROM revlog ORDER BY id"
            ),
        )
    )
    return AnkiCollection(
        kinds, decks, notes, cards, revlog, int(row[2]), scheduler, configs, deck_configs
    )


def _number(value: Any, default: int) -> int:
    return int(value) if isinstance(value, int | float) and not isinstance(value, bool) else default


def _floats(value: Any) -> tuple[float, ...]:
    if not isinstance(value, list):
        return ()
    return tuple(float(v) for v in value if isinstance(v, int | float) and not isinstance(v, bool))


def _group(conf: dict[str, Any], name: str) -> dict[str, Any]:
    group = conf.get(name)
    return group if isinstance(group, dict) else {}


def _legacy_configs(dconf: dict[str, Any]) -> dict[int, DeckConfig]:
    """Presets from schema 11's `dconf` JSON (`new`, `lapse`, `rev` groups; FSRS keys added
    by Anki 23.10 and later)."""
    configs = {}
    for key, conf in dconf.items():
        if not isinstance(conf, dict):
            continue
        new, lapse, rev = (_group(conf, name) for name in ("new", "lapse", "rev"))
        params: tuple[float, ...] = ()
        for name in ("fsrsParams6", "fsrsParams5", "fsrsWeights"):
            params = _floats(conf.get(name))
            if params:
                break
        retention = conf.get("desiredRetention")
        default = DeckConfig("")
        configs[_number(conf.get("id"), 0) or int(key)] = DeckConfig(
            name=str(conf.get("name", "")),
            learn_steps=_floats(new.get("delays")) if "delays" in new else default.learn_steps,
            relearn_steps=_floats(lapse.get("delays"))
            if "delays" in lapse
            else default.relearn_steps,
            new_per_day=_number(new.get("perDay"), default.new_per_day),
            reviews_per_day=_number(rev.get("perDay"), default.reviews_per_day),
            maximum_interval=_number(rev.get("maxIvl"), default.maximum_interval),
            desired_retention=float(retention)
            if isinstance(retention, int | float)
            else default.desired_retention,
            parameters=params,
        )
    return configs


def _modern_configs(con: sqlite3.Connection) -> dict[int, DeckConfig]:
    """Presets from schema 18's `deck_config` table (protobuf DeckConfig.Config)."""
    configs = {}
    for cid, name, blob in con.execute(
        f"SELECT {_int('id')}, CAST(name AS TEXT), config FROM deck_config"
    ):
        data = bytes(blob or b"")
        default = DeckConfig("")
        params = protowire.floats(data, 6) or protowire.floats(data, 5)
        retention = protowire.floats(data, 37)
        configs[cid] = DeckConfig(
            name=str(name or ""),
            learn_steps=protowire.floats(data, 1),
            relearn_steps=protowire.floats(data, 2),
            new_per_day=protowire.integer(data, 9) or default.new_per_day,
            reviews_per_day=protowire.integer(data, 10) or default.reviews_per_day,
            maximum_interval=protowire.integer(data, 16) or default.maximum_interval,
            desired_retention=retention[-1] if retention else default.desired_retention,
            parameters=params,
        )
    return configs


def _modern_deck_config(kind: bytes) -> tuple[int, float | None]:
    """(preset id, own desired retention) of a normal deck (DeckKindContainer.normal)."""
    normal = protowire.first(kind, 1, b"")
    if not isinstance(normal, bytes):
        return 1, None
    retention = protowire.floats(normal, 10)
    return protowire.integer(normal, 1) or 1, retention[-1] if retention else None


def _modern_scheduler(con: sqlite3.Connection) -> int:
    row = con.execute("SELECT val FROM config WHERE KEY = 'schedVer'").fetchone()
    try:
        return _number(json.loads(bytes(row[0]).decode()), 1) if row else 1
    except (TypeError, ValueError):
        return 1


def _notes(con: sqlite3.Connection) -> Iterator[AnkiNote]:
    for nid, guid, mid, mod, tags, flds in con.execute(
        f"SELECT {_int('id')}, CAST(guid AS TEXT), {_int('mid')}, {_int('mod')},"
        " CAST(tags AS TEXT), CAST(flds AS TEXT) FROM notes ORDER BY id"
    ):
        # The integer columns are coalesced to integers by the query already.
        yield AnkiNote(
            nid, str(guid), mid, mod, tuple((tags or "").split()), tuple((flds or "").split("\x1f"))
        )
