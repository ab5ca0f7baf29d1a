"""`mentorlog report` over a journal built up through three months of real commands.

The clock ends at Sat 21 Nov 2026, 11:15 Berlin, so the default period runs from Sun 23 Aug
2026, midnight. Sam meets Alice (cadence 2w) every other Tuesday at 09:00 Berlin from 4 Aug,
with 13 Oct cancelled; Bo (cadence 1w) every Monday at 15:00 UTC from 7 Sep to 5 Oct; and
both of them once, on Tue 3 Nov. Cleo has no meetings and no cadence.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest

from conftest import NOW, Run, build_home, copy_home

SECRET = "SECRET-PRIVATE-TEXT"

# (clock, command): the journal, in the order it was written.
HISTORY: list[tuple[str, tuple[str, ...]]] = [
    ("2026-08-01T10:00:00+02:00", ("config", "set", "name", "Sam Rivera")),
    ("2026-08-01T10:00:00+02:00", ("person", "add", "alice", "--name", "Alice Chen", "--role",
                                   "mentor", "--tz", "Asia/Tokyo", "--cadence", "2w")),
    ("2026-08-01T10:00:00+02:00", ("person", "add", "bo", "--name", "Bo Lindqvist", "--role",
                                   "mentee", "--tz", "UTC", "--cadence", "1w")),
    ("2026-08-01T10:00:00+02:00", ("person", "add", "cleo", "--name", "Cleo Park", "--role",
                                   "peer", "--tz", "Europe/Berlin")),
    ("2026-08-01T10:00:00+02:00", ("meeting", "add", "--with", "alice", "--at", "2026-08-04 09:00",
                                   "--every", "2w")),
    ("2026-08-01T10:00:00+02:00", ("meeting", "add", "--with", "bo", "--at", "2026-09-07 15:00",
                                   "--tz", "UTC", "--every", "weekly", "--until", "2026-10-05")),
    ("2026-08-01T10:00:00+02:00", ("meeting", "add", "--with", "alice", "--with", "bo", "--at",
                                   "2026-11-03 14:00", "--title", "Three-way check-in")),
    ("2026-08-01T10:00:00+02:00", ("goal", "add", "Give a conference talk", "--with", "alice")),
    ("2026-08-01T10:00:00+02:00", ("goal", "add", "Learn Rust", "--due", "2026-12-31")),
    ("2026-08-01T10:00:00+02:00", ("goal", "add", "Write a blog series", "--with", "alice")),
    ("2026-08-01T10:00:00+02:00", ("goal", "add", "Old goal")),
    ("2026-08-05T12:00:00+02:00", ("feedback", "add", "Old feedback", "--from", "alice",
                                   "--rating", "1", "--tag", "old-theme")),
    ("2026-08-10T12:00:00+02:00", ("goal", "progress", "1", "20")),
    ("2026-08-15T12:00:00+02:00", ("goal", "done", "4")),
    ("2026-08-15T12:00:00+02:00", ("milestone", "add", "Old milestone", "--on", "2026-08-10")),
    ("2026-09-01T12:00:00+02:00", ("goal", "add", "Mentor Bo through onboarding", "--with", "bo",
                                   "--due", "2026-11-01")),
    ("2026-09-05T12:00:00+02:00", ("goal", "progress", "3", "20")),
    ("2026-09-10T12:00:00+02:00", ("goal", "progress", "2", "10")),
    ("2026-10-01T12:00:00+02:00", ("goal", "progress", "1", "60", "--note", "Abstract accepted")),
    ("2026-10-02T12:00:00+02:00", ("feedback", "add", "Your talk outline is clear; cut the intro",
                                   "--from", "alice", "--rating", "5", "--tag", "speaking",
                                   "--tag", "structure")),
    ("2026-10-08T12:00:00+02:00", ("feedback", "add", "Good first PR; add tests next time",
                                   "--to", "bo", "--rating", "4", "--tag", "code-review")),
    ("2026-10-10T12:00:00+02:00", ("goal", "progress", "5", "50")),
    ("2026-10-20T12:00:00+02:00", ("goal", "drop", "3", "--note", "No time this quarter")),
    ("2026-10-27T18:00:00+01:00", ("note", "add", "Alice suggested a lightning talk first",
                                   "--with", "alice")),
    ("2026-10-28T18:00:00+01:00", ("note", "add", f"I feel nervous about {SECRET}", "--with",
                                   "alice", "--private", "--tag", "secret-tag")),
    ("2026-11-04T12:00:00+01:00", ("feedback", "add", "Great Q&A handling", "--from", "alice",
                                   "--rating", "4", "--tag", "speaking")),
    ("2026-11-05T12:00:00+01:00", ("goal", "done", "1", "--note", "Talk given at PyCon")),
    ("2026-11-12T12:00:00+01:00", ("goal", "progress", "2", "35")),
    (NOW, ("milestone", "add", "First PR merged", "--on", "2026-09-20", "--with", "bo")),
    (NOW, ("meeting", "cancel", "1", "--occurrence", "2026-10-13")),
    (NOW, ("meeting", "done", "1", "--occurrence", "2026-08-18", "--rating", "1")),
    (NOW, ("meeting", "done", "1", "--occurrence", "2026-09-01", "--rating", "4")),
    (NOW, ("meeting", "done", "1", "--occurrence", "2026-09-15", "--rating", "5")),
    (NOW, ("meeting", "done", "1", "--occurrence", "2026-10-27")),
    (NOW, ("meeting", "done", "1", "--occurrence", "2026-11-10", "--rating", "3")),
    (NOW, ("meeting", "done", "2", "--occurrence", "2026-09-07", "--rating", "5")),
    (NOW, ("meeting", "done", "3", "--rating", "4")),
    (NOW, ("action", "add", "Send Alice the outline", "--due", "2026-11-19", "--with", "alice")),
    (NOW, ("action", "add", "Review Bo's PR", "--with", "bo")),
    (NOW, ("action", "add", "Share slides", "--owner", "alice", "--due", "2026-11-30")),
    (NOW, ("action", "add", "Finished thing", "--with", "bo")),
    (NOW, ("action", "done", "4")),
    (NOW, ("topic", "add", "Ask about conference budget", "--with", "alice")),
    (NOW, ("topic", "add", "Pairing schedule", "--with", "bo")),
]  # fmt: skip


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The journal of HISTORY, built once for the module."""
    return build_home(tmp_path_factory.mktemp("report") / "home", HISTORY)


