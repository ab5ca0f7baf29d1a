"""Schema migrations: every past schema opens, migrates to what it should, and is saved only
by a change, after a snapshot of the old file; a journal from the future is refused."""

from __future__ import annotations

import copy
import json
import shutil
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import Run
from mentorlog import store
from mentorlog.errors import JournalRefused
from mentorlog.store import backups, migrations

DATA = Path(__file__).parent / "data"
PAST = sorted(DATA.glob("journal-schema-*.json"))
NOW = datetime(2026, 11, 21, 11, 15, tzinfo=ZoneInfo("Europe/Berlin"))


def schema_of(path: Path) -> int:
    return int(json.loads(path.read_bytes())["_meta"]["1"]["schema"])


def test_there_is_a_test_journal_of_every_past_schema() -> None:
    assert sorted({schema_of(path) for path in PAST}) == list(range(1, store.SCHEMA))


def test_every_past_schema_has_a_migration_step() -> None:
    assert sorted(migrations.STEPS) == list(range(1, store.SCHEMA))


@pytest.mark.parametrize("path", PAST, ids=[p.name for p in PAST])
def test_every_past_journal_opens_as_its_expected_migrated_form(path: Path) -> None:
    expected = json.loads((DATA / "migrated" / path.name).read_bytes())
    assert expected["_meta"]["1"]["schema"] == store.SCHEMA
    assert store.load_file(path) == expected


@pytest.mark.parametrize("path", PAST, ids=[p.name for p in PAST])
def test_migrating_again_changes_nothing(path: Path) -> None:
    once = store.load_file(path)
    assert once is not None
    twice = copy.deepcopy(once)
    assert migrations.migrate(twice, store.SCHEMA) == store.SCHEMA
    assert twice == once


def events(goal: dict[str, Any]) -> list[tuple[int, str | None, str]]:
    return [(e["progress"], e["note"], e["event"]) for e in goal["history"]]


def test_schema_1_goal_histories_get_their_events_back() -> None:
    """The first release wrote no `event`, and a note "done"/"dropped"/"reopened" when the
    user gave none; later schema-1 versions stamped such old entries "progress"."""
    data = store.load_file(DATA / "journal-schema-1.json")
    assert data is not None
    goals = data["goals"]
    # Done in the first release, no note: the stand-in note "done" goes.
    assert events(goals["1"]) == [
        (40, "Draft opened", "progress"),
        (70, None, "progress"),
        (100, None, "done"),
    ]
    # Written by a later schema-1 version, events already right: unchanged.
    assert events(goals["2"])[-1] == (100, "Went well", "done")
    # Done and reopened in the first release, then rewritten as "progress" by a later one.
    assert events(goals["3"]) == [
        (20, None, "progress"),
        (100, "Finished the last chapter", "done"),
        (100, None, "reopened"),
        (60, None, "progress"),
    ]
    # Dropped, with the user's note kept, and without one.
    assert events(goals["4"]) == [(0, "Not this year", "dropped")]
    assert events(goals["5"]) == [(0, None, "dropped")]


def goal_with(status: str, *entries: dict[str, Any], **fields: Any) -> dict[str, Any]:
    return {"title": "G", "status": status, "history": list(entries), **fields}


def migrate_goal(goal: dict[str, Any]) -> dict[str, Any]:
    data = {"_meta": {"1": {"app": "mentorlog", "schema": 1}}, "goals": {"1": goal}}
    migrations.migrate(data, 2)
    result: dict[str, Any] = data["goals"]["1"]
    return result


def entry(progress: int, note: str | None = None, at: str = "2026-10-01T08:00:00+02:00") -> Any:
    return {"at": at, "progress": progress, "note": note}


def test_a_history_that_does_not_fit_keeps_progress_events() -> None:
    # A done goal whose last entry is not at 100% was edited by hand: no guess.
    goal = migrate_goal(goal_with("done", entry(40), entry(60), progress=100))
    assert [e["event"] for e in goal["history"]] == ["progress", "progress"]


