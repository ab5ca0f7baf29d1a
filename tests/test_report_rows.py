"""A report's action items, talking points, milestones, feedback and shared notes are read
from the stored records as rows (`services/report_rows.py`) without their models: each row
holds every field as the model's `from_record` reads it, and prints the same `--json`, over
records a hand edit may have left anything in; and the sieve's lists of rows are those of
the models listed the plain way."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from mentorlog import model
from mentorlog.services import report_rows, report_sieve
from mentorlog.services.report_period import ReportPeriod
from mentorlog.services.report_rows import (
    ActionRow,
    BriefGoal,
    FeedbackRow,
    MilestoneRow,
    NoteRow,
    TopicRow,
)
from mentorlog.store import Journal
from profiles import examples
from test_agenda_read import DAYS_LONG, EDGE_JOURNAL, INSTANTS, START, TODAY, journals
from test_search_read import DAYS, IDS, ODD, PERSON, PRIVATE, STAMPS, TAGS, TEXTS

WHOM = st.one_of(st.sampled_from(["alice", "bob"]), PERSON)
CHOICES = st.one_of(
    st.sampled_from(["open", "done", "given", "received", "Open", "discussed", ""]), ODD
)
RATINGS = st.one_of(st.sampled_from([1, 3, 5, 0, 6, "4", 4.0, 2.5]), ODD)
IDENTITY = {"id": IDS, "uid": TEXTS, "created": STAMPS, "updated": STAMPS}
FIELDS: dict[str, dict[str, st.SearchStrategy[Any]]] = {
    "actions": {
        "text": TEXTS,
        "owner": WHOM,
        "due": DAYS,
        "status": CHOICES,
        "meeting": IDS,
        "goal": IDS,
        "person": WHOM,
        "completed": STAMPS,
    },
    "topics": {"text": TEXTS, "person": WHOM, "status": CHOICES, "completed": STAMPS},
    "milestones": {
        "title": TEXTS,
        "on": DAYS,
        "goal": IDS,
        "person": WHOM,
        "note": TEXTS,
        "source": TEXTS,
    },
    "feedback": {
        "text": TEXTS,
        "direction": CHOICES,
        "person": WHOM,
        "at": STAMPS,
        "meeting": IDS,
        "goal": IDS,
        "rating": RATINGS,
        "tags": TAGS,
    },
    "notes": {
        "text": TEXTS,
        "at": STAMPS,
        "people": st.one_of(st.sampled_from([["alice"], ["alice", "bob"]]), TAGS),
        "tags": TAGS,
        "private": PRIVATE,
        "prompt": TEXTS,
    },
}


def read_both(kind: str, record: dict[str, Any]) -> tuple[Any, Any]:
    """The record read as a row, and the row of the model built from it."""
    if kind == "actions":
        return ActionRow.from_record(record), ActionRow.of(model.ActionItem.from_record(record))
    if kind == "topics":
        return TopicRow.from_record(record), TopicRow.of(model.Topic.from_record(record))
    if kind == "milestones":
        row = MilestoneRow.from_record(record, report_rows.milestone_on(record))
        return row, MilestoneRow.of(model.Milestone.from_record(record))
    if kind == "feedback":
        feedback = FeedbackRow.from_record(record, report_rows.at_of(record))
        return feedback, FeedbackRow.of(model.Feedback.from_record(record))
    return NoteRow.from_record(record, report_rows.at_of(record)), NoteRow.of(
        model.Note.from_record(record)
    )


def built(kind: str, record: dict[str, Any]) -> Any:
    made = {
        "actions": model.ActionItem,
        "topics": model.Topic,
        "milestones": model.Milestone,
        "feedback": model.Feedback,
        "notes": model.Note,
    }[kind]
    return made.from_record(record)


@st.composite
def records(draw: st.DrawFn, kind: str) -> dict[str, Any]:
    record = {}
    for key, values in (IDENTITY | FIELDS[kind]).items():
        if draw(st.integers(0, 5)):  # sometimes missing
            record[key] = draw(values)
    return record


def _check_row(kind: str, record: dict[str, Any]) -> None:
    row, of_model = read_both(kind, record)
    assert row == of_model
    made = built(kind, record)
    for name in row._names:  # every field, the identity's too
        assert getattr(row, name) == getattr(made, name), name
    assert row.to_json() == made.to_json()


@settings(max_examples=examples(300))
@given(
    st.sampled_from(sorted(FIELDS)).flatmap(lambda kind: st.tuples(st.just(kind), records(kind)))
)
def test_each_rows_fields_and_json_are_its_models(pair: tuple[str, dict[str, Any]]) -> None:
    _check_row(*pair)


@pytest.mark.parametrize(
    ("kind", "record"),
    [
        ("notes", {"private": "false", "at": "not a time", "created": "2026-03-01T10:00:00Z"}),
        ("notes", {"private": "no", "people": "alice", "prompt": ""}),
        ("milestones", {"on": "2026-02-30", "created": "2026-03-01T10:00:00+14:00"}),
        ("milestones", {"title": None, "goal": "3", "note": 0}),
        ("feedback", {"rating": True, "direction": 1, "tags": "x", "id": 2**60}),
        ("feedback", {"rating": "4", "direction": "given", "at": "2026-03-01"}),
        ("actions", {"owner": "", "due": "0001-01-01", "status": "Open", "id": "7"}),
        ("actions", {"owner": None, "completed": "2025-06-15T08:00:00", "meeting": 1.5}),
        ("topics", {"status": "done", "completed": "9999-12-31T23:59:59+14:00", "uid": 3}),
        ("topics", {}),
    ],
)
def test_the_odd_records_a_hand_edit_leaves(kind: str, record: dict[str, Any]) -> None:
    _check_row(kind, record)


# A usual goal as the store writes it (read as it is, `goal_values.listed`), then a field or
# two of it as a hand edit leaves it (read through the readers).
USUAL_GOAL = st.fixed_dictionaries(
    {
        "title": st.sampled_from(["Give a talk", ""]),
        "why": st.sampled_from([None, "", "to grow"]),
        "status": st.sampled_from(["active", "done", "dropped"]),
        "progress": st.integers(0, 100),
        "due": st.one_of(st.none(), DAYS),
        "person": st.sampled_from([None, "", "alice"]),
        "tags": st.lists(st.sampled_from(["x", "y", ""]), max_size=2),
        "id": st.integers(1, 10**6),
        "uid": st.sampled_from([None, "", "u-1"]),
        "completed": STAMPS,
        "created": STAMPS,
        "history": st.just([]),
    }
)
GOAL_FIELDS = {
    "title": TEXTS,
    "why": TEXTS,
    "status": CHOICES,
    "progress": st.one_of(st.sampled_from([-5, 101, 2**60, "50", 50.5]), ODD),
    "person": WHOM,
    "tags": TAGS,
    "id": IDS,
    "uid": TEXTS,
    "completed": STAMPS,
}


@st.composite
def goal_records(draw: st.DrawFn) -> dict[str, Any]:
    record = draw(USUAL_GOAL)
    for key in draw(st.lists(st.sampled_from(sorted(GOAL_FIELDS)), max_size=2)):
        if draw(st.booleans()):
            record[key] = draw(GOAL_FIELDS[key])
        else:
            record.pop(key, None)
    return record


@settings(max_examples=examples(300))
@example({"title": "a", "status": "done", "progress": 100, "tags": [], "id": 1})
@example({"title": 3, "status": "Done", "progress": 150, "tags": "x", "id": "2"})
@given(goal_records())
def test_a_goals_line_reads_it_as_a_list_builds_it(record: dict[str, Any]) -> None:
    """`BriefGoal.from_record` is `Goal.from_record(record, brief=True)`, field by field."""
    goal = model.Goal.from_record(record, brief=True)
    row = BriefGoal.from_record(record)
    assert row == BriefGoal.of(goal)
    for name in row._names:
        assert getattr(row, name) == getattr(goal, name), name


def test_usual_and_odd_goals_are_both_reached() -> None:
    """The examples above take both of `BriefGoal.from_record`'s ways."""
    from mentorlog.model.goal_values import listed

    assert listed({"title": "a", "status": "done", "progress": 100, "tags": [], "id": 1})
    assert listed({"title": 3, "status": "Done", "progress": 150, "tags": "x", "id": "2"}) is None