@pytest.fixture
def journal(built: Path, isolated_env: Path) -> None:
    copy_home(built, isolated_env)


def sections(markdown: str) -> list[str]:
    return [line for line in markdown.splitlines() if line.startswith("#")]


def test_the_markdown_report_has_every_section_in_order(run: Run, journal: None) -> None:
    md = run.ok("report").stdout
    assert sections(md) == [
        "# Progress report: Sam Rivera — 23 Aug to 21 Nov 2026",
        "## Meetings",
        "## Goals",
        "### Completed",
        "### In progress",
        "### Dropped",
        "## Milestones",
        "## Feedback",
        "### Received",
        "### Given",
        "## Open items",
        "### Action items",
        "### Talking points",
        "## Shared notes",
    ]
    assert md.splitlines()[2:4] == [
        "From Sun 23 Aug 2026 to Sat 21 Nov 2026 11:15 (Europe/Berlin).",
        "Open items are as they stand today.",
    ]


def test_meetings_count_held_rated_and_check_the_cadence(run: Run, journal: None) -> None:
    md = run.ok("report").stdout
    expected = """\
- **Alice Chen** (mentor): 5 meetings held, 1 cancelled, 1 not marked
  - Not marked held or cancelled, so not counted: Tue 29 Sep
  - Average rating 4.0 out of 5, from 4 ratings
  - Last met Tue 10 Nov
  - Cadence every 2 weeks: **not kept** — longest gap 42 days (Tue 15 Sep to Tue 27 Oct), \
more than 2 weeks plus 3 days.
- **Bo Lindqvist** (mentee): 2 meetings held, 4 not marked
  - Not marked held or cancelled, so not counted: Mon 14 Sep, Mon 21 Sep, Mon 28 Sep, Mon 5 Oct
  - Average rating 4.5 out of 5, from 2 ratings
  - Last met Tue 3 Nov
  - Cadence every week: **not kept** — longest gap 57 days (Mon 7 Sep to Tue 3 Nov), \
more than 1 week plus 3 days.
- **Cleo Park** (peer): no meetings
  - No cadence set.

A cadence is kept when no gap between meetings held is longer than the cadence plus 3 days'
grace; gaps are counted from the start of the period (or the day the person was added) to its
end.
"""
    assert expected in md
    # The rating of 18 Aug (1 star) and the held occurrence that day are before the period;
    # Tue 29 Sep was not marked, so it is listed apart and not counted as met.
    [alice, bo, cleo] = run.json("report")["meetings"]
    assert alice.pop("unmarked") == [
        {
            "meeting": 1, "title": "Mentoring with Alice Chen", "people": ["alice"],
            "start": "2026-09-29T09:00:00+02:00", "start_utc": "2026-09-29T07:00:00+00:00",
            "end_utc": "2026-09-29T07:45:00+00:00", "tz": "Europe/Berlin", "duration": 45,
            "status": "scheduled", "rating": None, "moved_from": None,
            "done": "mentorlog meeting done 1 --occurrence '2026-09-29 09:00'",
            "cancel": "mentorlog meeting cancel 1 --occurrence '2026-09-29 09:00'",
        }
    ]  # fmt: skip
    assert alice == {
        "person": "alice", "name": "Alice Chen", "role": "mentor",
        "meetings": 5, "held": 5, "cancelled": 1,
        "rating": {"average": 4.0, "count": 4},
        "last": "2026-11-10T09:00:00+01:00",
        "cadence": {
            "every": "2w", "kept": False, "grace_days": 3,
            "longest_gap": {"from": "2026-09-15", "to": "2026-10-27", "days": 42},
        },
    }  # fmt: skip
    assert (bo["meetings"], bo["held"], bo["cancelled"], bo["rating"]) == (
        2, 2, 0, {"average": 4.5, "count": 2},
    )  # fmt: skip
    assert [u["start"][:10] for u in bo["unmarked"]] == [
        "2026-10-05", "2026-09-28", "2026-09-21", "2026-09-14",
    ]  # fmt: skip
    assert bo["cadence"]["longest_gap"] == {"from": "2026-09-07", "to": "2026-11-03", "days": 57}
    assert (cleo["meetings"], cleo["rating"], cleo["last"], cleo["cadence"]) == (
        0,
        None,
        None,
        None,
    )


