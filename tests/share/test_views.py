"""What is shared with a person (`share.views.shared_views`) and its objects (`to_ics`)."""

from __future__ import annotations

import pytest

from conftest import Run
from inprocess import invoke
from mentorlog.share.views import component_of, to_ics
from share_journals import by_kind, relationship, views_of


@pytest.fixture
def shared(run: Run) -> None:
    relationship(run)


def test_exactly_what_is_shared_with_her(shared: None) -> None:
    views = views_of("ana")
    assert sorted(v["title"] for v in by_kind(views, "meeting")) == ["One-off", "Weekly sync"]
    assert sorted(v["text"] for v in by_kind(views, "action")) == ["Review the CV", "Send the CV"]
    assert [v["text"] for v in by_kind(views, "topic")] == ["Conference talk"]
    assert [v["title"] for v in by_kind(views, "goal")] == ["Get promoted"]
    assert [v["title"] for v in by_kind(views, "milestone")] == ["First talk"]
    assert [v["text"] for v in by_kind(views, "note")] == ["Shared note"]
    assert {v["kind"] for v in views.values()} == {
        "meeting", "action", "topic", "goal", "milestone", "note",
    }  # fmt: skip
    assert all(uid == v["uid"] for uid, v in views.items())
    text = repr(views)
    for marker in ("BOB", "PRIVATENOTE", "FEEDBACKTEXT", "REFLECTIONTEXT", "DONETOPIC"):
        assert marker not in text
    assert "DELETEDACTION" not in text


def test_nothing_for_someone_unknown(shared: None) -> None:
    assert views_of("nobody") == {}


def test_bob_gets_only_his_own(shared: None) -> None:
    views = views_of("bob")
    assert sorted(v.get("title") or v.get("text") for v in views.values()) == [
        "BOBACTION",
        "BOBGOAL",
        "BOBMEETING",
    ]


def test_owner_is_a_side_of_the_relationship(shared: None) -> None:
    owners = {v["text"]: v["owner"] for v in by_kind(views_of("ana"), "action")}
    # She is my mentee: her actions are the mentee's, mine the mentor's, in both homes.
    assert owners == {"Send the CV": "mentee", "Review the CV": "mentor"}
    assert [v["owner"] for v in by_kind(views_of("bob"), "action")] == ["mentor"]


def test_between_peers_the_owner_is_a_name(run: Run) -> None:
    run.ok("person", "add", "kim", "--name", "Kim Park", "--role", "peer", "--tz", "UTC")
    run.ok("action", "add", "Theirs", "--owner", "kim")
    run.ok("action", "add", "Mine", "--with", "kim")
    owners = {v["text"]: v["owner"] for v in by_kind(views_of("kim", me="Lee Chan"), "action")}
    assert owners == {"Theirs": "Kim Park", "Mine": "Lee Chan"}


def test_meeting_view_fields(shared: None, run: Run) -> None:
    run.ok("meeting", "cancel", "1", "--occurrence", "2026-12-01 15:00")
    run.ok("meeting", "edit", "1", "--occurrence", "2026-12-08 15:00", "--at", "2026-12-08 10:00")
    [series] = [v for v in by_kind(views_of("ana"), "meeting") if v["rrule"]]
    assert (series["start"], series["tz"], series["duration"]) == (
        "2026-11-24T09:00:00",
        "America/New_York",
        45,
    )
    assert series["rrule"] == "FREQ=WEEKLY"
    assert series["exdates"] == ["2026-12-01T09:00:00"]
    assert series["overrides"] == [
        {
            "of": "2026-12-08T09:00:00",
            "start": "2026-12-08T10:00:00",
            "duration": None,
            "title": None,
        }
    ]
    assert series["cancelled"] is False
    assert series["sequence"] == 2


def test_saved_agenda_is_shared_without_feedback_or_reflections(shared: None, run: Run) -> None:
    run.ok("agenda", "1", "--save")
    [series] = [v for v in by_kind(views_of("ana"), "meeting") if v["rrule"]]
    assert "## Action items" in series["agenda"]
    assert "Send the CV" in series["agenda"]
    assert "FEEDBACKTEXT" not in series["agenda"]
    assert "REFLECTIONTEXT" not in series["agenda"]
    assert series["agenda_mark"] is not None


def test_to_ics_is_the_same_bytes_for_the_same_record(shared: None, run: Run) -> None:
    first = {uid: to_ics(v) for uid, v in views_of("ana").items()}
    # Later, another record changes: the unchanged ones give the same bytes.
    later = {"MENTORLOG_NOW": "2026-11-28T08:00:00+01:00"}
    result = invoke(["topic", "add", "Another point", "--with", "ana"], env=later)
    assert result.exit_code == 0
    again = {uid: to_ics(v) for uid, v in views_of("ana").items()}
    assert {uid: again[uid] for uid in first} == first
    assert len(again) == len(first) + 1


def test_each_kind_has_its_component(shared: None) -> None:
    views = views_of("ana")
    found = {v["kind"]: component_of(v) for v in views.values()}
    assert found == {
        "meeting": "VEVENT",
        "action": "VTODO",
        "topic": "VTODO",
        "goal": "VTODO",
        "milestone": "VJOURNAL",
        "note": "VJOURNAL",
    }
    for view in views.values():
        data = to_ics(view)
        assert data.startswith(b"BEGIN:VCALENDAR\r\n")
        assert f"BEGIN:{component_of(view)}\r\n".encode() in data
        assert b"METHOD:" not in data  # RFC 4791: a calendar object has no METHOD
        assert b"BEGIN:VALARM" not in data
