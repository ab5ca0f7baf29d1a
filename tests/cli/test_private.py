"""A private note never leaves the journal: no export, no report, no agenda unless asked."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import Run

SECRET = "I am thinking of leaving the team"
SECRET_TAG = "confidential-plans"


@pytest.fixture
def journal(run: Run) -> None:
    run.ok("person", "add", "alice", "--name", "Alice Chen", "--role", "mentor", "--tz", "UTC")
    run.ok("meeting", "add", "--with", "alice", "--at", "2026-11-17 09:00", "--every", "weekly")
    run.ok("goal", "add", "Give a talk", "--with", "alice")
    run.ok("note", "add", SECRET, "--with", "alice", "--tag", SECRET_TAG, "--private")
    run.ok("reflect", f"{SECRET}, again", "--with", "alice", "--private")
    run.ok("note", "add", "Shared with Alice", "--with", "alice")


def outputs(run: Run, tmp_path: Path) -> dict[str, str]:
    """Every way the journal leaves the machine, as text."""
    found = {
        "agenda": run.ok("agenda", "--with", "alice").stdout,
        "agenda json": run.ok("agenda", "--with", "alice", "--json").stdout,
        "export json": run.ok("export", "json").stdout,
        "export md": run.ok("export", "md").stdout,
        "report": run.ok("report").stdout,
        "report json": run.ok("report", "--json").stdout,
    }
    run.ok("agenda", "--with", "alice", "--save")
    found["saved agenda in export"] = run.ok("export", "json").stdout
    for name, args in {
        "agenda file": ("agenda", "--with", "alice"),
        "export json file": ("export", "json"),
        "export md file": ("export", "md"),
        "report file": ("report",),
    }.items():
        target = tmp_path / name.replace(" ", "-")
        run.ok(*args, "--out", str(target))
        found[name] = target.read_text()
    return found


def test_private_notes_appear_in_no_export_report_or_agenda(
    run: Run, journal: None, tmp_path: Path
) -> None:
    for name, text in outputs(run, tmp_path).items():
        assert SECRET not in text, name
        assert SECRET_TAG not in text, name
        # Notes do reach each of them, so the absence above means something.
        assert "Shared with Alice" in text, name


def test_they_are_kept_and_shown_only_when_asked(run: Run, journal: None) -> None:
    assert SECRET in run.ok("note", "list").stdout
    assert SECRET in run.ok("agenda", "--with", "alice", "--private").stdout
    assert SECRET in run.ok("export", "json", "--include-private").stdout
    assert SECRET in run.ok("search", "leaving").stdout
