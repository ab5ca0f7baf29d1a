"""What `mentorlog export ics` loads: only what writing the calendar needs. Action items
and goals (their models and services) only with --include; people and talking points
without the services other commands read them with; no icalendar, no stdlib calendar."""

from __future__ import annotations

from pathlib import Path

from test_imports import built, journal, loaded, modules_after_entry

__all__ = ["built", "journal"]  # the fixtures, shared with test_imports

NOT_LOADED = (
    "icalendar",
    "dateutil",
    "calendar",
    "shlex",
    "mentorlog.services.people",
    "mentorlog.services.journal_rows",
    "mentorlog.services.actions",
    "mentorlog.services.records",
    "mentorlog.model.actions",
    "mentorlog.model.goals",
    "mentorlog.model.feedback",
    "mentorlog.model.notes",
)


def test_an_export_loads_only_what_it_writes(tmp_path: Path, journal: None) -> None:
    modules = modules_after_entry(tmp_path, "export", "ics")
    assert "mentorlog.calendar.ics_export" in modules
    assert "mentorlog.model.topics" in modules
    for name in NOT_LOADED:
        assert not loaded(modules, name), f"`export ics` imported {name}"


def test_action_items_and_goals_are_loaded_when_included(tmp_path: Path, journal: None) -> None:
    modules = modules_after_entry(tmp_path, "export", "ics", "--include", "actions,goals")
    for name in ("mentorlog.model.actions", "mentorlog.model.goals", "mentorlog.services.actions"):
        assert loaded(modules, name), f"`export ics --include actions,goals` did not load {name}"
    assert not loaded(modules, "icalendar")
