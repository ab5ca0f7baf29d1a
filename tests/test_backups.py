"""Snapshots, retention and undo in the store: names, what is kept over weeks of changes
(with a pretend clock), undo and redo, and changes interrupted at the worst moments."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st

from mentorlog import store
from mentorlog.errors import JournalRefused, NotFound
from mentorlog.store import backups

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 11, 21, 11, 15, tzinfo=BERLIN)


def change(home: Path, title: str, at: datetime = NOW) -> int:
    """One described change: add a goal; returns its id."""
    with store.open_journal(home, write=True) as journal:
        record = journal.insert("goals", {"title": title}, now=at)
        journal.describe(f"goal add '{title}' (goal {record['id']})", now=at)
    return int(record["id"])


def raw(home: Path) -> dict[str, Any]:
    data = json.loads((home / store.JOURNAL_FILE).read_bytes())
    assert isinstance(data, dict)
    return data


def titles(home: Path) -> list[str]:
    return [goal["title"] for goal in raw(home).get("goals", {}).values()]


def names(home: Path) -> list[str]:
    return [s.name for s in backups.snapshots(home / store.BACKUP_DIR)]


# -- names -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "taken", "serial", "migration"),
    [
        ("journal-20261121T101500Z.json", datetime(2026, 11, 21, 10, 15, tzinfo=UTC), 0, False),
        ("journal-20261121T101500Z-12.json", datetime(2026, 11, 21, 10, 15, tzinfo=UTC), 12, False),
        (
            "journal-20261121T101500Z-before-migration-to-2.json",
            datetime(2026, 11, 21, 10, 15, tzinfo=UTC),
            0,
            True,
        ),
        # As the first releases named them.
        (
            "journal-20261121T101500.123456789Z-1.json",
            datetime(2026, 11, 21, 10, 15, tzinfo=UTC),
            1,
            False,
        ),
    ],
)
def test_snapshot_names_are_read(name: str, taken: datetime, serial: int, migration: bool) -> None:
    snapshot = backups.parse_name(name)
    assert snapshot is not None
    assert (snapshot.taken, snapshot.serial, snapshot.migration) == (taken, serial, migration)


@pytest.mark.parametrize(
    "name",
    [
        "journal.json",
        "journal-20261121T101500Z",
        "journal-20261121T101500Z.json.tmp",
        "journal-20261399T101500Z.json",  # no 99th of month 13
        "../journal-20261121T101500Z.json",
        "journal-20261121T101500Z-notes.json",
        "my-copy.json",
    ],
)
def test_other_files_are_not_snapshots(name: str) -> None:
    assert backups.parse_name(name) is None


_DIGITS = st.lists(st.sampled_from("0123456789\u0663\uff11"), min_size=14, max_size=14)


@given(
    st.one_of(
        st.datetimes(datetime(1, 1, 1), datetime(9999, 12, 31)).map(
            lambda at: f"{at.year:04d}{at:%m%dT%H%M%S}"
        ),
        _DIGITS.map(lambda digits: "".join(digits[:8]) + "T" + "".join(digits[8:])),
    )
)
def test_a_snapshot_stamp_is_read_as_strptime_reads_it(stamp: str) -> None:
    """parse_name reads the stamp by hand (no _strptime on every change): the same
    instants, and the same stamps refused (month 13, second 60, other scripts' digits)."""
    try:
        expected: datetime | None = datetime.strptime(stamp, "%Y%m%dT%H%M%S")
    except ValueError:
        expected = None
    if not stamp.isascii():  # strptime reads some of them (an Arabic-Indic hour, say)
        expected = None
    snapshot = backups.parse_name(f"journal-{stamp}Z.json")
    got = snapshot.taken if snapshot is not None else None
    assert got == (expected.replace(tzinfo=UTC) if expected is not None else None)


def test_new_names_follow_the_newest_of_their_second_and_sort_in_order(tmp_path: Path) -> None:
    at = datetime(2026, 11, 21, 10, 15, 0, 900_000, tzinfo=UTC)
    made = []
    for _ in range(3):
        made.append(backups.new_name(tmp_path, at))
        (tmp_path / made[-1]).write_text("{}")
    # Issue 17: every name carries a three-digit serial, so that names sort oldest first
    # (they were "Z.json", "Z-1.json", ..., which `ls` listed out of order).
    assert made == [
        "journal-20261121T101500Z-000.json",
        "journal-20261121T101500Z-001.json",
        "journal-20261121T101500Z-002.json",
    ]
    assert sorted(made) == made
    (tmp_path / made[0]).unlink()  # pruned: its serial is never handed out again
    assert backups.new_name(tmp_path, at) == "journal-20261121T101500Z-003.json"
    assert (
        backups.new_name(tmp_path, at, label="before-migration-to-2")
        == "journal-20261121T101500Z-003-before-migration-to-2.json"
    )
    assert [s.name for s in backups.snapshots(tmp_path)] == list(reversed(made[1:]))
    for serial in range(3, 12):
        (tmp_path / f"journal-20261121T101500Z-{serial:03d}.json").write_text("{}")
    listed = sorted(p.name for p in tmp_path.iterdir())
    assert listed == [s.name for s in reversed(backups.snapshots(tmp_path))]


def test_a_snapshot_is_the_old_journal_itself_not_a_copy(tmp_path: Path) -> None:
    change(tmp_path, "one")
    first = (tmp_path / store.JOURNAL_FILE).stat()
    old_bytes = (tmp_path / store.JOURNAL_FILE).read_bytes()
    change(tmp_path, "two")
    [name] = names(tmp_path)
    snapshot = tmp_path / store.BACKUP_DIR / name
    assert snapshot.stat().st_ino == first.st_ino
    change(tmp_path, "three")
    assert snapshot.read_bytes() == old_bytes
    assert raw(tmp_path)["_meta"]["1"]["previous"] == names(tmp_path)[0]


# -- retention -------------------------------------------------------------------------------


def test_the_store_and_the_snapshots_agree_on_how_many_changes_are_kept() -> None:
    assert store.KEEP_BACKUPS == backups.KEEP_RECENT == 30
    assert backups.KEEP_DAYS == 30


def test_retention_over_forty_days_keeps_30_changes_and_one_a_day_for_30_days(
    tmp_path: Path,
) -> None:
    start = datetime(2026, 10, 1, 9, 0, tzinfo=UTC)
    moments = [start + timedelta(days=day, hours=3 * k) for day in range(40) for k in range(3)]
    for n, moment in enumerate(moments):
        change(tmp_path, f"goal {n}", moment)
    # Change n (n >= 1) replaced the journal of change n-1: its snapshot is named after n.
    taken = moments[1:]
    last_day = moments[-1].date()
    newest_30 = taken[-30:]
    daily = [
        max(m for m in taken if m.date() == day)
        for day in (last_day - timedelta(days=d) for d in range(30))
    ]
    expected = sorted(
        {f"journal-{m:%Y%m%dT%H%M%S}Z-000.json" for m in [*newest_30, *daily]}, reverse=True
    )
    assert names(tmp_path) == expected
    assert len(expected) == 30 + 30 - 10  # the newest 30 changes span the last 10 days
    # Undo still knows the state before the last change.
    done = store.undo(tmp_path, now=moments[-1] + timedelta(minutes=1))
    assert done.change == "goal add 'goal 119' (goal 120)"
    assert titles(tmp_path)[-1] == "goal 118"


def test_the_snapshot_undo_needs_is_kept_even_when_the_clock_went_back(tmp_path: Path) -> None:
    for n in range(store.KEEP_BACKUPS + 3):
        change(tmp_path, f"goal {n}")
    change(tmp_path, "from the past", NOW - timedelta(days=365))
    previous = raw(tmp_path)["_meta"]["1"]["previous"]
    assert previous == "journal-20251121T101500Z-000.json"
    assert previous in names(tmp_path)
    assert store.undo(tmp_path, now=NOW).restored == previous
    assert "from the past" not in titles(tmp_path)


def test_files_in_backups_that_are_not_snapshots_are_never_touched(tmp_path: Path) -> None:
    folder = tmp_path / store.BACKUP_DIR
    folder.mkdir(parents=True)
    (folder / "README.txt").write_text("mine")
    (folder / "journal-old-copy.json").write_text("{}")
    for n in range(store.KEEP_BACKUPS + 3):
        change(tmp_path, f"goal {n}")
    assert (folder / "README.txt").read_text() == "mine"
    assert (folder / "journal-old-copy.json").exists()
    assert len(names(tmp_path)) == store.KEEP_BACKUPS


# -- undo ------------------------------------------------------------------------------------


def test_undo_restores_the_state_before_the_last_change_and_a_second_undo_redoes_it(
    tmp_path: Path,
) -> None:
    change(tmp_path, "one")
    change(tmp_path, "two")
    done = store.undo(tmp_path, now=NOW)
    assert (done.redo, done.change) == (False, "goal add 'two' (goal 2)")
    assert titles(tmp_path) == ["one"]
    assert raw(tmp_path)["_meta"]["1"]["last_change"] == {
        "at": "2026-11-21T11:15:00+01:00",
        "what": "undo: goal add 'two' (goal 2)",
        "undid": "goal add 'two' (goal 2)",
    }
    redone = store.undo(tmp_path, now=NOW)
    assert (redone.redo, redone.change) == (True, "goal add 'two' (goal 2)")
    assert redone.restored == done.kept
    assert titles(tmp_path) == ["one", "two"]
    again = store.undo(tmp_path, now=NOW)
    assert (again.redo, again.change) == (False, "goal add 'two' (goal 2)")
    assert titles(tmp_path) == ["one"]


def test_undoing_the_first_change_leaves_an_empty_journal_that_keeps_its_counters(
    tmp_path: Path,
) -> None:
    change(tmp_path, "one")
    done = store.undo(tmp_path, now=NOW)
    assert done.restored is None
    assert titles(tmp_path) == []
    assert raw(tmp_path)["_meta"]["1"]["next_ids"] == {"goals": 2}
    assert change(tmp_path, "again") == 2
    assert store.undo(tmp_path, now=NOW).change == "goal add 'again' (goal 2)"


def test_ids_are_never_reused_after_an_undo(tmp_path: Path) -> None:
    change(tmp_path, "one")
    change(tmp_path, "two")
    store.undo(tmp_path, now=NOW)
    assert change(tmp_path, "three") == 3


def test_undo_with_nothing_to_undo(tmp_path: Path) -> None:
    with pytest.raises(NotFound, match=r"^Nothing to undo: there is no journal in .* yet\.$"):
        store.undo(tmp_path, now=NOW)
    assert not tmp_path.joinpath(store.JOURNAL_FILE).exists()
    # A journal made by hand: no change recorded, no snapshot.
    meta = {"app": "mentorlog", "schema": store.SCHEMA, "next_ids": {}}
    (tmp_path / store.JOURNAL_FILE).write_bytes(orjson.dumps({"_meta": {"1": meta}}))
    before = (tmp_path / store.JOURNAL_FILE).read_bytes()
    with pytest.raises(NotFound) as nothing:
        store.undo(tmp_path, now=NOW)
    assert str(nothing.value) == (
        "Nothing to undo: the journal records no change that can be undone."
    )
    assert (tmp_path / store.JOURNAL_FILE).read_bytes() == before


def test_undo_when_the_snapshot_it_needs_was_deleted(tmp_path: Path) -> None:
    change(tmp_path, "one")
    change(tmp_path, "two")
    [name] = names(tmp_path)
    (tmp_path / store.BACKUP_DIR / name).unlink()
    before = (tmp_path / store.JOURNAL_FILE).read_bytes()
    with pytest.raises(NotFound) as gone:
        store.undo(tmp_path, now=NOW)
    assert str(gone.value) == (
        f"Cannot undo goal add 'two' (goal 2): its snapshot {name} is no longer in "
        f"{tmp_path / store.BACKUP_DIR}; `mentorlog backup list` shows the ones there are."
    )
    assert (tmp_path / store.JOURNAL_FILE).read_bytes() == before


def test_undo_when_the_snapshot_it_needs_is_damaged(tmp_path: Path) -> None:
    change(tmp_path, "one")
    change(tmp_path, "two")
    [name] = names(tmp_path)
    path = tmp_path / store.BACKUP_DIR / name
    path.unlink()  # a hard link to nothing else now; write a broken one in its place
    path.write_text("[1]")
    with pytest.raises(JournalRefused) as damaged:
        store.undo(tmp_path, now=NOW)
    assert str(damaged.value) == (
        f"Cannot undo goal add 'two' (goal 2): the snapshot {name} is not a mentorlog journal "
        "(it holds no tables); `mentorlog backup list` shows the ones that load."
    )


def test_a_change_nobody_described_is_not_named_after_the_one_before(tmp_path: Path) -> None:
    change(tmp_path, "one")
    with store.open_journal(tmp_path, write=True) as journal:
        journal.insert("goals", {"title": "quiet"}, now=NOW)
    assert "last_change" not in raw(tmp_path)["_meta"]["1"]
    assert store.undo(tmp_path, now=NOW).change == "the last change"
    assert titles(tmp_path) == ["one"]


# -- interrupted changes ---------------------------------------------------------------------


class Killed(BaseException):
    """Stands for SIGKILL: nothing after it runs, no `except Exception` catches it."""


def test_a_change_killed_between_its_snapshot_and_saving(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    change(tmp_path, "one")
    change(tmp_path, "two")
    journal_before = (tmp_path / store.JOURNAL_FILE).read_bytes()
    real_replace = os.replace

    def killed(src: Any, dst: Any) -> None:
        raise Killed

    monkeypatch.setattr(os, "replace", killed)
    with pytest.raises(Killed):
        change(tmp_path, "three")
    monkeypatch.setattr(os, "replace", real_replace)
    # The journal is the one before; the snapshot taken for the lost change is the journal
    # itself, and undo skips it to restore the state before "two".
    assert (tmp_path / store.JOURNAL_FILE).read_bytes() == journal_before
    assert len(names(tmp_path)) == 2
    done = store.undo(tmp_path, now=NOW)
    assert done.change == "goal add 'two' (goal 2)"
    assert titles(tmp_path) == ["one"]
    # That undo's snapshot is the same file as the orphan: one of them is enough.
    assert len(names(tmp_path)) == 2
    assert store.undo(tmp_path, now=NOW).redo
    assert titles(tmp_path) == ["one", "two"]


def test_a_change_killed_after_saving_before_pruning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for n in range(store.KEEP_BACKUPS + 1):
        change(tmp_path, f"goal {n}")

    def killed(*args: Any, **kwargs: Any) -> list[str]:
        raise Killed

    monkeypatch.setattr(backups, "prune", killed)
    with pytest.raises(Killed):
        change(tmp_path, "last")
    monkeypatch.undo()
    assert titles(tmp_path)[-1] == "last"
    assert len(names(tmp_path)) == store.KEEP_BACKUPS + 1
    assert (
        store.undo(tmp_path, now=NOW).change == f"goal add 'last' (goal {store.KEEP_BACKUPS + 2})"
    )
    assert len(names(tmp_path)) == store.KEEP_BACKUPS  # the next change prunes


def test_a_snapshot_that_cannot_be_taken_stops_the_change(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    change(tmp_path, "one")
    before = (tmp_path / store.JOURNAL_FILE).read_bytes()

    def no_space(*args: Any) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "link", no_space)
    monkeypatch.setattr("shutil.copy2", no_space)
    with pytest.raises(store.StorageFailed, match="No space left on device; nothing was changed"):
        change(tmp_path, "two")
    assert (tmp_path / store.JOURNAL_FILE).read_bytes() == before
    assert not list(tmp_path.glob(".*.tmp"))


# -- journals from before `_meta.previous` ---------------------------------------------------


def legacy_home(home: Path) -> list[str]:
    """A home as the first releases left it: snapshots named to the nanosecond, no
    `_meta.previous`; returns the snapshot names, oldest first."""
    folder = home / store.BACKUP_DIR
    folder.mkdir(parents=True)
    stamps = ["20261120T080000.000000001Z", "20261120T090000.000000002Z"]
    made = []
    for n, stamp in enumerate(stamps, start=1):
        goals = {str(i): {"title": f"goal {i}"} for i in range(1, n + 1)}
        meta = {"app": "mentorlog", "schema": 1, "next_ids": {"goals": n + 1}}
        meta["last_change"] = {"at": "2026-11-20T09:00:00+01:00", "what": f"goal add {n}"}
        (folder / f"journal-{stamp}.json").write_bytes(
            orjson.dumps({"_meta": {"1": meta}, "goals": goals})
        )
        made.append(f"journal-{stamp}.json")
    meta = {
        "app": "mentorlog",
        "schema": 1,
        "next_ids": {"goals": 4},
        "last_change": {"at": "2026-11-20T10:00:00+01:00", "what": "goal add 3"},
    }
    goals = {str(i): {"title": f"goal {i}"} for i in range(1, 4)}
    (home / store.JOURNAL_FILE).write_bytes(orjson.dumps({"_meta": {"1": meta}, "goals": goals}))
    return made


def test_a_journal_from_before_previous_undoes_to_the_newest_snapshot(tmp_path: Path) -> None:
    made = legacy_home(tmp_path)
    history = store.changes(tmp_path)
    assert [(c.what, c.before) for c in history] == [
        ("goal add 3", made[1]),
        ("goal add 2", made[0]),
        ("goal add 1", None),
    ]
    assert not history[-1].restorable  # the first releases kept nothing before the first
    done = store.undo(tmp_path, now=NOW)
    assert (done.change, done.restored) == ("goal add 3", made[1])
    assert titles(tmp_path) == ["goal 1", "goal 2"]
    assert done.kept == f"journal-20261121T101500Z-000-before-migration-to-{store.SCHEMA}.json"


# -- history and the list of snapshots -------------------------------------------------------


def test_changes_follow_the_chain_and_stop_where_a_snapshot_is_gone(tmp_path: Path) -> None:
    for n in range(4):
        change(tmp_path, f"goal {n}")
    history = store.changes(tmp_path)
    assert [c.what for c in history] == [
        f"goal add 'goal {n}' (goal {n + 1})" for n in (3, 2, 1, 0)
    ]
    assert history[-1].before is None
    assert history[-1].restorable
    (tmp_path / store.BACKUP_DIR / str(history[1].before)).unlink()
    shorter = store.changes(tmp_path)
    assert len(shorter) == 2
    assert not shorter[1].restorable


def test_the_list_of_snapshots_works_when_the_journal_is_damaged(tmp_path: Path) -> None:
    for n in range(3):
        change(tmp_path, f"goal {n}")
    listed = store.list_backups(tmp_path)
    assert [(b.after, b.replaced_by, b.undo) for b in listed] == [
        ("goal add 'goal 1' (goal 2)", "goal add 'goal 2' (goal 3)", True),
        ("goal add 'goal 0' (goal 1)", "goal add 'goal 1' (goal 2)", False),
    ]
    (tmp_path / store.JOURNAL_FILE).write_text("{broken")
    listed = store.list_backups(tmp_path)
    assert [(b.after, b.replaced_by, b.undo, b.loads) for b in listed] == [
        ("goal add 'goal 1' (goal 2)", None, False, True),
        ("goal add 'goal 0' (goal 1)", "goal add 'goal 1' (goal 2)", False, True),
    ]


def test_the_refusal_of_a_damaged_journal_names_the_newest_snapshot_that_loads(
    tmp_path: Path,
) -> None:
    for n in range(3):
        change(tmp_path, f"goal {n}")
    newest = names(tmp_path)[0]
    path = tmp_path / store.JOURNAL_FILE
    path.write_text("{broken")
    with pytest.raises(JournalRefused) as refused, store.open_journal(tmp_path):
        pass
    assert str(refused.value).endswith(
        f"restore the newest snapshot that loads with: mentorlog backup restore {newest}."
    )


# -- reading stays as fast as before ---------------------------------------------------------

PROBE = """
import json, sys
from mentorlog.cli.main import app
try:
    app(sys.argv[2:], standalone_mode=False)
finally:
    with open(sys.argv[1], "w") as out:
        json.dump(sorted(sys.modules), out)
"""


@pytest.mark.slow
@pytest.mark.parametrize("args", [("status",), ("goal", "list"), ("goal", "list", "--json")])
def test_reading_commands_never_look_at_the_snapshots(
    isolated_env: Path, tmp_path: Path, args: tuple[str, ...]
) -> None:
    for n in range(3):
        change(isolated_env, f"goal {n}")
    report = tmp_path / "modules.json"
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(report), *args], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    modules = set(json.loads(report.read_text()))
    assert "mentorlog.store.backups" not in modules
    assert "mentorlog.store.migrations" not in modules
