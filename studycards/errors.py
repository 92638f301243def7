"""The one exception family: every message is a sentence a user can act on."""

from __future__ import annotations


class StudycardsError(Exception):
    """An error the user can fix; the CLI prints it as `studycards: error: PATH:LINE: message`."""

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line

    def __str__(self) -> str:
        if self.path is None:
            return self.message
        if self.line is None:
            return f"{self.path}: {self.message}"
        return f"{self.path}:{self.line}: {self.message}"


class NoteError(StudycardsError):
    """A source note cannot be read (encoding, front matter, size)."""


class DeckFileError(StudycardsError):
    """A deck file is malformed."""


class StoreError(StudycardsError):
    """The collection file cannot be opened or written."""


class CollectionBusyError(StoreError):
    """Another process holds the collection longer than the busy timeout."""


class OptionsError(StudycardsError):
    """A deck option has a value outside its allowed range."""


class ImportFormatError(StudycardsError):
    """A file to import is not in a format we read, or is hostile."""


class ExportError(StudycardsError):
    """A deck cannot be written in the requested format."""


class NotFoundError(StudycardsError):
    """A named deck, card or backup does not exist."""


class Aborted(StudycardsError):
    """The user interrupted a command (Ctrl-C); the message says what state it left. The CLI
    prints it as `studycards: aborted: message` and exits with 130, as a shell does."""


NOTHING_IMPORTED = "nothing was imported; the collection is as it was"
