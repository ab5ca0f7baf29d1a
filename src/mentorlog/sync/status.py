"""What `sync status` shows and what `sync resolve` settles."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from mentorlog.errors import InvalidInput, NotFound
from mentorlog.store import SCHEMA, open_journal
from mentorlog.sync import state as state_mod
from mentorlog.sync.convert import ID_LINKS, to_tree
from mentorlog.sync.engine import changed_files, open_repo
from mentorlog.sync.files import META_PATH
from mentorlog.sync.git import APPLIED
from mentorlog.sync.sealed import Codec


@dataclass(frozen=True)
class SyncStatus:
    remote: str
    last: dict[str, Any] | None  # the newest log entry
    pending: int  # records changed here since the last sync
    conflicts: list[dict[str, Any]]

    def to_json(self) -> dict[str, Any]:
        return {
            "remote": self.remote,
            "last_sync": self.last,
            "pending": self.pending,
            "conflicts": [{"number": n, **c} for n, c in enumerate(self.conflicts, start=1)],
        }


def status(home: Path) -> SyncStatus:
    """Read-only: the remote, the last sync, what is waiting to be sent, the conflicts."""
    from mentorlog.store import JournalPaths
    from mentorlog.store.journal import load_or_new

    repo, state = open_repo(home)
    data, _ = load_or_new(JournalPaths(home))
    listing = repo.listing(repo.rev(APPLIED))
    tree = to_tree(data, schema=SCHEMA)
    changed = set(changed_files(repo, Codec.for_home(home), listing, tree))
    changed |= {p for p in listing if p not in tree}
    pending = sum(1 for p in changed if p != META_PATH and not p.startswith("_tombstones/"))
    return SyncStatus(state.remote, state.log[-1] if state.log else None, pending, state.conflicts)


def log(home: Path) -> list[dict[str, Any]]:
    _, state = open_repo(home)
    return list(reversed(state.log))


@dataclass(frozen=True)
class Resolved:
    settled: list[dict[str, Any]]
    changed: int  # fields set to the other value


def resolve(home: Path, ref: str, take: str, *, now: datetime, lock_timeout: float) -> Resolved:
    """Settle the conflicts `ref` names (its number in `sync status`, or a record's uid):
    keep the value the merge kept (`kept`), or put the other one in (`other`, a change of
    its own that the next sync sends)."""
    with open_journal(home, write=True, lock_timeout=lock_timeout) as journal:
        _, state = open_repo(home)
        chosen = _chosen(state.conflicts, ref)
        changed = _put_other(journal, chosen, now) if take == "other" else 0
        if changed:
            journal.describe(f"sync resolve {ref}: took the other value", now=now)
        state.conflicts = [c for c in state.conflicts if not any(c is x for x in chosen)]
        state_mod.save(home, state)
    return Resolved(chosen, changed)


def _chosen(conflicts: list[dict[str, Any]], ref: str) -> list[dict[str, Any]]:
    text = ref.strip()
    if not conflicts:
        raise NotFound(
            "There are no sync conflicts to resolve; `mentorlog sync status` lists them."
        )
    found = [c for c in conflicts if str(c.get("uid", "")).startswith(text)] if text else []
    # Digits name a conflict by its number; past the last number, four or more of them may
    # be the start of a uid (a hex uid can begin with digits only).
    if text.isdigit() and (1 <= int(text) <= len(conflicts) or len(text) < 4 or not found):
        number = int(text)
        if not 1 <= number <= len(conflicts):
            raise NotFound(
                f"There is no sync conflict {number}: there are {len(conflicts)}; "
                "`mentorlog sync status` lists them."
            )
        return [conflicts[number - 1]]
    if not found:
        raise NotFound(
            f"No sync conflict is numbered or has a record uid starting {text!r}; "
            "`mentorlog sync status` lists them."
        )
    return found


def _put_other(journal: Any, chosen: list[dict[str, Any]], now: datetime) -> int:
    changed = 0
    for conflict in chosen:
        table, uid, name = conflict.get("table"), conflict.get("uid"), conflict.get("field")
        if not isinstance(table, str) or not isinstance(name, str):
            raise InvalidInput("That sync conflict is damaged; settle it by editing the record.")
        record = next((r for r in journal.all(table) if r.get("uid") == uid), None)
        if record is None:
            continue  # deleted since: nothing to put the value into
        value = conflict.get("other")
        target = ID_LINKS.get(table, {}).get(name)
        if target is not None:
            ids = {r.get("uid"): r["id"] for r in journal.all(target)}
            value = (
                [ids.get(v) for v in value] if isinstance(value, list) else ids.get(value, value)
            )
        journal.update(table, int(record["id"]), {name: value}, now=now)
        changed += 1
    return changed
