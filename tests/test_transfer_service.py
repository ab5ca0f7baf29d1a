"""The transfer service and the store methods it uses, in-process: dump, read, restore, merge."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st

from mentorlog import store
from mentorlog.errors import Conflict, InvalidInput
from mentorlog.services import transfer

NOW = datetime(2026, 11, 21, 11, 15, tzinfo=ZoneInfo("Europe/Berlin"))
LATER = datetime(2026, 11, 22, 9, 0, tzinfo=ZoneInfo("Europe/Berlin"))

# Any text JSON can hold: every code point but lone surrogates, control characters included.
TEXTS = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40)


@contextmanager
def homes(count: int) -> Iterator[list[Path]]:
    with tempfile.TemporaryDirectory() as folder:
        yield [Path(folder) / f"home{i}" for i in range(count)]


def raw_tables(home: Path) -> dict[str, Any]:
    data = orjson.loads((home / store.JOURNAL_FILE).read_bytes())
    return {name: table for name, table in data.items() if name != store.META}


def export_bytes(home: Path, *, include_private: bool = False) -> bytes:
    with store.open_journal(home) as journal:
        return orjson.dumps(
            transfer.dump(journal, now=NOW, include_private=include_private).document,
            # The records of a read-only journal are made dicts as they are written (issue 19).
            default=transfer.id_first,
        )


def import_into(home: Path, raw: bytes) -> transfer.ImportResult:
    export = transfer.read_export(raw, "in.json")
    with store.open_journal(home, write=True) as journal:
        return transfer.load(journal, export, now=NOW, source="in.json")


# -- the store methods an import uses --------------------------------------------------------


def test_restore_keeps_uid_and_stamps_and_moves_the_counter(tmp_path: Path) -> None:
    record = {"id": 99, "uid": "u-7", "created": "2020-01-01T00:00:00Z", "updated": "x", "a": 1}
    with store.open_journal(tmp_path, write=True) as journal:
        saved = journal.restore("goals", record, record_id=7)
        assert saved == {**record, "id": 7}
        assert journal.insert("goals", {"title": "next"}, now=NOW)["id"] == 8
        fresh = journal.restore("goals", {"uid": "u-new"})
        assert (fresh["id"], fresh["uid"]) == (9, "u-new")
        with pytest.raises(KeyError):
            journal.restore("goals", {"uid": "again"}, record_id=7)
    assert raw_tables(tmp_path)["goals"]["7"] == {k: v for k, v in record.items() if k != "id"}


def test_replace_swaps_every_field_but_keeps_the_id(tmp_path: Path) -> None:
    with store.open_journal(tmp_path, write=True) as journal:
        old = journal.insert("goals", {"title": "old", "colour": "teal"}, now=NOW)
        new = journal.replace("goals", old["id"], {"id": 42, "uid": "u", "title": "new"})
        assert new == {"id": old["id"], "uid": "u", "title": "new"}
        with pytest.raises(KeyError):
            journal.replace("goals", 5, {"uid": "v"})


def test_reserve_ids_only_ever_moves_the_counter_on(tmp_path: Path) -> None:
    with store.open_journal(tmp_path, write=True) as journal:
        journal.reserve_ids("notes", 10)
        journal.reserve_ids("notes", 3)
        assert journal.insert("notes", {"text": "x"}, now=NOW)["id"] == 10


def test_tables_lists_the_known_then_the_unknown_never_meta(tmp_path: Path) -> None:
    with store.open_journal(tmp_path, write=True) as journal:
        assert journal.tables() == list(store.TABLES)
        journal.insert("zebras", {"name": "z"}, now=NOW)
        journal.insert("habits", {"name": "h"}, now=NOW)
        assert journal.tables() == [*store.TABLES, "habits", "zebras"]


def test_a_read_only_journal_refuses_the_new_writes(tmp_path: Path) -> None:
    with store.open_journal(tmp_path) as journal:
        for write in (
            lambda: journal.restore("goals", {"uid": "u"}),
            lambda: journal.replace("goals", 1, {"uid": "u"}),
            lambda: journal.reserve_ids("goals", 2),
        ):
            with pytest.raises(RuntimeError):
                write()


# -- reading ---------------------------------------------------------------------------------


def test_read_export_sorts_records_by_id_and_keeps_unknown_tables() -> None:
    raw = orjson.dumps(
        {
            "schema": 1,
            "tables": {"goals": [{"id": 3, "uid": "c"}, {"id": 1, "uid": "a"}], "x": []},
            "next_ids": {"goals": 9, "notes": "many", "_meta": 4},
        }
    )
    export = transfer.read_export(raw, "f.json")
    assert [r["id"] for r in export.tables["goals"]] == [1, 3]
    assert export.tables["x"] == []
    assert export.next_ids == {"goals": 9}  # counters that are not ids are ignored


def test_read_export_refuses_a_bool_as_schema() -> None:
    with pytest.raises(InvalidInput, match="its schema True is not a version number"):
        transfer.read_export(b'{"schema": true, "tables": {}}', "f.json")


# -- merging ---------------------------------------------------------------------------------


def test_links_to_records_the_file_does_not_hold_are_dropped(tmp_path: Path) -> None:
    home = tmp_path / "home"
    with store.open_journal(home, write=True) as journal:
        journal.insert("goals", {"title": "Mine"}, now=NOW)
    raw = orjson.dumps(
        {
            "schema": 1,
            "tables": {
                "actions": [{"id": 1, "uid": "a-1", "text": "Orphan", "goal": 1, "meeting": 7}]
            },
        }
    )
    assert import_into(home, raw).added == {"actions": 1}
    [action] = raw_tables(home)["actions"].values()
    # Goal 1 here is not the goal the file meant: better no link than the wrong one.
    assert (action["goal"], action["meeting"]) == (None, None)


def test_an_import_that_fails_writes_nothing(tmp_path: Path) -> None:
    home = tmp_path / "home"
    with store.open_journal(home, write=True) as journal:
        journal.insert("people", {"handle": "alice", "name": "Alice Chen"}, now=NOW)
    before = (home / store.JOURNAL_FILE).read_bytes()
    raw = orjson.dumps(
        {
            "schema": 1,
            "tables": {
                "people": [
                    {"id": 1, "uid": "p-bo", "handle": "bo", "name": "Bo"},
                    {"id": 2, "uid": "p-al", "handle": "alice", "name": "Alice Smith"},
                ]
            },
        }
    )
    with pytest.raises(Conflict):
        import_into(home, raw)
    assert (home / store.JOURNAL_FILE).read_bytes() == before


# -- properties ------------------------------------------------------------------------------


@given(titles=st.lists(TEXTS, min_size=1, max_size=5), note=TEXTS)
def test_any_text_survives_export_and_import(titles: list[str], note: str) -> None:
    with homes(2) as (source, target):
        with store.open_journal(source, write=True) as journal:
            for title in titles:
                journal.insert("goals", {"title": title, "history": [{"note": note}]}, now=NOW)
            journal.insert("notes", {"text": note, "private": False}, now=NOW)
        raw = export_bytes(source)
        result = import_into(target, raw)
        assert result.restored
        assert raw_tables(target) == raw_tables(source)
        again = import_into(target, raw)
        assert (again.added_total, again.updated, again.present) == (0, 0, len(titles) + 1)


@given(
    theirs=st.lists(TEXTS, min_size=1, max_size=6, unique=True),
    mine=st.integers(min_value=1, max_value=4),
    links=st.lists(st.integers(min_value=0, max_value=5), max_size=6),
)
def test_merged_links_point_at_the_same_records(
    theirs: list[str], mine: int, links: list[int]
) -> None:
    with homes(2) as (source, target):
        with store.open_journal(source, write=True) as journal:
            goals = [journal.insert("goals", {"title": t}, now=NOW) for t in theirs]
            for n, link in enumerate(links):
                goal = goals[link % len(goals)]
                journal.insert("actions", {"text": f"a{n}", "goal": goal["id"]}, now=NOW)
        with store.open_journal(target, write=True) as journal:
            for n in range(mine):
                journal.insert("goals", {"title": f"here {n}"}, now=NOW)
        result = import_into(target, export_bytes(source))
        assert result.added.get("goals") == len(theirs)
        merged = raw_tables(target)
        title_of = {int(i): g["title"] for i, g in merged["goals"].items()}
        source_title = {int(i): g["title"] for i, g in raw_tables(source)["goals"].items()}
        for action in raw_tables(source).get("actions", {}).values():
            [copy] = [a for a in merged["actions"].values() if a["uid"] == action["uid"]]
            assert title_of[copy["goal"]] == source_title[action["goal"]]
        assert import_into(target, export_bytes(source)).added_total == 0


@given(first=TEXTS, second=TEXTS)
def test_the_later_version_of_a_record_wins_either_way(first: str, second: str) -> None:
    with homes(2) as (one, two):
        with store.open_journal(one, write=True) as journal:
            goal = journal.insert("goals", {"title": first}, now=NOW)
        import_into(two, export_bytes(one))
        with store.open_journal(one, write=True) as journal:
            journal.update("goals", goal["id"], {"title": second}, now=LATER)
        newer = export_bytes(one)
        result = import_into(two, newer)
        assert result.updated == 1  # `updated` moved on, even if the title did not change
        assert raw_tables(two) == raw_tables(one)
        with store.open_journal(two, write=True) as journal:
            stale = journal.replace("goals", goal["id"], {**goal, "title": "stale"})
        import_into(one, export_bytes(two))  # older than what `one` has: skipped
        assert raw_tables(one)["goals"]["1"]["title"] == second
        assert stale["updated"] < raw_tables(one)["goals"]["1"]["updated"]
