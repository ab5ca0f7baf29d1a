"""`export md`'s short way writes what its plain way writes.

`render.journal_md_fast` writes each usual stored record straight from its fields and gives
its place in reading order; the plain way reads the record by its model (`StoredKind.plain`)
and renders it (`journal_md.RENDERERS`). Over usual and hand-edited records of every kind
(fields of the wrong type, out of range, empty, unreadable, missing; text with Markdown,
control characters and odd spaces), each record is either left to the plain way or written
as it writes it, with the same sort key; and a whole journal of such records exports as the
document built from every record whole (`journal_view`, `to_markdown`).
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from types import MappingProxyType
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mentorlog.kinds import BY_TABLE
from mentorlog.render import journal_md, journal_md_fast, md_text
from mentorlog.render.console import safe
from mentorlog.services import journal_view as views
from profiles import examples
from test_export_fast_paths import markdown_both_ways

# What a hand edit may leave in any field: the wrong type, out of range, empty, a list with
# what is not text, a number too large for JSON readers.
odd = st.sampled_from([None, "", 0, 1, -3, True, False, 2.5, "3", 2**60, [], ["x", 1, None], {}])
# Text with Markdown, control characters, line breaks, odd spaces and non-ASCII.
texts = st.text(alphabet="ab _#*`<>1.)-+\n\t\x1b\x85\xa0\u00ad\u2028é٣", max_size=14)
handles = st.sampled_from(["alice", "bob", "a_b", "_x", "1.", "-", " c", "d ", "e  f", "g\th", ""])
tag_lists = st.lists(st.sampled_from(["a", "b_c", "*d*", "", " e"]), max_size=3)
stamps = st.sampled_from(
    [
        "2026-03-01T09:30:00+01:00",
        "2026-03-01T08:30:00+00:00",  # the same instant in another offset
        "2026-03-29T01:30:00+00:00",  # Berlin's clocks go forward at this hour
        "2026-10-25T00:30:00+00:00",  # and back
        "2026-03-01T09:30:00.000001+01:00",
        "2026-03-01T09:30:00",  # no offset: UTC
        "1969-12-31T23:59:59-05:00",
        "9999-12-31T23:00:00-01:00",  # outside the years mentorlog takes
        "2999-06-01T10:00:00.000003+00:00",
        "2999-06-01T11:00:00.000002+01:00",
        "not a stamp",
        "",
    ]
)
days = st.sampled_from(["2026-12-01", "2026-12-01T10:00:00", "2026-13-01", "0001-01-01", "x"])
ids = st.integers(0, 4)


def mostly(usual: list[Any], rare: list[Any]) -> st.SearchStrategy[Any]:
    """One of `usual`, and now and then one of `rare` (what only a hand edit leaves)."""
    return st.sampled_from(usual * 4 + rare)


ratings = mostly([None, 1, 3, 5], [0, 6])
usual_walls = ["2026-03-01T09:30:00", "2026-03-29T02:30:00", "2026-10-25T02:30:00"]
usual_walls += ["2026-03-01T09:30:00+01:00", "2026-03-01"]  # an offset dropped; midnight
walls = mostly(usual_walls, ["1800-01-01T00:00:00", "nine"])
entries = st.fixed_dictionaries(
    {"progress": mostly([0, 40, 100], [-5, 2**60, 2.5])},
    optional={
        "at": stamps,
        "note": st.one_of(st.none(), texts),
        "event": st.sampled_from(["progress", "done", "dropped", "reopened", "Done"]),
    },
)

FIELDS: dict[str, dict[str, st.SearchStrategy[Any]]] = {
    "goals": {
        "title": texts,
        "why": st.one_of(st.none(), texts),
        "status": mostly(["active", "done", "dropped"], ["Done"]),
        "progress": mostly([0, 40, 100], [-5, 105]),
        "due": days,
        "person": handles,
        "tags": tag_lists,
        "history": st.lists(st.one_of(entries, entries, entries, odd), max_size=3),
        "completed": stamps,
    },
    "meetings": {
        "title": texts,
        "people": st.lists(handles, max_size=2),
        "start": walls,
        "tz": st.sampled_from(
            [
                "Europe/Berlin",
                "America/New_York",
                "UTC",
                "europe/berlin",
                "Mars/Olympus",
                "../x",
                "",
            ]
        ),
        "duration": mostly([1, 30, 1440], [0, 2000]),
        "rrule": st.sampled_from(
            [
                None,
                "",
                "FREQ=WEEKLY",
                "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH",
                "FREQ=MONTHLY;BYDAY=-1FR;COUNT=3",
                "FREQ=DAILY;UNTIL=20270101T000000Z",
                "FREQ=YEARLY;UNTIL=2027",
                "not a rule",
            ]
        ),
        "exdates": st.lists(walls, max_size=2),
        "channel": st.sampled_from(["video", "in-person", "fax", None]),
        "link": st.one_of(st.none(), texts, st.just("https://x.test/a_b_")),
        "status": mostly(["scheduled", "held", "cancelled"], ["Held"]),
        "notes": st.one_of(st.none(), texts),
        "agenda": st.one_of(st.none(), texts),
        "agenda_for": st.one_of(st.none(), walls),
        "rating": ratings,
        "held": st.lists(
            st.one_of(
                st.fixed_dictionaries({"start": walls}, optional={"rating": ratings, "at": stamps}),
                odd,
            ),
            max_size=2,
        ),
    },
    "actions": {
        "text": texts,
        "owner": handles,
        "due": days,
        "status": st.sampled_from(["open", "done", "Done"]),
        "meeting": ids,
        "goal": ids,
        "person": handles,
    },
    "topics": {
        "text": texts,
        "person": handles,
        "status": st.sampled_from(["open", "done", "closed"]),
    },
    "feedback": {
        "text": texts,
        "direction": st.sampled_from(["given", "received", "sideways"]),
        "person": handles,
        "meeting": ids,
        "goal": ids,
        "rating": ratings,
        "tags": tag_lists,
        "at": stamps,
    },
    "milestones": {
        "title": texts,
        "on": mostly(["2026-12-01", "2026-12-01T10:00:00"], ["2026-13-01", "0001-01-01", "x"]),
        "goal": ids,
        "person": handles,
        "note": st.one_of(st.none(), texts),
        "source": st.sampled_from([None, "goal done"]),
    },
    "notes": {
        "text": texts,
        "people": st.lists(handles, max_size=2),
        "tags": tag_lists,
        "private": st.sampled_from([False, True, "no", 0]),
        "prompt": st.one_of(st.none(), texts),
        "at": stamps,
    },
}
COMMON: dict[str, st.SearchStrategy[Any]] = {
    "uid": st.sampled_from(["u-1", "", None]),
    "created": stamps,
    "updated": stamps,
}
ZONES = ("Europe/Berlin", "America/New_York", "Pacific/Chatham", "UTC", "Asia/Kolkata")
NAMES = {"alice": "Alice *Chen*", "a_b": "A_", "1.": "One"}


@st.composite
def records(draw: st.DrawFn, table: str) -> dict[str, Any]:
    """A record as the store writes it, or with a few fields a hand edit changed or took
    out (about half are left as written, so that both ways are taken)."""
    fields = FIELDS[table] | COMMON
    edited = draw(st.one_of(st.just(set()), st.sets(st.sampled_from(sorted(fields)), max_size=3)))
    record: dict[str, Any] = {}
    for name, usual in fields.items():
        if name not in edited:
            record[name] = draw(usual)
        elif draw(st.booleans()):
            record[name] = draw(odd)
        # else the field is missing
    return record


def plain_written(table: str, row: Any, zone: ZoneInfo) -> tuple[Any, str]:
    """The record's sort key and lines the plain way: read by its model, then rendered."""
    key, model = views.StoredKind(table, [row]).plain(row)
    render = journal_md.RENDERERS[BY_TABLE[table].name][1]
    return key, "\n".join(render(model, NAMES, zone))


