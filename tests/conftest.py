"""Shared fixtures: every test runs in a temp home, a fixed zone and a fixed clock."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from inprocess import TEST_TZ, invoke
from profiles import load_profile

if TYPE_CHECKING:
    from typer.testing import Result

load_profile()


def pytest_configure(config: pytest.Config) -> None:
    """Temp homes on a tmpfs where the machine has one (/dev/shm), unless TMPDIR names a
    place: every save fsyncs the journal and its folder, which on a busy disk is half the
    suite's time and tests nothing more (the fault tests make fsync fail on purpose)."""
    shm = Path("/dev/shm")
    if not os.environ.get("TMPDIR") and shm.is_dir() and os.access(shm, os.W_OK | os.X_OK):
        os.environ["TMPDIR"] = str(shm)
        tempfile.tempdir = None  # read TMPDIR again


# The instant every test lives in unless it says otherwise: Saturday 21 November 2026,
# 11:15 in Berlin (10:15 UTC).
NOW = "2026-11-21T11:15:00+01:00"
USER_TZ = "Europe/Berlin"


# What the tests' environment removes: switches that would change what a command does.
UNSET = ("MENTORLOG_DEBUG", "MENTORLOG_LOCK_TIMEOUT", "EDITOR", "VISUAL")


def cli_environment(home: Path) -> dict[str, str | None]:
    """The variables every test runs mentorlog with (None: unset): `home` as its home, a
    fixed zone and clock, no colour, 100 columns."""
    return {
        **{name: None for name in os.environ if name.startswith("MENTORLOG_")},
        **dict.fromkeys(UNSET),
        "MENTORLOG_HOME": str(home),
        "MENTORLOG_TZ": USER_TZ,
        "MENTORLOG_NOW": NOW,
        # The process zone (the user's zone above overrides it): UTC, or MENTORLOG_TEST_TZ
        # when set, so that a run under another zone proves no test leans on the machine's.
        "TZ": TEST_TZ,
        "NO_COLOR": "1",
        "COLUMNS": "100",
    }


def child_environment(
    home: Path, changes: Mapping[str, str | None] | None = None
) -> dict[str, str]:
    """This process's environment as a child mentorlog gets it: `cli_environment(home)`, then
    `changes` (None: unset)."""
    env = dict(os.environ)
    for name, value in {**cli_environment(home), **(changes or {})}.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return env


@pytest.fixture(autouse=True)
def isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Point mentorlog at a temp home, a fixed zone and a fixed clock; never the real ones."""
    home = tmp_path / "home"
    for name, value in cli_environment(home).items():
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    time.tzset()
    yield home
    monkeypatch.undo()
    time.tzset()


def build_home(home: Path, commands: Iterable[tuple[str, Sequence[str]]]) -> Path:
    """Run `(clock, args)` commands in `home`, in the tests' environment, each at its clock:
    for a journal built once (a module-scoped fixture) and copied into each test's home."""
    for clock, args in commands:
        result = invoke(args, env={**cli_environment(home), "MENTORLOG_NOW": clock})
        assert result.exit_code == 0, (args, result.stdout, result.stderr)
    return home


def copy_home(built: Path, home: Path) -> None:
    """A copy of a built home, for one test to change as it likes."""
    shutil.copytree(built, home, symlinks=True, dirs_exist_ok=True)


class Run:
    """Invoke the real CLI in-process, as a fresh process would run it (see `inprocess`);
    `ok` and `fails` assert the outcome."""

    def __call__(self, *args: str, input: str | None = None) -> Result:
        return invoke(args, input=input)

    def ok(self, *args: str, input: str | None = None) -> Result:
        result = self(*args, input=input)
        assert result.exit_code == 0, (result.exit_code, result.stdout, result.stderr)
        assert "Traceback" not in result.stderr
        return result

    def fails(self, code: int, *args: str, input: str | None = None) -> Result:
        """Run a command that must fail with `code`, one line on stderr, nothing on stdout."""
        result = self(*args, input=input)
        assert result.exit_code == code, (result.exit_code, result.stdout, result.stderr)
        assert result.stdout == ""
        assert result.stderr.startswith("Error: "), result.stderr
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr
        return result

    def json(self, *args: str) -> Any:
        return json.loads(self.ok(*args, "--json").stdout)


@pytest.fixture
def run() -> Run:
    return Run()


@pytest.fixture
def journal_bytes(isolated_env: Path) -> Callable[[], bytes]:
    """The journal file's bytes now (b"" when it does not exist), to prove nothing changed."""

    def read() -> bytes:
        path = isolated_env / "journal.json"
        return path.read_bytes() if path.exists() else b""

    return read


class Builder(Run):
    """A Run bound to one home and a clock of its own, outside any test: for a journal
    written once for a module (`build_once`) and copied into each test's home."""

    def __init__(self, home: Path) -> None:
        self.home = home
        self.now = NOW

    def at(self, instant: str) -> None:
        """Run the next commands at `instant`."""
        self.now = instant

    def __call__(self, *args: str, input: str | None = None) -> Result:
        environment = {**cli_environment(self.home), "MENTORLOG_NOW": self.now}
        return invoke(args, input=input, env=environment)


def build_once(factory: pytest.TempPathFactory, write: Callable[[Builder], None]) -> Builder:
    """A home `write` fills through the CLI, for a module-scoped fixture; `copy_home` its
    `.home` into each test's home."""
    builder = Builder(factory.mktemp("built") / "home")
    write(builder)
    return builder


@pytest.fixture(scope="module")
def dav_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """A Radicale for the module's tests (tests/dav_server.py); each test takes a calendar
    of its own (`calendar_url`). Tests that stop the server start their own."""
    from dav_server import DavServer

    server = DavServer(tmp_path_factory.mktemp("radicale")).start()
    yield server
    server.kill()


@pytest.fixture
def calendar_url(dav_server: Any, request: pytest.FixtureRequest) -> str:
    """A new, empty calendar collection under /shared/ for this test."""
    import re

    name = re.sub(r"[^a-z0-9]+", "-", request.node.name.lower())[-60:].strip("-")
    url: str = dav_server.make_calendar(f"shared/{name}")
    return url


@pytest.fixture
def share_keyring(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """keyring pointed at keyrings.alt's file backend in a temp folder: a share test never
    touches the real keyring."""
    import keyring.core

    folder = tmp_path / "keyring"
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyrings.alt.file.PlaintextKeyring")
    monkeypatch.setenv("XDG_DATA_HOME", str(folder))
    monkeypatch.setattr(keyring.core, "_keyring_backend", None)
    yield folder
    keyring.core._keyring_backend = None
