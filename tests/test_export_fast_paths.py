"""The exports' short ways give what their plain ways give.

`render.journal_md.inline` escapes a line with one translate table and a rule for `_`, where
the plain way runs `_INLINE.sub` over every line; `export md` writes the document a kind at a
time (`journal_view.sections`, `markdown_parts`), where the plain way builds every record
first (`journal_view`, `to_markdown`); `calendar.ics_fold`
folds .ics lines by slicing where icalendar measures each character; `print_json` writes
orjson's bytes where stdout takes bytes; `is_private` reads a note's `private` alone.
"""

from __future__ import annotations

import functools
import io
import json
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from types import MappingProxyType
from typing import Any
from unittest.mock import patch
from zoneinfo import ZoneInfo

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import Run
from mentorlog import store
from mentorlog.calendar import ics_fold
from mentorlog.model import Note
from mentorlog.render import console as render_console
from mentorlog.render import journal_md
from mentorlog.render.console import safe_line
from mentorlog.services.transfer import dump, id_first, is_private
from profiles import examples


def the_plain_way(text: str) -> str:
    line = journal_md._INLINE.sub(r"\\\1", safe_line(text))
    match = journal_md._BLOCK_START.match(line)
    if match is None:
        return line
    marker = match.group(1)
    return f"{marker[:-1]}\\{marker[-1]}{line[len(marker) :]}"


@given(st.text(alphabet="ab _1.#>-*`[]<>\\\n\x1bé٣²)+=|~", max_size=24))
def test_a_line_is_escaped_as_the_plain_way_escapes_it(text: str) -> None:
    assert journal_md.inline(text) == the_plain_way(text)


def test_only_lines_with_something_to_escape_are_rewritten() -> None:
    assert journal_md.inline("Give a talk") == "Give a talk"
    assert journal_md.inline("America/New_York") == "America/New_York"
    assert journal_md.inline("_why_ *now*") == "\\_why\\_ \\*now\\*"
    assert journal_md.inline("# not a heading") == "\\# not a heading"


# --- .ics lines are folded as icalendar folds them ------------------------------------------

ICS_TEXT = st.text(alphabet='ab ,;:\\^"é李\U0001f600\t', max_size=200)


@given(st.text(alphabet="ab:;\\^é李\U0001f600", max_size=400))
def test_a_line_is_folded_as_icalendar_folds_it(line: str) -> None:
    from icalendar.parser.string import _foldline

    assert ics_fold.fold(line) == _foldline(line)
    assert ics_fold._fold_plain(line) == _foldline(line)


@given(st.lists(st.tuples(ICS_TEXT, ICS_TEXT), min_size=1, max_size=4))
def test_a_calendar_is_written_as_icalendar_writes_it(events: list[tuple[str, str]]) -> None:
    from icalendar import Calendar, Event

    cal = Calendar()
    cal.add("prodid", "-//mentorlog tests//EN")
    cal.add("version", "2.0")
    for n, (summary, description) in enumerate(events):
        event = Event()
        event.add("uid", f"{n}-{summary[:10]}")
        event.add("summary", summary)
        event.add("description", description)
        event.add("location", description[::-1])
        cal.add_component(event)
    assert ics_fold.to_ical(cal) == cal.to_ical(sorted=False)


# --- a JSON document is written as bytes where stdout has them ------------------------------


@given(
    st.recursive(
        st.none() | st.booleans() | st.integers(-(2**63), 2**63 - 1) | st.text(),
        st.lists,
        max_leaves=8,
    )
)
def test_a_json_document_is_the_same_written_as_bytes_or_as_text(data: object) -> None:
    document = {"data": data, "text": "é李\n"}
    as_bytes = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    as_text = io.StringIO()
    for stream in (as_bytes, as_text):
        with patch.object(sys, "stdout", stream):
            render_console.print_json(document)
    as_bytes.seek(0)
    assert as_bytes.read() == as_text.getvalue()
    assert json.loads(as_text.getvalue()) == document


@given(
    st.dictionaries(
        st.just("private"),
        st.one_of(
            st.none(), st.booleans(), st.integers(-1, 2), st.sampled_from(["false", "", "x"])
        ),
    )
)
def test_a_notes_privacy_is_read_as_the_note_reads_it(record: dict[str, object]) -> None:
    note = {"text": "A note", "at": "2026-11-20T10:00:00+01:00", "id": 1} | record
    assert Note.private_of(note) == Note.from_record(note).private
    assert is_private("notes", note) == Note.from_record(note).private


