"""The mentorlog CLI bound to one temp home, for the fault tests: in this process through
typer's CliRunner (`Mentorlog`, as a fresh process would run it: see tests/inprocess.py),
or in a real child process (`Process`: `python -m mentorlog`), for what only a process
shows (argv limits, a kill, a lock held by another process, a patched OS call).

Either way a command gets an environment built here: MENTORLOG_HOME set to the home the
test gives (never the real one), MENTORLOG_TZ, MENTORLOG_NOW, TZ, NO_COLOR and COLUMNS fixed,
and any other MENTORLOG_* variable of the parent removed, so that what a test sees does not
depend on the shell it was started from.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import traceback
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from conftest import NOW, child_environment, cli_environment
from inprocess import argv_text, invoke
from mentorlog.store import SCHEMA

PYTHON = sys.executable
JOURNAL = "journal.json"
# Plenty for 50 writers queued on one lock on a busy 2-core machine.
PATIENT_LOCK = "120"


def environment(home: Path, extra: Mapping[str, str | None] | None = None) -> dict[str, str | None]:
    """What a command's environment changes from this process's (None: unset)."""
    removed = dict.fromkeys(("FORCE_COLOR", "EDITOR", "VISUAL", "PYTHONSTARTUP"))
    return {**cli_environment(home), **removed, **(extra or {})}


def child_env(home: Path, extra: Mapping[str, str | None] | None = None) -> dict[str, str]:
    """The environment of a child mentorlog: `home` as its home, a fixed zone and clock."""
    return child_environment(home, environment(home, extra))


@dataclass(frozen=True)
class Done:
    """A finished command: its exit code and what it wrote, as text (undecodable bytes kept
    as surrogate escapes, so a test can still see them)."""

    args: tuple[str, ...]
    code: int
    out: str
    err: str

    def __str__(self) -> str:
        shown = " ".join(a if len(a) < 80 else f"{a[:60]}...({len(a):,} chars)" for a in self.args)
        return (
            f"mentorlog {shown} -> {self.code}\nstdout:{self.out[:3000]}\nstderr:{self.err[:3000]}"
        )


def decode(raw: bytes) -> str:
    return raw.decode("utf-8", "surrogateescape")


class Mentorlog:
    """The mentorlog CLI bound to one home, run in this process."""

    def __init__(self, home: Path, **extra_env: str | None) -> None:
        self.home = home
        self.extra_env = dict(extra_env)

    @property
    def journal(self) -> Path:
        return self.home / JOURNAL

    def env(self, **extra: str | None) -> dict[str, str | None]:
        return environment(self.home, {**self.extra_env, **extra})

    @property
    def cwd(self) -> Path:
        """Where commands run: beside the home, so a relative --out never lands in the repo."""
        self.home.parent.mkdir(parents=True, exist_ok=True)
        return self.home.parent

    def __call__(self, *args: str | bytes, env: Mapping[str, str | None] | None = None) -> Done:
        result = invoke(args, env=self.env(**(env or {})), cwd=self.cwd, catch_exceptions=True)
        err = decode(result.stderr_bytes)
        code = result.exit_code
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            # What a process would have shown: the traceback, and exit 1.
            err += "".join(traceback.format_exception(result.exception))
            code = 1
        shown = tuple(argv_text(a) for a in args)
        return Done(shown, code, decode(result.stdout_bytes), err)

    def many(self, commands: Sequence[Sequence[str]], **kwargs: Any) -> list[Done]:
        """Run reading commands one after another, in the order given."""
        return [self(*args, **kwargs) for args in commands]

    def ok(self, *args: str | bytes, **kwargs: Any) -> Done:
        done = self(*args, **kwargs)
        assert done.code == 0, str(done)
        assert "Traceback" not in done.err, str(done)
        return done

    def fails(self, code: int, *args: str | bytes, **kwargs: Any) -> Done:
        """A command that must fail with `code`: one "Error: " line on stderr, no stdout."""
        done = self(*args, **kwargs)
        assert done.code == code, str(done)
        assert_one_error_line(done)
        assert done.out == "", str(done)
        return done

    def json(self, *args: str, **kwargs: Any) -> Any:
        return json.loads(self.ok(*args, "--json", **kwargs).out)

    def journal_bytes(self) -> bytes:
        return self.journal.read_bytes() if self.journal.exists() else b""

    def load(self) -> dict[str, Any]:
        """The journal file, parsed as JSON (not through mentorlog)."""
        data = orjson.loads(self.journal.read_bytes())
        assert isinstance(data, dict)
        return data


class Process(Mentorlog):
    """The mentorlog CLI in a child process, bound to one home."""

    def child_env(self, **extra: str | None) -> dict[str, str]:
        return child_env(self.home, {**self.extra_env, **extra})

    def argv(self, args: Sequence[str | bytes], *, runner: Sequence[str] = ()) -> list[Any]:
        """The command line: `python -m mentorlog ARGS`, or `python RUNNER ARGS` (say,
        `-c CODE` that patches something before running mentorlog)."""
        return [PYTHON, *(runner or ("-m", "mentorlog")), *args]

    def popen(
        self, *args: str | bytes, env: Mapping[str, str | None] | None = None, **kwargs: Any
    ) -> subprocess.Popen[bytes]:
        kwargs.setdefault("stdout", subprocess.PIPE)
        kwargs.setdefault("stderr", subprocess.PIPE)
        kwargs.setdefault("stdin", subprocess.DEVNULL)
        kwargs.setdefault("cwd", self.cwd)
        return subprocess.Popen(self.argv(args), env=self.child_env(**(env or {})), **kwargs)

    def __call__(
        self,
        *args: str | bytes,
        env: Mapping[str, str | None] | None = None,
        runner: Sequence[str] = (),
        timeout: float = 60,
    ) -> Done:
        done = subprocess.run(
            self.argv(args, runner=runner),
            env=self.child_env(**(env or {})),
            stdin=subprocess.DEVNULL,
            cwd=self.cwd,
            capture_output=True,
            timeout=timeout,
            check=False,
        )
        shown = tuple(decode(a) if isinstance(a, bytes) else a for a in args)
        return Done(shown, done.returncode, decode(done.stdout), decode(done.stderr))

    def many(self, commands: Sequence[Sequence[str]], **kwargs: Any) -> list[Done]:
        """Run reading commands side by side (they take no lock), in the order given."""
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(max_workers=3) as pool:
            return list(pool.map(lambda args: self(*args, **kwargs), commands))


def assert_one_error_line(done: Done) -> None:
    """Exactly one line on stderr, "Error: " and a sentence, and never a traceback or the
    "unexpected problem" line that means a bug (exit 1)."""
    assert done.code != 1, str(done)
    assert "Traceback" not in done.err, str(done)
    assert done.err.startswith("Error: "), str(done)
    assert len(done.err.strip().splitlines()) == 1, str(done)
    assert done.err.rstrip().endswith((".", "?")), str(done)


def write_journal(
    home: Path, tables: Mapping[str, Any], *, meta: Mapping[str, Any] | None = None
) -> Path:
    """Write a journal file by hand, as someone editing it would: `tables` as given, with a
    valid `_meta` record (this version's schema) unless `meta` replaces it."""
    home.mkdir(mode=0o700, parents=True, exist_ok=True)
    record = {"app": "mentorlog", "schema": SCHEMA, "next_ids": {}} if meta is None else dict(meta)
    document = {"_meta": {"1": record}, **tables}
    path = home / JOURNAL
    path.write_bytes(orjson.dumps(document, option=orjson.OPT_INDENT_2))
    return path


def seed_goals(home: Path, count: int) -> None:
    """A journal of `count` goals, written directly: big enough that a write takes a while
    (about 2 MB for 5,000), so kills and readers land inside writes."""
    stamp = NOW
    goals = {
        str(n): {
            "title": f"goal {n}",
            "why": "padding " * 20,
            "status": "active",
            "progress": n % 100,
            "uid": f"00000000-0000-4000-8000-{n:012d}",
            "created": stamp,
            "updated": stamp,
        }
        for n in range(1, count + 1)
    }
    write_journal(
        home,
        {"goals": goals},
        meta={"app": "mentorlog", "schema": SCHEMA, "next_ids": {"goals": count + 1}},
    )


def kill_at(home: Path, env: dict[str, str], step: str, *args: str) -> None:
    """Run `mentorlog ARGS` in a child with MENTORLOG_TEST_PAUSE=step, wait until it says it
    paused there, and SIGKILL it."""
    child = Process(home, **env, MENTORLOG_TEST_PAUSE=step).popen(*args)
    assert child.stderr is not None
    try:
        line = child.stderr.readline().decode()
        assert line == f"paused at {step}\n", (line, child.stderr.read().decode())
        child.send_signal(signal.SIGKILL)
        assert child.wait(timeout=60) == -signal.SIGKILL
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        child.stderr.close()
        if child.stdout is not None:
            child.stdout.close()
