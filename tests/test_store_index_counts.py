"""The journal index keeps how many records each table holds (`Tables.count`, the summary
line of `export md`): what the index says equals what the table parsed holds, and an index
that says nothing of it (an older mentorlog's), says something no count can be, or is not
this file's any more is passed by, as the rest of the index is (tests/test_store_index.py)."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import Run
from mentorlog import store
from mentorlog.errors import JournalRefused
from profiles import examples
from test_store_index import index_of

NOW = datetime(2026, 11, 21, 11, 15, tzinfo=ZoneInfo("Europe/Berlin"))
TABLES = ("people", "goals", "topics", "notes")


def fill(home: Path, sizes: dict[str, int]) -> None:
    with store.open_journal(home, write=True) as journal:
        for table, size in sizes.items():
            for n in range(size):
                journal.insert(table, {"title": f"{table} {n}", "tags": ["a", n]}, now=NOW)
        journal.describe("fill", now=NOW)


def rewrite_index(home: Path, tables: list[list[Any]]) -> None:
    index = index_of(home)
    index["tables"] = tables
    (home / store.INDEX_FILE).write_bytes(orjson.dumps(index))


def whole_counts(home: Path) -> dict[str, int]:
    """Each table's records, the plain way: the file parsed whole."""
    whole = json.loads((home / store.JOURNAL_FILE).read_bytes())
    return {name: len(table) for name, table in whole.items() if name != "_meta"}


def counted(home: Path) -> tuple[dict[str, int], set[str]]:
    """Each table's count, read through the index, and which tables that parsed."""
    with store.open_journal(home) as journal:
        found = {name: journal.count(name) for name in TABLES}
        return found, set(journal._storage().data._parsed) & set(TABLES)


@settings(
    max_examples=examples(25),
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    sizes=st.fixed_dictionaries({table: st.integers(0, 4) for table in TABLES}),
    changes=st.lists(st.tuples(st.sampled_from(TABLES), st.booleans()), max_size=4),
)
def test_the_index_counts_each_table_as_parsing_finds_it(
    tmp_path_factory: pytest.TempPathFactory,
    sizes: dict[str, int],
    changes: list[tuple[str, bool]],
) -> None:
    """After each write (records added, tombstones left, tables copied or written anew),
    the index's count of every table is what the file parsed whole holds, and counting
    parses nothing."""
    home = tmp_path_factory.mktemp("home")
    fill(home, sizes)
    for table, add in changes:
        with store.open_journal(home, write=True) as journal:
            if add:
                journal.insert(table, {"title": "more"}, now=NOW)
            else:
                for record in journal.all(table)[:1]:
                    journal.remove(table, record["id"], now=NOW)
            journal.describe("change", now=NOW)
        listed = {entry[0]: entry[3] for entry in index_of(home)["tables"]}
        assert {name: listed[name] for name in whole_counts(home)} == whole_counts(home)
        found, parsed = counted(home)
        assert not parsed
        assert found == {name: whole_counts(home).get(name, 0) for name in TABLES}


def test_an_older_index_without_counts_is_counted_in_the_bytes_then_kept(
    tmp_path: Path,
) -> None:
    """An index an older mentorlog wrote (`[name, start, stop]`) still reads each table
    where it lies; counts come from the bytes, and the next write records them."""
    fill(tmp_path, {"people": 2, "goals": 3, "topics": 0, "notes": 1})
    rewrite_index(tmp_path, [entry[:3] for entry in index_of(tmp_path)["tables"]])
    found, parsed = counted(tmp_path)
    assert found == {"people": 2, "goals": 3, "topics": 0, "notes": 1}
    assert not parsed  # the index was used: nothing parsed to count
    with store.open_journal(tmp_path, write=True) as journal:
        journal.insert("goals", {"title": "one more"}, now=NOW)
        journal.describe("change", now=NOW)
    listed = {entry[0]: entry[3] for entry in index_of(tmp_path)["tables"]}
    assert (
        listed
        == {"_meta": 1, "people": 2, "goals": 4, "notes": 1}
        == {
            "_meta": 1,
            **whole_counts(tmp_path),
        }
    )


@pytest.mark.parametrize("count", [-1, "2", 2.0, True, None, [2], 2**63])
def test_a_count_no_table_can_hold_is_passed_by(tmp_path: Path, count: Any) -> None:
    """A hand edit leaving what is not a whole number from 0: counted in the bytes."""
    fill(tmp_path, {"people": 1, "goals": 2, "topics": 3, "notes": 0})
    tables = index_of(tmp_path)["tables"]
    rewrite_index(tmp_path, [[*entry[:3], count] for entry in tables])
    found, parsed = counted(tmp_path)
    assert found == {"people": 1, "goals": 2, "topics": 3, "notes": 0}
    assert not parsed


