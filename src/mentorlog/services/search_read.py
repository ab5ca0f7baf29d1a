"""Search's records read rather than built (`services.search._read`): each hit's texts,
date and people taken from the stored record by `model.searched`, the model built only for
a hit's `--json` shape. `services.search._built` is the plain way, which these must agree
with (tests/test_fast_search.py).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from mentorlog import timeparse
from mentorlog.kinds import Kind
from mentorlog.model import Record, instant_text, read_wall, wall_text
from mentorlog.model import searched as read
from mentorlog.store import Journal

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

# When a record happened, as shown and as sorted.
Dated = tuple[str | None, datetime | None]
Stored = Mapping[str, "Any"]


class Unbuilt:
    """A record found, built into its model only when its `--json` shape (or, for an
    action item, whom it concerns) is asked for."""

    __slots__ = ("_item", "_kind", "_record", "id")

    def __init__(self, kind: Kind, record: Stored) -> None:
        self.id: int | None = read.id_of(record)
        self._kind = kind
        self._record = record
        self._item: Any = None

    def built(self) -> Any:
        # The kind's model module is imported here, by the first record built: a search
        # that shows its hits builds none.
        if self._item is None:
            self._item = self._kind.model.from_record(self._record)
        return self._item

    def to_json(self) -> Record:
        result: Record = self.built().to_json()
        return result


def texts(kind: Kind, record: Stored) -> list[tuple[str, str]]:
    """The fields search reads, as the registry names them, of the record built: each
    searched attribute is the stored field of its name, but a goal's progress notes
    (`Goal.progress_notes`), one text a note."""
    found: list[tuple[str, str]] = []
    for label, attribute in kind.search or ():
        if attribute == "progress_notes":
            found += [(label, text) for text in read.progress_notes_of(record)]
        else:
            found.append((label, read.text_of(record, attribute)))
    return found


def _created(record: Stored) -> Dated:
    moment = read.created_of(record)
    return instant_text(moment), moment


def _at(record: Stored) -> Dated:
    moment = read.at_of(record)
    return instant_text(moment), moment


def _meeting(record: Stored) -> Dated:
    # A series is dated by the last occurrence marked held, else its first.
    first, tz, held = read.meeting_start_of(record)
    wall = max([wall_text(first), *held])
    zone = timeparse.known_zone(tz) or ZoneInfo("UTC")
    start = (read_wall(wall) or first).replace(tzinfo=zone)
    return start.isoformat(), start


def _milestone(record: Stored) -> Dated:
    on = read.on_of(record)
    return on.isoformat(), datetime(on.year, on.month, on.day, tzinfo=UTC)


# The kinds dated otherwise than by their creation: those with an `at` (the kinds whose
# model has that field; tests/test_search_read.py checks the two agree), and the others
# `services.search._when` names.
_WHEN: dict[str, Callable[[Stored], Dated]] = {
    "meeting": _meeting,
    "milestone": _milestone,
    "feedback": _at,
    "note": _at,
}


def when(kind: Kind) -> Callable[[Stored], Dated]:
    """When a record of `kind` happened, as `services.search._when` reads the built one."""
    return _WHEN.get(kind.name, _created)


def _person(journal: Journal, record: Stored) -> set[str]:
    return read.person_of(record)


def _people(journal: Journal, record: Stored) -> set[str]:
    return read.people_of(record)


# The kinds whose `people` say whom a record concerns (the kinds whose model has that
# field), as `services.search._who` reads them; the others have a `person`.
PEOPLE_KINDS = frozenset({"meeting", "note"})


def who(kind: Kind) -> Callable[[Journal, Stored], set[str]] | None:
    """Whom a record of `kind` concerns, for --with, as `services.search._who` reads the
    built one; None for action items, whose meetings and goals decide it."""
    if kind.name == "action":
        return None
    return _people if kind.name in PEOPLE_KINDS else _person
