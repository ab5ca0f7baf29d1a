"""The records a report can show, found before they are built: the short way of
`build_report`'s reading.

A report covers a period (ninety days by default) of a journal that can hold twenty years:
building every goal with its history, every note, feedback entry and action item, and
expanding every meeting, was most of a report at 100,000 records. Here each record is first
asked, through the readers its model's `from_record` uses (`at_of`, `status_of`; goals in
report_goals), the one thing that decides whether the report can show it, and only those
that pass are read, as rows without their models (`report_rows`);
meetings are bounded by `MeetingIndex` (the first and last wall time they can have an
occurrence at). Each function gives exactly what the plain reading gives, filtered as the
report filters it; tests/test_report_service.py holds the whole report to the plain way.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from mentorlog import kinds
from mentorlog.model.readers import _opt_str, _str
from mentorlog.services.relationships import MeetingIndex
from mentorlog.services.report_period import ReportPeriod
from mentorlog.services.report_rows import (
    ActionRow,
    FeedbackRow,
    MilestoneRow,
    NoteRow,
    TopicRow,
    at_of,
    milestone_on,
    private_of,
)
from mentorlog.store import Journal

TYPE_CHECKING = False
if TYPE_CHECKING:
    from mentorlog.model import Meeting

__all__ = [
    "feedback_in",
    "meetings_reaching",
    "milestones_in",
    "notes_in",
    "open_actions",
    "open_topics",
]

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def meetings_reaching(journal: Journal, start: datetime, end: datetime) -> list[Meeting]:
    """The meetings that may have an occurrence in [start, end): the others have none there."""
    return MeetingIndex(journal.all(kinds.MEETINGS.table)).reaching(start, max(start, end))


def notes_in(journal: Journal, period: ReportPeriod, handle: str | None) -> list[NoteRow]:
    """The shared notes of the period (with `handle`), newest first: `list_notes(private=
    False)` filtered by the period."""
    holds, (low, high) = period.holds, _days(period)
    found = [
        note
        for record in journal.all(kinds.NOTES.table)
        if not private_of(record)  # cheaper first
        for at in [at_of(record)]
        if at is not None and low <= at.toordinal() <= high and holds(at)
        for note in [NoteRow.from_record(record, at)]
        if handle is None or handle in note.people
    ]
    return sorted(found, key=lambda n: (n.at or _EPOCH, n.id or 0), reverse=True)


def _days(period: ReportPeriod) -> tuple[int, int]:
    """The days (ordinals) an instant in the period can fall on in its own offset: a day
    either side of the period's days in UTC, as no offset reaches a day. Asking an instant
    its day is a fifth of comparing it with the period's ends (in another zone, each
    comparison works out both offsets): most of a journal's notes and feedback are not in
    the period, and are told so by their day."""
    return (
        period.since.astimezone(UTC).toordinal() - 1,
        period.until.astimezone(UTC).toordinal() + 1,
    )


def feedback_in(journal: Journal, period: ReportPeriod, handle: str | None) -> list[FeedbackRow]:
    """The feedback of the period (with `handle`), newest first."""
    holds, (low, high) = period.holds, _days(period)
    found = [
        entry
        for record in journal.all(kinds.FEEDBACK.table)
        for at in [at_of(record)]
        if at is not None and low <= at.toordinal() <= high and holds(at)
        for entry in [FeedbackRow.from_record(record, at)]
        if handle is None or entry.person == handle
    ]
    return sorted(found, key=lambda f: (f.at or _EPOCH, f.id or 0), reverse=True)


def open_actions(journal: Journal, today: date, handle: str | None) -> list[ActionRow]:
    """`list_actions(today=today, person=handle)`: the open action items, only those read."""
    chosen = [
        action
        for record in journal.all(kinds.ACTIONS.table)
        if record.get("status") != "done"  # `status_of(record) == "open"`: see _open
        for action in [ActionRow.from_record(record)]
        if handle is None or handle in _involved(journal, action)
    ]
    return sorted(chosen, key=lambda a: a.order(today))  # as `action_order` sorts them


# _open: an action item's or a talking point's status reads as "open" unless it is the text
# "done" (`_choice` gives any other value, a hand edit's, the default, "open"), so the
# sieve asks that of each record rather than calling the reader (3,000 action items and
# 1,800 talking points at 10,000 records); tests/test_report_rows.py holds the lists to
# the plain way's over hand-edited statuses.


def _involved(journal: Journal, action: ActionRow) -> set[str]:
    """`actions.involved`, its service imported only for a report on one person (the
    actions service brings the records and meetings services, which a report needs not)."""
    from mentorlog.services.actions import involving

    return involving(journal, action.owner, action.person, action.meeting, action.goal)


def milestones_in(journal: Journal, period: ReportPeriod, handle: str | None) -> list[MilestoneRow]:
    """`list_milestones(person=handle)` of the period's days, most recent first: only those
    read."""
    first, last = period.first_day, period.last_day
    chosen = [
        MilestoneRow.from_record(record, on)
        for record in journal.all(kinds.MILESTONES.table)
        for on in [milestone_on(record)]
        if first <= on <= last and (handle is None or _opt_str(record, "person") == handle)
    ]
    return sorted(chosen, key=lambda m: (m.on, m.id or 0), reverse=True)


def open_topics(journal: Journal, handle: str | None) -> list[TopicRow]:
    """`topics_for(journal, [handle] if handle else None)`: the open talking points (with
    `handle`), only those read."""
    return [
        TopicRow.from_record(record)
        for record in journal.all(kinds.TOPICS.table)
        if record.get("status") != "done"  # `topic_status_of(record) == "open"`: see _open
        and (not handle or _str(record, "person") == handle)
    ]
