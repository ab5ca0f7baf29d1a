"""The journal index: a journal the store wrote is parsed a table at a time and saved by
copying the tables a change left alone; anything else is checked whole, as before.

Each fast path in `store/index.py` is held to the plain version it must equal: reading
through an index (`index.inspect`, `Tables`) to the whole check (`format.inspect_bytes`),
the file built a table at a time (`index.payload`) to the plain dump (`full_dump`), a
snapshot's remembered `_meta` (`index.inspect_snapshot`) to the snapshot checked whole."""

from __future__ import annotations

import json
import os
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mentorlog import store
from mentorlog.errors import JournalRefused
from mentorlog.store import files
from mentorlog.store import format as store_format
from profiles import examples

NOW = datetime(2026, 11, 21, 11, 15, tzinfo=ZoneInfo("Europe/Berlin"))


def full_dump(data: Any) -> bytes:
    """What the journal file must hold: the plain indented dump of its tables."""
    return orjson.dumps(data, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE)


def fill(home: Path) -> None:
    with store.open_journal(home, write=True) as journal:
        for table in ("people", "goals", "topics", "notes"):
            for n in range(3):
                journal.insert(table, {"title": f"{table} {n}", "tags": ["a", n]}, now=NOW)
        journal.describe("fill", now=NOW)


def index_of(home: Path) -> dict[str, Any]:
    data = json.loads((home / store.INDEX_FILE).read_bytes())
    assert isinstance(data, dict)
    return data


def parsed_tables(journal: store.Journal) -> set[str]:
    return set(journal._storage().data._parsed)


def test_a_write_leaves_an_index_of_the_file_it_wrote(tmp_path: Path) -> None:
    fill(tmp_path)
    raw = (tmp_path / store.JOURNAL_FILE).read_bytes()
    index = index_of(tmp_path)
    assert index["format"] == store.INDEX_FORMAT
    assert [name for name, _, _, _ in index["tables"]] == [
        "_meta", "people", "goals", "topics", "notes",
    ]  # fmt: skip
    whole = json.loads(raw)
    for name, start, end, count in index["tables"]:
        assert json.loads(raw[start:end]) == whole[name]
        assert count == len(whole[name])  # how many records, for `count`
    assert raw == full_dump(whole)


def test_a_reading_command_parses_only_the_tables_it_reads(tmp_path: Path) -> None:
    fill(tmp_path)
    whole = json.loads((tmp_path / store.JOURNAL_FILE).read_bytes())
    with store.open_journal(tmp_path) as journal:
        assert parsed_tables(journal) == {"_meta"}
        goals = journal.all("goals")
        assert parsed_tables(journal) == {"_meta", "goals"}
        assert journal.tables() == [*store.TABLES]
        assert parsed_tables(journal) == {"_meta", "goals"}
    assert goals == [{**doc, "id": int(key)} for key, doc in whole["goals"].items()]


def test_a_change_copies_the_tables_it_left_alone(tmp_path: Path) -> None:
    fill(tmp_path)
    with store.open_journal(tmp_path, write=True) as journal:
        journal.update("goals", 2, {"title": "renamed"}, now=NOW)
        journal.describe("rename", now=NOW)
        assert parsed_tables(journal) == {"_meta", "goals"}
    raw = (tmp_path / store.JOURNAL_FILE).read_bytes()
    whole = json.loads(raw)
    assert whole["goals"]["2"]["title"] == "renamed"
    assert whole["notes"]["3"]["title"] == "notes 2"
    assert raw == full_dump(whole)
    with store.open_journal(tmp_path) as journal:  # and the new index describes it
        assert journal.get("topics", 1) == {**whole["topics"]["1"], "id": 1}
        assert parsed_tables(journal) == {"_meta", "topics"}


def test_a_new_table_is_added_at_the_end(tmp_path: Path) -> None:
    fill(tmp_path)
    with store.open_journal(tmp_path, write=True) as journal:
        journal.insert("milestones", {"title": "first"}, now=NOW)
    raw = (tmp_path / store.JOURNAL_FILE).read_bytes()
    whole = json.loads(raw)
    assert list(whole)[-1] == "milestones"
    assert raw == full_dump(whole)


