"""Just enough of Protocol Buffers' wire format to read the few fields Anki's packages need.

Anki keeps some of a package's data as protobuf messages: the package's
version (``meta``), its media list, and parts of note types and decks. The
fields read here are plain numbers, strings and nested messages, so a reader
of the wire format (varints and length-delimited values) is all it takes;
the generated classes of Anki's ``.proto`` files are not needed. Every length
is checked against the data, so a damaged or hostile message raises
:class:`WireError` instead of reading past its end.
"""

from __future__ import annotations

from collections.abc import Iterator

__all__ = ["WireError", "fields", "first", "varint_field"]

_VARINT, _FIXED64, _BYTES, _FIXED32 = 0, 1, 2, 5


class WireError(ValueError):
    """A message that is not valid protobuf."""


def _varint(data: bytes, index: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        if index >= len(data) or shift > 63:
            raise WireError("truncated or overlong varint")
        byte = data[index]
        index += 1
        value |= (byte & 0x7F) << shift
        if byte < 0x80:
            return value, index
        shift += 7


def fields(data: bytes) -> Iterator[tuple[int, int | bytes]]:
    """Each ``(field number, value)`` of a message: an int for varints and fixed values, bytes otherwise."""
    index = 0
    while index < len(data):
        key, index = _varint(data, index)
        number, wire = key >> 3, key & 7
        if wire == _VARINT:
            value, index = _varint(data, index)
            yield number, value
        elif wire == _BYTES:
            length, index = _varint(data, index)
            if index + length > len(data):
                raise WireError("a field runs past the end of its message")
            yield number, data[index : index + length]
            index += length
        elif wire in (_FIXED64, _FIXED32):
            size = 8 if wire == _FIXED64 else 4
            if index + size > len(data):
                raise WireError("a field runs past the end of its message")
            yield number, int.from_bytes(data[index : index + size], "little")
            index += size
        else:
            raise WireError(f"unsupported wire type {wire}")


def first(data: bytes, number: int) -> bytes | None:
    """The first length-delimited value of field ``number`` (a string, bytes or nested message)."""
    for found, value in fields(data):
        if found == number and isinstance(value, bytes):
            return value
    return None


def varint_field(data: bytes, number: int, default: int = 0) -> int:
    """The value of varint field ``number``, or ``default`` when it is absent."""
    for found, value in fields(data):
        if found == number and isinstance(value, int):
            return value
    return default
