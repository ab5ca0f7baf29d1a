"""The records of a journal as dataclasses, one module per kind, and their stable JSON shapes.

`base` holds what every record shares (the store's identity fields and the forgiving field
readers); each kind's module holds its dataclass and the values its fields take.
"""

from __future__ import annotations

from mentorlog.model.actions import ACTION_STATUSES, ActionItem, ActionStatus
from mentorlog.model.base import Record, Stored, instant_text, read_wall, wall_text
from mentorlog.model.feedback import FEEDBACK_DIRECTIONS, Feedback, FeedbackDirection
from mentorlog.model.goals import (
    GOAL_EVENTS,
    GOAL_STATUSES,
    Goal,
    GoalEvent,
    GoalStatus,
    ProgressEntry,
)
from mentorlog.model.meetings import (
    MAX_MINUTES,
    MEETING_STATUSES,
    HeldOccurrence,
    Meeting,
    MeetingStatus,
    Override,
)
from mentorlog.model.milestones import Milestone
from mentorlog.model.notes import Note
from mentorlog.model.people import (
    CHANNELS,
    DEFAULT_DAYS,
    DEFAULT_HOURS,
    ROLES,
    Channel,
    Person,
    Role,
)
from mentorlog.model.topics import TOPIC_STATUSES, Topic, TopicStatus

__all__ = [
    "ACTION_STATUSES",
    "CHANNELS",
    "DEFAULT_DAYS",
    "DEFAULT_HOURS",
    "FEEDBACK_DIRECTIONS",
    "GOAL_EVENTS",
    "GOAL_STATUSES",
    "MAX_MINUTES",
    "MEETING_STATUSES",
    "ROLES",
    "TOPIC_STATUSES",
    "ActionItem",
    "ActionStatus",
    "Channel",
    "Feedback",
    "FeedbackDirection",
    "Goal",
    "GoalEvent",
    "GoalStatus",
    "HeldOccurrence",
    "Meeting",
    "MeetingStatus",
    "Milestone",
    "Note",
    "Override",
    "Person",
    "ProgressEntry",
    "Record",
    "Role",
    "Stored",
    "Topic",
    "TopicStatus",
    "instant_text",
    "read_wall",
    "wall_text",
]
