"""Writing a file so that no reader, crash or Ctrl-C ever finds half of it, nor a
temporary file left beside it."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path


@contextlib.contextmanager
def replacing(path: Path) -> Iterator[Path]:
    """A temporary path beside `path` to write to. When the block ends it replaces `path` in
    one step (os.replace); on any error, Ctrl-C included, it is removed instead."""
    staged = path.with_name(f".{path.name}.{os.getpid()}.partial")
    try:
        yield staged
        os.replace(staged, path)
    except BaseException:
        staged.unlink(missing_ok=True)
        raise


def write_atomically(path: Path, data: bytes) -> None:
    """`data` as the whole content of `path`, all or nothing."""
    with replacing(path) as staged:
        staged.write_bytes(data)
