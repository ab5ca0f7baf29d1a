"""The three-way merge of one shared thing: the last agreed view (base), ours (from the
journal) and theirs (from the server). Pure, on views; the rules are `sync`'s
(`sync.merge.merge_record` does the field work):

- changed on one side only: that side's view, as it is (its `updated` too, so an object
  nobody changed here is never uploaded again);
- changed on both: field by field against the base; a field changed on both sides to
  different values takes the value of the side `updated` later (equal stamps: the greater
  value, so both homes agree) and the other value is listed as a conflict; list fields
  (exdates, overrides by the occurrence they move) merge item by item; `sequence` and
  `updated` take the larger;
- deleted on one side and edited on the other: the edit is kept, and listed;
- two views of different kinds under one uid: the later one, listed;
- a "foreign" object (one mentorlog makes no record of) stays as the server has it.

Two views that say the same but for their `updated` stamp are no change: theirs is taken, so
the merge commutes up to that stamp and the side a conflict names.

Conflicts are dicts {uid, field, ours, theirs, kept}: `kept` is "ours" or "theirs".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from mentorlog.share.shape import FOREIGN, View, same
from mentorlog.sync.merge import merge_record

__all__ = ["Merged", "merge_views"]

DELETED = "deleted"  # the `field` of a conflict between a delete and an edit
KIND = "kind"


@dataclass
class Merged:
    """The merged view (None: deleted) and the conflicts settled on the way."""

    view: View | None
    conflicts: list[dict[str, Any]] = field(default_factory=list)


def merge_views(base: View | None, ours: View | None, theirs: View | None) -> Merged:
    """Merge one shared thing (see the module's docstring)."""
    if _foreign(theirs) or _foreign(ours) or (theirs is None and _foreign(base)):
        return Merged(theirs)
    if same(ours, theirs):
        return Merged(theirs)  # they say the same: nothing to upload, nothing to apply
    if ours is None or theirs is None:
        return _one_deleted(base, ours, theirs)
    if base is not None and same(ours, base):
        return Merged(theirs)
    if base is not None and same(theirs, base):
        return Merged(ours)
    if ours.get(KIND) != theirs.get(KIND):
        return _other_kinds(ours, theirs)
    merged, found = merge_record(base if base is not None else {}, ours, theirs)
    uid = merged.get("uid", ours.get("uid"))
    conflicts = [
        _conflict(uid, name, kept, other, "ours" if side == "mine" else "theirs")
        for name, kept, other, side in found
    ]
    for side in (theirs, ours):  # as one side has it, to the stamp: nothing to upload
        if same(merged, side) and merged.get("updated") == side.get("updated"):
            return Merged(side, conflicts)
    return Merged(merged, conflicts)


def _foreign(view: View | None) -> bool:
    return view is not None and view.get(KIND) == FOREIGN


def _later_of(ours: View | None, theirs: View | None) -> View | None:
    """Of two views that say the same, the one updated later (either, for equal stamps)."""
    if ours is None or theirs is None:
        return ours if theirs is None else theirs
    if str(ours.get("updated") or "") > str(theirs.get("updated") or ""):
        return ours
    return theirs


def _one_deleted(base: View | None, ours: View | None, theirs: View | None) -> Merged:
    present = ours if ours is not None else theirs
    assert present is not None
    if base is None:
        return Merged(present)  # added on one side
    if same(present, base):
        return Merged(None)  # deleted on one side, left alone on the other
    kept = "ours" if ours is not None else "theirs"
    uid = present.get("uid")
    return Merged(present, [_conflict(uid, DELETED, _edited(ours), _edited(theirs), kept)])


def _edited(view: View | None) -> str:
    return "deleted" if view is None else "edited"


def _other_kinds(ours: View, theirs: View) -> Merged:
    later = _later_of(ours, theirs)
    assert later is not None
    kept = "ours" if later is ours else "theirs"
    return Merged(later, [_conflict(ours.get("uid"), KIND, ours[KIND], theirs[KIND], kept)])


def _conflict(uid: Any, name: str, ours: Any, theirs: Any, kept: str) -> dict[str, Any]:
    if kept == "theirs" and name not in (DELETED, KIND):
        ours, theirs = theirs, ours  # merge_record gives (kept, other)
    return {"uid": uid, "field": name, "ours": ours, "theirs": theirs, "kept": kept}
