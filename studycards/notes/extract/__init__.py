"""Notes → term and figure notes: markdown.py reads a body into blocks of plain text with their
marks (markdown-it-py), glossary.py finds the glossary annotations and terms.py reads their
glosses, quantities.py finds the figures in a text (cn2an reads Chinese numerals),
figurescore.py judges how much each is worth learning and figurepick.py keeps the key ones,
sentences.py cuts sentences and clauses, figurenotes.py picks the clause each figure card asks,
skips.py records what was looked at and not carded, and deck.py puts them together into one
Deck per note."""