def test_goals_completed_progressed_dropped_and_overdue(run: Run, journal: None) -> None:
    md = run.ok("report").stdout
    assert (
        """\
1 completed, 2 in progress (1 overdue), 1 dropped.

### Completed

- Give a conference talk: 20% → 100% (+80), completed Thu 5 Nov (Talk given at PyCon) (goal 1)

### In progress

- Mentor Bo through onboarding: 0% → 50% (+50), due Sun 1 Nov (**overdue 2 weeks**) (goal 5)
- Learn Rust: 0% → 35% (+35), due Thu 31 Dec (in 5 weeks) (goal 2)

### Dropped

- Write a blog series: 0% → 20% (+20), dropped Tue 20 Oct (No time this quarter) (goal 3)
"""
        in md
    )
    assert "Old goal" not in md  # done before the period
    goals = run.json("report")["goals"]
    assert [(g["id"], g["progress_start"], g["progress_end"]) for g in goals["in_progress"]] == [
        (5, 0, 50),
        (2, 0, 35),
    ]
    [done] = goals["completed"]
    assert (done["id"], done["status"], done["ended"], done["note"]) == (
        1, "done", "2026-11-05T12:00:00+01:00", "Talk given at PyCon",
    )  # fmt: skip
    assert [(g["id"], g["ended"]) for g in goals["dropped"]] == [(3, "2026-10-20T12:00:00+02:00")]
    assert goals["overdue"] == [5]


