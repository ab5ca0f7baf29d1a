"""Records survive the store unchanged, and hand-edited records are read forgivingly."""

from __future__ import annotations

import tempfile
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from mentorlog import store
from mentorlog.model import (
    ACTION_STATUSES,
    CHANNELS,
    GOAL_STATUSES,
    MEETING_STATUSES,
    ROLES,
    ActionItem,
    Goal,
    Meeting,
    Person,
    ProgressEntry,
)
from mentorlog.model import readers as model

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
        st.builds(ProgressEntry, at=st.just(NOW), progress=st.integers(0, 100),
                  note=optional_text),
        max_size=3,
    ),
    completed=st.none() | st.just(NOW),
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
    assert (back.id, back.created) == (1, NOW)
    assert back.to_json()["created"] == NOW.isoformat()


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
    assert [(h.at, h.progress) for h in goal.history] == [(None, 5)]  # "x" is no instant
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


# --- the readers take a value of the right type as it is ----------------------------------------
#
# The field readers have a fast path for the stored value of the type they want (a
# dashboard reads fields of 100,000 records); for every value JSON can hold they answer as
# the plain forms below did.

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12)
    | st.sampled_from(["", "open", "done", "active", "dropped", "held", "cancelled", "2026-12-01",
                       "2026-12-01T09:00:00", "2026-12-01T09:00:00+01:00", "12", "12.5", "no"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner,
                                                                 max_size=3),
    max_leaves=5,
)  # fmt: skip


def _plain_str(value: Any, default: str = "") -> str:
    return default if value is None else str(value)


def _plain_opt_str(value: Any) -> str | None:
    return None if value is None or value == "" else str(value)


def _plain_opt_int(value: Any, lenient: bool) -> int | None:
    if value is None or (isinstance(value, bool) and not lenient):
        return None
    try:
        number = int(value)
    except (TypeError, ValueError, OverflowError):
        if not lenient:
            return None
        try:
            number = int(float(str(value)))
        except (ValueError, OverflowError):
            return None
    return number if -(2**53) < number < 2**53 else None


def _plain_str_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value] if value else []
    if isinstance(value, (list, tuple)):
        return [str(item) for item in value if item is not None]
    return [str(value)]


def _plain_wall(value: str) -> datetime | None:
    try:
        return datetime.fromisoformat(value).replace(tzinfo=None)
    except ValueError:
        return None


@given(json_values)
def test_the_field_readers_read_any_json_value_as_before(value: Any) -> None:
    record = {"field": value}
    assert model._str(record, "field") == _plain_str(value)
    assert model._str(record, "field", "x") == _plain_str(value, "x")
    assert model._opt_str(record, "field") == _plain_opt_str(value)
    for lenient in (False, True):
        assert model._opt_int(record, "field", lenient=lenient) == _plain_opt_int(value, lenient)
    assert model._str_list(record, "field") == _plain_str_list(value)
    if isinstance(value, str):
        assert model._wall(value) == _plain_wall(value)


@given(json_values)
def test_a_status_reads_as_before_and_as_the_dashboard_reads_it(value: Any) -> None:
    """`status_of` as it read a status (through `str`), and the dashboard's inline reading
    of open actions and active goals (services/status.py) agrees with it."""
    record = {"status": value}
    for status_of, statuses, default in [
        (Goal.status_of, GOAL_STATUSES, "active"),
        (ActionItem.status_of, ACTION_STATUSES, "open"),
        (Meeting.status_of, MEETING_STATUSES, "scheduled"),
    ]:
        plain = _plain_str(value, default)
        assert status_of(record) == (plain if plain in statuses else default)
    assert (record.get("status") != "done") == (ActionItem.status_of(record) == "open")
    assert (record.get("status") not in ("done", "dropped")) == (Goal.status_of(record) == "active")


@given(st.text(alphabet="0123456789-T:+Z. ", max_size=30))
def test_a_wall_time_reads_as_before(value: str) -> None:
    assert model._wall(value) == _plain_wall(value)
