"""What every kind has: show, edit, delete (and reopen where it has a done state), reachable
through the CLI for every kind in the registry; deletions leave tombstones that exports and
imports honour."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import Run
from mentorlog import store
from mentorlog.cli.commands import COMMANDS
from mentorlog.kinds import KINDS, Kind


@pytest.mark.parametrize("kind", KINDS, ids=[k.name for k in KINDS])
def test_every_kind_has_show_edit_delete_and_reopen_where_it_is_done(run: Run, kind: Kind) -> None:
    assert COMMANDS[kind.name][:2] == (kind.cli, "app")
    wanted = ["show", "edit", "delete"] + (["reopen"] if kind.reopens else [])
    for command in wanted:
        result = run.ok(kind.name, command, "--help")
        assert "--json" in result.stdout, (kind.name, command)
        assert "Example: mentorlog" in result.stdout, (kind.name, command)


@pytest.fixture
def journal(run: Run) -> None:
    run.ok("person", "add", "alice", "--name", "Alice Chen", "--role", "mentor", "--tz", "UTC")
    run.ok("goal", "add", "Talk", "--with", "alice")
    run.ok("meeting", "add", "--with", "alice", "--at", "tue 10:00")
    run.ok("note", "add", "Kept", "--with", "alice")
    run.ok("note", "add", "Dropped", "--with", "alice")


def test_a_delete_leaves_a_tombstone_in_the_journal(
    run: Run, journal: None, isolated_env: Path
) -> None:
    uid = run.json("note", "show", "2")["uid"]
    run.ok("note", "delete", "2")
    data = json.loads((isolated_env / store.JOURNAL_FILE).read_bytes())
    [tombstone] = data[store.TOMBSTONES].values()
    assert tombstone == {"table": "notes", "uid": uid, "at": "2026-11-21T11:15:00+01:00"}
    assert data["_meta"]["1"]["last_change"]["what"] == "note delete 2"
    run.ok("undo")
    data = json.loads((isolated_env / store.JOURNAL_FILE).read_bytes())
    assert data.get(store.TOMBSTONES, {}) == {}


def test_tombstones_round_trip_through_export_and_import_json(
    run: Run, journal: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    full = tmp_path / "full.json"
    run.ok("export", "json", "--out", str(full))
    uid = run.json("note", "show", "2")["uid"]
    run.ok("note", "delete", "2")
    after = tmp_path / "after.json"
    run.ok("export", "json", "--out", str(after))
    document = json.loads(after.read_bytes())
    assert document["tombstones"] == [
        {"kind": "note", "uid": uid, "at": "2026-11-21T11:15:00+01:00"}
    ]
    # Here: the old export does not bring the deleted note back.
    result = run.ok("import", "json", str(full))
    assert "Skipped 1 record deleted here or in the file" in result.stderr
    assert [n["text"] for n in run.json("note", "list")] == ["Kept"]
    # Elsewhere: a journal holding the note keeps it, records the tombstone, and the
    # deleted note never arrives again from an older file.
    other = tmp_path / "other"
    monkeypatch.setenv("MENTORLOG_HOME", str(other))
    run.ok("import", "json", str(full))
    assert len(run.json("note", "list")) == 2
    message = run.ok("import", "json", str(after)).stderr
    assert "Recorded 1 deletion from the file; records here are never deleted" in message
    assert len(run.json("note", "list")) == 2
    data = json.loads((other / store.JOURNAL_FILE).read_bytes())
    assert [t["uid"] for t in data[store.TOMBSTONES].values()] == [uid]
    # Into an empty journal, a record the file's own tombstones name stays out.
    empty = tmp_path / "empty"
    monkeypatch.setenv("MENTORLOG_HOME", str(empty))
    document["tables"]["notes"].append({**json.loads(full.read_bytes())["tables"]["notes"][1]})
    mixed = tmp_path / "mixed.json"
    mixed.write_text(json.dumps(document))
    assert "Skipped 1 record" in run.ok("import", "json", str(mixed)).stderr
    assert [n["text"] for n in run.json("note", "list")] == ["Kept"]


def test_an_export_with_bad_tombstones_is_refused(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    run.ok("export", "json", "--out", str(path))
    document = json.loads(path.read_bytes())
    document["tombstones"] = [{"kind": "note"}]
    path.write_text(json.dumps(document))
    assert (
        "its tombstone number 1 has no kind, uid and at"
        in run.fails(2, "import", "json", str(path)).stderr
    )


def test_import_ics_never_recreates_a_deleted_meeting(
    run: Run, journal: None, tmp_path: Path
) -> None:
    ics = tmp_path / "meetings.ics"
    run.ok("export", "ics", "--out", str(ics))
    run.ok("meeting", "delete", "1")
    result = run.ok("import", "ics", str(ics), "--with", "alice")
    assert "it was deleted here, and an import never brings a deleted meeting back" in (
        result.stderr
    )
    assert run.json("meeting", "list") == []
