"""A note body read as Markdown: the blocks that can hold cards, as our own values.

markdown-it-py reads the body (CommonMark, with GFM tables, strikethrough, task lists, alerts
and bare URLs), mdit-py-plugins adds footnotes, definition lists and dollar math. This module
is the only one that sees their tokens. What comes out is a list of Blocks: the plain text a
card may show, the stretches of it that were bold, emphasised, code, a link or math, the HTML
comments that stood in it, and the file line it starts on.

Markup never reaches the text: a link keeps its text and loses its target, a code span keeps
its code (marked, so no figure is read from it), and footnote references, images, bare URLs,
HTML tags and wiki-link targets are dropped. Fenced and indented code, HTML blocks, math
blocks and rules give no blocks at all. The text has a `\\n` wherever the source line breaks,
so a block's line plus the `\\n`s before an offset is that offset's file line.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from typing import TYPE_CHECKING, Any, NamedTuple

from markdown_it import MarkdownIt
from markdown_it.common.utils import isMdAsciiPunct, isPunctChar, isWhiteSpace
from markdown_it.rules_inline import StateInline, emphasis
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.dollarmath import dollarmath_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.footnote.index import footnote_ref
from mdit_py_plugins.gfm_autolink import gfm_autolink_plugin

if TYPE_CHECKING:
    from markdown_it.token import Token

# A paragraph longer than this is read in pieces of at most this many characters, cut between
# its lines (a longer line: after a sentence, else a space): markdown-it's link-label scans
# are quadratic in a run of `[` without a `]`, and all of a run's tokens sit in memory at
# once. Real paragraphs are a few hundred characters; markup never spans a cut in them.
MAX_INLINE = 2_000
# The longest footnote label looked for: mdit-py-plugins scans for the `]` to the end of the
# line, which is quadratic in a run of `[^` (seconds for one long line).
_MAX_FOOTNOTE_LABEL = 256
# Where a long line may be cut: after a sentence's closing mark.
_SENTENCE_END = re.compile(r"[。！？；]|[.!?;](?=\s)")
# The longest wiki link looked for: the closing `]]` is searched this far only, so a run of
# `[[` without one is read in linear time.
_MAX_WIKI_LINK = 512
# An Obsidian callout's first line: `> [!note] Title`, `> [!tip]- Folded`.
_CALLOUT = re.compile(r"\[![A-Za-z][\w-]*\][+-]?[ \t]*")
# `**` that opens or closes nothing (`是** onboarding…**`, a space inside the bold): every
# renderer shows it as written, but it is bold that failed, never text to learn.
_STRAY_STARS = re.compile(r"\*\*+")
_VOID_TAG = re.compile(r"<(?:hr|br)\s*/?>", re.IGNORECASE)
_DETAILS_OPEN = re.compile(r"<details[\s>]", re.IGNORECASE)
_DETAILS_CLOSE = re.compile(r"</details\s*>", re.IGNORECASE)


class Mark(StrEnum):
    """What a stretch of a block's text was in the Markdown."""

    STRONG = "strong"
    EMPHASIS = "emphasis"
    CODE = "code"  # an inline code span: its text is kept as written
    LINK = "link"  # a link's or a wiki link's text (its target is dropped)
    MATH = "math"  # `$…$`: kept as written
    URL = "url"  # where a bare URL stood: it is dropped, so its span is empty


class Span(NamedTuple):
    mark: Mark
    start: int
    end: int


class Comment(NamedTuple):
    """An HTML comment that stood at `offset` of a block's text (its text is not the block's)."""

    offset: int
    text: str


class BlockKind(StrEnum):
    PARAGRAPH = "paragraph"
    HEADING = "heading"
    CELL = "cell"  # a table cell
    TERM = "term"  # a definition list's term (`Term` above `: definition`)
    DEFINITION = "definition"  # a paragraph of a definition list's definition
    FOOTNOTE = "footnote"  # a paragraph of a footnote's text (`[^1]: …`)


@dataclass(frozen=True, slots=True)
class Block:
    """One run of inline text: a paragraph, a heading, a table cell…"""

    kind: BlockKind
    text: str
    # The file line of the text's first character.
    line: int
    # The section heading the block sits under ("" before the first).
    heading: str
    spans: tuple[Span, ...] = ()
    comments: tuple[Comment, ...] = ()
    # The first paragraph of a list item (`- **Term** – …`).
    item: bool = False
    # Inside a block quote, a callout or an alert.
    quoted: bool = False
    # Inside an HTML `<details>` element: folded away when the note is read.
    hidden: bool = False

    def line_at(self, offset: int) -> int:
        """The file line of text[offset]."""
        return self.line + self.text.count("\n", 0, offset)

    def marked(self, mark: Mark) -> list[tuple[int, int]]:
        return [(span.start, span.end) for span in self.spans if span.mark is mark]


