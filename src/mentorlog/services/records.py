"""What is the same for every kind of record: finding one by its id or handle, and deleting
one with what points at it, driven by the registry of kinds (`kinds.KINDS` and their
`links`).

A deletion leaves a tombstone (the store's `remove` writes it), so an import never brings
the record back. Records of other kinds that point at the deleted one:

- by handle (a person's goals, meetings, actions, talking points, feedback, milestones and
  notes) keep it from being deleted, unless the deletion cascades (they go too; a meeting
  or a note with other people too only loses this person) or they are reassigned to
  another person;
- by id (the actions, milestones and feedback of a goal or a meeting) lose the link and
  keep the rest, unless the deletion cascades (they go too).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from mentorlog.errors import Conflict, InvalidInput, NotFound
from mentorlog.kinds import KINDS, Kind
from mentorlog.model import Stored
from mentorlog.store import Journal
from mentorlog.timeparse import quote

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


def find(journal: Journal, kind: Kind, key: int | str) -> Mapping[str, Any] | None:
    """The stored record of `kind` with this id or handle (any case); None if there is none."""
    if kind.key == "id":
        return journal.get(kind.table, int(key)) if isinstance(key, int) else None
    wanted = str(key).strip().lower()
    for record in journal.all(kind.table):
        if str(record.get(kind.key, "")).lower() == wanted:
            return record
    return None


def get(journal: Journal, kind: Kind, key: int | str) -> Stored:
    """The record of `kind` with this id or handle, read by its model; NotFound, saying
    where to look (and, for a handle, which one was meant), when there is none."""
    record = find(journal, kind, key)
    if record is None:
        raise NotFound(not_found_message(journal, kind, key))
    return kind.model.from_record(record)


def not_found_message(journal: Journal, kind: Kind, key: int | str) -> str:
    if kind.key == "id":
        return f"No {kind.singular} with id {key}; see `mentorlog {kind.list_all}`."
    import difflib

    keys = sorted(str(r.get(kind.key, "")) for r in journal.all(kind.table))
    if not keys:
        return (
            f"No {kind.singular} with {kind.key} {quote(str(key))}: the journal has nobody yet; "
            f"add someone with `mentorlog {kind.name} add`."
        )
    close = difflib.get_close_matches(str(key).strip().lower(), keys, n=1)
    hint = f" Did you mean '{close[0]}'?" if close else ""
    return (
        f"No {kind.singular} with {kind.key} {quote(str(key))}.{hint} "
        f"See `mentorlog {kind.list_all}`."
    )


# -- deleting --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Touched:
    """A record a deletion changed or removed besides the one deleted."""

    kind: Kind
    id: int
    field: str

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind.name, "id": self.id, "field": self.field}


@dataclass
class Deletion:
    """What a deletion did: the record deleted, the records deleted with it (--cascade),
    those that lost their link to it, and those moved to another person (--reassign)."""

    kind: Kind
    record: Stored
    removed: list[Touched] = field(default_factory=list)
    unlinked: list[Touched] = field(default_factory=list)
    reassigned: list[Touched] = field(default_factory=list)
    reassigned_to: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind.name,
            "deleted": self.record.to_json(),
            "removed": [t.to_json() for t in self.removed],
            "unlinked": [t.to_json() for t in self.unlinked],
            "reassigned": [t.to_json() for t in self.reassigned],
            "reassigned_to": self.reassigned_to,
        }


def key_of(kind: Kind, record: Mapping[str, Any]) -> Any:
    return record.get(kind.key)


def dependents(journal: Journal, kind: Kind, key: Any) -> list[tuple[Kind, dict[str, Any], str]]:
    """The records of every kind that point at the record of `kind` keyed `key`, with the
    field that does, as (their kind, the record, the field)."""
    found = []
    for other in KINDS:
        fields = [f for f, target in other.links.items() if target == kind.name]
        if not fields:
            continue
        for record in journal.all(other.table):
            for name in fields:
                if _points_at(record.get(name), key, kind):
                    found.append((other, dict(record), name))
    return found


def _points_at(value: Any, key: Any, kind: Kind) -> bool:
    if kind.key == "handle":
        wanted = str(key).lower()
        values = value if isinstance(value, list) else [value]
        return any(isinstance(v, str) and v.lower() == wanted for v in values)
    return isinstance(value, int) and not isinstance(value, bool) and value == key


def count_phrase(counts: Iterable[tuple[Kind, int]]) -> str:
    """'2 goals, 1 meeting and 3 action items'."""
    parts = [f"{n} {k.singular if n == 1 else k.plural}" for k, n in counts if n]
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"


def delete(
    journal: Journal,
    kind: Kind,
    key: int | str,
    *,
    now: datetime,
    cascade: bool = False,
    reassign: str | None = None,
) -> Deletion:
    """Delete the record of `kind` keyed `key` (one change, undoable), with what points at
    it handled as the module says. Raises before changing anything when it cannot be done."""
    if cascade and reassign is not None:
        raise InvalidInput("Give --cascade or --reassign HANDLE, not both.")
    stored = find(journal, kind, key)
    if stored is None:
        raise NotFound(not_found_message(journal, kind, key))
    record = kind.model.from_record(stored)
    own_key = key_of(kind, stored)
    found = dependents(journal, kind, own_key)
    deletion = Deletion(kind, record)
    target = _reassign_target(journal, kind, record, reassign) if reassign is not None else None
    if kind.key == "handle" and found and not cascade and target is None:
        raise Conflict(_blocked(kind, own_key, found))
    if target is not None:
        _reassign(journal, found, own_key, target, deletion, now=now)
    else:
        _cascade_or_unlink(journal, kind, found, own_key, cascade, deletion, now=now)
    journal.remove(kind.table, int(stored["id"]), now=now)
    journal.describe(f"{kind.name} delete {own_key}", now=now)
    return deletion


def _blocked(kind: Kind, key: Any, found: list[tuple[Kind, dict[str, Any], str]]) -> str:
    seen = {(other.name, int(record["id"])) for other, record, _ in found}
    counts = [(k, sum(1 for name, _ in seen if name == k.name)) for k in KINDS]
    return (
        f"Cannot delete {key}: they still have {count_phrase(counts)}; delete those with them "
        f"(--cascade) or move them to another person (--reassign HANDLE)."
    )


def _reassign_target(journal: Journal, kind: Kind, record: Stored, reassign: str) -> str:
    if kind.key != "handle":
        raise InvalidInput(f"Only a person's records can be reassigned, not a {kind.singular}'s.")
    target = get(journal, kind, reassign)
    handle = str(getattr(target, kind.key))
    if handle == getattr(record, kind.key):
        raise InvalidInput(f"Cannot reassign {handle}'s records to {handle}; name someone else.")
    return handle


def _reassign(
    journal: Journal,
    found: list[tuple[Kind, dict[str, Any], str]],
    key: Any,
    target: str,
    deletion: Deletion,
    *,
    now: datetime,
) -> None:
    deletion.reassigned_to = target
    for other, record, name in found:
        current = journal.get(other.table, int(record["id"]))
        assert current is not None
        value = current.get(name)
        if isinstance(value, list):
            moved = [target if _points_at(v, key, deletion.kind) else v for v in value]
            new: Any = list(dict.fromkeys(moved))
        else:
            new = target
        journal.update(other.table, int(record["id"]), {name: new}, now=now)
        deletion.reassigned.append(Touched(other, int(record["id"]), name))


def _cascade_or_unlink(
    journal: Journal,
    kind: Kind,
    found: list[tuple[Kind, dict[str, Any], str]],
    key: Any,
    cascade: bool,
    deletion: Deletion,
    *,
    now: datetime,
) -> None:
    doomed: dict[tuple[str, int], tuple[Kind, str]] = {}
    for other, record, name in found:
        value = record.get(name)
        ident = (other.name, int(record["id"]))
        if cascade and not (isinstance(value, list) and len(value) > 1):
            doomed.setdefault(ident, (other, name))
    for other, record, name in found:
        ident = (other.name, int(record["id"]))
        if ident in doomed:
            continue
        value = record.get(name)
        kept: Any = None
        if isinstance(value, list):
            kept = [v for v in value if not _points_at(v, key, kind)]
        journal.update(other.table, ident[1], {name: kept}, now=now)
        deletion.unlinked.append(Touched(other, ident[1], name))
    for (_, record_id), (other, name) in doomed.items():
        if journal.get(other.table, record_id) is None:
            continue
        # What pointed at a record deleted with this one loses its link to it.
        for inner, dependent, link in dependents(journal, other, record_id):
            if (inner.name, int(dependent["id"])) not in doomed:
                journal.update(inner.table, int(dependent["id"]), {link: None}, now=now)
                deletion.unlinked.append(Touched(inner, int(dependent["id"]), link))
        journal.remove(other.table, record_id, now=now)
        deletion.removed.append(Touched(other, record_id, name))