def test_an_export_written_record_by_record_is_the_plain_copy(run: Run, isolated_env: Path) -> None:
    """`id_first` makes each read-only record as it is written: the same bytes as the
    document with every record copied first (the plain way)."""
    run.ok("person", "add", "alice", "--name", "Alice Chen", "--role", "mentee", "--tz", "UTC")
    run.ok("goal", "add", "Give a talk", "--with", "alice", "--tag", "talk")
    run.ok("note", "add", "Shared thoughts", "--with", "alice")
    run.ok("note", "add", "Just for me", "--private")
    with store.open_journal(isolated_env) as journal:
        for include_private in (False, True):
            exported = dump(journal, now=datetime.now(UTC), include_private=include_private)
            tables = exported.document["tables"]
            assert any(isinstance(r, MappingProxyType) for rs in tables.values() for r in rs)
            plain = exported.document | {
                "tables": {
                    name: [{"id": r["id"], **r} for r in records]
                    for name, records in tables.items()
                }
            }
            option = orjson.OPT_INDENT_2
            written = orjson.dumps(exported.document, default=id_first, option=option)
            assert written == orjson.dumps(plain, option=option)
            assert next(iter(json.loads(written)["tables"]["goals"][0])) == "id"
    with pytest.raises(TypeError):
        id_first(object())


# --- export ics: events written as text (calendar.ics_text) --------------------------------------

ICS_ZONES = (
    "Europe/Berlin",
    "America/New_York",
    "Australia/Lord_Howe",
    "Pacific/Chatham",
    "UTC",
    "Etc/GMT-2",
    "Asia/Kolkata",
)
ICS_RULES = (
    None,
    "FREQ=WEEKLY",
    "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH",
    "FREQ=DAILY;COUNT=5",
    "FREQ=MONTHLY;BYDAY=-1FR",
    "FREQ=YEARLY;UNTIL=20300101",
    "FREQ=WEEKLY;UNTIL=20270315T080000Z",
    "freq=weekly;wkst=mo;until=20280101T000000",
)
# Text with what iCalendar escapes, control characters, line breaks and non-ASCII.
ics_texts = st.text(alphabet="ab ,;:\\\r\n\t\x01\x7fNé日", max_size=90)


@st.composite
def ics_sources(draw: st.DrawFn) -> tuple[Any, ...]:
    from mentorlog.calendar.ics_export import CalendarSource
    from mentorlog.model import ActionItem, Goal, Meeting, Override, Person, Topic

    people = [
        Person(
            handle=h,
            name=draw(ics_texts) or h,
            role="mentee",
            tz=draw(st.sampled_from(ICS_ZONES)),
            email=draw(st.sampled_from([None, "a,b@x.test", f"{h}@x.test"])),
        )
        for h in ("alice", "bob")
    ]
    meetings = []
    for number in range(1, draw(st.integers(min_value=1, max_value=4)) + 1):
        start = draw(st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2028, 1, 1)))
        start = start.replace(hour=draw(st.sampled_from([0, 1, 2, 3, 9, 23])), microsecond=0)
        rule = draw(st.sampled_from(ICS_RULES))
        week = timedelta(weeks=1)
        meetings.append(
            Meeting(
                id=number,
                uid=draw(st.one_of(st.none(), ics_texts)),
                title=draw(ics_texts),
                people=draw(st.lists(st.sampled_from(["alice", "bob", "gone"]), max_size=2)),
                start=start,
                tz=draw(st.sampled_from(ICS_ZONES)),
                duration=draw(st.sampled_from([1, 45, 90, 24 * 60])),
                rrule=rule,
                exdates=[start + week * k for k in draw(st.lists(st.integers(0, 9), max_size=2))]
                if rule and "WEEKLY" in rule and "BYDAY" not in rule
                else [],
                overrides=[Override(of=start + week, start=start + week * 1.5, title="moved")]
                if rule == "FREQ=WEEKLY" and draw(st.booleans())
                else [],
                place=draw(st.one_of(st.none(), ics_texts)),
                link=draw(st.one_of(st.none(), st.just("https://x.test/a,b;c"))),
                channel=draw(st.sampled_from([None, "video", "phone"])),
                status=draw(st.sampled_from(["scheduled", "cancelled", "held"])),
                sequence=draw(st.integers(0, 3)),
                follows=draw(st.one_of(st.none(), ics_texts)),
                updated=draw(
                    st.one_of(st.none(), st.just(datetime(2026, 3, 1, 9, 30, 7, tzinfo=UTC)))
                ),
            )
        )
    topics = [Topic(id=1, person="alice", text=draw(ics_texts))]
    due = draw(st.dates(min_value=date(2026, 1, 1), max_value=date(2027, 1, 1)))
    actions = [
        ActionItem(id=1, text=draw(ics_texts), owner=o, person=p, due=due)
        for o, p in (("me", "alice"), ("alice", "alice"), ("bob", None))
    ]
    goals = [
        Goal(id=1, title=draw(ics_texts), person=draw(st.sampled_from([None, "alice"])), due=due)
    ]
    return CalendarSource(meetings, people, topics, actions, goals), draw(st.booleans())


