"""The records of a table that may hold some words, found in the table's bytes in the file.

A search of 10,000 records parsed every table to look in each record for its words, and
most records hold none of them. A table the store wrote (and `.journal.index` vouches for)
is orjson's indented JSON: each record starts on a line of its own, `\\n    "ID": {`
(four spaces; a record's own lines have six or more, and no JSON string holds a line
break). So the words can be looked for in the table's bytes, lowercased, and only the
records they fall in parsed.

The bytes tell what a record's text holds only where they are its text: a record holding a
byte that is not ASCII (accented text folds: "Café" holds "cafe"), an escaped control
character (`\\u`, `\\b`, `\\f`), or DEL is always taken, and its caller looks at it itself.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import Any

import orjson

_RECORD = re.compile(rb'\n    "')
_NOT_ASCII = re.compile(rb"[\x80-\xff]")


# Read-only views of records: those that hold the words, and those the bytes cannot tell.
Found = tuple[list[Mapping[str, Any]], list[Mapping[str, Any]]]


def holding(table: bytes | memoryview, words: Sequence[bytes]) -> Found | None:
    """Read-only views of the records of `table` (its JSON as the store wrote it), each
    with its `id`, in the order stored: those whose JSON holds every one of `words`
    (lowercase ASCII) in any case, and apart, the others whose bytes cannot tell (see
    above); None where a record does not parse as one (the file is not what was indexed:
    read the table whole)."""
    raw = bytes(table)
    starts = [match.start() + 1 for match in _RECORD.finditer(raw)]
    if not starts:
        return ([], []) if raw.strip() == b"{}" else None
    ends = [*starts[1:], raw.rindex(b"}")]
    lowered = raw.lower()
    chosen: set[int] | None = None
    for word in words:
        found = _records_at(lowered, word, starts)
        chosen = found if chosen is None else chosen & found
        if not chosen:
            break
    # What the bytes cannot tell, mostly not there at all: found by one byte at a time
    # (`bytes.find` of one byte is `memchr`; a pattern over the whole table, or a find of
    # two bytes, took longer than the rest of the sieve).
    unsure = _records_at(raw, b"\x7f", starts) | _escaped(raw, starts)
    if not raw.isascii():
        unsure |= _records_at(raw, _NOT_ASCII, starts)
    result: Found = ([], [])
    for indexes, records in zip((chosen or set(), unsure - (chosen or set())), result, strict=True):
        for index in sorted(indexes):
            record = _parsed(raw, starts[index], ends[index])
            if record is None:
                return None
            records.append(MappingProxyType(record))
    return result


def _records_at(raw: bytes, needle: bytes | re.Pattern[bytes], starts: list[int]) -> set[int]:
    """The indexes of the records whose bytes hold `needle` (bytes, or a pattern)."""
    found: set[int] = set()
    at = _find(raw, needle, starts[0])
    while at != -1:
        index = bisect.bisect_right(starts, at) - 1
        found.add(index)
        # The rest of this record holds nothing more to find: on to the next one.
        at = _find(raw, needle, starts[index + 1]) if index + 1 < len(starts) else -1
    return found


def _escaped(raw: bytes, starts: list[int]) -> set[int]:
    """The indexes of the records whose bytes hold an escaped control character (`\\u`,
    `\\b`, `\\f`), or a backslash before a u, b or f."""
    found: set[int] = set()
    at = raw.find(b"\\", starts[0])
    while at != -1:
        if raw[at + 1 : at + 2] in (b"u", b"b", b"f"):
            found.add(bisect.bisect_right(starts, at) - 1)
        at = raw.find(b"\\", at + 2)
    return found


def _find(raw: bytes, needle: bytes | re.Pattern[bytes], start: int) -> int:
    if isinstance(needle, bytes):
        return raw.find(needle, start)
    match = needle.search(raw, start)
    return -1 if match is None else match.start()


def _parsed(raw: bytes, start: int, end: int) -> dict[str, Any] | None:
    """The record in raw[start:end]: `    "ID": {...}` and a comma, or the last one."""
    line = raw[start:end].rstrip()
    if line.endswith(b","):
        line = line[:-1]
    key, colon, body = line.partition(b'": ')
    key = key.strip().lstrip(b'"')
    if not colon or not key.isdigit():
        return None
    try:
        record = orjson.loads(body)
    except orjson.JSONDecodeError:
        return None
    if not isinstance(record, dict):
        return None
    record["id"] = int(key)
    return record
