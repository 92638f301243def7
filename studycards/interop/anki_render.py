"""Anki's card templates rendered the way Anki renders them, and the cards Anki makes.

A note type's templates are Anki's own mustache dialect: `{{Field}}`, `{{FrontSide}}`,
sections `{{#Field}}…{{/Field}}` and `{{^Field}}…{{/Field}}`, and filters written before the
field (`{{furigana:Reading}}`, `{{type:cloze:Text}}`), applied from the one nearest the field
outwards. This module follows Anki's Rust core (rslib `template.rs`, `template_filters.rs`,
`cloze.rs`, `notetype/cardgen.rs`) rule for rule, not a general mustache renderer: chevron
(which comes with genanki) differs from Anki where it matters here. It HTML-escapes every
`{{field}}`, splits `{{a.b}}` as a dotted name (Anki field names may hold dots), knows no
filters, treats a field of `<br>` or spaces as filled, renders `<!-- {{x}} -->` inside
comments, and gives no syntax tree from which to decide, as Anki does, whether a template's
front is empty without rendering it.

Everything here is pure: values in, HTML out. `html_text` turns the HTML into terminal text.
The active cloze deletion of a card is wrapped in the marks of `cards.py` (BLANK_MARK /
ANSWER_MARK … END_MARK), so a screen can show the blank and the revealed answer apart.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from studycards.notes.cards import ANSWER_MARK, BLANK_MARK, CARD_MARKS, END_MARK

# Anki renders at most this many nested clozes, and numbers at most 500 cards (ord 499).
_CLOZE_DEPTH = 10
_MAX_CLOZE_ORD = 499
_ALT_SYNTAX = "{{=<% %>=}}"
_COMMENT_START, _COMMENT_END = "<!--", "-->"
# A field Anki counts as empty: nothing but whitespace and empty <br>/<div> tags.
_EMPTY_FIELD = re.compile(r"^(?:\s|</?(?:br|div) ?/?>)*$", re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>", re.DOTALL)
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_FURIGANA = re.compile(r" ?([^ >]+?)\[(.+?)\]")
_CLOZE_CONDITIONAL = re.compile(r"c\d+")
# The rule Anki's templates conventionally put between the question and the answer.
_ANSWER_RULE = re.compile(r"^\s*<hr\s+id\s*=\s*['\"]?answer['\"]?\s*/?>", re.IGNORECASE)


class TemplateError(ValueError):
    """A template Anki could not render; the message is the one Anki shows on the card."""


# -- parsing ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Text:
    text: str


@dataclass(frozen=True, slots=True)
class _Replace:
    key: str
    filters: tuple[str, ...]  # in the order they are applied


@dataclass(frozen=True, slots=True)
class _Section:
    key: str
    negated: bool
    children: tuple[_Node, ...]


_Node = _Text | _Replace | _Section


def _tokens(template: str) -> list[tuple[str, str]]:
    """(kind, text) tokens: "text", "comment" or "handle" (what is between the braces)."""
    start, end = "{{", "}}"
    if template.lstrip().startswith(_ALT_SYNTAX):
        template = template.lstrip()[len(_ALT_SYNTAX) :]
        start, end = "<%", "%>"
    out: list[tuple[str, str]] = []
    pos = 0
    text_from = 0
    while pos < len(template):
        handle = template.startswith(start, pos) and template.find(end, pos + len(start))
        comment = template.startswith(_COMMENT_START, pos) and template.find(
            _COMMENT_END, pos + len(_COMMENT_START)
        )
        if handle is not False and handle >= 0:
            kind, inner_end, stop = "handle", handle, handle + len(end)
            inner = template[pos + len(start) : inner_end]
        elif comment is not False and comment >= 0:
            kind, stop = "comment", comment + len(_COMMENT_END)
            inner = template[pos:stop]
        else:
            pos += 1
            continue
        if text_from < pos:
            out.append(("text", template[text_from:pos]))
        out.append((kind, inner))
        pos = text_from = stop
    if text_from < len(template):
        out.append(("text", template[text_from:]))
    return out


@lru_cache(maxsize=512)
def parse(template: str) -> tuple[_Node, ...]:
    """A template's syntax tree; TemplateError names an unbalanced section as Anki does."""
    stack: list[tuple[str, bool, list[_Node]]] = [("", False, [])]
    for kind, text in _tokens(template):
        nodes = stack[-1][2]
        if kind != "handle":
            nodes.append(_Text(text))
            continue
        handle = text.lstrip("{").strip()
        if len(handle) >= 2 and handle[0] in "#^":
            stack.append((handle[1:].lstrip(), handle[0] == "^", []))
        elif len(handle) >= 2 and handle[0] == "/":
            key = handle[1:].lstrip()
            if len(stack) == 1:
                raise TemplateError(
                    f"Found '{{{{/{key}}}}}', but missing '{{{{#{key}}}}}' or '{{{{^{key}}}}}'"
                )
            open_key, negated, children = stack.pop()
            if open_key != key:
                raise TemplateError(f"Found '{{{{/{key}}}}}', but expected '{{{{/{open_key}}}}}'")
            stack[-1][2].append(_Section(key, negated, tuple(children)))
        else:
            parts = handle.split(":")
            nodes.append(_Replace(parts[-1], tuple(reversed(parts[:-1]))))
    if len(stack) > 1:
        raise TemplateError(f"Missing '{{{{/{stack[-1][0]}}}}}'")
    return tuple(stack[0][2])


