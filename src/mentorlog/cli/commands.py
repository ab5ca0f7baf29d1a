"""The table of top-level commands: for each, in the order `mentorlog --help` lists them,
the module and attribute that build it, and the one line the listing shows.

The root help lists every command from this table without importing a module of the tree
(those imports, and Typer converting every command, were most of a `mentorlog --help`). The
groups take their help from here; a single command's docstring opens with the same line,
which tests/cli/test_root.py holds equal.
"""

from __future__ import annotations

from typing import NamedTuple


class Entry(NamedTuple):
    module: str
    attribute: str
    summary: str


COMMANDS: dict[str, Entry] = {
    "status": Entry(
        "mentorlog.cli.status",
        "app",
        "Your dashboard: this week's meetings and due actions, goals, people, milestones, streak.",
    ),
    "person": Entry(
        "mentorlog.cli.people",
        "app",
        "People: your mentors, mentees and peers, and how you work with each.",
    ),
    "goal": Entry(
        "mentorlog.cli.goals",
        "app",
        "Goals: what you work towards, alone or with someone, and your progress.",
    ),
    "meeting": Entry(
        "mentorlog.cli.meetings",
        "app",
        "Meetings: one-off or recurring calls, shown in your time and everyone else's.",
    ),
    "action": Entry(
        "mentorlog.cli.actions",
        "app",
        "Action items: what you and the people you meet promised to do.",
    ),
    "topic": Entry(
        "mentorlog.cli.topics",
        "app",
        "Talking points: things to raise the next time you meet someone.",
    ),
    "agenda": Entry(
        "mentorlog.cli.agenda",
        "app",
        "The agenda for your next meeting: check-in, what changed, open items, goals.",
    ),
    "when": Entry(
        "mentorlog.cli.schedule",
        "when_app",
        "That instant on your clock and on every person's, and who is outside working hours.",
    ),
    "schedule": Entry(
        "mentorlog.cli.schedule",
        "schedule_app",
        "Find meeting times inside everyone's working hours.",
    ),
    "feedback": Entry(
        "mentorlog.cli.feedback",
        "app",
        "Feedback, both ways: what you received and what you gave.",
    ),
    "milestone": Entry(
        "mentorlog.cli.milestones", "app", "Milestones: achievements worth celebrating."
    ),
    "note": Entry(
        "mentorlog.cli.notes", "app", "Notes: about a relationship, or private, just for you."
    ),
    "reflect": Entry(
        "mentorlog.cli.notes",
        "reflect_app",
        "Answer a reflection prompt, saved as a note tagged reflection; the prompts take turns.",
    ),
    "search": Entry(
        "mentorlog.cli.search",
        "app",
        "Search goals, meetings, actions, topics, feedback, milestones and notes for words.",
    ),
    "report": Entry(
        "mentorlog.cli.report",
        "app",
        "A progress report: meetings and cadence, goals, milestones, feedback, open items.",
    ),
    "export": Entry(
        "mentorlog.cli.transfer",
        "export_app",
        "Export the journal as JSON (a backup) or Markdown, or your meetings as iCalendar.",
    ),
    "import": Entry(
        "mentorlog.cli.transfer",
        "import_app",
        "Import a JSON export (restored or merged by uid) or calendar invitations (.ics).",
    ),
    "undo": Entry(
        "mentorlog.cli.undo", "app", "Undo the last change to the journal; run it again to redo it."
    ),
    "backup": Entry(
        "mentorlog.cli.backup", "app", "Snapshots of the journal: one is kept before every change."
    ),
    "sync": Entry(
        "mentorlog.cli.sync",
        "app",
        "Keep the journal in step on every device through a private git repository.",
    ),
    "share": Entry(
        "mentorlog.cli.share",
        "app",
        "Share a relationship with the other person through a CalDAV calendar, both ways.",
    ),
    "encrypt": Entry(
        "mentorlog.cli.encryption",
        "encrypt_app",
        "Encrypt the journal and every snapshot with a new age key (X25519).",
    ),
    "decrypt": Entry(
        "mentorlog.cli.encryption",
        "decrypt_app",
        "Decrypt the journal and every snapshot, and stop encrypting this home.",
    ),
    "key": Entry(
        "mentorlog.cli.encryption",
        "key_app",
        "The key of an encrypted home: show where it is, export it, rotate it.",
    ),
    "config": Entry(
        "mentorlog.cli.config",
        "app",
        "Settings: your name, time zone, working hours and defaults (config.toml).",
    ),
}


def summary(name: str) -> str:
    """The line `mentorlog --help` shows for the command `name`."""
    return COMMANDS[name].summary
