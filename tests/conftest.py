"""Shared fixtures: every test runs in a temp home, a fixed zone and a fixed clock."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import HealthCheck, settings

if TYPE_CHECKING:
    from typer.testing import Result

settings.register_profile(
    "ci", max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("dev", max_examples=100, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))

# The instant every test lives in unless it says otherwise: Saturday 21 November 2026,
# 11:15 in Berlin (10:15 UTC).
NOW = "2026-11-21T11:15:00+01:00"
USER_TZ = "Europe/Berlin"


@pytest.fixture(autouse=True)
def isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point mentorlog at a temp home, a fixed zone and a fixed clock; never the real ones."""
    home = tmp_path / "home"
    monkeypatch.setenv("MENTORLOG_HOME", str(home))
    monkeypatch.setenv("MENTORLOG_TZ", USER_TZ)
    monkeypatch.setenv("MENTORLOG_NOW", NOW)
    monkeypatch.setenv("TZ", "UTC")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "100")
    for name in ("MENTORLOG_DEBUG", "MENTORLOG_LOCK_TIMEOUT", "EDITOR", "VISUAL"):
        monkeypatch.delenv(name, raising=False)
    return home


class Run:
    """Invoke the real CLI in-process; `ok` and `fails` assert the outcome."""

    def __init__(self) -> None:
        from typer.testing import CliRunner

        self.runner = CliRunner()

    def __call__(self, *args: str, input: str | None = None) -> Result:
        from mentorlog.cli.main import app

        return self.runner.invoke(app, list(args), input=input, catch_exceptions=False)

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
