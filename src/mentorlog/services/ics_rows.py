"""A meeting (and a talking point) as `export ics` reads it, built the short way from the
usual record.

`Meeting.from_record` reads every field through the model's lenient readers, which take
whatever a hand edit left; at 100,000 records its 10,000 meetings were a sixth of the
export. A record mentorlog wrote itself holds each field in the one type the model keeps
(a string, a list of strings, an integer in range), and is built here from its fields as
they are. Any other record, and any field off that shape, is left to the model (None).
As `services.ics.exported_meetings` reads them, neither reads the occurrences marked held
nor the created stamp, which no exported event says.

tests/test_ics_rows.py holds what this builds to what the model builds, over usual and
hand-edited records (hypothesis); a talking point also to `services.journal_rows`' own.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from mentorlog.model import CHANNELS, MAX_MINUTES, MEETING_STATUSES, Meeting
from mentorlog.model.readers import read_wall
from mentorlog.services.topic_rows import usual_topic
from mentorlog.store import read_stamp

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

__all__ = ["usual_meeting", "usual_topic"]

_LARGEST = 2**53  # as `model.base` reads an integer field
# Optional text: None or a non-empty string (the model reads "" as None).
_TEXTS = ("rrule", "link", "place", "notes", "agenda", "agenda_for", "follows", "uid")


def usual_meeting(record: Mapping[str, Any]) -> Meeting | None:
    """`Meeting.from_record(record)` without its held occurrences and created stamp, for a
    record of the usual shape; None for any other."""
    get = record.get
    title, people, tz, duration = get("title"), get("people"), get("tz"), get("duration")
    start, exdates, key, sequence = get("start"), get("exdates"), get("id"), get("sequence")
    status, channel, rating, overrides = (
        get("status"),
        get("channel"),
        get("rating"),
        get("overrides"),
    )
    if not (
        type(title) is str
        and type(tz) is str
        and type(start) is str
        and type(people) is list
        and type(exdates) is list
        and type(duration) is int
        and 1 <= duration <= MAX_MINUTES
        and type(key) is int
        and -_LARGEST < key < _LARGEST
        and type(sequence) is int
        and 0 <= sequence < _LARGEST
        and type(status) is str
        and status in MEETING_STATUSES
        and (channel is None or (type(channel) is str and channel in CHANNELS))
        and (rating is None or (type(rating) is int and 1 <= rating <= 5))
        and (overrides is None or overrides == [])
        and all(type(person) is str for person in people)
        and all(type(day) is str for day in exdates)
    ):
        return None
    texts = [get(name) for name in _TEXTS]
    if not all(text is None or (type(text) is str and text) for text in texts):
        return None
    wall = read_wall(start)
    if wall is None:
        return None
    walls: list[datetime] = []
    for day in exdates:
        moment = read_wall(day)
        if moment is None:
            return None
        walls.append(moment)
    rrule, link, place, notes, agenda, agenda_for, follows, uid = texts
    return Meeting(
        title=title,
        people=list(people),
        start=wall,
        tz=tz,
        duration=duration,
        rrule=rrule,
        exdates=walls,
        channel=channel,
        link=link,
        place=place,
        status=status,
        sequence=sequence,
        notes=notes,
        agenda=agenda,
        agenda_for=agenda_for,
        rating=rating,
        held=[],
        overrides=[],
        follows=follows,
        id=key,
        uid=uid,
        created=None,
        updated=read_stamp(get("updated")),
    )
