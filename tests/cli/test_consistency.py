"""Issue 17, "Consistency": small texts, --json on every writing command, and settings
that read the way the rest of the program does."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Run

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def people(run: Run) -> None:
    run.ok("person", "add", "alice", "--name", "Alice Chen", "--role", "mentor",
           "--tz", "Asia/Tokyo")  # fmt: skip
    run.ok("person", "add", "kai", "--name", "Kai Berg", "--role", "mentee",
           "--tz", "America/New_York")  # fmt: skip


def test_feedback_with_neither_from_nor_to_asks_for_one(run: Run, people: None) -> None:
    result = run.fails(2, "feedback", "add", "Great talk")
    assert result.stderr == (
        "Error: Say who the feedback is from or for: --from HANDLE if you received it, or "
        "--to HANDLE if you gave it.\n"
    )
    both = run.fails(2, "feedback", "add", "x", "--from", "alice", "--to", "kai")
    assert "not both" in both.stderr


def test_meeting_show_says_how_often_it_changed_in_words(run: Run, people: None) -> None:
    run.ok("meeting", "add", "--with", "alice", "--at", "tue 08:30")
    fresh = run.ok("meeting", "show", "1").stdout
    assert "Revision" not in fresh
    assert "Changed" not in fresh
    run.ok("meeting", "edit", "1", "--at", "wed 08:30")
    assert "Changed   once since it was scheduled" in run.ok("meeting", "show", "1").stdout


@pytest.mark.parametrize(
    ("word", "hint"),
    [
        ("version", " Did you mean `mentorlog --version`?"),
        ("help", " Did you mean `mentorlog --help`?"),
        ("stauts", " Did you mean 'status'?"),
        ("meetng", " Did you mean 'meeting'?"),
        ("xyzzy", ""),
    ],
)
def test_only_close_commands_are_suggested(run: Run, word: str, hint: str) -> None:
    result = run.fails(2, word)
    assert result.stderr == f"Error: No such command '{word}'.{hint} See `mentorlog --help`.\n"


def test_mentorlog_version_is_not_a_misspelt_person(run: Run) -> None:
    assert "person" not in run.fails(2, "version").stderr


def test_a_handle_with_accents_suggests_them_dropped(run: Run) -> None:
    result = run.fails(2, "person", "add", "ålice", "--name", "Ålice", "--tz", "UTC")
    assert result.stderr.endswith("starting with a letter; try 'alice'.\n")
    result = run.fails(2, "person", "add", "Émile", "--name", "Émile", "--tz", "UTC")
    assert result.stderr.endswith("try 'emile'.\n")


@pytest.mark.parametrize(
    ("option", "where"),
    [
        ("--home", "mentorlog --home PATH goal list"),
        ("--no-pager", "mentorlog --no-pager goal list"),
    ],
)
def test_a_root_option_after_the_command_says_where_it_goes(
    run: Run, option: str, where: str
) -> None:
    args = [option, "/tmp"] if option == "--home" else [option]
    result = run.fails(2, "goal", "list", *args)
    assert result.stderr == f"Error: {option} goes before the command, as in `{where}`.\n"


def test_person_edit_says_what_changed(run: Run, people: None) -> None:
    result = run.ok("person", "edit", "kai", "--role", "peer", "--tz", "Europe/Lisbon",
                    "--tag", "python")  # fmt: skip
    assert result.stderr == (
        "Updated kai: role mentee → peer, zone America/New_York → Europe/Lisbon, "
        "tags none → python.\n"
    )
    same = run.ok("person", "edit", "kai", "--role", "peer")
    assert same.stderr == "Updated kai: nothing changed.\n"


def test_agenda_as_text_prints_the_link_once(run: Run, people: None) -> None:
    link = "https://meet.example.org/alice"
    run.ok("meeting", "add", "--with", "alice", "--at", "tue 08:30", "--link", link)
    out = run.ok("agenda", "--format", "text").stdout
    assert out.count(link) == 1
    assert run.ok("agenda").stdout.count(link) == 1


def test_usage_lines_show_plain_metavars(run: Run) -> None:
    help_text = run.ok("person", "show", "--help").stdout
    assert "mentorlog person show [OPTIONS] HANDLE" in help_text
    assert "{HANDLE}" not in help_text
    assert "[MEETING_ID]" in run.ok("agenda", "--help").stdout
    reference = (ROOT / "docs" / "reference.md").read_text(encoding="utf-8")
    assert not re.search(r"\{[A-Z_]+\}", reference)


def test_backup_names_sort_oldest_first(run: Run, isolated_env: Path) -> None:
    for n in range(12):  # more than ten changes in one second: serials 0 to 11
        run.ok("goal", "add", f"Goal {n}")
    listed = [b["name"] for b in run.json("backup", "list")]  # newest first
    on_disk = sorted(n for n in os.listdir(isolated_env / "backups") if n.startswith("journal-"))
    assert on_disk == list(reversed(listed))
    assert len(on_disk) == 11


def test_config_alarm_0_means_no_reminder_as_export_ics_does(run: Run, people: None) -> None:
    run.ok("meeting", "add", "--with", "alice", "--at", "tue 08:30")
    for off in ("0", "none"):
        assert run.ok("config", "set", "alarm", off).stderr == "Set alarm = none.\n"
        data = run.ok("export", "ics").stdout
        assert "BEGIN:VEVENT" in data
        assert "VALARM" not in data
    run.ok("config", "set", "alarm", "10m")
    assert "TRIGGER:-PT10M" in run.ok("export", "ics").stdout


def test_milestone_since_help_reads_well(run: Run) -> None:
    help_text = " ".join(run.ok("milestone", "list", "--help").stdout.replace("│", " ").split())
    assert "' ago" not in help_text
    assert "'3 months ago'" in help_text
    run.ok("milestone", "add", "First talk", "--on", "2026-10-01")
    assert len(run.json("milestone", "list", "--since", "3 months ago")) == 1


def test_config_set_and_unset_print_the_setting_with_json(run: Run) -> None:
    assert run.json("config", "set", "alarm", "20m") == {
        "key": "alarm",
        "value": "20m",
        "source": "config",
        "meaning": "how long before a meeting calendars remind you (0 or none: no reminder)",
    }
    unset = run.json("config", "unset", "alarm")
    assert (unset["value"], unset["source"]) == ("15m", "default")


def test_meeting_notes_prints_the_meeting_with_json(run: Run, people: None) -> None:
    run.ok("meeting", "add", "--with", "alice", "--at", "tue 08:30")
    meeting = run.json("meeting", "notes", "1", "Agreed: outline first")
    assert meeting["id"] == 1
    assert "Agreed: outline first" in meeting["notes"]


def test_import_json_prints_what_it_did_with_json(run: Run, people: None, tmp_path: Path) -> None:
    exported = tmp_path / "export.json"
    run.ok("export", "json", "--out", str(exported))
    again = run.json("import", "json", str(exported))
    assert again["added"] == {}
    assert again["present"] == 2
    assert again["restored"] is False


def test_backup_restore_prints_what_it_did_with_json(run: Run) -> None:
    run.ok("goal", "add", "One")
    run.ok("goal", "add", "Two")
    [newest, *_] = run.json("backup", "list")
    done = run.json("backup", "restore", newest["name"])
    assert done["restored"] == newest["name"]
    assert done["after"] == "goal add 'One' (goal 1)"
    assert done["damaged"] is False
    assert done["kept"].startswith("journal-")


def test_reflect_show_prints_the_prompt_as_json(
    run: Run, journal_bytes: Callable[[], bytes]
) -> None:
    shown = run.json("reflect", "--show")
    assert journal_bytes() == b""  # it saves nothing
    assert set(shown) == {"prompt"}
    assert shown["prompt"].endswith("?")
    assert run.ok("reflect", "--show").stdout == shown["prompt"] + "\n"


def test_readme_says_which_commands_open_the_editor() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    [row] = [line for line in readme.splitlines() if line.startswith("| `VISUAL`, `EDITOR` |")]
    for command in ("meeting notes", "note add", "note edit", "reflect"):
        assert command in row, command
    for command in ("meeting notes", "note add", "note edit", "reflect"):
        args = command.split()
        usage = Run().ok(*args, "--help").stdout
        assert "EDITOR" in usage, command
