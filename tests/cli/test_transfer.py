"""`mentorlog export json|md` and `mentorlog import json` through the real CLI.

The clock reads Sat 21 Nov 2026, 11:15 Berlin. A journal is exported from the test's home and
imported into others by pointing MENTORLOG_HOME elsewhere.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import Run
from mentorlog import __version__, store

TABLES = list(store.TABLES)


def use_home(monkeypatch: pytest.MonkeyPatch, home: Path) -> Path:
    monkeypatch.setenv("MENTORLOG_HOME", str(home))
    return home


def tables(home: Path) -> dict[str, Any]:
    data = json.loads((home / store.JOURNAL_FILE).read_text(encoding="utf-8"))
    return {
        name: table for name, table in data.items() if name not in (store.META, store.TOMBSTONES)
    }


def meta(home: Path) -> dict[str, Any]:
    data = json.loads((home / store.JOURNAL_FILE).read_text(encoding="utf-8"))
    return dict(data[store.META]["1"])


def at(monkeypatch: pytest.MonkeyPatch, moment: str) -> None:
    monkeypatch.setenv("MENTORLOG_NOW", moment)


@pytest.fixture
def rich(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    """A journal with something in every table, built the way a user builds one."""
    at(monkeypatch, "2026-11-02T10:00:00+01:00")
    run.ok("person", "add", "alice", "--name", "Alice Chen", "--role", "mentor",
           "--tz", "Asia/Tokyo", "--cadence", "2w", "--channel", "video",
           "--expectations", "Career growth; async questions welcome")  # fmt: skip
    run.ok("person", "add", "bo", "--name", "Bo Lindqvist", "--role", "mentee",
           "--tz", "America/New_York", "--tag", "python")  # fmt: skip
    run.ok("goal", "add", "Give a conference talk", "--why", "Visibility", "--due", "Jan 30",
           "--with", "alice", "--tag", "speaking")  # fmt: skip
    run.ok("goal", "add", "Help Bo pass the certification", "--with", "bo")
    run.ok("goal", "add", "Read Staff Engineer")
    run.ok("meeting", "add", "--with", "alice", "--at", "tue 08:30", "--every", "weekly",
           "--link", "https://meet.example.org/a")  # fmt: skip
    run.ok("meeting", "add", "--with", "bo", "--at", "thu 10:00", "--tz", "bo")
    at(monkeypatch, "2026-11-12T09:00:00+01:00")
    run.ok("goal", "progress", "1", "30", "--note", "Abstract submitted")
    run.ok("meeting", "done", "1", "--rating", "4")
    run.ok("meeting", "notes", "1", "Talked about the abstract")
    run.ok("meeting", "cancel", "1", "--occurrence", "2026-11-17")
    at(monkeypatch, "2026-11-21T11:15:00+01:00")
    run.ok("goal", "done", "3", "--note", "Finished")
    run.ok("agenda", "--with", "alice", "--save")
    run.ok("action", "add", "Send Alice the outline", "--goal", "1", "--due", "mon")
    run.ok("action", "add", "Book the room", "--meeting", "2", "--owner", "bo")
    run.ok("action", "done", "2")
    run.ok("topic", "add", "Ask about CFPs", "--with", "alice")
    run.ok("topic", "add", "Old topic", "--with", "bo")
    run.ok("topic", "done", "2")
    run.ok("feedback", "add", "Clear structure", "--from", "alice", "--meeting", "1",
           "--rating", "5", "--tag", "talk")  # fmt: skip
    run.ok("feedback", "add", "Great questions", "--to", "bo", "--goal", "2")
    run.ok("milestone", "add", "First CFP accepted", "--goal", "1", "--note", "PyCon")
    run.ok("note", "add", "Alice suggested a lightning talk first", "--with", "alice")
    run.ok("reflect", "Saying no to a project", "--tag", "week")


def export(run: Run, path: Path, *args: str) -> dict[str, Any]:
    result = run.ok("export", "json", "--out", str(path), *args)
    assert result.stdout == ""
    data = json.loads(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


# -- export json -----------------------------------------------------------------------------


def test_export_json_is_one_versioned_document_of_every_record_as_stored(
    run: Run, rich: None, isolated_env: Path
) -> None:
    result = run.ok("export", "json")
    document = json.loads(result.stdout)
    assert result.stderr == ""  # no private notes, nothing to say
    assert list(document) == [
        "format", "schema", "app", "exported", "next_ids", "tables", "tombstones",
    ]  # fmt: skip
    assert document["tombstones"] == []
    assert (document["format"], document["schema"], document["app"]) == (
        "mentorlog",
        store.SCHEMA,
        __version__,
    )
    assert document["exported"] == "2026-11-21T11:15:00+01:00"
    assert list(document["tables"]) == TABLES
    stored = tables(isolated_env)
    for name in TABLES:
        records = document["tables"][name]
        assert records, name
        assert {str(r["id"]): {k: v for k, v in r.items() if k != "id"} for r in records} == (
            stored[name]
        )
        assert all(next(iter(r)) == "id" for r in records)
    assert document["next_ids"] == meta(isolated_env)["next_ids"]


def test_export_json_to_a_file_says_how_many_records(run: Run, rich: None, tmp_path: Path) -> None:
    out = tmp_path / "backup.json"
    result = run.ok("export", "json", "--out", str(out))
    total = sum(len(t) for t in json.loads(out.read_text())["tables"].values())
    assert result.stderr == f"Exported {total} records to {out}.\n"
    assert out.stat().st_mode & 0o077 == 0  # it holds the journal: readable only by you


def test_export_of_an_empty_home_has_every_table_and_creates_nothing(
    run: Run, isolated_env: Path
) -> None:
    document = json.loads(run.ok("export", "json").stdout)
    assert document["tables"] == {name: [] for name in TABLES}
    assert not isolated_env.exists()


def test_unknown_tables_and_fields_are_exported_and_restored(
    run: Run, isolated_env: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run.ok("goal", "add", "Learn Rust")
    path = isolated_env / store.JOURNAL_FILE
    data = json.loads(path.read_text())
    data["goals"]["1"]["colour"] = "teal"
    data["habits"] = {"4": {"uid": "h-4", "what": "Write daily"}}
    path.write_text(json.dumps(data))
    document = export(run, tmp_path / "x.json")
    assert document["tables"]["habits"] == [{"id": 4, "uid": "h-4", "what": "Write daily"}]
    assert document["tables"]["goals"][0]["colour"] == "teal"
    use_home(monkeypatch, tmp_path / "new")
    run.ok("import", "json", str(tmp_path / "x.json"))
    assert tables(tmp_path / "new") == tables(isolated_env)


# -- private notes ---------------------------------------------------------------------------


@pytest.fixture
def with_private(run: Run) -> None:
    run.ok("person", "add", "alice", "--name", "Alice Chen", "--role", "mentor", "--tz", "UTC")
    run.ok("note", "add", "Shared with Alice", "--with", "alice")
    run.ok("note", "add", "Doubts about my manager", "--private")
    run.ok("note", "add", "Thinking of leaving", "--private", "--with", "alice")


@pytest.mark.parametrize("fmt", ["json", "md"])
def test_private_notes_never_leave_unless_asked(run: Run, with_private: None, fmt: str) -> None:
    result = run.ok("export", fmt)
    assert "Shared with Alice" in result.stdout
    assert "Doubts" not in result.stdout
    assert "Thinking of leaving" not in result.stdout
    assert "private" not in result.stdout.replace('"private": false', "")
    assert result.stderr == (
        "Left out 2 private notes; add --include-private to export them too.\n"
    )


@pytest.mark.parametrize("fmt", ["json", "md"])
def test_include_private_exports_them_with_a_warning(
    run: Run, with_private: None, fmt: str
) -> None:
    result = run.ok("export", fmt, "--include-private")
    assert "Doubts about my manager" in result.stdout
    assert "Thinking of leaving" in result.stdout
    assert result.stderr == ("Note: the export holds 2 private notes; keep the file to yourself.\n")


def test_one_private_note_left_out_is_it(run: Run) -> None:
    run.ok("note", "add", "Mine", "--private")
    assert run.ok("export", "json").stderr == (
        "Left out 1 private note; add --include-private to export it too.\n"
    )


def test_private_notes_moved_with_include_private_stay_private(
    run: Run, with_private: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    export(run, tmp_path / "all.json", "--include-private")
    use_home(monkeypatch, tmp_path / "laptop")
    run.ok("import", "json", str(tmp_path / "all.json"))
    notes = run.json("note", "list")
    assert sorted((n["text"], n["private"]) for n in notes) == [
        ("Doubts about my manager", True),
        ("Shared with Alice", False),
        ("Thinking of leaving", True),
    ]
    assert "Doubts" not in run.ok("export", "md").stdout


@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    titles=st.lists(
        st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=30).filter(
            str.strip
        ),
        min_size=1,
        max_size=3,
    )
)
def test_any_goal_title_survives_export_and_import(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, titles: list[str]
) -> None:
    import uuid

    case = tmp_path / uuid.uuid4().hex
    with monkeypatch.context() as patch:
        use_home(patch, case / "source")
        for title in titles:
            run.ok("goal", "add", "--", title)
        run.ok("export", "json", "--out", str(case / "x.json"))
        use_home(patch, case / "target")
        run.ok("import", "json", str(case / "x.json"))
        assert [g["title"] for g in run.json("goal", "list")] == [t.strip() for t in titles]
        assert tables(case / "target") == tables(case / "source")


# -- import into an empty home: a faithful restore -------------------------------------------


def test_round_trip_into_an_empty_home_is_identical(
    run: Run, rich: None, isolated_env: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = export(run, tmp_path / "backup.json")
    new = use_home(monkeypatch, tmp_path / "new-machine")
    result = run.ok("import", "json", str(tmp_path / "backup.json"))
    assert result.stderr == (
        "Imported 17 records (2 people, 3 goals, 2 meetings, 2 action items, 2 talking points, "
        "2 feedback entries, 2 milestones, 2 notes), with their ids, into the empty journal.\n"
    )
    assert tables(new) == tables(isolated_env)
    assert meta(new)["next_ids"] == meta(isolated_env)["next_ids"]
    assert export(run, tmp_path / "again.json") == original
    # New records continue after the highest imported id.
    assert run.json("goal", "add", "Another goal")["id"] == 4
    assert run.json("note", "add", "Another note")["id"] == 3


def test_restore_into_an_existing_journal_without_records(
    run: Run, rich: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    export(run, tmp_path / "backup.json")
    new = use_home(monkeypatch, tmp_path / "new")
    run.ok("person", "add", "zed", "--name", "Zed", "--role", "peer", "--tz", "UTC")
    with store.open_journal(new, write=True) as journal:
        # The journal is there, with no records in it (and the tombstone of the one removed).
        journal.remove("people", 1, now=datetime.now(UTC))
    assert all(not table for table in tables(new).values())
    assert "with their ids" in run.ok("import", "json", str(tmp_path / "backup.json")).stderr
    assert run.json("person", "show", "alice")["id"] == 1
    assert (
        run.json("person", "add", "kim", "--name", "Kim", "--role", "peer", "--tz", "UTC")["id"]
        == 3
    )


def test_restored_counters_never_hand_out_an_id_the_source_used(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run.ok("note", "add", "Shared")
    run.ok("note", "add", "Secret", "--private")  # note 2 stays behind
    export(run, tmp_path / "x.json")
    use_home(monkeypatch, tmp_path / "new")
    run.ok("import", "json", str(tmp_path / "x.json"))
    assert run.json("note", "add", "Next")["id"] == 3


def test_importing_the_same_file_twice_adds_nothing(
    run: Run,
    rich: None,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    journal_bytes: Callable[[], bytes],
) -> None:
    export(run, tmp_path / "backup.json")
    before = journal_bytes()
    result = run.ok("import", "json", str(tmp_path / "backup.json"))
    assert result.stderr == (
        f"Nothing new to import: the journal already has all 17 records in "
        f"{tmp_path / 'backup.json'}.\n"
    )
    assert journal_bytes() == before
    new = use_home(monkeypatch, tmp_path / "new")
    run.ok("import", "json", str(tmp_path / "backup.json"))
    once = (new / store.JOURNAL_FILE).read_bytes()
    assert "Nothing new to import" in run.ok("import", "json", str(tmp_path / "backup.json")).stderr
    assert (new / store.JOURNAL_FILE).read_bytes() == once


def test_an_empty_export_imports_nothing(
    run: Run, tmp_path: Path, journal_bytes: Callable[[], bytes]
) -> None:
    export(run, tmp_path / "empty.json")
    result = run.ok("import", "json", str(tmp_path / "empty.json"))
    assert result.stderr == f"Nothing to import: {tmp_path / 'empty.json'} holds no records.\n"
    assert journal_bytes() == b""


def test_an_import_says_what_it_did_for_undo(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, rich: None
) -> None:
    export(run, tmp_path / "backup.json")
    new = use_home(monkeypatch, tmp_path / "new")
    run.ok("person", "add", "kim", "--name", "Kim", "--role", "peer", "--tz", "UTC")
    run.ok("import", "json", str(tmp_path / "backup.json"))
    assert meta(new)["last_change"] == {
        "at": "2026-11-21T11:15:00+01:00",
        "what": "import json 'backup.json' (17 added, 0 updated)",
    }
    assert len(list((new / store.BACKUP_DIR).glob("journal-*"))) == 1  # the journal before it


# -- import into a journal with records: a merge by uid --------------------------------------


@pytest.fixture
def other_home(run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A second journal, started on its own, whose ids clash with the rich one's."""
    home = use_home(monkeypatch, tmp_path / "other")
    at(monkeypatch, "2026-11-01T09:00:00+01:00")
    run.ok("person", "add", "kim", "--name", "Kim Lee", "--role", "peer", "--tz", "UTC")
    run.ok("person", "add", "alice", "--name", "alice  chen", "--role", "mentor",
           "--tz", "Asia/Tokyo")  # fmt: skip  # the same Alice, typed differently
    run.ok("goal", "add", "Kim's own goal", "--with", "kim")
    run.ok("meeting", "add", "--with", "kim", "--at", "mon 10:00")
    run.ok("action", "add", "Kim's action", "--goal", "1", "--meeting", "1")
    at(monkeypatch, "2026-11-21T11:15:00+01:00")
    return home


