"""Reading people, without the people service: everyone, one person, their zone and working
hours. `export ics`, `report`, `status` and `agenda` read people and change none, and that
service's imports and dataclasses (the inputs of `person add` and `edit`, `shlex`) were a
few milliseconds of each. The people service reads people through this module, and offers
the same names."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, time
from zoneinfo import ZoneInfo

from mentorlog import timeparse
from mentorlog.errors import InvalidInput
from mentorlog.model import DEFAULT_HOURS, Person
from mentorlog.store import Journal

__all__ = [
    "all_people",
    "find_person",
    "get_person",
    "is_working",
    "known_zone",
    "list_people",
    "person_zone",
    "within_working_time",
    "working_hours",
]


def all_people(journal: Journal) -> list[Person]:
    """Everyone, archived too, in handle order (`services.people.list_people` filters
    this)."""
    people = [Person.from_record(record) for record in journal.all("people")]
    return sorted(people, key=lambda person: person.handle)


def list_people(journal: Journal, *, include_archived: bool = False) -> list[Person]:
    """People in handle order; archived ones only when asked."""
    everyone = all_people(journal)
    return everyone if include_archived else [p for p in everyone if not p.archived]


def find_person(journal: Journal, handle: str) -> Person | None:
    wanted = handle.strip().lower()
    for record in journal.all("people"):
        if str(record.get("handle", "")).lower() == wanted:
            return Person.from_record(record)
    return None


def get_person(journal: Journal, handle: str) -> Person:
    """The person with this handle (any case); NotFound with a did-you-mean otherwise."""
    # Imported here: the dashboard lists people through this module and never asks for one
    # (services.records, with its dataclasses, is 2 ms of a `status`).
    from mentorlog import kinds
    from mentorlog.services import records

    person = records.get(journal, kinds.PEOPLE, handle)
    assert isinstance(person, Person)
    return person


def working_hours(person: Person) -> tuple[time, time]:
    """The person's working hours; the default ones when a hand edit left them unreadable."""
    try:
        return timeparse.parse_hours(person.hours)
    except InvalidInput:
        return timeparse.parse_hours(DEFAULT_HOURS)


def within_working_time(local: datetime, hours: tuple[time, time], days: Sequence[str]) -> bool:
    """Whether the wall time `local` is inside `hours` on one of `days` (weekday names).

    Hours that cross midnight (22:00-06:00) belong to the day they start on, so 03:00 on a
    Saturday is working time for someone who works Friday nights.
    """
    start, end = hours
    clock = local.time().replace(tzinfo=None)
    today = timeparse.WEEKDAYS[local.weekday()]
    if start < end:
        return today in days and start <= clock < end
    if clock >= start:
        return today in days
    yesterday = timeparse.WEEKDAYS[(local.weekday() - 1) % 7]
    return clock < end and yesterday in days


def is_working(person: Person, instant: datetime) -> bool:
    """Whether `instant` falls inside the person's working hours and days, in their zone."""
    local = instant.astimezone(person_zone(person))
    return within_working_time(local, working_hours(person), person.days)


def person_zone(person: Person) -> ZoneInfo:
    """The person's zone; a zone edited by hand into something unknown is refused, naming
    the person and the command that fixes it."""
    zone = known_zone(person)
    if zone is None:
        import shlex

        raise InvalidInput(
            f"Person {timeparse.quote(person.handle)} is in an unknown time zone "
            f"{timeparse.quote(person.tz)}; fix it with "
            f"`mentorlog person edit {shlex.quote(person.handle)} --tz ZONE`."
        )
    return zone


def known_zone(person: Person) -> ZoneInfo | None:
    """The person's zone, or None when it is not one this system knows (a hand edit)."""
    return timeparse.known_zone(person.tz)
