"""The simple front-matter reader: wherever it answers, it answers what libyaml's safe loader
(and the plain-data pass after it) answers; where libyaml refuses, it does not answer."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from studycards.errors import NoteError
from studycards.frontmatter_simple import load_simple_yaml
from studycards.frontmatter_yaml import MAX_VALUES, load_yaml, load_yaml_with_libyaml
from studycards.notes import parse_note

_KEYS = ["title", "tags", "date", "draft", "a_b", "k8s", "x-y", "y", "n", "Title"]
# Keys the reader must hand to libyaml: not text to the resolver, quoted, spaced, merge keys.
_ODD_KEYS = ["yes", "No", "on", "null", "~", "1", "<<", "'q'", '"q"', "a b", "-k", "? k", "k "]
_VALUES = [
    "plain words",
    "美中AI竞赛的未来走向",
    "https://example.org/a?b=c",
    "C# and F#",
    "100:1",
    "1:30",
    "1_000",
    "0x1F",
    "012",
    "0b101",
    "1.5",
    "1.",
    "1e5",
    "6.02e+23",
    ".inf",
    "-.inf",
    ".NaN",
    "+12",
    "-3",
    "yes",
    "No",
    "OFF",
    "True",
    "y",
    "~",
    "null",
    "NULL",
    "Null",
    "2024-06-06",
    "2024-6-6 10:00:00",
    "2001-12-14t21:59:43.10-05:00",
    "2001-12-14 21:59:43.10 Z",
    "2024-13-45",
    "=",
    "<<",
    "[]",
    "{}",
    "[a, b]",
    "{a: 1}",
    "[ ]",
    "'single'",
    "''",
    "'it''s'",
    "''''",
    "'open",
    "'a' b",
    "'a'b'",
    '"double"',
    '""',
    '"esc\\n"',
    '"a"b"',
    "a: b",
    "a:",
    "a #comment",
    "#comment",
    "&anchor x",
    "*alias",
    "!!str 12",
    "!tag x",
    "|",
    ">-",
    "@at",
    "`tick`",
    "%pct",
    "?q",
    ":c",
    "-dash",
    "- item",
    "a\tb",
    "tab\t",
    "a\u2028b",
    "a\x85b",
    "\ufeffbom",
    "nbsp\u00a0",
    "\u3000ideographic",
    "emoji 🙂",
    "trailing   ",
    "ctrl\x07",
    "",
]
_LINE_SHAPES = st.one_of(
    st.builds(lambda k, v: f"{k}: {v}", st.sampled_from(_KEYS), st.sampled_from(_VALUES)),
    st.builds(lambda k, v: f"{k}: {v}", st.sampled_from(_ODD_KEYS), st.sampled_from(_VALUES)),
    st.builds(lambda k: f"{k}:", st.sampled_from(_KEYS)),
    st.builds(lambda k: f"{k}:   # a comment", st.sampled_from(_KEYS)),
    st.builds(
        lambda indent, v: f"{' ' * indent}- {v}",
        st.sampled_from([0, 0, 2, 4, 1]),
        st.sampled_from(_VALUES),
    ),
    st.sampled_from(
        [
            "",
            "   ",
            "# a comment",
            "  # indented comment",
            "  continued text",
            "  nested: map",
            "-",
            "- ",
            "- - x",
            "-x",
            "---",
            "...",
            "%YAML 1.1",
            "key:value",
            "key : value",
            "\tkey: value",
            "key:\tvalue",
            "just text",
        ]
    ),
)

# Mostly lines of the shape the reader takes, so that many examples reach the comparison.
_PLAUSIBLE_LINE = st.one_of(
    st.builds(lambda k, v: f"{k}: {v}", st.sampled_from(_KEYS), st.sampled_from(_VALUES)),
    st.builds(lambda k: f"{k}:", st.sampled_from(_KEYS)),
    st.builds(
        lambda indent, v: f"{' ' * indent}- {v}", st.sampled_from([0, 2]), st.sampled_from(_VALUES)
    ),
)


def _typed(value: Any) -> Any:
    """`value` with every scalar's type spelled out: True must not equal 1, nor 1.0 equal 1."""
    if isinstance(value, dict):
        return [(_typed(k), _typed(v)) for k, v in value.items()]
    if isinstance(value, list):
        return [_typed(item) for item in value]
    return (type(value).__name__, repr(value))


def _libyaml(text: str) -> dict[str, Any] | None:
    try:
        return load_yaml_with_libyaml(text, path="n.md", first_line=2)
    except NoteError:
        return None


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(_PLAUSIBLE_LINE, _LINE_SHAPES), max_size=12), st.booleans())
def test_whatever_the_simple_reader_answers_libyaml_answers_the_same(
    lines: list[str], final_newline: bool
) -> None:
    text = "\n".join(lines) + ("\n" if final_newline else "")
    simple = load_simple_yaml(text, MAX_VALUES)
    if simple is None:
        return  # libyaml reads it (or reports the error with its line)
    reference = _libyaml(text)
    assert reference is not None, f"libyaml refuses what the simple reader took: {text!r}"
    assert _typed(simple) == _typed(reference)


def test_the_bundled_note_and_usual_shapes_are_read_without_libyaml(
    bundled_note: Path,
) -> None:
    text = bundled_note.read_text(encoding="utf-8")
    front = text[4 : text.index("\n---", 4) + 1]
    usual = (
        "title: 'Total War: 1939'\ndate: 2024-06-06\ndraft: false\ntags:\n  - history\n"
        '  - war\naliases: []\n# a comment\nrating: 4.5\nsummary: "quoted"\n'
    )
    for front_matter in (front, usual):
        simple = load_simple_yaml(front_matter, MAX_VALUES)
        assert simple is not None
        assert _typed(simple) == _typed(_libyaml(front_matter))
    assert load_simple_yaml(usual, MAX_VALUES) == {
        "title": "Total War: 1939",
        "date": "2024-06-06",
        "draft": False,
        "tags": ["history", "war"],
        "aliases": [],
        "rating": 4.5,
        "summary": "quoted",
    }


@pytest.mark.parametrize(
    ("front", "line"),
    [
        ("title: ok\ntags:\n  - a\n - b\n", 5),  # a list item indented differently
        ("title: ok\ntags: x\n- b\n", 4),  # a list item after a key with a value
        ("title: ok\nmore: a: b\n", 3),  # a colon inside a plain value
        ("title: 'open\n", 2),  # a quote never closed
    ],
)
def test_front_matter_libyaml_refuses_is_still_an_error_at_its_line(front: str, line: int) -> None:
    with pytest.raises(NoteError) as caught:
        parse_note(f"---\n{front}---\nbody\n".encode(), "n.md")
    assert caught.value.line == line


def test_an_impossible_date_is_a_note_error_not_a_crash() -> None:
    with pytest.raises(NoteError, match="impossible value"):
        load_yaml("title: x\ndate: 2024-13-45\n", path="n.md", first_line=2)


def test_too_many_values_are_refused_as_before() -> None:
    front = "tags:\n" + "- x\n" * (MAX_VALUES + 5)
    assert load_simple_yaml(front, MAX_VALUES) is None
    with pytest.raises(NoteError, match="more than"):
        load_yaml(front, path="n.md", first_line=2)
