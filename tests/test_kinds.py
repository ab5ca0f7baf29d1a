"""The registry of kinds, and every part of the program that must cover each kind."""

from __future__ import annotations

import json
from dataclasses import fields

import pytest

from conftest import Run
from mentorlog import store
from mentorlog.kinds import KIND, KINDS, Kind
from mentorlog.render import journal_md
from mentorlog.render import search as render_search
from mentorlog.services import journal_view, search, status, transfer

NAMES = {kind.name for kind in KINDS}


def test_the_store_keeps_the_registry_tables_in_its_order() -> None:
    # The store sits below the registry and never imports it.
    assert tuple(kind.table for kind in KINDS) == store.TABLES


def test_every_kind_is_named_once() -> None:
    for attribute in ("name", "table", "model", "singular", "plural"):
        values = [getattr(kind, attribute) for kind in KINDS]
        assert len(set(values)) == len(values), attribute


@pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.name)
def test_links_and_fields_name_what_the_model_has(kind: Kind) -> None:
    model_fields = {f.name for f in fields(kind.model)}
    assert kind.key in model_fields
    for field_name, target in kind.links.items():
        assert field_name in model_fields, field_name
        assert target in KIND, target
    empty = kind.model.from_record({})
    for _, attribute in kind.search or ():
        assert hasattr(empty, attribute), attribute
    assert kind.private == ("private" in model_fields)


def test_search_covers_every_kind_the_registry_marks_searched() -> None:
    searched = {kind.name for kind in KINDS if kind.search is not None}
    assert set(search.TYPES) == searched
    assert set(search._WHEN) | set(search._WHO) <= searched
    for name in searched:
        model_fields = KIND[name].model.__dataclass_fields__
        # Whom it concerns: named in _WHO, else read from its `people` or `person` field.
        assert name in search._WHO or {"people", "person"} & set(model_fields), name
        assert callable(search._when(KIND[name]))
        assert callable(search._who(KIND[name]))
        assert render_search.heading(name), name
    assert {name for name in searched if KIND[name].tagged} == search.tagged()


def test_transfer_covers_every_kind() -> None:
    # The view declares a typed list for each kind, and takes one list a kind, no fewer.
    view_fields = set(journal_view.JournalView.__annotations__) - {"private_left_out"}
    assert view_fields == {kind.table for kind in KINDS}
    with pytest.raises(TypeError):
        journal_view.JournalView(**{kind.table: [] for kind in KINDS[1:]})
    links = {kind.table for kind in KINDS if kind.links}
    assert set(transfer.ID_LINKS) | set(transfer.HANDLE_FIELDS) == links


def test_the_markdown_export_and_the_dashboard_cover_every_kind() -> None:
    assert set(journal_md.RENDERERS) == NAMES
    assert set(status.SHOWS) == NAMES


# One record of every kind, each holding the marker in a field search reads.
MARKER = "zebracorn"


@pytest.fixture
def every_kind(run: Run) -> None:
    run.ok("person", "add", "alice", "--name", f"Alice {MARKER}", "--role", "mentor",
           "--tz", "UTC")  # fmt: skip
    run.ok("goal", "add", f"Goal {MARKER}", "--with", "alice")
    run.ok("meeting", "add", "--with", "alice", "--at", "2026-11-24 09:00", "--title",
           f"Meeting {MARKER}")  # fmt: skip
    run.ok("action", "add", f"Action {MARKER}", "--meeting", "1")
    run.ok("topic", "add", f"Topic {MARKER}", "--with", "alice")
    run.ok("feedback", "add", f"Feedback {MARKER}", "--from", "alice")
    run.ok("milestone", "add", f"Milestone {MARKER}", "--with", "alice")
    run.ok("note", "add", f"Note {MARKER}", "--with", "alice")


def test_a_record_of_every_kind_is_searched_and_exported(run: Run, every_kind: None) -> None:
    found = {hit["type"] for hit in run.json("search", MARKER)}
    assert found == {kind.name for kind in KINDS if kind.search is not None}
    document = json.loads(run.ok("export", "json").stdout)
    for kind in KINDS:
        [record] = document["tables"][kind.table]
        assert MARKER in str(record), kind.name
    markdown = run.ok("export", "md").stdout
    sections = markdown.split("\n## ")[1:]
    assert [s.split("\n", 1)[0] for s in sections] == [k.markdown.section for k in KINDS]
    for kind, section in zip(KINDS, sections, strict=True):
        assert MARKER in section, kind.name
