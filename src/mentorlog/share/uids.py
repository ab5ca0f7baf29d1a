"""Records found by uid, and a record just made given the uid of the object it came from."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from mentorlog.store import Journal

__all__ = ["find_uid", "keep_uid"]


def find_uid(journal: Journal, table: str, uid: str) -> Mapping[str, Any] | None:
    """The record of `table` with this uid, or None."""
    return next((r for r in journal.all(table) if r.get("uid") == uid), None)


def keep_uid(journal: Journal, table: str, record_id: int, uid: str) -> Mapping[str, Any]:
    """Give a record just made the server object's uid, unless a deletion here holds it."""
    stored = journal.get(table, record_id)
    assert stored is not None
    if uid in journal.tombstoned() or find_uid(journal, table, uid) is not None:
        return stored
    return journal.replace(table, record_id, {**stored, "uid": uid})
