"""studycards: spaced-repetition study from Markdown notes."""

__version__ = "0.1.0"