def test_a_user_note_that_looks_like_a_marker_is_not_an_event_when_progress_moved() -> None:
    goal = migrate_goal(goal_with("active", entry(20), entry(50, "reopened")))
    assert events(goal) == [(20, None, "progress"), (50, "reopened", "progress")]


def test_a_reopen_after_a_drop_below_100_makes_the_entry_before_it_a_drop() -> None:
    goal = migrate_goal(
        goal_with("active", entry(30), entry(30, "dropped"), entry(30, "reopened"), progress=30)
    )
    assert events(goal) == [
        (30, None, "progress"),
        (30, None, "dropped"),
        (30, None, "reopened"),
    ]


def test_a_done_goal_matches_on_its_completed_stamp() -> None:
    done_at = "2026-10-02T10:00:00+02:00"
    goal = migrate_goal(
        goal_with("done", entry(100, "Shipped", at=done_at), completed=done_at, progress=100)
    )
    assert events(goal) == [(100, "Shipped", "done")]
    other = migrate_goal(goal_with("done", entry(100, "Shipped"), completed=done_at, progress=100))
    assert events(other) == [(100, "Shipped", "progress")]


def test_entries_and_goals_that_are_not_records_pass_through() -> None:
    goal = migrate_goal(goal_with("active", "junk", entry(10), None))
    assert goal["history"][0] == "junk"
    assert goal["history"][2] is None
    assert goal["history"][1]["event"] == "progress"
    no_history = migrate_goal({"title": "G", "history": "not a list"})
    assert no_history["history"] == "not a list"


@pytest.mark.parametrize(
    ("stored", "private"),
    [
        (None, False),
        (False, False),
        (0, False),
        ("false", False),
        ("", False),
        (True, True),
        ("yes", True),
        (1, True),
    ],
)
def test_notes_get_an_explicit_boolean_private_read_as_the_model_reads_it(
    stored: Any, private: bool
) -> None:
    note: dict[str, Any] = {"text": "hi"}
    if stored is not None:
        note["private"] = stored
    data = {"_meta": {"1": {"app": "mentorlog", "schema": 1}}, "notes": {"1": note}}
    migrations.migrate(data, 2)
    assert data["notes"]["1"]["private"] is private


def test_id_counters_move_past_the_highest_id() -> None:
    meta = {"app": "mentorlog", "schema": 1, "next_ids": {"goals": 2, "people": 9}}
    data: dict[str, Any] = {
        "_meta": {"1": meta},
        "goals": {"1": {}, "7": {}},
        "people": {"3": {}},
        "topics": {"2": {}},
        "empty": {},
    }
    migrations.migrate(data, 2)
    assert meta["next_ids"] == {"goals": 8, "people": 9, "topics": 3}


records = st.dictionaries(
    st.text(min_size=1, max_size=8).filter(lambda k: k not in ("history", "private")),
    st.one_of(st.none(), st.integers(), st.text(max_size=8)),
    max_size=4,
)


@given(
    tables=st.dictionaries(
        st.sampled_from(["people", "goals", "meetings", "notes", "future_table"]),
        st.dictionaries(st.integers(1, 50).map(str), records, max_size=4),
        max_size=5,
    )
)
def test_unknown_fields_and_tables_survive_a_migration(tables: dict[str, Any]) -> None:
    data = {"_meta": {"1": {"app": "mentorlog", "schema": 1, "extra": [1]}}, **tables}
    before = copy.deepcopy(data)
    migrations.migrate(data, 2)
    for name, table in before.items():
        if name == "_meta":
            continue
        for key, record in table.items():
            migrated = data[name][key]
            extra = {"private"} if name == "notes" else set()
            assert set(migrated) == set(record) | extra
            assert all(migrated[k] == v for k, v in record.items() if k not in extra)
    assert data["_meta"]["1"]["extra"] == [1]