def test_merge_adds_new_records_with_new_ids_and_rewrites_their_links(
    run: Run,
    rich: None,
    isolated_env: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    other_home: Path,
) -> None:
    use_home(monkeypatch, isolated_env)
    export(run, tmp_path / "rich.json")
    use_home(monkeypatch, other_home)
    result = run.ok("import", "json", str(tmp_path / "rich.json"))
    assert result.stderr == (
        "Imported 16 records (1 person, 3 goals, 2 meetings, 2 action items, 2 talking points, "
        "2 feedback entries, 2 milestones, 2 notes); skipped 1 already present.\n"
    )
    people = run.json("person", "list", "--all")
    assert [(p["handle"], p["name"]) for p in people] == [
        ("alice", "alice  chen"),  # the one here stays, no second alice
        ("bo", "Bo Lindqvist"),
        ("kim", "Kim Lee"),
    ]
    goals = {g["id"]: g["title"] for g in run.json("goal", "list", "--status", "all")}
    assert goals == {
        1: "Kim's own goal",
        2: "Give a conference talk",
        3: "Help Bo pass the certification",
        4: "Read Staff Engineer",
    }
    meetings = {m["id"]: m for m in (run.json("meeting", "show", str(i)) for i in (1, 2, 3))}
    assert [meetings[i]["people"] for i in (1, 2, 3)] == [["kim"], ["alice"], ["bo"]]
    assert meetings[2]["exdates"] == ["2026-11-17T08:30:00+01:00"]
    actions = {a["text"]: a for a in run.json("action", "list", "--all")}
    assert (actions["Kim's action"]["goal"], actions["Kim's action"]["meeting"]) == (1, 1)
    assert (actions["Send Alice the outline"]["id"], actions["Send Alice the outline"]["goal"]) == (
        2,
        2,
    )
    assert actions["Book the room"]["meeting"] == 3
    feedback = {f["text"]: f for f in run.json("feedback", "list")}
    assert feedback["Clear structure"]["meeting"] == 2
    assert feedback["Great questions"]["goal"] == 3
    milestones = {m["title"]: m for m in run.json("milestone", "list")}
    assert milestones["First CFP accepted"]["goal"] == 2
    assert milestones["Read Staff Engineer"]["goal"] == 4  # recorded by `goal done`
    # Everything that came in kept its uid and timestamps.
    source = json.loads((tmp_path / "rich.json").read_text())["tables"]
    for name, records in source.items():
        merged = {r["uid"]: r for r in tables(other_home)[name].values()}
        for record in records:
            if name == "people" and record["handle"] == "alice":
                continue
            assert merged[record["uid"]]["created"] == record["created"]
            assert merged[record["uid"]]["updated"] == record["updated"]