def test_milestones_feedback_open_items_and_notes(run: Run, journal: None) -> None:
    md = run.ok("report").stdout
    for expected in (
        "- Sun 20 Sep: First PR merged (with Bo Lindqvist)",
        "- Thu 5 Nov: Give a conference talk (with Alice Chen) — Talk given at PyCon",
        "- Received: 2, average rating 4.5 out of 5 from 2",
        "- Given: 1, average rating 4.0 out of 5 from 1",
        "- Themes: speaking (2), code-review (1), structure (1)",
        "- Fri 2 Oct, from Alice Chen: Your talk outline is clear; cut the intro (rating 5/5) "
        "#speaking #structure",
        "- Wed 4 Nov, from Alice Chen: Great Q&A handling (rating 4/5) #speaking",
        "- Thu 8 Oct, to Bo Lindqvist: Good first PR; add tests next time (rating 4/5) "
        "#code-review",
        "**Yours**\n\n- [ ] Send Alice the outline, due Thu 19 Nov (**overdue 2 days**) (action 1)"
        "\n- [ ] Review Bo's PR (action 2)\n\n**Alice Chen**\n\n"
        "- [ ] Share slides, due Mon 30 Nov (in 9 days) (action 3)",
        "- Ask about conference budget (with Alice Chen) (topic 1)",
        "- Pairing schedule (with Bo Lindqvist) (topic 2)",
        "- Tue 27 Oct: Alice suggested a lightning talk first (with Alice Chen)",
    ):
        assert expected in md
    for before_the_period in ("Old milestone", "Old feedback", "old-theme", "Finished thing"):
        assert before_the_period not in md
    data = run.json("report")
    assert [m["title"] for m in data["milestones"]] == ["Give a conference talk", "First PR merged"]
    feedback = data["feedback"]
    assert (feedback["received"]["count"], feedback["received"]["rating"]) == (
        2, {"average": 4.5, "count": 2},
    )  # fmt: skip
    assert [f["id"] for f in feedback["received"]["items"]] == [4, 2]
    assert feedback["themes"] == [
        {"tag": "speaking", "count": 2},
        {"tag": "code-review", "count": 1},
        {"tag": "structure", "count": 1},
    ]
    actions = data["open_items"]["actions"]
    assert [(a["id"], a["overdue"]) for a in actions] == [(1, True), (3, False), (2, False)]
    assert [t["id"] for t in data["open_items"]["topics"]] == [1, 2]
    assert [n["text"] for n in data["notes"]] == ["Alice suggested a lightning talk first"]


def test_json_is_one_object_with_the_period(run: Run, journal: None) -> None:
    data = run.json("report")
    assert data == json.loads(run.ok("report", "--format", "json").stdout)
    assert data["author"] == "Sam Rivera"
    assert data["person"] is None
    assert data["generated"] == NOW
    assert data["period"] == {
        "since": "2026-08-23T00:00:00+02:00",
        "until": NOW,
        "first_day": "2026-08-23",
        "last_day": "2026-11-21",
    }
    assert list(data) == [
        "author", "person", "period", "generated", "meetings", "goals", "milestones",
        "feedback", "open_items", "notes",
    ]  # fmt: skip


def test_with_one_person_keeps_only_that_relationship(run: Run, journal: None) -> None:
    md = run.ok("report", "--with", "ALICE").stdout
    assert md.startswith("# Progress report: Sam Rivera with Alice Chen — 23 Aug to 21 Nov 2026\n")
    for elsewhere in ("Bo Lindqvist", "Cleo", "Learn Rust", "Review Bo's PR", "Pairing schedule",
                      "Good first PR", "First PR merged"):  # fmt: skip
        assert elsewhere not in md
    data = run.json("report", "--with", "alice")
    assert data["person"] == "alice"
    assert [m["person"] for m in data["meetings"]] == ["alice"]
    assert [g["id"] for g in data["goals"]["completed"] + data["goals"]["dropped"]] == [1, 3]
    assert data["goals"]["in_progress"] == []
    assert (data["feedback"]["received"]["count"], data["feedback"]["given"]["count"]) == (2, 0)
    assert [a["id"] for a in data["open_items"]["actions"]] == [1, 3]
    assert [t["id"] for t in data["open_items"]["topics"]] == [1]


