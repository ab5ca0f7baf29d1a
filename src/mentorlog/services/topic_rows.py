"""A usual talking point built straight from its stored fields, for the exports' short ways
(`services.journal_rows` for `export md`, `services.ics_rows` for `export ics`): one module
of its own, so that an export of the calendar does not load journal_rows and with it the
models of action items, feedback and notes. tests/test_ics_rows.py holds it to the model.
"""

from __future__ import annotations

from collections.abc import Mapping

from mentorlog.model import TOPIC_STATUSES, Topic

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

_LARGEST = 2**53  # as `model.base` reads an integer field


def usual_topic(record: Mapping[str, Any]) -> Topic | None:
    """A usual talking point built from its fields, without its stamps (neither export shows
    them); None for any other record (then its model reads it)."""
    get = record.get
    text, person, status, key, uid = (get(k) for k in ("text", "person", "status", "id", "uid"))
    if not (
        type(text) is str
        and type(person) is str
        and type(key) is int
        and -_LARGEST < key < _LARGEST
        and (uid is None or type(uid) is str)
    ):
        return None
    return Topic(
        text=text,
        person=person,
        status=status if type(status) is str and status in TOPIC_STATUSES else "open",
        id=key,
        uid=uid or None,
    )