def test_merge_twice_adds_nothing_the_second_time(
    run: Run,
    rich: None,
    isolated_env: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    other_home: Path,
) -> None:
    use_home(monkeypatch, isolated_env)
    export(run, tmp_path / "rich.json")
    use_home(monkeypatch, other_home)
    run.ok("import", "json", str(tmp_path / "rich.json"))
    once = (other_home / store.JOURNAL_FILE).read_bytes()
    result = run.ok("import", "json", str(tmp_path / "rich.json"))
    assert result.stderr == (
        f"Nothing new to import: the journal already has all 17 records in "
        f"{tmp_path / 'rich.json'}.\n"
    )
    assert (other_home / store.JOURNAL_FILE).read_bytes() == once


def test_merge_both_ways_converges(
    run: Run,
    rich: None,
    isolated_env: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    other_home: Path,
) -> None:
    export(run, tmp_path / "other.json")
    use_home(monkeypatch, isolated_env)
    export(run, tmp_path / "rich.json")
    run.ok("import", "json", str(tmp_path / "other.json"))
    use_home(monkeypatch, other_home)
    run.ok("import", "json", str(tmp_path / "rich.json"))

    def content(home: Path) -> dict[str, set[str]]:
        found = {}
        for name, table in tables(home).items():
            found[name] = {r["uid"] for r in table.values()}
        return found

    here, there = content(isolated_env), content(other_home)
    # The same records on both sides, but for the two Alices, each side keeping its own.
    assert here["goals"] == there["goals"]
    assert here["actions"] == there["actions"]
    assert len(here["people"]) == len(there["people"]) == 3