def _renders(nodes: Sequence[_Node], nonempty: set[str]) -> bool:
    """Whether the template shows some non-empty field (rslib `renders_with_fields`): a
    section counts only if its field is filled; a negated one only if its field is empty."""
    for node in nodes:
        if isinstance(node, _Replace):
            if node.key in nonempty:
                return True
        elif isinstance(node, _Section):
            if (node.key in nonempty) == node.negated:
                continue
            if _renders(node.children, nonempty):
                return True
    return False


# -- note types and cards -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CardTemplate:
    name: str
    question: str
    answer: str


@dataclass(frozen=True, slots=True)
class NoteTypeDef:
    """An Anki note type as rendering needs it."""

    name: str
    fields: tuple[str, ...]
    templates: tuple[CardTemplate, ...]
    cloze: bool = False


@dataclass(frozen=True, slots=True)
class CardContext:
    """What Anki's special fields show: the note's tags, the card's deck and flag."""

    tags: tuple[str, ...] = ()
    deck: str = ""
    flag: int = 0


@dataclass(frozen=True, slots=True)
class RenderedCard:
    question: str  # HTML
    answer: str  # HTML: the whole answer side, the question included as its template has it
    empty: bool = False  # Anki would show "the front of this card is blank"


@dataclass
class _Context:
    fields: Mapping[str, str]
    nonempty: set[str]
    ord: int
    frontside: str | None  # None while rendering the question
    errors: list[str] = field(default_factory=list)


def field_is_empty(value: str) -> bool:
    if "<" not in value:  # the common case, without the pattern
        return not value or value.isspace()
    return _EMPTY_FIELD.match(value) is not None


def _unmarked(value: str) -> str:
    if "\ue001" in value or "\ue002" in value or "\ue003" in value:
        return CARD_MARKS.sub("", value)
    return value


def _note_fields(kind: NoteTypeDef, values: Sequence[str]) -> dict[str, str]:
    padded = [_unmarked(value) for value in values[: len(kind.fields)]]
    padded += [""] * (len(kind.fields) - len(padded))
    return dict(zip(kind.fields, padded, strict=True))


def cloze_numbers(values: Sequence[str]) -> set[int]:
    """The cloze numbers in any of `values`, nested ones included (rslib cloze.rs)."""
    found: set[int] = set()

    def walk(nodes: list[_ClozeNode]) -> None:
        for node in nodes:
            if isinstance(node, _Cloze) and node.ordinal:
                found.add(node.ordinal)
                walk(node.nodes)

    for value in values:
        if "{{c" in value:
            walk(_parse_clozes(value))
    return found


def generated_ords(kind: NoteTypeDef, values: Sequence[str]) -> list[int]:
    """The cards Anki makes for a note: a normal type's templates whose front shows a filled
    field, a cloze type's card for each cloze number; card 0 if that gives none (Anki never
    leaves a note without a card)."""
    if kind.cloze:
        ords = sorted({min(n - 1, _MAX_CLOZE_ORD) for n in cloze_numbers(values)})
    else:
        fields = _note_fields(kind, values)
        nonempty = {name for name, value in fields.items() if not field_is_empty(value)}
        ords = []
        for index, template in enumerate(kind.templates):
            try:
                nodes = parse(template.question)
            except TemplateError:
                continue  # Anki makes no card from a template it cannot parse
            if _renders(nodes, nonempty):
                ords.append(index)
    return ords or [0]


