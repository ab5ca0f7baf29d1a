"""The agenda chooses its action items, talking points, milestones, notes and feedback from
the stored records (`services.agenda_read`) as it chose them from every record built, over
records a hand edit may have left anything in."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from hypothesis import example, given, settings
from hypothesis import strategies as st

from mentorlog import store
from mentorlog.model import ActionItem, Feedback, Milestone, Note
from mentorlog.services import agenda_read
from mentorlog.services.actions import involved, list_actions
from mentorlog.services.topics import topics_for
from mentorlog.store import Journal
from profiles import examples
from test_search_read import DAYS, IDS, ODD, PEOPLE, PERSON, PRIVATE, STAMPS, TEXTS

TODAY = date(2026, 11, 21)
HANDLES = st.sampled_from([{"alice", "bob"}, {"alice"}, {"bob"}, {"alice", "bob"}, {""}, set()])
STATUSES = st.one_of(st.sampled_from(["open", "done", "discussed", "Open", ""]), ODD)
OWNERS = st.one_of(st.sampled_from(["me", "alice", "bob", ""]), ODD)
SMALL_IDS = st.one_of(st.integers(1, 4), st.sampled_from(["2", "x", 2.0]), IDS)
# The usual values often (a relationship's handles, the window's own instants and days),
# among the odd ones a hand edit leaves.
WHO = st.one_of(st.sampled_from([["alice"], ["bob"], ["alice", "bob"]]), PEOPLE)
WHOM = st.one_of(st.sampled_from(["alice", "bob"]), PERSON)
AT = st.one_of(st.sampled_from(["2026-03-01T10:00:00+00:00", "2025-06-15T08:00:00"]), STAMPS)
ON = st.one_of(st.sampled_from(["2026-03-01", "2024-01-01", "2025-06-15"]), DAYS)
FIELDS: dict[str, dict[str, st.SearchStrategy[Any]]] = {
    "actions": {
        "text": TEXTS,
        "owner": OWNERS,
        "person": PERSON,
        "status": STATUSES,
        "meeting": SMALL_IDS,
        "goal": SMALL_IDS,
        "due": DAYS,
    },
    "topics": {"text": TEXTS, "person": PERSON, "status": STATUSES},
    "milestones": {"title": TEXTS, "person": WHOM, "goal": SMALL_IDS, "on": ON},
    "notes": {"text": TEXTS, "people": WHO, "at": AT, "private": PRIVATE},
    "feedback": {"text": TEXTS, "person": WHOM, "at": AT},
    "meetings": {"title": TEXTS, "people": PEOPLE},
    "goals": {"title": TEXTS, "person": PERSON},
}


@st.composite
def journals(draw: st.DrawFn) -> Journal:
    tables: dict[str, dict[str, dict[str, Any]]] = {
        "_meta": {"1": {"schema": 3}},
        "people": {"1": {"handle": "alice", "name": "Alice"}, "2": {"handle": "bob"}},
    }
    for table, fields in FIELDS.items():
        for n in range(draw(st.integers(0, 10))):
            record = {"created": draw(STAMPS)}
            for key, values in fields.items():
                if draw(st.integers(0, 5)):  # sometimes missing
                    record[key] = draw(values)
            tables.setdefault(table, {})[str(n + 1)] = record
    return Journal(store.JournalPaths(Path("/nonexistent")), tables, writable=False)


START = datetime(2026, 3, 1, 10, tzinfo=UTC)
# The edges, each a record: a status, privacy, a day or an instant just in or out.
EDGES: dict[str, dict[str, dict[str, Any]]] = {
    "_meta": {"1": {"schema": 3}},
    "people": {"1": {"handle": "alice", "name": "Alice"}, "2": {"handle": "bob"}},
    "goals": {"1": {"person": "alice"}},
    "meetings": {"1": {"people": ["bob", "alice"]}},
    "topics": {
        "1": {"text": "done", "person": "alice", "status": "done"},
        "2": {"text": "open", "person": "alice"},
        "3": {"text": "odd status", "person": "alice", "status": 1},
        "4": {"text": "nobody", "person": ""},
    },
    "actions": {
        "1": {"text": "done", "owner": "alice", "status": "done"},
        "2": {"text": "theirs", "owner": "alice"},
        "3": {"text": "by meeting", "meeting": 1},
        "4": {"text": "by goal", "goal": "1"},
        "5": {"text": "nobody", "owner": ""},
    },
    "milestones": {
        "1": {"title": "first day", "person": "alice", "on": "2026-03-01"},
        "2": {"title": "by goal", "goal": 1, "on": "2026-03-01"},
        "3": {"title": "day before", "person": "alice", "on": "2026-02-28"},
    },
    "notes": {
        "1": {
            "text": "private",
            "people": ["alice"],
            "at": "2026-03-01T10:00:00+00:00",
            "private": True,
        },
        "2": {"text": "shared", "people": "alice", "at": "2026-03-01T11:00:00+01:00"},
        "3": {"text": "a second early", "people": ["alice"], "at": "2026-03-01T09:59:59+00:00"},
        "4": {
            "text": "not private",
            "people": ["alice"],
            "created": "2026-03-01T10:00:00Z",
            "private": "false",
        },
    },
    "feedback": {
        "1": {"text": "at the start", "person": "alice", "at": "2026-03-01T10:00:00+00:00"},
        "2": {"text": "nobody", "person": "", "at": "2026-03-01T10:00:00+00:00"},
        "3": {"text": "before", "person": "alice", "at": "2026-03-01T09:00:00+00:00"},
    },
}
EDGE_JOURNAL = Journal(store.JournalPaths(Path("/nonexistent")), EDGES, writable=False)


@settings(max_examples=examples(200))
@example(EDGE_JOURNAL, {"alice"})
@example(EDGE_JOURNAL, {"bob"})
@example(EDGE_JOURNAL, {""})
@given(journals(), HANDLES)
def test_the_open_items_read_from_records_are_those_of_the_built_ones(
    journal: Journal, handles: set[str]
) -> None:
    built = [a for a in list_actions(journal, today=TODAY) if involved(journal, a) & handles]
    assert agenda_read.open_actions_of(journal, handles, TODAY) == built
    assert agenda_read.open_topics_of(journal, handles) == topics_for(journal, handles)


# The stamps' instants (and a wide window) often, so that the notes chosen are many.
INSTANTS = st.one_of(
    st.sampled_from([datetime(2024, 1, 1, tzinfo=UTC), datetime(2026, 3, 1, 10, tzinfo=UTC)]),
    st.datetimes(datetime(2024, 1, 1), datetime(2027, 1, 1)).map(
        lambda moment: moment.replace(tzinfo=UTC)
    ),
)
DAYS_LONG = st.one_of(st.just(1500), st.integers(0, 800))


@settings(max_examples=examples(200))
@example(EDGE_JOURNAL, {"alice"}, START, 0, False)
@example(EDGE_JOURNAL, {"alice"}, START, 0, True)
@example(EDGE_JOURNAL, {""}, START, 0, False)
@given(journals(), HANDLES, INSTANTS, DAYS_LONG, st.booleans())
def test_the_changes_read_from_records_are_those_of_the_built_ones(
    journal: Journal, handles: set[str], start: datetime, days: int, private: bool
) -> None:
    end = start + timedelta(days=days)
    goal_people = {1: "alice", 2: "bob"}

    def concerns(person: str | None, goal: int | None) -> bool:
        return (person or goal_people.get(goal)) in handles  # type: ignore[arg-type]

    milestones = [Milestone.from_record(r) for r in journal.all("milestones")]
    assert agenda_read.milestones_between(journal, start.date(), end.date(), concerns) == [
        m for m in milestones if start.date() <= m.on <= end.date() and concerns(m.person, m.goal)
    ]
    notes = [Note.from_record(r) for r in journal.all("notes")]
    assert agenda_read.notes_between(journal, handles, start, end, include_private=private) == [
        (n.at.astimezone(UTC), n)
        for n in notes
        if not (n.private and not private)
        and n.at is not None
        and start <= n.at.astimezone(UTC) <= end
        and handles & set(n.people)
    ]
    feedback = [Feedback.from_record(r) for r in journal.all("feedback")]
    assert agenda_read.feedback_since(journal, handles, start) == [
        (f.at.astimezone(UTC), f)
        for f in feedback
        if f.person in handles and f.at is not None and f.at.astimezone(UTC) >= start
    ]


def test_an_action_item_is_read_by_the_fields_its_model_reads() -> None:
    """The usual record, and the odd values a hand edit leaves, give the same involvement."""
    tables = {
        "_meta": {"1": {"schema": 3}},
        "meetings": {"1": {"people": ["alice", None, "bob"]}, "2": {"people": "bob"}},
        "goals": {"1": {"person": "alice"}, "2": {"person": 7}},
        "actions": {
            "1": {"text": "a", "owner": None, "meeting": "1"},
            "2": {"text": "b", "owner": "", "goal": 2.0, "status": "open"},
            "3": {"text": "c", "owner": "bob", "status": "done"},
            "4": {"text": "d", "person": "bob", "meeting": 2, "due": "2026-11-20"},
        },
    }
    journal = Journal(store.JournalPaths(Path("/nonexistent")), tables, writable=False)
    for handles in ({"alice"}, {"bob"}, {"7"}):
        built = [a for a in list_actions(journal, today=TODAY) if involved(journal, a) & handles]
        assert agenda_read.open_actions_of(journal, handles, TODAY) == built
    assert [a.id for a in agenda_read.open_actions_of(journal, {"bob"}, TODAY)] == [4, 1]
    assert isinstance(agenda_read.open_actions_of(journal, {"7"}, TODAY)[0], ActionItem)


@settings(max_examples=examples(200))
@example(EDGE_JOURNAL, "alice", START, 0)
@example(EDGE_JOURNAL, "", START, 0)
@example(EDGE_JOURNAL, None, START - timedelta(days=1), 1)
@given(journals(), st.sampled_from([None, "alice", "bob", ""]), INSTANTS, DAYS_LONG)
def test_the_reports_milestones_and_talking_points_are_read_as_built(
    journal: Journal, handle: str | None, start: datetime, days: int
) -> None:
    """The report's sieve (`report_sieve.milestones_in`, `open_topics`) over the same
    records: what `list_milestones` and `topics_for` give, filtered as the report does (as
    rows, `report_rows`, which hold every field of the models)."""
    from mentorlog.services import report_sieve
    from mentorlog.services.milestones import list_milestones
    from mentorlog.services.report_period import ReportPeriod
    from mentorlog.services.report_rows import MilestoneRow, TopicRow

    period = ReportPeriod(since=start, until=start + timedelta(days=days, seconds=1))
    plain = [
        MilestoneRow.of(m)
        for m in list_milestones(journal, person=handle or None)
        if period.first_day <= m.on <= period.last_day
    ]
    assert report_sieve.milestones_in(journal, period, handle or None) == plain
    wanted = [handle] if handle else None
    topics = [TopicRow.of(t) for t in topics_for(journal, wanted)]
    assert report_sieve.open_topics(journal, handle) == topics
