"""Notes → decks: reading a note file and its front matter (reading.py), the cards a note
makes (cards.py), the key terms and figures found in its text (extract/), deck files written
and read (deckfile.py, deckparse.py), and building a folder of notes into decks with a cache
(builder.py, buildcache.py). Nothing here touches the collection's SQLite file."""