def render(
    kind: NoteTypeDef, values: Sequence[str], ord_: int, context: CardContext = CardContext()
) -> RenderedCard:
    """Card `ord_` of a note of `kind` as Anki renders it (HTML). A template error gives the
    message Anki shows in its place."""
    template = kind.templates[0 if kind.cloze else ord_]
    fields = _note_fields(kind, values)
    special = {
        "Tags": " ".join(context.tags),
        "Type": kind.name,
        "Deck": context.deck,
        "Subdeck": context.deck.rsplit("::", 1)[-1],
        "CardFlag": f"flag{context.flag}",
        "Card": template.name,
        f"c{ord_ + 1}": "1",
    }
    for name, value in special.items():
        fields.setdefault(name, value)
    nonempty = {name for name, value in fields.items() if not field_is_empty(value)}
    state = _Context(fields, nonempty, ord_, None)
    question = _render_side(template.question, state)
    if kind.cloze:
        empty = ord_ + 1 not in cloze_numbers([fields[name] for name in kind.fields])
    else:
        try:
            empty = not _renders(parse(template.question), nonempty)
        except TemplateError:
            empty = False
    if empty:
        return RenderedCard(question, "", empty=True)
    state.frontside = question
    return RenderedCard(question, _render_side(template.answer, state))


def answer_part(question: str, answer: str) -> str:
    """What the answer side adds to the question (Anki's browser shows the same): the answer
    without the question it starts with and the `<hr id=answer>` rule after it."""
    if question and answer.startswith(question):
        answer = answer[len(question) :]
    return _ANSWER_RULE.sub("", answer, count=1)


def _render_side(template: str, state: _Context) -> str:
    try:
        nodes = parse(template)
        out: list[str] = []
        _render(nodes, state, out)
    except TemplateError as error:
        return html.escape(str(error))
    return "".join(out)


def _render(nodes: Sequence[_Node], state: _Context, out: list[str]) -> None:
    for node in nodes:
        if isinstance(node, _Text):
            out.append(node.text)
        elif isinstance(node, _Section):
            if node.key in state.nonempty:
                shown = not node.negated
            elif node.key in state.fields or _CLOZE_CONDITIONAL.fullmatch(node.key):
                shown = node.negated
            else:
                mark = "^" if node.negated else "#"
                raise TemplateError(
                    f"Found '{{{{{mark}{node.key}}}}}', but there is no field called '{node.key}'"
                )
            # Anki checks the hidden branch for errors too.
            _render(node.children, state, out if shown else [])
        elif node.key == "FrontSide":
            out.append(state.frontside or "")
        elif not node.key:
            continue  # `{{tts-voices:}}` and friends: nothing without a field
        elif node.key not in state.fields:
            written = ":".join((*reversed(node.filters), node.key))
            raise TemplateError(
                f"Found '{{{{{written}}}}}', but there is no field called '{node.key}'"
            )
        else:
            out.append(_filtered(state.fields[node.key], node, state))


def _filtered(text: str, node: _Replace, state: _Context) -> str:
    filters = node.filters
    if filters[-2:] == ("cloze", "type") and len(filters) == 2:
        filters = ("type-cloze",)
    elif filters[-2:] == ("nc", "type") and len(filters) == 2:
        filters = ("type-nc",)
    elif filters and filters[-1] == "type":
        filters = ("type",)
    for name in filters:
        text = _apply(name, text, node.key, state)
    return text


def _apply(name: str, text: str, key: str, state: _Context) -> str:
    question = state.frontside is None
    if name == "text":
        return strip_html(text)
    if name in ("furigana", "kana", "kanji"):
        return _FURIGANA.sub(lambda m: _ruby(m, name), text.replace("&nbsp;", " "))
    if name in ("type", "type-nc"):
        # The typing box has no place in a terminal: the answer side shows what was expected.
        return "" if question else text
    if name == "type-cloze":
        return "" if question else _cloze_for_typing(text, state.ord + 1)
    if name == "hint":
        if not text.strip():
            return text
        return f"<div>{html.escape(key)}: {text}</div>"
    if name == "cloze":
        return _reveal(text, state.ord + 1, question=question)
    if name == "cloze-only":
        return ", ".join(_cloze_texts(text, state.ord + 1, question=question))
    if name.startswith("tts "):
        return f"[speech: {strip_html(text)}]"
    return text  # an unknown filter (an add-on's) leaves the text as it is, as in Anki


