"""Reading a note body as Markdown: the blocks, their plain text, their marks and their lines."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from studycards.notes.extract.markdown import MAX_INLINE, Block, BlockKind, Mark, read_body
from tests.complexity import assert_linear


def blocks(text: str, first_line: int = 1) -> list[Block]:
    return read_body(text, first_line)


def only(text: str) -> Block:
    (block,) = blocks(text)
    return block


def marked(block: Block, mark: Mark) -> list[str]:
    return [block.text[start:end] for start, end in block.marked(mark)]


def test_every_block_knows_its_file_line_and_heading() -> None:
    body = (
        "# Energy\n"  # 5
        "\n"
        "Grids are old.\n"  # 7
        "They need **money**.\n"  # 8
        "\n"
        "## Storage\n"  # 10
        "\n"
        "- first item\n"  # 12
        "- second\n"  # 13
        "  goes on\n"  # 14
        "\n"
        "> quoted line\n"  # 16
        "\n"
        "Battery\n"  # 18
        ": stores charge\n"  # 19
        "\n"
        "| a | b |\n"  # 21
        "|---|---|\n"
        "| x | y |\n"  # 23
        "\n"
        "[^1]: a footnote\n"  # 25
    )
    found = blocks(body, first_line=5)
    assert [(b.kind, b.text, b.line, b.heading) for b in found] == [
        (BlockKind.HEADING, "Energy", 5, ""),
        (BlockKind.PARAGRAPH, "Grids are old.\nThey need money.", 7, "Energy"),
        (BlockKind.HEADING, "Storage", 10, "Energy"),
        (BlockKind.PARAGRAPH, "first item", 12, "Storage"),
        (BlockKind.PARAGRAPH, "second\ngoes on", 13, "Storage"),
        (BlockKind.PARAGRAPH, "quoted line", 16, "Storage"),
        (BlockKind.TERM, "Battery", 18, "Storage"),
        (BlockKind.DEFINITION, "stores charge", 19, "Storage"),
        (BlockKind.CELL, "a", 21, "Storage"),
        (BlockKind.CELL, "b", 21, "Storage"),
        (BlockKind.CELL, "x", 23, "Storage"),
        (BlockKind.CELL, "y", 23, "Storage"),
        (BlockKind.FOOTNOTE, "a footnote", 25, "Storage"),
    ]
    paragraph = found[1]
    assert paragraph.line_at(paragraph.text.index("money")) == 8
    assert [b.item for b in found[3:6]] == [True, True, False]
    assert found[5].quoted and not found[4].quoted


def test_bold_next_to_chinese_punctuation_is_bold() -> None:
    # CommonMark alone reads none of these as bold: a quote or a full-width parenthesis is
    # punctuation, and the ideographs around the `**` are not.
    block = only(
        "我认为**“自主科学”**这个概念，**瓦尔登湖（Walden）**是一本书，更**稳定**（大体上）。"
    )
    assert marked(block, Mark.STRONG) == ["“自主科学”", "瓦尔登湖（Walden）", "稳定"]
    assert "*" not in block.text


def test_english_bold_keeps_commonmark_rules() -> None:
    block = only(
        "**Tariff:** a tax on imports, 2**10 is a power and **CPI (Consumer Price Index):** x"
    )
    assert marked(block, Mark.STRONG) == ["Tariff:", "CPI (Consumer Price Index):"]
    assert "2**10" not in block.text  # a stray `**` is failed bold, never card text


def test_markup_goes_and_its_text_stays() -> None:
    block, footnote = blocks(
        "See [the report](https://example.org/r-30%25 'title') and `memory.md` with $x^2$, "
        "a note[^n] ![chart 40%](c.png) at https://example.org/50%25 or <https://a.org> "
        "and [[Cold War|the long standoff]], [[Détente]] ![[embedded.png]] <b>bold</b> "
        "&amp; \\*escaped\\*.\n\n[^n]: the note"
    )
    assert block.text == (
        "See the report and memory.md with x^2, a note  at  or  and the long standoff, "
        "Détente  bold & *escaped*."
    )
    assert marked(block, Mark.LINK) == ["the report", "the long standoff", "Détente"]
    assert marked(block, Mark.CODE) == ["memory.md"]
    assert marked(block, Mark.MATH) == ["x^2"]
    assert len(block.marked(Mark.URL)) == 2  # where the bare URLs stood
    assert (footnote.kind, footnote.text) == (BlockKind.FOOTNOTE, "the note")


def test_code_html_and_math_blocks_give_no_blocks() -> None:
    body = (
        "```\ncode 50%\n```\n\n    indented 30%\n\n<div class='x'>\nhtml 20%\n</div>\n\n"
        "$$\nx = 10%\n$$\n\n<!-- a comment 5% -->\n\n---\n\nkept\n"
    )
    assert [b.text for b in blocks(body)] == ["kept"]


def test_html_comments_are_kept_beside_the_text_with_their_offset() -> None:
    block = only("> **微服务** <!-- term:Microservice --> (Microservice): 小而独立的服务\n")
    assert block.text == "微服务  (Microservice): 小而独立的服务"
    ((offset, comment),) = block.comments
    assert (offset, comment) == (4, "term:Microservice") and block.quoted


def test_a_comment_over_several_lines_keeps_the_line_count() -> None:
    block = only("one <!-- a\nb\nc --> two\nthree 50%")
    assert block.line_at(block.text.index("three")) == 4


def test_blocks_in_details_are_hidden() -> None:
    found = blocks(
        "Shown.\n\n<details>\n<summary>Original</summary>\n\nFolded.\n\n</details>\n\nAfter.\n"
    )
    assert [(b.text, b.hidden) for b in found] == [
        ("Shown.", False),
        ("Folded.", True),
        ("After.", False),
    ]


def test_a_callout_title_is_a_line_of_its_own() -> None:
    found = blocks("> [!note] Microservices\n> **Microservice**: a small service\n")
    assert [(b.text, b.line) for b in found] == [
        ("Microservices", 1),
        ("Microservice: a small service", 2),
    ]
    assert [b.text for b in blocks("> [!tip]-\n> Folded tip.\n")] == ["Folded tip."]


def test_task_list_boxes_and_alert_titles_are_no_text() -> None:
    found = blocks("- [ ] buy 3 boxes\n- [x] done\n\n> [!NOTE]\n> Useful.\n")
    assert [b.text for b in found] == ["buy 3 boxes", "done", "Useful."]


def test_a_paragraph_too_long_to_parse_whole_is_read_in_pieces_at_its_lines() -> None:
    sentence = "这是一个很长的句子，里面有**加粗**的词。"
    long_line = sentence * (MAX_INLINE // len(sentence) + 5)
    text = "First line.\n" * (MAX_INLINE // 12) + f"{long_line}\nlast **line** 50%"
    _, paragraph = blocks(f"# H\n\n{text}\n")
    assert "*" not in paragraph.text and paragraph.text.endswith("\nlast line 50%")
    assert paragraph.line_at(paragraph.text.index("last")) == text.count("\n") + 3
    assert len(marked(paragraph, Mark.STRONG)) == long_line.count("**加粗**") + 1


# Linear, if slow: markdown-it reads runs of `[` at some 50,000 characters a second.
@pytest.mark.parametrize(
    ("make", "n"),
    [
        (lambda n: "[^a" * n + "\n\n[^a]: x\n", 1_000),
        (lambda n: "**a*" * n, 2_000),
        (lambda n: "[" * n + "](" * n, 1_000),
        (lambda n: "[[" * n, 2_000),
        (lambda n: ("[^a" * n + "\n") * 10 + "\n[^a]: x\n", 100),
    ],
    ids=["footnote runs", "emphasis runs", "unclosed links", "wiki links", "many long lines"],
)
def test_hostile_inline_runs_are_read_in_linear_time(make: Callable[[int], str], n: int) -> None:
    assert_linear(lambda text: read_body(text, 1), make, n)


_WORD = st.integers(0, 10**6).map(lambda n: f"w{n}z")
_AROUND = st.sampled_from(
    [
        ("**", "**"),
        ("*", "*"),
        ("`", "`"),
        ("[", "](https://TARGET.example/9)"),
        ("<b>", "</b>"),
        ("", "[^FOOT]"),
        ("", " ![IMAGEALT](IMAGESRC.png)"),
        ("[[PAGE|", "]]"),
        ("", ""),
        ("“", "”"),
        ("（", "）"),
    ]
)
_PREFIX = st.sampled_from(["", "- ", "1. ", "> ", "## ", "    ", "| ", "Term\n: "])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(_PREFIX, _AROUND, _WORD, st.booleans()), min_size=1, max_size=12))
def test_markup_never_reaches_the_text_and_every_word_keeps_its_line(
    lines: list[tuple[str, tuple[str, str], str, bool]],
) -> None:
    source: list[str] = []
    where: dict[str, int] = {}
    line = 1
    for prefix, (before, after), word, blank in lines:
        if word in where:
            continue
        source.append(f"{prefix}{before}{word}{after}" + ("\n" if blank else ""))
        where[word] = line + prefix.count("\n")
        line += source[-1].count("\n") + 1
    source.append("```\nCODEFENCE\n```\n\n[^FOOT]: footnote")
    for block in blocks("\n".join(source)):
        for sentinel in ("TARGET", "FOOT]", "IMAGE", "PAGE", "CODEFENCE", "<b>", "**", "]("):
            assert sentinel not in block.text, (sentinel, block)
        for word, line in where.items():
            at = block.text.find(word)
            if at >= 0 and block.kind is not BlockKind.CELL:
                assert block.line_at(at) == line, (word, block)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=200))
def test_any_text_gives_blocks_and_never_an_error(text: str) -> None:
    for block in read_body(text, 3):
        assert block.line >= 3
        for span in block.spans:
            assert 0 <= span.start <= span.end <= len(block.text)