# Two whole calendars an example (the fast writer and icalendar's): 120 of them.
@settings(max_examples=examples(120))
@given(ics_sources(), st.sampled_from([None, timedelta(minutes=15), timedelta(days=1, hours=2)]))
def test_an_ics_export_is_written_as_icalendar_writes_its_components(
    drawn: tuple[Any, ...], alarm: timedelta | None
) -> None:
    from mentorlog.calendar import ics_export

    source, attendees = drawn
    request = ics_export.IcsRequest(
        include=frozenset({"actions", "goals"}), alarm=alarm, attendees=attendees
    )
    me = ics_export.Me("Me, myself", ZoneInfo("Europe/Berlin"), "me@x.test")
    now = datetime(2026, 11, 21, 11, 15, tzinfo=UTC)
    try:
        plain = ics_export.build_calendar(source, request, now=now, me=me, fast=False)
    except Exception as exc:  # a meeting the plain way refuses is refused the fast way too
        with pytest.raises(type(exc)):
            ics_export.build_calendar(source, request, now=now, me=me)
        return
    assert ics_export.build_calendar(source, request, now=now, me=me) == plain


def test_a_benchmark_journal_is_exported_as_icalendar_writes_it(tmp_path: Path) -> None:
    """The generated journal's meetings, action items and goals, every kind of line; all of
    them and one person's (whose meetings only are built, `ics.exported_meetings`)."""
    sys.path.insert(0, str(Path(__file__).parents[1] / "benchmarks"))
    import journal_gen

    from mentorlog.calendar import ics_export
    from mentorlog.services import ics
    from mentorlog.services.meetings import list_meetings

    def every_meeting(journal: Any, handle: str | None = None) -> list[Any]:
        return [m for m in list_meetings(journal) if handle is None or handle in m.people]

    journal_gen.write(tmp_path, 2_000)
    now = journal_gen.NOW
    me = ics_export.Me("", ZoneInfo("Europe/Berlin"))
    for person in (None, "alice"):
        request = ics_export.IcsRequest(person=person, include=frozenset({"actions", "goals"}))
        with store.open_journal(tmp_path) as journal:
            fast = ics.export_calendar(journal, request, now=now, me=me)
            plain_way = functools.partial(ics_export.build_calendar, fast=False)
            with (
                patch.object(ics_export, "ics_text", None),
                patch.object(ics, "build_calendar", plain_way),
                patch.object(ics, "exported_meetings", every_meeting),
            ):
                plain = ics.export_calendar(journal, request, now=now, me=me)
        assert fast.meetings > (100 if person is None else 5)
        assert fast.actions
        assert fast.goals
        assert fast == plain


