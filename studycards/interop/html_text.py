"""Anki field HTML → the plain text studycards shows in a terminal, and back.

Anki fields are HTML: entities, `<br>`, `<div>` lines, `<b>` and friends, images, audio and
`[sound:…]` references, code in `<pre>`, furigana, LaTeX and MathJax. We keep the words and
the line structure as a browser lays them out, drop the styling and scripts, and write what
a terminal cannot show the way every reader in studycards writes it:

- media as `[image: name]` / `[sound: name]`, which the exporter turns back into HTML;
- code with its indentation and line breaks (`<pre>`, runs of `&nbsp;`), without the column
  of line numbers syntax highlighters put beside it;
- furigana, `漢字[かんじ]` or `<ruby>`, as `漢字(かんじ)`;
- LaTeX `[$]…[/$]` and MathJax `\\(…\\)` / `\\[…\\]` as their source between `$…$` / `$$…$$`.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from html.parser import HTMLParser

from studycards.text import strip_terminal_controls

_BLOCK = {
    "div",
    "p",
    "li",
    "tr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "pre",
    "ul",
    "ol",
    "hr",
    "table",
    "dt",
    "dd",
}
_SKIP = {"script", "style", "head", "title", "rp"}
_SOUND = re.compile(r"\[sound:([^\]\n]+)\]")
_MEDIA_REF = re.compile(r"\[(image|sound): ([^\]\n]+)\]")
_SPACES = re.compile(r"[ \t]+")
_BLANK_LINES = re.compile(r"\n{3,}")
# Anything _tidy would change: controls, non-breaking or doubled spaces, tabs, line breaks,
# space at either end, our own marks. Most fields have none of it and are returned as is.
_UNTIDY = re.compile(r"[\x00-\x1f\x7f-\x9f\u00a0\ue010\ue011]|  |^\s|\s$")
# Line breaks are the only markup in most fields (ours have nothing else): without any other
# `<`, entities decoded and `<br>` as a newline is what the parser would give, for a tenth of
# its cost.
_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)

# A space a browser would not collapse (inside <pre>, or a run of &nbsp;), and the start of
# a <pre> line (so an empty code line is not an empty line to _tidy): both private-use
# characters, turned back into a space and nothing once the text is tidy.
_HARD_SPACE = "\ue010"
_CODE_LINE = "\ue011"
_NBSP_RUN = re.compile("\u00a0{2,}")

# Line-number gutters of highlighted code: Pygments (`linenos`, `linenodiv`), highlight.js's
# line-number plugin (`hljs-ln-numbers`), Rouge (`rouge-gutter`, `gutter`), Prism
# (`line-numbers-rows`) and generic `lineno` / `line-number` spans.
_GUTTER = re.compile(
    r"^(?:linenos?|linenodiv|lineno|line-?numbers?(?:-rows)?|gutter|rouge-gutter|"
    r"hljs-ln-numbers?|hljs-ln-n|ln-num|code-line-number)$",
    re.IGNORECASE,
)

# Anki's furigana syntax `漢字[かんじ]` (a space may mark where the base starts, as in
# Anki's own filter), read only where the base holds a kanji and the reading is kana: the
# brackets of `array[0]` or `[sound:x]` are not furigana.
_FURIGANA = re.compile(r" ?([^\s>\[\]]+?)\[([\u3040-\u30ff\u30fc\uff66-\uff9f]+)\]")
_KANJI = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々〆ヵヶ]")
_MATH = (
    (re.compile(r"\[\$\$\](.+?)\[/\$\$\]", re.DOTALL), r"$$\1$$"),
    (re.compile(r"\[\$\](.+?)\[/\$\]", re.DOTALL), r"$\1$"),
    (re.compile(r"\\\[(.+?)\\\]", re.DOTALL), r"$$\1$$"),
    (re.compile(r"\\\((.+?)\\\)", re.DOTALL), r"$\1$"),
)


def readable(text: str) -> str:
    """Furigana as `漢字(かんじ)`, LaTeX and MathJax as `$…$` / `$$…$$`: prose as a reader
    reads it. Not for code, whose brackets and backslashes mean something else."""
    if "[" in text:
        text = _FURIGANA.sub(_ruby, text)
    return math_source(text)


def math_source(text: str) -> str:
    """LaTeX `[$]…[/$]` and MathJax `\\(…\\)` / `\\[…\\]` as their source between `$…$` /
    `$$…$$`, the way notes write math."""
    if "[" in text or "\\" in text:
        for pattern, replacement in _MATH:
            text = pattern.sub(replacement, text)
    return text


def _ruby(match: re.Match[str]) -> str:
    base, reading = match.group(1), match.group(2)
    if not _KANJI.search(base):
        return match.group(0)
    return f"{base}({reading})"


class _TextParser(HTMLParser):
    def __init__(self, rename: Callable[[str], str]) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0
        self.rename = rename
        self.pre = 0  # inside <pre>: whitespace is kept
        self.code = 0  # inside <code>: no furigana or math reading
        self.gutter: list[str] = []  # the open tags of a line-number gutter being dropped
        self.rt = False  # inside a ruby annotation

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.gutter:
            if tag == self.gutter[0]:
                self.gutter.append(tag)
            return
        if tag in _SKIP:
            self.skipping += 1
            return
        classes = (dict(attrs).get("class") or "").split()
        if any(_GUTTER.match(name) for name in classes):
            self.gutter.append(tag)
            return
        if tag == "br":
            self.parts.append("\n" + _CODE_LINE if self.pre else "\n")
        elif tag in _BLOCK:
            self.line_break()
            if tag == "pre":
                self.pre += 1
                self.parts.append(_CODE_LINE)
        elif tag == "img":
            self.media("image", dict(attrs).get("src"))
        elif tag in {"audio", "video", "source"}:
            self.media("sound", dict(attrs).get("src"))
        elif tag in {"td", "th"} and self.parts and not self.parts[-1].endswith("\n"):
            self.parts.append(" ")
        elif tag == "code":
            self.code += 1
        elif tag == "rt":
            self.close_rt()
            self.rt = True
            self.parts.append("(")
        elif tag == "rb":
            self.close_rt()

    def media(self, kind: str, source: str | None) -> None:
        if source:
            self.parts.append(media_reference(kind, self.rename(source)))

    def close_rt(self) -> None:
        if self.rt:
            self.rt = False
            self.parts.append(")")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _SKIP:
            self.handle_starttag(tag, attrs)
            if self.gutter and tag == self.gutter[-1] and len(self.gutter) == 1:
                self.gutter.pop()  # a self-closed gutter element ends where it starts

    def handle_endtag(self, tag: str) -> None:
        if self.gutter:
            if tag == self.gutter[0]:
                self.gutter.pop()
            return
        if tag in _SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCK:
            if tag == "pre":
                self.pre = max(0, self.pre - 1)
            self.line_break()
        elif tag == "code":
            self.code = max(0, self.code - 1)
        elif tag in {"rt", "ruby"}:
            self.close_rt()

    def line_break(self) -> None:
        """Start a new line unless one was just started: `<div>a</div><div>b</div>` is two
        lines, not two lines with a blank between (each `<br>` still counts)."""
        last = self.parts[-1] if self.parts else "\n"
        if not last.endswith(("\n", _CODE_LINE)):
            self.parts.append("\n" + _CODE_LINE if self.pre else "\n")

    def handle_data(self, data: str) -> None:
        if self.skipping or self.gutter:
            return
        if self.pre:
            # The newline right after <pre> is not content (HTML's rule).
            if self.parts and self.parts[-1] == _CODE_LINE and data.startswith("\n"):
                data = data[1:]
            for space in (" ", "\u00a0"):
                data = data.replace(space, _HARD_SPACE)
            data = data.replace("\t", _HARD_SPACE * 4)
            self.parts.append(data.replace("\n", "\n" + _CODE_LINE))
            return
        # Outside <pre> a line break in the source is a space, as a browser shows it.
        data = _hard_spaces(data.replace("\n", " "))
        self.parts.append(data if self.code else readable(data))


def _keep(name: str) -> str:
    return name


def html_to_text(field: str, rename: Callable[[str], str] = _keep) -> str:
    """Readable text of an Anki field. `rename` maps a media file name to the name it was
    stored under (imports rename unsafe or clashing files).

    A field without any markup is text already: its line breaks are kept as they are (Anki's
    text import with `#html:false` gives such fields)."""
    if "<" not in field and "&" not in field and "[" not in field and "\\" not in field:
        return _tidy(field)
    field = _SOUND.sub(lambda m: media_reference("sound", rename(html.unescape(m.group(1)))), field)
    if "<" in field and "<" not in (lines := _BR.sub("\n", field.replace("\n", " "))):
        text = readable(_hard_spaces(html.unescape(lines)))
    elif "<" in field:
        parser = _TextParser(rename)
        parser.feed(field)
        parser.close()
        parser.close_rt()
        text = "".join(parser.parts)
    else:
        text = readable(_hard_spaces(html.unescape(field)))
    return _tidy(text)


def _hard_spaces(text: str) -> str:
    """Runs of &nbsp; as spaces a browser keeps (one alone is an ordinary space)."""
    if "\u00a0\u00a0" in text:
        return _NBSP_RUN.sub(lambda m: _HARD_SPACE * len(m.group(0)), text)
    return text


def _tidy(text: str) -> str:
    """Controls stripped, runs of spaces collapsed as a browser would, at most one blank line;
    hard spaces and code lines kept."""
    if not _UNTIDY.search(text):
        return text
    lines = [
        _SPACES.sub(" ", line.replace("\u00a0", " ")).strip()
        for line in strip_terminal_controls(text).split("\n")
    ]
    text = _BLANK_LINES.sub("\n\n", "\n".join(line.rstrip(_HARD_SPACE) for line in lines))
    return text.replace(_CODE_LINE, "").replace(_HARD_SPACE, " ").strip("\n")


def text_to_html(text: str, media: Callable[[str], bool] | None = None) -> str:
    """Field HTML for plain text: escaped, line breaks as `<br>`, and `[image: x]` /
    `[sound: x]` references back as Anki media when `media(name)` says the file exists."""
    escaped = html.escape(text, quote=False)
    if "  " in escaped or "\n " in escaped or "\t" in escaped or escaped.startswith(" "):
        # Indentation and runs of spaces (code) as &nbsp;, which a browser keeps.
        escaped = _INDENT.sub(lambda m: "&nbsp;" * len(m.group(0).expandtabs(4)), escaped)
    escaped = escaped.replace("\n", "<br>")
    if media is None or "[" not in text:
        return escaped

    def swap(match: re.Match[str]) -> str:
        name = html.unescape(match.group(2))
        if not media(name):
            return match.group(0)
        if match.group(1) == "sound":
            return f"[sound:{name}]"
        return f'<img src="{html.escape(name)}">'

    return _MEDIA_REF.sub(swap, escaped)


_INDENT = re.compile(r"(?m)^[ \t]+|[ \t]{2,}|\t")


def media_references(text: str) -> list[str]:
    """Names of the media files `[image: x]` / `[sound: x]` in `text` refers to."""
    return [match.group(2) for match in _MEDIA_REF.finditer(text)]


def media_reference(kind: str, name: str) -> str:
    """How studycards writes a picture or a sound it cannot show: `[image: x]`, `[sound: x]`."""
    return f"[{kind}: {name}]"
