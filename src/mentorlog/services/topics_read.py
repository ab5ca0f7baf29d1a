"""Reading talking points without their service, whose writes import the people's service
and the records' (with their dataclasses): `topic list` reads through this module, and the
service offers the same names."""

from __future__ import annotations

from collections.abc import Iterable

from mentorlog import kinds
from mentorlog.model import Topic
from mentorlog.store import Journal

TOPICS = kinds.TOPICS.table


def list_topics(
    journal: Journal, *, person: str | None = None, include_done: bool = False
) -> list[Topic]:
    """Talking points, oldest first (open only, unless `include_done`)."""
    from mentorlog.services.people_read import get_person  # only for --with

    handles = {get_person(journal, person).handle} if person is not None else None
    return topics_for(journal, handles, include_done=include_done)


def topics_for(
    journal: Journal, handles: Iterable[str] | None, *, include_done: bool = False
) -> list[Topic]:
    wanted = set(handles) if handles is not None else None
    topics = [Topic.from_record(record) for record in journal.all(TOPICS)]
    return [
        t for t in topics if (include_done or t.is_open) and (wanted is None or t.person in wanted)
    ]