# ---------------------------------------------------------------------------------------------
# The parser


def _is_cjk(char: str) -> bool:
    """Han, kana, hangul, CJK punctuation and full-width forms."""
    code = ord(char)
    return (
        0x4E00 <= code <= 0x9FFF
        or 0x3000 <= code <= 0x30FF
        or 0x3400 <= code <= 0x4DBF
        or 0xFF00 <= code <= 0xFFEF
        or 0xAC00 <= code <= 0xD7AF
        or 0xF900 <= code <= 0xFAFF
        or 0x20000 <= code <= 0x3FFFF
    )


def _cjk_emphasis(state: StateInline, silent: bool) -> bool:
    """markdown-it's emphasis rule, with CJK-friendly flanking next to CJK text.

    CommonMark lets `**` open only where punctuation after it is matched by whitespace or
    punctuation before it, so `我认为**“自主科学”**这个` is no bold: the quotes are punctuation
    and the ideographs around them are not. Chinese notes write bold that way all the time.
    As the CJK-friendly amendment to CommonMark proposes, a CJK character beside a delimiter
    run counts as punctuation where that lets the run open or close, and as a letter where
    punctuation would stop it. Runs with no CJK neighbour keep CommonMark's rules. (The
    plugin that does this for markdown-it-py requires markdown-it-py 3, which Textual has
    left behind.)"""
    start = state.pos
    first = len(state.delimiters)
    if not emphasis.tokenize(state, silent):
        return False
    src, end = state.src, state.pos
    before = src[start - 1] if start > 0 else " "
    after = src[end] if end < state.posMax else " "
    cjk_before, cjk_after = _is_cjk(before), _is_cjk(after)
    if not (cjk_before or cjk_after):
        return True
    space_before, space_after = isWhiteSpace(ord(before)), isWhiteSpace(ord(after))
    punct_before = isMdAsciiPunct(ord(before)) or isPunctChar(before)
    punct_after = isMdAsciiPunct(ord(after)) or isPunctChar(after)
    left = not space_after and (
        not punct_after or cjk_after or space_before or punct_before or cjk_before
    )
    right = not space_before and (
        not punct_before or cjk_before or space_after or punct_after or cjk_after
    )
    if src[start] == "*":
        can_open, can_close = left, right
    else:  # `_` never opens or closes inside a word
        can_open = left and (not right or punct_before or cjk_before)
        can_close = right and (not left or punct_after or cjk_after)
    for delimiter in state.delimiters[first:]:
        delimiter.open, delimiter.close = can_open, can_close
    return True


def _footnote_ref(state: StateInline, silent: bool) -> bool:
    """mdit-py-plugins' footnote reference rule, tried only where a `]` closes the label soon."""
    pos = state.pos
    if not state.src.startswith("[^", pos):
        return False  # as the rule itself would say, before the label is looked for
    if state.src.find("]", pos + 2, min(state.posMax, pos + 2 + _MAX_FOOTNOTE_LABEL)) < 0:
        return False
    return footnote_ref(state, silent)


def _wiki_link(state: StateInline, silent: bool) -> bool:
    """Obsidian's `[[Page]]`, `[[Page|shown text]]` and `![[embed]]` (mdit-py-plugins has no
    wiki-link rule): a `wikilink` token whose content is the text a reader sees."""
    src, pos = state.src, state.pos
    embed = src.startswith("![[", pos)
    if not (embed or src.startswith("[[", pos)):
        return False
    opening = pos + (3 if embed else 2)
    end = src.find("]]", opening, min(state.posMax, opening + _MAX_WIKI_LINK))
    if end < 0:
        return False
    inner = src[opening:end]
    if not inner.strip() or "[" in inner or "]" in inner or "\n" in inner:
        return False
    if not silent:
        token = state.push("wikilink", "", 0)
        target, _, shown = inner.partition("|")
        token.content = "" if embed else (shown or target).strip()
    state.pos = end + 2
    return True


