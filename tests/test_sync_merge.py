"""The three-way merge, as a pure function on dicts (`mentorlog.sync.merge`)."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from mentorlog.sync.files import META_PATH, canonical, file_name, from_bytes, to_bytes
from mentorlog.sync.merge import merge_list, merge_record, merge_trees
from profiles import examples

EARLY, LATE = "2026-11-21T10:00:00+01:00", "2026-11-21T11:00:00+01:00"


def goal(uid: str, gid: int, updated: str = EARLY, **fields: Any) -> dict[str, Any]:
    return {"uid": uid, "id": gid, "title": "t", "updated": updated, "created": EARLY, **fields}


def test_one_side_changed_takes_that_side() -> None:
    base = goal("a", 1)
    merged, conflicts = merge_record(base, base, goal("a", 1, LATE, title="new"))
    assert merged["title"] == "new"
    assert conflicts == []


def test_same_field_later_updated_wins_and_conflict_is_listed() -> None:
    base = goal("a", 1)
    mine, theirs = goal("a", 1, EARLY, title="mine"), goal("a", 1, LATE, title="theirs")
    merged, conflicts = merge_record(base, mine, theirs)
    assert merged["title"] == "theirs"
    assert merged["updated"] == LATE
    assert conflicts == [("title", "theirs", "mine", "theirs")]


def test_held_marks_and_a_series_edit_both_survive() -> None:
    base = goal("m", 1, rrule="FREQ=WEEKLY", held=[])
    series = goal("m", 1, LATE, rrule="FREQ=WEEKLY;INTERVAL=2", held=[])
    held = goal("m", 1, EARLY, rrule="FREQ=WEEKLY", held=[{"start": "2026-11-17T09:00:00"}])
    merged, conflicts = merge_record(base, series, held)
    assert merged["rrule"] == "FREQ=WEEKLY;INTERVAL=2"
    assert merged["held"] == [{"start": "2026-11-17T09:00:00"}]
    assert conflicts == []


def test_lists_merge_item_by_item() -> None:
    base = ["a", "b", "c"]
    assert merge_list("tags", base, ["a", "c", "d"], ["a", "b", "c", "e"], True) == [
        "a",
        "c",
        "d",
        "e",
    ]
    marks = merge_list(
        "held",
        [{"start": "1", "rating": 1}],
        [{"start": "1", "rating": 2}],
        [{"start": "1", "rating": 1}, {"start": "2", "rating": None}],
        False,
    )
    assert marks == [{"start": "1", "rating": 2}, {"start": "2", "rating": None}]


def test_delete_against_edit_keeps_the_edit() -> None:
    path = "goals/a.json"
    base = {path: goal("a", 1)}
    merged = merge_trees(base, {}, {path: goal("a", 1, LATE, title="edited")})
    assert merged.tree[path]["title"] == "edited"
    assert merged.messages


def test_delete_against_no_edit_deletes() -> None:
    path = "goals/a.json"
    stone = {"_tombstones/a.json": {"uid": "a", "table": "goals", "at": LATE}}
    merged = merge_trees({path: goal("a", 1)}, stone, {path: goal("a", 1)})
    assert path not in merged.tree
    assert "_tombstones/a.json" in merged.tree


def test_colliding_ids_renumber_our_side_past_every_counter() -> None:
    meta = {"format": "mentorlog-sync", "schema": 3, "next_ids": {"goals": 5}}
    ours = {"goals/a.json": goal("a", 2), META_PATH: meta}
    theirs = {"goals/b.json": goal("b", 2), META_PATH: {**meta, "next_ids": {"goals": 3}}}
    merged = merge_trees({}, ours, theirs)
    assert merged.tree["goals/b.json"]["id"] == 2
    assert merged.tree["goals/a.json"]["id"] == 5
    assert merged.tree[META_PATH]["next_ids"] == {"goals": 6}
    assert merged.renumbered == {"goals": {2: 5}}


def test_file_names_are_safe_and_records_round_trip() -> None:
    assert file_name("0c5f-9586") == "0c5f-9586"
    assert file_name("../etc/passwd").startswith("~")
    record = goal("x/y", 3, title="é")
    path = f"goals/{file_name('x/y')}.json"
    assert from_bytes(path, to_bytes(record), "here") == record
    assert canonical(record).endswith(b"\n")


VALUES = st.one_of(st.none(), st.integers(0, 3), st.sampled_from(["a", "b"]))
RECORDS = st.fixed_dictionaries(
    {"title": VALUES, "why": VALUES, "tags": st.lists(st.sampled_from("xyz"), unique=True)},
)
STAMPS = st.sampled_from([EARLY, LATE, "2026-11-21T12:00:00+01:00"])


@settings(max_examples=examples(200))
@given(RECORDS, RECORDS, RECORDS, STAMPS, STAMPS)
def test_merge_keeps_every_one_sided_change_and_agrees_both_ways(
    base: dict[str, Any], ours: dict[str, Any], theirs: dict[str, Any], o_at: str, t_at: str
) -> None:
    o, t = {**ours, "updated": o_at}, {**theirs, "updated": t_at}
    one, conflicts = merge_record(base, o, t)
    other, _ = merge_record(base, t, o)
    assert one == other  # the same on every device, whichever side it merges from
    for name in ("title", "why"):
        if o[name] == base[name]:
            assert one[name] == t[name]
        elif t[name] == base[name]:
            assert one[name] == o[name]
        elif o[name] != t[name]:
            assert any(c[0] == name for c in conflicts)
    added = (set(o["tags"]) | set(t["tags"])) - set(base["tags"])
    removed = (set(base["tags"]) - set(o["tags"])) | (set(base["tags"]) - set(t["tags"]))
    if o["tags"] != t["tags"]:
        assert set(one["tags"]) == (set(base["tags"]) | added) - removed


def test_a_conflict_is_named_by_its_number_or_the_start_of_its_uid() -> None:
    """A hex uid can begin with digits only: past the last number, four or more digits are
    read as the start of a uid; a number in range is always the conflict's number."""
    import pytest

    from mentorlog.errors import NotFound
    from mentorlog.sync.status import _chosen

    conflicts = [{"uid": "04544336-aaaa"}, {"uid": "1b2c-bbbb"}]
    assert _chosen(conflicts, "2") == [conflicts[1]]
    assert _chosen(conflicts, "0454") == [conflicts[0]]
    assert _chosen(conflicts, "1b2") == [conflicts[1]]
    with pytest.raises(NotFound, match="no sync conflict 3"):
        _chosen(conflicts, "3")
    with pytest.raises(NotFound, match="no sync conflict 9999"):
        _chosen(conflicts, "9999")
