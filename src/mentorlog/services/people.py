"""People: the mentors, mentees and peers of a journal, and the relationship with each."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from mentorlog import limits, timeparse
from mentorlog.errors import Conflict, InvalidInput
from mentorlog.model import CHANNELS, ROLES, Person
from mentorlog.services import fields
from mentorlog.services.people_read import all_people as all_people
from mentorlog.services.people_read import find_person as find_person
from mentorlog.services.people_read import get_person as get_person
from mentorlog.services.people_read import is_working as is_working
from mentorlog.services.people_read import known_zone as known_zone
from mentorlog.services.people_read import list_people as list_people
from mentorlog.services.people_read import person_zone as person_zone
from mentorlog.services.people_read import within_working_time as within_working_time
from mentorlog.services.people_read import working_hours as working_hours
from mentorlog.store import Journal

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, TypeVar

    from mentorlog.model import Channel, Role

    _C = TypeVar("_C", bound=str)

TABLE = "people"
RESERVED_HANDLES = frozenset({"me", "none", "all"})
_HANDLE = re.compile(r"[a-z][a-z0-9_-]{0,31}")


def check_handle(value: str) -> str:
    """A new handle: 1-32 lowercase letters, digits, `-` or `_`, starting with a letter."""
    handle = value.strip()
    if handle in RESERVED_HANDLES:
        raise InvalidInput(
            f"The handle {timeparse.quote(handle)} is reserved (me, none and all have a meaning "
            "in commands); choose another, e.g. 'alice'."
        )
    if _HANDLE.fullmatch(handle):
        return handle
    suggestion = _slug(handle)
    hint = f"; try {timeparse.quote(suggestion)}" if suggestion else ", e.g. 'alice'"
    raise InvalidInput(
        f"Cannot use {timeparse.quote(value)} as a handle: use 1 to 32 lowercase letters, "
        f"digits, '-' or '_', starting with a letter{hint}."
    )


def _slug(value: str) -> str | None:
    """The handle closest to `value`: accents dropped (`ålice` is `alice`, not `lice`),
    other characters turned into dashes."""
    import unicodedata

    plain = "".join(c for c in unicodedata.normalize("NFKD", value) if not unicodedata.combining(c))
    slug = re.sub(r"[^a-z0-9_-]+", "-", plain.strip().lower()).strip("-_")[:32]
    return slug if _HANDLE.fullmatch(slug) and slug not in RESERVED_HANDLES else None


@dataclass(frozen=True)
class PersonInput:
    """What `person add` and `person edit` were given; None means "not given".

    For the optional fields, "none" or "" clears the value in an edit.
    """

    name: str | None = None
    role: str | None = None
    tz: str | None = None
    email: str | None = None
    channel: str | None = None
    cadence: str | None = None
    hours: str | None = None
    days: str | None = None
    expectations: str | None = None
    tags: Sequence[str] = ()
    untags: Sequence[str] = ()


def add_person(journal: Journal, handle: str, given: PersonInput, *, now: datetime) -> Person:
    new_handle = check_handle(handle)
    existing = find_person(journal, new_handle)
    if existing is not None:
        state = " (archived; bring them back with `mentorlog person unarchive`)"
        raise Conflict(
            f"There is already a person with handle '{existing.handle}'"
            f"{state if existing.archived else ''}; pick another handle or use "
            f"`mentorlog person edit {existing.handle}`."
        )
    if given.name is None or given.role is None or given.tz is None:
        missing = [f"--{key}" for key in ("name", "role", "tz") if getattr(given, key) is None]
        needed = " and ".join([", ".join(missing[:-1]), missing[-1]] if missing[:-1] else missing)
        raise InvalidInput(
            f"A person needs {needed}, e.g. mentorlog person add alice --name 'Alice Chen' "
            "--role mentor --tz Asia/Tokyo."
        )
    person = Person(
        handle=new_handle,
        name=fields.text(given.name, "name", example="Alice Chen"),
        role=_role(given.role),
        tz=timeparse.get_zone(given.tz).key,
    )
    person = _apply(person, replace(given, name=None, role=None, tz=None))
    record = journal.insert(TABLE, person.to_record(), now=now)
    journal.describe(f"person add {person.handle}", now=now)
    return Person.from_record(record)


def edit_person(journal: Journal, handle: str, given: PersonInput, *, now: datetime) -> Person:
    person = get_person(journal, handle)
    if given == PersonInput():
        raise InvalidInput(
            "Nothing to change: give at least one option, e.g. --tz or --cadence; see "
            "`mentorlog person edit --help`."
        )
    changed = _apply(person, given)
    return _save(journal, changed, f"person edit {person.handle}", now=now)


def set_archived(journal: Journal, handle: str, archived: bool, *, now: datetime) -> Person:
    person = get_person(journal, handle)
    if person.archived == archived:
        state = "archived" if archived else "active"
        raise Conflict(f"{person.name} ({person.handle}) is already {state}.")
    verb = "archive" if archived else "unarchive"
    return _save(
        journal, replace(person, archived=archived), f"person {verb} {person.handle}", now=now
    )


def _save(journal: Journal, person: Person, what: str, *, now: datetime) -> Person:
    assert person.id is not None
    record = journal.update(TABLE, person.id, person.to_record(), now=now)
    journal.describe(what, now=now)
    return Person.from_record(record)


def _apply(person: Person, given: PersonInput) -> Person:
    """The person with the given changes applied, each value checked."""
    changes: dict[str, Any] = {}
    if given.name is not None:
        changes["name"] = fields.text(given.name, "name", example="Alice Chen")
    if given.role is not None:
        changes["role"] = _role(given.role)
    if given.tz is not None:
        changes["tz"] = timeparse.get_zone(given.tz).key
    if given.email is not None:
        changes["email"] = None if fields.is_clear(given.email) else _email(given.email)
    if given.channel is not None:
        changes["channel"] = (
            None if fields.is_clear(given.channel) else check_channel(given.channel)
        )
    if given.cadence is not None:
        changes["cadence"] = (
            None if fields.is_clear(given.cadence) else str(timeparse.parse_period(given.cadence))
        )
    if given.hours is not None:
        changes["hours"] = timeparse.format_hours(timeparse.parse_hours(given.hours))
    if given.days is not None:
        changes["days"] = list(timeparse.parse_days(given.days))
    if given.expectations is not None:
        changes["expectations"] = fields.optional_text(given.expectations, "expectations")
    tags = fields.retag(person.tags, given.tags, given.untags)
    return replace(person, tags=tags, **changes)


def _role(value: str) -> Role:
    return _choice(value, ROLES, "role")


def check_channel(value: str) -> Channel:
    """One of the channels people meet on: video, call, chat, email, in-person."""
    return _choice(value, CHANNELS, "channel")


def _choice(value: str, allowed: tuple[_C, ...], what: str) -> _C:
    cleaned = value.strip().lower()
    for choice in allowed:
        if cleaned == choice:
            return choice
    raise InvalidInput(
        f"Cannot use {timeparse.quote(value)} as a {what}; choose one of {', '.join(allowed)}."
    )


def _email(value: str) -> str:
    cleaned = value.strip()
    if limits.problem_with_email(cleaned) is None:
        return cleaned
    raise InvalidInput(
        f"Cannot use {timeparse.quote(value)} as an email address; write it like alice@example.org."
    )