@cache
def _parser() -> MarkdownIt:
    """The parser, made on first use (building it costs milliseconds)."""
    md = MarkdownIt("commonmark", {"tasklists": True, "alerts": True})
    md.enable(["table", "strikethrough"])
    md.use(gfm_autolink_plugin)
    # Footnote definitions stay where they are written (their blocks are read in place).
    md.use(footnote_plugin, move_to_end=False)
    md.inline.ruler.at("footnote_ref", _footnote_ref)
    md.use(deflist_plugin)
    # `$5 and $10` is money, not math: no digit may touch a `$`, no space may pad it.
    md.use(dollarmath_plugin, allow_digits=False, allow_space=False, allow_blank_lines=False)
    md.inline.ruler.at("emphasis", _cjk_emphasis)
    md.inline.ruler.before("link", "wiki_link", _wiki_link)
    # Inline runs are parsed one at a time by `_Reader` (see MAX_INLINE), not all at once.
    md.disable(["inline", "text_join"])
    return md


# ---------------------------------------------------------------------------------------------
# Tokens → Blocks


class _Text:
    """A block's text being built from inline tokens."""

    __slots__ = ("comments", "open", "parts", "size", "spans")

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.size = 0
        self.spans: list[Span] = []
        self.comments: list[Comment] = []
        self.open: list[tuple[Mark, int]] = []

    def add(self, text: str) -> None:
        if text:
            self.parts.append(text)
            self.size += len(text)

    def add_marked(self, mark: Mark, text: str) -> None:
        start = self.size
        self.add(text)
        self.spans.append(Span(mark, start, self.size))

    def lines(self, text: str) -> None:
        """Keep the line count of markup that is dropped (a comment over three lines)."""
        self.add("\n" * text.count("\n"))

    def begin(self, mark: Mark) -> None:
        self.open.append((mark, self.size))

    def end(self, mark: Mark) -> None:
        for index in range(len(self.open) - 1, -1, -1):
            if self.open[index][0] is mark:
                _, start = self.open.pop(index)
                if self.size > start:
                    self.spans.append(Span(mark, start, self.size))
                return

    def read(self, tokens: Sequence[Token]) -> None:
        skip_link = 0  # inside a bare URL's link: its text is the URL
        for token in tokens:
            kind = token.type
            if skip_link:
                if kind == "link_open":
                    skip_link += 1
                elif kind == "link_close":
                    skip_link -= 1
                continue
            if kind == "text":
                content = token.content
                self.add(_STRAY_STARS.sub("", content) if "**" in content else content)
            elif kind == "text_special":
                self.add(token.content)
            elif kind == "softbreak" or kind == "hardbreak":
                self.add("\n")
            elif kind == "strong_open":
                self.begin(Mark.STRONG)
            elif kind == "strong_close":
                self.end(Mark.STRONG)
            elif kind == "em_open":
                self.begin(Mark.EMPHASIS)
            elif kind == "em_close":
                self.end(Mark.EMPHASIS)
            elif kind == "link_open":
                if token.markup in ("autolink", "linkify"):
                    self.spans.append(Span(Mark.URL, self.size, self.size))
                    skip_link = 1
                else:
                    self.begin(Mark.LINK)
            elif kind == "link_close":
                self.end(Mark.LINK)
            elif kind == "code_inline":
                self.add_marked(Mark.CODE, token.content)
            elif kind == "math_inline" or kind == "math_inline_double":
                self.add_marked(Mark.MATH, token.content.replace("\n", " "))
                self.lines(token.content)
            elif kind == "wikilink":
                if token.content:
                    self.add_marked(Mark.LINK, token.content)
            elif kind == "html_inline":
                content = token.content
                if content.startswith("<!--"):
                    inner = content[4:-3] if content.endswith("-->") else content[4:]
                    self.comments.append(Comment(self.size, inner.strip()))
                self.lines(content)
            elif kind in ("image", "footnote_ref", "footnote_anchor", "s_open", "s_close"):
                continue  # images and references are no text; struck text stays text
            elif token.children:
                self.read(token.children)
            else:
                self.add(token.content)

    def text(self) -> str:
        return "".join(self.parts)


