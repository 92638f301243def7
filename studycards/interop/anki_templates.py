"""Card templates and styling of the note types studycards writes into Anki.

Each back shows the note's source (title, heading, path:line) in small print, so a card
studied on a phone still says where it came from.
"""

from __future__ import annotations

from studycards.model import NoteType

CSS = """\
.card { font-family: -apple-system, "Segoe UI", Roboto, sans-serif; font-size: 20px;
        line-height: 1.45; text-align: center; color: #1f2328; background: #fff; }
.nightMode.card, .night_mode .card { color: #e6edf3; background: #0d1117; }
.term { font-size: 28px; font-weight: 600; }
.cloze { font-weight: 600; color: #0969da; }
.nightMode .cloze { color: #58a6ff; }
.source { margin-top: 1.2em; font-size: 12px; color: #8b949e; }
"""

_SOURCE = '{{#Source}}<div class="source">{{Source}}</div>{{/Source}}'
# `English (ABBR)`, or whichever of the two exists, then the definition on its own line:
# the same gloss studycards shows (cards.term_gloss).
_GLOSS = (
    "{{English}}{{#English}}{{#Abbreviation}} ({{/Abbreviation}}{{/English}}"
    "{{Abbreviation}}{{#English}}{{#Abbreviation}}){{/Abbreviation}}{{/English}}"
    "{{#Definition}}<br>{{Definition}}{{/Definition}}"
)
HR = '<hr id="answer">'

TEMPLATES: dict[NoteType, list[dict[str, str]]] = {
    NoteType.TERM: [
        {
            "name": "Term → definition",
            "qfmt": '<div class="term">{{Term}}</div>',
            "afmt": f"{{{{FrontSide}}}}{HR}{_GLOSS}{_SOURCE}",
        },
        {
            "name": "Definition → term",
            "qfmt": _GLOSS,
            "afmt": f'{{{{FrontSide}}}}{HR}<div class="term">{{{{Term}}}}</div>{_SOURCE}',
        },
    ],
    NoteType.BASIC: [
        {
            "name": "Card 1",
            "qfmt": "{{Front}}",
            "afmt": f"{{{{FrontSide}}}}{HR}{{{{Back}}}}{_SOURCE}",
        },
        {
            "name": "Card 2",
            "qfmt": "{{#Add Reverse}}{{Back}}{{/Add Reverse}}",
            "afmt": f"{{{{FrontSide}}}}{HR}{{{{Front}}}}{_SOURCE}",
        },
    ],
    NoteType.CLOZE: [
        {
            "name": "Cloze",
            "qfmt": "{{cloze:Text}}",
            "afmt": f"{{{{cloze:Text}}}}{{{{#Extra}}}}<br><br>{{{{Extra}}}}{{{{/Extra}}}}{_SOURCE}",
        }
    ],
    NoteType.FIGURE: [
        {
            "name": "Figure",
            "qfmt": "{{cloze:Text}}",
            # The answer shows the whole sentence the figure came from, figure revealed.
            "afmt": "{{#Context}}{{cloze:Context}}{{/Context}}{{^Context}}{{cloze:Text}}{{/Context}}"
            + _SOURCE,
        }
    ],
}
