"""`cards --search` narrows text searches in SQL before reading cards into Python; it must
find exactly what reading every card and matching its text finds."""

from __future__ import annotations

import shutil
import tempfile
from datetime import datetime, timezone
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from studycards.clock import FrozenClock
from studycards.collection import Collection
from studycards.model import Deck, ImportBatch, Note, NoteType, note_id_for

CLOCK = FrozenClock(datetime(2026, 3, 4, 12, 0, tzinfo=timezone.utc))
# Letters that change under casefold or sit next to words: the prefilter's hard cases.
pieces = st.sampled_from(
    ["ab", "Cd", "x1", " ", "-", "(", "\n", '"', "\\", "ß", "ﬁ", "É", "é", "**", "[", "::", "9"]
)
texts = st.lists(pieces, min_size=1, max_size=8).map("".join).filter(lambda t: t.strip())


@st.composite
def notes(draw: st.DrawFn) -> list[Note]:
    out: list[Note] = []
    for i in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from([NoteType.BASIC, NoteType.TERM, NoteType.CLOZE]))
        tags = tuple(
            draw(st.lists(st.sampled_from(["Tag1", "ßtag", "x"]), max_size=2, unique=True))
        )
        if kind is NoteType.BASIC:
            fields = {"question": f"{draw(texts)} q{i}", "answer": draw(texts)}
        elif kind is NoteType.TERM:
            fields = {
                "term": f"{draw(texts)} t{i}",
                "english": draw(texts),
                "abbr": draw(st.sampled_from(["", "AB", "É"])),
                "definition": draw(texts),
            }
        else:
            fields = {
                "text": f"{draw(texts)}{{{{c1::{draw(texts)}}}}}{draw(texts)} c{i}",
                "extra": "",
            }
        key = next(iter(fields.values()))
        out.append(Note(note_id_for(kind, key), kind, "D", fields, tags=tags))
    return out


def phrase(text: str) -> str:
    """`text` as one quoted search phrase: any spaces, quotes and backslashes are literal."""
    escaped = text.strip().replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


@given(deck=notes(), needle=st.one_of(texts, st.sampled_from(["b", "bcd", "as", "ss", "fi", "e"])))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_text_search_finds_what_matching_every_card_finds(deck: list[Note], needle: str) -> None:
    folder = Path(tempfile.mkdtemp())
    try:
        with Collection.open(folder / "c.db", CLOCK) as col:
            col.import_batch(ImportBatch(origin="d.md", decks=(Deck("D", tuple(deck)),)))
            every = list(col.card_rows())
            expected = [
                row.card.card_id
                for row in every
                if needle.strip().casefold()
                in " ".join(
                    (row.card.front, row.card.back, row.card.answer, " ".join(row.card.tags))
                ).casefold()
            ]
            found = [row.card.card_id for row in col.card_rows(search=phrase(needle))]
            assert found == expected
            # A needle cut from a card's own text always finds that card.
            text = every[0].card.front.strip()
            if text:
                cards = col.card_rows(search=phrase(text))
                assert every[0].card.card_id in [r.card.card_id for r in cards]
    finally:
        shutil.rmtree(folder, ignore_errors=True)
