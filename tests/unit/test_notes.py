"""Reading note files: encodings, front matter, and every way a note can be unreadable."""

from __future__ import annotations

import codecs
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from studycards.errors import NoteError
from studycards.notes.reading import MAX_NOTE_BYTES, NoteText, parse_note, read_note_bytes

NOTE = "---\ntitle: 能源\ntags: [a, b]\n---\n### 电力\n\n**对齐**（Alignment: 指目标一致）。\n"


def read_note(path: Path) -> NoteText:
    return parse_note(read_note_bytes(path), str(path))


def write(tmp_path: Path, data: bytes, name: str = "note.md") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    "data",
    [
        NOTE.encode("utf-8"),
        codecs.BOM_UTF8 + NOTE.encode("utf-8"),
        NOTE.replace("\n", "\r\n").encode("utf-8"),
        codecs.BOM_UTF16_LE + NOTE.encode("utf-16-le"),
        codecs.BOM_UTF16_BE + NOTE.encode("utf-16-be"),
        NOTE.encode("gbk"),
        NOTE.replace("\n", "\r\n").encode("gb18030"),
    ],
    ids=["utf8", "utf8-bom", "crlf", "utf16le-bom", "utf16be-bom", "gbk", "gb18030-crlf"],
)
def test_every_supported_encoding_reads_to_the_same_note(tmp_path: Path, data: bytes) -> None:
    note = read_note(write(tmp_path, data))
    assert note.meta == {"title": "能源", "tags": ["a", "b"]}
    assert note.body == "### 电力\n\n**对齐**（Alignment: 指目标一致）。\n"
    assert note.body_line == 5


def test_note_without_front_matter_is_all_body(tmp_path: Path) -> None:
    note = read_note(write(tmp_path, b"# Title\n\nText.\n"))
    assert note.meta == {} and note.body_line == 1 and note.body.startswith("# Title")


def test_toml_front_matter_is_read_too(tmp_path: Path) -> None:
    note = read_note(write(tmp_path, b'+++\ntitle = "Deck"\ntags = ["x"]\n+++\nBody\n'))
    assert note.meta == {"title": "Deck", "tags": ["x"]} and note.body == "Body\n"
    assert note.body_line == 5


def test_toml_between_dashes_as_hashcards_writes_it(tmp_path: Path) -> None:
    note = read_note(write(tmp_path, b'---\nname = "Deck"\ntags = ["x"]\n---\nBody\n'))
    assert note.meta == {"name": "Deck", "tags": ["x"]} and note.body_line == 5


def test_json_front_matter_as_hugo_writes_it(tmp_path: Path) -> None:
    data = b'{\n  "title": "Deck",\n  "tags": ["x", "y"],\n  "params": {"a": 1}\n}\n\nBody\n'
    note = read_note(write(tmp_path, data))
    assert note.meta == {"title": "Deck", "tags": ["x", "y"], "params": {"a": 1}}
    assert note.body == "\nBody\n" and note.body_line == 6


def test_yaml_front_matter_may_close_with_dots(tmp_path: Path) -> None:
    note = read_note(write(tmp_path, b"---\ntitle: Deck\n...\nBody\n"))
    assert note.meta == {"title": "Deck"} and note.body == "Body\n" and note.body_line == 4


def test_a_rule_inside_the_body_is_not_front_matter(tmp_path: Path) -> None:
    note = read_note(write(tmp_path, b"Intro\n\n---\n\nafter: the rule\n---\n"))
    assert note.meta == {} and note.body.startswith("Intro")


def error_of(tmp_path: Path, data: bytes) -> NoteError:
    with pytest.raises(NoteError) as caught:
        read_note(write(tmp_path, data))
    return caught.value


def test_undecodable_bytes_name_the_file_and_line(tmp_path: Path) -> None:
    # Latin-1 "café" is neither UTF-8 nor plausible GBK.
    error = error_of(tmp_path, b"line one\nline two\ncaf\xe9 au lait\n")
    assert str(error).startswith(f"{tmp_path / 'note.md'}:3: ")
    assert "0xe9" in str(error) and "UTF-8" in str(error)


def test_windows_1252_that_happens_to_decode_as_gbk_is_refused(tmp_path: Path) -> None:
    # Every accented byte here is followed by a letter, so GB18030 decodes it (to nonsense).
    error = error_of(tmp_path, "naïve Zoës\n".encode("cp1252"))
    assert "save it as UTF-8" in str(error)


