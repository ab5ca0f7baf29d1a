"""Records survive the store unchanged, and hand-edited records are read forgivingly."""

from __future__ import annotations

import tempfile
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from mentorlog import store
from mentorlog.model import CHANNELS, GOAL_STATUSES, ROLES, Goal, Person, ProgressEntry

NOW = datetime(2026, 11, 21, 11, 15, tzinfo=ZoneInfo("Europe/Berlin"))

text = st.text(st.characters(exclude_categories=("Cs",)), max_size=50)
optional_text = st.none() | text.filter(bool)
tags = st.lists(st.from_regex(r"[a-z0-9-]{1,10}", fullmatch=True), max_size=4, unique=True)

goals = st.builds(
    Goal,
    title=text.filter(bool),
    why=optional_text,
    status=st.sampled_from(GOAL_STATUSES),
    progress=st.integers(0, 100),
    due=st.none() | st.dates(date(1990, 1, 1), date(2999, 12, 31)),
    person=st.none() | st.from_regex(r"[a-z][a-z0-9_-]{0,10}", fullmatch=True),
    tags=tags,
    history=st.lists(
        st.builds(ProgressEntry, at=st.just(NOW.isoformat()), progress=st.integers(0, 100),
                  note=optional_text),
        max_size=3,
    ),
    completed=st.none() | st.just(NOW.isoformat()),
)  # fmt: skip

people = st.builds(
    Person,
    handle=st.from_regex(r"[a-z][a-z0-9_-]{0,10}", fullmatch=True),
    name=text.filter(bool),
    role=st.sampled_from(ROLES),
    tz=st.sampled_from(["UTC", "Asia/Tokyo", "America/New_York", "Australia/Sydney"]),
    email=st.none() | st.just("a@example.org"),
    channel=st.none() | st.sampled_from(CHANNELS),
    cadence=st.none() | st.sampled_from(["1w", "2w", "1m"]),
    days=st.lists(st.sampled_from(["mon", "tue", "wed"]), min_size=1, max_size=3, unique=True),
    expectations=optional_text,
    tags=tags,
    archived=st.booleans(),
)


@given(goals)
def test_a_goal_survives_the_store(goal: Goal) -> None:
    with tempfile.TemporaryDirectory() as home:
        with store.open_journal(Path(home), write=True) as journal:
            stored = journal.insert("goals", goal.to_record(), now=NOW)
        with store.open_journal(Path(home)) as journal:
            record = journal.get("goals", int(stored["id"]))
    assert record is not None
    back = Goal.from_record(record)
    assert back.to_record() == goal.to_record()
    assert (back.id, back.created) == (1, NOW.isoformat())


@given(people)
def test_a_person_survives_the_store(person: Person) -> None:
    with tempfile.TemporaryDirectory() as home:
        with store.open_journal(Path(home), write=True) as journal:
            journal.insert("people", person.to_record(), now=NOW)
        with store.open_journal(Path(home)) as journal:
            [record] = journal.all("people")
    assert Person.from_record(record).to_record() == person.to_record()


def test_a_hand_edited_goal_is_read_as_well_as_it_can_be() -> None:
    goal = Goal.from_record(
        {
            "title": 42,
            "status": "finished",
            "progress": "70",
            "due": "2026-12-01T09:00:00+01:00",
            "tags": "solo",
            "history": [{"at": "x", "progress": "5"}, "junk", None],
            "id": "3",
        }
    )
    assert (goal.title, goal.status, goal.progress, goal.due) == (
        "42",
        "active",
        70,
        date(2026, 12, 1),
    )
    assert goal.tags == ["solo"]
    assert [(h.at, h.progress) for h in goal.history] == [("x", 5)]
    assert goal.id == 3


def test_a_goal_with_missing_fields_takes_defaults() -> None:
    goal = Goal.from_record({})
    assert (goal.title, goal.status, goal.progress, goal.due, goal.tags) == (
        "",
        "active",
        0,
        None,
        [],
    )


def test_progress_out_of_range_in_the_file_is_clamped() -> None:
    assert Goal.from_record({"progress": 250}).progress == 100
    assert Goal.from_record({"progress": -3}).progress == 0
    assert Goal.from_record({"progress": "lots"}).progress == 0


def test_a_hand_edited_person_falls_back_to_sane_values() -> None:
    person = Person.from_record({"handle": "zed", "days": "mon", "hours": None})
    assert (person.name, person.role, person.tz, person.hours, person.days) == (
        "zed",
        "peer",
        "UTC",
        "09:00-17:00",
        ["mon"],
    )