def test_an_entry_with_more_than_a_count_is_not_this_index(tmp_path: Path) -> None:
    """An entry longer than `[name, start, stop, count]`: the index is passed by whole."""
    fill(tmp_path, {"people": 1, "goals": 2, "topics": 0, "notes": 0})
    rewrite_index(tmp_path, [[*entry, 0] for entry in index_of(tmp_path)["tables"]])
    with store.open_journal(tmp_path) as journal:
        assert "goals" in journal._storage().data._parsed  # checked whole
        assert journal.count("goals") == 2


def test_a_stale_index_is_passed_by_and_its_counts_with_it(tmp_path: Path) -> None:
    """The journal changed by hand after the index was written (another size, another
    time): its counts are not used, the file is checked whole."""
    fill(tmp_path, {"people": 1, "goals": 2, "topics": 0, "notes": 0})
    path = tmp_path / store.JOURNAL_FILE
    whole = json.loads(path.read_bytes())
    whole["goals"]["9"] = dict(whole["goals"]["1"])
    path.write_bytes(orjson.dumps(whole, option=orjson.OPT_INDENT_2))
    with store.open_journal(tmp_path) as journal:
        assert journal.count("goals") == 3
        assert len(journal.all("goals")) == 3


def test_a_wrong_count_is_found_when_its_table_is_parsed(tmp_path: Path) -> None:
    """A count a hand edit changed to another whole number is as the index says until its
    table is parsed, where it is proved wrong: the command stops as for an index that no
    longer describes the file, the index goes, and the next command counts right."""
    fill(tmp_path, {"people": 1, "goals": 2, "topics": 0, "notes": 0})
    tables = index_of(tmp_path)["tables"]
    rewrite_index(tmp_path, [[*e[:3], 5 if e[0] == "goals" else e[3]] for e in tables])
    refused = pytest.raises(JournalRefused, match="changed while it was being read")
    with refused, store.open_journal(tmp_path) as journal:
        journal.all("goals")
    assert not (tmp_path / store.INDEX_FILE).exists()
    with store.open_journal(tmp_path) as journal:
        assert journal.count("goals") == 2


def test_undo_takes_the_counts_its_snapshot_index_kept(tmp_path: Path) -> None:
    """A change remembers its snapshot's tables with their counts; `undo` writes the
    snapshot back with them (each table's count as the file holds)."""
    fill(tmp_path, {"people": 1, "goals": 2, "topics": 1, "notes": 0})
    with store.open_journal(tmp_path, write=True) as journal:
        journal.insert("goals", {"title": "undone"}, now=NOW)
        journal.describe("change", now=NOW)
    entries = json.loads((tmp_path / "backups" / ".snapshots.index").read_bytes())["snapshots"]
    assert all(len(entry) == 4 for entry in [*entries.values()][-1]["tables"])
    store.undo(tmp_path, now=NOW)
    listed = {entry[0]: entry[3] for entry in index_of(tmp_path)["tables"]}
    assert {name: listed[name] for name in whole_counts(tmp_path)} == whole_counts(tmp_path)
    assert listed["goals"] == 2


def test_export_md_says_the_counts_the_records_hold(run: Run, isolated_env: Path) -> None:
    """Through the CLI: the summary line read from the index's counts is the one counted
    without an index, and with an older index."""
    run.ok("person", "add", "ana", "--name", "Ana", "--role", "mentee", "--tz", "UTC")
    for title in ("One", "Two", "Three"):
        run.ok("goal", "add", title, "--with", "ana")
    run.ok("note", "add", "private thought", "--private")
    run.ok("note", "add", "shared thought")
    run.ok("goal", "delete", "2")
    documents = []
    for private in ([], ["--include-private"]):
        documents.append(run.ok("export", "md", *private).stdout)
    index = isolated_env / store.INDEX_FILE
    assert all(len(e) == 4 for e in index_of(isolated_env)["tables"])
    rewrite_index(isolated_env, [entry[:3] for entry in index_of(isolated_env)["tables"]])
    older = [run.ok("export", "md", *p).stdout for p in ([], ["--include-private"])]
    index.unlink()
    without = [run.ok("export", "md", *p).stdout for p in ([], ["--include-private"])]
    assert documents == older == without
    assert "2 goals" in documents[0]
    assert "1 note." in documents[0]
    assert "2 notes." in documents[1]
