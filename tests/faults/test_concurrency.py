"""Fifty `mentorlog` processes writing one journal at once, with readers looking on: every
write lands exactly once, ids stay unique, and every reader sees a whole journal."""

from __future__ import annotations

import json
import subprocess
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from faultkit import PATIENT_LOCK, Process, seed_goals

from waiting import wait_for

pytestmark = pytest.mark.slow

WRITERS = 50


def mixed_commands() -> list[list[str]]:
    """Goal adds, action adds, feedback adds and progress steps, interleaved."""
    commands: list[list[str]] = []
    for n in range(WRITERS):
        kind = n % 4
        if kind == 0:
            commands.append(["goal", "add", f"concurrent goal {n}"])
        elif kind == 1:
            commands.append(["action", "add", f"concurrent action {n}"])
        elif kind == 2:
            commands.append(["feedback", "add", f"concurrent feedback {n}", "--from", "bob"])
        else:
            commands.append(["goal", "progress", "1", "+1", "--note", f"step {n}"])
    return commands


def changed(journal: Path, writers: list[subprocess.Popen[bytes]]) -> Callable[[], bool]:
    """Whether `journal` has been replaced since now, or every writer is done."""
    before = journal.stat().st_ino

    def check() -> bool:
        return journal.stat().st_ino != before or all(w.poll() is not None for w in writers)

    return check


def test_fifty_concurrent_writers_all_land_exactly_once(isolated_env: Path) -> None:
    ml = Process(isolated_env, MENTORLOG_LOCK_TIMEOUT=PATIENT_LOCK)
    ml.ok("person", "add", "bob", "--name", "Bob", "--role", "mentor", "--tz", "UTC")
    ml.ok("goal", "add", "the shared goal")
    commands = mixed_commands()

    writers = [ml.popen(*args) for args in commands]
    # Readers take no lock: while the writers queue, each must still see a whole journal.
    # Each reads once another write has landed (the journal replaced), so that the eight
    # reads see eight states.
    seen = []
    while any(w.poll() is None for w in writers) and len(seen) < 8:
        reader = ml("goal", "list", "--json")
        assert reader.code == 0, str(reader)
        seen.append(len(json.loads(reader.out)))
        wait_for(changed(ml.journal, writers), "another write to land")
    outcomes = []
    for args, writer in zip(commands, writers, strict=True):
        _, err = writer.communicate(timeout=180)
        outcomes.append((args, writer.returncode, err.decode()))
    failed = [o for o in outcomes if o[1] != 0 or "Traceback" in o[2]]
    assert not failed, failed
    assert seen == sorted(seen), "a reader saw goals disappear"

    data = ml.load()  # the file is valid JSON ...
    for table in ("goals", "actions", "feedback"):
        ids = list(data[table])
        assert all(key.isdigit() for key in ids)
        assert len(ids) == len(set(ids))

    def texts(table: str, field: str) -> Counter[str]:
        return Counter(str(record[field]) for record in data[table].values())

    want = Counter(args[2] for args in commands if args[:2] != ["goal", "progress"])
    got = texts("goals", "title") + texts("actions", "text") + texts("feedback", "text")
    got -= Counter(["the shared goal"])
    assert got == want  # every write present, exactly once

    steps = [args for args in commands if args[:2] == ["goal", "progress"]]
    shared = ml.json("goal", "show", "1")
    assert len(shared["history"]) == len(steps)
    assert shared["progress"] == len(steps)
    assert sorted(e["note"] for e in shared["history"]) == sorted(a[5] for a in steps)
    # ... and mentorlog itself reads it back whole.
    listed = ml.json("goal", "list")
    assert len(listed) == 1 + sum(1 for a in commands if a[:2] == ["goal", "add"])
    assert len({g["id"] for g in listed}) == len(listed)


def test_readers_never_see_a_torn_journal_while_writers_run(isolated_env: Path) -> None:
    """Readers in a tight loop beside a stream of writers on a journal big enough for a
    write to take a while: every read parses and counts no fewer goals than the last."""
    ml = Process(isolated_env, MENTORLOG_LOCK_TIMEOUT=PATIENT_LOCK)
    seed_goals(isolated_env, 3000)
    writers = [ml.popen("goal", "add", f"streamed {n}") for n in range(8)]
    counts = []
    while any(w.poll() is None for w in writers):
        done = ml("goal", "list", "--json")
        assert done.code == 0, str(done)
        counts.append(len(json.loads(done.out)))
    for writer in writers:
        writer.communicate(timeout=120)
        assert writer.returncode == 0
    assert counts == sorted(counts)
    assert len(ml.json("goal", "list")) == 3008
    assert not list(isolated_env.glob(".journal.json-*.tmp"))