def test_a_row_differs_from_another_by_any_field() -> None:
    """Equality compares every field (what makes the report's comparison with the plain way
    mean something), and a row is not equal to its model."""
    record = {"id": 1, "text": "a", "person": "alice", "created": "2026-03-01T10:00:00Z"}
    row = TopicRow.from_record(record)
    assert row == TopicRow.from_record(dict(record))
    for changed in ({"id": 2}, {"text": "b"}, {"status": "done"}, {"uid": "u"}):
        assert row != TopicRow.from_record(record | changed), changed
    assert row != model.Topic.from_record(record)
    with pytest.raises(TypeError):  # unhashable, as the model's dataclass
        hash(row)
    assert "text='a'" in repr(row)
    assert "id=1" in repr(row)


@settings(max_examples=examples(200))
@example(EDGE_JOURNAL, "alice", START, 0)
@example(EDGE_JOURNAL, "", START, 0)
@example(EDGE_JOURNAL, None, START - timedelta(days=1), 1)
@given(journals(), st.sampled_from([None, "alice", "bob", ""]), INSTANTS, DAYS_LONG)
def test_the_reports_notes_feedback_and_actions_are_read_as_built(
    journal: Journal, handle: str | None, start: datetime, days: int
) -> None:
    """`report_sieve.notes_in`, `feedback_in` and `open_actions`: what the notes, feedback
    and actions services list, filtered as the plain report filters them, as rows."""
    from mentorlog.services.actions import list_actions
    from mentorlog.services.feedback import list_feedback
    from mentorlog.services.notes import list_notes

    person = handle or None
    period = ReportPeriod(since=start, until=start + timedelta(days=days, seconds=1))
    notes = [
        NoteRow.of(n)
        for n in list_notes(journal, person=person, private=False)
        if not n.private and period.holds(n.at)
    ]
    assert report_sieve.notes_in(journal, period, person) == notes
    feedback = [
        FeedbackRow.of(f) for f in list_feedback(journal, person=person) if period.holds(f.at)
    ]
    assert report_sieve.feedback_in(journal, period, person) == feedback
    actions = [ActionRow.of(a) for a in list_actions(journal, today=TODAY, person=person)]
    assert report_sieve.open_actions(journal, TODAY, person) == actions