def test_binary_file_is_refused(tmp_path: Path) -> None:
    error = error_of(tmp_path, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert "binary" in str(error)


@pytest.mark.parametrize("data", [b"", b"  \n\n\t\n"])
def test_empty_note_is_refused(tmp_path: Path, data: bytes) -> None:
    assert "empty" in str(error_of(tmp_path, data))


def test_note_over_the_size_cap_is_refused_without_reading_it_whole(tmp_path: Path) -> None:
    error = error_of(tmp_path, b"a" * (MAX_NOTE_BYTES + 1))
    assert "larger than 4 MiB" in str(error)


def test_broken_yaml_points_at_its_line(tmp_path: Path) -> None:
    error = error_of(tmp_path, b"---\ntitle: ok\ntags: [a, b\nother: 1\n---\nbody\n")
    assert error.line is not None and 3 <= error.line <= 5
    assert "not valid YAML" in str(error)


@pytest.mark.parametrize(
    ("front", "line"),
    [
        ("---\ntitle: ok\ntags:\n  - a\n - b\n---\n", 5),  # a list item indented differently
        ("---\ntitle: ok\ntags: x\n- b\n---\n", 4),  # a list item after a key with a value
        ("---\ntitle: ok\nmore: a: b\n---\n", 3),  # a colon inside a plain value
        ("---\ntitle: 'open\n---\n", 2),  # a quote never closed
        ('+++\ntitle = "ok"\ntags = [1,\n+++\n', 3),  # TOML: a list never closed
        ('{\n  "title": "ok",\n  "tags": [1,]\n}\n', 3),  # JSON: a trailing comma
    ],
)
def test_front_matter_errors_name_their_line(tmp_path: Path, front: str, line: int) -> None:
    error = error_of(tmp_path, f"{front}body\n".encode())
    assert error.line == line and str(error).startswith(f"{tmp_path / 'note.md'}:{line}: ")


def test_an_impossible_date_is_a_note_error_not_a_crash(tmp_path: Path) -> None:
    error = error_of(tmp_path, b"---\ntitle: x\ndate: 2024-13-45\n---\nbody\n")
    assert "impossible value" in str(error)


def test_too_many_values_are_refused(tmp_path: Path) -> None:
    data = ("---\ntags:\n" + "- x\n" * 10_005 + "---\nbody\n").encode()
    assert "more than 10000 values" in str(error_of(tmp_path, data))


@pytest.mark.parametrize(
    "data",
    [
        b'{\n"x": ' + b"[" * 30 + b"]" * 30 + b"\n}\nbody\n",
        b"+++\nx = " + b"[" * 30 + b"]" * 30 + b"\n+++\nbody\n",
    ],
    ids=["json", "toml"],
)
def test_deep_json_and_toml_are_refused_too(tmp_path: Path, data: bytes) -> None:
    assert "nested deeper than 20" in str(error_of(tmp_path, data))


def test_front_matter_never_closed(tmp_path: Path) -> None:
    error = error_of(tmp_path, b"---\ntitle: x\nbody without a closing fence\n")
    assert error.line == 1 and "never closed" in str(error)


def test_front_matter_that_is_not_a_mapping(tmp_path: Path) -> None:
    assert "key: value" in str(error_of(tmp_path, b"---\n- a\n- b\n---\nbody\n"))


def test_yaml_tags_construct_no_objects(tmp_path: Path) -> None:
    data = b"---\nx: !!python/object/apply:os.system ['echo hacked']\n---\nbody\n"
    assert "not valid YAML" in str(error_of(tmp_path, data))


def test_alias_bomb_is_refused_quickly(tmp_path: Path) -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [{','.join(['*' + prev] * 9)}]")
    data = ("---\n" + "\n".join(lines) + "\n---\nbody\n").encode()
    started = time.perf_counter()
    error = error_of(tmp_path, data)
    assert "more than 10000 values" in str(error)
    assert time.perf_counter() - started < 2


def test_deep_nesting_is_refused(tmp_path: Path) -> None:
    data = ("---\nx: " + "[" * 30 + "]" * 30 + "\n---\nbody\n").encode()
    assert "nested deeper than 20" in str(error_of(tmp_path, data))


def test_folder_given_as_a_note(tmp_path: Path) -> None:
    with pytest.raises(NoteError, match="folder"):
        read_note(tmp_path)


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=400))
def test_any_bytes_give_a_note_or_a_note_error(data: bytes) -> None:
    try:
        note = parse_note(data, "x.md")
    except NoteError as error:
        assert str(error).startswith("x.md")
    else:
        assert isinstance(note.meta, dict) and isinstance(note.body, str)
        assert "\r" not in note.body