def test_a_private_note_never_appears_anywhere(run: Run, journal: None, tmp_path: Path) -> None:
    outputs = [
        run.ok("report").stdout,
        run.ok("report", "--json").stdout,
        run.ok("report", "--with", "alice").stdout,
        run.ok("report", "--with", "alice", "--json").stdout,
        run.ok("report", "--since", "2026-10-28", "--until", "2026-10-28").stdout,
    ]
    for name, extra in (("r.md", ()), ("r.json", ("--json",))):
        run.ok("report", "--out", str(tmp_path / name), *extra)
        outputs.append((tmp_path / name).read_text())
    for output in outputs:
        assert SECRET not in output
        assert "secret-tag" not in output
        assert "nervous" not in output
    # The note is there, and shown where private notes belong.
    assert SECRET in run.ok("note", "list", "--private").stdout


def test_a_period_reads_history_as_it_stood(run: Run, journal: None) -> None:
    data = run.json("report", "--since", "2026-10-01", "--until", "2026-10-31")
    assert data["period"] == {
        "since": "2026-10-01T00:00:00+02:00",
        "until": "2026-10-31T23:59:59+01:00",
        "first_day": "2026-10-01",
        "last_day": "2026-10-31",
    }
    alice, bo, _ = data["meetings"]
    assert (alice["meetings"], alice["held"], alice["cancelled"], alice["rating"]) == (
        1, 1, 1, None,
    )  # fmt: skip
    assert alice["cadence"]["longest_gap"] == {"from": "2026-10-01", "to": "2026-10-27", "days": 26}
    # 5 Oct, not marked held: not counted as met, listed apart.
    assert (bo["meetings"], bo["held"]) == (0, 0)
    assert [u["start"] for u in bo["unmarked"]] == ["2026-10-05T15:00:00+00:00"]
    goals = data["goals"]
    # Goal 1 was completed later: in October it was in progress, 20% -> 60%.
    assert [(g["id"], g["progress_start"], g["progress_end"]) for g in goals["in_progress"]] == [
        (5, 0, 50),
        (2, 10, 10),
        (1, 20, 60),
    ]
    assert goals["completed"] == []
    assert [g["id"] for g in goals["dropped"]] == [3]
    assert goals["overdue"] == []  # goal 5 was due 1 Nov, after the period
    assert data["milestones"] == []
    assert [f["id"] for f in data["feedback"]["received"]["items"]] == [2]
    assert [f["id"] for f in data["feedback"]["given"]["items"]] == [3]
    md = run.ok("report", "--since", "2026-10-01", "--until", "2026-10-31").stdout
    assert md.startswith("# Progress report: Sam Rivera — 1 Oct to 31 Oct 2026\n")
    assert "From Thu 1 Oct 2026 through Sat 31 Oct 2026 (Europe/Berlin)" in md
    assert "- Learn Rust: 10%, no change, due Thu 31 Dec (in 5 weeks) (goal 2)" in md


def test_until_a_day_includes_all_of_it_and_an_instant_cuts_there(run: Run, journal: None) -> None:
    whole_day = run.json("report", "--since", "2026-10-27", "--until", "2026-10-27")
    assert [n["id"] for n in whole_day["notes"]] == [1]  # written 27 Oct 18:00
    assert whole_day["meetings"][0]["meetings"] == 1  # 27 Oct 09:00
    noon = run.json("report", "--since", "2026-10-27", "--until", "2026-10-27 12:00")
    assert noon["period"]["until"] == "2026-10-27T12:00:00+01:00"
    assert noon["notes"] == []
    assert noon["meetings"][0]["meetings"] == 1
    assert run.json("report", "--since", "2026-10-27 10:00")["meetings"][0]["meetings"] == 2


