"""Our .apkg through the real Anki importer: what a person sees after File → Import."""

from __future__ import annotations

import dataclasses
import re
import warnings
from datetime import timedelta
from pathlib import Path
from typing import Any

from studycards.clock import FrozenClock, StudyDay, system_clock
from studycards.interop.anki_export import write_apkg
from studycards.model import CardRecord, NoteRecord, NoteType, Schedule, State
from tests.builders import note

from .conftest import T0, import_apkg, record, reviewed_card, sample_records

UTC_DAY = StudyDay(4, None)


def visible(html: str) -> str:
    """What the card shows: no style block, no tags or attributes."""
    return re.sub(r"<[^>]+>", "", re.sub(r"<style>.*?</style>", "", html, flags=re.S))


def export(records: list[NoteRecord], path: Path, clock: FrozenClock, **kw: Any) -> Any:
    options: dict[str, Any] = {"with_scheduling": False, "media_dir": None}
    options.update(kw)
    return write_apkg(records, path, clock=clock, study_day=UTC_DAY, **options)


def test_anki_imports_every_note_with_its_cards_decks_and_tags(
    anki_col: Any, tmp_path: Path, clock: FrozenClock
) -> None:
    result = export(sample_records(), tmp_path / "race.apkg", clock)
    log = import_apkg(anki_col, result.path)

    assert (len(log.new), len(log.updated), len(log.duplicate)) == (5, 0, 0)
    assert anki_col.note_count() == 5
    assert anki_col.card_count() == result.cards == 8
    assert (
        anki_col.db.scalar("select count() from notes where id not in (select nid from cards)") == 0
    )
    names = {d.name for d in anki_col.decks.all_names_and_ids()}
    assert {"AI race", "AI race::Chips"} <= names
    # Anki's own card generation agrees with ours: nothing missing, nothing blank.
    before = anki_col.card_count()
    anki_col.after_note_updates(anki_col.find_notes(""), mark_modified=False, generate_cards=True)
    assert anki_col.card_count() == before
    assert not anki_col.get_empty_cards().notes

    term = anki_col.get_note(anki_col.find_notes("Term:先进制程")[0])
    assert term.tags == ["chips_and_fabs", "policy"]
    assert term["Definition"] == "Chip manufacturing at 7 nm &amp; below &lt;not for export&gt;"
    forward, backward = sorted(term.cards(), key=lambda c: c.ord)
    assert "先进制程" in forward.question()
    assert "advanced process node" in backward.question() and "先进制程" not in backward.question()
    assert "notes/ai-race.md:1" in forward.answer()
    assert anki_col.decks.name(forward.did) == "AI race::Chips"


def test_cloze_and_figure_cards_ask_each_deletion(
    anki_col: Any, tmp_path: Path, clock: FrozenClock
) -> None:
    import_apkg(anki_col, export(sample_records(), tmp_path / "race.apkg", clock).path)

    cloze = anki_col.get_note(anki_col.find_notes('"note:studycards Cloze"')[0])
    cards = sorted(cloze.cards(), key=lambda c: c.ord)
    assert [c.ord for c in cards] == [0, 1]
    question = visible(cards[0].question())
    assert "[...]" in question and "Taiwan" in question
    assert "TSMC" not in question
    assert "Line one<br>Line two" in cards[0].answer()

    figure = anki_col.get_note(anki_col.find_notes('"note:studycards Figure"')[0])
    (card,) = figure.cards()
    assert "$40 billion" not in visible(card.question())
    assert "a record." in card.answer() and "$40 billion" in card.answer()


def test_reversed_basic_note_has_two_cards_and_plain_basic_one(
    anki_col: Any, tmp_path: Path, clock: FrozenClock
) -> None:
    import_apkg(anki_col, export(sample_records(), tmp_path / "race.apkg", clock).path)
    h100 = anki_col.get_note(anki_col.find_notes("Front:H100")[0])
    asml = anki_col.get_note(anki_col.find_notes('"Front:Who makes EUV machines?"')[0])
    assert len(h100.cards()) == 2
    assert len(asml.cards()) == 1


def test_reexport_after_an_edit_updates_the_note_instead_of_duplicating(
    anki_col: Any, tmp_path: Path, clock: FrozenClock
) -> None:
    import_apkg(anki_col, export(sample_records(), tmp_path / "v1.apkg", clock).path)
    cards_before = anki_col.card_count()
    records = sample_records()
    later = T0 + timedelta(hours=1)
    for index, field, value in ((0, "definition", "Chips at 7 nm or finer"), (1, "answer", "ASML")):
        old = records[index].note
        changed = dataclasses.replace(old, fields=dict(old.fields, **{field: value + "!"}))
        records[index] = dataclasses.replace(records[index], note=changed, modified=later)
    clock.advance(timedelta(hours=1))

    log = import_apkg(anki_col, export(records, tmp_path / "v2.apkg", clock).path)

    assert (len(log.new), len(log.updated), len(log.duplicate)) == (0, 2, 3)
    assert (anki_col.note_count(), anki_col.card_count()) == (5, cards_before)
    term = anki_col.get_note(anki_col.find_notes("Term:先进制程")[0])
    assert term["Definition"] == "Chips at 7 nm or finer!"
    basic = anki_col.get_note(anki_col.find_notes('"Front:Who makes EUV machines?"')[0])
    assert basic["Back"] == "ASML!"


