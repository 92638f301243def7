"""Packages made by the real Anki: a person's deck with history, in each package version."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from anki.collection import Collection, ExportAnkiPackageOptions

CAT_PNG = b"\x89PNG\r\n\x1a\n" + b"cat pixels" * 10


@dataclass(frozen=True)
class AnkiDeck:
    """What the fixture put in, to compare an import against."""

    path: Path
    guids: dict[str, str]  # label -> note guid
    reviews: int  # revlog rows written by Anki's own scheduler
    suspended_guid: str
    flagged_guid: str  # its first card carries Anki's flag 3 (green)
    marked_guid: str


def _answer_all(col: Any, deck_id: Any, eases: list[int]) -> int:
    col.decks.select(deck_id)
    answered = 0
    for ease in eases:
        card = col.sched.getCard()
        if card is None:
            break
        col.sched.answerCard(card, ease)
        answered += 1
    return answered


def export_package(
    col: Any, out: Path, *, legacy: bool, deck_options: bool = False, media: bool = False
) -> None:
    """The whole collection as an .apkg with its scheduling, as a person sharing progress
    exports it (current layout, or the 2.1 one with `legacy`)."""
    col.export_anki_package(
        out_path=str(out),
        options=ExportAnkiPackageOptions(
            with_scheduling=True, with_deck_configs=deck_options, with_media=media, legacy=legacy
        ),
        limit=None,
    )


def build_anki_deck(folder: Path, name: str, *, legacy: bool) -> AnkiDeck:
    """A collection with Basic (HTML, image), Basic (and reversed), Cloze and a custom note
    type, two decks in a hierarchy, reviews by Anki's scheduler and a suspended card;
    exported as a modern (`legacy=False`, zstd anki21b) or legacy (anki21) package."""
    folder.mkdir(parents=True, exist_ok=True)
    col = Collection(str(folder / "collection.anki2"))
    try:
        mm = col.models
        french: Any = col.decks.id("Lang::French")
        root: Any = col.decks.id("Lang")
        col.media.write_data("cat.png", CAT_PNG)
        guids: dict[str, str] = {}

        def add(label: str, notetype: str, deck: Any, fields: list[str], tags: list[str]) -> Any:
            kind = mm.by_name(notetype)
            assert kind is not None
            note = col.new_note(kind)
            for index, value in enumerate(fields):
                note.fields[index] = value
            note.tags = tags
            col.add_note(note, deck)
            guids[label] = note.guid
            return note

        add(
            "basic",
            "Basic",
            french,
            ["<b>chat</b> &amp; co<br>deux", 'cat <img src="cat.png">'],
            ["animals"],
        )
        flagged = add("reversed", "Basic (and reversed card)", french, ["chien", "dog"], [])
        col.set_user_flag_for_cards(3, [flagged.cards()[0].id])
        add(
            "cloze",
            "Cloze",
            root,
            ["{{c1::Paris}} is in {{c2::France}}", "<i>capital</i>"],
            ["geo", "marked"],
        )
        custom = mm.new("Vocab")
        for field in ("Word", "Meaning", "Example", "Private"):
            mm.add_field(custom, mm.new_field(field))
        template = mm.new_template("Recall")
        template["qfmt"] = "{{Word}}"
        template["afmt"] = "{{FrontSide}}<hr id=answer>{{Meaning}}<br>{{Example}}"
        mm.add_template(custom, template)
        mm.add(custom)
        add("custom", "Vocab", french, ["maison", "house", "<div>Ma maison</div>", "not shown"], [])
        add("optional", "Basic (optional reversed card)", french, ["pain", "bread", "y"], [])
        hidden = add("hidden", "Basic", root, ["suspended front", "back"], [])
        col.sched.suspend_cards([card.id for card in hidden.cards()])

        reviews = _answer_all(col, french, [3, 3, 1, 3, 4])
        out = folder / name
        export_package(col, out, legacy=legacy, media=True)
        return AnkiDeck(out, guids, reviews, guids["hidden"], guids["reversed"], guids["cloze"])
    finally:
        col.close()


# -- a deck of note types with templates of their own -------------------------------------

_GEO_FIELDS = ("Country", "Country info", "Capital", "Capital info", "Capital hint", "Flag",
               "Flag similarity", "Map", "Region")  # fmt: skip
# Thirteen templates, most behind a section on the field they ask about, as shared geography
# decks write them; (name, question, answer).
_GEO_TEMPLATES = (
    ("Country - Capital", "{{#Capital}}{{Country}}<br>What is the capital?{{/Capital}}",
     "{{FrontSide}}<hr id=answer>{{Capital}}{{#Capital info}}<br>{{Capital info}}{{/Capital info}}"),
    ("Capital - Country", "{{#Capital}}{{Capital}}<br>Capital of which country?{{/Capital}}",
     "{{FrontSide}}<hr id=answer>{{Country}}"),
    ("Flag - Country", "{{#Flag}}{{Flag}}<br>Whose flag is this?{{/Flag}}",
     "{{FrontSide}}<hr id=answer>{{Country}}{{#Flag similarity}}<br>{{Flag similarity}}{{/Flag similarity}}"),
    ("Country - Flag", "{{#Flag}}{{Country}}<br>What does its flag look like?{{/Flag}}",
     "{{FrontSide}}<hr id=answer>{{Flag}}"),
    ("Map - Country", "{{#Map}}{{Map}}<br>Which country is highlighted?{{/Map}}",
     "{{FrontSide}}<hr id=answer>{{Country}}"),
    ("Country - Map", "{{#Map}}{{Country}}<br>Where is it?{{/Map}}",
     "{{FrontSide}}<hr id=answer>{{Map}}"),
    ("Capital hint", "{{#Capital hint}}{{Country}}: {{hint:Capital hint}}{{/Capital hint}}",
     "{{FrontSide}}<hr id=answer>{{Capital}}"),
    ("No capital", "{{^Capital}}{{Country}}<br>Does it have a capital?{{/Capital}}",
     "{{FrontSide}}<hr id=answer>No"),
    ("Region", "{{#Region}}{{Country}}<br>Which region?{{/Region}}",
     "{{FrontSide}}<hr id=answer>{{Region}}"),
    ("Region and flag", "{{#Region}}{{#Flag}}{{Region}}: {{Flag}}{{/Flag}}{{/Region}}",
     "{{FrontSide}}<hr id=answer>{{Country}}"),
    ("Info", "{{#Country info}}{{text:Country info}}<br>Which country?{{/Country info}}",
     "{{FrontSide}}<hr id=answer>{{Country}}"),
    ("Type the capital", "{{#Capital}}{{Country}} {{type:Capital}}{{/Capital}}",
     "{{FrontSide}}<hr id=answer>{{type:Capital}}"),
    ("Deck card", "{{#Capital}}{{Subdeck}} / {{Card}}: {{Country}}{{/Capital}}",
     "{{FrontSide}}<hr id=answer>{{Tags}}"),
)  # fmt: skip
_GEO_NOTES = (
    # Country, Country info, Capital, Capital info, Capital hint, Flag, Flag sim., Map, Region
    ("Erewhon", "An <b>island</b> state", "Nowhere City", "Seat of the council", "N…",
     '<img src="erewhon-flag.png">', "Like Utopia's, with a star", '<img src="erewhon-map.png">',
     "Oceania"),
    ("Utopia", "", "Amaurot", "", "", '<img src="utopia-flag.png">', "", "", "Europe"),
    ("The Commons", "Shared land, no seat of government", "", "", "", "", "",
     '<img src="commons-map.png">', ""),
    ("Laputa", "<div><br></div>", " ", "", "", "", "", "", ""),
)  # fmt: skip

JAPANESE_TEMPLATES = (
    ("Recognise", "{{Expression}}<br>{{Sentence}}", "{{FrontSide}}<hr id=answer>{{Meaning}}"),
    ("Read", "{{furigana:Reading}}", "{{FrontSide}}<hr id=answer>{{Meaning}}"),
    ("Kana", "{{kana:Reading}}", "{{FrontSide}}<hr id=answer>{{kanji:Reading}}"),
)
CODE_PRE = "<pre>def area(r):\n    if r &lt; 0:\n        raise ValueError(r)\n\n    return 3.14 * r * r</pre>"
CODE_NBSP = "<div>for x in xs:</div><div>&nbsp;&nbsp;&nbsp;&nbsp;print(x)</div>"
CODE_GUTTER = (
    '<table class="highlighttable"><tr><td class="linenos"><div class="linenodiv"><pre>'
    '1\n2</pre></div></td><td class="code"><div class="highlight"><pre><span></span>'
    '<span class="k">while</span> True:\n    <span class="k">pass</span>\n</pre></div></td>'
    "</tr></table>"
)


@dataclass(frozen=True)
class TemplateDeck:
    path: Path
    guids: dict[str, str]  # label -> note guid


def build_template_deck(folder: Path) -> TemplateDeck:
    """Note types with templates of their own, made and exported by the real Anki: the
    13-template geography type with sections, a Japanese type with furigana and <ruby>,
    code in <pre>, in &nbsp; runs and beside a line-number gutter, and clozes."""
    folder.mkdir(parents=True, exist_ok=True)
    col = Collection(str(folder / "collection.anki2"))
    try:
        mm = col.models
        guids: dict[str, str] = {}

        def note_type(name: str, fields: tuple[str, ...], templates: Any) -> Any:
            kind = mm.new(name)
            for field in fields:
                mm.add_field(kind, mm.new_field(field))
            for template_name, question, answer in templates:
                template = mm.new_template(template_name)
                template["qfmt"], template["afmt"] = question, answer
                mm.add_template(kind, template)
            mm.add(kind)
            return mm.by_name(name)

        def add(label: str, kind: Any, deck: str, values: tuple[str, ...], tags: list[str]) -> None:
            note = col.new_note(kind)
            for index, value in enumerate(values):
                note.fields[index] = value
            note.tags = tags
            col.add_note(note, col.decks.id(deck))  # type: ignore[arg-type]
            guids[label] = note.guid

        geo = note_type("Geography", _GEO_FIELDS, _GEO_TEMPLATES)
        for values in _GEO_NOTES:
            add(values[0], geo, "Geography::World", values, ["geo"])
        japanese = note_type(
            "Japanese", ("Expression", "Reading", "Meaning", "Sentence"), JAPANESE_TEMPLATES
        )
        add("騒がしい", japanese, "Japanese", ("騒がしい", " 騒[さわ]がしい", "noisy",
            "<ruby>騒<rt>さわ</rt></ruby>がしい<ruby>教室<rt>きょうしつ</rt></ruby>"), [])  # fmt: skip
        add("日本語", japanese, "Japanese", ("日本語", "日本語[にほんご]を 勉強[べんきょう]する",
            "studying Japanese", "毎日<ruby><rb>勉強</rb><rp>(</rp><rt>べんきょう</rt><rp>)</rp></ruby>"),
            [])  # fmt: skip
        code = note_type(
            "Code", ("Question", "Code"), [("Show", "{{Question}}<br>{{Code}}", "{{FrontSide}}")]
        )
        add("pre", code, "Code", ("What does it raise?", CODE_PRE), [])
        add("nbsp", code, "Code", ("Indented loop", CODE_NBSP), [])
        add("gutter", code, "Code", ("Highlighted loop", CODE_GUTTER), [])
        cloze = mm.by_name("Cloze")
        add("cloze", cloze, "Code", ("{{c1::Python}} is {{c2::dynamically::how?}} typed; "
            "{{c3::{{c1::x}} = 1}} binds", "a <i>note</i>"), [])  # fmt: skip
        out = folder / "templates.apkg"
        export_package(col, out, legacy=False)
        return TemplateDeck(out, guids)
    finally:
        col.close()


# -- progress: FSRS memory state, presets, the v1 scheduler -------------------------------

# FSRS-6 parameters of "a person who optimized": the defaults with other first stabilities.
TUNED_PARAMETERS = (
    0.4, 1.6, 3.1, 12.0, 6.4133, 0.8334, 3.0194, 0.001, 1.8722, 0.1666, 0.796,
    1.4835, 0.0614, 0.2629, 1.6483, 0.6014, 1.8729, 0.5425, 0.0912, 0.0658, 0.1542,
)  # fmt: skip


@dataclass(frozen=True)
class ProgressDeck:
    path: Path
    guids: dict[str, str]  # front -> note guid
    without_memory: frozenset[str]  # guids of notes whose cards lost their FSRS state


def _spread_history(col: Any, days: int) -> None:
    """Move every review-log entry back by whole days, as if studied over `days` days
    (Anki answers in the test all come at once): entry i of n goes back (n - i) days
    spread over `days`, keeping their order."""
    db = col.db
    ids = db.list("SELECT id FROM revlog ORDER BY id")
    for index, old in enumerate(ids):
        back = (len(ids) - index) * days // max(1, len(ids)) * 86_400_000 + 60_000 * (
            len(ids) - index
        )
        db.execute("UPDATE revlog SET id = ? WHERE id = ?", old - back, old)


def build_fsrs_deck(folder: Path) -> ProgressDeck:
    """FSRS on, a preset at desired retention 0.95 with tuned parameters, cards answered
    into review and learning (their memory state in cards.data); two notes' cards then lose
    their memory state, as a collection studied with SM-2 has none. Exported with deck
    options and scheduling."""
    folder.mkdir(parents=True, exist_ok=True)
    col = Collection(str(folder / "collection.anki2"))
    try:
        col.set_config("fsrs", True)
        config_id = col.decks.add_config_returning_id("Retention 95")
        config = col.decks.get_config(config_id)
        assert config is not None
        config["desiredRetention"] = 0.95
        config["fsrsParams6"] = list(TUNED_PARAMETERS)
        col.decks.update_config(config)
        did: Any = col.decks.id("Spanish::Verbs")
        deck = col.decks.get(did)
        assert deck is not None
        deck["conf"] = config_id
        col.decks.save(deck)
        basic = col.models.by_name("Basic")
        guids = {}
        for word, meaning in (("ser", "to be"), ("ir", "to go"), ("tener", "to have"),
                              ("hacer", "to do"), ("decir", "to say"), ("poder", "can"),
                              ("querer", "to want")):  # fmt: skip
            note = col.new_note(basic)  # type: ignore[arg-type]
            note["Front"], note["Back"] = word, meaning
            col.add_note(note, did)
            guids[word] = note.guid
        answered = _answer_all(col, did, [4, 3, 3, 4, 1, 3, 3, 2, 3, 3, 3, 3])
        assert answered == 12
        db = col.db
        assert db is not None
        # One card answered once more and left on its second learning step.
        querer = col.get_note(db.scalar("SELECT id FROM notes WHERE guid = ?", guids["querer"]))
        card = querer.cards()[0]
        if card.type == 0:
            card.start_timer()
            col.sched.answerCard(card, 3)
        _spread_history(col, 12)
        bare = frozenset({guids["tener"], guids["poder"]})
        for guid in bare:
            nid = db.scalar("SELECT id FROM notes WHERE guid = ?", guid)
            db.execute("UPDATE cards SET data = '{}' WHERE nid = ?", nid)
        out = folder / "fsrs.apkg"
        export_package(col, out, legacy=False, deck_options=True)
        return ProgressDeck(out, guids, bare)
    finally:
        col.close()


def build_v1_deck(folder: Path) -> ProgressDeck:
    """A collection as Anki's v1 scheduler left it: answered with today's scheduler, then
    its scheduler version set to 1 and its learning answers renumbered the v1 way (three
    buttons: Good was 2, Easy 3), exported in the 2.1 layout that carries `schedVer`."""
    import sqlite3
    import zipfile

    folder.mkdir(parents=True, exist_ok=True)
    col = Collection(str(folder / "collection.anki2"))
    try:
        did: Any = col.decks.id("Old deck")
        basic = col.models.by_name("Basic")
        guids = {}
        for index in range(6):
            note = col.new_note(basic)  # type: ignore[arg-type]
            note["Front"], note["Back"] = f"old question {index}", f"old answer {index}"
            col.add_note(note, did)
            guids[note["Front"]] = note.guid
        # Good, Good graduates a card; Easy graduates it at once; Again keeps it learning.
        _answer_all(col, did, [3, 3, 4, 3, 3, 1, 4, 3, 3, 4])
        _spread_history(col, 20)
        legacy = folder / "v2.apkg"
        export_package(col, legacy, legacy=True, deck_options=True)
    finally:
        col.close()
    out = folder / "v1.apkg"
    with zipfile.ZipFile(legacy) as source:
        db = folder / "collection.anki21"
        db.write_bytes(source.read("collection.anki21"))
        con = sqlite3.connect(db)
        (conf,) = con.execute("SELECT conf FROM col").fetchone()
        settings = json.loads(conf)
        settings["schedVer"] = 1
        con.execute("UPDATE col SET conf = ?", (json.dumps(settings),))
        # The inverse of Anki's upgrade (rslib storage/revlog/v2_upgrade.sql).
        con.execute("UPDATE revlog SET ease = ease - 1 WHERE ease IN (3, 4) AND type IN (0, 2)")
        con.commit()
        con.close()
        with zipfile.ZipFile(out, "w") as target:
            for info in source.infolist():
                data = (
                    db.read_bytes() if info.filename == "collection.anki21" else source.read(info)
                )
                target.writestr(info.filename, data)
    return ProgressDeck(out, guids, frozenset())
