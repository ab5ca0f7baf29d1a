"""The three-way merge of two sync trees against their common base: pure, on dicts.

A tree maps a path to the record it holds (`files`). Records changed on one side only are
taken as they are; a record changed on both is merged field by field against the base:

- a field changed on one side takes that side's value;
- a field changed on both sides to different values takes the value of the side whose
  record was `updated` later (equal stamps: the greater value, so every device agrees), and
  the other value goes to the conflict list;
- list fields (tags, people, exdates, held marks, overrides, progress history) merge item
  by item, held marks by their occurrence and overrides by the occurrence they move, so
  a series edited on one side and an occurrence marked held on the other both survive;
- `updated` and `sequence` take the larger, `created` the earlier, `id` the other side's
  (the ids it pushed are published already);
- a delete against an edit keeps the edit and says so; tombstones are a union, minus those
  of records an edit kept;
- two records with one id in a table (both devices added goal 42) keep the other side's
  numbering: ours is renumbered past every id either side handed out, in uid order.

The trees given may be only the paths that differ between ours and theirs, plus
`_meta.json`, whose `next_ids` say which ids either side has handed out.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import orjson

from mentorlog.kinds import BY_TABLE
from mentorlog.store import read_stamp
from mentorlog.sync.files import FORMAT, META_PATH, TOMBSTONE_DIR, Tree, canonical, file_name

# List fields whose items are objects known by one of their fields.
ITEM_KEYS: dict[str, str] = {"held": "start", "overrides": "of"}
_MISSING: Any = object()
PEOPLE_TABLE = "people"
_SILENT = frozenset({"id", "updated", "created", "sequence", "uid"})


@dataclass(frozen=True)
class FieldConflict:
    """A field both sides changed: the value kept, and the one it won over."""

    table: str
    uid: str
    id: int | None
    field: str
    kept: Any
    other: Any
    kept_side: str  # "mine" (this device's value kept) or "theirs"

    def to_record(self) -> dict[str, Any]:
        return {
            "table": self.table,
            "uid": self.uid,
            "id": self.id,
            "field": self.field,
            "kept": self.kept,
            "other": self.other,
            "kept_side": self.kept_side,
        }


@dataclass
class Merged:
    """What a merge gives: the merged tree, the conflicts settled, what to tell the user."""

    tree: Tree
    conflicts: list[FieldConflict] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)
    renumbered: dict[str, dict[int, int]] = field(default_factory=dict)  # table -> old -> new


def _key(value: Any) -> bytes:
    return orjson.dumps(value, option=orjson.OPT_SORT_KEYS)


def _later(ours: Mapping[str, Any], theirs: Mapping[str, Any]) -> bool:
    """Whether our record was updated after theirs (the side whose values win)."""
    mine, other = read_stamp(ours.get("updated")), read_stamp(theirs.get("updated"))
    if mine is not None and other is not None and mine != other:
        return mine > other
    if (mine is None) != (other is None):
        return mine is not None
    return _key(ours) > _key(theirs)


def merge_record(
    base: Mapping[str, Any] | None, ours: Mapping[str, Any], theirs: Mapping[str, Any]
) -> tuple[dict[str, Any], list[tuple[str, Any, Any, str]]]:
    """One record merged field by field: (merged, [(field, kept, other, kept side)])."""
    base = base or {}
    ours_win = _later(ours, theirs)
    merged: dict[str, Any] = {}
    conflicts: list[tuple[str, Any, Any, str]] = []
    for name in sorted({*base, *ours, *theirs}):
        b, o, t = base.get(name, _MISSING), ours.get(name, _MISSING), theirs.get(name, _MISSING)
        value = _field(name, b, o, t, ours_win, conflicts)
        if value is not _MISSING:
            merged[name] = value
    return merged, conflicts


def _field(
    name: str, b: Any, o: Any, t: Any, ours_win: bool, conflicts: list[tuple[str, Any, Any, str]]
) -> Any:
    if _same(o, t):
        return o
    if name == "id":
        return t if t is not _MISSING else o
    if name in ("updated", "sequence", "created"):
        present = [v for v in (o, t) if v is not _MISSING]
        if name == "created":
            return min(present, key=_sortable)
        return max(present, key=_sortable)
    if _same(o, b):
        return t
    if _same(t, b):
        return o
    if isinstance(o, list) and isinstance(t, list) and (b is _MISSING or isinstance(b, list)):
        return merge_list(name, b if isinstance(b, list) else [], o, t, ours_win)
    kept, other = (o, t) if ours_win else (t, o)
    if name not in _SILENT:
        conflicts.append((name, _plain(kept), _plain(other), "mine" if ours_win else "theirs"))
    return kept


def _same(one: Any, other: Any) -> bool:
    if one is _MISSING or other is _MISSING:
        return one is other
    return _key(one) == _key(other)


def _plain(value: Any) -> Any:
    return None if value is _MISSING else value


def _sortable(value: Any) -> tuple[int, Any]:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return (0, value)
    moment = read_stamp(value)
    if moment is not None:
        return (1, moment.timestamp())
    return (2, _key(value))


def merge_list(
    name: str, base: list[Any], ours: list[Any], theirs: list[Any], ours_win: bool
) -> list[Any]:
    """A list field changed on both sides, merged item by item against the base: an item
    either side added is in, one a side removed (and the other left alone) is out, one
    changed on both takes the later side's version, and an edit beats a removal."""
    if not ours_win:  # the later side's order first: the same list on every device
        return merge_list(name, base, theirs, ours, True)
    key = _item_key(name)
    bk = {key(i): i for i in base}
    ok = {key(i): i for i in ours}
    tk = {key(i): i for i in theirs}
    result: list[Any] = []
    for k, item in ok.items():
        if k in tk:
            other = tk[k]
            if _same(item, other) or _same(other, bk.get(k, _MISSING)):
                result.append(item)
            elif _same(item, bk.get(k, _MISSING)):
                result.append(other)
            else:
                result.append(item if ours_win else other)
        elif k in bk and _same(item, bk[k]):
            continue  # removed on their side
        else:
            result.append(item)  # added here, or changed here and removed there
    for k, item in tk.items():
        if k in ok or (k in bk and _same(item, bk[k])):
            continue
        result.append(item)
    return result


