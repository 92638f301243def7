"""Just enough of the protobuf wire format to read Anki's package metadata, media map and
note-type blobs, without depending on Anki's generated classes (AGPL) or protobuf itself."""

from __future__ import annotations

import struct
from collections.abc import Iterator

Field = tuple[int, int | bytes]


class WireError(ValueError):
    """The bytes are not a valid protobuf message."""


def _varint(data: bytes, pos: int) -> tuple[int, int]:
    result = 0
    shift = 0
    while True:
        if pos >= len(data) or shift > 63:
            raise WireError("truncated varint")
        byte = data[pos]
        pos += 1
        result |= (byte & 0x7F) << shift
        if byte < 0x80:
            return result, pos
        shift += 7


def fields(data: bytes) -> Iterator[Field]:
    """(field number, value) pairs: ints for varints and fixed widths, bytes for the rest."""
    pos = 0
    while pos < len(data):
        key, pos = _varint(data, pos)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, pos = _varint(data, pos)
            yield number, value
        elif wire == 2:
            length, pos = _varint(data, pos)
            if pos + length > len(data):
                raise WireError("truncated field")
            yield number, data[pos : pos + length]
            pos += length
        elif wire in (1, 5):
            width = 8 if wire == 1 else 4
            if pos + width > len(data):
                raise WireError("truncated field")
            yield number, int.from_bytes(data[pos : pos + width], "little")
            pos += width
        else:
            raise WireError(f"unsupported wire type {wire}")


def first(data: bytes, number: int, default: int | bytes) -> int | bytes:
    """The first value of field `number`, or `default`."""
    for found, value in fields(data):
        if found == number:
            return value
    return default


def text(data: bytes, number: int) -> str:
    value = first(data, number, b"")
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else ""


def integer(data: bytes, number: int) -> int:
    value = first(data, number, 0)
    return value if isinstance(value, int) else 0


def floats(data: bytes, number: int) -> tuple[float, ...]:
    """The float values of field `number`: packed (one length-delimited run of 32-bit
    floats, as proto3 writes repeated floats) or one fixed32 per occurrence."""
    out: list[float] = []
    for found, value in fields(data):
        if found != number:
            continue
        if isinstance(value, bytes):
            usable = len(value) - len(value) % 4
            out.extend(struct.unpack(f"<{usable // 4}f", value[:usable]))
        else:
            out.append(struct.unpack("<f", (value & 0xFFFFFFFF).to_bytes(4, "little"))[0])
    return tuple(out)
