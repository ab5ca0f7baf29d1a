"""The root command: version, help, bare `mentorlog`, status, and how every error is reported."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import typer
import typer.core
import typer.main

from conftest import Run
from mentorlog import __version__
from mentorlog.cli.commands import COMMANDS, summary
from mentorlog.errors import Conflict


def test_version(run: Run) -> None:
    assert run.ok("--version").stdout == f"mentorlog {__version__}\n"


def test_help_lists_the_command_groups(run: Run) -> None:
    out = run.ok("--help").stdout
    for group in ("person", "goal", "config", "status"):
        assert group in out


@pytest.mark.parametrize("name", list(COMMANDS))
def test_the_root_help_lists_each_command_as_its_own_help_begins(name: str) -> None:
    """The root help lists commands unbuilt, from the table: each summary must be the line
    the command's own help opens with."""
    from mentorlog.cli.main import app

    group = typer.main.get_command(app)
    assert isinstance(group, typer.core.TyperGroup)
    command = group.get_command(typer.Context(group), name)
    assert command is not None
    assert command.name == name
    opening = (command.help or "").strip().split("\n\n")[0].replace("\n", " ")
    assert opening == summary(name)


def test_the_root_help_builds_no_command(isolated_env: Path) -> None:
    """Listing the commands imports none of their modules (that was most of a --help)."""
    script = (
        "import sys; sys.argv = ['mentorlog', '--help']\n"
        "from mentorlog.cli.main import app\n"
        "try:\n    app()\nexcept SystemExit:\n    pass\n"
        "print(sorted({m for m in sys.modules if m.startswith('mentorlog.cli.')}))"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    loaded = done.stdout.strip().splitlines()[-1]
    assert "mentorlog.cli.goals" not in loaded
    assert "mentorlog.cli.status" not in loaded
    assert "status" in done.stdout
    assert "Undo the last change" in done.stdout


def test_a_group_without_a_command_shows_its_help(run: Run) -> None:
    result = run.ok("goal")
    assert "progress" in result.stdout
    assert result.stdout.count("Usage") == 1
    assert "--install-completion" not in result.stdout  # offered by the root only
    assert "--install-completion" in run.ok("--help").stdout


def test_bare_mentorlog_on_a_new_machine_welcomes_and_writes_nothing(
    run: Run, isolated_env: Path
) -> None:
    out = run.ok().stdout
    assert "Saturday 21 November 2026, 11:15 Europe/Berlin" in out
    assert f"Welcome to mentorlog. Your journal will live in {isolated_env}." in out
    assert "mentorlog person add alice" in out
    assert "Times are shown in Europe/Berlin (from MENTORLOG_TZ); to change it:" in out
    assert not isolated_env.exists()


def test_bare_mentorlog_is_status(run: Run) -> None:
    run.ok("person", "add", "alice", "--name", "Alice Chen", "--role", "mentor", "--tz", "UTC")
    run.ok("goal", "add", "Late goal", "--due", "2026-11-01")
    run.ok("goal", "add", "Talk", "--with", "alice", "--due", "in 3 weeks")
    bare = run.ok().stdout
    assert bare == run.ok("status").stdout
    assert "Goals  1 overdue" in bare
    assert "Late goal" in bare
    assert "Sat 10:15 -1h" in bare  # Alice's clock in UTC


def test_status_json_is_one_document(run: Run) -> None:
    run.ok("goal", "add", "Late goal", "--due", "2026-11-01")
    status = run.json("status")
    assert status["now"] == "2026-11-21T11:15:00+01:00"
    assert status["tz"] == "Europe/Berlin"
    assert [g["title"] for g in status["goals"]] == ["Late goal"]
    assert status["overdue_goals"] == [1]
    assert status["people"] == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("goal", "add"), "Missing argument 'TITLE'. See `mentorlog goal add --help`."),
        (
            ("goal", "add", "x", "--bogus"),
            "No such option: --bogus. See `mentorlog goal add --help`.",
        ),
        (("gaol",), "No such command 'gaol'. Did you mean 'goal'? See `mentorlog --help`."),
        (
            ("goal", "lst"),
            "No such command 'lst'. Did you mean 'list'? See `mentorlog goal --help`.",
        ),
    ],
)
def test_usage_errors_are_one_line_with_exit_2(
    run: Run, args: tuple[str, ...], message: str
) -> None:
    result = run.fails(2, *args)
    assert result.stderr == f"Error: {message}\n"


