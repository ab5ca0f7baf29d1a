"""The records of a journal as dataclasses, one module per kind, and their stable JSON shapes.

`base` holds what every record shares (the store's identity fields and the forgiving field
readers); each kind's module holds its dataclass and the values its fields take.
"""

from __future__ import annotations

from mentorlog.model.actions import ACTION_STATUSES, ActionItem
from mentorlog.model.base import Record, Stored, wall_text
from mentorlog.model.feedback import FEEDBACK_DIRECTIONS, Feedback
from mentorlog.model.goals import GOAL_EVENTS, GOAL_STATUSES, Goal, ProgressEntry
from mentorlog.model.meetings import MAX_MINUTES, MEETING_STATUSES, HeldOccurrence, Meeting
from mentorlog.model.milestones import Milestone
from mentorlog.model.notes import Note
from mentorlog.model.people import CHANNELS, DEFAULT_DAYS, DEFAULT_HOURS, ROLES, Person
from mentorlog.model.topics import TOPIC_STATUSES, Topic

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
    "Feedback",
    "Goal",
    "HeldOccurrence",
    "Meeting",
    "Milestone",
    "Note",
    "Person",
    "ProgressEntry",
    "Record",
    "Stored",
    "Topic",
    "wall_text",
]
