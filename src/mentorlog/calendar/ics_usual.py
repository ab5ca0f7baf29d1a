"""A usual meeting's VEVENT written in one function: the short way of `ics_text.meeting_lines`.

`meeting_lines` writes an event through a dozen small helpers (the dates, the end, the
place, the description and each of its clocks, the reminder), each called once or more a
meeting: at 10,000 records their calls and the lists between them were most of writing the
events. `UsualWriter.lines` writes the same lines in one pass, with what every event of an
export says alike (DTSTAMP, the reminder's lines, each zone's TZID prefixes) made once an
export. It takes a meeting in a zone with a TZID (not one kept in UTC); the rest, and an
export with attendees, go the way they went (`ics_text.meeting_lines`, else the plain way).

tests/test_ics_usual.py holds its lines to `meeting_lines` over generated meetings
(hypothesis: zones with clock changes, rules with UNTIL and COUNT, exdates, moves, talking
points, cancelled ones), and tests/test_export_fast_paths.py the whole file to the plain way.
"""

from __future__ import annotations

from datetime import UTC, timedelta

from mentorlog.calendar import ics_values, tzif
from mentorlog.calendar.describe import describe
from mentorlog.calendar.ics_components import _DAY_ABBRS, _plain, _reads_back, _text
from mentorlog.calendar.ics_text import _digits, _rule, _tzid, escape
from mentorlog.timeparse.text import MONTH_ABBRS

TYPE_CHECKING = False
if TYPE_CHECKING:
    from mentorlog.calendar.ics_components import Common, Plan
    from mentorlog.calendar.ics_text import Shared

__all__ = ["UsualWriter"]

_NEAR = timedelta(days=2)
_NEXT = "Next meeting on each clock (later ones follow each zone's daylight saving):"
_FIRST = "First" + _NEXT[4:]


class UsualWriter:
    """Writes the VEVENT of a meeting in a zone with a TZID, for one export (no attendees)."""

    __slots__ = ("_alarm", "_clocks", "_common", "_prefixes", "_stamp", "_topics", "_year")

    def __init__(self, common: Common, shared: Shared) -> None:
        self._common = common
        self._stamp = f"DTSTAMP:{shared.stamp}"
        # The reminder's lines but its DESCRIPTION (the title): TRIGGER and the end.
        self._alarm = None if common.alarm is None else [f"TRIGGER:{shared.trigger}", "END:VALARM"]
        self._year = common.now.year
        self._prefixes: dict[str, tuple[str, str, str]] = {}
        self._clocks = common.clock_of
        self._topics = common.topics

    def _prefix(self, tz: str) -> tuple[str, str, str]:
        """'DTSTART;TZID=...:', 'DTEND;TZID=...:' and 'EXDATE;TZID=...:' for a zone."""
        found = self._prefixes.get(tz)
        if found is None:
            found = self._prefixes[tz] = (
                f"{_tzid('DTSTART', tz)}:",
                f"{_tzid('DTEND', tz)}:",
                f"{_tzid('EXDATE', tz)}:",
            )
        return found

    def lines(self, plan: Plan) -> list[str]:
        """The lines `ics_text.meeting_lines` gives for this plan (not one kept in UTC)."""
        meeting, first, zone = plan.meeting, plan.first, plan.zone
        start_at, end_at, exdate_at = self._prefix(meeting.tz)
        start = first.start
        out = [
            "BEGIN:VEVENT",
            f"UID:{escape(meeting.uid or f'mentorlog-meeting-{meeting.id}')}",
            self._stamp,
            start_at + _digits(start),
        ]
        end = first.end
        # As `ics_text._end`: a plain DTEND where the zone is calm around the meeting.
        low, high = first.start_utc, end.astimezone(UTC)  # `end_utc` is asked nowhere else
        if tzif.calm(zone.key, low - _NEAR, high + _NEAR) or (
            _plain(start, zone) and _reads_back(end, zone)
        ):
            out.append(end_at + _digits(end.astimezone(zone)))
        else:
            out.append(f"DURATION:{ics_values.duration(high - low)}")
        recurring = meeting.rrule is not None
        if recurring:
            out.append(f"RRULE:{_rule(plan)}")
            if meeting.exdates:
                exdates = sorted(set(meeting.exdates))
                out.append(exdate_at + ",".join([_digits(wall) for wall in exdates]))
        out.append(f"SEQUENCE:{meeting.sequence}")
        if meeting.follows:
            out.append(f"RELATED-TO:{escape(meeting.follows)}")
        title = _text(meeting.title)
        out.append(f"SUMMARY:{escape(title)}")
        place, link = meeting.place, meeting.link
        if place or link:
            out.append(f"LOCATION:{escape(_text(place or link or ''))}")
        if link:
            out.append(f"URL:{link}")
        cancelled = meeting.status == "cancelled"
        out += [
            "STATUS:CANCELLED" if cancelled else "STATUS:CONFIRMED",
            "CATEGORIES:mentorlog,meeting",
            f"DESCRIPTION:{escape(self._description(plan, recurring))}",
        ]
        modified = meeting.updated
        if modified is not None:
            out.append(f"LAST-MODIFIED:{_digits(modified.astimezone(UTC))}Z")
        if self._alarm is not None and not cancelled:
            out += ["BEGIN:VALARM", "ACTION:DISPLAY", f"DESCRIPTION:{escape(title)}"]
            out += self._alarm
        out.append("END:VEVENT")
        return out

    def _description(self, plan: Plan, recurring: bool) -> str:
        """As `ics_components._description` writes it."""
        meeting, upcoming = plan.meeting, plan.upcoming
        if recurring:
            schedule = describe(meeting)
            lines = [
                schedule[:1].upper() + schedule[1:] + ".",
                _NEXT if upcoming else _FIRST,
            ]
        else:
            lines = ["On each clock:"]
        moment = (upcoming or plan.first).start
        clocks, people = self._clocks, self._common.people
        for handle in (None, *meeting.people):
            if handle is not None and handle not in people:
                continue
            label, zone = clocks(handle)
            local = moment.astimezone(zone)
            year = "" if local.year == self._year else f" {local.year}"
            lines.append(
                f"{label}{_DAY_ABBRS[local.weekday()]} {local.day} "
                f"{MONTH_ABBRS[local.month - 1]}{year} {local.hour:02d}:{local.minute:02d}"
            )
        if meeting.channel:
            lines.append(f"Channel: {meeting.channel}")
        if meeting.link:
            lines.append(f"Link: {_text(meeting.link)}")
        if upcoming is not None:
            topics = self._topics
            points = [t for h in meeting.people for t in topics.get(h, ())]
            if points:
                lines.append("Talking points:")
                lines += [f"- {_text(' '.join(t.text.split()))}" for t in points]
        return "\n".join(lines)
