"""The benchmark suite's own pieces: the journals it builds are journals mentorlog reads, of the
shape it promises, and its script starts. No timings here: those belong to benchmarks/run.py."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from unittest.mock import patch
from zoneinfo import ZoneInfo

import pytest

from conftest import NOW, USER_TZ, Run
from mentorlog import store
from mentorlog.calendar.occurrences import occurrence_at
from mentorlog.kinds import KINDS
from mentorlog.model import Goal, Meeting, Note

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))

import floor  # noqa: E402
import journal_gen  # noqa: E402
import peers  # noqa: E402
import run as bench  # noqa: E402

MODELS: dict[str, Any] = {kind.table: kind.model for kind in KINDS}


@pytest.mark.parametrize("n", [10, 100, 1_000, 12_345])
def test_a_journal_has_exactly_n_records_in_the_promised_mix(n: int) -> None:
    sizes = journal_gen.counts(n)
    assert sum(sizes.values()) == n
    assert sizes["people"] == max(3, min(50, round(n / 100)))
    for table, share in journal_gen.SHARES.items():
        if table != "notes":
            assert sizes[table] == int(n * share)
    journal = journal_gen.build(n)
    assert {name: len(journal[name]) for name in journal_gen.TABLES} == sizes


def test_ten_thousand_records_hold_a_thousand_meetings() -> None:
    """The export target is stated for 1,000 meetings: the 10,000 journal is that journal."""
    assert journal_gen.counts(10_000)["meetings"] == 1_000


def test_the_same_size_always_gives_the_same_journal() -> None:
    assert journal_gen.build(300) == journal_gen.build(300)
    assert journal_gen.build(300) != journal_gen.build(300, seed=2)


def test_it_is_written_in_the_schema_this_mentorlog_writes() -> None:
    """Otherwise every timed command would migrate it in memory first."""
    assert journal_gen.SCHEMA == store.SCHEMA
    meta = journal_gen.build(100)["_meta"]["1"]
    assert meta["schema"] == store.SCHEMA
    assert meta["app"] == "mentorlog"


def test_records_carry_exactly_the_fields_the_model_keeps() -> None:
    journal = journal_gen.build(2_000)
    for table, model in MODELS.items():
        for key, record in journal[table].items():
            assert set(record) - {"uid", "created", "updated"} == set(
                model.from_record(record).to_record()
            ), (table, key)
            assert key.isdigit()
        next_id = journal["_meta"]["1"]["next_ids"][table]
        assert next_id == max(int(k) for k in journal[table]) + 1


def test_the_shape_is_realistic() -> None:
    journal = journal_gen.build(5_000)
    meetings = [Meeting.from_record(r) for r in journal["meetings"].values()]
    rules = Counter(m.rrule.split(";")[0:2][-1] if m.rrule else None for m in meetings)
    assert rules[None] == len(meetings) // 2  # half of them one-off
    assert {"FREQ=WEEKLY", "INTERVAL=2"} <= set(rules)
    assert any(m.exdates for m in meetings)
    assert any(m.held for m in meetings)
    goals = [Goal.from_record(r) for r in journal["goals"].values()]
    assert Counter(g.status for g in goals).keys() == {"active", "done", "dropped"}
    assert sum(len(g.history) for g in goals) > len(goals)
    notes = [Note.from_record(r) for r in journal["notes"].values()]
    assert 0.1 < sum(n.private for n in notes) / len(notes) < 0.3
    handles = {r["handle"] for r in journal["people"].values()}
    assert all(set(m.people) <= handles for m in meetings)
    assert sum(journal_gen.SEARCH_WORD in str(r) for r in journal["actions"].values()) > 10


def test_cancelled_and_held_dates_are_real_occurrences() -> None:
    journal = journal_gen.build(3_000)
    for record in journal["meetings"].values():
        meeting = Meeting.from_record(record)
        zone = ZoneInfo(meeting.tz)
        for wall in meeting.exdates:
            found = occurrence_at(meeting, wall.replace(tzinfo=zone))
            assert found is not None, (meeting.id, wall)
            assert found.cancelled
        for held in meeting.held:
            wall = datetime.fromisoformat(held.start).replace(tzinfo=zone)
            found = occurrence_at(meeting, wall)
            assert found is not None, (meeting.id, held.start)
            assert found.status == "held"


def test_its_clock_is_the_one_the_tests_use() -> None:
    assert datetime.fromisoformat(NOW) == journal_gen.NOW
    assert journal_gen.USER_TZ == USER_TZ
    assert journal_gen.NOW.astimezone(UTC).isoformat() == "2026-11-21T10:15:00+00:00"


def test_mentorlog_reads_it(run: Run, isolated_env: Path) -> None:
    path = journal_gen.write(isolated_env, 1_000)
    assert path == isolated_env / "journal.json"
    journal = journal_gen.build(1_000)
    active = [r for r in journal["goals"].values() if r["status"] == "active"]
    assert len(run.json("goal", "list")) == len(active)
    status = run.json("status")
    assert len(status["people"]) == journal_gen.counts(1_000)["people"]
    assert status["meetings"], "a week without meetings is not a realistic dashboard"
    assert status["streak"]["weeks"] > 10
    assert run.json("agenda")["meeting"] is not None
    found = run.json("search", journal_gen.SEARCH_WORD)
    assert found
    run.ok("export", "ics")
    run.ok("goal", "add", "Run the benchmark again")


def test_the_generator_writes_a_journal_from_the_command_line(tmp_path: Path) -> None:
    assert journal_gen.main(["250", str(tmp_path), "--schema", str(store.SCHEMA)]) == 0
    written = json.loads((tmp_path / "journal.json").read_text())
    assert written == journal_gen.build(250)
    assert journal_gen.main(["many", str(tmp_path)]) == 2


def test_a_jrnl_journal_of_n_entries(tmp_path: Path) -> None:
    peer = peers.jrnl_setup("/usr/bin/jrnl", tmp_path, 250, {"PATH": "/usr/bin"})
    text = (tmp_path / "journal.txt").read_text()
    assert sum(line.startswith("[") for line in text.splitlines()) == 250
    config = (tmp_path / "config" / "jrnl" / "jrnl.yaml").read_text()
    assert f"journal: {tmp_path / 'journal.txt'}" in config
    assert peer.env["XDG_CONFIG_HOME"] == str(tmp_path / "config")
    assert set(peer.commands) == {"jrnl -n 10", "jrnl -contains talk", "jrnl add"}


def test_a_missing_peer_is_none() -> None:
    assert peers.find("task", "/no/such/task") is None


@pytest.mark.slow
def test_the_script_explains_itself() -> None:
    done = subprocess.run(
        [sys.executable, str(BENCHMARKS / "run.py"), "--help"], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    for option in ("--quick", "--peers", "--mentorlog", "--sizes", "--json"):
        assert option in done.stdout


@pytest.mark.slow
def test_the_script_refuses_an_unknown_command() -> None:
    done = subprocess.run(
        [sys.executable, str(BENCHMARKS / "run.py"), "--commands", "goal lst"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2
    assert "unknown command 'goal lst'" in done.stderr


def test_the_equal_rows_journal_holds_n_active_goals(run: Run, isolated_env: Path) -> None:
    """`goal list` on it prints one row per goal, as `task list` prints one per task."""
    journal_gen.write(isolated_env, 40, goals_only=True)
    journal = journal_gen.build_goals(40)
    assert len(journal["goals"]) == 40
    assert {r["status"] for r in journal["goals"].values()} == {"active"}
    assert all(not journal[t] for t in journal_gen.TABLES if t not in ("goals", "people"))
    assert len(run.json("goal", "list")) == 40
    assert journal_gen.main(["12", str(isolated_env / "other"), "--goals-only"]) == 0
    written = json.loads((isolated_env / "other" / "journal.json").read_text())
    assert written == journal_gen.build_goals(12)


def test_a_floor_reads_the_journal_and_writes_the_same_bytes(
    tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes]
) -> None:
    journal_gen.write(tmp_path, 100)
    answer = tmp_path / "answer.txt"
    answer.write_bytes("ID  Goal\n1   Give a talk ★\n".encode())
    assert floor.main([str(tmp_path / "journal.json"), str(answer)]) == 0
    assert capfdbinary.readouterr().out == answer.read_bytes()
    assert not (tmp_path / "journal.json.floor").exists()
    assert floor.main([str(tmp_path / "journal.json"), str(answer), "--write"]) == 0
    assert capfdbinary.readouterr().out == answer.read_bytes()
    rewritten = json.loads((tmp_path / "journal.json.floor").read_text())
    assert rewritten == json.loads((tmp_path / "journal.json").read_text())
    assert floor.main([str(answer)]) == 2


def test_todoman_and_khal_get_the_journals_own_actions_and_meetings(tmp_path: Path) -> None:
    home = tmp_path / "home"
    journal_gen.write(home, 300)
    journal = journal_gen.build(300)
    todo = peers.todoman_setup("/usr/bin/todo", tmp_path / "todo", home, {"PATH": "/usr/bin"})
    files = sorted((tmp_path / "todo" / "lists" / "actions").glob("*.ics"))
    assert len(files) == len(journal["actions"])
    texts = [f.read_bytes().decode() for f in files]
    open_ = sum("STATUS:NEEDS-ACTION" in t for t in texts)
    assert open_ == sum(r["status"] != "done" for r in journal["actions"].values())
    assert all(t.count("BEGIN:VTODO") == 1 and "\r\n" in t for t in texts)
    assert todo.commands == {"todo list": ["/usr/bin/todo", "list"]}
    config = (tmp_path / "todo" / "config" / "todoman" / "config.py").read_text()
    assert str(tmp_path / "todo" / "lists") in config
    khal = peers.khal_setup("/usr/bin/khal", tmp_path / "khal", home, {"PATH": "/usr/bin"})
    events = [f.read_text() for f in (tmp_path / "khal" / "calendar").glob("*.ics")]
    assert len(events) == len(journal["meetings"])
    series = sum(bool(r["rrule"]) for r in journal["meetings"].values())
    assert sum("RRULE:" in e for e in events) == series
    assert khal.commands["khal list"][1:] == ["list", "2026-11-21", "30d"]
    assert khal.env["XDG_CONFIG_HOME"] == str(tmp_path / "khal" / "config")


def test_the_peers_come_from_their_own_environment(tmp_path: Path) -> None:
    program = tmp_path / ".peers" / "bin" / "todo"
    program.parent.mkdir(parents=True)
    program.write_text("#!/bin/sh\n")
    program.chmod(0o755)
    with patch.object(peers, "VENV", tmp_path / ".peers"):
        assert peers.find("todo", None) == str(program)
        assert peers.find("todo", "/no/such/todo") is None


def test_each_pair_compares_commands_the_benchmark_times() -> None:
    for ours, _ in bench.PEER_PAIRS:
        assert ours in bench.COMMANDS or ours in (bench.ROWS, bench.ROWS_JSON)
    assert set(bench.QUICK_COMMANDS) <= set(bench.COMMANDS)
    assert set(bench.IMPORTS) <= set(bench.WRITING)


@pytest.mark.slow
def test_the_benchmark_runs_quick_on_small_journals(tmp_path: Path) -> None:
    """Every command, its own floor and the imports, on the smallest sizes, once: each runs
    to the end (no timings are checked: they belong to the machine)."""
    mentorlog = Path(sys.executable).parent / "mentorlog"
    report = tmp_path / "report.json"
    done = subprocess.run(
        [
            *(sys.executable, str(BENCHMARKS / "run.py"), "--quick", "--sizes", "20,40"),
            *("--runs", "1", "--commands", ",".join(bench.COMMANDS)),
            *("--mentorlog", str(mentorlog), "--json", str(report), "--keep", str(tmp_path / "w")),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    assert "Failed" not in done.stdout, done.stdout
    measured = json.loads(report.read_text())
    for size in ("20", "40"):
        labels = measured["sizes"][size]
        for label in bench.COMMANDS:
            assert labels[label]["failed"] is None, (size, label, labels[label]["failed"])
            assert len(labels[label]["seconds"]) == 1
        for label in set(bench.COMMANDS) - {"--help", *bench.IMPORTS}:
            assert len(labels[bench.OWN_FLOOR + label]["seconds"]) == 1
    assert "Each command over its own floor" in done.stdout
    # The import restored the whole export into its empty journal.
    exported = json.loads((tmp_path / "w" / "export-40.json").read_text())["tables"]
    imported = json.loads((tmp_path / "w" / "import-40-json" / "journal.json").read_text())
    assert len(exported["goals"]) > journal_gen.counts(40)["goals"]
    assert {t: len(imported[t]) for t in exported} == {t: len(exported[t]) for t in exported}