def strip_html(text: str) -> str:
    """Anki's `text:` filter: comments and tags removed, entities decoded."""
    return html.unescape(_TAG.sub("", _HTML_COMMENT.sub("", text)))


def _ruby(match: re.Match[str], name: str) -> str:
    base, reading = match.group(1), match.group(2)
    if reading.startswith("sound:"):
        return match.group(0)
    if name == "kana":
        return reading
    if name == "kanji":
        return base
    return f"<ruby><rb>{base}</rb><rt>{reading}</rt></ruby>"


# -- clozes -------------------------------------------------------------------------------


@dataclass(slots=True)
class _Cloze:
    ordinal: int
    nodes: list[_ClozeNode]
    hint: str | None = None

    def text(self) -> str:
        return "".join(n if isinstance(n, str) else n.text() for n in self.nodes)


_ClozeNode = str | _Cloze
_CLOZE_OPEN = re.compile(r"\{\{c(\d+)::")


def _opening(text: str, pos: int) -> re.Match[str] | None:
    """`{{cN::` at `pos`: Anki reads N as a u16, and a larger number opens no deletion."""
    found = _CLOZE_OPEN.match(text, pos)
    digits = found.group(1).lstrip("0") if found else ""
    return found if found and len(digits) <= 5 and int(digits or 0) <= 65535 else None


def _parse_clozes(text: str) -> list[_ClozeNode]:
    """rslib cloze.rs: `{{cN::` opens a deletion, `}}` closes the innermost one, `::` in a
    deletion's text starts its hint; deletions nest (up to ten deep)."""
    output: list[_ClozeNode] = []
    open_clozes: list[_Cloze] = []
    pos = 0
    while pos < len(text):
        opened = _opening(text, pos)
        if opened:
            if len(open_clozes) < _CLOZE_DEPTH:
                open_clozes.append(_Cloze(int(opened.group(1)), []))
            pos = opened.end()
            continue
        if text.startswith("}}", pos):
            if open_clozes:
                cloze = open_clozes.pop()
                (open_clozes[-1].nodes if open_clozes else output).append(cloze)
            else:
                output.append("}}")
            pos += 2
            continue
        stop = _next_cloze_token(text, pos + 1)
        run = text[pos:stop]
        if open_clozes:
            cloze = open_clozes[-1]
            if "::" in run:
                run, cloze.hint = run.split("::", 1)
            cloze.nodes.append(run)
        else:
            output.append(run)
        pos = stop
    return output


def _next_cloze_token(text: str, start: int) -> int:
    """Where the next `{{cN::` or `}}` starts (the end of the text if none does)."""
    close = text.find("}}", start)
    stop = len(text) if close < 0 else close
    opening = text.find("{{c", start, stop)
    while opening >= 0:
        if _opening(text, opening):
            return opening
        opening = text.find("{{c", opening + 1, stop)
    return stop


def _reveal(text: str, number: int, *, question: bool) -> str:
    """The `cloze:` filter: the active deletion as `[…]` (or `[hint]`) on the question and
    as its text on the answer, others as their text; "" when no deletion is active."""
    active = False
    out: list[str] = []

    def walk(cloze: _Cloze) -> None:
        nonlocal active
        if cloze.ordinal == number:
            active = True
            if question:
                out.append(f"{BLANK_MARK}[{cloze.hint or '…'}]{END_MARK}")
                return
            out.append(ANSWER_MARK)
            each(cloze.nodes)
            out.append(END_MARK)
        else:
            each(cloze.nodes)

    def each(nodes: list[_ClozeNode]) -> None:
        for node in nodes:
            if isinstance(node, str):
                out.append(node)
            else:
                walk(node)

    each(_parse_clozes(text))
    return "".join(out) if active else ""


def _cloze_texts(text: str, number: int, *, question: bool) -> list[str]:
    found: list[str] = []

    def walk(nodes: list[_ClozeNode]) -> None:
        for node in nodes:
            if isinstance(node, _Cloze):
                if node.ordinal == number:
                    found.append((node.hint or "…") if question else node.text())
                walk(node.nodes)

    walk(_parse_clozes(text))
    return found


def _cloze_for_typing(text: str, number: int) -> str:
    found = _cloze_texts(text, number, question=False)
    if found and all(item == found[0] for item in found):
        return found[0]
    return ", ".join(found)
