"""Which calendar each relationship shares, and how its password is had.

A link lives in `config.toml` as `[share.<handle>]` with `url`, `user` and, when given,
`password_command`; never a password. The password comes from `MENTORLOG_DAV_PASSWORD`
(scripts, tests), else the output of the link's password command, else the system keyring
(service "mentorlog-caldav", user name `<user>@<url>`), where `share add` stores the one
it asks for on a terminal.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from mentorlog.config import load_config
from mentorlog.errors import InvalidInput, JournalRefused, NotFound, ShareFailed
from mentorlog.timeparse import quote

SECTION = "share"
PASSWORD_ENV = "MENTORLOG_DAV_PASSWORD"
KEYRING_SERVICE = "mentorlog-caldav"


@dataclass(frozen=True)
class Link:
    handle: str
    url: str
    user: str = ""
    password_command: str = ""

    @property
    def keyring_name(self) -> str:
        return f"{self.user}@{self.url}"

    def to_record(self) -> dict[str, str]:
        found = {"url": self.url, "user": self.user, "password_command": self.password_command}
        return {key: value for key, value in found.items() if value}

    def to_json(self) -> dict[str, str]:
        return {"handle": self.handle, "url": self.url, "user": self.user}


def check_url(url: str) -> str:
    """The URL of a calendar collection as given, or InvalidInput."""
    text = url.strip()
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InvalidInput(
            f"Cannot use {quote(url)} as a calendar URL; give the http(s) URL of the CalDAV "
            "calendar, e.g. https://cloud.example.org/remote.php/dav/calendars/me/mentoring/."
        )
    if parts.username or parts.password:
        raise InvalidInput(
            f"The calendar URL {quote(url)} holds a user name or password; give the user with "
            "--user and keep the password out of the URL."
        )
    if any(ch.isspace() or not ch.isprintable() for ch in text) or len(text) > 2000:
        raise InvalidInput(f"Cannot use {quote(url)} as a calendar URL; it holds spaces.")
    return text if text.endswith("/") else text + "/"


def links(home: Path) -> dict[str, Link]:
    """Every link in `config.toml`, by handle."""
    config = load_config(home)
    section = config.values.get(SECTION, {})
    if not isinstance(section, dict):
        raise _bad(config.path, "[share] is not a table")
    found: dict[str, Link] = {}
    for handle, entry in section.items():
        if not isinstance(entry, dict) or not isinstance(entry.get("url"), str):
            raise _bad(config.path, f"[share.{handle}] has no url")
        found[handle] = Link(
            handle=handle,
            url=entry["url"],
            user=str(entry.get("user", "")),
            password_command=str(entry.get("password_command", "")),
        )
    return found


def link(home: Path, handle: str) -> Link:
    found = links(home).get(handle)
    if found is None:
        raise NotFound(
            f"Nothing is shared with {handle!r} yet; run `mentorlog share add {handle} --url "
            "URL` first (`mentorlog share list` shows the shares)."
        )
    return found


def save(home: Path, new: Link, *, lock_timeout: float) -> None:
    def change(values: dict[str, Any]) -> None:
        values.setdefault(SECTION, {})[new.handle] = new.to_record()

    _rewrite(home, change, lock_timeout)


def remove(home: Path, handle: str, *, lock_timeout: float) -> None:
    link(home, handle)

    def change(values: dict[str, Any]) -> None:
        section = values.get(SECTION, {})
        section.pop(handle, None)
        if not section:
            values.pop(SECTION, None)

    _rewrite(home, change, lock_timeout)


def _rewrite(home: Path, change: Callable[[dict[str, Any]], None], lock_timeout: float) -> None:
    import tomli_w

    from mentorlog.store import locked, write_atomic

    with locked(home, lock_timeout):
        config = load_config(home)
        values = dict(config.values)
        change(values)
        write_atomic(config.path, tomli_w.dumps(values).encode("utf-8"))


def _bad(path: Path, problem: str) -> JournalRefused:
    return JournalRefused(
        f"The config file {path} is not usable: {problem}; fix it, or remove the section and "
        "run `mentorlog share add` again."
    )


# -- the password ------------------------------------------------------------------------------


def password(found: Link) -> str | None:
    """The password for `found`: the environment, its command, the keyring; None when
    there is none anywhere (the server may need none)."""
    from_env = os.environ.get(PASSWORD_ENV)
    if from_env:
        return from_env
    if found.password_command:
        return run_command(found.password_command)
    return from_keyring(found)


def run_command(command: str) -> str:
    import shlex
    import subprocess

    try:
        done = subprocess.run(shlex.split(command), capture_output=True, check=False)
    except (OSError, ValueError) as exc:
        raise ShareFailed(f"Cannot run the password command {command!r}: {exc}.") from exc
    if done.returncode != 0:
        raise ShareFailed(
            f"The password command {command!r} exited with status {done.returncode}; fix it "
            "and try again."
        )
    return done.stdout.decode("utf-8", "replace").splitlines()[0] if done.stdout else ""


def from_keyring(found: Link) -> str | None:
    if not found.user:
        return None
    try:
        import keyring

        secret = keyring.get_password(KEYRING_SERVICE, found.keyring_name)
    except Exception:  # keyring raises its own errors, D-Bus ones, RuntimeError...
        return None
    return secret if isinstance(secret, str) else None


def store_in_keyring(found: Link, secret: str) -> str:
    """Keep `secret` in the keyring; returns "" when done, else why it could not be."""
    try:
        import keyring

        keyring.set_password(KEYRING_SERVICE, found.keyring_name, secret)
    except Exception as exc:
        return str(exc).split(". ")[0] or type(exc).__name__
    return ""


def forget_keyring(found: Link) -> None:
    if not found.user:
        return
    try:
        import keyring

        keyring.delete_password(KEYRING_SERVICE, found.keyring_name)
    except Exception:  # not there, or no keyring: nothing to forget
        return
