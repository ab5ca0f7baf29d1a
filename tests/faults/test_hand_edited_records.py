"""The in-process half of the fault suite, fast enough for the quick loop: any JSON a hand
edit can put in a record's fields is read without an error, into values every command can
use (`--json` included), and whatever text a record holds is rendered without one raw
control character. The slow tests beside this one run the same through real processes."""

from __future__ import annotations

import io
import re
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mentorlog.model import (
    ActionItem,
    Feedback,
    Goal,
    Meeting,
    Milestone,
    Note,
    Person,
    Topic,
)
from profiles import examples

NOW = datetime(2026, 11, 21, 11, 15, tzinfo=ZoneInfo("Europe/Berlin"))
MODELS = (Person, Goal, Meeting, ActionItem, Topic, Feedback, Milestone, Note)
FIELDS = {model: [*model.__dataclass_fields__, "history", "held", "exdates"] for model in MODELS}

# Anything JSON holds, with the numbers a hand edit or another program might write.
scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**64 - 1)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=30)
    | st.sampled_from(["", "inf", "nan", "1e999", "-0", "5", "2026-12-01", "UTC", "Mars/Base"])
)
json_values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=12,
)


@st.composite
def hand_edited(draw: st.DrawFn, model: type) -> dict[str, Any]:
    names = draw(st.lists(st.sampled_from(FIELDS[model]), unique=True, max_size=10))
    return {name: draw(json_values) for name in names}


@settings(max_examples=examples(150))
@given(st.sampled_from(MODELS).flatmap(lambda m: st.tuples(st.just(m), hand_edited(m))))
def test_any_json_in_any_field_is_read_into_usable_values(case: tuple[type, Any]) -> None:
    model, record = case
    item = model.from_record(record)
    shown = item.to_json()
    orjson.dumps(shown)  # --json can print it: no NaN, no integer past 64 bits
    for name in ("rating",):
        value = getattr(item, name, None)
        assert value is None or 1 <= value <= 5
    if isinstance(item, Goal):
        assert 0 <= item.progress <= 100
        assert all(isinstance(entry.progress, int) for entry in item.history)
    if isinstance(item, Meeting):
        assert 1 <= item.duration <= 24 * 60
        assert item.sequence >= 0
        assert all(h.rating is None or 1 <= h.rating <= 5 for h in item.held)
    for name in ("id", "meeting", "goal"):
        value = getattr(item, name, None)
        assert value is None or abs(value) < 2**53


def test_numbers_past_what_json_can_hold_read_as_missing() -> None:
    goal = Goal.from_record({"title": "g", "progress": "inf", "id": 10**30})
    assert (goal.progress, goal.id) == (0, None)
    meeting = Meeting.from_record({"duration": 1e12, "rating": 10**12, "sequence": float("inf")})
    assert (meeting.duration, meeting.rating, meeting.sequence) == (24 * 60, None, 0)
    assert Feedback.from_record({"rating": "4"}).rating == 4
    assert Feedback.from_record({"rating": 9}).rating is None


def test_false_written_as_a_word_is_false() -> None:
    assert not Person.from_record({"archived": "no"}).archived
    assert not Person.from_record({"archived": "false"}).archived
    assert Person.from_record({"archived": "yes"}).archived
    assert Person.from_record({"archived": 1}).archived


def test_a_meeting_in_an_unknown_zone_shows_its_wall_time_in_json() -> None:
    meeting = Meeting.from_record({"start": "2026-11-25T09:00:00", "tz": "Mars/Base"})
    assert meeting.to_json()["start"] == "2026-11-25T09:00:00"
    assert Meeting.from_record({"start": "2026-11-25T09:00:00", "tz": ""}).to_json()["start"] == (
        "2026-11-25T09:00:00"
    )


@pytest.mark.parametrize("zone", ["Europe", "Europe/", "Z" * 300, "../../etc/passwd", "UTC\x00"])
def test_a_zone_name_no_file_can_hold_shows_its_wall_time_in_json(zone: str) -> None:
    """A folder of zones, a name too long for the file system, a path out of the zone
    database: none of them is a zone, and none raises on the way to `--json`."""
    meeting = Meeting.from_record({"start": "2026-11-25T09:00:00", "tz": zone})
    assert meeting.to_json()["start"] == "2026-11-25T09:00:00"


# -- rendering ---------------------------------------------------------------------------------

SGR = re.compile(r"\x1b\[[0-9;]*m")
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
hostile_text = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs",)) | st.sampled_from("\x1b\x07\x9b\r"),
    max_size=20,
)


def rendered(renderable: Any) -> str:
    """`renderable` as a colour terminal 100 columns wide would get it."""
    from rich.console import Console

    out = io.StringIO()
    Console(file=out, force_terminal=True, color_system="truecolor", width=100).print(renderable)
    return out.getvalue()