def test_a_newer_record_updates_an_older_one_and_an_older_one_is_skipped(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, isolated_env: Path
) -> None:
    run.ok("goal", "add", "Ship it")
    run.ok("goal", "add", "Untouched")
    export(run, tmp_path / "v1.json")
    laptop = use_home(monkeypatch, tmp_path / "laptop")
    run.ok("import", "json", str(tmp_path / "v1.json"))
    use_home(monkeypatch, isolated_env)
    at(monkeypatch, "2026-11-22T09:00:00+01:00")
    run.ok("goal", "progress", "1", "50", "--note", "Halfway")
    export(run, tmp_path / "v2.json")
    use_home(monkeypatch, laptop)
    result = run.ok("import", "json", str(tmp_path / "v2.json"))
    assert result.stderr == "Imported no new records; updated 1; skipped 1 already present.\n"
    goal = run.json("goal", "show", "1")
    assert (goal["progress"], goal["updated"]) == (50, "2026-11-22T09:00:00+01:00")
    assert tables(laptop)["goals"] == tables(isolated_env)["goals"]
    # Changed here later: the older file does not win.
    at(monkeypatch, "2026-11-23T09:00:00+01:00")
    run.ok("goal", "progress", "1", "70")
    before = (laptop / store.JOURNAL_FILE).read_bytes()
    result = run.ok("import", "json", str(tmp_path / "v2.json"))
    assert result.stderr == (
        f"Nothing new to import: the journal already has all 2 records in {tmp_path / 'v2.json'}.\n"
    )
    assert (laptop / store.JOURNAL_FILE).read_bytes() == before
    assert run.json("goal", "show", "1")["progress"] == 70


