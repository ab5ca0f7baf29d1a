"""A report reads each goal's state at the start and end of its period from the stored
record (`services.report_goals.goal_states`) as it reads it from the goal built with its
whole history (`in_period`), over records a hand edit may have left anything in."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from hypothesis import example, given, settings
from hypothesis import strategies as st

from mentorlog import store
from mentorlog.model import Goal
from mentorlog.services.report_goals import goal_states, in_period
from mentorlog.services.report_period import ReportPeriod
from mentorlog.store import Journal
from profiles import examples
from test_search_read import DAYS, IDS, ODD, PERSON, STAMPS, TEXTS

SINCE = datetime(2026, 3, 1, 10, tzinfo=UTC)
UNTIL = datetime(2026, 6, 1, 10, tzinfo=UTC)
# The period's own edges often (an entry the very microsecond a period starts or ends, or
# just after its end), among the odd instants a hand edit leaves.
EDGES = [
    "2026-03-01T10:00:00+00:00",
    "2026-03-01T12:00:00+02:00",  # the same instant, written in another offset
    "2026-03-01T09:59:59+00:00",
    "2026-06-01T10:00:00+00:00",
    "2026-06-01T10:00:00.000001+00:00",  # the first instant after the period
    "2026-06-01T10:00:01+00:00",
    "2026-04-01T10:00:00",  # no offset: read as UTC
    "2025-01-01T00:00:00+00:00",
    "2027-01-01T00:00:00+00:00",
]
AT = st.one_of(st.sampled_from(EDGES), STAMPS)
EVENTS = st.one_of(st.sampled_from(["progress", "done", "dropped", "reopened", "Done"]), ODD)
ENTRY = st.fixed_dictionaries(
    {},
    optional={
        "at": AT,
        "event": EVENTS,
        "progress": st.one_of(st.integers(-5, 120), ODD),
        "note": TEXTS,
    },
)
HISTORY = st.one_of(st.lists(st.one_of(ENTRY, ENTRY, ODD), max_size=6), ODD)
FIELDS: dict[str, st.SearchStrategy[Any]] = {
    "title": TEXTS,
    "person": st.one_of(st.sampled_from(["alice", "bob"]), PERSON),
    "status": st.one_of(st.sampled_from(["active", "done", "dropped"]), ODD),
    "progress": st.one_of(st.integers(-5, 120), ODD),
    "due": st.one_of(st.sampled_from(["2026-05-01", "2026-07-01"]), DAYS),
    "completed": AT,
    "created": AT,
    "history": HISTORY,
    "id": IDS,
}


@st.composite
def journals(draw: st.DrawFn) -> Journal:
    goals: dict[str, dict[str, Any]] = {}
    for n in range(draw(st.integers(0, 8))):
        record: dict[str, Any] = {}
        for key, values in FIELDS.items():
            if draw(st.integers(0, 5)):  # sometimes missing
                record[key] = draw(values)
        goals[str(n + 1)] = record
    tables = {"_meta": {"1": {"schema": 3}}, "goals": goals}
    return Journal(store.JournalPaths(Path("/nonexistent")), tables, writable=False)


PERIODS = st.sampled_from(
    [
        ReportPeriod(SINCE, UNTIL),
        ReportPeriod(SINCE, SINCE + timedelta(microseconds=1)),
        ReportPeriod(SINCE - timedelta(days=400), UNTIL + timedelta(days=400)),
        ReportPeriod(UNTIL, SINCE),  # backwards: no command makes one, the two still agree
    ]
)


def plain(journal: Journal, period: ReportPeriod, handle: str | None) -> list[Any]:
    """The plain way, filtered as `summarize_states` lists goals."""
    found = []
    for record in journal.all("goals"):
        goal = Goal.from_record(record)
        if handle is not None and goal.person != handle:
            continue
        state = in_period(goal, period)
        if state.created is not None and state.created > period.until:
            continue
        if state.after.status != "active" and not period.holds(state.after.at):
            continue
        found.append(state)
    return found


@settings(max_examples=examples(300))
@given(journal=journals(), period=PERIODS, handle=st.sampled_from([None, "alice", "bob"]))
@example(
    journal=Journal(
        store.JournalPaths(Path("/nonexistent")),
        {
            "_meta": {"1": {"schema": 3}},
            "goals": {
                "1": {  # out of order, a tie on the period's start, an entry not an object
                    "title": "t",
                    "history": [
                        {"at": EDGES[3], "event": "done", "progress": 100},
                        {"at": EDGES[0], "event": "progress", "progress": 30},
                        {"at": EDGES[1], "event": "dropped", "progress": 40},
                        "x",
                        {"at": EDGES[2], "progress": 10},
                        {"at": EDGES[2], "progress": 20},  # a tie: the later entry counts
                        {"at": EDGES[4], "event": "dropped", "progress": 50},
                    ],
                },
                "2": {"title": "no history", "status": "done", "completed": EDGES[6]},
                "3": {  # a tie on the last entry before the end
                    "title": "t",
                    "history": [
                        {"at": EDGES[3], "event": "progress", "progress": 60},
                        {"at": EDGES[3], "event": "done", "progress": 100},
                    ],
                },
            },
        },
        writable=False,
    ),
    period=ReportPeriod(SINCE, UNTIL),
    handle=None,
)
@example(  # `created` is read only of a goal the period may list: both ways skip these
    journal=Journal(
        store.JournalPaths(Path("/nonexistent")),
        {
            "_meta": {"1": {"schema": 3}},
            "goals": {
                "1": {  # created after the period, ended before it
                    "title": "t",
                    "created": EDGES[8],
                    "history": [{"at": EDGES[7], "event": "done", "progress": 100}],
                },
                "2": {  # created after the period, active
                    "title": "t",
                    "created": EDGES[8],
                    "history": [{"at": EDGES[0], "progress": 10}],
                },
                "3": {  # stamps the store does not read: a year before 1900, a date, text
                    "title": "t",
                    "created": "1899-12-31T23:00:00+00:00",
                    "history": [
                        {"at": "1899-12-31T23:00:00+00:00", "event": "done", "progress": 90},
                        {"at": "2026-03-01", "progress": 20},
                        {"at": "2026-03-01T10:00:00Z", "progress": 30},
                        {"at": "soon", "event": "dropped", "progress": 40},
                        {"at": "", "progress": 50},
                    ],
                },
                "4": {  # its only entry's year is not one the store reads: no entry
                    "title": "t",
                    "history": [{"at": "1899-12-31T23:00:00+00:00", "event": "done"}],
                },
                "5": {  # an entry without a progress or a note, read as a state
                    "title": "t",
                    "history": [{"at": EDGES[0], "event": "dropped"}],
                },
            },
        },
        writable=False,
    ),
    period=ReportPeriod(SINCE, UNTIL),
    handle=None,
)
def test_goal_states_from_records_are_the_built_goals_states(
    journal: Journal, period: ReportPeriod, handle: str | None
) -> None:
    assert list(goal_states(journal, period, handle)) == plain(journal, period, handle)