@pytest.mark.parametrize("table", sorted(FIELDS))
@settings(max_examples=examples(300), suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), zone=st.sampled_from(ZONES))
def test_a_record_is_written_as_the_plain_way_writes_it(
    table: str, data: st.DataObject, zone: str
) -> None:
    """Each record, usual or hand-edited: the short way leaves it to the plain way, or gives
    the plain way's text and sort key."""
    record = data.draw(records(table)) | {"id": data.draw(st.integers(1, 9))}
    row = MappingProxyType(record)  # as a read-only journal gives it
    at = ZoneInfo(zone)
    found = journal_md_fast._WRITERS[table](row, NAMES, at, journal_md_fast._Escaped())
    plain = plain_written(table, row, at)
    # Either way the text is safe as it is built: `export md` writes it without `safe`.
    assert safe(plain[1]) == plain[1]
    if found is not None:
        assert found == plain


@pytest.mark.parametrize("table", sorted(FIELDS))
def test_the_usual_record_is_written_the_short_way(table: str) -> None:
    """The records `benchmarks/journal_gen.py` writes, as `mentorlog` stores them, take the
    short way (else it would never be taken), and a few hand edits do not."""
    sys.path.insert(0, str(Path(__file__).parents[1] / "benchmarks"))
    import journal_gen

    tables = journal_gen.build(300)
    zone = ZoneInfo("Europe/Berlin")
    write = journal_md_fast._WRITERS[table]
    rows = [MappingProxyType(dict(r) | {"id": int(k)}) for k, r in tables[table].items()]
    assert rows
    for row in rows:
        found = write(row, NAMES, zone, journal_md_fast._Escaped())
        assert found is not None, dict(row)
        assert found == plain_written(table, row, zone)
    first = dict(rows[0])
    for edit in ({"id": True}, {"id": 2**60}, {next(iter(FIELDS[table])): 5}):
        assert (
            write(MappingProxyType(first | edit), NAMES, zone, journal_md_fast._Escaped()) is None
        )


