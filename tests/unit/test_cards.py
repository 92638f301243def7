"""How a note turns into cards: what a learner sees on each side."""

from __future__ import annotations

from studycards.model import CardKind, Note, NoteType, card_id_for, note_id_for
from studycards.notes.cards import Role, cards_of, cloze_numbers, faces, note_id_of, strip_cloze


def term(term: str, english: str = "", abbr: str = "", definition: str = "") -> Note:
    fields = {"term": term, "english": english, "abbr": abbr, "definition": definition}
    return Note(note_id_for(NoteType.TERM, term), NoteType.TERM, "deck", fields, ("llm",))


def test_term_note_gives_term_and_reverse_siblings() -> None:
    note = term("大规模杀伤性武器", "Weapons of Mass Destruction", "WMDs")
    forward, reverse = cards_of(note)
    assert (forward.kind, reverse.kind) == (CardKind.TERM, CardKind.REVERSE)
    assert forward.front == "大规模杀伤性武器"
    assert forward.back == "Weapons of Mass Destruction (WMDs)"
    assert reverse.front == forward.back and reverse.answer == "大规模杀伤性武器"
    assert forward.tags == ("llm", "term") and reverse.tags == ("llm", "reverse")
    assert {forward.card_id, reverse.card_id} == {
        card_id_for(note.note_id, 0),
        card_id_for(note.note_id, 1),
    }


def test_figure_card_hides_the_figure_and_marks_it_in_the_whole_sentence() -> None:
    note = Note(
        "n1",
        NoteType.FIGURE,
        "deck",
        {
            "text": "例如第二次世界大战，{{c1::50%}}的GDP用于战争生产",
            "context": "纵观世界历史，例如第二次世界大战，{{c1::50%}}的GDP用于战争生产",
        },
    )
    (card,) = cards_of(note)
    assert card.front == "例如第二次世界大战，[…]的GDP用于战争生产"
    assert "50%" not in card.front
    assert card.back == "纵观世界历史，例如第二次世界大战，[50%]的GDP用于战争生产"
    assert card.answer == "50%"


def test_two_figures_in_one_clause_are_two_cards_each_hiding_only_its_own() -> None:
    text = "人们谈论，{{c1::2000万}}苏联士兵死亡，{{c2::20%}}的波兰丧生"
    note = Note("n2", NoteType.FIGURE, "deck", {"text": text, "context": text})
    first, second = cards_of(note)
    assert first.front == "人们谈论，[…]苏联士兵死亡，20%的波兰丧生"
    assert second.front == "人们谈论，2000万苏联士兵死亡，[…]的波兰丧生"
    assert [segment.role for segment in faces(note, 1).answer if segment.role is Role.ANSWER] == [
        Role.ANSWER
    ]


def test_cloze_hint_shows_in_the_blank_and_extra_on_the_back() -> None:
    note = Note(
        "n3",
        NoteType.CLOZE,
        "d",
        {"text": "{{c1::Canberra::city}} is in {{c2::Australia}}", "extra": "since 1913"},
    )
    assert cloze_numbers(note["text"]) == [1, 2]
    assert strip_cloze(note["text"]) == "Canberra is in Australia"
    first = cards_of(note)[0]
    assert first.front == "[city] is in Australia"
    assert first.back == "[Canberra] is in Australia\n\nsince 1913"


def test_cloze_without_deletions_yields_no_card() -> None:
    assert cards_of(Note("n4", NoteType.CLOZE, "d", {"text": "nothing hidden", "extra": ""})) == []


def test_note_ids_ignore_width_case_and_spacing_but_not_the_type() -> None:
    assert note_id_for(NoteType.TERM, "Total  War") == note_id_for(NoteType.TERM, "total war")
    assert note_id_for(NoteType.TERM, "ＧＤＰ") == note_id_for(NoteType.TERM, "GDP")
    assert note_id_for(NoteType.TERM, "x") != note_id_for(NoteType.TERM, "y")
    assert note_id_for(NoteType.TERM, "x") != note_id_for(NoteType.BASIC, "x")


def test_a_corrected_figure_keeps_its_note_and_a_changed_clause_does_not() -> None:
    def figure_id(text: str) -> str:
        return note_id_of(NoteType.FIGURE, {"text": text, "context": ""})

    first = figure_id("Sales rose to {{c1::$150 million}} in {{c2::2023}}")
    assert figure_id("Sales rose to {{c1::$170 million}} in {{c2::2023}}") == first
    # A hint or a renumbered marker is no new fact either.
    assert figure_id("Sales rose to {{c2::$170 million::amount}} in {{c1::2024}}") == first
    assert figure_id("Sales fell to {{c1::$150 million}} in {{c2::2023}}") != first
    assert figure_id("Sales rose to $150 million in {{c1::2023}}") != first
    # A cloze note is identified by its whole text, as Anki users expect of an edit.
    cloze = note_id_of(NoteType.CLOZE, {"text": "{{c1::Paris}} is in France", "extra": ""})
    assert cloze != note_id_of(NoteType.CLOZE, {"text": "{{c1::Lyon}} is in France", "extra": ""})


def test_basic_reversed_note_gives_reverse_card() -> None:
    note = Note("n5", NoteType.BASIC, "d", {"question": "Q", "answer": "A"}, reversed=True)
    assert [(c.kind, c.front, c.back) for c in cards_of(note)] == [
        (CardKind.BASIC, "Q", "A"),
        (CardKind.REVERSE, "A", "Q"),
    ]
