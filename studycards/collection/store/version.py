"""The collection schema's version, apart from the schema so opening a file needs no sqlite-utils."""

# Bumped with every migration, and each migration writes its number to meta.schema_version in
# the same transaction: a file whose number equals this one needs no migration check at all,
# and a file with a larger number came from a newer studycards.
SCHEMA_VERSION = 5