def test_a_newer_record_and_a_new_one_are_reported_together(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, isolated_env: Path
) -> None:
    run.ok("goal", "add", "Ship it")
    export(run, tmp_path / "v1.json")
    laptop = use_home(monkeypatch, tmp_path / "laptop")
    run.ok("import", "json", str(tmp_path / "v1.json"))
    at(monkeypatch, "2026-11-22T09:00:00+01:00")
    run.ok("goal", "progress", "1", "10")  # the laptop's change is the newer one
    use_home(monkeypatch, isolated_env)
    at(monkeypatch, "2026-11-21T12:00:00+01:00")
    run.ok("goal", "progress", "1", "50")
    run.ok("goal", "add", "Second")
    export(run, tmp_path / "v2.json")
    use_home(monkeypatch, laptop)
    result = run.ok("import", "json", str(tmp_path / "v2.json"))
    assert result.stderr == (
        "Imported 1 record (1 goal); skipped 1 already present (1 changed here more recently).\n"
    )
    assert run.json("goal", "show", "1")["progress"] == 10


def test_a_handle_taken_by_another_person_is_refused_and_nothing_is_written(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, isolated_env: Path
) -> None:
    run.ok("person", "add", "bo", "--name", "Bo", "--role", "mentee", "--tz", "UTC")
    run.ok("person", "add", "alice", "--name", "Alice Smith", "--role", "peer", "--tz", "UTC")
    run.ok("goal", "add", "Her goal", "--with", "alice")
    export(run, tmp_path / "x.json")
    use_home(monkeypatch, tmp_path / "mine")
    run.ok("person", "add", "alice", "--name", "Alice Chen", "--role", "mentor", "--tz", "UTC")
    before = (tmp_path / "mine" / store.JOURNAL_FILE).read_bytes()
    result = run.fails(4, "import", "json", str(tmp_path / "x.json"))
    assert result.stderr == (
        f"Error: Cannot import {tmp_path / 'x.json'}: its person 'alice' (Alice Smith) is not "
        "the 'alice' in this journal (Alice Chen), and two people cannot share a handle; give "
        "one of them another handle throughout the file, then import again.\n"
    )
    # bo came first in the file and was already merged in memory: none of it is kept.
    assert (tmp_path / "mine" / store.JOURNAL_FILE).read_bytes() == before


def test_two_imported_people_cannot_become_one(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, isolated_env: Path
) -> None:
    run.ok("person", "add", "alice", "--name", "Alice Chen", "--role", "mentor", "--tz", "UTC")
    document = export(run, tmp_path / "x.json")
    # The same Alice, renamed in the file, and a second person under her old handle.
    [alice] = document["tables"]["people"]
    twin = dict(alice, id=2, uid="another-uid", handle="alice")
    document["tables"]["people"] = [dict(alice, handle="ally"), twin]
    (tmp_path / "x.json").write_text(json.dumps(document))
    run.ok("goal", "add", "Make the journal non-empty")
    before = (isolated_env / store.JOURNAL_FILE).read_bytes()
    result = run.fails(4, "import", "json", str(tmp_path / "x.json"))
    assert result.stderr == (
        f"Error: Cannot import {tmp_path / 'x.json'}: two of its people would both become "
        "'alice' in this journal; give one of them another handle throughout the file, then "
        "import again.\n"
    )
    assert (isolated_env / store.JOURNAL_FILE).read_bytes() == before


