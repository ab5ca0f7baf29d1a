"""`export json` written a table at a time: the short way of `transfer.dump`.

`dump` hands the whole document to orjson at once: every table of the journal parsed and
alive together with the 50 MB of JSON made from them (304 MB at 100,000 records). Here the
document's frame (everything but the tables' records) is made once, with a marker where each
table goes, and each table's records are made into JSON in turn, indented to their place,
and let go (`Journal.forget`) before the next table is read. The bytes are those of
`orjson.dumps(dump(...).document, default=id_first, option=OPT_INDENT_2 |
OPT_APPEND_NEWLINE)`; tests/test_export_fast_paths.py holds them to it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from types import MappingProxyType

from mentorlog.services.transfer import frame, id_first, is_private
from mentorlog.store import Journal

__all__ = ["Tally", "dump_parts"]

# Inside the "tables" object of the document's frame, a table's records are two levels
# deep: each of their lines goes four spaces further in than orjson writes them alone (a
# newline inside a JSON string is written escaped, so every newline is a line's end).
_DEEPER = b"\n    "


@dataclass
class Tally:
    """What the parts held, complete once they have all been taken."""

    records: int = 0
    private_left_out: int = 0
    private_included: int = 0


def dump_parts(
    journal: Journal, *, now: datetime, include_private: bool = False
) -> tuple[Tally, Iterator[bytes]]:
    """`transfer.dump`'s document as JSON bytes in parts (the frame up to a table, then the
    table, and so on), each table read only when its part is asked for; and the tally of
    what they held, filled as the parts are taken."""
    import orjson

    names = journal.tables()
    markers = {name: f"mentorlog-table-{os.urandom(16).hex()}" for name in names}
    option = orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE
    head = orjson.dumps(frame(journal, now=now, tables=markers), option=option)
    tally = Tally()

    def parts() -> Iterator[bytes]:
        rest = head
        for name in names:
            before, found, rest = rest.partition(orjson.dumps(markers[name]))
            assert found, name
            yield before
            records = []
            for record in journal.all(name):
                if is_private(name, record):
                    if not include_private:
                        tally.private_left_out += 1
                        continue
                    tally.private_included += 1
                # As `dump` keeps them: a read-only view as it is, for `id_first`.
                records.append(record if isinstance(record, MappingProxyType) else id_first(record))
            tally.records += len(records)
            yield orjson.dumps(records, default=id_first, option=orjson.OPT_INDENT_2).replace(
                b"\n", _DEEPER
            )
            del records
            journal.forget(name)
        yield rest

    return tally, parts()
