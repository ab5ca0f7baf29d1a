"""Sharing a relationship with the other person over a CalDAV calendar collection.

Services level, like `sync`. The pure half (no network, no files):

- `shape`: what a *view* is (one shared thing as the server sees it, a JSON-able dict) and
  the small helpers every module here uses on one.
- `views`: which records are shared with a person (`shared_views`), and the iCalendar form
  of a view both ways (`to_ics`, written by `ics_write`; `from_ics`, read by `ics_read`).
- `merge`: the three-way merge of one view: base (last agreed), ours, theirs.
- `apply` (+ `apply_meeting`, `uids`): a change the other side made, brought into the
  journal through the services.

How a round uses them, per uid (as `tests/share_journals.Server.round` does, and as the
rounds between two homes in `tests/share/test_rounds.py` settle): `merged = merge_views(base,
ours, theirs).view`; upload `to_ics(merged)` when `merged != theirs` (delete when merged is
None and theirs is not); `apply_theirs(journal, handle, base, merged)` when
`not shape.same(merged, ours)`; keep `merged` as the next base.

Added to the interface agreed with the engine: `shared_views(..., me=)` and
`apply_theirs(..., me=)` take the user's name (config `name`), which peers know them by;
`from_ics(..., zone=)` places floating times (default UTC); a view of kind "foreign" stands
for an object mentorlog makes no record of, which the merge leaves as the server has it and
`apply_theirs` ignores; `Merged` has `.view` and `.conflicts`.

The transport, the state and the engine sit beside them (`dav`, `links`, `state`,
`engine`). icalendar is imported only inside the functions that build or read objects.
"""
