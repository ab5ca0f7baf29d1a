"""SIGKILL a real `mentorlog encrypt`, `decrypt` and `key rotate` at each step: every file
stays whole (old or new bytes), every other command refuses the half-converted home with a
sentence, and running the same command again finishes it with nothing lost: every file,
decrypted, holds exactly the bytes it held before.

The kill points are deterministic: MENTORLOG_TEST_PAUSE names a step ("encrypt:marked",
after the marker; "encrypt:2", after the second file) at which the child says "paused at
STEP" on stderr and waits; the test reads that line, then kills it. No sleeps.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import keyring
import keyring.core
import pyrage
import pytest
from faultkit import Mentorlog, Process, kill_at

from mentorlog.errors import Conflict, JournalRefused
from mentorlog.store import crypt, keys, sealing

pytestmark = pytest.mark.slow

FILE_KEYRING = "keyrings.alt.file.PlaintextKeyring"


@pytest.fixture
def keyring_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, str]]:
    """keyrings.alt's file backend in a temp folder, for the children and this process."""
    env = {"PYTHON_KEYRING_BACKEND": FILE_KEYRING, "XDG_DATA_HOME": str(tmp_path / "keyring")}
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(keyring.core, "_keyring_backend", None)
    keys.forget()
    yield env
    keys.forget()


def files(home: Path) -> list[Path]:
    return sealing.home_files(home)


def identity(recipient: str) -> pyrage.x25519.Identity:
    secret = keyring.get_password(keys.KEYRING_SERVICE, recipient)
    assert secret is not None
    return pyrage.x25519.Identity.from_str(secret)


def plain_contents(home: Path) -> dict[str, bytes]:
    """Every journal file's bytes, decrypted where encrypted (with the keyring's keys)."""
    marker = crypt.read_marker(home)
    known = [] if marker is None else [marker.recipient, marker.next_recipient]
    identities = [identity(r) for r in known if r and keyring.get_password("mentorlog", r)]
    found = {}
    for path in files(home):
        raw = path.read_bytes()
        found[path.name] = bytes(pyrage.decrypt(raw, identities)) if crypt.is_sealed(raw) else raw
    return found


def built(home: Path, env: dict[str, str], *, encrypted: bool) -> Mentorlog:
    cli = Mentorlog(home, **env)
    cli.ok("goal", "add", "Ship the PR")
    cli.ok("goal", "add", "Give a talk")
    cli.ok("goal", "progress", "1", "40", "--note", "halfway, nearly")
    cli.ok("note", "add", "Private thoughts", "--private")
    if encrypted:
        cli.ok("encrypt")
    assert len(files(home)) == 4  # the journal and three snapshots
    return cli


def converted_before_the_kill(step: str) -> int:
    """How many files the conversion had replaced when it paused at `step`."""
    return 0 if step.endswith(":marked") else int(step.rpartition(":")[2])


def sealed(home: Path) -> int:
    return sum(p.read_bytes().startswith(crypt.AGE_HEADER) for p in files(home))


def assert_refused_until_finished(home: Path, env: dict[str, str], command: str) -> None:
    """Other commands refuse the half-converted home, naming the command that finishes it."""
    cli = Process(home, **env)
    done = cli.fails(JournalRefused.exit_code, "goal", "list")
    assert done.err == (
        f"Error: The home {home} is half-way through `mentorlog {command}`; if that command "
        f"is no longer running, run `mentorlog {command}` again to finish it (nothing is "
        "lost).\n"
    )
    cli.fails(JournalRefused.exit_code, "goal", "add", "Never saved")
    others = {"encrypt": ("decrypt",), "decrypt": ("encrypt",), "key rotate": ("encrypt",)}
    for other in others[command]:
        refused = cli.fails(Conflict.exit_code, other)
        assert f"half-way through `mentorlog {command}`" in refused.err


@pytest.mark.parametrize("step", ["encrypt:marked", "encrypt:1", "encrypt:3"])
def test_a_killed_encrypt_is_finished_by_the_next(
    tmp_path: Path, keyring_env: dict[str, str], step: str
) -> None:
    home = tmp_path / "home"
    cli = built(home, keyring_env, encrypted=False)
    before = plain_contents(home)
    goals = cli.json("goal", "list")
    kill_at(home, keyring_env, step, "encrypt")
    assert crypt.read_marker(home) is not None
    assert sealed(home) == converted_before_the_kill(step)
    assert plain_contents(home) == before  # each file whole: plain, or encrypted
    assert_refused_until_finished(home, keyring_env, "encrypt")
    done = Process(home, **keyring_env).ok("encrypt")
    assert "(finishing the run that was stopped)" in done.err
    assert all(p.read_bytes().startswith(crypt.AGE_HEADER) for p in files(home))
    finished = crypt.read_marker(home)
    assert finished is not None
    assert finished.state == crypt.ENCRYPTED
    assert plain_contents(home) == before
    assert Process(home, **keyring_env).json("goal", "list") == goals


@pytest.mark.parametrize("step", ["decrypt:marked", "decrypt:2"])
def test_a_killed_decrypt_is_finished_by_the_next(
    tmp_path: Path, keyring_env: dict[str, str], step: str
) -> None:
    home = tmp_path / "home"
    cli = built(home, keyring_env, encrypted=True)
    before = plain_contents(home)
    goals = cli.json("goal", "list")
    kill_at(home, keyring_env, step, "decrypt")
    assert sealed(home) == 4 - converted_before_the_kill(step)
    assert plain_contents(home) == before
    assert_refused_until_finished(home, keyring_env, "decrypt")
    Process(home, **keyring_env).ok("decrypt")
    assert crypt.read_marker(home) is None
    assert {p.name: p.read_bytes() for p in files(home)} == before
    assert Process(home, **keyring_env).json("goal", "list") == goals


@pytest.mark.parametrize("step", ["rotate:marked", "rotate:2"])
def test_a_killed_key_rotation_is_finished_by_the_next(
    tmp_path: Path, keyring_env: dict[str, str], step: str
) -> None:
    home = tmp_path / "home"
    cli = built(home, keyring_env, encrypted=True)
    old = cli.json("key", "show")["recipient"]
    before = plain_contents(home)
    goals = cli.json("goal", "list")
    kill_at(home, keyring_env, step, "key", "rotate")
    marker = crypt.read_marker(home)
    assert marker is not None
    assert marker.state == "rotating"
    assert plain_contents(home) == before  # each file to the old key or the new one
    assert marker.next_recipient is not None
    to_new = [
        keys.try_decrypt(p.read_bytes(), [identity(marker.next_recipient)]) for p in files(home)
    ]
    assert sum(found is not None for found in to_new) == converted_before_the_kill(step)
    assert_refused_until_finished(home, keyring_env, "key rotate")
    Process(home, **keyring_env).ok("key", "rotate")
    new = Process(home, **keyring_env).json("key", "show")["recipient"]
    assert new == marker.next_recipient
    assert keyring.get_password(keys.KEYRING_SERVICE, old) is None
    assert plain_contents(home) == before
    for path in files(home):
        assert keys.try_decrypt(path.read_bytes(), [identity(new)]) is not None, path
    assert Process(home, **keyring_env).json("goal", "list") == goals