def test_a_person_known_by_uid_keeps_the_handle_here(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, isolated_env: Path
) -> None:
    run.ok("person", "add", "alice", "--name", "Alice Chen", "--role", "mentor", "--tz", "UTC")
    document = export(run, tmp_path / "x.json")
    [alice] = document["tables"]["people"]
    document["tables"]["people"] = [dict(alice, handle="ally", updated="2027-01-01T00:00:00Z")]
    document["tables"]["topics"] = [
        {"id": 1, "uid": "t-1", "text": "Ask Ally", "person": "ally", "status": "open"}
    ]
    (tmp_path / "x.json").write_text(json.dumps(document))
    result = run.ok("import", "json", str(tmp_path / "x.json"))
    assert result.stderr == "Imported 1 record (1 talking point); updated 1.\n"
    assert [p["handle"] for p in run.json("person", "list")] == ["alice"]
    [topic] = run.json("topic", "list", "--with", "alice")
    assert topic["person"] == "alice"


# -- refusals --------------------------------------------------------------------------------


def _export_with(**changes: Any) -> str:
    document: dict[str, Any] = {
        "format": "mentorlog",
        "schema": 1,
        "app": "0.1.0",
        "exported": "2026-11-21T11:15:00+01:00",
        "tables": {"goals": [{"id": 1, "uid": "g-1", "title": "Ok"}]},
    }
    document.update(changes)
    return json.dumps(document)


def _goals(*records: Any) -> str:
    return _export_with(tables={"goals": list(records)})


FIX = "give a file written by `mentorlog export json`."
BAD_FILES = {
    "not JSON": ("{'tables': 1}", "it is not JSON (unexpected character, expected a string "
                 f"key: line 1 column 2 (char 1)); {FIX}"),
    "not UTF-8": (b"\xff\xfe{}", "it is not JSON (str is not valid UTF-8: surrogates not "
                  f"allowed: line 1 column 1 (char 0)); {FIX}"),
    "empty": ("", f"it is not JSON (Input is a zero-length, empty document: line 1 column 1 "
              f"(char 0)); {FIX}"),
    "a list": ("[1, 2]", f"it is JSON but not a mentorlog export; {FIX}"),
    "another format": (_export_with(format="todoman"),
                       f"it is JSON but not a mentorlog export; {FIX}"),
    "no tables": ('{"format": "mentorlog", "schema": 1}',
                  f"it is JSON but not a mentorlog export; {FIX}"),
    "a journal file": ('{"_meta": {"1": {"app": "mentorlog", "schema": 1}}, "goals": {}}',
                       "it is a mentorlog journal file, not an export; export that journal "
                       "with `mentorlog --home FOLDER export json` and import the file."),
    "newer schema": (_export_with(schema=store.SCHEMA + 1),
                     f"it was made by a newer mentorlog (schema {store.SCHEMA + 1}; this "
                     f"mentorlog {__version__} reads up to {store.SCHEMA}); upgrade mentorlog "
                     "(pip install -U mentorlog) to import it."),
    "schema as text": (_export_with(schema="1"), f"its schema '1' is not a version number; {FIX}"),
    "schema zero": (_export_with(schema=0), f"its schema 0 is not a version number; {FIX}"),
    "tables a list": (_export_with(tables=[]), f'its "tables" is not an object of tables; {FIX}'),
    "table an object": (_export_with(tables={"goals": {"1": {}}}),
                        f"its table 'goals' is not a list of records; {FIX}"),
    "the meta table": (_export_with(tables={"_meta": []}),
                       f"it has a table named '_meta', which no export has; {FIX}"),
    "record a string": (_goals("Learn"),
                        f"record number 1 in its table 'goals' is not an object; {FIX}"),
    "no uid": (_goals({"id": 1, "uid": "g-1"}, {"id": 2, "title": "x"}),
               f"record number 2 in its table 'goals' has no uid; {FIX}"),
    "blank uid": (_goals({"id": 1, "uid": " "}),
                  f"record number 1 in its table 'goals' has no uid; {FIX}"),
    "no id": (_goals({"uid": "g-1"}),
              f"record number 1 in its table 'goals' has no id (a whole number from 1); {FIX}"),
    "id as text": (_goals({"id": "1", "uid": "g-1"}),
                   f"record number 1 in its table 'goals' has no id (a whole number from 1); "
                   f"{FIX}"),
    "same uid": (_goals({"id": 1, "uid": "g-1"}, {"id": 2, "uid": "g-1"}),
                 f"record number 2 in its table 'goals' has the same uid as record number 1; "
                 f"{FIX}"),
    "same id": (_goals({"id": 1, "uid": "g-1"}, {"id": 1, "uid": "g-2"}),
                f"record number 2 in its table 'goals' has the same id as record number 1; "
                f"{FIX}"),
    "same handle": (_export_with(tables={"people": [
        {"id": 1, "uid": "p-1", "handle": "alice"}, {"id": 2, "uid": "p-2", "handle": "Alice"}]}),
        f"it has two people with the handle 'Alice'; {FIX}"),
}  # fmt: skip