def test_future_meetings_in_the_period_are_not_counted(run: Run, journal: None) -> None:
    data = run.json("report", "--with", "alice", "--until", "2026-11-30")
    [alice] = data["meetings"]
    assert alice["meetings"] == 5  # held; not Tue 24 Nov, still to come
    assert len(alice["unmarked"]) == 1  # Tue 29 Sep
    assert alice["cadence"]["longest_gap"]["to"] == "2026-10-27"
    assert data["period"]["last_day"] == "2026-11-30"


def test_a_kept_cadence_says_so(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MENTORLOG_NOW", "2026-08-01T10:00:00+02:00")
    run.ok("person", "add", "dana", "--name", "Dana Ortiz", "--role", "mentee", "--tz", "UTC",
           "--cadence", "weekly")  # fmt: skip
    run.ok("meeting", "add", "--with", "dana", "--at", "2026-08-03 10:00", "--every", "weekly")
    monkeypatch.setenv("MENTORLOG_NOW", NOW)
    md = run.ok("report").stdout
    # Not marked, they are not meetings held, and no cadence is kept by them.
    assert "- **Dana Ortiz** (mentee): no meetings, 13 not marked" in md
    assert "Cadence every week: **not kept** — longest gap 90 days" in md
    for day in range(13):  # Mon 24 Aug to Mon 16 Nov
        on = date(2026, 8, 24) + timedelta(weeks=day)
        run.ok("meeting", "done", "1", "--occurrence", on.isoformat())
    md = run.ok("report").stdout
    assert "- **Dana Ortiz** (mentee): 13 meetings held" in md
    assert "Cadence every week: kept — longest gap 7 days (Mon 24 Aug to Mon 31 Aug)." in md
    run.ok("meeting", "cancel", "1", "--occurrence", "2026-10-12")
    [dana] = run.json("report")["meetings"]
    assert (dana["meetings"], dana["cancelled"]) == (12, 1)
    assert dana["cadence"]["kept"] is False
    assert dana["cadence"]["longest_gap"] == {"from": "2026-10-05", "to": "2026-10-19", "days": 14}


def test_archived_people_appear_only_when_met_in_the_period(run: Run, journal: None) -> None:
    run.ok("person", "archive", "cleo")
    run.ok("person", "archive", "bo")
    handles = [m["person"] for m in run.json("report")["meetings"]]
    assert handles == ["alice", "bo"]


def test_out_writes_the_document_and_says_so(run: Run, journal: None, tmp_path: Path) -> None:
    target = tmp_path / "review.md"
    result = run.ok("report", "--out", str(target))
    assert result.stdout == ""
    assert result.stderr.strip() == f"Wrote the report to {target}."
    assert target.read_text() == run.ok("report").stdout
    as_json = tmp_path / "review.json"
    run.ok("report", "--format", "json", "--out", str(as_json))
    assert json.loads(as_json.read_text()) == run.json("report")


@pytest.mark.parametrize("where", ["folder", "missing"])
def test_out_to_a_folder_or_a_missing_folder_fails_cleanly(
    run: Run, journal: None, tmp_path: Path, journal_bytes: Callable[[], bytes], where: str
) -> None:
    before = journal_bytes()
    target = tmp_path if where == "folder" else tmp_path / "nope" / "r.md"
    result = run.fails(7, "report", "--out", str(target))
    expected = (
        f"Error: Cannot write to {tmp_path}: it is a folder; give a file name.\n"
        if where == "folder"
        else f"Error: Cannot write to {target}: the folder {target.parent} does not exist.\n"
    )
    assert result.stderr == expected
    assert not (tmp_path / "nope").exists()
    assert journal_bytes() == before


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("--since", "someday"), 2,
         "Cannot read 'someday' as a --since date; write it like 2026-12-01, 'Dec 1', 'fri' or "
         "'in 2 weeks'."),
        (("--until", "2026-02-30"), 2,
         "Cannot read '2026-02-30' as a --until date; write it like 2026-12-01, 'Dec 1', 'fri' "
         "or 'in 2 weeks'."),
        (("--since", "1/2/2026"), 2,
         "'1/2/2026' is ambiguous (day/month or month/day?); write it as 2026-01-02 or "
         "2 Jan 2026."),
        (("--since", "tomorrow"), 2,
         "--since 'tomorrow' (22 Nov 2026 00:00) is not before now (21 Nov 2026 11:15); give a "
         "day in the past, e.g. '30 days ago'."),
        (("--since", "2026-11-01", "--until", "2026-10-01"), 2,
         "--since '2026-11-01' (1 Nov 2026 00:00) is not before --until '2026-10-01' (the end "
         "of 1 Oct 2026); give a --since earlier than the --until."),
        (("--until", "2026-01-01"), 2,
         "--until '2026-01-01' (the end of 1 Jan 2026) is before the default start, 90 days "
         "ago (23 Aug 2026 00:00); give a --since as well."),
        (("--with", "alicia"), 3,
         "No person with handle 'alicia'. Did you mean 'alice'? See `mentorlog person list "
         "--all`."),
        (("--format", "xml"), 2, "Cannot use 'xml' as a format; choose one of md, json."),
        (("--format", "text"), 2, "Cannot use 'text' as a format; choose one of md, json."),
    ],
)  # fmt: skip
def test_bad_values_are_one_sentence_and_write_nothing(
    run: Run,
    journal: None,
    journal_bytes: Callable[[], bytes],
    tmp_path: Path,
    args: tuple[str, ...],
    code: int,
    message: str,
) -> None:
    before = journal_bytes()
    target = tmp_path / "report.md"
    result = run.fails(code, "report", *args, "--out", str(target))
    assert result.stderr == f"Error: {message}\n"
    assert not target.exists()
    assert journal_bytes() == before


