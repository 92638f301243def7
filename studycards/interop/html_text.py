"""Anki field HTML → the plain text studycards shows in a terminal, and back.

Anki fields are HTML: entities, `<br>`, `<div>` lines, `<b>` and friends, images and
`[sound:…]` references. We keep the words and the line structure, drop the styling and
scripts, and turn media into visible `[image: name]` / `[sound: name]` references that the
exporter turns back into HTML.
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
}
_SKIP = {"script", "style", "head", "title"}
_SOUND = re.compile(r"\[sound:([^\]\n]+)\]")
_MEDIA_REF = re.compile(r"\[(image|sound): ([^\]\n]+)\]")
_SPACES = re.compile(r"[ \t\u00a0]+")
_BLANK_LINES = re.compile(r"\n{3,}")
# Anything _tidy would change: controls, non-breaking or doubled spaces, tabs, line breaks,
# space at either end. Most fields have none of it and are returned as they are.
_UNTIDY = re.compile(r"[\x00-\x1f\x7f-\x9f\u00a0]|  |^\s|\s$")
# Line breaks are the only markup in most fields (ours have nothing else): without any other
# `<`, entities decoded and `<br>` as a newline is what the parser would give, for a tenth of
# its cost.
_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)


class _TextParser(HTMLParser):
    def __init__(self, rename: Callable[[str], str]) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0
        self.rename = rename

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self.skipping += 1
        elif tag == "br":
            self.parts.append("\n")
        elif tag in _BLOCK:
            self.line_break()
        elif tag == "img":
            source = dict(attrs).get("src") or ""
            if source:
                self.parts.append(f"[image: {self.rename(source)}]")
        elif tag in {"td", "th"}:
            self.parts.append(" ")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _SKIP:
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCK:
            self.line_break()

    def line_break(self) -> None:
        """Start a new line unless one was just started: `<div>a</div><div>b</div>` is two
        lines, not two lines with a blank between (each `<br>` still counts)."""
        if self.parts and not self.parts[-1].endswith("\n"):
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def _keep(name: str) -> str:
    return name


def html_to_text(field: str, rename: Callable[[str], str] = _keep) -> str:
    """Readable text of an Anki field. `rename` maps a media file name to the name it was
    stored under (imports rename unsafe or clashing files)."""
    if "<" not in field and "&" not in field and "[sound:" not in field:
        return _tidy(field)
    field = _SOUND.sub(lambda m: f"[sound: {rename(html.unescape(m.group(1)))}]", field)
    if "<" in field and "<" not in (lines := _BR.sub("\n", field)):
        text = html.unescape(lines)
    elif "<" in field:
        parser = _TextParser(rename)
        parser.feed(field)
        parser.close()
        text = "".join(parser.parts)
    else:
        text = html.unescape(field)
    return _tidy(text)


def _tidy(text: str) -> str:
    """Controls stripped, runs of spaces collapsed as a browser would, at most one blank line."""
    if not _UNTIDY.search(text):
        return text
    lines = [_SPACES.sub(" ", line).strip() for line in strip_terminal_controls(text).split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def text_to_html(text: str, media: Callable[[str], bool] | None = None) -> str:
    """Field HTML for plain text: escaped, line breaks as `<br>`, and `[image: x]` /
    `[sound: x]` references back as Anki media when `media(name)` says the file exists."""
    escaped = html.escape(text, quote=False).replace("\n", "<br>")
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


def media_references(text: str) -> list[str]:
    """Names of the media files `[image: x]` / `[sound: x]` in `text` refers to."""
    return [match.group(2) for match in _MEDIA_REF.finditer(text)]
