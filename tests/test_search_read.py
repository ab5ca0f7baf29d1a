"""Search reads each record it finds (`services.search._read`, `model.searched`) as it
would read the record built (`services.search._built`, every record through `from_record`):
the same hits, in the same order, with the same titles, snippets, dates, privacy and
`--json` shapes, over records a hand edit may have left anything in.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from unittest.mock import patch

from hypothesis import event, given, settings
from hypothesis import strategies as st

from mentorlog import store
from mentorlog.kinds import KIND
from mentorlog.model import searched
from mentorlog.services import search as search_service
from mentorlog.services import search_read, search_text
from mentorlog.services.search_text import parse_query
from mentorlog.store import Journal
from profiles import examples

NOW = datetime(2026, 12, 1, 9, tzinfo=UTC)
# Words the queries find, in any case and accents, among others, odd whitespace and controls.
TEXT = st.lists(
    st.sampled_from(["talk", "Plan", "TALK", "tälk", "a", " ", "\n", "\t", "\x07", '"', "é"]),
    min_size=1,
    max_size=6,
).map("".join)
# One strategy (not a `one_of`, which would take each of its values as often as the good ones).
ODD = st.sampled_from([None, "", 0, 3, -1, True, False, 1.5, 1e-05, {"a": 1}])
TEXTS = st.one_of(TEXT, TEXT, ODD, st.lists(st.one_of(TEXT, st.none()), max_size=2))
STAMPS = st.one_of(
    st.sampled_from(
        [
            "2026-03-01T10:00:00+00:00",
            "2026-11-30T23:30:00-05:00",
            "2025-06-15T08:00:00",  # no offset: read as UTC
            "2026-03-01",
            "not a time",
            "",
            "9999-12-31T23:59:59+14:00",
        ]
    ),
    ODD,
)
WALLS = st.one_of(
    st.sampled_from(
        ["2026-03-01T10:00:00", "2026-10-25T02:30:00", "2026-03-01T10:00:00+02:00", "x", ""]
    ),
    ODD,
)
ZONES = st.one_of(st.sampled_from(["Europe/Berlin", "America/New_York", "Nowhere/Zone"]), ODD)
HELD = st.one_of(
    st.lists(
        st.one_of(
            st.fixed_dictionaries({"start": WALLS}, optional={"at": STAMPS, "rating": ODD}),
            ODD,
            TEXT,
        ),
        max_size=3,
    ),
    ODD,
)
HISTORY = st.one_of(
    st.lists(
        st.one_of(st.fixed_dictionaries({}, optional={"note": TEXTS, "at": STAMPS}), ODD, TEXT),
        max_size=3,
    ),
    ODD,
)
PEOPLE = st.one_of(
    st.lists(st.one_of(st.sampled_from(["alice", "bob", ""]), st.none()), max_size=2),
    st.sampled_from(["alice", "bob", ""]),
    ODD,
)
PERSON = st.one_of(st.sampled_from(["alice", "bob", ""]), ODD)
TAGS = st.one_of(st.lists(st.sampled_from(["x", "y", ""]), max_size=2), st.just("x"), ODD)
PRIVATE = st.one_of(st.sampled_from([True, False, "no", "yes", "false", 0, 1, None]))
DAYS = st.one_of(st.sampled_from(["2026-03-01", "2026-02-30", "0001-01-01", "x"]), ODD)
IDS = st.one_of(st.integers(1, 10**6), st.just(2**60), ODD)

# The fields each kind's records may hold that search reads (texts, dates, people, tags,
# privacy), besides its searched texts and the store's stamps.
_OWN: dict[str, dict[str, st.SearchStrategy[Any]]] = {
    "goal": {"person": PERSON, "tags": TAGS, "history": HISTORY},
    "meeting": {"people": PEOPLE, "start": WALLS, "tz": ZONES, "held": HELD},
    "action": {"person": PERSON, "meeting": IDS, "goal": IDS},
    "topic": {"person": PERSON},
    "feedback": {"person": PERSON, "tags": TAGS, "at": STAMPS},
    "milestone": {"person": PERSON, "on": DAYS},
    "note": {"people": PEOPLE, "tags": TAGS, "at": STAMPS, "private": PRIVATE},
}


@st.composite
def records(draw: st.DrawFn, kind: str) -> dict[str, Any]:
    fields = {attribute: TEXTS for _, attribute in KIND[kind].search or ()}
    fields.pop("progress_notes", None)
    fields |= _OWN[kind] | {"created": STAMPS, "updated": STAMPS, "uid": st.none()}
    record = {}
    for key, values in fields.items():
        if draw(st.integers(0, 5)):  # sometimes missing
            record[key] = draw(values)
    return record


@st.composite
def journals(draw: st.DrawFn) -> Journal:
    tables: dict[str, dict[str, dict[str, Any]]] = {
        "_meta": {"1": {"schema": 3}},
        "people": {"1": {"handle": "alice", "name": "Alice"}, "2": {"handle": "bob"}},
    }
    for kind in search_service.TYPES:
        for n in range(draw(st.integers(0, 5))):
            tables.setdefault(KIND[kind].table, {})[str(n + 1)] = draw(records(kind))
    return Journal(store.JournalPaths(Path("/nonexistent")), tables, writable=False)


QUERIES = ("talk", "plan", "talk plan", '"talk plan"', "ta", "é", "a")
OPTIONS: tuple[dict[str, Any], ...] = (
    {},
    {"person": "alice"},
    {"tag": "x"},
    {"since": date(2026, 3, 1)},
    {"types": ["goal", "note"]},
)


def made_as_init_makes(hit: search_service.Hit) -> None:
    """A hit (and its snippets) made quickly (`search_text.made`) holds every field its
    class's `__init__` sets, and nothing else."""
    for value in (hit, hit.title, hit.source):
        remade = type(value)(**vars(value))
        assert vars(remade) == vars(value)
        assert remade == value


