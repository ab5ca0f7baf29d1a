"""Applying a merged sync tree to the journal: checked as `import json` checks a file, then
saved as one change, which `mentorlog undo` takes back."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

import orjson

from mentorlog.store import META, SCHEMA, TOMBSTONES, JournalPaths, Record, stamp
from mentorlog.sync.convert import from_tree, record_tables
from mentorlog.sync.files import META_PATH, Tree


def journal_data(
    tree: Tree, current: Mapping[str, Any], *, remote: str
) -> tuple[dict[str, Any], dict[str, int]]:
    """The journal tables the tree makes (checked through `import json`'s checks), and the
    id counters: past every id here, in the tree, and handed out on either device."""
    from mentorlog.services.transfer import read_export

    tables, stones = from_tree(tree)
    document = {
        "format": "mentorlog",
        "schema": SCHEMA,
        "tables": tables,
        "tombstones": [{"kind": t, "uid": u, "at": a or "unknown"} for t, u, a in stones],
    }
    export = read_export(orjson.dumps(document), f"the sync remote {remote}")
    data: dict[str, Any] = {META: {k: dict(v) for k, v in current.get(META, {}).items()}}
    for table in {*record_tables(current), *export.tables}:
        data[table] = {
            str(r["id"]): {k: v for k, v in r.items() if k != "id"}
            for r in export.tables.get(table, [])
        }
    _keep_unsynced(current, data)
    data[TOMBSTONES] = {
        str(n): {"table": table, "uid": uid, "at": at}
        for n, (table, uid, at) in enumerate(stones, start=1)
    }
    counters: dict[str, int] = {}
    metas = [current.get(META, {}).get("1", {}), tree.get(META_PATH, {})]
    for meta in metas:
        found = meta.get("next_ids")
        for table, value in found.items() if isinstance(found, dict) else ():
            if isinstance(value, int) and not isinstance(value, bool):
                counters[table] = max(counters.get(table, 1), value)
    for table, rows in data.items():
        if rows and table not in (META, TOMBSTONES):
            counters[table] = max(counters.get(table, 1), max(int(k) for k in rows) + 1)
    return data, counters


def _keep_unsynced(current: Mapping[str, Any], data: dict[str, Any]) -> None:
    """Records here without a uid (a hand edit) cannot be synced, and are never dropped:
    they stay, under their id when it is still free."""
    for table in record_tables(current):
        for key, record in current.get(table, {}).items():
            uid = record.get("uid")
            if isinstance(uid, str) and uid:
                continue
            rows = data.setdefault(table, {})
            if key in rows:
                key = str(max((int(k) for k in rows), default=0) + 1)
            rows[key] = dict(record)


def save(
    paths: JournalPaths,
    data: Mapping[str, Any],
    counters: Mapping[str, int],
    *,
    schema_on_disk: int | None,
    what: str,
    now: datetime,
) -> None:
    """Make `data` the journal, as the change `what`; call with the lock held."""
    from mentorlog.store.journal import save_as_change

    change: Record = {"at": stamp(now), "what": what}
    save_as_change(
        paths,
        data,
        schema_on_disk=schema_on_disk,
        next_ids=counters,
        change=change,
        now=now,
        replaces=schema_on_disk is not None,
    )
