"""Arbitrary input to every importer: cards or one clear error, never a crash."""

from __future__ import annotations

import tempfile
import zipfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from studycards.clock import FrozenClock, StudyDay
from studycards.errors import ImportFormatError
from studycards.interop.anki_export import write_apkg
from studycards.interop.readers import read_import
from studycards.model import ImportBatch
from studycards.notes.cards import cards_of

from .conftest import T0, sample_records

FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Lines built from the pieces the parsers look for, so the interesting paths get exercised.
_PIECES = st.sampled_from(
    ["::", ":::", "?", "??", "==", "{{c1::", "}}", "#flashcards", "#flashcards/a/b", "Q:", "A:", "C:",
     "[", "]", "---", "\t", ",", ";", '"', "#separator:tab", "#html:true", "#guid column:1",
     "#notetype column:2", "#deck column:9", "#tags column:0", "<b>", "&amp;", "<!--SR:!2024-01-01,1,250-->",
     "```", "# Heading", "name = \"x\"", "\n", " ", "word", "ü", "\x00", "\r", "x^{2}", "{", "}",
     "![a](b.png)", "![[c.mp3]]", "<!--", "-->", "\\[", "\\]", "\\(", "\\)", "==2;;", ";;hint", "**",
     "+++"]
)  # fmt: skip
_TEXT = st.one_of(st.text(max_size=300), st.lists(_PIECES, max_size=60).map("".join))


def _check(batch: ImportBatch | None) -> None:
    if batch is None:
        return
    for deck in batch.decks:
        assert deck.name
        for note in deck.notes:
            assert cards_of(note), note  # a note that would give no card is never imported


def _read(name: str, data: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        try:
            _check(read_import(path, media_dir=Path(tmp) / "c" / "media"))
        except ImportFormatError as error:
            assert str(error).startswith(str(path)) and "\n" not in str(error)


@FUZZ
@given(_TEXT, st.sampled_from(["cards.txt", "cards.csv", "cards.tsv"]))
def test_anki_text_reader_never_crashes(text: str, name: str) -> None:
    _read(name, text.encode("utf-8", "surrogatepass"))


@FUZZ
@given(_TEXT)
def test_obsidian_reader_never_crashes(text: str) -> None:
    _read("notes.md", ("#flashcards\n" + text).encode("utf-8", "surrogatepass"))


@FUZZ
@given(_TEXT)
def test_hashcards_reader_never_crashes(text: str) -> None:
    _read("deck.md", ("Q: q\nA: a\n" + text).encode("utf-8", "surrogatepass"))


@FUZZ
@given(st.binary(max_size=2000))
def test_package_reader_refuses_random_bytes(data: bytes) -> None:
    _read("deck.apkg", data)


def _package() -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "p.apkg"
        write_apkg(
            sample_records(),
            out,
            with_scheduling=False,
            media_dir=None,
            clock=FrozenClock(T0),
            study_day=StudyDay(),
        )
        return out.read_bytes()


_VALID = _package()


@FUZZ
@given(
    st.lists(
        st.tuples(st.integers(0, len(_VALID) - 1), st.integers(0, 255)), min_size=1, max_size=8
    )
)
def test_package_reader_survives_corrupted_bytes(flips: list[tuple[int, int]]) -> None:
    data = bytearray(_VALID)
    for at, value in flips:
        data[at] = value
    _read("deck.apkg", bytes(data))


@FUZZ
@given(st.binary(max_size=4000))
def test_package_reader_survives_any_collection_file(collection: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "p.apkg"
        with zipfile.ZipFile(path, "w") as z:
            z.writestr("collection.anki2", b"SQLite format 3\x00" + collection)
            z.writestr("media", "{}")
        _read("deck.apkg", path.read_bytes())