@pytest.mark.parametrize("include_private", [False, True])
def test_markdown_a_kind_at_a_time_is_the_whole_document(
    tmp_path: Path, include_private: bool
) -> None:
    sys.path.insert(0, str(Path(__file__).parents[1] / "benchmarks"))
    import journal_gen

    from mentorlog.services import journal_view as views

    journal_gen.write(tmp_path, 1_500)
    now, zone = journal_gen.NOW, ZoneInfo("America/New_York")
    with store.open_journal(tmp_path) as journal:
        view = views.journal_view(journal, include_private=include_private)
        plain = journal_md.to_markdown(view, now=now, zone=zone)
        found, left_out = views.counts(journal, include_private=include_private)
        parts = list(
            journal_md.markdown_parts(
                found, views.sections(journal, include_private=include_private), now=now, zone=zone
            )
        )
    assert len(parts) > 8  # a part a kind, and the last line end
    assert "".join(parts) == plain
    assert (found, left_out) == (view.counts, view.private_left_out)
    assert (left_out > 0) is not include_private  # the generated journal has private notes


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**53), 2**53)
    | st.text(alphabet='ab \n"\\\x85\x9bé日{}[]', max_size=12),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner),
    max_leaves=10,
)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    extra=st.dictionaries(
        st.sampled_from(["notes", "goals", "people", "later_kind"]),
        st.lists(
            st.dictionaries(st.sampled_from(["text", "private", "x"]), json_values), max_size=3
        ),
        max_size=3,
    ),
    include_private=st.booleans(),
)
def test_json_a_table_at_a_time_is_the_whole_document(
    tmp_path_factory: pytest.TempPathFactory,
    extra: dict[str, list[dict[str, Any]]],
    include_private: bool,
) -> None:
    """Any records, in known tables and others, C1 controls and all: the parts, each escaped
    on its own, are the bytes the plain way writes, and their tally is `dump`'s."""
    from mentorlog.services.transfer_stream import dump_parts

    home = tmp_path_factory.mktemp("home")
    with store.open_journal(home, write=True) as journal:
        for name, records in extra.items():
            for record in records:
                journal._put(name, len(journal.all(name)) + 1, record)
        journal.add_tombstones([("goals", "a-uid", "2026-01-01T00:00:00+00:00")])
        journal.describe("fill", now=datetime(2026, 1, 1, tzinfo=UTC))
    now = datetime(2026, 11, 21, 10, 15, tzinfo=UTC)
    with store.open_journal(home) as journal:
        exported = dump(journal, now=now, include_private=include_private)
        plain = render_console.json_bytes(exported.document, default=id_first)
        tally, parts = dump_parts(journal, now=now, include_private=include_private)
        written = b"".join(map(render_console.escape_c1, parts))
    assert written == plain
    assert (tally.records, tally.private_left_out, tally.private_included) == (
        exported.records,
        exported.private_left_out,
        exported.private_included,
    )


def test_a_benchmark_journal_is_exported_as_json_as_before(tmp_path: Path) -> None:
    sys.path.insert(0, str(Path(__file__).parents[1] / "benchmarks"))
    import journal_gen

    from mentorlog.services.transfer_stream import dump_parts

    journal_gen.write(tmp_path, 1_500)
    with store.open_journal(tmp_path) as journal:
        for include_private in (False, True):
            exported = dump(journal, now=journal_gen.NOW, include_private=include_private)
            plain = render_console.json_bytes(exported.document, default=id_first)
            _, parts = dump_parts(journal, now=journal_gen.NOW, include_private=include_private)
            assert b"".join(parts) == plain


# --- export md: records built the short way (journal_view.sections, journal_rows) -----------