@settings(
    max_examples=examples(40),
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    tables=st.fixed_dictionaries({table: st.lists(records(table), max_size=5) for table in FIELDS}),
    include_private=st.booleans(),
    zone=st.sampled_from(ZONES),
    said=st.lists(texts, min_size=6, max_size=6),
)
def test_a_journal_of_hand_edited_records_exports_as_the_whole_records(
    tmp_path_factory: pytest.TempPathFactory,
    tables: dict[str, list[dict[str, Any]]],
    include_private: bool,
    zone: str,
    said: list[str],
) -> None:
    """Usual and hand-edited records of every kind together: the document `sections` and
    `markdown_parts` write (stored records, the usual ones the short way, each kind sorted
    with the rest read by their models) is the one built from every record whole."""
    home = tmp_path_factory.mktemp("home")
    people = [
        {"handle": handle, "name": name, "role": "mentee", "tz": "UTC"}
        for handle, name in NAMES.items()
    ]
    # People's text, with control characters too (the people are read by their models).
    people[0] |= {"name": said[0], "expectations": said[1], "email": said[2]}
    people[1] |= {"hours": said[3], "tags": [said[4]], "cadence": said[5]}
    everything = tables | {"people": people}
    plain = markdown_both_ways(home, everything, include_private=include_private, zone=zone)
    assert safe(plain) == plain  # written as it is (`console.show_safe_parts`)


@given(st.lists(st.sampled_from(["", "\n", "a", "a\n", "\n\n", "b\n\nc\n"]), max_size=6))
def test_a_parts_line_ends_are_cut_as_the_plain_way_cuts_them(lines: list[str]) -> None:
    part = "\n".join(lines) + "\n"
    text = part.rstrip("\n")
    ends = journal_md._line_ends(lines)
    assert ("\n".join(lines), ends) == (text, part[len(text) :])


def the_plain_block(text: str) -> list[str]:
    lines = safe(text).strip("\n").split("\n")
    return [("> " + md_text._HTML_START.sub(r"\1\\<", line)).rstrip() for line in lines]


@given(st.text(alphabet="ab <>#\n\r\t\x1b\x85\xa0\u00ad\u2028\u202eé", max_size=30))
def test_longer_text_is_quoted_as_the_plain_way_quotes_it(text: str) -> None:
    assert md_text.block(text) == the_plain_block(text)


def test_a_kind_left_to_the_plain_way_keeps_its_place_among_the_usual_ones() -> None:
    """A hand-edited action item (its text a number) sorts among the usual ones by the
    plain way's key: open before done, soonest due first."""
    usual = {"text": "Ask", "owner": "me", "status": "open", "due": "2026-12-02"}
    rows = [
        MappingProxyType(usual | {"id": 1, "status": "done"}),
        MappingProxyType(usual | {"id": 2, "text": 5, "due": "2026-12-01"}),
        MappingProxyType(usual | {"id": 3}),
    ]
    kind = views.StoredKind("actions", rows)
    zone = ZoneInfo("UTC")
    lines = journal_md_fast.written(kind, journal_md.RENDERERS["action"][1], {}, zone)
    assert [line.rsplit(" ", 1)[-1] for line in lines] == ["2)", "3)", "1)"]
    assert lines[0] == "- [ ] 5: yours, due Tue 1 Dec 2026 (action 2)"


@settings(max_examples=examples(300))
@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2999, 12, 31)))
def test_each_days_text_is_the_one_dates_writes(day: date) -> None:
    """`md_text._DAYS` makes a day's text itself, once a run: as `dates.day_year` does."""
    from mentorlog.render import dates

    md_text._DAYS.pop(day.toordinal(), None)
    assert md_text._DAYS[day.toordinal()] == dates.day_year(day)
    assert md_text._day_text(day) == dates.day_year(day)
