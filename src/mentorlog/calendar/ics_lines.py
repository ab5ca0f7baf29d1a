"""Reading an .ics file, first step: the text checked line by line before icalendar sees it.

A damaged file is named by its line ("line 12 ends VEVENT, but VALARM (begun on line 9) is
still open"), which icalendar cannot say. The pre-parser also keeps, for each top-level
event, the raw text of the properties icalendar does not keep verbatim (DTSTART, RRULE), so
a malformed one can be told from a missing one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from mentorlog.errors import InvalidInput
from mentorlog.timeparse import quote

__all__ = [
    "LIBRARY_ERRORS",
    "MAX_DEPTH",
    "Outline",
    "RawEvent",
    "cannot_read",
    "cut",
    "decode",
    "outline",
    "reduced",
]

MAX_DEPTH = 8  # VCALENDAR > VEVENT > VALARM is 3; anything past 8 is damage or an attack
# NAME, then ;PARAM=VALUE parts (a value may be quoted, holding ':' and ';'), then ':'.
_CONTENT_LINE = re.compile(r'([A-Za-z0-9-]+)(?:;(?:[^":;]|"[^"]*")*)*:')
_DAMAGED = "the file is damaged, so export or download it again"
_NOT_ICS = "is it an .ics file?"
# What icalendar and dateutil raise for malformed input (icalendar's own errors are
# ValueErrors); anything of these becomes one InvalidInput sentence.
LIBRARY_ERRORS = (
    ValueError,
    TypeError,
    LookupError,
    AttributeError,
    ArithmeticError,
    RecursionError,
    UnicodeError,
)


def cannot_read(source: str, problem: str, fix: str = _NOT_ICS) -> InvalidInput:
    """The refusal of a file that is not iCalendar: what is wrong, and what to do."""
    return InvalidInput(f"Cannot read {source} as iCalendar: {problem}; {fix}")


def cut(exc: BaseException) -> str:
    """A library's error message on one line of at most 80 characters, for a refusal; one
    that speaks of its own internals ("'list' object has no attribute 'strip'", "unsupported
    RDATE parm") is said in words a user can act on instead."""
    text = " ".join(str(exc).split())
    if not isinstance(exc, ValueError) or not text or _INTERNALS.search(text):
        return "a property it cannot read, or one given twice where once is allowed"
    return text if len(text) <= 80 else text[:79] + "\u2026"


_INTERNALS = re.compile(
    r"object|attribute|parm\b|not supported between|instance|argument|NoneType|\w+Error",
    re.IGNORECASE,
)


def decode(data: bytes, source: str) -> str:
    """The file's text (UTF-8, a BOM left out); refused when empty, binary or not UTF-8."""
    if not data.strip():
        raise cannot_read(source, "the file is empty", "export the calendar again.")
    if b"\x00" in data:
        raise cannot_read(source, "it is binary data, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise cannot_read(
            source, f"line {line} is not UTF-8 text (it has the byte 0x{data[exc.start]:02x})"
        ) from exc


@dataclass
class RawEvent:
    """A top-level VEVENT as written: where it begins (for messages: "its event on line
    12"), and the raw text of the properties icalendar does not keep verbatim."""

    line: int
    props: dict[str, list[str]] = field(default_factory=dict)


_RAW_PROPERTIES = frozenset({"DTSTART", "RRULE"})


@dataclass
class Outline:
    """The file's top-level events, as the pre-parser found them; and the physical lines
    [start, end) (0-based) of what the mapping never reads (`_UNREAD`), for `reduced`."""

    events: list[RawEvent] = field(default_factory=list)
    unread: list[tuple[int, int]] = field(default_factory=list)


# What the mapping of events to meetings never reads, and icalendar cannot fail to parse:
# an event's description without parameters (the longest text in most files: a TEXT value
# is only unescaped), its stamps written in the one form RFC 5545 gives them, and its
# reminders made only of such lines (a malformed TRIGGER refuses the whole file: a reminder
# with anything else is left in, for icalendar to judge as before).
_UNREAD = re.compile(r"DESCRIPTION:.*|(?:DTSTAMP|LAST-MODIFIED):\d{8}T\d{6}Z", re.DOTALL)
_PLAIN_ALARM = re.compile(
    r"ACTION:[A-Za-z-]+|(?:DESCRIPTION|SUMMARY):.*|TRIGGER:[-+]?P(?:\d+W|\d+D(?:T(?:\d+H)?"
    r"(?:\d+M)?(?:\d+S)?)?|T(?:\d+H(?:\d+M)?(?:\d+S)?|\d+M(?:\d+S)?|\d+S))",
    re.DOTALL,
)


def reduced(text: str, shape: Outline) -> str:
    """The file without what `shape` found unread, for icalendar to parse: the same events
    for every property the mapping reads (tests/test_ics_import_fidelity.py holds the
    mapping of the reduced text to the whole one's). A file with blank lines or lone
    carriage returns, where line folding is read in more ways than one, is left whole."""
    if not shape.unread or "\r\n\r\n" in text or "\n\n" in text:
        return text
    lines = text.split("\r\n") if "\r\n" in text else text.split("\n")
    if any("\r" in line or "\n" in line for line in lines):
        return text
    keep = [True] * len(lines)
    for start, end in shape.unread:
        keep[start:end] = [False] * (end - start)
    return "\r\n".join(line for line, kept in zip(lines, keep, strict=True) if kept)


def _logical_lines(text: str) -> Iterator[tuple[int, str, int]]:
    """(first physical line number, unfolded line, the number after its last physical line)
    for every non-blank content line."""
    parts: list[str] = []
    start = 0
    number = 0
    for number, line in enumerate(re.split(r"\r\n|\n|\r", text), start=1):
        if line[:1] in (" ", "\t") and parts:
            parts.append(line[1:])  # joined once: a long folded value stays linear
            continue
        if parts and (joined := "".join(parts)).strip():
            yield start, joined, number
        parts, start = [line], number
    if parts and (joined := "".join(parts)).strip():
        yield start, joined, number + 1


def outline(text: str, source: str) -> Outline:
    """Check the file's shape line by line, so a damaged file is named by its line."""
    found = Outline()
    stack: list[tuple[str, int]] = []
    seen_calendar = False
    alarm: list[int] = []  # where a reminder of a top-level event began, while all plain
    for number, line, after in _logical_lines(text):
        if not seen_calendar and line.strip().upper() != "BEGIN:VCALENDAR":
            raise cannot_read(
                source, f"it does not start with BEGIN:VCALENDAR (line {number} is {quote(line)})"
            )
        seen_calendar = True
        name, value = _split_line(line)
        if name is None:
            raise cannot_read(
                source, f"line {number} is not an iCalendar line ({quote(line)})", _damaged()
            )
        if name == "BEGIN":
            component = value.strip().upper()
            if not stack and component != "VCALENDAR":
                raise _outside(source, number, line)
            if len(stack) >= MAX_DEPTH:
                raise cannot_read(
                    source, f"line {number} nests components {len(stack) + 1} deep", _damaged()
                )
            if component == "VEVENT" and len(stack) == 1:
                found.events.append(RawEvent(number))
            plain = line == "BEGIN:VALARM" and _in_event(stack)
            alarm = [number - 1] if plain else []
            stack.append((component, number))
        elif name == "END":
            component = value.strip().upper()
            if not stack:
                raise _outside(source, number, line)
            if stack[-1][0] != component:
                raise cannot_read(
                    source,
                    f"line {number} ends {_kind(component)}, but {_kind(stack[-1][0])} (begun "
                    f"on line {stack[-1][1]}) is still open",
                    _damaged(),
                )
            stack.pop()
            if alarm and line == "END:VALARM":
                found.unread.append((alarm[0], after - 1))
            alarm = []
        elif not stack:
            raise _outside(source, number, line)
        elif name in _RAW_PROPERTIES and len(stack) == 2 and stack[-1][0] == "VEVENT":
            found.events[-1].props.setdefault(name, []).append(value)
        elif _in_event(stack) and _UNREAD.fullmatch(line):
            found.unread.append((number - 1, after - 1))
        elif alarm and _PLAIN_ALARM.fullmatch(line) is None:
            alarm = []  # not a plain reminder: icalendar reads it
    if stack:
        open_name, begun = stack[-1]
        raise cannot_read(
            source,
            f"it ends inside {_kind(open_name)} (begun on line {begun}) without END:VCALENDAR",
            "the file looks cut short, so export or download it again.",
        )
    return found


def _in_event(stack: list[tuple[str, int]]) -> bool:
    """Whether the component being read sits right in a top-level event."""
    return len(stack) == 2 and stack[-1][0] == "VEVENT"


def _kind(component: str) -> str:
    """A component's name for a message: VEVENT as it is, anything odd quoted."""
    return component if re.fullmatch(r"[A-Z][A-Z0-9-]{0,29}", component) else quote(component)


def _damaged() -> str:
    return _DAMAGED + "."


def _outside(source: str, number: int, line: str) -> InvalidInput:
    return cannot_read(
        source, f"line {number} is outside BEGIN:VCALENDAR … END:VCALENDAR ({quote(line)})"
    )


def _split_line(line: str) -> tuple[str | None, str]:
    """(upper-cased name, value) of a content line, or (None, "") when it is not one.

    Parameter values may be quoted and hold ':' and ';' (CN="Chen, Alice"), so the value
    starts at the first colon outside quotes.
    """
    match = _CONTENT_LINE.match(line)
    if match is None:
        return None, ""
    return match.group(1).upper(), line[match.end() :]
