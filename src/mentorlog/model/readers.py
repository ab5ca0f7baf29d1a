"""The forgiving readers that `from_record` methods use, and how instants and wall times are
written: plain functions, without `dataclasses` (whose import takes milliseconds), so that
a view reading stored records itself (`services/goal_rows.py`) need not import the models.

`from_record` is forgiving: a field missing from a hand-edited journal takes its default,
and a value of the wrong type is read as well as it can be, rather than refusing the whole
journal.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime

from mentorlog.limits import date_in_range
from mentorlog.store import read_stamp, stamp

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, TypeVar

    _C = TypeVar("_C", bound=str)  # a Literal type of the values a field takes

Record = dict[str, "Any"]


# The readers below take the stored value as it is when it has the type wanted (nearly
# always): a dashboard reads fields of thousands of records.


def _str(record: Mapping[str, Any], key: str, default: str = "") -> str:
    value = record.get(key)
    if type(value) is str:
        return value
    return default if value is None else str(value)


def _choice(record: Mapping[str, Any], key: str, choices: tuple[_C, ...], default: _C) -> _C:
    """A field that holds one of `choices`; anything else (missing, or a hand edit) reads as
    `default`. A JSON value that is not a string never reads as one of them, so the value
    is compared as it is, not as `str` makes it: a dashboard asks this of every record."""
    value = record.get(key)
    return value if type(value) is str and value in choices else default


def _opt_choice(record: Mapping[str, Any], key: str, choices: tuple[_C, ...]) -> _C | None:
    """An optional field that holds one of `choices`; anything else reads as None."""
    value = record.get(key)
    return value if type(value) is str and value in choices else None


def _opt_str(record: Mapping[str, Any], key: str) -> str | None:
    value = record.get(key)
    if type(value) is str:
        return value or None
    return None if value is None or value == "" else str(value)


# Numbers a hand edit can put in a journal that JSON readers (and `--json`) can still take.
_LARGEST = 2**53


def _int(record: Mapping[str, Any], key: str, default: int = 0) -> int:
    value = _opt_int(record, key, lenient=True)
    return default if value is None else value


def _opt_int(record: Mapping[str, Any], key: str, *, lenient: bool = False) -> int | None:
    """An integer field; None when missing, unreadable or too large for JSON. `lenient`
    also reads true/false and numbers with a fraction ("12.5"), as a hand edit may leave."""
    value = record.get(key)
    if type(value) is int:  # not a bool
        return value if -_LARGEST < value < _LARGEST else None
    if value is None or (isinstance(value, bool) and not lenient):
        return None
    try:
        number = int(value)
    except (TypeError, ValueError, OverflowError):  # OverflowError: inf, 1e999
        if not lenient:
            return None
        try:
            number = int(float(str(value)))
        except (ValueError, OverflowError):
            return None
    return number if -_LARGEST < number < _LARGEST else None


def _rating(record: Mapping[str, Any], key: str = "rating") -> int | None:
    """A rating from 1 to 5; anything else a hand edit left reads as no rating."""
    value = _opt_int(record, key)
    return value if value is not None and 1 <= value <= 5 else None


def _bool(record: Mapping[str, Any], key: str) -> bool:
    """A flag; the words a person might write for false ("no", "false", "0") read as false."""
    value = record.get(key, False)
    if isinstance(value, str):
        return value.strip().lower() not in ("", "0", "no", "false", "off", "none", "null")
    return bool(value)


def _str_list(record: Mapping[str, Any], key: str) -> list[str]:
    value = record.get(key)
    if type(value) is list:
        return [item if type(item) is str else str(item) for item in value if item is not None]
    if value is None:
        return []
    if isinstance(value, str):
        return [value] if value else []
    if isinstance(value, (list, tuple)):  # a tuple: `list | tuple` is built on every call
        return [str(item) for item in value if item is not None]
    return [str(value)]


def _opt_date(record: Mapping[str, Any], key: str) -> date | None:
    value = record.get(key)
    if not isinstance(value, str):
        return None
    try:
        day = date.fromisoformat(value[:10])
    except ValueError:
        return None
    return day if date_in_range(day) else None


def _opt_instant(record: Mapping[str, Any], key: str) -> datetime | None:
    """A stored instant, aware, as the store reads its stamps (`store.read_stamp`): None
    when missing or unreadable; one without an offset, from a hand edit, is taken as UTC."""
    return read_stamp(record.get(key))


def instant_text(moment: datetime | None) -> str | None:
    """How an instant is written (`store.stamp`): ISO 8601 to the second, with its offset."""
    return None if moment is None else stamp(moment)


def _opt_wall(record: Mapping[str, Any], key: str) -> datetime | None:
    value = record.get(key)
    return _wall(value) if isinstance(value, str) else None


def read_wall(value: str) -> datetime | None:
    """A stored wall time ("2026-12-01T09:00:00"), naive; an offset, if present, is dropped.
    None when it is not one, or its year is outside those mentorlog takes (`limits`)."""
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    if not date_in_range(moment):
        return None  # a hand edit or an old import: zone and rule arithmetic would overflow
    return moment if moment.tzinfo is None else moment.replace(tzinfo=None)


_wall = read_wall


def wall_text(moment: datetime) -> str:
    """How a wall time is stored: ISO 8601 to the second, without an offset."""
    naive = moment if moment.tzinfo is None else moment.replace(tzinfo=None)
    return naive.isoformat(timespec="seconds")