def test_domain_errors_use_their_exit_code(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    from mentorlog.services import goal_rows

    def clash(*args: object, **kwargs: object) -> None:
        raise Conflict("Something clashes.")

    monkeypatch.setattr(goal_rows, "listed_rows", clash)
    assert run.fails(Conflict.exit_code, "goal", "list").stderr == "Error: Something clashes.\n"


def test_an_unexpected_error_is_one_line_not_a_traceback(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mentorlog.services import goal_rows

    def broken(*args: object, **kwargs: object) -> None:
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(goal_rows, "listed_rows", broken)
    result = run.fails(1, "goal", "list")
    assert result.stderr == (
        "Error: mentorlog hit an unexpected problem (ZeroDivisionError: division by zero); "
        "please report it with the output of the same command run with MENTORLOG_DEBUG=1.\n"
    )
    monkeypatch.setenv("MENTORLOG_DEBUG", "1")
    with pytest.raises(ZeroDivisionError):
        run("goal", "list")


def test_a_corrupt_journal_is_refused_by_every_command(run: Run, isolated_env: Path) -> None:
    isolated_env.mkdir()
    path = isolated_env / "journal.json"
    path.write_text("{not json")
    for args in (("status",), ("goal", "list"), ("goal", "add", "x"), ("person", "list")):
        result = run.fails(5, *args)
        assert result.stderr.startswith(f"Error: The journal {path} is not valid JSON (")
        assert result.stderr.rstrip().endswith(
            "it was left untouched: fix it by hand, or move it aside to start a new journal."
        )
    assert path.read_text() == "{not json"


def test_a_real_process_reports_errors_without_traceback(isolated_env: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "mentorlog", "goal", "add", "X", "--due", "32/13/2026"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr == (
        "Error: Cannot read '32/13/2026' as a due date; write it like 2026-12-01, 'Dec 1', "
        "'fri' or 'in 2 weeks'.\n"
    )


def test_a_real_process_round_trip_with_json(isolated_env: Path) -> None:
    cli = [sys.executable, "-m", "mentorlog"]
    subprocess.run([*cli, "goal", "add", "From a process"], check=True, capture_output=True)
    listed = subprocess.run([*cli, "goal", "list", "--json"], check=True, capture_output=True)
    assert [g["title"] for g in json.loads(listed.stdout)] == ["From a process"]
    assert listed.stderr == b""


def test_piped_output_has_no_escape_codes(isolated_env: Path) -> None:
    cli = [sys.executable, "-m", "mentorlog"]
    subprocess.run([*cli, "goal", "add", "Piped", "--due", "2026-11-01"], check=True)
    env = {k: v for k, v in __import__("os").environ.items() if k != "NO_COLOR"}
    listed = subprocess.run([*cli, "goal", "list"], capture_output=True, env=env, check=True)
    assert b"\x1b" not in listed.stdout
    assert b"Piped" in listed.stdout


def test_no_color_wins_even_when_colour_is_forced(isolated_env: Path) -> None:
    import os
    import re

    cli = [sys.executable, "-m", "mentorlog"]
    subprocess.run([*cli, "goal", "add", "Late", "--due", "2026-11-01", "--tag", "x"], check=True)
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"} | {"FORCE_COLOR": "1"}
    coloured = subprocess.run([*cli, "goal", "list"], capture_output=True, env=env, check=True)
    colour = re.compile(rb"\x1b\[[0-9;]*3[0-9]")  # a foreground colour
    assert colour.search(coloured.stdout)
    plain = subprocess.run(
        [*cli, "goal", "list"], capture_output=True, env=env | {"NO_COLOR": "1"}, check=True
    )
    assert not colour.search(plain.stdout)
    assert b"Late" in plain.stdout
