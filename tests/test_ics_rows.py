"""A meeting built the short way for `export ics` (`services.ics_rows.usual_meeting`) is
the one the model builds from the record without its held occurrences and created stamp."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from mentorlog.model import Meeting
from mentorlog.services.ics_rows import usual_meeting
from profiles import examples

# Each field's values as mentorlog writes them, then values near them it does not write.
good_texts = st.one_of(st.none(), st.text(min_size=1, max_size=6))
good_walls = st.sampled_from(["2026-03-29T02:30:00", "2026-12-01T09:00:00", "2027-10-31T02:30:00"])
usual: dict[str, st.SearchStrategy[Any]] = {
    "title": st.text(max_size=6),
    "people": st.lists(st.sampled_from(["alice", "bob"]), max_size=2),
    "start": good_walls,
    "tz": st.sampled_from(["Europe/Berlin", "UTC", "Nowhere/Else"]),
    "duration": st.sampled_from([1, 45, 24 * 60]),
    "rrule": st.sampled_from([None, "FREQ=WEEKLY;COUNT=3", "nonsense"]),
    "exdates": st.lists(good_walls, max_size=2),
    "channel": st.sampled_from([None, "video", "phone"]),
    "link": good_texts,
    "place": good_texts,
    "status": st.sampled_from(["scheduled", "held", "cancelled"]),
    "sequence": st.sampled_from([0, 3]),
    "notes": good_texts,
    "agenda": good_texts,
    "agenda_for": good_texts,
    "rating": st.sampled_from([None, 1, 5]),
    "held": st.just([{"start": "2026-12-01T09:00:00", "at": "2026-12-01T10:00:00+01:00"}]),
    "overrides": st.sampled_from([[], None]),
    "follows": good_texts,
    "id": st.sampled_from([1, 7]),
    "uid": good_texts,
    "created": st.just("2026-01-01T00:00:00+00:00"),
    "updated": st.sampled_from(["2026-01-02T03:04:05+01:00", "yesterday", None]),
}
BAD_WALLS = ["2026-12-01T09:00:00+02:00", "0001-01-01T00:00:00", "9999-12-31T23:59:59", "soon", ""]
# Values near the usual that mentorlog does not write, field by field.
NEAR: dict[str, list[Any]] = {
    "start": BAD_WALLS,
    "exdates": [[wall] for wall in BAD_WALLS] + [None, "2026-12-01T09:00:00", [1]],
    "duration": [0, -5, 10**6, 2**60, True, 45.0, "45"],
    "rrule": ["", 3],
    "channel": ["carrier pigeon", ""],
    "status": ["done", "", None],
    "sequence": [-1, 2**60, True, None, "2"],
    "rating": [0, 6, True, "3", 2.0],
    "overrides": [[{"of": "2026-12-08T09:00:00", "start": "2026-12-09T09:00:00"}], {}, "x"],
    "id": [2**60, -(2**60), True, "7", None],
    "uid": ["", 5],
    "link": ["", 5],
    "title": [None, 5],
    "tz": [None, 5],
    "people": ["alice", [None], ["alice", 3], None],
}
near = {name: st.sampled_from(values) for name, values in NEAR.items()}
# What a hand edit can leave in any field.
odd = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 3),
    st.floats(allow_nan=False),
    st.text(max_size=4),
    st.lists(st.integers(0, 2), max_size=2),
    st.just({"a": 1}),
)


@st.composite
def records(draw: st.DrawFn) -> dict[str, Any]:
    """A record as mentorlog writes it, with up to two fields missing, near the usual or
    odd (one at a time is what finds a check the short way lacks)."""
    record = {name: draw(value) for name, value in usual.items()}
    for name in draw(st.lists(st.sampled_from(sorted(usual)), max_size=2)):
        how = draw(st.sampled_from(["missing", "odd", "near"]))
        if how == "missing":
            record.pop(name, None)
        else:
            record[name] = draw(near[name] if how == "near" and name in near else odd)
    return record


def the_model(record: dict[str, Any]) -> Meeting:
    return Meeting.from_record({k: v for k, v in record.items() if k not in ("held", "created")})


@settings(max_examples=examples(300))
@given(records())
def test_a_meeting_built_the_short_way_is_the_models(record: dict[str, Any]) -> None:
    built = usual_meeting(record)
    if built is not None:
        assert built == the_model(record)


def test_the_benchmark_journal_s_meetings_are_all_built_the_short_way(tmp_path: Path) -> None:
    sys.path.insert(0, str(Path(__file__).parents[1] / "benchmarks"))
    import journal_gen

    journal = journal_gen.build(300)
    meetings = [dict(record, id=int(key)) for key, record in journal["meetings"].items()]
    assert meetings
    assert any(record.get("held") for record in meetings)
    for record in meetings:
        built = usual_meeting(record)
        assert built is not None
        assert built == the_model(record)
        assert built.held == []
        assert built.created is None


def test_an_odd_record_is_left_to_the_model() -> None:
    record = {
        "title": "1:1",
        "people": ["alice"],
        "start": "2026-12-01T09:00:00",
        "tz": "UTC",
        "duration": 45,
        "exdates": [],
        "status": "scheduled",
        "sequence": 0,
        "id": 1,
        "updated": datetime(2026, 1, 1, tzinfo=UTC).isoformat(),
    }
    assert usual_meeting(record) == the_model(record)
    for name, value in (("duration", "45"), ("people", "alice"), ("rrule", ""), ("id", True)):
        assert usual_meeting({**record, name: value}) is None


def test_every_value_near_the_usual_is_left_to_the_model_or_read_as_it_reads_it() -> None:
    record: dict[str, Any] = {
        "title": "1:1",
        "people": ["alice"],
        "start": "2026-12-01T09:00:00",
        "tz": "Europe/Berlin",
        "duration": 45,
        "rrule": "FREQ=WEEKLY",
        "exdates": [],
        "channel": "video",
        "link": "https://x.test",
        "place": None,
        "status": "scheduled",
        "sequence": 0,
        "notes": "n",
        "agenda": None,
        "agenda_for": None,
        "rating": 4,
        "held": [],
        "overrides": [],
        "follows": None,
        "id": 1,
        "uid": "u",
        "created": "2026-01-01T00:00:00+00:00",
        "updated": "2026-01-02T03:04:05+01:00",
    }
    assert usual_meeting(record) is not None
    assert usual_meeting(record) == the_model(record)
    for name, values in NEAR.items():
        for value in values:
            changed = {**record, name: value}
            built = usual_meeting(changed)
            assert built is None or built == the_model(changed), (name, value)


# A talking point's fields as mentorlog writes them, and what a hand edit can leave there.
topic_fields: dict[str, st.SearchStrategy[Any]] = {
    "text": st.one_of(st.text(max_size=6), odd),
    "person": st.one_of(st.sampled_from(["alice", "bob"]), odd),
    "status": st.one_of(st.sampled_from(["open", "discussed", "dropped", "done", ""]), odd),
    "id": st.one_of(st.sampled_from([1, 7, 2**53 - 1, 2**53, -(2**53), True, "7"]), odd),
    "uid": st.one_of(st.sampled_from([None, "", "u"]), odd),
}


@st.composite
def topic_records(draw: st.DrawFn) -> dict[str, Any]:
    record = {name: draw(value) for name, value in topic_fields.items()}
    for name in draw(st.lists(st.sampled_from(sorted(topic_fields)), max_size=2)):
        record.pop(name, None)
    return record


@settings(max_examples=examples(300))
@given(topic_records())
def test_a_usual_talking_point_is_built_as_its_model_builds_it(record: dict[str, Any]) -> None:
    from mentorlog.model import Topic
    from mentorlog.services import ics_rows, journal_rows, topic_rows

    # Both exports' short ways build it by the one function.
    assert ics_rows.usual_topic is journal_rows.usual_topic is topic_rows.usual_topic
    built = topic_rows.usual_topic(record)
    if built is not None:  # the records have no stamps: neither way reads them
        assert built == Topic.from_record(record)


def test_everyone_is_listed_as_the_people_service_lists_them() -> None:
    from mentorlog import store
    from mentorlog.services import ics, people
    from mentorlog.store import Journal

    sys.path.insert(0, str(Path(__file__).parents[1] / "benchmarks"))
    import journal_gen

    built = journal_gen.build(300)
    tables = {name: rows for name, rows in built.items() if name in ("_meta", "people")}
    handles = [str(record["handle"]) for record in tables["people"].values()]
    # Archived people are listed too, and in the handles' order, not the journal's.
    tables["people"]["1"]["archived"] = True
    tables["people"] = dict(reversed(list(tables["people"].items())))
    journal = Journal(store.JournalPaths(Path("/nonexistent")), tables, writable=False)
    listed = ics.all_people(journal)
    assert [person.handle for person in listed] == sorted(handles)
    assert listed == people.list_people(journal, include_archived=True)
