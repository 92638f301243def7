"""Notes → term and figure notes: markdown.py reads a body into blocks of plain text with their
marks (markdown-it-py), terms.py reads glossary annotations, figures.py finds key figures,
sentences.py cuts sentences and clauses, figurenotes.py picks the clause each figure card asks,
and deck.py puts them together into one
Deck per note."""