def hand_edit(path: Path, old: bytes, new: bytes) -> None:
    """Change bytes in place, keeping the size and the modification time: only the
    change time (ctime) tells the edit."""
    assert len(old) == len(new)
    before = path.stat()
    raw = path.read_bytes()
    assert raw.count(old) == 1
    with path.open("r+b") as file:
        file.seek(raw.index(old))
        file.write(new)
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size


def test_a_hand_edit_is_seen_even_keeping_size_and_time(tmp_path: Path) -> None:
    fill(tmp_path)
    hand_edit(tmp_path / store.JOURNAL_FILE, b'"topics 1"', b'"TOPICS 1"')
    with store.open_journal(tmp_path) as journal:
        assert parsed_tables(journal) > {"_meta", "topics"}  # checked whole
        assert journal.get("topics", 2)["title"] == "TOPICS 1"  # type: ignore[index]


def test_a_table_broken_by_hand_is_refused_not_copied(tmp_path: Path) -> None:
    fill(tmp_path)
    path = tmp_path / store.JOURNAL_FILE
    hand_edit(path, b'"topics 1"', b'"topics 1 ')  # no longer JSON, in a table goal add skips
    broken = path.read_bytes()
    refused = pytest.raises(JournalRefused, match="is not valid JSON")
    with refused, store.open_journal(tmp_path, write=True) as journal:
        journal.insert("goals", {"title": "never saved"}, now=NOW)
    assert path.read_bytes() == broken


@pytest.mark.parametrize(
    "index",
    [
        b"",
        b"not json",
        b"[]",
        b'{"format": 99}',
        b'{"format": 1, "journal": [1, 2], "tables": []}',
    ],
)
def test_a_broken_or_foreign_index_is_passed_by(tmp_path: Path, index: bytes) -> None:
    fill(tmp_path)
    (tmp_path / store.INDEX_FILE).write_bytes(index)
    with store.open_journal(tmp_path) as journal:
        assert {"goals", "notes"} <= parsed_tables(journal)  # checked whole
        assert len(journal.all("notes")) == 3


def rewrite_index(home: Path, change: Any) -> None:
    index = index_of(home)
    change(index)
    (home / store.INDEX_FILE).write_bytes(orjson.dumps(index))


def test_spans_that_miss_the_tables_are_passed_by(tmp_path: Path) -> None:
    fill(tmp_path)

    def shift(index: dict[str, Any]) -> None:
        index["tables"] = [[name, start + 1, end] for name, start, end, _ in index["tables"]]

    rewrite_index(tmp_path, shift)
    with store.open_journal(tmp_path) as journal:
        assert "notes" in parsed_tables(journal)


def test_an_index_proved_wrong_mid_command_is_dropped(tmp_path: Path) -> None:
    fill(tmp_path)
    raw = (tmp_path / store.JOURNAL_FILE).read_bytes()

    def misplace(index: dict[str, Any]) -> None:
        for entry in index["tables"]:
            if entry[0] == "goals":  # from its opening brace to the end of its first record
                entry[2] = raw.index(b"}", entry[1]) + 1

    rewrite_index(tmp_path, misplace)
    refused = pytest.raises(JournalRefused, match="changed while it was being read")
    with refused, store.open_journal(tmp_path) as journal:
        journal.all("goals")
    assert not (tmp_path / store.INDEX_FILE).exists()
    with store.open_journal(tmp_path) as journal:
        assert len(journal.all("goals")) == 3


def test_an_older_schema_is_checked_and_migrated_whole(tmp_path: Path) -> None:
    fill(tmp_path)
    path = tmp_path / store.JOURNAL_FILE
    data = json.loads(path.read_bytes())
    data["_meta"]["1"]["schema"] = 1
    payload = full_dump(data)
    path.write_bytes(payload)
    # An index that matches the file, as a store of schema 1 would not have written.
    start = payload.index(b"{", payload.index(b'"_meta"'))
    end = payload.index(b'\n  },\n  "people"') + 4
    identity = files.identity(path.stat())
    (tmp_path / store.INDEX_FILE).write_bytes(
        orjson.dumps({"format": 1, "journal": identity, "tables": [["_meta", start, end]]})
    )
    with store.open_journal(tmp_path) as journal:
        assert journal.schema_on_disk == 1
        assert {"goals", "notes"} <= parsed_tables(journal)