def shown(hits: list[search_service.Hit]) -> list[tuple[Any, ...]]:
    return [
        (h.kind, h.id, h.title, h.source, h.field, h.in_title, h.at, h.day, h.private, h.to_json())
        for h in hits
    ]


@settings(max_examples=examples(200))
@given(journals())
def test_a_search_reading_the_records_finds_what_building_them_finds(journal: Journal) -> None:
    found = 0
    for query in QUERIES:
        for options in OPTIONS:
            read = shown(search_service.search(journal, query, now=NOW, **options))
            with patch.object(search_service, "_read", search_service._built):
                built = shown(search_service.search(journal, query, now=NOW, **options))
            assert read == built, (query, options)
            for hit in search_service.search(journal, query, now=NOW, **options):
                made_as_init_makes(hit)
            found += len(read)
    event("hits", str(min(found // 10, 5) * 10))


@given(st.data())
def test_each_reader_reads_the_field_as_the_built_record_holds_it(data: st.DataObject) -> None:
    """The readers one at a time, where a failure names the field."""
    from mentorlog.model import Goal, Meeting, Milestone, Note

    goal = data.draw(records("goal"))
    assert searched.progress_notes_of(goal) == Goal.from_record(goal).progress_notes
    assert searched.text_of(goal, "why") == (Goal.from_record(goal).why or "")
    meeting = data.draw(records("meeting"))
    built = Meeting.from_record(meeting)
    start, tz, held = searched.meeting_start_of(meeting)
    assert (start, tz, held) == (built.start, built.tz, [h.start for h in built.held])
    assert searched.people_of(meeting) == set(built.people)
    milestone = data.draw(records("milestone"))
    built_milestone = Milestone.from_record(milestone)
    assert searched.on_of(milestone) == built_milestone.on
    assert searched.person_of(milestone) == (
        {built_milestone.person} if built_milestone.person else set()
    )
    note = data.draw(records("note"))
    built_note = Note.from_record(note)
    assert searched.at_of(note) == built_note.at
    assert searched.private_of(note) == built_note.private
    assert searched.tags_of(note) == built_note.tags
    assert searched.created_of(note) == built_note.created


def test_a_hit_is_built_only_for_its_json() -> None:
    tables = {
        "_meta": {"1": {"schema": 3}},
        "goals": {"1": {"title": "a talk", "history": [{"note": "talk"}] * 3}},
    }
    journal = Journal(store.JournalPaths(Path("/nonexistent")), tables, writable=False)
    (hit,) = search_service.search(journal, "talk", now=NOW)
    assert hit.id == 1
    assert isinstance(hit.item, search_service.search_read.Unbuilt)
    assert hit.item._item is None
    assert hit.to_json()["record"]["history"][0]["note"] == "talk"
    assert hit.item._item is not None


@given(
    st.text(alphabet="talk TALK plan\n\t\x07\x7f'\"", max_size=30),
    st.lists(st.sampled_from(["talk", "a", "k p", '"talk plan"', "l", "tt"]), min_size=1),
)
def test_the_highlights_of_ascii_text_are_those_of_folding_it(text: str, words: list[str]) -> None:
    terms = parse_query(" ".join(words))
    assert search_text._ascii_highlights(text, terms) == search_text._highlights(text, terms)


def test_each_kind_is_dated_and_placed_as_its_model_says() -> None:
    """`search_read` names the kinds dated by `at` and those with `people` rather than ask
    their models (whose modules a search that builds no record never imports)."""
    for name in search_service.TYPES:
        kind = KIND[name]
        model_fields = kind.model.__dataclass_fields__
        dated_by_at = search_read.when(kind) is search_read._at
        if name not in ("meeting", "milestone"):
            assert dated_by_at == ("at" in model_fields), name
        if name != "action":
            assert (name in search_read.PEOPLE_KINDS) == ("people" in model_fields), name
