"""The lists and the dashboard, each written plain where nothing writes styles (a pipe, a
file: `render.plain`), without importing rich, and through rich everywhere else.

The plain writers (`*_plain`) give exactly what rich writes there
(tests/test_plain_views.py); the rich views are imported only when they are needed.
"""

from __future__ import annotations

from mentorlog.render import console

TYPE_CHECKING = False
if TYPE_CHECKING:
    # Each view imports its own writers: `topic list` needs nothing of the dashboard's.
    from collections.abc import Mapping, Sequence
    from datetime import date, datetime
    from pathlib import Path
    from zoneinfo import ZoneInfo

    from mentorlog.calendar.occurrences import Occurrence
    from mentorlog.model import ActionItem, Person, Topic
    from mentorlog.services.relationships import Heartbeat
    from mentorlog.services.status import Status


def status(state: Status, home: Path, *, zone_source: str = "config") -> None:
    """The dashboard (`mentorlog status`, bare `mentorlog`)."""
    from mentorlog.render import status_plain

    if not status_plain.write_plain(state, home, zone_source=zone_source):
        from mentorlog.render.status import status_view

        console.show(status_view(state, home, zone_source=zone_source))


def meetings(
    found: Sequence[Occurrence], people: dict[str, Person], zone: ZoneInfo, now: datetime
) -> None:
    """`meeting list`'s table."""
    from mentorlog.render import meetings_plain

    if not meetings_plain.write_plain(found, people, zone, now):
        from mentorlog.render.meetings import occurrences_table

        console.show(occurrences_table(found, people, zone, now))


def actions(found: Sequence[ActionItem], today: date) -> None:
    """`action list`'s table."""
    from mentorlog.render import actions_plain

    if not actions_plain.write_plain(found, today):
        from mentorlog.render.actions import actions_table

        console.show(actions_table(found, today))


def people(
    found: Sequence[Person], now: datetime, beats: Mapping[str, Heartbeat] | None = None
) -> None:
    """`person list`'s table."""
    from mentorlog.render import people_plain

    if not people_plain.write_plain(found, now, beats):
        from mentorlog.render.people import people_table

        console.show(people_table(list(found), now, beats))


def topics(found: Sequence[Topic], today: date) -> None:
    """`topic list`'s table."""
    from mentorlog.render import topics_plain

    if not topics_plain.write_plain(found, today):
        from mentorlog.render.topics import topics_table

        console.show(topics_table(found, today))
