"""Encryption at rest: whether a home is encrypted, and the codec its files go through.

A home is encrypted when it holds `encryption.toml`, which names the age recipient (the
public key; not a secret) every file is encrypted to, and the state of the home:
`encrypted`, or half-way through `mentorlog encrypt`, `decrypt` or `key rotate` (see
`sealing`). Files are age files (https://age-encryption.org/v1, through pyrage): the
header `age-encryption.org/v1` tells an encrypted file from a plain one, so that a plain
file in an encrypted home and an encrypted file in a plain home are both recognised, and
refused with a sentence rather than misread.

The store calls two functions at its read and write points: `open_bytes` (what a file
read from a home holds, decrypted) and `seal` (what to write, encrypted where the home
is). Both raise `KeyUnavailable` (or `JournalRefused`) with a sentence; nothing else.
pyrage and keyring are imported only in encrypted homes.
"""

from __future__ import annotations

import re
from pathlib import Path

from mentorlog.errors import JournalRefused, KeyUnavailable

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

AGE_HEADER = b"age-encryption.org/v1\n"
MARKER_FILE = "encryption.toml"
ENCRYPTED = "encrypted"
# The states of a home half-way through a conversion, and the command that finishes it.
FINISHED_BY = {"encrypting": "encrypt", "decrypting": "decrypt", "rotating": "key rotate"}


class Marker:
    """What `encryption.toml` says: the recipient files are encrypted to, and the state.

    A plain immutable class rather than a frozen dataclass: every command imports this
    module, and making the dataclass cost more than a plain home's whole use of it."""

    __slots__ = ("next_recipient", "recipient", "state")
    recipient: str
    state: str
    next_recipient: str | None  # while rotating: the new key's recipient

    def __init__(
        self, recipient: str, state: str = ENCRYPTED, next_recipient: str | None = None
    ) -> None:
        for name, value in (("recipient", recipient), ("state", state)):
            object.__setattr__(self, name, value)
        object.__setattr__(self, "next_recipient", next_recipient)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"a Marker is immutable: cannot set {name}")

    def _fields(self) -> tuple[str, str, str | None]:
        return self.recipient, self.state, self.next_recipient

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Marker) and self._fields() == other._fields()

    def __hash__(self) -> int:
        return hash(self._fields())

    def __repr__(self) -> str:
        return "Marker(recipient={!r}, state={!r}, next_recipient={!r})".format(*self._fields())

    def as_toml(self) -> dict[str, str]:
        fields = {"recipient": self.recipient, "state": self.state}
        if self.next_recipient:
            fields["next_recipient"] = self.next_recipient
        return fields


def is_sealed(raw: bytes | memoryview) -> bool:
    """Whether bytes are an age file (encrypted), by their header."""
    return bytes(raw[: len(AGE_HEADER)]) == AGE_HEADER


def marker_path(home: Path) -> Path:
    return home / MARKER_FILE


def read_marker(home: Path) -> Marker | None:
    """The home's encryption marker; None in a plain home."""
    path = marker_path(home)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise JournalRefused(
            f"Cannot read {path} ({exc}); it says how this home is encrypted: restore it "
            "from a copy of the home."
        ) from exc
    values = simple_toml(text)
    if values is None:
        import tomllib

        try:
            values = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise JournalRefused(
                f"{path} is not valid TOML ({exc}); it says how this home is encrypted: "
                "restore it from a copy of the home."
            ) from exc
    recipient, state = values.get("recipient"), values.get("state", ENCRYPTED)
    following = values.get("next_recipient")
    if (
        not isinstance(recipient, str)
        or not recipient.startswith("age1")
        or (state != ENCRYPTED and state not in FINISHED_BY)
        or not (following is None or isinstance(following, str))
    ):
        raise JournalRefused(
            f"{path} does not name an age recipient and a known state; restore it from a "
            "copy of the home."
        )
    return Marker(recipient, state, following)


# A line of the marker as mentorlog writes it (tomli_w): a bare key, one string without
# escapes. Such a file is read without importing tomllib (3 ms of every command in an
# encrypted home); any other line is left to tomllib.
# (A pattern, not compiled here: a plain home never reads a marker.)
_SIMPLE_LINE = r'([a-z_]+) = "([0-9a-z_]*)"'


def simple_toml(text: str) -> dict[str, Any] | None:
    """`tomllib.loads(text)` for a document of `key = "value"` lines only (letters, digits
    and underscores); None for anything else (tests/test_crypt.py holds it to tomllib)."""
    values: dict[str, Any] = {}
    for line in text.split("\n"):
        if not line:
            continue
        match = re.fullmatch(_SIMPLE_LINE, line)
        if match is None or match[1] in values:
            return None
        values[match[1]] = match[2]
    return values


def write_marker(home: Path, marker: Marker | None) -> None:
    """Replace the marker atomically (None: remove it, making the home plain)."""
    from mentorlog.store.files import fsync_dir, write_atomic

    path = marker_path(home)
    if marker is None:
        path.unlink(missing_ok=True)
        fsync_dir(home)
        return
    import tomli_w

    write_atomic(path, tomli_w.dumps(marker.as_toml()).encode("utf-8"))


def home_of(path: Path) -> Path:
    """The home a journal or snapshot file lies in: its folder, or for a file in
    `backups/`, the folder above."""
    folder = path.parent
    if folder.name == "backups" and not (folder / "journal.json").exists():
        return folder.parent
    return folder


def open_bytes(raw: bytes, path: Path, home: Path | None = None) -> bytes:
    """What the file `path` (read as `raw`) holds: decrypted where it is an age file.

    Refuses an encrypted file in a plain home, a plain file in an encrypted one (`mentorlog
    encrypt` encrypts it), and any file of a home half-way through a conversion.
    """
    home = home_of(path) if home is None else home
    marker = read_marker(home)
    sealed = is_sealed(raw)
    if marker is None:
        if sealed:
            raise KeyUnavailable(
                f"{path} is encrypted, but the home {home} has no {MARKER_FILE} naming its "
                "key; put back that file (or the whole home) from where it was encrypted."
            )
        return raw
    if marker.state != ENCRYPTED:
        raise half_way(home, marker)
    if not sealed:
        raise JournalRefused(
            f"{path} is not encrypted, but the home {home} is; run `mentorlog encrypt` to "
            "encrypt it (it was left untouched)."
        )
    from mentorlog.store import keys

    return keys.decrypt(raw, home, [marker.recipient], path)


def seal(home: Path, payload: bytes | list[bytes | memoryview]) -> bytes | None:
    """The bytes to write for `payload` in `home`: None in a plain home (write it as it
    is), else the payload encrypted to the home's recipient."""
    marker = read_marker(home)
    if marker is None:
        return None
    if marker.state != ENCRYPTED:
        raise half_way(home, marker)
    from mentorlog.store import keys

    plain = payload if isinstance(payload, bytes) else b"".join(payload)
    return keys.encrypt(plain, marker.recipient)


def half_way(home: Path, marker: Marker) -> JournalRefused:
    """The refusal of a home a conversion is running on, or was stopped on."""
    command = FINISHED_BY[marker.state]
    return JournalRefused(
        f"The home {home} is half-way through `mentorlog {command}`; if that command is no "
        f"longer running, run `mentorlog {command}` again to finish it (nothing is lost)."
    )