def test_an_empty_journal_gives_a_short_report(
    run: Run, journal_bytes: Callable[[], bytes]
) -> None:
    md = run.ok("report").stdout
    assert md.startswith("# Progress report: me — 23 Aug to 21 Nov 2026\n")
    for line in (
        "Nobody in the journal yet, so no meetings.",
        "No goals in this period.",
        "No milestones in this period.",
        "No feedback in this period.",
        "No open action items.",
        "No talking points queued.",
        "No shared notes in this period.",
    ):
        assert line in md
    assert len(md.splitlines()) < 40
    data = run.json("report")
    assert data["meetings"] == data["milestones"] == data["notes"] == []
    assert data["goals"] == {"completed": [], "in_progress": [], "dropped": [], "overdue": []}
    assert data["feedback"]["received"] == {"count": 0, "rating": None, "items": []}
    assert journal_bytes() == b""  # reading never creates the journal


def test_user_text_is_shown_harmlessly(run: Run) -> None:
    run.ok("goal", "add", "Evil \x1b[31mred\x1b[0m goal")
    md = run.ok("report").stdout
    assert "\x1b" not in md
    assert "- Evil \\x1b[31mred\\x1b[0m goal: 0%, no change (goal 1)" in md


def test_help_names_the_default_period(run: Run) -> None:
    assert "report" in run.ok("--help").stdout
    help_text = run.ok("report", "--help").stdout
    assert "90 days" in help_text
    assert "Example: mentorlog report" in help_text


def test_notes_are_listed_in_the_order_they_were_written_whatever_the_zone(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    """09:30 in London is later than 10:00 in Berlin (09:00 UTC), though its text sorts
    first: notes are ordered by their instants, not by the text of their stamps."""
    monkeypatch.setenv("MENTORLOG_TZ", "Europe/London")
    monkeypatch.setenv("MENTORLOG_NOW", "2026-11-10T09:30:00+00:00")
    run.ok("note", "add", "Written in London")
    monkeypatch.setenv("MENTORLOG_TZ", "Europe/Berlin")
    monkeypatch.setenv("MENTORLOG_NOW", "2026-11-10T10:00:00+01:00")
    run.ok("note", "add", "Written in Berlin")
    monkeypatch.setenv("MENTORLOG_NOW", NOW)
    md = run.ok("report").stdout
    assert "- Tue 10 Nov: Written in Berlin\n- Tue 10 Nov: Written in London\n" in md