def test_the_edge_journal_gives_each_list_something() -> None:
    """The examples above reach each list: a shared note, feedback and an open action."""
    period = ReportPeriod(since=START, until=START + timedelta(days=1))
    assert report_sieve.notes_in(EDGE_JOURNAL, period, None)
    assert report_sieve.feedback_in(EDGE_JOURNAL, period, "alice")
    assert report_sieve.open_actions(EDGE_JOURNAL, TODAY, "alice")


def test_an_instant_a_day_off_in_its_own_offset_is_still_in_the_period() -> None:
    """The sieve tells a note or feedback outside the period by its day in its own offset,
    which can be a day before the period's first day in UTC, or after its last: those at
    the period's ends, a day off in their offsets, are in it."""
    from pathlib import Path

    from mentorlog import store
    from mentorlog.services.feedback import list_feedback
    from mentorlog.services.notes import list_notes

    early = "2026-02-28T20:00:00-05:00"  # 1 Mar 01:00 UTC, in the period: 28 Feb there
    late = "2026-03-02T08:00:00+09:00"  # 1 Mar 23:00 UTC, in the period: 2 Mar there
    outside = "2026-03-02T09:00:00+09:00"  # 1 Mar 24:00 UTC, past the period's end
    tables: dict[str, dict[str, dict[str, Any]]] = {
        "_meta": {"1": {"schema": 3}},
        "notes": {
            str(n): {"text": at, "people": ["alice"], "at": at, "private": False}
            for n, at in enumerate((early, late, outside), start=1)
        },
        "feedback": {
            str(n): {"text": at, "person": "alice", "direction": "given", "at": at}
            for n, at in enumerate((early, late, outside), start=1)
        },
    }
    journal = Journal(store.JournalPaths(Path("/nonexistent")), tables, writable=False)
    period = ReportPeriod(
        since=datetime.fromisoformat("2026-03-01T00:30:00+00:00"),
        until=datetime.fromisoformat("2026-03-01T23:30:00+00:00"),
    )
    notes = report_sieve.notes_in(journal, period, None)
    assert [n.text for n in notes] == [late, early]
    assert notes == [NoteRow.of(n) for n in list_notes(journal) if period.holds(n.at)]
    feedback = report_sieve.feedback_in(journal, period, None)
    assert [f.text for f in feedback] == [late, early]
    assert feedback == [FeedbackRow.of(f) for f in list_feedback(journal) if period.holds(f.at)]
