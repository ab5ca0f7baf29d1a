"""The three-way merge of one shared thing (`share.merge.merge_views`): examples and
properties (it commutes up to the side a conflict names, it is idempotent, a side left as
the base takes the other side's view exactly)."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from mentorlog.share.merge import merge_views
from mentorlog.share.shape import content, same
from profiles import examples

EARLY, LATE = "2026-11-21T09:00:00+00:00", "2026-11-21T10:00:00+00:00"


def action(updated: str = EARLY, **fields: Any) -> dict[str, Any]:
    return {
        "kind": "action",
        "uid": "u1",
        "text": "Send the CV",
        "owner": "mentee",
        "due": None,
        "status": "open",
        "completed": None,
        "updated": updated,
        **fields,
    }


def meeting(updated: str = EARLY, **fields: Any) -> dict[str, Any]:
    return {
        "kind": "meeting",
        "uid": "m1",
        "title": "Weekly",
        "start": "2026-11-24T09:00:00",
        "tz": "America/New_York",
        "duration": 45,
        "rrule": "FREQ=WEEKLY",
        "exdates": [],
        "overrides": [],
        "cancelled": False,
        "place": None,
        "link": None,
        "agenda": None,
        "agenda_mark": None,
        "sequence": 0,
        "follows": None,
        "updated": updated,
        **fields,
    }


def test_a_change_on_one_side_takes_that_side_as_it_is() -> None:
    base = action()
    ticked = action(LATE, status="done", completed=LATE)
    assert merge_views(base, base, ticked).view == ticked
    assert merge_views(base, ticked, base).view == ticked
    assert merge_views(base, base, ticked).conflicts == []


def test_both_sides_change_one_field_the_later_wins_and_is_listed() -> None:
    base = action()
    ours, theirs = action(EARLY, text="Send the CV today"), action(LATE, text="Send the résumé")
    merged = merge_views(base, ours, theirs)
    assert merged.view is not None
    assert merged.view["text"] == "Send the résumé"
    assert merged.view["updated"] == LATE
    assert merged.conflicts == [
        {
            "uid": "u1",
            "field": "text",
            "ours": "Send the CV today",
            "theirs": "Send the résumé",
            "kept": "theirs",
        }
    ]


def test_different_fields_on_each_side_both_kept() -> None:
    base = action()
    ours, theirs = action(LATE, due="2026-12-01"), action(EARLY, status="done", completed=EARLY)
    merged = merge_views(base, ours, theirs)
    assert merged.view == action(LATE, due="2026-12-01", status="done", completed=EARLY)
    assert merged.conflicts == []


def test_cancelled_occurrence_and_moved_occurrence_both_survive() -> None:
    base = meeting()
    moved = {"of": "2026-12-08T09:00:00", "start": "2026-12-08T10:00:00"}
    ours = meeting(LATE, overrides=[{**moved, "duration": None, "title": None}], sequence=1)
    theirs = meeting(EARLY, exdates=["2026-12-01T09:00:00"], sequence=3)
    merged = merge_views(base, ours, theirs).view
    assert merged is not None
    assert merged["exdates"] == ["2026-12-01T09:00:00"]
    assert merged["overrides"] == ours["overrides"]
    assert merged["sequence"] == 3


def test_delete_against_edit_keeps_the_edit_and_says_so() -> None:
    base = action()
    edited = action(LATE, text="Send the CV by Friday")
    for ours, theirs, kept in ((None, edited, "theirs"), (edited, None, "ours")):
        merged = merge_views(base, ours, theirs)
        assert merged.view == edited
        assert [(c["field"], c["kept"]) for c in merged.conflicts] == [("deleted", kept)]


def test_deleted_on_one_side_left_alone_on_the_other_is_deleted() -> None:
    base = action()
    assert merge_views(base, None, base).view is None
    assert merge_views(base, base, None).view is None
    assert merge_views(base, None, None).view is None


def test_added_on_one_side() -> None:
    new = action()
    assert merge_views(None, None, new).view == new
    assert merge_views(None, new, None).view == new


def test_a_stamp_alone_is_no_change() -> None:
    """Applied here, our copy is stamped later but says what theirs says: theirs is kept,
    so nothing is uploaded again."""
    theirs = action(EARLY, status="done", completed=EARLY)
    ours = action(LATE, status="done", completed=EARLY)
    assert merge_views(theirs, ours, theirs).view is theirs


def test_foreign_objects_stay_as_the_server_has_them() -> None:
    foreign = {"kind": "foreign", "uid": "x", "component": "VEVENT", "reason": "all day"}
    assert merge_views(None, None, foreign).view == foreign
    assert merge_views(foreign, None, foreign).view == foreign
    assert merge_views(foreign, None, None).view is None


def test_two_kinds_under_one_uid_the_later_is_kept() -> None:
    topic = {"kind": "topic", "uid": "u1", "text": "t", "status": "open", "completed": None}
    merged = merge_views(None, action(LATE), {**topic, "updated": EARLY})
    assert merged.view == action(LATE)
    assert merged.conflicts[0]["field"] == "kind"


# -- properties ------------------------------------------------------------------------------

STAMPS = st.sampled_from([None, EARLY, LATE, "2026-11-22T08:00:00+00:00"])


@st.composite
def views(draw: st.DrawFn) -> dict[str, Any] | None:
    if draw(st.integers(0, 5)) == 0:
        return None
    done = draw(st.booleans())
    return action(
        draw(STAMPS),
        text=draw(st.sampled_from(["a", "b", "c"])),
        owner=draw(st.sampled_from(["mentor", "mentee", None])),
        due=draw(st.sampled_from([None, "2026-12-01", "2026-12-02"])),
        status="done" if done else "open",
        completed=draw(STAMPS) if done else None,
    )


@st.composite
def meetings(draw: st.DrawFn) -> dict[str, Any] | None:
    if draw(st.integers(0, 5)) == 0:
        return None
    walls = ["2026-12-01T09:00:00", "2026-12-08T09:00:00", "2026-12-15T09:00:00"]
    moved = [
        {"of": of, "start": of.replace("09:", "10:"), "duration": d, "title": None}
        for of in draw(st.lists(st.sampled_from(walls), unique=True))
        for d in [draw(st.sampled_from([None, 30]))]
    ]
    return meeting(
        draw(STAMPS),
        title=draw(st.sampled_from(["Weekly", "Sync"])),
        exdates=sorted(draw(st.lists(st.sampled_from(walls), unique=True))),
        overrides=sorted(moved, key=lambda o: o["of"]),
        sequence=draw(st.integers(0, 3)),
        agenda=draw(st.sampled_from([None, "# A", "# B"])),
    )


SIDES = st.one_of(views(), meetings())


def _flip(conflict: dict[str, Any]) -> dict[str, Any]:
    return {
        **conflict,
        "ours": conflict["theirs"],
        "theirs": conflict["ours"],
        "kept": "theirs" if conflict["kept"] == "ours" else "ours",
    }


def _triples(make: Any) -> Any:
    return st.tuples(make, make, make)


@settings(max_examples=examples(300))
@given(st.one_of(_triples(views()), _triples(meetings())))
def test_the_merge_commutes_up_to_the_conflict_side_and_the_stamp(sides: Any) -> None:
    base, ours, theirs = sides
    one, other = merge_views(base, ours, theirs), merge_views(base, theirs, ours)
    assert content(one.view) == content(other.view)
    assert sorted(map(repr, one.conflicts)) == sorted(repr(_flip(c)) for c in other.conflicts)


@settings(max_examples=examples(300))
@given(st.one_of(_triples(views()), _triples(meetings())))
def test_a_side_left_as_the_base_takes_the_other_exactly(sides: Any) -> None:
    base, _, theirs = sides
    assert merge_views(base, base, theirs).view == theirs
    if same(base, theirs):  # the same but for the stamp: no change, either is right
        assert content(merge_views(base, theirs, base).view) == content(theirs)
    else:
        assert merge_views(base, theirs, base).view == theirs


@settings(max_examples=examples(300))
@given(st.one_of(_triples(views()), _triples(meetings())))
def test_merging_is_idempotent(sides: Any) -> None:
    base, ours, theirs = sides
    merged = merge_views(base, ours, theirs).view
    assert merge_views(base, merged, merged).view == merged
    # The next round: both sides hold the merged view, which is also the base.
    assert merge_views(merged, merged, merged).view == merged
    assert merge_views(base, ours, ours).view == ours


@settings(max_examples=examples(300))
@given(st.one_of(_triples(views()), _triples(meetings())))
def test_every_merged_value_comes_from_one_side(sides: Any) -> None:
    base, ours, theirs = sides
    merged = merge_views(base, ours, theirs).view
    if merged is None or ours is None or theirs is None:
        assert merged in (None, ours, theirs)
        return
    for name, value in merged.items():
        if isinstance(value, list):
            items = [*ours.get(name, []), *theirs.get(name, [])]
            assert all(item in items for item in value)
        else:
            assert value in (ours.get(name), theirs.get(name)), name
