"""What a share remembers between rounds: the server's sync-token, and for each shared
record (by uid) where it lies on the server (href), its ETag there, and the view both
sides last agreed on (the base of the next three-way merge).

One file per share, `<home>/share/<handle>.json`, written atomically under the journal
lock after the journal. In an encrypted home it is an age file, like the journal (the
base views hold the shared records' text).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from mentorlog.errors import JournalRefused, KeyUnavailable
from mentorlog.store import crypt, write_atomic

SHARE_DIR = "share"
FORMAT = 1


def state_path(home: Path, handle: str) -> Path:
    return home / SHARE_DIR / f"{handle}.json"


@dataclass
class Entry:
    """One shared record on the server."""

    href: str
    etag: str
    base: dict[str, Any]

    def to_record(self) -> dict[str, Any]:
        return {"href": self.href, "etag": self.etag, "base": self.base}


@dataclass
class State:
    url: str
    token: str | None = None
    entries: dict[str, Entry] = field(default_factory=dict)  # uid -> entry
    conflicts: list[dict[str, Any]] = field(default_factory=list)
    last: dict[str, Any] = field(default_factory=dict)  # the last round: when, what

    def to_record(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "url": self.url,
            "token": self.token,
            "entries": {uid: e.to_record() for uid, e in sorted(self.entries.items())},
            "conflicts": self.conflicts[-100:],
            "last": self.last,
        }

    def by_href(self) -> dict[str, str]:
        """href -> uid."""
        return {e.href: uid for uid, e in self.entries.items()}


def load(home: Path, handle: str, url: str) -> State:
    """The state of the share with `handle`; a fresh one when there is none, or when it
    was kept for another URL (the share was pointed at another calendar)."""
    path = state_path(home, handle)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return State(url)
    except OSError as exc:
        raise _damaged(path, exc.strerror or str(exc)) from exc
    raw = _opened(home, path, raw)
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise _damaged(path, "it is not JSON") from exc
    if not isinstance(data, dict) or not isinstance(data.get("entries"), dict):
        raise _damaged(path, "it holds no entries")
    if data.get("url") != url:
        return State(url)
    entries: dict[str, Entry] = {}
    for uid, entry in data["entries"].items():
        if (
            isinstance(entry, dict)
            and isinstance(entry.get("href"), str)
            and isinstance(entry.get("base"), dict)
        ):
            entries[uid] = Entry(entry["href"], str(entry.get("etag") or ""), entry["base"])
    token = data.get("token")
    return State(
        url=url,
        token=token if isinstance(token, str) else None,
        entries=entries,
        conflicts=[c for c in data.get("conflicts", []) if isinstance(c, dict)],
        last=data["last"] if isinstance(data.get("last"), dict) else {},
    )


def save(home: Path, handle: str, state: State) -> None:
    """Write the state; call with the journal lock held."""
    payload = orjson.dumps(state.to_record(), option=orjson.OPT_INDENT_2)
    marker = crypt.read_marker(home)
    if marker is not None:
        from mentorlog.store import keys

        payload = keys.encrypt(payload, marker.recipient)
    path = state_path(home, handle)
    path.parent.mkdir(mode=0o700, exist_ok=True)
    write_atomic(path, payload)


def forget(home: Path, handle: str) -> None:
    path = state_path(home, handle)
    path.unlink(missing_ok=True)


def _opened(home: Path, path: Path, raw: bytes) -> bytes:
    if not crypt.is_sealed(raw):
        return raw
    marker = crypt.read_marker(home)
    if marker is None:
        raise KeyUnavailable(
            f"{path} is encrypted, but the home {home} is not; put back its "
            f"{crypt.MARKER_FILE} and key, or delete {path} (the next `share sync` starts over)."
        )
    from mentorlog.store import keys

    return keys.decrypt(raw, home, [marker.recipient], path)


def _damaged(path: Path, problem: str) -> JournalRefused:
    return JournalRefused(
        f"The share state {path} is damaged ({problem}); delete it and run `mentorlog share "
        "sync` again (the journal itself is untouched)."
    )