def _item_key(name: str) -> Callable[[Any], bytes]:
    field_name = ITEM_KEYS.get(name)

    def key(item: Any) -> bytes:
        if field_name is not None and isinstance(item, dict) and field_name in item:
            return b"k" + _key(item[field_name])
        return b"v" + _key(item)

    return key


# -- whole trees -------------------------------------------------------------------------------


def merge_trees(base: Tree, ours: Tree, theirs: Tree) -> Merged:
    """Merge `ours` and `theirs` against `base` (see the module's docstring)."""
    merged: Tree = {}
    result = Merged(merged)
    tombstones: dict[str, tuple[str, dict[str, Any]]] = {}
    for path in sorted({*base, *ours, *theirs}):
        b, o, t = base.get(path), ours.get(path), theirs.get(path)
        if path == META_PATH:
            merged[path] = _merge_meta(o, t)
        elif path.startswith(f"{TOMBSTONE_DIR}/"):
            chosen = _pick_tombstone(o, t)
            if chosen is not None:
                tombstones[path] = (str(chosen.get("uid")), chosen)
        else:
            value = _merge_path(path, b, o, t, result)
            if value is not None:
                merged[path] = value
    live = {str(record.get("uid")) for path, record in merged.items() if path != META_PATH}
    for path, (uid, record) in tombstones.items():
        if uid not in live:
            merged[path] = record
    _one_person_per_handle(theirs, result)
    _renumber(ours, theirs, result)
    return result


def _one_person_per_handle(theirs: Tree, result: Merged) -> None:
    """Two people with one handle (both devices added `ana`) are one person: the other
    side's record stays, with this side's fields merged into it (differing ones listed as
    conflicts), and this side's goes with a tombstone. Links name people by handle, so
    every record pointing at either points at the one kept."""
    merged = result.tree
    by_handle: dict[str, list[str]] = {}
    for path, record in merged.items():
        handle = record.get("handle")
        if path.startswith(f"{PEOPLE_TABLE}/") and isinstance(handle, str):
            by_handle.setdefault(handle.casefold(), []).append(path)
    for paths in by_handle.values():
        if len(paths) < 2:
            continue
        keeper = next((p for p in sorted(paths) if p in theirs), sorted(paths)[0])
        for path in sorted(p for p in paths if p != keeper):
            gone = merged.pop(path)
            kept = merged[keeper]
            both, found = merge_record({}, {**gone, "uid": kept["uid"], "id": kept["id"]}, kept)
            merged[keeper] = both
            for name, value, other, side in found:
                result.conflicts.append(
                    FieldConflict(PEOPLE_TABLE, kept["uid"], kept["id"], name, value, other, side)
                )
            uid = str(gone.get("uid"))
            merged[f"{TOMBSTONE_DIR}/{file_name(uid)}.json"] = {
                "table": PEOPLE_TABLE,
                "uid": uid,
                "at": gone.get("updated"),
            }
            result.messages.append(
                f"Both devices added the person {kept.get('handle')}: they are one person now."
            )


