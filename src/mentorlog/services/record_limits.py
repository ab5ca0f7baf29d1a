"""Whether a record brought in from a file keeps within `limits`: its ids, text lengths,
dates, link and email. `import json` asks it of every record; anything that later brings
records from elsewhere (sync, share) asks the same, so that no later command can be made to
crash, hang or fill the memory by what came in.

`check_record(kind, record)` says what is wrong in words a refusal can quote ("its title is
600 characters long (at most 500)"), or None; the caller names the file and the record.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

from mentorlog import limits
from mentorlog.kinds import BY_TABLE, Kind

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

# Fields that hold a title, a name or a word: IMPORTED_SHORT_TEXT. Any other text field is
# a body (IMPORTED_LONG_TEXT); a saved agenda may be longer (IMPORTED_AGENDA_TEXT).
SHORT_FIELDS = frozenset(
    {"title", "name", "handle", "tz", "channel", "cadence", "hours", "days", "role", "status",
     "direction", "event", "source", "tags", "people", "person", "owner", "uid", "follows"}
)  # fmt: skip
LONGER_FIELDS = {"agenda": limits.IMPORTED_AGENDA_TEXT}
# Fields that hold a date or a time, at any depth (a goal's history, a meeting's overrides).
DATE_FIELDS = frozenset(
    {"created", "updated", "at", "due", "completed", "start", "on", "of", "exdates", "agenda_for"}
)
_UNTIL = re.compile(r"UNTIL=\s*([+-]?\d{1,})", re.IGNORECASE)


def check_record(kind: Kind | str, record: Mapping[str, Any]) -> str | None:
    """What keeps `record` (of `kind`, or the table it is stored in) out of a journal, as
    "its FIELD is ...", or None when it is within every limit."""
    known = BY_TABLE.get(kind) if isinstance(kind, str) else kind
    record_id = record.get("id")
    if record_id is not None and not limits.id_in_range(record_id):
        return f"its id {_short(record_id)} is not a whole number from 1 to {limits.MAX_ID:,}"
    if known is not None:
        for key in known.links_to("id"):
            value = record.get(key)
            if isinstance(value, int) and not limits.id_in_range(value):
                return f"its {key} {_short(value)} is not an id from 1 to {limits.MAX_ID:,}"
    return check_lengths(known, record) or _check_dates(record) or _check_contacts(record)


def check_lengths(kind: Kind | None, record: Mapping[str, Any]) -> str | None:
    """What text of `record` is too long (field names and values, at any depth), or None."""
    del kind  # the caps are the same for every kind; kept for callers that know theirs
    for path, key, value in _walk(record):
        if isinstance(key, str) and len(key) > limits.IMPORTED_SHORT_TEXT:
            return f"it has a field name {len(key):,} characters long"
        if not isinstance(value, str):
            continue
        limit = limits.IMPORTED_SHORT_TEXT if key in SHORT_FIELDS else limits.IMPORTED_LONG_TEXT
        limit = LONGER_FIELDS.get(str(key), limit)
        problem = limits.problem_with_length(value, limit)
        if problem is not None:
            return f"its {path} is {problem}"
    return None


def _check_dates(record: Mapping[str, Any]) -> str | None:
    for path, key, value in _walk(record):
        if key in DATE_FIELDS and isinstance(value, str):
            problem = limits.problem_with_year(value)
            if problem is not None:
                return f"its {path} {_short(value)} has {problem}"
        elif key == "rrule" and isinstance(value, str):
            until = _UNTIL.search(value)
            if until is not None and not limits.year_in_range(int(until.group(1)[:4])):
                return f"its rrule {_short(value)} ends in a year outside {_years()}"
    return None


def _check_contacts(record: Mapping[str, Any]) -> str | None:
    link, email = record.get("link"), record.get("email")
    if isinstance(link, str) and link and (problem := limits.problem_with_url(link)):
        return f"its link {_short(link)} is refused: {problem}"
    if isinstance(email, str) and email and (problem := limits.problem_with_email(email)):
        return f"its email {_short(email)} is refused: {problem}"
    return None


def _walk(value: Any, path: str = "", key: Any = None) -> Iterator[tuple[str, Any, Any]]:
    """(where, field name, value) for every value in a record, nested ones too; a list's
    items carry the list's field name, so `exdates` items are dates and `tags` items words."""
    if isinstance(value, Mapping):
        for name, item in value.items():
            where = f"{path}.{name}" if path else str(name)
            yield from _walk(item, where, name)
    elif isinstance(value, list):
        for item in value:
            yield from _walk(item, path, key)
    else:
        yield path, key, value


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:39] + "\u2026'"


def _years() -> str:
    return f"{limits.MIN_YEAR}-{limits.MAX_YEAR}"