# Each field as the store writes it, or as a hand edit may leave it: the wrong type, out of
# range, empty, a list with what is not text, a stamp without an offset or unreadable.
md_odd = st.sampled_from([None, "", 0, 1, True, False, 2.5, "3", 2**60, [], ["x", 1, None]])
md_text = st.text(alphabet="ab _#*`<>1.\n\x1bé", max_size=12)
md_stamps = st.sampled_from(
    [
        "2026-03-01T09:30:00+01:00",
        "2026-03-01T08:30:00+00:00",  # the same instant in another offset
        "2026-03-01T09:30:00.000001+01:00",
        "2026-03-01T09:30:00",
        "1969-12-31T23:59:59-05:00",
        "9999-12-31T23:00:00-01:00",
        # Two instants a float does not tell apart (the order is theirs, not the ids').
        "2999-06-01T10:00:00.000003+00:00",
        "2999-06-01T11:00:00.000002+01:00",
        "not a stamp",
        "",
    ]
)
md_fields = {
    "actions": {
        "text": md_text,
        "owner": st.sampled_from(["me", "alice", ""]),
        "due": st.sampled_from(["2026-12-01", "2026-13-01", "0001-01-01"]),
        "status": st.sampled_from(["open", "done", "Done"]),
        "meeting": st.integers(1, 3),
        "goal": st.integers(1, 3),
        "person": st.sampled_from(["alice", ""]),
        "completed": md_stamps,
    },
    "topics": {
        "text": md_text,
        "person": st.sampled_from(["alice", "bob"]),
        "status": st.sampled_from(["open", "done", "closed"]),
        "completed": md_stamps,
    },
    "feedback": {
        "text": md_text,
        "direction": st.sampled_from(["given", "received", "sideways"]),
        "person": st.sampled_from(["alice", "bob"]),
        "meeting": st.integers(1, 3),
        "goal": st.integers(1, 3),
        "rating": st.integers(0, 6),
        "tags": st.lists(st.sampled_from(["a", "b_c"]), max_size=2),
        "at": md_stamps,
    },
    "notes": {
        "text": md_text,
        "people": st.lists(st.sampled_from(["alice", "bob"]), max_size=2),
        "tags": st.lists(st.sampled_from(["a", "*b*"]), max_size=2),
        "private": st.sampled_from([False, True, "no", 0]),
        "prompt": st.sampled_from(["Why?", ""]),
        "at": md_stamps,
    },
}
md_common = {
    "uid": st.sampled_from(["u-1", "", "u-2"]),
    "created": md_stamps,
    "updated": md_stamps,
}


@st.composite
def md_records(draw: st.DrawFn, table: str) -> dict[str, Any]:
    record: dict[str, Any] = {}
    for name, usual in (md_fields[table] | md_common).items():
        if draw(st.integers(0, 9)) == 0:
            continue  # a field missing
        record[name] = draw(md_odd) if draw(st.integers(0, 5)) == 0 else draw(usual)
    return record


@settings(
    max_examples=examples(60),
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    tables=st.fixed_dictionaries(
        {table: st.lists(md_records(table), max_size=6) for table in md_fields}
    ),
    include_private=st.booleans(),
)
def test_markdown_of_records_built_the_short_way_is_the_whole_records(
    tmp_path_factory: pytest.TempPathFactory,
    tables: dict[str, list[dict[str, Any]]],
    include_private: bool,
) -> None:
    """Usual and hand-edited action items, talking points, feedback and notes: the document
    `sections` builds (without stamps, usual records from their fields, sorted by a float
    key) is the one built from every record whole (`journal_view`, `to_markdown`)."""
    home = tmp_path_factory.mktemp("home")
    markdown_both_ways(home, tables, include_private=include_private, zone="America/New_York")


def markdown_both_ways(
    home: Path, tables: dict[str, list[dict[str, Any]]], *, include_private: bool, zone: str
) -> str:
    """A journal of `tables` at `home`, and its Markdown built from every record whole
    (`journal_view`, `to_markdown`), held to the one `sections` and `markdown_parts` write."""
    from mentorlog.services import journal_view as views

    with store.open_journal(home, write=True) as journal:
        for name, records in tables.items():
            for number, record in enumerate(records, start=1):
                journal._put(name, number, record)
        journal.describe("fill", now=datetime(2026, 1, 1, tzinfo=UTC))
    now, at = datetime(2026, 11, 21, 10, 15, tzinfo=UTC), ZoneInfo(zone)
    with store.open_journal(home) as journal:
        view = views.journal_view(journal, include_private=include_private)
        plain = journal_md.to_markdown(view, now=now, zone=at)
        found, _ = views.counts(journal, include_private=include_private)
        sections = views.sections(journal, include_private=include_private)
        assert "".join(journal_md.markdown_parts(found, sections, now=now, zone=at)) == plain
    return plain


