"""Durations: '45m', '1h30m', '1.5h', '90' (minutes), and their canonical form back."""

from __future__ import annotations

from datetime import timedelta

from mentorlog.errors import InvalidInput
from mentorlog.timeparse.text import Pattern, cannot, normalize, quote

_DURATION_EXAMPLES = "45m, 1h or 1h30m"

_DURATION_UNITS: dict[str, tuple[str, int]] = {
    **dict.fromkeys(("w", "wk", "wks", "week", "weeks"), ("w", 7 * 24 * 60)),
    **dict.fromkeys(("d", "day", "days"), ("d", 24 * 60)),
    **dict.fromkeys(("h", "hr", "hrs", "hour", "hours"), ("h", 60)),
    **dict.fromkeys(("m", "min", "mins", "minute", "minutes"), ("m", 1)),
}
_DURATION_ORDER = "wdhm"
_DURATION_PART = Pattern(r"(\d{1,6}(?:\.\d{1,6})?)\s*([a-z]+)\s*")
_BARE_MINUTES = Pattern(r"\d{1,6}(?:\.\d{1,6})?")


_MILLION = 1_000_000


def _millionths(number: str) -> int:
    """'1.5' -> 1_500_000: exact fixed-point, so '0.1h' is exactly 6 minutes."""
    whole, _, part = number.partition(".")
    return int(whole) * _MILLION + int(part.ljust(6, "0") or 0)


def _duration_millionths(normal: str) -> int | None:
    """Millionths of a minute in '1h30m', '1.5h', '90'; units largest first, once each."""
    if _BARE_MINUTES.fullmatch(normal):
        return _millionths(normal)
    total, position, last_rank = 0, 0, -1
    while position < len(normal):
        match = _DURATION_PART.match(normal, position)
        if match is None or match[2] not in _DURATION_UNITS:
            return None
        letter, minutes = _DURATION_UNITS[match[2]]
        rank = _DURATION_ORDER.index(letter)
        if rank <= last_rank:
            return None
        total += _millionths(match[1]) * minutes
        position, last_rank = match.end(), rank
    return total if position else None


def parse_duration(text: str, *, what: str = "duration") -> timedelta:
    """A positive whole number of minutes: '45m', '1h30m', '1.5h', '2d', '1w', or '90'."""
    normal = normalize(text)
    amount = None if normal is None else _duration_millionths(normal)
    if amount is None:
        raise cannot(text, what, _DURATION_EXAMPLES)
    if amount <= 0:
        raise InvalidInput(f"{quote(text)} is not a positive {what}; write it like 45m or 1h.")
    minutes, rest = divmod(amount, _MILLION)
    if rest:
        raise InvalidInput(
            f"{quote(text)} is not a whole number of minutes; write it like 45m, 1h or 1h30m."
        )
    return timedelta(minutes=minutes)


def format_duration(delta: timedelta) -> str:
    """'45m', '1h30m', '2d', '1w2d': the inverse of parse_duration, rounded to the minute."""
    microseconds = delta // timedelta(microseconds=1)
    minutes = (abs(microseconds) + 30_000_000) // 60_000_000
    if minutes == 0:
        return "0m"
    parts = []
    for letter, size in (("w", 7 * 24 * 60), ("d", 24 * 60), ("h", 60), ("m", 1)):
        count, minutes = divmod(minutes, size)
        if count:
            parts.append(f"{count}{letter}")
    return ("-" if microseconds < 0 else "") + "".join(parts)