def test_an_export_of_an_older_schema_is_migrated_record_by_record() -> None:
    journal = json.loads((DATA / "journal-schema-1.json").read_bytes())
    tables = {
        name: [{"id": int(key), **record} for key, record in table.items()]
        for name, table in journal.items()
        if name != "_meta"
    }
    migrations.migrate_export(tables, 1, store.SCHEMA)
    expected = json.loads((DATA / "migrated" / "journal-schema-1.json").read_bytes())
    for name, records in tables.items():
        assert {str(r.pop("id")): r for r in records} == expected[name]


# -- on disk: read in memory, saved by a change after a snapshot -----------------------------


@pytest.fixture
def old_journal(isolated_env: Path) -> Path:
    isolated_env.mkdir(mode=0o700, parents=True)
    path = isolated_env / store.JOURNAL_FILE
    shutil.copyfile(DATA / "journal-schema-1.json", path)
    return path


READING = [
    ("status",),
    ("goal", "list", "--status", "all"),
    ("goal", "show", "3"),
    ("person", "list"),
    ("meeting", "list"),
    ("note", "list"),
    ("report", "--since", "2026-09-01"),
    ("undo", "--list"),
    ("backup", "list"),
    ("export", "json"),
]


@pytest.mark.parametrize("args", READING, ids=[" ".join(a) for a in READING])
def test_reading_an_old_journal_never_writes_it(
    run: Run, old_journal: Path, isolated_env: Path, args: tuple[str, ...]
) -> None:
    before = old_journal.read_bytes()
    run.ok(*args)
    assert old_journal.read_bytes() == before
    assert sorted(p.name for p in isolated_env.iterdir()) == [store.JOURNAL_FILE]


def test_a_read_shows_the_migrated_history(run: Run, old_journal: Path) -> None:
    goal = run.json("goal", "show", "3")
    assert [h["event"] for h in goal["history"]] == ["progress", "done", "reopened", "progress"]


def test_the_first_change_saves_the_migration_after_a_snapshot_of_the_old_file(
    run: Run, old_journal: Path, isolated_env: Path
) -> None:
    old = old_journal.read_bytes()
    run.ok("goal", "progress", "3", "70")
    saved = json.loads(old_journal.read_bytes())
    assert saved["_meta"]["1"]["schema"] == store.SCHEMA
    assert saved["_meta"]["1"]["previous"] == (
        f"journal-20261121T101500Z-000-before-migration-to-{store.SCHEMA}.json"
    )
    assert [h["event"] for h in saved["goals"]["3"]["history"]][-2:] == ["progress", "progress"]
    assert saved["goals"]["1"]["history"][-1]["event"] == "done"
    snapshot = isolated_env / store.BACKUP_DIR / saved["_meta"]["1"]["previous"]
    assert snapshot.read_bytes() == old
    # The change is undoable: back to the old journal's content, migrated.
    run.ok("undo")
    expected = json.loads((DATA / "migrated" / "journal-schema-1.json").read_bytes())
    after_undo = json.loads(old_journal.read_bytes())
    assert {k: v for k, v in after_undo.items() if k != "_meta"} == {
        k: v for k, v in expected.items() if k != "_meta"
    }


def test_a_failed_change_saves_no_migration(
    run: Run, old_journal: Path, isolated_env: Path
) -> None:
    before = old_journal.read_bytes()
    run.fails(4, "goal", "done", "1")  # done already
    assert old_journal.read_bytes() == before
    assert not (isolated_env / store.BACKUP_DIR).exists()


def test_the_snapshot_before_a_migration_outlives_retention(
    old_journal: Path, isolated_env: Path
) -> None:
    for n in range(store.KEEP_BACKUPS + 10):
        with store.open_journal(isolated_env, write=True) as journal:
            journal.insert("goals", {"title": f"goal {n}"}, now=NOW)
            journal.describe(f"goal {n}", now=NOW)
    names = [s.name for s in backups.snapshots(isolated_env / store.BACKUP_DIR)]
    assert f"journal-20261121T101500Z-000-before-migration-to-{store.SCHEMA}.json" in names
    assert len(names) == store.KEEP_BACKUPS + 1


# -- a journal from the future ---------------------------------------------------------------