class _Reader:
    """Walks the block tokens of one body and makes its Blocks."""

    def __init__(self, md: MarkdownIt, first_line: int) -> None:
        self.md = md
        self.first_line = first_line
        self.env: dict[str, Any] = {}
        self.blocks: list[Block] = []
        self.heading = ""

    def _inline(self, content: str, into: _Text) -> None:
        """Parse one inline run into `into`, a long one in pieces (see MAX_INLINE)."""
        for piece in _pieces(content):
            into.read(self.md.inline.parse(piece, self.md, self.env, []))

    def _after_rule(self, token: Token, offset: int) -> None:
        """`<hr>` or `<br>` alone on a line starts an HTML block that CommonMark runs on to the
        next blank line, swallowing the heading and list that notes write right under it; the
        note's own viewer (Obsidian, a static site) shows them as Markdown, and so do we."""
        lines = token.content.split("\n")
        if token.map is None or not _VOID_TAG.fullmatch(lines[0].strip()):
            return
        skipped = 1  # and any more rules right under it, so this never recurses further
        while skipped < len(lines) and _VOID_TAG.fullmatch(lines[skipped].strip()):
            skipped += 1
        rest = "\n".join(lines[skipped:])
        if rest.strip():
            self.read(self.md.parse(rest, self.env), offset + token.map[0] + skipped)

    def block(self, kind: BlockKind, content: str, line: int, **flags: bool) -> Block:
        built = _Text()
        self._inline(content, built)
        block = Block(
            kind,
            built.text(),
            line,
            self.heading,
            tuple(sorted(built.spans, key=lambda span: span.start)),
            tuple(built.comments),
            **flags,
        )
        self.blocks.append(block)
        return block

    def read(self, tokens: list[Token], offset: int = 0) -> None:
        """Make the blocks of `tokens`, whose line numbers count from line `offset` of the
        body."""
        quoted = hidden = footnote = definition = 0
        for index, token in enumerate(tokens):
            kind = token.type
            if kind != "inline":
                if kind in ("blockquote_open", "alert_open"):
                    quoted += 1
                elif kind in ("blockquote_close", "alert_close"):
                    quoted -= 1
                elif kind == "footnote_reference_open":
                    footnote += 1
                elif kind == "footnote_reference_close":
                    footnote -= 1
                elif kind == "dd_open":
                    definition += 1
                elif kind == "dd_close":
                    definition -= 1
                elif kind == "html_block":
                    opened = len(_DETAILS_OPEN.findall(token.content))
                    closed = len(_DETAILS_CLOSE.findall(token.content))
                    hidden = max(0, hidden + opened - closed)
                    self._after_rule(token, offset)
                continue
            if token.map is None:
                continue  # an alert's title, made up by the parser
            parent = tokens[index - 1].type
            opens = tokens[index - 2].type if index >= 2 else ""
            line = self.first_line + offset + token.map[0]
            content = token.content
            flags = {
                "item": opens == "list_item_open",
                "quoted": quoted > 0,
                "hidden": hidden > 0,
            }
            if opens == "blockquote_open":
                callout = _CALLOUT.match(content)
                if callout:
                    # The callout's title is a line of its own, not the start of its text.
                    title, _, content = content[callout.end() :].partition("\n")
                    if title.strip():
                        self.block(BlockKind.PARAGRAPH, title, line, **flags)
                    line += 1
                    if not content.strip():
                        continue
            if parent == "heading_open":
                heading = self.block(BlockKind.HEADING, content, line, **flags)
                self.heading = " ".join(heading.text.split())
            elif parent in ("th_open", "td_open"):
                self.block(BlockKind.CELL, content, line, **flags)
            elif parent == "dt_open":
                self.block(BlockKind.TERM, content, line, **flags)
            elif footnote:
                self.block(BlockKind.FOOTNOTE, content, line, **flags)
            elif definition:
                self.block(BlockKind.DEFINITION, content, line, **flags)
            else:
                self.block(BlockKind.PARAGRAPH, content, line, **flags)


def _pieces(content: str) -> list[str]:
    """`content` cut into consecutive pieces of at most MAX_INLINE characters: after a line
    break where there is one, else after a sentence, else after a space, else anywhere."""
    if len(content) <= MAX_INLINE:
        return [content]
    pieces = []
    start = 0
    while len(content) - start > MAX_INLINE:
        limit = start + MAX_INLINE
        cut = content.rfind("\n", start, limit) + 1
        if cut <= start:
            ends = [match.end() for match in _SENTENCE_END.finditer(content, start, limit)]
            cut = ends[-1] if ends else content.rfind(" ", start, limit) + 1
        if cut <= start:
            cut = limit
        pieces.append(content[start:cut])
        start = cut
    pieces.append(content[start:])
    return pieces


def read_body(body: str, first_line: int) -> list[Block]:
    """The blocks of a note's `body`, whose first line is line `first_line` of the file."""
    md = _parser()
    reader = _Reader(md, first_line)
    reader.read(md.parse(body, reader.env))
    return reader.blocks
