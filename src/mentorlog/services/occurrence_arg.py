"""The occurrence an --occurrence (or --from) names: a date alone or a date and time, both read
on your clock, as `meeting list` shows them, so that what the list shows can be typed back.

A Sydney meeting at 04:00 on Sunday 4 Oct shows in Berlin as Sat 3 Oct 18:00: '2026-10-03'
and '2026-10-03 18:00' both name it. When your clock names none, the meeting's own clock is
tried ('2026-10-04', '2026-10-04 04:00'), which is how the dates used to be read. A date
without a year is the nearest such date, before or after today: on 9 Dec 'Dec 22' is the
coming one (and `meeting done` answers that it has not happened yet).
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import Literal, TypeVar
from zoneinfo import ZoneInfo

from mentorlog import timeparse
from mentorlog.calendar import occurrences as occ
from mentorlog.calendar.occurrences import Occurrence
from mentorlog.errors import InvalidInput, NotFound
from mentorlog.model import Meeting

Prefer = Literal["future", "past"]
T = TypeVar("T")
_SPAN_END = re.compile(r"(?<=\d:\d\d)\s*-\s*\d{1,2}:\d\d\s*$", re.ASCII)


def find_occurrence(
    meeting: Meeting, when: str, *, now: datetime, prefer: Prefer = "future"
) -> Occurrence:
    """The occurrence named by `when` (see the module's docstring); `prefer` decides only
    between the next and the last of a weekday ('tue')."""
    user = now.tzinfo if isinstance(now.tzinfo, ZoneInfo) else ZoneInfo("UTC")
    zone = occ.meeting_zone(meeting)
    # 'Sat 3 Oct 19:00-19:45', pasted from `meeting list`: its start names it.
    when = _SPAN_END.sub("", when)
    try:
        moment = _instant(when, now, user, prefer)
    except InvalidInput:
        day = _day(when, now.astimezone(user).date(), prefer)
        return _only_on(meeting, day, when, user)
    found = occ.occurrence_at(meeting, moment)
    if found is None and zone != user:
        with contextlib.suppress(InvalidInput):  # e.g. that wall time is in a gap there
            found = occ.occurrence_at(meeting, _instant(when, now, zone, prefer))
    if found is None:
        raise NotFound(
            f"Meeting {meeting.id} has no occurrence at {_label(moment)}; see "
            f"`mentorlog meeting show {meeting.id}` for its dates."
        )
    return found


def _nearest(read: list[date], today: date, prefer: Prefer) -> date:
    """Of the next and the last reading, the nearest when they are a year apart (a date
    without a year); otherwise the one `prefer` asks for (a weekday)."""
    future, past = read
    if future != past and future.replace(year=past.year) == past:
        return min(read, key=lambda d: (abs(d - today), d < today))
    return future if prefer == "future" else past


def _both(read: Callable[[Prefer], T]) -> list[T]:
    """`read` with the next and with the last reading; when one of them fails (the weekday of
    'Sat 3 Oct' fits only one year), the other twice; when both fail, the first error."""
    found: list[T] = []
    error: InvalidInput | None = None
    for prefer in ("future", "past"):
        try:
            found.append(read(prefer))
        except InvalidInput as exc:
            error = error or exc
    if not found:
        assert error is not None
        raise error
    return found * 2 if len(found) == 1 else found


def _day(text: str, today: date, prefer: Prefer) -> date:
    read = _both(lambda p: timeparse.parse_date(text, today=today, prefer=p, what="occurrence"))
    return _nearest(read, today, prefer)


def _instant(text: str, now: datetime, tz: ZoneInfo, prefer: Prefer) -> datetime:
    read = _both(lambda p: timeparse.parse_when(text, now=now, tz=tz, prefer=p, what="occurrence"))
    today = now.astimezone(tz).date()
    days = [r.date() for r in read]
    return read[days.index(_nearest(days, today, prefer))]


def _only_on(meeting: Meeting, day: date, text: str, user: ZoneInfo) -> Occurrence:
    """The one occurrence that starts on `day` on your clock, else on the meeting's."""
    low = datetime.combine(day, time(), tzinfo=user)
    high = datetime.combine(day + timedelta(days=1), time(), tzinfo=user)
    found = occ.occurrences(meeting, low, high) or occ.occurrences_on(meeting, day)
    if not found:
        raise NotFound(
            f"Meeting {meeting.id} has no occurrence on {day:%a} {day.day} {day:%b %Y}; see "
            f"`mentorlog meeting show {meeting.id}` for its dates."
        )
    if len(found) > 1:
        raise InvalidInput(
            f"Meeting {meeting.id} meets more than once on {timeparse.quote(text)}; add the time, "
            "e.g. 'Dec 8 09:00'."
        )
    return found[0]


def _label(moment: datetime) -> str:
    return f"{moment:%a} {moment.day} {moment:%b %Y} {moment:%H:%M}"