def _merge_path(
    path: str,
    b: dict[str, Any] | None,
    o: dict[str, Any] | None,
    t: dict[str, Any] | None,
    result: Merged,
) -> dict[str, Any] | None:
    if o is None and t is None:
        return None
    if o is not None and t is not None:
        if canonical(o) == canonical(t):
            return o
        merged, found = merge_record(b, o, t)
        table = path.partition("/")[0]
        for name, kept, other, side in found:
            result.conflicts.append(
                FieldConflict(
                    table, str(merged.get("uid")), merged.get("id"), name, kept, other, side
                )
            )
        return merged
    present = o if o is not None else t
    assert present is not None
    if b is None:
        return present  # added on one side
    if canonical(present) == canonical(b):
        return None  # deleted on one side, left alone on the other
    deleted, edited = (
        ("here", "on the other device") if o is None else ("on the other device", "here")
    )
    result.messages.append(
        f"Kept {_name(path, present)}: it was deleted {deleted} but edited {edited}, and an "
        "edit wins over a delete."
    )
    return present


def _name(path: str, record: Mapping[str, Any]) -> str:
    table = path.partition("/")[0]
    kind = BY_TABLE.get(table)
    noun = kind.name if kind is not None else table
    if kind is not None and kind.key == "handle" and isinstance(record.get("handle"), str):
        return f"{noun} {record['handle']}"
    return f"{noun} {record.get('id')}"


def _pick_tombstone(o: dict[str, Any] | None, t: dict[str, Any] | None) -> dict[str, Any] | None:
    if o is None or t is None:
        return o if o is not None else t
    return min(o, t, key=canonical)


def _merge_meta(o: dict[str, Any] | None, t: dict[str, Any] | None) -> dict[str, Any]:
    counters: dict[str, int] = {}
    schema = 0
    for meta in (o, t):
        if meta is None:
            continue
        schema = max(schema, int(meta.get("schema", 0)))
        found = meta.get("next_ids")
        for table, value in found.items() if isinstance(found, dict) else ():
            if isinstance(value, int) and not isinstance(value, bool):
                counters[table] = max(counters.get(table, 1), value)
    return {"format": FORMAT, "schema": schema, "next_ids": counters}


def _renumber(ours: Tree, theirs: Tree, result: Merged) -> None:
    """Give our records whose id the other side's records hold a new id, in uid order."""
    merged = result.tree
    by_id: dict[tuple[str, int], list[str]] = {}
    for path, record in merged.items():
        if path == META_PATH or path.startswith(f"{TOMBSTONE_DIR}/"):
            continue
        record_id = record.get("id")
        if isinstance(record_id, int):
            by_id.setdefault((path.partition("/")[0], record_id), []).append(path)
    meta = merged.setdefault(META_PATH, _merge_meta(None, None))
    counters: dict[str, int] = meta["next_ids"]
    highest: dict[str, int] = {}
    for (table, record_id), _paths in by_id.items():
        highest[table] = max(highest.get(table, 0), record_id, counters.get(table, 1) - 1)
    for (table, record_id), paths in sorted(by_id.items()):
        if len(paths) < 2:
            continue
        keeper = next(
            (p for p in sorted(paths) if p in theirs and theirs[p].get("id") == record_id),
            sorted(paths)[0],
        )
        for path in sorted(p for p in paths if p != keeper):
            highest[table] += 1
            new_id = highest[table]
            record = {**merged[path], "id": new_id}
            merged[path] = record
            result.renumbered.setdefault(table, {})[record_id] = new_id
            kind = BY_TABLE.get(table)
            noun = kind.name if kind is not None else table
            mine = path in ours and path not in theirs
            result.messages.append(
                f"Renumbered {noun} {record_id} {'made here' if mine else 'from the other device'} "
                f"to {noun} {new_id}: the other {noun} {record_id} kept its number."
            )
            counters[table] = max(counters.get(table, 1), new_id + 1)
