"""What an export wrote, for the CLI to report."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class ExportResult:
    """Counts of what went into the file, and one line per note left out."""

    path: Path
    notes: int
    cards: int
    reviews: int = 0
    media: int = 0
    warnings: tuple[str, ...] = ()
