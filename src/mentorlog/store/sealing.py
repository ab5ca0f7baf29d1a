"""Turning encryption on and off, and rotating the key: crash-safe conversions of a home.

Each conversion holds the journal's lock, first checks that it can do every file (the key
opens every encrypted file), then says in `encryption.toml` that it is under way
(`encrypting`, `decrypting`, `rotating`), converts the files one by one, each replaced
atomically (a temp file holding the new bytes, fsynced, renamed), and last records the
end state. A conversion killed at any moment leaves every file whole, old or new, and a
marker that makes every other command refuse the home, with a sentence, until the same
command is run again and finishes the files left.

The files: the journal and every snapshot in `backups/`. The store's indexes (plain
offsets into the journal) are deleted and never written in an encrypted home, as are
stale temp files a killed writer left.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mentorlog.errors import Conflict, KeyUnavailable, StorageFailed
from mentorlog.store import crypt, keys
from mentorlog.store.files import (
    DEFAULT_LOCK_TIMEOUT,
    JournalPaths,
    locked,
    remove_stale_temps,
    write_atomic,
)

# Tests stop a conversion at a named step (e.g. "encrypt:1", after the first file) to kill
# it there: the process says so on stderr and waits to be killed.
PAUSE_ENV = "MENTORLOG_TEST_PAUSE"


@dataclass(frozen=True)
class Converted:
    """What a conversion did: how many files it changed, the recipient now in use (None:
    the home is plain), where a new key was kept, and whether it finished an interrupted
    run."""

    files: int
    recipient: str | None
    kept_in: str | None = None
    resumed: bool = False


def home_files(home: Path) -> list[Path]:
    """The files a conversion changes: the journal, then every snapshot, oldest first, then
    the share states."""
    from mentorlog.store import backups

    paths = JournalPaths(home)
    found = [paths.journal] if paths.journal.is_file() else []
    found += [paths.backups / s.name for s in reversed(backups.snapshots(paths.backups))]
    # What each `share` remembers (share/state.py: the shared records' last agreed views).
    found += sorted(p for p in (home / "share").glob("*.json") if p.is_file())
    return found


def encrypt_home(
    home: Path,
    *,
    use_key_file: bool = False,
    lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
    also: Callable[[str], object] | None = None,
) -> Converted:
    """Encrypt every file of `home` to a new key (or finish an interrupted run, or
    encrypt plain files found in an encrypted home). `also(recipient)` runs under the lock
    before the home is marked encrypted (the sync tree's conversion, from above the store)."""
    with locked(home, lock_timeout):
        marker = crypt.read_marker(home)
        kept_in = None
        if marker is not None and marker.state not in (crypt.ENCRYPTED, "encrypting"):
            raise _unfinished(home, marker)
        resumed = marker is not None and marker.state == "encrypting"
        if marker is None:
            identity = keys.new_identity()
            kept_in = keys.keep(home, [identity], use_key_file=use_key_file, replace=False)
            marker = crypt.Marker(keys.recipient_of(identity), "encrypting")
            crypt.write_marker(home, marker)
        elif not use_key_file:  # a device joining: its key into the keyring, asked once
            kept_in = keys.adopt(home, marker.recipient)
        _clear_plain_leftovers(home)
        _pause("encrypt:marked")
        done = 0
        for path in home_files(home):
            raw = _read(path)
            if crypt.is_sealed(raw):
                continue
            _replace(path, keys.encrypt(raw, marker.recipient))
            done += 1
            _pause(f"encrypt:{done}")
        if also is not None:
            also(marker.recipient)
        crypt.write_marker(home, crypt.Marker(marker.recipient))
        return Converted(done, marker.recipient, kept_in, resumed)


def decrypt_home(home: Path, *, lock_timeout: float = DEFAULT_LOCK_TIMEOUT) -> Converted:
    """Decrypt every file of `home` and make it a plain home again."""
    with locked(home, lock_timeout):
        marker = crypt.read_marker(home)
        if marker is None:
            raise Conflict(f"The home {home} is not encrypted; nothing was changed.")
        if marker.state not in (crypt.ENCRYPTED, "decrypting"):
            raise _unfinished(home, marker)
        identity = keys.identity_for(home, marker.recipient)
        _check_all(home, [identity])
        resumed = marker.state == "decrypting"
        crypt.write_marker(home, crypt.Marker(marker.recipient, "decrypting"))
        _pause("decrypt:marked")
        done = 0
        for path in home_files(home):
            raw = _read(path)
            if not crypt.is_sealed(raw):
                continue
            plain = keys.try_decrypt(raw, [identity])
            assert plain is not None  # _check_all opened it
            _replace(path, plain)
            done += 1
            _pause(f"decrypt:{done}")
        crypt.write_marker(home, None)
        return Converted(done, None, resumed=resumed)


def rotate_key(home: Path, *, lock_timeout: float = DEFAULT_LOCK_TIMEOUT) -> Converted:
    """Encrypt every file of `home` to a new key, kept where the old one was; the old key
    is dropped once no file needs it."""
    with locked(home, lock_timeout):
        marker = crypt.read_marker(home)
        if marker is None:
            raise Conflict(
                f"The home {home} is not encrypted, so it has no key to rotate; run "
                "`mentorlog encrypt` to encrypt it."
            )
        if marker.state not in (crypt.ENCRYPTED, "rotating"):
            raise _unfinished(home, marker)
        resumed = marker.state == "rotating" and marker.next_recipient is not None
        if resumed:
            assert marker.next_recipient is not None
            new = keys.identity_for(home, marker.next_recipient)
            in_keyring = keys.in_keyring(marker.next_recipient)
            old = _old_identity(home, marker.recipient)
            kept_in = None
        else:
            old = keys.identity_for(home, marker.recipient)
            in_keyring = keys.in_keyring(marker.recipient)
            new = keys.new_identity()
            _check_all(home, [old])
            # Both keys are kept until every file is encrypted to the new one.
            kept_in = keys.keep(home, [new, old], use_key_file=not in_keyring)
            crypt.write_marker(
                home, crypt.Marker(marker.recipient, "rotating", keys.recipient_of(new))
            )
        _clear_plain_leftovers(home)
        _pause("rotate:marked")
        done = 0
        new_recipient = keys.recipient_of(new)
        for path in home_files(home):
            raw = _read(path)
            if crypt.is_sealed(raw) and keys.try_decrypt(raw, [new]) is not None:
                continue
            if not crypt.is_sealed(raw):
                plain: bytes | None = raw
            else:
                plain = None if old is None else keys.try_decrypt(raw, [old])
            if plain is None:
                raise _foreign(path)
            _replace(path, keys.encrypt(plain, new_recipient))
            done += 1
            _pause(f"rotate:{done}")
        if not in_keyring:
            keys.write_key_file(home, [new], keys.new_passphrase(home))
        crypt.write_marker(home, crypt.Marker(new_recipient))
        if in_keyring:
            keys.drop_from_keyring(marker.recipient)
        return Converted(done, new_recipient, kept_in, resumed)


def export_key(home: Path) -> bytes:
    """The home's key wrapped by a passphrase (a key file): the home's own key file as it
    is, else the key from the keyring wrapped by a new passphrase."""
    marker = crypt.read_marker(home)
    if marker is None:
        raise Conflict(
            f"The home {home} is not encrypted, so it has no key to export; run `mentorlog "
            "encrypt` to encrypt it."
        )
    identity = keys.identity_for(home, marker.recipient)
    if keys.key_file(home).exists():
        return _read(keys.key_file(home))
    return keys.wrap([identity], keys.new_passphrase(home))


def _old_identity(home: Path, recipient: str) -> Any:
    """The key a rotation replaces, when it is still kept (None: the rotation had dropped
    it, so no file needs it any more)."""
    try:
        return keys.identity_for(home, recipient)
    except KeyUnavailable:
        return None


def _check_all(home: Path, identities: list[Any]) -> None:
    """Refuse before changing anything when an encrypted file of `home` is one that none of
    `identities` opens."""
    for path in home_files(home):
        raw = _read(path)
        if crypt.is_sealed(raw) and keys.try_decrypt(raw, identities) is None:
            raise _foreign(path)


def _foreign(path: Path) -> KeyUnavailable:
    return KeyUnavailable(
        f"{path} is encrypted to another key than this home's, or damaged; nothing was "
        "changed: restore it from a backup, or move it aside."
    )


def _unfinished(home: Path, marker: crypt.Marker) -> Conflict:
    command = crypt.FINISHED_BY[marker.state]
    return Conflict(
        f"The home {home} is half-way through `mentorlog {command}`; run `mentorlog "
        f"{command}` again to finish it first."
    )


def _clear_plain_leftovers(home: Path) -> None:
    """Delete what may hold plain bytes and is not the journal or a snapshot: the indexes
    (offsets into the plain journal) and temp files killed writers left."""
    paths = JournalPaths(home)
    remove_stale_temps(home)
    for stale in paths.backups.glob(".journal*.tmp"):
        stale.unlink(missing_ok=True)
    for cache in (paths.index, paths.snapshot_index):
        cache.unlink(missing_ok=True)


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise StorageFailed(
            f"Cannot read {path}: {exc.strerror}; the conversion stopped there: fix that "
            "and run the command again."
        ) from exc


def _replace(path: Path, content: bytes) -> None:
    """Put `content` in place of `path`, atomically; the file keeps its 0600 mode."""
    write_atomic(path, content)


def _pause(step: str) -> None:
    if os.environ.get(PAUSE_ENV) == step:
        sys.stderr.write(f"paused at {step}\n")
        sys.stderr.flush()
        import signal

        signal.pause()
