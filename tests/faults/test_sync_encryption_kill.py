"""SIGKILL a real `mentorlog encrypt` on a home that syncs: before it reaches the sync tree,
and half-way through encrypting the sync tree's files (written, not committed). Every
other command, `sync` included, refuses the home until `encrypt` runs again; that run
finishes the journal and the sync tree, and the next sync pushes nothing but ciphertext.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import keyring.core
import pytest
from faultkit import Process, kill_at

from mentorlog.errors import JournalRefused
from mentorlog.store import crypt, keys

pytestmark = pytest.mark.slow

FILE_KEYRING = "keyrings.alt.file.PlaintextKeyring"


@pytest.fixture
def keyring_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, str]]:
    env = {"PYTHON_KEYRING_BACKEND": FILE_KEYRING, "XDG_DATA_HOME": str(tmp_path / "keyring")}
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(keyring.core, "_keyring_backend", None)
    keys.forget()
    yield env
    keys.forget()


def remote_files(remote: Path) -> dict[str, bytes]:
    def git(*args: str) -> bytes:
        return subprocess.run(
            ["git", "-C", str(remote), *args], capture_output=True, check=True
        ).stdout

    names = git("ls-tree", "-r", "-z", "--name-only", "main").split(b"\0")
    return {n.decode(): git("cat-file", "blob", f"main:{n.decode()}") for n in names if n}


@pytest.mark.parametrize("step", ["encrypt:1", "encrypt:sync"])
def test_a_killed_encrypt_of_a_synced_home_is_finished_by_the_next(
    tmp_path: Path, keyring_env: dict[str, str], step: str
) -> None:
    remote = tmp_path / "remote.git"
    subprocess.run(
        ["git", "init", "-q", "--bare", "--initial-branch=main", str(remote)], check=True
    )
    home = tmp_path / "home"
    cli = Process(home, **keyring_env)
    cli.ok("goal", "add", "Ship the PR")
    cli.ok("note", "add", "Private thoughts", "--private")
    cli.ok("sync", "init", str(remote))
    goals = cli.json("goal", "list")
    pushed = remote_files(remote)
    kill_at(home, keyring_env, step, "encrypt")
    refused = cli.fails(JournalRefused.exit_code, "sync")
    assert "half-way through `mentorlog encrypt`" in refused.err
    assert remote_files(remote) == pushed
    done = cli.ok("encrypt")
    assert "(finishing the run that was stopped)" in done.err
    work = home / "sync"
    files = [p for p in work.rglob("*.json") if ".git" not in p.relative_to(work).parts]
    assert len(files) == len(pushed)
    assert all(crypt.is_sealed(p.read_bytes()) for p in files)
    cli.ok("sync")
    after = remote_files(remote)
    assert after.keys() == pushed.keys()
    assert all(crypt.is_sealed(data) for data in after.values())
    assert cli.json("goal", "list") == goals
    assert cli.json("sync", "status")["pending"] == 0
