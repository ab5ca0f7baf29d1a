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

import re
from collections.abc import Mapping, Sequence
from types import MappingProxyType

from mentorlog.store import jsonread

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

_START = b'\n    "'  # where a record starts (one byte before it)
_NOT_ASCII = re.compile(rb"[\x80-\xff]")


# Read-only views of records: those that hold the words, and those the bytes cannot tell.
Found = tuple[list[Mapping[str, "Any"]], list[Mapping[str, "Any"]]]
# Records by where their bytes start, and where they end.
_Spans = dict[int, int]


def holding(table: bytes | memoryview, words: Sequence[bytes]) -> Found | None:
    """Read-only views of the records of `table` (its JSON as the store wrote it), each
    with its `id`, in the order stored: those whose JSON holds every one of `words`
    (lowercase ASCII) in any case, and apart, the others whose bytes cannot tell (see
    above); None where a record does not parse as one (the file is not what was indexed:
    read the table whole).

    Only the records a word falls in are bounded, by the record starts on either side of
    it (finding every start of a table of 100,000 records took a fifth of a search), and
    they are parsed together, as one object (one `jsonread.loads`, not one a record)."""
    raw = bytes(table)
    first = raw.find(_START)
    if first == -1:
        return ([], []) if raw.strip() == b"{}" else None
    last = raw.rindex(b"}")
    lowered = raw.lower()
    chosen: _Spans | None = None
    for word in words:
        found = _records_at(lowered, word, first, last)
        chosen = found if chosen is None else {s: e for s, e in chosen.items() if s in found}
        if not chosen:
            break
    # What the bytes cannot tell, mostly not there at all: found by one byte at a time
    # (`bytes.find` of one byte is `memchr`; a pattern over the whole table, or a find of
    # two bytes, took longer than the rest of the sieve).
    unsure = _records_at(raw, b"\x7f", first, last) | _escaped(raw, first, last)
    if not raw.isascii():
        unsure |= _records_at(raw, _NOT_ASCII, first, last)
    chosen = chosen or {}
    holds_them = _parsed(raw, chosen)
    cannot_tell = _parsed(raw, {s: e for s, e in unsure.items() if s not in chosen})
    if holds_them is None or cannot_tell is None:
        return None
    return holds_them, cannot_tell


def _record_around(raw: bytes, at: int, last: int) -> tuple[int, int]:
    """Where the record holding raw[at] starts, and where it ends: the next one's start,
    or the table's closing brace."""
    end = raw.find(_START, at)
    return raw.rfind(_START, 0, at) + 1, last if end == -1 else end + 1


def _records_at(raw: bytes, needle: bytes | re.Pattern[bytes], first: int, last: int) -> _Spans:
    """The records whose bytes hold `needle` (bytes, or a pattern)."""
    found: _Spans = {}
    at = _find(raw, needle, first)
    while at != -1 and at < last:
        start, end = _record_around(raw, at, last)
        found[start] = end
        # The rest of this record holds nothing more to find: on to the next one.
        at = _find(raw, needle, end) if end < last else -1
    return found


def _escaped(raw: bytes, first: int, last: int) -> _Spans:
    """The records whose bytes hold an escaped control character (`\\u`, `\\b`, `\\f`), or
    a backslash before a u, b or f."""
    found: _Spans = {}
    at = raw.find(b"\\", first)
    while at != -1 and at < last:
        if raw[at + 1 : at + 2] in (b"u", b"b", b"f"):
            start, end = _record_around(raw, at, last)
            found[start] = end
        at = raw.find(b"\\", at + 2)
    return found


def _find(raw: bytes, needle: bytes | re.Pattern[bytes], start: int) -> int:
    if isinstance(needle, bytes):
        return raw.find(needle, start)
    match = needle.search(raw, start)
    return -1 if match is None else match.start()


def _parsed(raw: bytes, spans: _Spans) -> list[Mapping[str, Any]] | None:
    """The records at `spans` (each `    "ID": {...}` and a comma, or the last one), in the
    order stored, read as one object; None where they do not read as records."""
    if not spans:
        return []
    lines = []
    for start in sorted(spans):
        line = raw[start : spans[start]].rstrip()
        lines.append(line[:-1] if line.endswith(b",") else line)
    try:
        records = jsonread.loads(b"{" + b",".join(lines) + b"}")
    except ValueError:  # orjson's JSONDecodeError
        return None
    if len(records) != len(lines):  # a line that was not one record
        return None
    found: list[Mapping[str, Any]] = []
    for key, record in records.items():
        if not (key.isascii() and key.isdigit()) or type(record) is not dict:
            return None
        record["id"] = int(key)
        found.append(MappingProxyType(record))
    return found
