"""What an agenda shows of the journal's action items, talking points, milestones, notes
and feedback, chosen from the stored records before any is built.

An agenda shows a few dozen records about one relationship, and it built every action
item, talking point, milestone, note and feedback entry of the journal to choose them (at
10,000 records, 3,000 action items and 1,500 notes: most of its own time). Here each record
is first asked only what the choice needs (its status, whom it concerns, its day or
instant), with the very readers its kind's `from_record` uses for those fields, and only
the records chosen are built. tests/test_agenda_read.py holds each to the same choice made
from the built records, over records a hand edit may have left anything in.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import UTC, date, datetime

from mentorlog.kinds import ACTIONS, FEEDBACK, MILESTONES, NOTES, TOPICS
from mentorlog.model import ActionItem, Feedback, Milestone, Note, Topic
from mentorlog.model.readers import _choice, _opt_int, _opt_str, _str, _str_list
from mentorlog.model.topics import TOPIC_STATUSES
from mentorlog.services.actions_read import action_order, involving
from mentorlog.store import Journal


def open_actions_of(journal: Journal, handles: Collection[str], today: date) -> list[ActionItem]:
    """The open action items that concern any of these people (`actions.involved`), in
    `list_actions`' order."""
    concern: dict[tuple[str, str | None, int | None, int | None], bool] = {}
    chosen = []
    for record in journal.all(ACTIONS.table):
        if ActionItem.status_of(record) != "open":
            continue
        # The fields `involved` reads, as `ActionItem.from_record` reads them.
        key = (
            _str(record, "owner", "me") or "me",
            _opt_str(record, "person"),
            _opt_int(record, "meeting"),
            _opt_int(record, "goal"),
        )
        wanted = concern.get(key)
        if wanted is None:
            wanted = concern[key] = not involving(journal, *key).isdisjoint(handles)
        if wanted:
            chosen.append(ActionItem.from_record(record))
    return sorted(chosen, key=lambda a: action_order(a, today))


def open_topics_of(journal: Journal, handles: Collection[str]) -> list[Topic]:
    """`topics.topics_for(journal, handles)`: the open talking points with these people."""
    return [
        Topic.from_record(record)
        for record in journal.all(TOPICS.table)
        if _str(record, "person") in handles
        and _choice(record, "status", TOPIC_STATUSES, "open") == "open"
    ]


def milestones_between(
    journal: Journal, first: date, last: date, concerns: Callable[[str | None, int | None], bool]
) -> list[Milestone]:
    """The milestones on a day from `first` to `last` that `concerns` takes, given their
    person and goal; in the journal's order."""
    return [
        Milestone.from_record(record)
        for record in journal.all(MILESTONES.table)
        if first <= Milestone.on_of(record) <= last
        and concerns(_opt_str(record, "person"), _opt_int(record, "goal"))
    ]


def notes_between(
    journal: Journal,
    handles: Collection[str],
    start: datetime,
    end: datetime,
    *,
    include_private: bool,
) -> list[tuple[datetime, Note]]:
    """The notes about any of these people, written from `start` to `end` (instants in
    UTC), private ones only with `include_private`; each with its instant in UTC, in the
    journal's order."""
    found = []
    for record in journal.all(NOTES.table):
        if Note.private_of(record) and not include_private:
            continue
        if set(_str_list(record, "people")).isdisjoint(handles):
            continue
        moment = _utc(Note.at_of(record))
        if moment is not None and start <= moment <= end:
            found.append((moment, Note.from_record(record)))
    return found


def feedback_since(
    journal: Journal, handles: Collection[str], start: datetime
) -> list[tuple[datetime, Feedback]]:
    """The feedback with any of these people from `start` on (an instant in UTC), each with
    its instant in UTC, in the journal's order."""
    found = []
    for record in journal.all(FEEDBACK.table):
        if _str(record, "person") not in handles:
            continue
        moment = _utc(Feedback.at_of(record))
        if moment is not None and moment >= start:
            found.append((moment, Feedback.from_record(record)))
    return found


def _utc(moment: datetime | None) -> datetime | None:
    return moment.astimezone(UTC) if moment is not None else None
