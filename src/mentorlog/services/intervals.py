"""Time as sorted, disjoint intervals: merging, intersecting and cutting them, for finding
free time (`schedule suggest`). Pure arithmetic on [start, end) pairs of aware datetimes."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

Interval = tuple[datetime, datetime]  # [start, end) in UTC


def merge(intervals: Iterable[Interval]) -> list[Interval]:
    """The union of `intervals`, sorted and disjoint."""
    merged: list[Interval] = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def intersect(first: Sequence[Interval], second: Sequence[Interval]) -> list[Interval]:
    """The time in both lists (each sorted and disjoint), by walking them side by side."""
    found: list[Interval] = []
    i = j = 0
    while i < len(first) and j < len(second):
        start = max(first[i][0], second[j][0])
        end = min(first[i][1], second[j][1])
        if start < end:
            found.append((start, end))
        if first[i][1] <= second[j][1]:
            i += 1
        else:
            j += 1
    return found


def subtract(intervals: Sequence[Interval], busy: Sequence[Interval]) -> list[Interval]:
    """`intervals` with the `busy` time cut out (both sorted and disjoint)."""
    found: list[Interval] = []
    for start, end in intervals:
        cursor = start
        for busy_start, busy_end in busy:
            if busy_end <= cursor or busy_start >= end:
                continue
            if busy_start > cursor:
                found.append((cursor, busy_start))
            cursor = max(cursor, busy_end)
        if cursor < end:
            found.append((cursor, end))
    return found
