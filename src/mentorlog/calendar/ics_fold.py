"""Writing an .ics file's lines: icalendar's `to_ical`, with the folding done the short way.

icalendar folds every content line character by character, measuring each in UTF-8 (RFC 5545
lines are at most 75 octets): on an export of 10,000 meetings that was a quarter of the run.
Nearly every line is ASCII, where a character is an octet, and most are short, so `to_ical`
here folds those by slicing and leaves the rest to `_fold_plain`, icalendar's own rule as it
is. tests/test_export_fast_paths.py holds the result to icalendar's `to_ical` itself.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from icalendar import Component

LIMIT = 75  # a line reaches this many octets only by folding before it
FOLD = "\r\n "
# icalendar keeps an escape's backslash (TEXT) or caret (RFC 6868) with what it escapes.
_ESCAPES = "\\^"


def to_ical(component: Component) -> bytes:
    """What `component.to_ical(sorted=False)` gives."""
    lines = component.content_lines(sorted=False)
    return b"\r\n".join(fold(line).encode("utf-8") for line in lines if line) + b"\r\n"


def fold_lines(lines: list[str]) -> bytes:
    """Unfolded content lines as a file's bytes: each folded, CRLF after each (a short
    ASCII line, nearly every one, as it is without a call of `fold`)."""
    short = LIMIT - 1
    folded = [line if len(line) <= short and line.isascii() else fold(line) for line in lines]
    return ("\r\n".join(folded) + "\r\n").encode("utf-8")


def fold(line: str) -> str:
    """A content line folded as icalendar folds it (`_fold_plain`)."""
    if not line.isascii():
        return _fold_plain(line)
    width = LIMIT - 1
    if len(line) <= width:
        return line
    parts = []
    start = 0
    while len(line) - start > width:
        end = start + width
        if line[end - 1] in _ESCAPES:  # the escape goes on with what it escapes
            end -= 1
        parts.append(line[start:end])
        start = end
    parts.append(line[start:])
    return FOLD.join(parts)


def _fold_plain(line: str) -> str:
    """icalendar's folding (`icalendar.parser.string._foldline`): a new line, after a CRLF and
    a space, before the character that would bring a line to 75 octets; an escape's first
    character moves on with it."""
    folded: list[str] = []
    current: list[str] = []
    count = 0
    for char in line:
        size = len(char.encode("utf-8"))
        if current and count + size >= LIMIT:
            if len(current) > 1 and current[-1] in _ESCAPES:
                carried = current.pop()
                folded.append("".join(current))
                current = [carried]
                count = len(carried.encode("utf-8"))
            else:
                folded.append("".join(current))
                current = []
                count = 0
        current.append(char)
        count += size
    if current:
        folded.append("".join(current))
    return FOLD.join(folded)
