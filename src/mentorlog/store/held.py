"""The records of a table as a read-only journal holds them: the narrow way for a reader
that only reads every record of a table once (the Markdown export).

`Journal.all` never hands out a stored record: a read-only journal gives a read-only view of
each (`MappingProxyType`), a writable one a fresh dict. A field read through a view costs a
method call on the dict behind it, several times a `dict.get`: at 100,000 records (about a
million fields read) the views cost 3 to 4% of `export md`'s processor time. `held` gives the
stored dicts themselves, typed as `Mapping` (read-only, for mypy); a writable journal still
gives fresh dicts, so nothing read here can reach a file. The caller must read them only,
never change them nor hand them to what does: a read-only journal is never saved, but a
change would show in what the same process reads next. tests/test_export_md_fast.py holds
the export to leaving every table as it found it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from mentorlog.store.index import Tables
from mentorlog.store.journal import Journal

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


def held(journal: Journal, table: str) -> list[Mapping[str, Any]]:
    """Every record of `table`, in the order stored, each with its `id`: in a read-only
    journal the records it holds (read them only), in a writable one fresh dicts
    (`Journal.all`)."""
    if journal.writable:
        return journal.all(table)
    raw = journal._raw_table(table)
    for key, doc in raw.items():
        doc["id"] = int(key)  # as `Journal.all`: in the records held in memory only
    return list(raw.values())


def held_chunks(journal: Journal, table: str) -> Iterator[list[Mapping[str, Any]]]:
    """`held(journal, table)` a chunk at a time: in a read-only journal its index vouches
    for, parsed from the file a few hundred kilobytes at a time (`store.chunks`: each chunk's
    memory used again by the next, where the whole table parsed at once takes it all, fresh);
    else the table as `held` gives it, in one chunk. Read each record once, and only."""
    data = None if journal.writable else journal._storage().data
    parts = data.chunks(table) if isinstance(data, Tables) else None
    if parts is None:
        yield held(journal, table)
        return
    for part in parts:
        for key, doc in part.items():
            doc["id"] = int(key)
        yield list(part.values())
