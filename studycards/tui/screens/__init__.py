"""The screens of the study app: decks, review, summary, stats, card info."""
