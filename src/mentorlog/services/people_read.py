"""Everyone in the journal, read without the people service: `export ics` and `report` list
them all, and that service's imports and dataclasses (the inputs of `person add` and `edit`,
`shlex`) were a few milliseconds of each. The people service lists people through it."""

from __future__ import annotations

from mentorlog.model import Person
from mentorlog.store import Journal

__all__ = ["all_people"]


def all_people(journal: Journal) -> list[Person]:
    """Everyone, archived too, in handle order (`services.people.list_people` filters
    this)."""
    people = [Person.from_record(record) for record in journal.all("people")]
    return sorted(people, key=lambda person: person.handle)
