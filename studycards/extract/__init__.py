"""Notes → term and figure notes: markdown.py splits a body into paragraphs under headings,
terms.py reads glossary annotations, figures.py finds key figures, sentences.py cuts sentences
and clauses, figurenotes.py picks the clause each figure card asks, and deck.py puts them
together into one Deck per note."""
