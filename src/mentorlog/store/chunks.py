"""A table's records read from the journal's bytes a few hundred kilobytes at a time, for a
reader that takes each record once (the Markdown export): the plain way parses the whole
table into one dict.

Parsing 30,000 records into one dict takes the memory for all of them at once, fresh from
the system, and grows the dict as it goes: at 100,000 records the tables of `export md`
parsed whole took 0.25 s, and about half of that a chunk at a time, each chunk's memory
used again by the next. It reads only a table the store wrote (the index vouches for the
file, `store.index`): `payload` writes a table indented by two, so each record's key, and
nothing else, starts a line four spaces in (a line break inside a string is written
escaped; a nested field is indented further), which is where a chunk may start. Each chunk
is parsed as the table would be (`format.loads`, and checked as a table of records), and
the records, counted, must be as many as the index says. tests/test_store_chunks.py holds
the chunks, together, to the table parsed whole.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from mentorlog.store import format as fmt
from mentorlog.store.format import table_problem

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

CHUNK = 1 << 18  # bytes of a table's JSON parsed at a time (about 800 action items)
_RECORD = b'\n    "'  # where a record's key starts its line, in a table the store wrote
_BLANK = b" \t\r\n"


class Unreadable(Exception):
    """A chunk did not parse as part of a table: the file is not the one its index names."""


def chunks(source: bytes, start: int, stop: int, size: int = CHUNK) -> Iterator[dict[str, Any]]:
    """The records of the table whose JSON object is `source[start:stop]` (its braces), as
    `{id: record}` dicts of about `size` bytes of JSON each, in the order stored; Unreadable
    where a chunk is not part of a table of records."""
    view = memoryview(source)
    close = stop - 1  # the table's closing brace
    first = source.find(_RECORD, start, close)
    while first != -1:
        following = source.find(_RECORD, min(first + size, close), close)
        end = close if following == -1 else following
        while end > first and source[end - 1] in _BLANK:
            end -= 1
        if end > first and source[end - 1] == ord(","):
            end -= 1
        try:
            table = fmt.loads(b"".join((b"{", view[first:end], b"}")))
        except json.JSONDecodeError as exc:
            raise Unreadable from exc
        if table_problem(table):
            raise Unreadable
        yield table
        first = following
