"""The collection: one SQLite file holding notes, cards, their schedules and every answer
(store/), and what changes it: imports and sync of note folders (sources.py, importing.py,
folders.py, sync.py), history (history.py), edits, backups, queries and search.
`Collection` (collection.py) is the front door the command line and the app open."""

from studycards.collection.collection import (
    Collection,
    default_collection_path,
    env_collection_path,
    user_data_collection_path,
)

__all__ = [
    "Collection",
    "default_collection_path",
    "env_collection_path",
    "user_data_collection_path",
]
