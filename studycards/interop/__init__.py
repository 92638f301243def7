"""Reading decks made elsewhere and writing decks for Anki.

Readers turn a file into an ImportBatch (model values only; the collection syncs it):
Anki packages of every version, Anki's plain-text format, Obsidian Spaced Repetition and
hashcards Markdown. A file that is broken or hostile is refused with one ImportFormatError
line naming it. Writers live in `anki_export` (genanki) and `anki_text`.
"""
