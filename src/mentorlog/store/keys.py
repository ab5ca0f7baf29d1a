"""The keys of encrypted homes: age X25519 identities, where they are kept, how they are had.

An identity is kept in the system keyring (`keyring`; service "mentorlog", user name its
recipient), else in the home's `key.age`: the identity's text (one line per identity; two
while a key is rotated) encrypted by age to a passphrase (scrypt, a random salt). The
passphrase is asked once per command on the terminal, or read from the output of
`MENTORLOG_PASSPHRASE_COMMAND`; three wrong ones end the command with a sentence. A keyring
that is not there (an SSH session, a server) falls back to the key file, with a note.

Identities are held in memory for the command only (`forget` drops them). No home-made
cryptography: age does the encryption (pyrage), scrypt wraps the key file.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from mentorlog.errors import Conflict, KeyUnavailable

KEYRING_SERVICE = "mentorlog"
KEY_FILE = "key.age"
PASSPHRASE_COMMAND_ENV = "MENTORLOG_PASSPHRASE_COMMAND"
TRIES = 3

# What this command has learnt: identities by recipient, the key file's passphrase.
_identities: dict[str, Any] = {}
_passphrase: dict[Path, str] = {}


def _note_on_stderr(text: str) -> None:
    sys.stderr.write(f"Note: {text}\n")


# Where notes for the person at the terminal go (the CLI may point it elsewhere).
notify: Callable[[str], None] = _note_on_stderr


def forget() -> None:
    """Drop every identity and passphrase held (each command starts with none)."""
    _identities.clear()
    _passphrase.clear()


def key_file(home: Path) -> Path:
    return home / KEY_FILE


# -- encrypting and decrypting -----------------------------------------------------------------


def encrypt(plain: bytes, recipient: str) -> bytes:
    """`plain` encrypted to `recipient` (needs no secret)."""
    import pyrage

    try:
        return bytes(pyrage.encrypt(plain, [pyrage.x25519.Recipient.from_str(recipient)]))
    except (pyrage.RecipientError, pyrage.EncryptError) as exc:
        raise KeyUnavailable(
            f"Cannot encrypt to the recipient {recipient} ({exc}); check encryption.toml."
        ) from exc


def decrypt(sealed: bytes, home: Path, recipients: list[str], path: Path) -> bytes:
    """The age file `sealed` (read from `path`) decrypted with the identity of one of
    `recipients`, had from the keyring or the key file."""
    import pyrage

    identities = [identity_for(home, recipient) for recipient in recipients]
    try:
        return bytes(pyrage.decrypt(sealed, identities))
    except pyrage.DecryptError as exc:
        raise KeyUnavailable(
            f"Cannot decrypt {path} ({exc}): it is encrypted to another key than this home's "
            f"({recipients[0]}) or damaged; it was left untouched: restore it from a backup."
        ) from exc


def try_decrypt(sealed: bytes, identities: list[Any]) -> bytes | None:
    """The age file decrypted with one of `identities`; None when none of them opens it."""
    import pyrage

    try:
        return bytes(pyrage.decrypt(sealed, identities))
    except pyrage.DecryptError:
        return None


# -- having an identity ------------------------------------------------------------------------


def new_identity() -> Any:
    import pyrage

    return pyrage.x25519.Identity.generate()


def recipient_of(identity: Any) -> str:
    return str(identity.to_public())


def identity_for(home: Path, recipient: str) -> Any:
    """The identity of `recipient`: held already, else from the keyring, else from the key
    file (asking its passphrase); KeyUnavailable saying what to do when there is none."""
    if recipient in _identities:
        return _identities[recipient]
    secret, why_not = _from_keyring(recipient)
    if secret is not None:
        _remember([secret])
    if recipient not in _identities and key_file(home).exists():
        if why_not:
            notify(f"{why_not}; using the key file {key_file(home)} instead.")
        _load_key_file(home)
    if recipient not in _identities:
        where = f"the key file {key_file(home)}" if key_file(home).exists() else "no key file"
        keyring = why_not or "not in the system keyring"
        raise KeyUnavailable(
            f"No key for the encrypted home {home} (recipient {recipient}): {keyring}, and "
            f"{where} holds it; copy key.age from the device that encrypted it (`mentorlog "
            "key export`) into the home."
        )
    return _identities[recipient]


def _remember(secrets: Iterable[str]) -> None:
    import pyrage

    for line in secrets:
        text = line.strip()
        if text.startswith("AGE-SECRET-KEY-"):
            with contextlib.suppress(pyrage.IdentityError):
                identity = pyrage.x25519.Identity.from_str(text)
                _identities[recipient_of(identity)] = identity


# What keyring imports but never uses for a password from a configured or detected backend
# (store/deferred.py): about 25 ms of every command in an encrypted home.
KEYRING_UNUSED = ("urllib.request", "importlib_metadata", "more_itertools")


def _keyring() -> Any:
    """The `keyring` module, imported without running the modules of KEYRING_UNUSED until
    something asks them for a name."""
    if "keyring" not in sys.modules:
        from mentorlog.store import deferred

        deferred.deferring(KEYRING_UNUSED)
    import keyring

    return keyring


def _from_keyring(recipient: str) -> tuple[str | None, str]:
    """The secret key kept in the keyring for `recipient` (None if none), and why the
    keyring could not be asked ("" when it could)."""
    try:
        return _keyring().get_password(KEYRING_SERVICE, recipient), ""
    except Exception as exc:  # keyring raises its own errors, D-Bus ones, RuntimeError...
        return None, f"the system keyring is not available ({_short(exc)})"


def _short(exc: BaseException) -> str:
    text = str(exc).split(". ")[0].strip().rstrip(".")
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _load_key_file(home: Path) -> None:
    """Unwrap the key file with its passphrase: three tries, then KeyUnavailable."""
    import pyrage

    path = key_file(home)
    try:
        wrapped = path.read_bytes()
    except OSError as exc:
        raise KeyUnavailable(f"Cannot read the key file {path}: {exc.strerror}.") from exc
    for passphrase in _passphrases(f"Passphrase for {path}: ", home):
        try:
            plain = pyrage.passphrase.decrypt(wrapped, passphrase)
        except pyrage.DecryptError:
            continue
        _passphrase[home] = passphrase
        _remember(bytes(plain).decode("utf-8", "replace").splitlines())
        return
    raise KeyUnavailable(
        f"Wrong passphrase for the key file {path}, {TRIES} times; nothing was changed."
    )


def _passphrases(prompt: str, home: Path) -> Iterator[str]:
    """Up to TRIES passphrases: the one this command already gave, the output of
    MENTORLOG_PASSPHRASE_COMMAND, or what is typed on the terminal."""
    if home in _passphrase:
        yield _passphrase[home]
        return
    for _ in range(TRIES):
        yield ask_passphrase(prompt)


def ask_passphrase(prompt: str) -> str:
    """One passphrase, from MENTORLOG_PASSPHRASE_COMMAND or typed on the terminal."""
    command = os.environ.get(PASSPHRASE_COMMAND_ENV, "").strip()
    if command:
        return _from_command(command)
    import getpass

    if not _tty_available():
        raise KeyUnavailable(
            "A passphrase is needed, but there is no terminal to ask it on; set "
            f"{PASSPHRASE_COMMAND_ENV} to a command that prints it."
        )
    try:
        return getpass.getpass(prompt)
    except EOFError as exc:
        raise KeyUnavailable("No passphrase was given; nothing was changed.") from exc


def _tty_available() -> bool:
    """Whether there is a terminal to ask a passphrase on (getpass reads /dev/tty)."""
    try:
        with open("/dev/tty", "rb"):
            return True
    except OSError:
        return False


def _from_command(command: str) -> str:
    import shlex
    import subprocess

    try:
        done = subprocess.run(shlex.split(command), capture_output=True, check=False)
    except (OSError, ValueError) as exc:
        raise KeyUnavailable(
            f"Cannot run {PASSPHRASE_COMMAND_ENV} ({command!r}): {exc}; nothing was changed."
        ) from exc
    if done.returncode != 0:
        raise KeyUnavailable(
            f"{PASSPHRASE_COMMAND_ENV} ({command!r}) exited with status {done.returncode}; "
            "nothing was changed."
        )
    return done.stdout.decode("utf-8", "replace").rstrip("\r\n")


def new_passphrase(home: Path) -> str:
    """A passphrase for a new key file: the one this command already used, else asked
    (twice on a terminal, to catch a typo)."""
    if home in _passphrase:
        return _passphrase[home]
    first = ask_passphrase("New passphrase for the key file: ")
    if not first:
        raise KeyUnavailable("An empty passphrase protects nothing; nothing was changed.")
    if not os.environ.get(PASSPHRASE_COMMAND_ENV, "").strip() and first != ask_passphrase(
        "The same passphrase again: "
    ):
        raise KeyUnavailable("The two passphrases differ; nothing was changed.")
    _passphrase[home] = first
    return first


# -- keeping an identity -----------------------------------------------------------------------


def keep(home: Path, identities: list[Any], *, use_key_file: bool, replace: bool = True) -> str:
    """Keep `identities` (the first is the one in use): in the keyring, unless
    `use_key_file` or the keyring is not available (then, with a note, in the key file,
    wrapped by a passphrase; an existing one is replaced only if `replace`). Returns where
    they went, as a phrase."""
    for identity in identities:
        _identities[recipient_of(identity)] = identity
    if not use_key_file:
        why_not = _keep_in_keyring(identities)
        if not why_not:
            return "the system keyring"
        notify(f"{why_not}; the key goes in the key file {key_file(home)} instead.")
    if not replace and key_file(home).exists():
        raise Conflict(
            f"{key_file(home)} exists already (the key of an earlier encryption, which copies "
            "of the journal may still need); move it aside, then run the command again."
        )
    write_key_file(home, identities, new_passphrase(home))
    return f"the key file {key_file(home)} (wrapped by your passphrase)"


def adopt(home: Path, recipient: str) -> str | None:
    """Put the key of `recipient` from the key file into the keyring too, where it is not
    there yet: a second device joining a home (`mentorlog encrypt` with key.age copied in)
    is asked the key file's passphrase once, then never again. Returns where the key went,
    as a phrase, or None when there was nothing to do or no keyring to keep it (then it
    stays in the key file, as `identity_for` has said)."""
    if not key_file(home).exists() or in_keyring(recipient):
        return None
    identity = identity_for(home, recipient)
    if _keep_in_keyring([identity]):
        return None
    return f"the system keyring, taken from {key_file(home)} (kept as it was)"


def _keep_in_keyring(identities: list[Any]) -> str:
    try:
        keyring = _keyring()
        for identity in identities:
            keyring.set_password(KEYRING_SERVICE, recipient_of(identity), str(identity))
            if keyring.get_password(KEYRING_SERVICE, recipient_of(identity)) != str(identity):
                return "the system keyring did not keep the key"
    except Exception as exc:  # any keyring failure: the key file is the fallback
        return f"the system keyring is not available ({_short(exc)})"
    return ""


def in_keyring(recipient: str) -> bool:
    return _from_keyring(recipient)[0] is not None


def drop_from_keyring(recipient: str) -> None:
    with contextlib.suppress(Exception):
        _keyring().delete_password(KEYRING_SERVICE, recipient)


def wrap(identities: list[Any], passphrase: str) -> bytes:
    """The identities' text encrypted by age to `passphrase` (scrypt): a key file."""
    import pyrage

    text = "".join(f"{identity}\n" for identity in identities).encode("ascii")
    return bytes(pyrage.passphrase.encrypt(text, passphrase))


def write_key_file(home: Path, identities: list[Any], passphrase: str) -> None:
    from mentorlog.store.files import write_atomic

    write_atomic(key_file(home), wrap(identities, passphrase))