def assert_harmless(output: str) -> None:
    found = CONTROL.search(SGR.sub("", output))
    assert found is None, repr(output)


@settings(max_examples=examples(60))
@given(
    handle=hostile_text,
    text=hostile_text,
    tz=st.sampled_from(["UTC", "Mars/Base", "", "Asia/Tokyo\x1b[2J"]),
    days=st.lists(hostile_text, max_size=3),
    hours=hostile_text,
)
def test_people_render_harmlessly_whatever_they_hold(
    handle: str, text: str, tz: str, days: list[str], hours: str
) -> None:
    from mentorlog.render.people import people_table, person_view

    person = Person.from_record(
        {"handle": handle, "name": text, "role": text, "tz": tz, "days": days, "hours": hours,
         "email": text, "channel": text, "cadence": text, "expectations": text, "tags": [text]}
    )  # fmt: skip
    assert_harmless(rendered(people_table([person], NOW)))
    assert_harmless(rendered(person_view(person, [], NOW)))


@settings(max_examples=examples(60))
@given(handle=hostile_text, text=hostile_text, rating=st.integers(-3, 10**6))
def test_entries_render_harmlessly_whatever_they_hold(handle: str, text: str, rating: int) -> None:
    from mentorlog.render.actions import actions_table
    from mentorlog.render.feedback import feedback_table, ratings_line
    from mentorlog.render.goals import goals_table
    from mentorlog.render.milestones import milestones_table
    from mentorlog.render.notes import note_view, notes_table
    from mentorlog.render.topics import topics_table
    from mentorlog.services.feedback import Rating

    today = date(2026, 11, 21)
    common = {"text": text, "person": handle, "owner": handle, "tags": [text]}
    action = ActionItem.from_record({**common, "id": 1})
    topic = Topic.from_record({**common, "id": 1})
    feedback = Feedback.from_record({**common, "id": 1, "rating": rating, "at": text})
    milestone = Milestone.from_record({"title": text, "person": handle, "note": text})
    note = Note.from_record({**common, "people": [handle], "prompt": text, "at": text})
    goal = Goal.from_record({"title": text, "person": handle, "tags": [text], "status": text})
    for renderable in (
        actions_table([action], today),
        topics_table([topic], today),
        feedback_table([feedback], today),
        ratings_line({handle: Rating(average=4.0, count=1)}),
        milestones_table([milestone], today),
        notes_table([note], NOW),
        note_view(note, NOW),
        goals_table([goal], today, show_status=True),
    ):
        assert_harmless(rendered(renderable))


# -- services: a zone or rule edited into nonsense names its record and the fix -----------------


def test_an_unknown_zone_is_refused_naming_the_person_or_meeting() -> None:
    from mentorlog.calendar.occurrences import meeting_zone
    from mentorlog.errors import InvalidInput
    from mentorlog.services.people import known_zone, person_zone

    mars = Person.from_record({"handle": "mars", "tz": "Mars/Base"})
    assert known_zone(mars) is None
    with pytest.raises(InvalidInput) as caught:
        person_zone(mars)
    assert caught.value.message == (
        "Person 'mars' is in an unknown time zone 'Mars/Base'; fix it with "
        "`mentorlog person edit mars --tz ZONE`."
    )
    lost = Meeting.from_record({"id": 2, "tz": "Moon/Crater"})
    with pytest.raises(InvalidInput) as caught:
        meeting_zone(lost)
    assert caught.value.message == (
        "Meeting 2 is in an unknown time zone 'Moon/Crater'; fix it with "
        "`mentorlog meeting edit 2 --tz ZONE`."
    )


def test_a_meeting_in_an_unknown_zone_can_be_moved_to_a_real_one(tmp_path: Path) -> None:
    from mentorlog import store
    from mentorlog.errors import InvalidInput
    from mentorlog.services.meetings import MeetingInput, edit_meeting

    record = {"title": "lost", "people": [], "start": "2026-11-26T09:00:00", "tz": "Moon/Crater"}
    with store.open_journal(tmp_path, write=True) as journal:
        meeting_id = journal.insert("meetings", record, now=NOW)["id"]
    with store.open_journal(tmp_path, write=True) as journal:
        with pytest.raises(InvalidInput, match="unknown time zone 'Moon/Crater'"):
            edit_meeting(journal, meeting_id, MeetingInput(title="renamed"), now=NOW)
        moved = edit_meeting(journal, meeting_id, MeetingInput(tz="Asia/Tokyo"), now=NOW)
    # the wall time stays: there is no instant to keep when the old zone was never known
    assert (moved.tz, moved.start) == ("Asia/Tokyo", datetime(2026, 11, 26, 9, 0))
