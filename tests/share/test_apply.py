"""Changes the other person made on the server, brought into the journal (`apply_theirs`):
journals built through the real CLI, changes applied as the engine applies them, the result
read back through the CLI. After each, the journal shares what the server holds (content),
so nothing goes back up."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import Builder, Run, build_once, copy_home
from inprocess import invoke
from mentorlog.share.shape import agenda_mark, content
from mentorlog.share.views import View, from_ics, to_ics
from profiles import examples
from share_journals import apply_here, relationship, view_of, views_of

LATER = "2026-11-22T08:00:00+00:00"


@pytest.fixture
def shared(run: Run) -> None:
    relationship(run)


def through_server(view: View) -> View:
    """A view as it reads back from the server."""
    return from_ics(to_ics(view), uid_hint=f"{view['uid']}.ics")


def settles(after: View) -> None:
    """What the journal now shares for that uid says what the server holds."""
    assert content(views_of("ana").get(after["uid"])) == content(after)


# -- to-dos ------------------------------------------------------------------------------------


def test_a_todo_ticked_done_closes_the_action_and_unticked_reopens_it(
    shared: None, run: Run
) -> None:
    before = view_of("ana", "Send the CV")
    ticked = through_server({**before, "status": "done", "completed": LATER, "updated": LATER})
    said = apply_here("ana", before, ticked)
    assert said == ["Closed action 1 (Send the CV): ticked done in their calendar."]
    shown = run.json("action", "show", "1")
    assert (shown["status"], shown["completed"]) == ("done", LATER)
    settles(ticked)
    assert apply_here("ana", before, ticked) == []  # applied twice: nothing more
    unticked = {**ticked, "status": "open", "completed": None}
    assert apply_here("ana", ticked, unticked) == [
        "Reopened action 1 (Send the CV): unticked in their calendar."
    ]
    assert run.json("action", "show", "1")["status"] == "open"


def test_a_talking_point_ticked_done_is_closed(shared: None, run: Run) -> None:
    before = view_of("ana", "Conference talk")
    apply_here("ana", before, {**before, "status": "done", "completed": LATER})
    assert run.json("topic", "show", "1")["status"] == "done"


def test_edits_to_an_action_come_back(shared: None, run: Run) -> None:
    before = view_of("ana", "Send the CV")
    after = {**before, "text": "Send the CV and cover letter", "due": "2026-12-04"}
    assert apply_here("ana", before, after) == [
        "Changed action 1 (text, due date) as they edited it."
    ]
    shown = run.json("action", "show", "1")
    assert (shown["text"], shown["due"], shown["owner"]) == (
        "Send the CV and cover letter",
        "2026-12-04",
        "ana",
    )
    settles(after)


def new_todo(*lines: str, uid: str = "phone-1") -> bytes:
    body = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Phone//EN", "BEGIN:VTODO", f"UID:{uid}"]
    body += ["DTSTAMP:20261122T080000Z", *lines, "END:VTODO", "END:VCALENDAR"]
    return ("\r\n".join(body) + "\r\n").encode()


def test_a_new_todo_from_their_phone_is_a_talking_point(shared: None, run: Run) -> None:
    after = from_ics(new_todo("SUMMARY:Ask about the offsite"), uid_hint="phone-1.ics")
    assert apply_here("ana", None, after) == [
        "Added talking point 3 (Ask about the offsite), from ana's calendar."
    ]
    topic = run.json("topic", "show", "3")
    assert (topic["text"], topic["person"], topic["uid"]) == (
        "Ask about the offsite",
        "ana",
        "phone-1",
    )
    settles(after)
    assert apply_here("ana", None, after) == []


def test_a_new_todo_that_says_action_is_an_action_owned_by_them(shared: None, run: Run) -> None:
    raw = new_todo(
        "SUMMARY:Draft the abstract", "CATEGORIES:Action item", "DUE;VALUE=DATE:20261203"
    )
    after = from_ics(raw, uid_hint="phone-1.ics")
    apply_here("ana", None, after)
    action = next(a for a in run.json("action", "list") if a["text"] == "Draft the abstract")
    assert (action["owner"], action["due"], action["uid"]) == ("ana", "2026-12-03", "phone-1")
    assert view_of("ana", "Draft the abstract")["owner"] == "mentee"


def test_deleted_on_the_server_deletes_the_action_with_a_tombstone(shared: None, run: Run) -> None:
    before = view_of("ana", "Send the CV")
    assert apply_here("ana", before, None) == [
        "Deleted action item 1 (Send the CV): it was deleted from the shared calendar."
    ]
    run.fails(3, "action", "show", "1")
    assert before["uid"] not in views_of("ana")
    # An edit it had here would have won: the merge keeps it, and apply brings it back.
    edited = {**before, "text": "Send the CV (edited)"}
    apply_here("ana", None, edited)
    assert any(a["text"] == "Send the CV (edited)" for a in run.json("action", "list"))


# -- the owner, read in both homes ----------------------------------------------------------


def in_home(home: Path, *args: str) -> Any:
    result = invoke(args, env={"MENTORLOG_HOME": str(home)})
    assert result.exit_code == 0, (args, result.stderr)
    return result


def test_mine_in_one_home_is_theirs_in_the_other(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    mentor, mentee = tmp_path / "mentor", tmp_path / "mentee"
    in_home(mentor, "person", "add", "ana", "--name", "Ana", "--role", "mentee", "--tz", "UTC")
    in_home(mentor, "action", "add", "Ana drafts the talk", "--owner", "ana")
    in_home(mentor, "action", "add", "Bob books the room", "--with", "ana")
    in_home(mentee, "person", "add", "bob", "--name", "Bob", "--role", "mentor", "--tz", "UTC")
    monkeypatch.setenv("MENTORLOG_HOME", str(mentor))
    objects = [to_ics(v) for v in views_of("ana").values()]
    monkeypatch.setenv("MENTORLOG_HOME", str(mentee))
    for raw in objects:
        apply_here("bob", None, from_ics(raw, uid_hint="x.ics"))
    owners = {
        a["text"]: a["owner"]
        for a in json.loads(in_home(mentee, "action", "list", "--json").stdout)
    }
    assert owners == {"Ana drafts the talk": "me", "Bob books the room": "bob"}
    # The mentee's home writes the same owners on the same objects: nothing to upload.
    assert {v["uid"]: v["owner"] for v in views_of("bob").values()} == {
        from_ics(raw, uid_hint="x")["uid"]: from_ics(raw, uid_hint="x")["owner"] for raw in objects
    }


# -- meetings ----------------------------------------------------------------------------------


@pytest.fixture
def series(run: Run) -> View:
    """A weekly call with ana that began before now (Sat 21 Nov 2026): Tuesdays 09:00 New York."""
    run.ok(
        "person", "add", "ana", "--name", "Ana Li", "--role", "mentee", "--tz", "America/New_York"
    )
    run.ok(
        "meeting", "add", "--with", "ana", "--at", "2026-11-03 09:00", "--tz", "ana",
        "--every", "weekly", "--title", "Weekly sync",
    )  # fmt: skip
    return view_of("ana", "Weekly sync")


def occurrence_starts(run: Run) -> list[tuple[str, str]]:
    found = run.json("meeting", "list", "--from", "2026-11-01", "--to", "2026-12-20")
    return [(o["title"], o["start"]) for o in found if o["status"] != "cancelled"]


def test_a_series_moved_on_the_server_moves_from_the_next_occurrence_on(
    series: View, run: Run
) -> None:
    moved = through_server(
        {**series, "start": "2026-11-03T10:30:00", "sequence": 3, "updated": LATER}
    )
    said = apply_here("ana", series, moved)
    assert said == [
        "Changed meeting 1 from Tue 24 Nov 2026 09:00 America/New_York on, as they did in "
        "their calendar (the meetings before stay as they were)."
    ]
    starts = [start for _, start in occurrence_starts(run)]
    assert starts[:3] == [  # the past stays
        "2026-11-03T09:00:00-05:00",
        "2026-11-10T09:00:00-05:00",
        "2026-11-17T09:00:00-05:00",
    ]
    assert starts[3:5] == ["2026-11-24T10:30:00-05:00", "2026-12-01T10:30:00-05:00"]
    old = views_of("ana")[series["uid"]]
    assert "UNTIL=" in old["rrule"]
    assert old["sequence"] >= 3  # calendar apps never see SEQUENCE step back


def test_one_occurrence_moved_on_the_server_is_an_override(series: View, run: Run) -> None:
    moved = {
        "of": "2026-12-01T09:00:00",
        "start": "2026-12-01T13:00:00",
        "duration": None,
        "title": None,
    }
    after = through_server({**series, "overrides": [moved], "sequence": 1, "updated": LATER})
    assert apply_here("ana", series, after) == [
        "Moved meeting 1 of Tue 1 Dec 2026 09:00 America/New_York to Tue 1 Dec 2026 13:00 "
        "America/New_York, as they did in their calendar."
    ]
    assert ("Weekly sync", "2026-12-01T13:00:00-05:00") in occurrence_starts(run)
    settles(after)


def test_one_occurrence_cancelled_on_the_server(series: View, run: Run) -> None:
    after = through_server(
        {**series, "exdates": ["2026-12-08T09:00:00"], "sequence": 1, "updated": LATER}
    )
    assert apply_here("ana", series, after) == [
        "Cancelled meeting 1 on Tue 8 Dec 2026 09:00 America/New_York, as they did in their "
        "calendar."
    ]
    assert ("Weekly sync", "2026-12-08T09:00:00-05:00") not in occurrence_starts(run)
    settles(after)


def test_the_series_cancelled_or_deleted_on_the_server_cancels_it(series: View, run: Run) -> None:
    after = through_server({**series, "cancelled": True, "updated": LATER})
    assert apply_here("ana", series, after) == [
        "Cancelled meeting 1 (Weekly sync), as the shared calendar says."
    ]
    assert run.json("meeting", "show", "1")["status"] == "cancelled"
    assert apply_here("ana", after, None) == []  # cancelled already


def test_deleted_from_the_server_cancels_the_meeting(series: View, run: Run) -> None:
    apply_here("ana", series, None)
    assert run.json("meeting", "show", "1")["status"] == "cancelled"


def test_a_comment_they_add_to_the_description_is_kept_as_a_note(series: View, run: Run) -> None:
    run.ok("agenda", "1", "--save")
    before = view_of("ana", "Weekly sync")
    text = before["agenda"] + "\nCan we also talk about the offsite?"
    after = through_server({**before, "agenda": text, "updated": LATER})
    assert after["agenda_mark"] == before["agenda_mark"]  # their app kept our mark ...
    assert after["agenda_mark"] != agenda_mark(text)  # ... which no longer matches
    said = apply_here("ana", before, after)
    assert said == ["Kept what ana wrote on meeting 1 in their calendar as note 1."]
    note = run.json("note", "show", "1")
    assert (note["text"], note["people"], note["private"]) == (
        "Can we also talk about the offsite?",
        ["ana"],
        False,
    )
    assert run.json("meeting", "show", "1")["agenda"].endswith("the offsite?")


def test_an_agenda_saved_by_their_mentorlog_is_read_as_the_agenda(series: View, run: Run) -> None:
    agenda = "# Weekly sync\n\n## Talking points\n\n- The offsite"
    after = through_server(
        {**series, "agenda": agenda, "agenda_mark": agenda_mark(agenda), "updated": LATER}
    )
    assert apply_here("ana", series, after) == [
        "Read the agenda saved on meeting 1 by the other side."
    ]
    assert run.json("meeting", "show", "1")["agenda"] == agenda
    assert run.json("note", "list") == []
    settles(after)


def test_a_new_event_from_them_is_a_meeting_with_them(series: View, run: Run) -> None:
    raw = (
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Phone//EN\r\nBEGIN:VEVENT\r\n"
        b"UID:their-call\r\nDTSTAMP:20261122T080000Z\r\nDTSTART:20261127T150000Z\r\n"
        b"DTEND:20261127T153000Z\r\nSUMMARY:Quick call\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    after = from_ics(raw, uid_hint="their-call.ics")
    assert apply_here("ana", None, after) == ["Added meeting 2 (Quick call), from ana's calendar."]
    shown = run.json("meeting", "show", "2")
    assert (shown["uid"], shown["people"], shown["duration"], shown["title"]) == (
        "their-call",
        ["ana"],
        30,
        "Quick call",
    )
    settles(after)


# -- goals, milestones and notes ----------------------------------------------------------


def test_goal_title_progress_and_due_come_back(shared: None, run: Run) -> None:
    before = view_of("ana", "Get promoted")
    after = through_server(
        {**before, "title": "Get promoted to senior", "progress": 40, "due": "2027-04-01"}
    )
    assert apply_here("ana", before, after) == [
        "Changed goal 1 (title, due date) as they edited it.",
        "Goal 1 is at 40%, as their calendar says.",
    ]
    goal = run.json("goal", "show", "1")
    assert (goal["title"], goal["progress"], goal["due"]) == (
        "Get promoted to senior",
        40,
        "2027-04-01",
    )
    settles(after)
    done = {**after, "status": "done", "progress": 100, "completed": LATER}
    apply_here("ana", after, done)
    assert run.json("goal", "show", "1")["status"] == "done"


def test_a_milestone_edited_and_a_new_journal_entry(shared: None, run: Run) -> None:
    before = view_of("ana", "First talk")
    apply_here("ana", before, {**before, "title": "First conference talk", "note": "Great"})
    shown = run.json("milestone", "show", "1")
    assert (shown["title"], shown["note"]) == ("First conference talk", "Great")
    raw = (
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Phone//EN\r\nBEGIN:VJOURNAL\r\n"
        b"UID:j-1\r\nDTSTAMP:20261122T080000Z\r\nDESCRIPTION:Thanks for the intro!\r\n"
        b"END:VJOURNAL\r\nEND:VCALENDAR\r\n"
    )
    apply_here("ana", None, from_ics(raw, uid_hint="j-1.ics"))
    note = next(n for n in run.json("note", "list") if n["uid"] == "j-1")
    assert (note["text"], note["people"], note["private"]) == (
        "Thanks for the intro!",
        ["ana"],
        False,
    )


def test_what_the_journal_refuses_is_left_and_said(shared: None, run: Run) -> None:
    after = from_ics(new_todo("SUMMARY:" + "x" * 30_000), uid_hint="phone-1.ics")
    [said] = apply_here("ana", None, after)
    assert said.startswith("Left topic phone-1 as it is here: ")
    assert [t["text"] for t in run.json("topic", "list")] == ["Conference talk"]


def test_a_utc_series_takes_a_cancelled_occurrence(run: Run) -> None:
    run.ok("person", "add", "ana", "--name", "Ana", "--role", "mentee", "--tz", "Etc/UTC")
    run.ok("meeting", "add", "--with", "ana", "--at", "2026-11-24 09:00", "--tz", "Etc/UTC",
           "--every", "weekly", "--title", "UTC sync")  # fmt: skip
    before = view_of("ana", "UTC sync")
    assert before["tz"] == "UTC"
    after = through_server({**before, "exdates": ["2026-12-01T09:00:00"], "sequence": 1})
    assert len(apply_here("ana", before, after)) == 1
    settles(after)


# -- any change settles ------------------------------------------------------------------------

TEXTS = st.sampled_from(["Send the CV", "Send the CV, today", "Résumé: send it"])
DUES = st.sampled_from([None, "2026-11-30", "2026-12-24"])


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Builder:
    return build_once(tmp_path_factory, relationship)


def fresh(built: Builder, home: Path) -> None:
    shutil.rmtree(home, ignore_errors=True)
    copy_home(built.home, home)


ANY_EXAMPLE = settings(
    max_examples=examples(60),
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@ANY_EXAMPLE
@given(
    text=TEXTS,
    due=DUES,
    done=st.booleans(),
    owner=st.sampled_from(["mentor", "mentee"]),
)
def test_any_change_to_an_action_is_what_the_journal_then_shares(
    built: Builder, isolated_env: Path, text: str, due: str | None, done: bool, owner: str
) -> None:
    fresh(built, isolated_env)
    before = view_of("ana", "Send the CV")
    after = {
        **before,
        "text": text,
        "due": due,
        "owner": owner,
        "status": "done" if done else "open",
        "completed": LATER if done else None,
    }
    apply_here("ana", before, after)
    assert content(views_of("ana")[before["uid"]]) == content(after)
    assert apply_here("ana", before, after) == []


@ANY_EXAMPLE
@given(
    title=st.sampled_from(["Get promoted", "Get promoted to senior"]),
    due=DUES,
    status=st.sampled_from(["active", "done", "dropped"]),
    progress=st.integers(0, 100),
    first=st.sampled_from(["active", "done", "dropped"]),
)
def test_any_change_to_a_goal_is_what_the_journal_then_shares(
    built: Builder,
    isolated_env: Path,
    title: str,
    due: str | None,
    status: str,
    progress: int,
    first: str,
) -> None:
    fresh(built, isolated_env)
    if first != "active":
        invoke(["goal", "done" if first == "done" else "drop", "1"])
    [before] = [v for v in views_of("ana").values() if v["kind"] == "goal"]
    after = {
        **before,
        "title": title,
        "due": due,
        "status": status,
        "progress": 100 if status == "done" else progress,
        "completed": LATER if status == "done" else None,
    }
    apply_here("ana", before, after)
    assert content(views_of("ana")[before["uid"]]) == content(after)
    assert apply_here("ana", before, after) == []
