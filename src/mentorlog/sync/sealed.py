"""The bytes of the sync tree's files: as they are in a plain home, age files in an
encrypted one, and what the tree's files hold, remembered.

In an encrypted home every file of the sync tree (records, tombstones, `_meta.json`) is an
age file of its own, encrypted to the home's recipient, so that the merge still goes
record by record (each file decrypted) and the remote only ever sees ciphertext. age
output is not deterministic, so a file's blob id no longer says what it holds: the
`Codec` remembers, for each path, a digest of the plaintext the file holds and the blob
id it was written as (`sync/.git/mentorlog-sealed.json`, never pushed). The digest is an
HMAC-SHA256 keyed from the home's secret key, so the map tells nothing about what the
records hold to whoever reads it without the key. The map is only a cache: a file it
does not vouch for is read and decrypted (and then remembered), never assumed.

Which side is which: an encrypted home reads plain files (history from before
`mentorlog encrypt`, or a device not encrypted yet), and writes every file it touches
encrypted; files the remote holds in clear are encrypted again here (`seal_tree`) before
a push. A plain home cannot read an encrypted remote, and says what to do.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import orjson

from mentorlog.errors import KeyUnavailable
from mentorlog.store import crypt, write_atomic
from mentorlog.sync import state as state_mod
from mentorlog.sync.files import blob_id

MAP_FILE = "mentorlog-sealed.json"
_LABEL = b"mentorlog sync digest v1"


def map_path(home: Path) -> Path:
    return state_mod.sync_dir(home) / ".git" / MAP_FILE


class Codec:
    """How the sync tree of `home` stores files: `recipient` None for plain files."""

    def __init__(self, home: Path, recipient: str | None, readers: list[Any] | None = None):
        self.home = home
        self.recipient = recipient
        self._readers = readers  # identities that open files (None: the home's own key)
        self._key: bytes | None = None
        self.known: dict[str, list[str]] = {}  # path -> [digest of plaintext, blob id]
        self.plain_of: dict[str, bytes] = {}  # blob id -> plaintext, read this command
        self.stored_of: dict[str, bytes] = {}  # blob id -> its age file, read this command
        self.found_plain = 0  # files read in clear while this home is encrypted
        if recipient is not None:
            self.known = _load_map(home)

    @classmethod
    def for_home(cls, home: Path) -> Codec:
        marker = crypt.read_marker(home)
        if marker is None:
            return cls(home, None)
        if marker.state != crypt.ENCRYPTED:
            raise crypt.half_way(home, marker)
        return cls(home, marker.recipient)

    @property
    def sealed(self) -> bool:
        return self.recipient is not None

    def _identities(self) -> list[Any]:
        from mentorlog.store import keys

        if self._readers is None:
            assert self.recipient is not None
            self._readers = [keys.identity_for(self.home, self.recipient)]
        return self._readers

    def digest(self, plain: bytes) -> str:
        if self._key is None:
            secret = str(self._identities()[0]).encode()
            self._key = hmac.new(secret, _LABEL, hashlib.sha256).digest()
        return hmac.new(self._key, plain, hashlib.sha256).hexdigest()

    def holds(self, path: str, plain: bytes, blob: str | None) -> bool:
        """Whether the tree's file `path`, stored as `blob`, holds `plain` (never reading it:
        False when unsure)."""
        if blob is None:
            return False
        if not self.sealed:
            return blob_id(plain) == blob
        return self.known.get(path) == [self.digest(plain), blob]

    def encode(self, path: str, plain: bytes) -> bytes:
        """The bytes to store at `path` for the canonical JSON `plain`."""
        if self.recipient is None:
            return plain
        from mentorlog.store import keys

        stored = keys.encrypt(plain, self.recipient)
        blob = blob_id(stored)
        self.known[path] = [self.digest(plain), blob]
        self.plain_of[blob] = plain
        return stored

    def decode(self, path: str, stored: bytes, blob: str, where: str) -> bytes:
        """The canonical JSON a file of the tree holds (read from `where`)."""
        if blob in self.plain_of:  # only encrypted blobs are kept there
            known = self.plain_of[blob]
            self.known[path] = [self.digest(known), blob]
            return known
        if not crypt.is_sealed(stored):
            if self.sealed:
                self.found_plain += 1
            return stored
        if not self.sealed:
            raise KeyUnavailable(
                f"The sync repository {where} is encrypted, but the home {self.home} is not; "
                "copy encryption.toml and key.age from a device that syncs with it (`mentorlog "
                "key export`) into this home, run `mentorlog encrypt`, then sync again."
            )
        from mentorlog.store import keys

        opened = keys.try_decrypt(stored, self._identities())
        if opened is None:
            raise KeyUnavailable(
                f"The sync repository {where} holds {path} encrypted to another key than this "
                f"home's ({self.recipient}), or damaged; nothing was changed: give this home "
                "the key the other devices use (`mentorlog key export` there, key.age here)."
            )
        self.known[path] = [self.digest(opened), blob]
        self.plain_of[blob] = opened
        self.stored_of[blob] = stored
        return opened

    def reuse(self, path: str, blob: str | None) -> bytes | None:
        """The stored bytes of the encrypted `blob` read this command, to write at `path`
        again rather than a new encryption of the same plaintext (a new blob); None when
        there are none (or the tree is plain: its bytes are the same anyway)."""
        if blob is None or blob not in self.stored_of:
            return None
        self.known[path] = [self.digest(self.plain_of[blob]), blob]
        return self.stored_of[blob]

    def is_known(self, path: str, blob: str) -> bool:
        """Whether `blob` at `path` is a file this codec wrote or read as encrypted."""
        entry = self.known.get(path)
        return entry is not None and entry[1] == blob

    def keep_only(self, listing: Mapping[str, str]) -> None:
        """Forget the paths the tree no longer holds."""
        self.known = {p: e for p, e in self.known.items() if p in listing}

    def save(self) -> None:
        if self.sealed:
            write_atomic(map_path(self.home), orjson.dumps(self.known))
        else:
            map_path(self.home).unlink(missing_ok=True)


def _load_map(home: Path) -> dict[str, list[str]]:
    """The remembered digests; empty when missing or unreadable (a cache: files it does
    not vouch for are read again)."""
    try:
        found = orjson.loads(map_path(home).read_bytes())
    except (OSError, orjson.JSONDecodeError):
        return {}
    if not isinstance(found, dict):
        return {}
    return {
        p: e
        for p, e in found.items()
        if isinstance(e, list) and len(e) == 2 and all(isinstance(x, str) for x in e)
    }
