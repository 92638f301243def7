"""Notes as table rows: any text goes in as the JSON json.dumps writes and comes back equal."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from studycards.model import Note, NoteType, Source
from studycards.store.codec import note_from, note_values

text = st.text(st.characters(exclude_categories=["Cs"]), max_size=40)


@settings(max_examples=200, deadline=None)
@given(question=text, answer=text, tags=st.lists(text, max_size=4))
def test_note_fields_and_tags_round_trip_through_their_row(
    question: str, answer: str, tags: list[str]
) -> None:
    note = Note(
        "n1", NoteType.BASIC, "Deck", {"question": question, "answer": answer}, tuple(tags),
        Source("notes.md", 3, "Heading"),
    )  # fmt: skip
    row = note_values(note)
    assert row[2] == json.dumps(dict(note.fields), ensure_ascii=False)
    assert row[3] == json.dumps(tags, ensure_ascii=False)
    assert note_from(row, "Deck") == note
