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
from collections.abc import Sequence
from typing import Any

import orjson

_RECORD = re.compile(rb'\n    "')
_UNSURE = re.compile(rb"[\x80-\xff]|\\[ubf]|\x7f")


def holding(table: bytes | memoryview, words: Sequence[bytes]) -> list[dict[str, Any]] | None:
    """The records of `table` (its JSON as the store wrote it), each with its `id`, in the
    order stored, whose JSON holds every one of `words` (lowercase ASCII) in any case, or
    holds what its bytes cannot tell (see above); None where a record does not parse as
    one (the file is not what was indexed: read the table whole)."""
    raw = bytes(table)
    starts = [match.start() + 1 for match in _RECORD.finditer(raw)]
    if not starts:
        return [] if raw.strip() == b"{}" else None
    ends = [*starts[1:], raw.rindex(b"}")]
    lowered = raw.lower()
    chosen: set[int] | None = None
    for word in words:
        found = _records_at(lowered, word, starts)
        chosen = found if chosen is None else chosen & found
        if not chosen:
            break
    taken = (chosen or set()) | {
        bisect.bisect_right(starts, match.start()) - 1 for match in _UNSURE.finditer(raw)
    }
    records = []
    for index in sorted(n for n in taken if n >= 0):
        record = _parsed(raw, starts[index], ends[index])
        if record is None:
            return None
        records.append(record)
    return records


def _records_at(lowered: bytes, word: bytes, starts: list[int]) -> set[int]:
    """The indexes of the records whose bytes hold `word`."""
    found: set[int] = set()
    at = lowered.find(word, starts[0])
    while at != -1:
        index = bisect.bisect_right(starts, at) - 1
        found.add(index)
        # The rest of this record holds nothing more to find: on to the next one.
        at = lowered.find(word, starts[index + 1]) if index + 1 < len(starts) else -1
    return found


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