def test_no_index_is_left_when_it_cannot_be_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fill(tmp_path)
    import tempfile

    real = tempfile.mkstemp

    def no_room_for_the_index(*args: Any, **kwargs: Any) -> tuple[int, str]:
        if str(kwargs.get("prefix", "")).startswith(store.INDEX_FILE):
            raise OSError(28, "No space left on device")
        return real(*args, **kwargs)

    monkeypatch.setattr(tempfile, "mkstemp", no_room_for_the_index)
    with store.open_journal(tmp_path, write=True) as journal:
        journal.insert("goals", {"title": "saved all the same"}, now=NOW)
    assert not (tmp_path / store.INDEX_FILE).exists()
    with store.open_journal(tmp_path) as journal:
        assert journal.get("goals", 4)["title"] == "saved all the same"  # type: ignore[index]


names = st.text(min_size=1, max_size=12).filter(lambda n: n != "_meta")
values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53), 2**53) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=12,
)
tables = st.dictionaries(
    st.integers(1, 10**6).map(str), st.dictionaries(st.text(max_size=8), values), max_size=4
)


@settings(max_examples=examples(60), suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(extra=st.dictionaries(names, tables, max_size=4), changed=st.data())
def test_a_file_built_a_table_at_a_time_is_the_plain_dump(
    tmp_path_factory: pytest.TempPathFactory, extra: dict[str, Any], changed: st.DataObject
) -> None:
    """Any tables, any names: saving (first whole, then with some tables copied) writes the
    bytes of the plain dump, and the index finds every table in them."""
    home = tmp_path_factory.mktemp("home")
    meta = {"1": {"app": "mentorlog", "schema": store.SCHEMA, "next_ids": {}}}
    (home / store.JOURNAL_FILE).write_bytes(full_dump({"_meta": meta, **extra}))
    sizes = {name: len(table) for name, table in extra.items()}
    for _ in range(2):
        with store.open_journal(home, write=True) as journal:
            touched = changed.draw(st.lists(st.sampled_from([*extra, "goals"]), max_size=2))
            for name in touched:
                journal.insert(name, {"n": len(touched)}, now=NOW)
                sizes[name] = sizes.get(name, 0) + 1
            journal.describe("change", now=NOW)
        raw = (home / store.JOURNAL_FILE).read_bytes()
        whole = json.loads(raw)
        assert raw == full_dump(whole)
        assert {name: len(whole[name]) for name in sizes} == sizes
        for name, start, end, count in index_of(home)["tables"]:
            assert json.loads(raw[start:end]) == whole[name]
            assert count == len(whole[name])
        # As the index says (an index without counts is counted in the file's bytes:
        # tests/test_store_index_counts.py), as many as parsing finds, and nothing parsed
        # for it; a table let go is parsed again as it was.
        with store.open_journal(home) as journal:
            counts = {name: journal.count(name) for name in whole if name != "_meta"}
            assert not parsed_tables(journal) & set(counts)
            assert counts == {name: len(whole[name]) for name in counts}
            for name in counts:
                before = [dict(record) for record in journal.all(name)]
                journal.forget(name)
                assert name not in parsed_tables(journal)
                assert journal.count(name) == len(before)
                assert [dict(record) for record in journal.all(name)] == before


# -- snapshots: what `undo --list` and `backup list` read of each -------------------------------


def change(home: Path, n: int) -> None:
    with store.open_journal(home, write=True) as journal:
        journal.insert("goals", {"title": f"goal {n}"}, now=NOW)
        journal.describe(f"goal add {n}", now=NOW)


def remembered(home: Path) -> dict[str, Any]:
    data = json.loads((home / "backups" / store.SNAPSHOT_INDEX_FILE).read_bytes())
    assert data["format"] == store.INDEX_FORMAT
    snapshots = data["snapshots"]
    assert isinstance(snapshots, dict)
    return snapshots


def newest_first(home: Path) -> list[Path]:
    from mentorlog.store import backups

    return [home / "backups" / s.name for s in backups.snapshots(home / "backups")]


def listings(home: Path) -> tuple[list[store.Change], list[store.Backup]]:
    return store.changes(home), store.list_backups(home)


def whole_checks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the files checked whole (each is parsed in full) from now on."""
    calls: list[int] = []
    real = store_format.inspect_bytes

    def counted(raw: bytes) -> Any:
        calls.append(len(raw))
        return real(raw)

    monkeypatch.setattr(store_format, "inspect_bytes", counted)
    return calls


def test_each_change_remembers_where_its_snapshot_holds_meta(tmp_path: Path) -> None:
    fill(tmp_path)
    for n in range(3):
        change(tmp_path, n)
    entries = remembered(tmp_path)
    assert sorted(entries) == sorted(p.name for p in (tmp_path / "backups").glob("journal-*"))
    for name, entry in entries.items():
        snapshot = tmp_path / "backups" / name
        start, end = entry["meta"]
        raw = snapshot.read_bytes()
        assert json.loads(raw[start:end]) == json.loads(raw)["_meta"]
        assert entry["file"] == files.identity(snapshot.stat())


def test_listings_read_only_the_meta_of_remembered_snapshots(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fill(tmp_path)
    for n in range(5):
        change(tmp_path, n)
    calls = whole_checks(monkeypatch)
    fast = listings(tmp_path)
    assert calls == []  # the journal through its own index, the snapshots through theirs
    (tmp_path / "backups" / store.SNAPSHOT_INDEX_FILE).unlink()
    assert listings(tmp_path) == fast
    assert len(calls) == 2 * 5
    (tmp_path / store.INDEX_FILE).unlink()
    assert listings(tmp_path) == fast
    assert len(calls) == 2 * 5 + 2 * 6
    assert [c.what for c in fast[0]] == [*(f"goal add {n}" for n in reversed(range(5))), "fill"]


def test_a_snapshot_changed_after_it_was_remembered_is_checked_whole(tmp_path: Path) -> None:
    fill(tmp_path)
    for n in range(3):
        change(tmp_path, n)
    newest, _, damaged = newest_first(tmp_path)
    assert {newest.name, damaged.name} <= set(remembered(tmp_path))
    damaged.write_bytes(damaged.read_bytes()[:-20] + b" " * 20)  # same size
    # Another journal's bytes, of the same size and modification time: only ctime tells.
    kept = newest.stat()
    data = json.loads(newest.read_bytes())
    data["_meta"]["1"]["last_change"]["what"] = "goal add X"
    newest.write_bytes(full_dump(data))
    os.utime(newest, ns=(kept.st_atime_ns, kept.st_mtime_ns))
    assert newest.stat().st_size == kept.st_size
    backups = {b.name: b for b in store.list_backups(tmp_path)}
    assert not backups[damaged.name].loads
    assert backups[newest.name].after == "goal add X"


def test_a_snapshot_copied_rather_than_linked_is_not_remembered(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fill(tmp_path)
    change(tmp_path, 0)

    def no_hard_links(*args: Any, **kwargs: Any) -> None:
        raise OSError(1, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_hard_links)
    change(tmp_path, 1)
    copied = newest_first(tmp_path)[0].name
    assert copied not in remembered(tmp_path)
    assert len(remembered(tmp_path)) == 1
    assert [c.what for c in store.changes(tmp_path)] == ["goal add 1", "goal add 0", "fill"]


@pytest.mark.parametrize(
    "entry",
    [
        "not an entry",
        {"file": "x", "meta": [0, 10]},
        {"meta": [13, 500]},
        {"file": [1, 2, 3, 4, 5], "meta": [13, 500]},
        "wrong span",
        "another table",
        "past the end",
    ],
)
def test_a_wrong_snapshot_index_entry_is_passed_by(tmp_path: Path, entry: Any) -> None:
    fill(tmp_path)
    for n in range(2):
        change(tmp_path, n)
    expected = listings(tmp_path)
    entries = remembered(tmp_path)
    name = newest_first(tmp_path)[0].name
    snapshot = tmp_path / "backups" / name
    raw = snapshot.read_bytes()
    goals = raw.index(b'\n  "goals": ') + len(b'\n  "goals": ')  # the table, in the snapshot
    start, end = entries[name]["meta"]
    wrong = {
        "wrong span": [start + 1, end],
        "another table": [goals, raw.index(b"\n  }", goals) + 4],
        "past the end": [start, snapshot.stat().st_size + 10],
    }
    if isinstance(entry, str) and entry in wrong:
        entry = {"file": entries[name]["file"], "meta": wrong[entry]}
    entries[name] = entry
    index = {"format": store.INDEX_FORMAT, "snapshots": entries}
    (tmp_path / "backups" / store.SNAPSHOT_INDEX_FILE).write_bytes(orjson.dumps(index))
    assert listings(tmp_path) == expected


@pytest.mark.parametrize("index", [b"", b"[]", b'{"format": 99, "snapshots": {}}', b"\xff"])
def test_a_broken_snapshot_index_is_passed_by(tmp_path: Path, index: bytes) -> None:
    fill(tmp_path)
    change(tmp_path, 0)
    expected = listings(tmp_path)
    (tmp_path / "backups" / store.SNAPSHOT_INDEX_FILE).write_bytes(index)
    assert listings(tmp_path) == expected
    change(tmp_path, 1)  # and the next change writes a good one again
    assert len(remembered(tmp_path)) == 1


# -- undo: the snapshot it restores, read a table at a time -------------------------------------


def test_undo_copies_a_remembered_snapshot_table_by_table(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`undo` and the redo after it read no snapshot whole (the snapshot index says where
    each table lies) and write the very journal that reading the snapshots whole writes."""
    import shutil

    fill(tmp_path)
    for n in range(3):
        change(tmp_path, n)
    assert all(entry["tables"] for entry in remembered(tmp_path).values())
    plain = tmp_path.parent / f"{tmp_path.name}-plain"
    shutil.copytree(tmp_path, plain)  # copies: its indexes vouch for nothing there
    (plain / "backups" / store.SNAPSHOT_INDEX_FILE).unlink()
    checked = whole_checks(monkeypatch)
    parsed: list[str] = []
    real = store.index._parse_table

    def counted(raw: memoryview) -> Any:
        table = real(raw)
        parsed.append(
            "_meta"
            if store_format.META_ID in table and "schema" in table[store_format.META_ID]
            else "a table"
        )
        return table

    monkeypatch.setattr(store.index, "_parse_table", counted)
    for _ in range(2):  # an undo, then a redo of it: the snapshot the undo kept is remembered
        checked.clear()
        store.undo(tmp_path, now=NOW)
        assert checked == []
        assert set(parsed) == {"_meta"}  # the journal's and the snapshot's, and nothing else
        parsed.clear()
        store.undo(plain, now=NOW)
        assert checked  # the plain way: the snapshot checked whole
        assert (tmp_path / store.JOURNAL_FILE).read_bytes() == (
            plain / store.JOURNAL_FILE
        ).read_bytes()
    with store.open_journal(tmp_path) as journal:
        assert [g["title"] for g in journal.all("goals")][-1] == "goal 2"


@pytest.mark.parametrize("wrong", ["tables out of order", "past the end", "not a table", "file"])
def test_undo_checks_a_snapshot_whole_when_its_entry_is_wrong(tmp_path: Path, wrong: str) -> None:
    import shutil

    fill(tmp_path)
    for n in range(2):
        change(tmp_path, n)
    plain = tmp_path.parent / f"{tmp_path.name}-plain"
    shutil.copytree(tmp_path, plain)
    (plain / "backups" / store.SNAPSHOT_INDEX_FILE).unlink()
    entries = remembered(tmp_path)
    name = newest_first(tmp_path)[0].name
    entry = entries[name]
    spans = entry["tables"]
    size = (tmp_path / "backups" / name).stat().st_size
    entry["tables"] = {
        "tables out of order": [spans[1], spans[0], *spans[2:]],
        "past the end": [*spans[:-1], [spans[-1][0], spans[-1][1], size + 10]],
        "not a table": [[spans[0][0], spans[0][1] + 1, spans[0][2]], *spans[1:]],
        "file": spans,
    }[wrong]
    if wrong == "file":
        entry["file"] = [*entry["file"][:-1], 1]
    index = {"format": store.INDEX_FORMAT, "snapshots": entries}
    (tmp_path / "backups" / store.SNAPSHOT_INDEX_FILE).write_bytes(orjson.dumps(index))
    store.undo(tmp_path, now=NOW)
    store.undo(plain, now=NOW)
    assert (tmp_path / store.JOURNAL_FILE).read_bytes() == (plain / store.JOURNAL_FILE).read_bytes()
