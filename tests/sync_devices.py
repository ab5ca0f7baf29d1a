"""Devices for the sync tests: homes that share one bare git repository in a temp folder.

Each device runs the real CLI in-process (`inprocess.invoke`) with its own home and a clock
of its own, so which edit is later is decided by the test, never by the machine.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING, Any

from conftest import NOW, cli_environment
from inprocess import invoke
from mentorlog import store

if TYPE_CHECKING:
    from typer.testing import Result


def bare_repo(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    command = ["git", "init", "-q", "--bare", "--initial-branch=main", str(folder)]
    subprocess.run(command, check=True)
    return folder


class Device:
    def __init__(self, home: Path, now: str = NOW) -> None:
        self.home = home
        self.now = now

    def at(self, instant: str) -> Device:
        self.now = instant
        return self

    def __call__(self, *args: str, env: dict[str, str | None] | None = None) -> Result:
        environment = {**cli_environment(self.home), "MENTORLOG_NOW": self.now, **(env or {})}
        return invoke(args, env=environment)

    def ok(self, *args: str) -> Result:
        result = self(*args)
        assert result.exit_code == 0, (args, result.exit_code, result.stdout, result.stderr)
        assert "Traceback" not in result.stderr
        return result

    def fails(self, code: int, *args: str, env: dict[str, str | None] | None = None) -> Result:
        result = self(*args, env=env)
        assert result.exit_code == code, (args, result.exit_code, result.stdout, result.stderr)
        assert result.stdout == ""
        assert result.stderr.startswith("Error: "), result.stderr
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr
        return result

    def json(self, *args: str) -> Any:
        return json.loads(self.ok(*args, "--json").stdout)

    def journal_bytes(self) -> bytes:
        path = self.home / store.JOURNAL_FILE
        return path.read_bytes() if path.exists() else b""

    def records(self) -> dict[str, dict[str, dict[str, Any]]]:
        """Every table's records by uid, as stored (ids included), tombstones by uid."""
        data = json.loads((self.home / store.JOURNAL_FILE).read_text(encoding="utf-8"))
        found: dict[str, dict[str, dict[str, Any]]] = {}
        for table, rows in data.items():
            if table == store.META:
                continue
            if table == store.TOMBSTONES:
                found[table] = {r["uid"]: {"table": r["table"]} for r in rows.values()}
                continue
            found[table] = {r["uid"]: {**r, "id": int(key)} for key, r in rows.items()}
        return {t: rows for t, rows in found.items() if rows}
