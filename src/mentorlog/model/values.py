"""The values the kinds' fields take, and what a view reads of a stored record alone: without
`dataclasses` (building a model's class takes about half a millisecond at start, its import
more), so that a command writing records straight from their stored fields (`export md`,
`render/journal_md_fast.py`) checks them against the same values without building the
models. Each model module reads the same names from here (goals': `goal_values`)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from mentorlog.model.readers import _opt_date

# The types for type checkers only (importing `typing` takes milliseconds); each tuple
# below holds every value of its type, in order.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Literal

    Role = Literal["mentor", "mentee", "peer"]
    Channel = Literal["video", "call", "chat", "email", "in-person"]
    MeetingStatus = Literal["scheduled", "held", "cancelled"]
    ActionStatus = Literal["open", "done"]
    TopicStatus = Literal["open", "done"]
    FeedbackDirection = Literal["given", "received"]

ROLES: tuple[Role, ...] = ("mentor", "mentee", "peer")
CHANNELS: tuple[Channel, ...] = ("video", "call", "chat", "email", "in-person")
MEETING_STATUSES: tuple[MeetingStatus, ...] = ("scheduled", "held", "cancelled")
MAX_MINUTES = 24 * 60  # the longest meeting `meeting add` takes
ACTION_STATUSES: tuple[ActionStatus, ...] = ("open", "done")
TOPIC_STATUSES: tuple[TopicStatus, ...] = ("open", "done")
FEEDBACK_DIRECTIONS: tuple[FeedbackDirection, ...] = ("given", "received")


def private_of(record: Mapping[str, Any]) -> bool:
    """A note's `private` as `Note.from_record` reads it, for a view that needs nothing else
    of the note (an export of 100,000 records asks it of every note). Anything but an
    explicit false keeps a hand-edited note private: when in doubt, a note stays in the
    journal."""
    return record.get("private", False) not in (False, None, 0, "false", "")


def milestone_on(record: Mapping[str, Any]) -> date:
    """A milestone's day as `Milestone.from_record` reads it: its `on`, else the day it was
    made, else 1 January 1970."""
    return _opt_date(record, "on") or _opt_date(record, "created") or date(1970, 1, 1)