def test_unchanged_notes_do_not_overwrite_edits_made_in_anki(
    anki_col: Any, tmp_path: Path, clock: FrozenClock
) -> None:
    import_apkg(anki_col, export(sample_records(), tmp_path / "v1.apkg", clock).path)
    in_anki = anki_col.get_note(anki_col.find_notes('"Front:Who makes EUV machines?"')[0])
    in_anki["Back"] = "ASML (edited on my phone)"
    anki_col.update_note(in_anki)
    clock.advance(timedelta(days=1))

    log = import_apkg(anki_col, export(sample_records(), tmp_path / "v2.apkg", clock).path)

    assert (len(log.new), len(log.updated)) == (0, 0)
    assert anki_col.get_note(in_anki.id)["Back"] == "ASML (edited on my phone)"


def test_cloze_without_deletions_is_reported_and_left_out(
    tmp_path: Path, clock: FrozenClock, anki_col: Any
) -> None:
    empty = note(NoteType.CLOZE, "AI race", {"text": "no deletion here", "extra": ""})
    result = export([*sample_records(), record(empty)], tmp_path / "race.apkg", clock)
    assert result.notes == 5
    assert len(result.warnings) == 1 and empty.note_id in result.warnings[0]
    import_apkg(anki_col, result.path)
    assert anki_col.note_count() == 5


def test_with_scheduling_anki_keeps_state_memory_due_and_review_log(
    anki_col: Any, tmp_path: Path
) -> None:
    # Anki counts days from the real time, so this export must happen now as well.
    clock = FrozenClock(system_clock())
    now = clock()
    basic = note(
        NoteType.BASIC, "AI race", {"question": "Who makes EUV machines?", "answer": "ASML"}
    )
    fresh = note(NoteType.BASIC, "AI race", {"question": "Fab", "answer": "A chip factory"})
    hidden = note(NoteType.BASIC, "AI race", {"question": "Suspended one", "answer": "x"})
    records = [
        NoteRecord(
            note=basic, cards=(reviewed_card(basic.note_id, 0, now),), modified=T0, marked=True
        ),
        record(fresh),
        record(hidden, suspended=True, flag=3),
    ]
    result = export(records, tmp_path / "s.apkg", clock, with_scheduling=True)
    assert result.reviews == 2

    import_apkg(anki_col, result.path, with_scheduling=True)

    card = anki_col.get_note(anki_col.find_notes('"Front:Who makes EUV machines?"')[0]).cards()[0]
    assert (card.type, card.queue, card.reps, card.lapses) == (2, 2, 2, 0)
    assert card.due - anki_col.sched.today == 5
    assert card.ivl == 8
    assert round(card.memory_state.stability, 2) == 8.4
    assert round(card.memory_state.difficulty, 2) == 4.9
    assert round(card.desired_retention, 2) == 0.9
    assert "marked" in card.note().tags
    rows = anki_col.db.all("select ease, type, time from revlog where cid = ? order by id", card.id)
    assert rows == [[3, 0, 4200], [3, 0, 3100]]  # both answered while learning
    new_card = anki_col.get_note(anki_col.find_notes("Front:Fab")[0]).cards()[0]
    assert (new_card.type, new_card.queue) == (0, 0)
    suspended = anki_col.get_note(anki_col.find_notes('"Front:Suspended one"')[0]).cards()[0]
    assert suspended.queue == -1 and suspended.user_flag() == 3


def test_export_is_deterministic_in_content_so_reimport_finds_nothing_new(
    anki_col: Any, tmp_path: Path, clock: FrozenClock
) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        first = export(sample_records(), tmp_path / "a.apkg", clock)
    clock.advance(timedelta(minutes=5))
    second = export(sample_records(), tmp_path / "b.apkg", clock)
    import_apkg(anki_col, first.path)
    log = import_apkg(anki_col, second.path)
    assert (len(log.new), len(log.updated), len(log.duplicate)) == (0, 0, 5)


def test_with_scheduling_learning_cards_keep_their_step_and_due_time(
    anki_col: Any, tmp_path: Path
) -> None:
    clock = FrozenClock(system_clock())
    now = clock()
    learning_due = now + timedelta(minutes=10)
    learning = Schedule(
        State.LEARNING,
        step=1,
        stability=2.3,
        difficulty=5.0,
        due=learning_due,
        last_review=now,
        reps=1,
        lapses=0,
    )
    relearning = Schedule(
        State.RELEARNING,
        step=0,
        stability=3.1,
        difficulty=6.0,
        due=now + timedelta(days=1, hours=1),
        last_review=now,
        reps=5,
        lapses=1,
    )
    first = note(NoteType.BASIC, "Steps", {"question": "learning one", "answer": "a"})
    second = note(NoteType.BASIC, "Steps", {"question": "relearning one", "answer": "b"})
    records = [
        NoteRecord(note=first, cards=(CardRecord(ord=0, schedule=learning),), modified=T0),
        NoteRecord(note=second, cards=(CardRecord(ord=0, schedule=relearning),), modified=T0),
    ]
    import_apkg(
        anki_col,
        export(records, tmp_path / "s.apkg", clock, with_scheduling=True).path,
        with_scheduling=True,
    )

    (learn,) = anki_col.get_note(anki_col.find_notes('"Front:learning one"')[0]).cards()
    assert (learn.type, learn.queue, learn.due) == (1, 1, int(learning_due.timestamp()))
    assert learn.left % 1000 == 1  # one step (of Anki's default two) still to go
    (relearn,) = anki_col.get_note(anki_col.find_notes('"Front:relearning one"')[0]).cards()
    assert (relearn.type, relearn.queue, relearn.lapses) == (3, 3, 1)
    assert relearn.due - anki_col.sched.today == UTC_DAY.days_between(
        now, now + timedelta(days=1, hours=1)
    )
