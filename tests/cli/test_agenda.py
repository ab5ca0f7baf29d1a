"""`mentorlog agenda` built from a real journal: sections, carry-over, items leaving when done.

The clock reads Sat 21 Nov 2026, 11:15 Berlin; Sam meets Alice (Tokyo) every Tuesday at 09:00
Berlin time, and the last call, marked held, was Tue 17 Nov.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from conftest import Builder, Run, build_once, copy_home
from mentorlog.services.prompts import CHECKIN, REFLECTION


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_once(tmp_path_factory, write_journal).home


@pytest.fixture
def journal(built: Path, isolated_env: Path) -> None:
    copy_home(built, isolated_env)


def write_journal(run: Builder) -> None:
    run.ok("config", "set", "name", "Sam Rivera")
    run.ok("person", "add", "alice", "--name", "Alice Chen", "--role", "mentor",
           "--tz", "Asia/Tokyo", "--channel", "video")  # fmt: skip
    run.ok("person", "add", "bo", "--name", "Bo Lindqvist", "--role", "mentee", "--tz", "UTC")
    run.ok("meeting", "add", "--with", "alice", "--at", "2026-11-17 09:00", "--every", "weekly",
           "--link", "https://meet.example.org/alice")  # fmt: skip
    run.ok("meeting", "done", "1")  # Tue 17 Nov
    run.ok("meeting", "add", "--with", "bo", "--at", "2026-11-23 15:00")
    run.ok("goal", "add", "Give a conference talk", "--with", "alice", "--due", "2027-01-30")
    run.ok("goal", "progress", "1", "30", "--note", "Abstract submitted")
    run.ok("goal", "add", "Private reading goal")
    run.ok("goal", "add", "Help Bo with Python", "--with", "bo")
    run.ok("action", "add", "Send Alice the outline", "--due", "2026-11-19", "--with", "alice")
    run.ok("action", "add", "Book a rehearsal slot", "--due", "2026-11-30", "--with", "alice")
    run.ok("action", "add", "Review Sam's outline", "--owner", "alice")
    run.ok("action", "add", "Bo's exercise", "--owner", "bo")
    run.ok("topic", "add", "What does senior mean on this team?", "--with", "alice")
    run.ok("topic", "add", "Bo's topic", "--with", "bo")


def sections(markdown: str) -> list[str]:
    return [line for line in markdown.splitlines() if line.startswith(("# ", "## "))]


def test_the_next_meeting_with_alice_has_every_section_in_order(run: Run, journal: None) -> None:
    md = run.ok("agenda", "--with", "alice").stdout
    assert sections(md) == [
        "# Mentoring with Alice Chen",
        "## Check-in",
        "## Since last time (Tue 17 Nov)",
        "## Action items",
        "## Talking points",
        "## Goals",
        "## Reflection",
    ]
    day = date(2026, 11, 24)
    assert CHECKIN[day.toordinal() % len(CHECKIN)] in md
    assert REFLECTION[day.toordinal() % len(REFLECTION)] in md
    for expected in (
        "- **You**: Tue 24 Nov 2026, 09:00-09:45 Europe/Berlin (in 3 days)",
        "- **Alice Chen**: Tue 24 Nov 2026, 17:00-17:45 Asia/Tokyo, outside working hours",
        "Channel: video · Link: <https://meet.example.org/alice>",
        "- Give a conference talk: 0% → 30% (Abstract submitted)",
        "**Yours**",
        "- [ ] Send Alice the outline, due Thu 19 Nov (**overdue 2 days**) (action 1)",
        "- [ ] Book a rehearsal slot, due Mon 30 Nov (in 9 days) (action 2)",
        "**Alice Chen**",
        "- [ ] Review Sam's outline (action 3)",
        "- What does senior mean on this team? (topic 1)",
        "- Give a conference talk: 30%, due Sat 30 Jan 2027 (in 2 months) (goal 1)",
    ):
        assert expected in md
    for other in ("Private reading goal", "Help Bo", "Bo's exercise", "Bo's topic"):
        assert other not in md


def test_the_next_meeting_overall_is_the_default(run: Run, journal: None) -> None:
    md = run.ok("agenda").stdout  # Bo on Mon 23 Nov comes before Alice on Tue 24 Nov
    assert md.startswith("# Mentoring with Bo Lindqvist")
    assert "This is your first meeting with Bo Lindqvist." in md
    assert "- [ ] Bo's exercise (action 4)" in md
    assert "No open action items." not in md


def test_open_items_carry_over_and_done_items_leave(
    run: Run, journal: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    run.ok("action", "done", "2")
    run.ok("topic", "done", "1")
    # A week later, after Tuesday's call: the next agenda is for Tue 1 Dec.
    monkeypatch.setenv("MENTORLOG_NOW", "2026-11-25T10:00:00+01:00")
    run.ok("meeting", "done", "1")  # Tue 24 Nov
    md = run.ok("agenda", "--with", "alice").stdout
    assert "- **You**: Tue 1 Dec 2026, 09:00-09:45" in md
    assert "## Since last time (Tue 24 Nov)" in md
    assert "Send Alice the outline" in md  # still open: carried over
    assert "Review Sam's outline" in md
    assert "Book a rehearsal slot" not in md  # done: gone
    assert "What does senior mean" not in md
    assert "None queued: add one with `mentorlog topic add TEXT --with alice`." in md
    assert "Nothing recorded since then." in md  # the progress was before 24 Nov


def test_json_is_the_same_content_as_data(run: Run, journal: None) -> None:
    data = run.json("agenda", "--with", "alice")
    assert data == json.loads(run.ok("agenda", "--with", "alice", "--format", "json").stdout)
    assert (data["meeting"], data["title"], data["people"]) == (
        1,
        "Mentoring with Alice Chen",
        ["alice"],
    )
    assert data["occurrence"]["start"] == "2026-11-24T09:00:00+01:00"
    assert [t["who"] for t in data["times"]] == ["me", "alice"]
    assert data["times"][1]["start"] == "2026-11-24T17:00:00+09:00"
    assert data["previous"]["start"] == "2026-11-17T09:00:00+01:00"
    assert [c["kind"] for c in data["since"]] == ["progress"]
    assert [(a["id"], a["overdue"]) for a in data["actions"]] == [(1, True), (2, False), (3, False)]
    assert [t["id"] for t in data["topics"]] == [1]
    assert [g["id"] for g in data["goals"]] == [1]
    assert data["checkin"] in CHECKIN
    assert data["reflection"] in REFLECTION


def test_text_format_renders_the_markdown(run: Run, journal: None) -> None:
    out = run.ok("agenda", "--with", "alice", "--format", "text").stdout
    assert "Mentoring with Alice Chen" in out
    assert "## " not in out
    assert "Action items" in out


def test_save_keeps_it_on_the_meeting_and_out_writes_a_file(
    run: Run, journal: None, tmp_path: Path
) -> None:
    out = tmp_path / "agenda.md"
    result = run.ok("agenda", "--with", "alice", "--save", "--out", str(out))
    assert "Saved the agenda on meeting 1." in result.stderr
    assert f"Wrote the agenda for meeting 1 to {out}." in result.stderr
    assert result.stdout == ""
    meeting = run.json("meeting", "show", "1")
    assert meeting["agenda"] == out.read_text()
    assert meeting["agenda_for"] == "2026-11-24T09:00:00"
    run.ok("agenda", "1", "--json", "--out", str(tmp_path / "agenda.json"))
    assert json.loads((tmp_path / "agenda.json").read_text())["meeting"] == 1


def test_a_meeting_id_plans_that_meeting(run: Run, journal: None) -> None:
    assert run.ok("agenda", "2").stdout.startswith("# Mentoring with Bo Lindqvist")


def test_your_own_prompts_join_the_rotation(run: Run, journal: None, isolated_env: Path) -> None:
    (isolated_env / "prompts").mkdir()
    custom = [f"Custom question {n}?" for n in range(92)]  # with 8 built-in: 100 in all
    (isolated_env / "prompts" / "checkin.txt").write_text(
        "# my check-ins\n\n" + "\n".join(custom) + "\n"
    )
    index = date(2026, 11, 24).toordinal() % 100
    expected = (list(CHECKIN) + custom)[index]
    assert run.json("agenda", "--with", "alice")["checkin"] == expected


@pytest.mark.parametrize(
    ("args", "code", "fragment"),
    [
        (("agenda", "99"), 3, "No meeting with id 99"),
        (("agenda", "--with", "nobody"), 3, "No person with handle 'nobody'"),
        (("agenda", "--format", "pdf"), 2, "Cannot use 'pdf' as a format"),
        (("agenda", "1", "--with", "alice"), 2, "Give a meeting id or --with, not both."),
    ],
)
def test_bad_input(
    run: Run, journal: None, args: tuple[str, ...], code: int, fragment: str
) -> None:
    assert fragment in run.fails(code, *args).stderr


def test_no_meeting_to_plan_says_how_to_schedule(run: Run) -> None:
    run.ok("person", "add", "zed", "--name", "Zed", "--role", "peer", "--tz", "UTC")
    result = run.fails(3, "agenda", "--with", "zed")
    assert result.stderr == (
        "Error: No upcoming meeting with zed; schedule one with `mentorlog meeting add "
        "--with zed --at WHEN`.\n"
    )


def test_hostile_text_stays_harmless_in_the_agenda(run: Run, journal: None) -> None:
    run.ok("topic", "add", "Escape \x1b[2J here", "--with", "alice")
    md = run.ok("agenda", "--with", "alice").stdout
    assert "\x1b" not in md
    assert "Escape \\x1b[2J here" in md


def test_since_last_time_has_milestones_and_notes_but_private_ones_only_when_asked(
    run: Run, journal: None
) -> None:
    run.ok("milestone", "add", "Abstract accepted", "--with", "alice", "--on", "2026-11-19")
    run.ok("milestone", "add", "Before the last call", "--with", "alice", "--on", "2026-11-16")
    run.ok("milestone", "add", "Bo's win", "--with", "bo")
    run.ok("note", "add", "Alice liked the outline\nand more", "--with", "alice")
    run.ok("note", "add", "I doubt the talk idea", "--with", "alice", "--private")
    run.ok("note", "add", "Not about Alice")
    md = run.ok("agenda", "--with", "alice").stdout
    assert "- Milestone: Abstract accepted" in md
    assert "- Note: Alice liked the outline …" in md
    for absent in ("Before the last call", "Bo's win", "Not about Alice", "I doubt"):
        assert absent not in md
    data = run.json("agenda", "--with", "alice")
    assert "I doubt" not in json.dumps(data)
    assert [c["kind"] for c in data["since"]] == ["milestone", "progress", "note"]
    shown = run.ok("agenda", "--with", "alice", "--private").stdout
    assert "- Note: I doubt the talk idea *(private)*" in shown


def test_private_notes_are_never_saved_on_a_meeting(run: Run, journal: None) -> None:
    result = run.fails(2, "agenda", "--with", "alice", "--private", "--save")
    assert result.stderr == (
        "Error: Private notes are never saved on a meeting; drop --private to save the agenda.\n"
    )


def test_feedback_to_discuss(run: Run, journal: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MENTORLOG_NOW", "2026-11-16T10:00:00+01:00")
    run.ok("feedback", "add", "Before the last call", "--from", "alice")
    monkeypatch.setenv("MENTORLOG_NOW", "2026-11-21T11:15:00+01:00")
    run.ok("feedback", "add", "Your outline was clear", "--from", "alice", "--rating", "5")
    run.ok("feedback", "add", "Thanks for the intro to Kim", "--to", "alice")
    run.ok("feedback", "add", "For Bo", "--to", "bo")
    md = run.ok("agenda", "--with", "alice").stdout
    assert sections(md)[-2:] == ["## Feedback to discuss", "## Reflection"]
    assert "- From Alice Chen: Your outline was clear (★★★★★) (feedback 2)" in md
    assert "- You to Alice Chen: Thanks for the intro to Kim (feedback 3)" in md
    assert "Before the last call" not in md
    assert "For Bo" not in md
    assert [f["id"] for f in run.json("agenda", "--with", "alice")["feedback"]] == [2, 3]