FUTURE_MESSAGE = (
    "The journal {path} was written by a newer mentorlog (journal schema {future}, this "
    "mentorlog {version} reads up to {schema}); it was left untouched: upgrade mentorlog "
    "(pip install -U mentorlog) to use it."
)


@pytest.fixture
def future_journal(isolated_env: Path) -> Path:
    isolated_env.mkdir(mode=0o700, parents=True)
    path = isolated_env / store.JOURNAL_FILE
    data = json.loads((DATA / "migrated" / "journal-schema-1.json").read_bytes())
    data["_meta"]["1"]["schema"] = store.SCHEMA + 1
    data["goals"]["1"]["something_new"] = {"from": "the future"}
    path.write_bytes(orjson.dumps(data))
    return path


FUTURE_COMMANDS = [
    ("goal", "list"),
    ("goal", "add", "One more"),
    ("status",),
    ("undo",),
    ("undo", "--list"),
    ("export", "json"),
]


@pytest.mark.parametrize("args", FUTURE_COMMANDS, ids=[" ".join(a) for a in FUTURE_COMMANDS])
def test_a_journal_from_the_future_is_refused_and_left_byte_for_byte(
    run: Run,
    future_journal: Path,
    journal_bytes: Callable[[], bytes],
    args: tuple[str, ...],
) -> None:
    before = journal_bytes()
    result = run.fails(5, *args)
    expected = FUTURE_MESSAGE.format(
        path=future_journal,
        version=store.__version__,
        future=store.SCHEMA + 1,
        schema=store.SCHEMA,
    )
    assert result.stderr == f"Error: {expected}\n"
    assert journal_bytes() == before
    assert not (future_journal.parent / store.BACKUP_DIR).exists()


def test_restoring_a_snapshot_over_a_journal_from_the_future_is_refused(
    run: Run, future_journal: Path, journal_bytes: Callable[[], bytes]
) -> None:
    folder = future_journal.parent / store.BACKUP_DIR
    folder.mkdir()
    shutil.copyfile(DATA / "journal-schema-1.json", folder / "journal-20261101T000000Z.json")
    before = journal_bytes()
    result = run.fails(5, "backup", "restore", "journal-20261101T000000Z.json")
    assert f"was written by a newer mentorlog (journal schema {store.SCHEMA + 1}" in result.stderr
    assert journal_bytes() == before
    assert [p.name for p in folder.iterdir()] == ["journal-20261101T000000Z.json"]


def test_a_snapshot_from_the_future_does_not_load_and_is_not_offered(
    isolated_env: Path, future_journal: Path
) -> None:
    folder = isolated_env / store.BACKUP_DIR
    folder.mkdir()
    shutil.move(future_journal, folder / "journal-20261102T000000Z.json")
    shutil.copyfile(DATA / "journal-schema-1.json", folder / "journal-20261101T000000Z.json")
    future_journal.write_text("{")
    with pytest.raises(JournalRefused) as refused:
        store.load_file(future_journal, backups=folder)
    assert str(refused.value).endswith(
        "restore the newest snapshot that loads with: mentorlog backup restore "
        "journal-20261101T000000Z.json."
    )
    listed = {b.name: b for b in store.list_backups(isolated_env)}
    assert not listed["journal-20261102T000000Z.json"].loads
    assert listed["journal-20261101T000000Z.json"].loads


# -- 2 -> 3 ----------------------------------------------------------------------------------


def test_schema_3_gives_every_journal_a_table_of_tombstones() -> None:
    data = store.load_file(DATA / "journal-schema-2.json")
    assert data is not None
    assert data[store.TOMBSTONES] == {}
    assert store.TOMBSTONES not in data["_meta"]["1"]["next_ids"]


def test_a_hand_made_tombstones_table_keeps_only_tombstones() -> None:
    good = {"table": "notes", "uid": "u1", "at": "2026-11-01T09:00:00+01:00"}
    data = {
        "_meta": {"1": {"app": "mentorlog", "schema": 2}},
        store.TOMBSTONES: {"1": good, "2": {"uid": 7}},
    }
    migrations.migrate(data, 3)
    assert data[store.TOMBSTONES] == {"1": good}