@pytest.mark.parametrize("empty", [True, False], ids=["into an empty home", "into a journal"])
@pytest.mark.parametrize("case", list(BAD_FILES), ids=list(BAD_FILES))
def test_bad_files_are_refused_and_nothing_changes(
    run: Run,
    tmp_path: Path,
    isolated_env: Path,
    journal_bytes: Callable[[], bytes],
    case: str,
    empty: bool,
) -> None:
    if not empty:
        run.ok("goal", "add", "Already here")
    content, problem = BAD_FILES[case]
    path = tmp_path / "in.json"
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    before = journal_bytes()
    result = run.fails(2, "import", "json", str(path))
    assert result.stderr == f"Error: Cannot import {path}: {problem}\n"
    assert journal_bytes() == before
    if empty:
        assert not isolated_env.exists()


def test_a_missing_file_a_folder_and_an_unreadable_file_are_refused(
    run: Run, tmp_path: Path, journal_bytes: Callable[[], bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    run.ok("goal", "add", "Here")
    before = journal_bytes()
    missing = tmp_path / "nope.json"
    assert run.fails(2, "import", "json", str(missing)).stderr == (
        f"Error: Cannot import {missing}: there is no such file; check the path.\n"
    )
    assert run.fails(2, "import", "json", str(tmp_path)).stderr == (
        f"Error: Cannot import {tmp_path}: it is a folder; give the file `mentorlog export "
        "json` wrote.\n"
    )
    locked = tmp_path / "locked.json"
    locked.write_text("{}")
    real_open = os.open

    def unreadable(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        # Tests run as root too, who can read anything. (The import opens the file with
        # os.open, to refuse a FIFO or a device before reading: issue 18.)
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", unreadable)
    assert run.fails(2, "import", "json", str(locked)).stderr == (
        f"Error: Cannot import {locked}: Permission denied; check that you can read it.\n"
    )
    assert journal_bytes() == before


def test_import_needs_a_file(run: Run) -> None:
    assert "Missing argument 'FILE'" in run.fails(2, "import", "json").stderr


@pytest.mark.parametrize("fmt", ["json", "md"])
def test_out_to_a_folder_or_a_missing_folder_is_a_storage_failure(
    run: Run, tmp_path: Path, fmt: str
) -> None:
    run.ok("goal", "add", "Something")
    result = run.fails(7, "export", fmt, "--out", str(tmp_path))
    assert (
        result.stderr == f"Error: Cannot write to {tmp_path}: it is a folder; give a file name.\n"
    )
    missing = tmp_path / "no" / "such" / "x.out"
    result = run.fails(7, "export", fmt, "--out", str(missing))
    assert result.stderr == (
        f"Error: Cannot write to {missing}: the folder {missing.parent} does not exist.\n"
    )


# -- export md -------------------------------------------------------------------------------


def test_export_md_has_every_section_in_order(run: Run, rich: None) -> None:
    text = run.ok("export", "md").stdout
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert headings == [
        "## People",
        "## Goals",
        "## Meetings",
        "## Action items",
        "## Talking points",
        "## Feedback",
        "## Milestones",
        "## Notes",
    ]
    assert text.startswith(
        "# Mentorship journal\n\nExported Sat 21 Nov 2026 11:15 Europe/Berlin by mentorlog "
        f"{__version__}: 2 people, 3 goals, 2 meetings, 2 action items, 2 talking points, "
        "2 feedback entries, 2 milestones, 2 notes.\n"
    )
    for expected in (
        "### Alice Chen (alice)\n\n- Role: mentor\n- Zone: Asia/Tokyo\n- Channel: video\n"
        "- Cadence: 2w\n- Hours: 09:00-17:00, mon, tue, wed, thu, fri\n\n"
        "Expectations:\n\n> Career growth; async questions welcome\n",
        "### Give a conference talk (goal 1)\n\n- Status: active, 30%\n"
        "- Due: Sat 30 Jan 2027\n- With: alice (Alice Chen)\n- Tags: speaking\n\n"
        "Why:\n\n> Visibility\n\nHistory:\n\n- Thu 12 Nov 2026 09:00, 30%: Abstract submitted\n",
        "- When: every week on Tuesday at 08:30 Europe/Berlin, from 3 Nov 2026\n",
        "- Cancelled: Tue 17 Nov 2026 08:30\n- Held: Tue 10 Nov 2026 08:30 (rated 4/5)\n",
        "- When: once, Thu 5 Nov 2026 10:00 America/New_York\n"
        "- Your time: Thu 5 Nov 2026 16:00 Europe/Berlin (the first one)\n",
        "Notes:\n\n> ### Tue 17 Nov 2026 08:30 (written Thu 12 Nov 2026 09:00)\n"
        "> Talked about the abstract\n",
        "Saved agenda (for Tue 24 Nov 2026 08:30):\n\n> # Mentoring with Alice Chen\n",
        "- [ ] Send Alice the outline: yours, with alice, due Mon 23 Nov 2026, goal 1 (action 1)",
        "- [x] Book the room: bo's, meeting 2 (action 2)",
        "- [ ] Ask about CFPs: with alice (topic 1)\n- [x] Old topic: with bo (topic 2)\n",
        "### Received from alice, Sat 21 Nov 2026 11:15 (feedback 1)\n\n- Rating: 5/5\n"
        "- Meeting: 1\n- Tags: talk\n\n> Clear structure\n",
        "### Given to bo, Sat 21 Nov 2026 11:15 (feedback 2)\n\n- Goal: 2\n\n> Great questions\n",
        "- Sat 21 Nov 2026: First CFP accepted (goal 1, with alice): PyCon (milestone 2)",
        "### Sat 21 Nov 2026 11:15, with alice (note 1)\n\n"
        "> Alice suggested a lightning talk first\n",
        "- Tags: week, reflection\n- Prompt: ",
    ):
        assert expected in text


def test_export_md_of_an_empty_journal_says_so(run: Run) -> None:
    text = run.ok("export", "md").stdout
    assert "nothing yet." in text.splitlines()[2]
    assert "## People\n\nNo people yet.\n" in text


def test_export_md_to_a_file(run: Run, rich: None, tmp_path: Path) -> None:
    out = tmp_path / "journal.md"
    result = run.ok("export", "md", "--out", str(out))
    assert result.stdout == ""
    assert result.stderr == f"Exported the journal as Markdown to {out}.\n"
    assert out.read_text(encoding="utf-8") == run.ok("export", "md").stdout


def test_user_text_cannot_break_the_markdown(run: Run) -> None:
    run.ok("person", "add", "alice", "--name", "# Alice\n## Boss", "--role", "mentor",
           "--tz", "America/New_York")  # fmt: skip
    run.ok("goal", "add", "# Not a heading\n- nor a list", "--why", "<!-- hide the rest")
    run.ok("goal", "add", "1. Numbered *bold* [link](x) `code` _em_ snake_case")
    run.ok("action", "add", "> quoted \x1b[31mred")
    run.ok("note", "add", "line one\n# heading inside\n<div>", "--with", "alice")
    text = run.ok("export", "md").stdout
    lines = text.splitlines()
    assert [line for line in lines if line.startswith("# ")] == ["# Mentorship journal"]
    assert [line for line in lines if line.startswith("## ")] == [
        f"## {s}"
        for s in (
            "People", "Goals", "Meetings", "Action items", "Talking points", "Feedback",
            "Milestones", "Notes",
        )
    ]  # fmt: skip
    assert "### \\# Alice ## Boss (alice)" in lines
    assert "- Zone: America/New_York" in lines  # an underscore inside a word is no emphasis
    assert "### \\# Not a heading - nor a list (goal 1)" in lines
    assert "> \\<!-- hide the rest" in lines
    assert (
        "### 1\\. Numbered \\*bold\\* \\[link\\](x) \\`code\\` \\_em\\_ snake_case (goal 2)"
        in lines
    )
    assert "- [ ] \\> quoted \\\\x1b\\[31mred: yours (action 1)" in lines
    assert "\x1b" not in text
    assert "> line one\n> # heading inside\n> \\<div>" in text


# -- help ------------------------------------------------------------------------------------


def commands(run: Run, *path: str) -> list[str]:
    """The commands a group's help lists, in order."""
    text = run.ok(*path, "--help").stdout
    box = text[text.index("─ Commands ─") :]
    # A command's line starts at the box's edge; a description wrapped on a narrow
    # terminal goes on under the descriptions' column.
    return [
        line.split()[1]
        for line in box.splitlines()[1:]
        if line.startswith("│ ") and not line.startswith("│  ")
    ]


def test_export_and_import_are_groups_with_their_commands(run: Run) -> None:
    assert commands(run, "export")[:2] == ["json", "md"]
    assert commands(run, "import")[:1] == ["json"]
    listed = commands(run)
    assert listed.index("export") + 1 == listed.index("import") < listed.index("config")


def test_an_export_from_schema_1_is_migrated_as_it_is_imported(
    run: Run, tmp_path: Path, isolated_env: Path
) -> None:
    old = _goals(
        {
            "id": 1, "uid": "g-1", "title": "Ship it", "status": "done", "progress": 100,
            "completed": "2026-11-20T10:00:00+01:00",
            "history": [{"at": "2026-11-20T10:00:00+01:00", "progress": 100, "note": "done"}],
        }
    )  # fmt: skip
    (tmp_path / "old.json").write_text(old)
    run.ok("import", "json", str(tmp_path / "old.json"))
    stored = json.loads((isolated_env / "journal.json").read_text())
    [entry] = stored["goals"]["1"]["history"]
    assert (entry["event"], entry["note"]) == ("done", None)
    assert stored["_meta"]["1"]["schema"] == store.SCHEMA