def test_the_short_way_takes_the_usual_record_and_leaves_the_rest() -> None:
    from mentorlog.model import ActionItem, Feedback, Note, Topic
    from mentorlog.services import journal_rows as rows

    usual = {"text": "Ask", "id": 3, "uid": "u", "person": "alice", "tags": [], "people": []}
    for model, read in rows.USUAL.items():
        made = read(usual)
        assert made is not None
        whole = model.from_record(usual)
        assert (made.id, made.uid, made.text) == (whole.id, whole.uid, whole.text)
        assert read(usual | {"text": 5}) is None  # a number for text: the model reads it
        assert read(usual | {"id": True}) is None
    assert rows.usual_feedback(usual | {"rating": 6}) is None
    assert rows.usual_note(usual | {"tags": ["a", None]}) is None
    assert rows.usual_action(usual | {"meeting": 2**53}) is None
    assert rows.usual_topic(usual | {"person": None}) is None
    assert isinstance(rows.usual_action(usual), ActionItem)
    assert isinstance(rows.usual_topic(usual), Topic)
    assert isinstance(rows.usual_feedback(usual), Feedback)
    assert isinstance(rows.usual_note(usual), Note)


def test_notes_a_float_cannot_tell_apart_keep_the_order_of_their_instants() -> None:
    from mentorlog.services import journal_view as views

    later = Note(text="later", at=datetime.fromisoformat("2999-06-01T10:00:00.000003+00:00"), id=1)
    sooner = Note(
        text="sooner", at=datetime.fromisoformat("2999-06-01T11:00:00.000002+01:00"), id=2
    )
    assert later.at
    assert sooner.at
    assert later.at.timestamp() == sooner.at.timestamp()
    notes = [later, sooner, Note(text="undated", at=None, id=3)]
    assert sorted(notes, key=views._by_instant) == sorted(notes, key=views._by_at)
    assert [n.text for n in sorted(notes, key=views._by_instant)] == ["undated", "sooner", "later"]


@settings(
    max_examples=examples(40),
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(topics=st.lists(md_records("topics"), max_size=8))
def test_an_ics_export_takes_the_talking_points_topics_for_gives(
    tmp_path_factory: pytest.TempPathFactory, topics: list[dict[str, Any]]
) -> None:
    """`services.ics.open_topics` (usual records built the short way) against the plain
    `topics_for`, over usual and hand-edited talking points."""
    from mentorlog.services.ics import open_topics
    from mentorlog.services.topics import topics_for

    home = tmp_path_factory.mktemp("home")
    with store.open_journal(home, write=True) as journal:
        for number, record in enumerate(topics, start=1):
            journal._put("topics", number, record)
        journal.describe("fill", now=datetime(2026, 1, 1, tzinfo=UTC))
    with store.open_journal(home) as journal:
        for wanted in ({"alice"}, {"alice", "bob"}, set()):
            fast = [(t.id, t.uid, t.text, t.person) for t in open_topics(journal, wanted)]
            plain = [(t.id, t.uid, t.text, t.person) for t in topics_for(journal, wanted)]
            assert fast == plain


DESCRIBED_RULES = (
    "FREQ=WEEKLY",
    "FREQ=WEEKLY;INTERVAL=2;COUNT=5",
    "FREQ=WEEKLY;BYDAY=TU,TH;UNTIL=20300101T000000Z",
    "FREQ=DAILY;COUNT=3",
    "FREQ=MONTHLY",
    "FREQ=MONTHLY;BYDAY=-1FR;COUNT=2",
    "FREQ=MONTHLY;BYMONTHDAY=-1",
    "FREQ=YEARLY;UNTIL=20310101",
    "FREQ=YEARLY;BYMONTH=3",
    "FREQ=DAILY;BYHOUR=9,10",
)


@given(
    st.lists(
        st.tuples(
            st.sampled_from(DESCRIBED_RULES),
            st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2030, 1, 1)),
        ),
        min_size=1,
        max_size=6,
    )
)
def test_a_series_is_described_as_its_own_rule_and_start_say(
    series: list[tuple[str, datetime]],
) -> None:
    """`describe` remembers a rule's words by the parts and start fields they use: each
    meeting's words are the ones made for it alone (the rule without COUNT and UNTIL, and
    its whole start), whatever was described before it."""
    from mentorlog.calendar import describe as described
    from mentorlog.model import Meeting
    from mentorlog.timeparse.rules import read_rule

    for rule, start in series:
        meeting = Meeting(id=1, title="x", people=[], start=start, tz="UTC", rrule=rule)
        read = read_rule(rule)
        assert read is not None
        bare = read.without("COUNT", "UNTIL")
        words = described._rule_words(bare, start.weekday(), start.day, start.month)
        expected = f"by the rule {bare}" if words is None else words
        assert described.describe(meeting).startswith(f"{expected} at ")
