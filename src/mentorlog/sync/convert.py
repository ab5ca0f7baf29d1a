"""Journal tables <-> sync tree records.

In the tree a record is the journal's record with its `id`, except that a field linking to
a record by id (an action's `goal`, see each kind's `links`) holds that record's uid: a
link then survives the renumbering of the record it points at. Applying the tree to a
journal turns uids back into the ids the records have there (a link to a record that is
gone becomes empty). Tables the registry does not know are kept as they are.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from mentorlog.kinds import KINDS
from mentorlog.store import META, TOMBSTONES
from mentorlog.sync.files import META_PATH, SCHEMA_KEY, Tree, record_path, tombstone_path

# table -> {field: the table it points into by id}: walked from the registry.
ID_LINKS: dict[str, dict[str, str]] = {
    kind.table: {name: target.table for name, target in kind.links_to("id").items()}
    for kind in KINDS
}


def record_tables(data: Mapping[str, Any]) -> list[str]:
    """The tables of a journal's data that hold records (the registry's, then any others)."""
    known = [kind.table for kind in KINDS]
    return known + sorted(t for t in data if t not in known and t not in (META, TOMBSTONES))


def to_tree(data: Mapping[str, Any], *, schema: int) -> Tree:
    """The journal's tables (as stored: table -> id -> record) as a sync tree."""
    uids = {
        table: {int(key): rec.get("uid") for key, rec in data.get(table, {}).items()}
        for table in record_tables(data)
    }
    tree: Tree = {}
    for table in record_tables(data):
        links = ID_LINKS.get(table, {})
        for key, stored in data.get(table, {}).items():
            uid = stored.get("uid")
            if not isinstance(uid, str) or not uid:
                continue  # a record without a uid cannot be told apart on another device
            record = {**stored, "id": int(key)}
            for name, target in links.items():
                if name in record:
                    record[name] = _link_out(record[name], uids.get(target, {}))
            tree[record_path(table, uid)] = record
    for stone in _tombstones(data):
        tree[tombstone_path(stone["uid"])] = stone
    meta = data.get(META, {}).get("1", {})
    counters = meta.get("next_ids", {}) if isinstance(meta.get("next_ids"), dict) else {}
    tree[META_PATH] = {
        "format": "mentorlog-sync",
        SCHEMA_KEY: schema,
        "next_ids": {k: v for k, v in counters.items() if isinstance(v, int)},
    }
    return tree


def _tombstones(data: Mapping[str, Any]) -> list[dict[str, Any]]:
    found = []
    for stone in data.get(TOMBSTONES, {}).values():
        uid, table, at = stone.get("uid"), stone.get("table"), stone.get("at")
        if isinstance(uid, str) and uid and isinstance(table, str):
            found.append({"table": table, "uid": uid, "at": at})
    return found


def _link_out(value: Any, uids: Mapping[int, Any]) -> Any:
    if isinstance(value, list):
        return [_link_out(item, uids) for item in value]
    if isinstance(value, int) and not isinstance(value, bool):
        uid = uids.get(value)
        return uid if isinstance(uid, str) else value
    return value


def _link_in(value: Any, ids: Mapping[str, int]) -> Any:
    if isinstance(value, list):
        return [_link_in(item, ids) for item in value]
    if isinstance(value, str):
        return ids.get(value)
    return value


def from_tree(tree: Tree) -> tuple[dict[str, list[dict[str, Any]]], list[tuple[str, str, str]]]:
    """A sync tree as records per table (each with its `id`, links turned back into ids,
    sorted by id) and tombstones (table, uid, at)."""
    tables: dict[str, list[dict[str, Any]]] = {}
    stones: list[tuple[str, str, str]] = []
    for path, record in tree.items():
        if path == META_PATH:
            continue
        folder = path.partition("/")[0]
        if folder == "_tombstones":
            stones.append((str(record["table"]), str(record["uid"]), str(record.get("at") or "")))
        else:
            tables.setdefault(folder, []).append(record)
    ids = {
        table: {str(r["uid"]): int(r["id"]) for r in records} for table, records in tables.items()
    }
    for table, records in tables.items():
        links = ID_LINKS.get(table, {})
        if links:
            tables[table] = [
                {**r, **{n: _link_in(r[n], ids.get(t, {})) for n, t in links.items() if n in r}}
                for r in records
            ]
        tables[table].sort(key=lambda r: int(r["id"]))
    stones.sort(key=lambda s: (s[2], s[1]))
    return tables, stones
