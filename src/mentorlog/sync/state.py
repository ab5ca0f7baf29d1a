"""What the sync folder remembers besides git: the remote, the step a round reached, the
conflicts waiting to be settled and the log of recent syncs.

It lives in `<home>/sync/.git/mentorlog-sync.json` (inside the git folder, so it is never
committed), written atomically under the journal lock. In an encrypted home it is an age
file, like every file there (the conflicts it keeps hold records' values).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from mentorlog.errors import JournalRefused, KeyUnavailable
from mentorlog.store import crypt, write_atomic

SYNC_DIR = "sync"
STATE_FILE = "mentorlog-sync.json"
KEEP_LOG = 100
IDLE = "idle"


def sync_dir(home: Path) -> Path:
    return home / SYNC_DIR


def state_path(home: Path) -> Path:
    return sync_dir(home) / ".git" / STATE_FILE


@dataclass
class State:
    remote: str
    step: str = IDLE
    conflicts: list[dict[str, Any]] = field(default_factory=list)
    log: list[dict[str, Any]] = field(default_factory=list)

    def to_record(self) -> dict[str, Any]:
        return {
            "remote": self.remote,
            "step": self.step,
            "conflicts": self.conflicts,
            "log": self.log[-KEEP_LOG:],
        }

    def add_conflicts(self, found: list[dict[str, Any]]) -> None:
        """Add conflicts, a newer one for the same field of a record replacing the older."""
        fresh = {(c["uid"], c["field"]) for c in found}
        self.conflicts = [
            c for c in self.conflicts if (c.get("uid"), c.get("field")) not in fresh
        ] + found


def load(home: Path) -> State | None:
    """The state, None when sync was never set up here; JournalRefused when it is damaged."""
    path = state_path(home)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise _damaged(home, exc.strerror or str(exc)) from exc
    raw = _opened(home, raw)
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise _damaged(home, "its state file is not JSON") from exc
    if not isinstance(data, dict) or not isinstance(data.get("remote"), str):
        raise _damaged(home, "its state file names no remote")
    return State(
        remote=data["remote"],
        step=str(data.get("step", IDLE)),
        conflicts=[c for c in data.get("conflicts", []) if isinstance(c, dict)],
        log=[e for e in data.get("log", []) if isinstance(e, dict)],
    )


def save(home: Path, state: State) -> None:
    payload = orjson.dumps(state.to_record(), option=orjson.OPT_INDENT_2)
    marker = crypt.read_marker(home)
    if marker is not None:  # encrypted, or being encrypted (`encrypt` converts the tree)
        from mentorlog.store import keys

        payload = keys.encrypt(payload, marker.recipient)
    write_atomic(state_path(home), payload)


def _opened(home: Path, raw: bytes) -> bytes:
    """The state file's JSON: decrypted when it is an age file. A plain one in an encrypted
    home (written before `mentorlog encrypt`) is read, and encrypted when next saved."""
    if not crypt.is_sealed(raw):
        return raw
    marker = crypt.read_marker(home)
    if marker is None:
        raise KeyUnavailable(
            f"{state_path(home)} is encrypted, but the home {home} is not; put back its "
            f"{crypt.MARKER_FILE} and key, or move {sync_dir(home)} away and set sync up again."
        )
    from mentorlog.store import keys

    return keys.decrypt(raw, home, [marker.recipient], state_path(home))


def _damaged(home: Path, problem: str) -> JournalRefused:
    return JournalRefused(
        f"The sync folder {sync_dir(home)} is damaged ({problem}); move it away and run "
        "`mentorlog sync init REMOTE` again (the journal itself is untouched)."
    )
