"""RFC 5545 recurrence rules (RRULE): the one reader of their text, the one value they are
read into, and the writer back to text.

Every rule mentorlog meets goes through `read_rule`: a recurrence typed by a person (through
`timeparse.parse_recurrence`, which checks it strictly on top), the rule a meeting stores
(expanded by `calendar.occurrences`) and the RRULE of an imported .ics file
(`calendar.ics_events`). What each caller accepts beyond the shape read here is its own
choice: a typed rule must use RFC 5545 parts only, while a stored one goes to dateutil as it
is (dateutil also follows BYEASTER).

A `Rule` keeps its parts as they are written, upper-cased, in their order, and `str(rule)`
writes them back so: a hand edit can store a value such as INTERVAL=² that no calendar
follows, and `meeting show` still prints the rule as it is. The typed views (`interval`,
`count`, `until`) read the values, saying None where a value is not in its plain form.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping, Sequence
from datetime import UTC, date, datetime, time, tzinfo

__all__ = [
    "MEETING_FREQS",
    "RRULE_DAYS",
    "RULE_KEYS",
    "TOO_FREQUENT",
    "Rule",
    "number",
    "read_rule",
    "read_until",
    "rule_and_until",
    "until_instant",
    "until_text",
]

RRULE_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
# RFC 5545 rule parts; dateutil also knows BYEASTER, which calendar apps do not.
_RULE_KEY_NAMES = (
    "FREQ UNTIL COUNT INTERVAL BYSECOND BYMINUTE BYHOUR BYDAY BYMONTHDAY BYYEARDAY BYWEEKNO "
    "BYMONTH BYSETPOS WKST"
)
RULE_KEYS = frozenset(_RULE_KEY_NAMES.split())
MEETING_FREQS = ("DAILY", "WEEKLY", "MONTHLY", "YEARLY")
TOO_FREQUENT = ("HOURLY", "MINUTELY", "SECONDLY")


class Rule(Mapping[str, str]):
    """A recurrence rule: its KEY=VALUE parts, upper-case, in the order written, each key
    once and FREQ among them. A read-only mapping of key to value, equal to another rule
    only with the same parts in the same order (their text is then the same too).

    A class written out rather than a frozen dataclass, which would cost 0.6 ms to create
    at import on every command that shows a meeting.
    """

    __slots__ = ("parts",)
    parts: tuple[tuple[str, str], ...]

    def __init__(self, parts: tuple[tuple[str, str], ...]) -> None:
        keys = [key for key, _ in parts]
        well_formed = all(_is_part(key, value) for key, value in parts)
        if not well_formed or "FREQ" not in keys or len(set(keys)) != len(keys):
            raise ValueError(f"not a recurrence rule: {parts!r}")
        object.__setattr__(self, "parts", tuple(parts))

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"a Rule cannot be changed (not even its {name!r})")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Rule):
            return NotImplemented
        return self.parts == other.parts

    def __hash__(self) -> int:
        return hash(self.parts)

    def __repr__(self) -> str:
        return f"Rule({self.parts!r})"

    def __getitem__(self, key: str) -> str:
        for name, value in self.parts:
            if name == key:
                return value
        raise KeyError(key)

    def __iter__(self) -> Iterator[str]:
        return (key for key, _ in self.parts)

    def __len__(self) -> int:
        return len(self.parts)

    def __str__(self) -> str:
        """The rule's text, its parts in order: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=TU'."""
        return ";".join(f"{key}={value}" for key, value in self.parts)

    @property
    def freq(self) -> str:
        return self["FREQ"]

    @property
    def interval(self) -> int | None:
        """INTERVAL as a number, 1 when not given; None when it is not a plain number."""
        return number(self.get("INTERVAL", "1"))

    @property
    def count(self) -> int | None:
        """COUNT as a number; None when not given or not a plain number."""
        text = self.get("COUNT")
        return None if text is None else number(text)

    @property
    def until(self) -> datetime | None:
        """UNTIL as `read_until` reads it; None when not given or unreadable."""
        text = self.get("UNTIL")
        return None if text is None else read_until(text)

    def without(self, *keys: str) -> Rule:
        """The rule without the parts named (never FREQ)."""
        return Rule(tuple(part for part in self.parts if part[0] not in keys))

    def with_part(self, key: str, value: str) -> Rule:
        """The rule with `key` set to `value`: in its place if the rule has it, else last."""
        if key in self:
            return Rule(tuple((name, value if name == key else old) for name, old in self.parts))
        return Rule((*self.parts, (key, value)))

    def ordered(self, first: Sequence[str] = (), last: Sequence[str] = ()) -> Rule:
        """The same parts with those named in `first` at the start and those in `last` at
        the end, in the order named; the others keep their order between them."""
        head = [(key, self[key]) for key in first if key in self]
        tail = [(key, self[key]) for key in last if key in self]
        rest = [part for part in self.parts if part[0] not in (*first, *last)]
        return Rule((*head, *rest, *tail))


def _is_part(key: str, value: str) -> bool:
    return bool(key and value) and not any(c in key + value for c in ";=") and key == key.upper()


# A rule is read again for each question about its meeting, and a Rule cannot change: an
# export of 10,000 meetings read each stored rule twice or more.
@functools.lru_cache(maxsize=8192)
def read_rule(text: str) -> Rule | None:
    """The rule an RRULE's text holds, or None when it is not one: KEY=VALUE parts split by
    ';', with FREQ and each key once. Case, whitespace anywhere, an 'RRULE:' before it and
    empty parts (';;') are left out, as calendar apps write rules in all of these ways.

    Only the shape is read here: whether the keys and values mean anything is for the
    caller to check (or dateutil's, when the rule is expanded).
    """
    body = "".join(text.split()).upper().removeprefix("RRULE:")
    parts: dict[str, str] = {}
    for part in body.split(";"):
        if not part:
            continue
        key, sep, value = part.partition("=")
        if not (key and sep and value) or "=" in value or key in parts:
            return None
        parts[key] = value
    return Rule(tuple(parts.items())) if "FREQ" in parts else None


def number(text: str) -> int | None:
    """A plain number, ASCII digits only ('2', '03'); None for anything else ('²', '-1')."""
    return int(text) if text.isascii() and text.isdigit() else None


def read_until(value: str) -> datetime | None:
    """UNTIL as an aware UTC instant ('...Z'), or a naive wall time (floating, or the last
    second of a date); None when it is none of these."""
    try:
        if len(value) == 8 and value.isdigit():
            day = date(int(value[:4]), int(value[4:6]), int(value[6:]))
            return datetime.combine(day, time(23, 59, 59))
        if len(value) in (15, 16) and value[8] == "T":
            digits = value[:8] + value[9:15]
            if not (digits.isascii() and digits.isdigit()):
                return None
            if len(value) == 16 and value[15] != "Z":
                return None
            # ISO 8601's basic format, which fromisoformat reads since Python 3.11 (strptime
            # would import _strptime, 4 ms, on every dashboard; by hand it took 4 µs a rule).
            return datetime.fromisoformat(value)
    except ValueError:
        return None
    return None


def until_instant(until: datetime, zone: tzinfo) -> datetime:
    """An UNTIL that `read_until` read, as a UTC instant: a floating one (or a date) is a
    wall time in `zone`, read as RFC 5545 reads one (fold=0). OverflowError past the ends
    of time."""
    if until.tzinfo is None:
        until = until.replace(tzinfo=zone, fold=0)
    return until.astimezone(UTC)


def until_text(moment: datetime) -> str:
    """An UNTIL value: an aware instant in UTC ('20270101T080000Z'), a naive wall time
    floating ('20270101T080000'). The year has four digits, as RFC 5545 wants, before 1000
    too (strftime's %Y does not pad it everywhere)."""
    suffix = ""
    if moment.tzinfo is not None:
        moment, suffix = moment.astimezone(UTC), "Z"
    return f"{moment.year:04d}{moment.month:02d}{moment.day:02d}T{moment:%H%M%S}{suffix}"


@functools.lru_cache(maxsize=4096)
def rule_and_until(text: str) -> tuple[Rule, datetime | None] | None:
    """The rule in `text` without its UNTIL, and that UNTIL read (None: none); None when not
    a rule or the UNTIL is unreadable. Once per text (a journal's meetings share a few)."""
    read = read_rule(text)
    until_text = None if read is None else read.get("UNTIL")
    until = None if until_text is None else read_until(until_text)
    if read is None or (until_text is not None and until is None):
        return None
    return read.without("UNTIL"), until
