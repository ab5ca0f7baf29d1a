"""Meetings that overlap: what `meeting add` and `meeting edit` warn about (the meeting is
saved all the same). Pure: the caller passes the meetings and the window."""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from mentorlog.calendar import occurrences as occ
from mentorlog.calendar.occurrences import Occurrence
from mentorlog.errors import InvalidInput
from mentorlog.model import Meeting

# How far ahead a series is compared with the others.
HORIZON = timedelta(days=366)
# No meeting lasts longer (services.meetings.MAX_DURATION): one that started this long before
# the window cannot reach into it.
_LONGEST = timedelta(hours=24)


@dataclass(frozen=True)
class Overlap:
    """Another meeting that overlaps: its first clash, and how many of ours clash with it."""

    first: Occurrence  # the other meeting's occurrence
    times: int


def overlaps(
    mine: Sequence[Occurrence], others: Sequence[Meeting], start: datetime, end: datetime
) -> list[Overlap]:
    """Each of `others` (not cancelled, not the meeting of `mine`) with an occurrence that
    overlaps one of `mine`, cancelled occurrences left out, in the order they first clash."""
    ours = sorted((o for o in mine if o.status != "cancelled"), key=lambda o: o.start_utc)
    if not ours:
        return []
    own_ids = {o.meeting.id for o in ours}
    found: list[tuple[datetime, Overlap]] = []
    for other in others:
        if other.id in own_ids or other.status == "cancelled":
            continue
        try:
            read = occ.occurrences(other, start - _LONGEST, end)
        except InvalidInput:  # a rule or zone edited by hand: its own commands say so
            continue
        theirs = [o for o in read if o.status != "cancelled"]
        clashes = _clashes(ours, theirs)
        if clashes:
            first_ours, first_theirs = clashes[0]
            found.append((first_ours.start_utc, Overlap(first_theirs, len(clashes))))
    return [overlap for _, overlap in sorted(found, key=lambda pair: pair[0])]


def _clashes(
    ours: Sequence[Occurrence], theirs: Sequence[Occurrence]
) -> list[tuple[Occurrence, Occurrence]]:
    """Pairs that overlap (end of one after the start of the other), one per occurrence of
    ours; both sorted by start."""
    starts = [o.start_utc for o in theirs]
    pairs = []
    for o in ours:
        # Theirs that start before ours ends; the last few may still be running.
        high = bisect.bisect_left(starts, o.end_utc)
        low = bisect.bisect_left(starts, o.start_utc - _LONGEST)
        for t in theirs[low:high]:
            if t.end_utc > o.start_utc:
                pairs.append((o, t))
                break
    return pairs


def window_of(meeting: Meeting, first: Occurrence) -> tuple[datetime, datetime]:
    """From the occurrence a warning is about, a year ahead."""
    return first.start, first.start + HORIZON


def upcoming_of(meeting: Meeting, first: Occurrence) -> list[Occurrence]:
    start, end = window_of(meeting, first)
    return occ.occurrences(meeting, start, end)
