"""Read the human time input mentorlog accepts, and write it back in canonical form.

This is the only package that parses dates, instants, durations, cadences, recurrences, time
zones, working hours and working days. It is pure: it never prints, never reads the clock
(`now` and `today` are passed in), never reads the environment. Every bad string becomes a
`mentorlog.errors.InvalidInput` whose message is one sentence that quotes the value (through
`quote`, so huge or control-character-laden input stays short and harmless) and shows an
accepted example; no other exception escapes for any string input.

    zones       IANA zones and a wall time read in a zone
    zone_words  zones as typed: cities, a handle meaning a person's zone, abbreviations, offsets
    dates       dates and instants ('tomorrow 15:00', 'Dec 1', 'in 2 weeks', ISO 8601)
    durations   '45m', '1h30m', '90'
    hours       times of day, working hours and working days
    rules       RFC 5545 rules: the one RRULE reader, the Rule value and its writer
    recurrence  cadences and recurrences in words ('every 2 weeks') and typed RRULEs
    text        what they share: quoting, messages, day and month names

Importing the package loads none of these: each module is loaded when one of its names is
first asked for (PEP 562), and dateutil inside the functions that need it, because
`import mentorlog.timeparse` sits on the start-up path of every command, most of which
parse no date, rule or duration at all.
"""

from __future__ import annotations

from mentorlog.lazy import attributes

TYPE_CHECKING = False
if TYPE_CHECKING:
    from mentorlog.timeparse.dates import Prefer, parse_date, parse_when
    from mentorlog.timeparse.durations import format_duration, parse_duration
    from mentorlog.timeparse.hours import (
        format_days,
        format_hours,
        parse_clock,
        parse_days,
        parse_hours,
    )
    from mentorlog.timeparse.recurrence import Period, parse_period, parse_recurrence, with_limit
    from mentorlog.timeparse.text import WEEKDAYS, quote
    from mentorlog.timeparse.zone_words import read_zone, resolve_zone
    from mentorlog.timeparse.zones import get_zone, known_zone, localize

_WHERE = {
    "Prefer": "dates",
    "parse_date": "dates",
    "parse_when": "dates",
    "format_duration": "durations",
    "parse_duration": "durations",
    "format_days": "hours",
    "format_hours": "hours",
    "parse_clock": "hours",
    "parse_days": "hours",
    "parse_hours": "hours",
    "Period": "recurrence",
    "parse_period": "recurrence",
    "parse_recurrence": "recurrence",
    "with_limit": "recurrence",
    "WEEKDAYS": "text",
    "quote": "text",
    "read_zone": "zone_words",
    "resolve_zone": "zone_words",
    "get_zone": "zones",
    "known_zone": "zones",
    "localize": "zones",
}


__getattr__ = attributes(__name__, _WHERE)

__all__ = [
    "WEEKDAYS",
    "Period",
    "Prefer",
    "format_days",
    "format_duration",
    "format_hours",
    "get_zone",
    "known_zone",
    "localize",
    "parse_clock",
    "parse_date",
    "parse_days",
    "parse_duration",
    "parse_hours",
    "parse_period",
    "parse_recurrence",
    "parse_when",
    "quote",
    "read_zone",
    "resolve_zone",
    "with_limit",
]
