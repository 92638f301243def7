"""Packages made by the real Anki: a person's deck with history, in each package version."""

from __future__ import annotations

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
        col.export_anki_package(
            out_path=str(out),
            options=ExportAnkiPackageOptions(
                with_scheduling=True, with_deck_configs=False, with_media=True, legacy=legacy
            ),
            limit=None,
        )
        return AnkiDeck(out, guids, reviews, guids["hidden"], guids["reversed"], guids["cloze"])
    finally:
        col.close()
