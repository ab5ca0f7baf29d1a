"""Everyone in the journal, read without the people service: `export ics` and `report` list
them all, and that service's imports and dataclasses (the inputs of `person add` and `edit`,
`shlex`) were a few milliseconds of each (tests/test_ics_rows.py holds this to it)."""

from __future__ import annotations

from mentorlog.model import Person
from mentorlog.store import Journal

__all__ = ["all_people"]


def all_people(journal: Journal) -> list[Person]:
    """`services.people.list_people(journal, include_archived=True)`: everyone, in handle
    order."""
    people = [Person.from_record(record) for record in journal.all("people")]
    return sorted(people, key=lambda person: person.handle)
