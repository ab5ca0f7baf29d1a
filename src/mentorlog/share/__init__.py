"""Sharing a relationship with the other person over a CalDAV calendar collection.

Services level, like `sync`. The pure half (no network, no files):

- `shape`: what a *view* is (one shared thing as the server sees it, a JSON-able dict) and
  the small helpers every module here uses on one.
- `views`: which records are shared with a person (`shared_views`), and the iCalendar form
  of a view both ways (`to_ics`, written by `ics_write`; `from_ics`, read by `ics_read`).
- `merge`: the three-way merge of one view: base (last agreed), ours, theirs.
- `apply` (+ `apply_meeting`, `uids`): a change the other side made, brought into the
  journal through the services.

The transport, the state and the engine sit beside them (`dav`, `links`, `state`,
`engine`). icalendar is imported only inside the functions that build or read objects.
"""
