"""The records of a journal as dataclasses, one module per kind, and their stable JSON shapes.

`base` holds what every record shares (the store's identity fields and the forgiving field
readers); each kind's module holds its dataclass and the values its fields take.

The package loads a kind's module only when one of its names is first asked for (PEP 562):
a command that reads goals does not import the eight other kinds' modules, whose dataclasses
cost a few milliseconds to build at every start.
"""

from __future__ import annotations

from mentorlog.lazy import attributes

TYPE_CHECKING = False
if TYPE_CHECKING:
    from mentorlog.model.actions import ActionItem
    from mentorlog.model.base import Stored
    from mentorlog.model.feedback import Feedback
    from mentorlog.model.goal_values import GoalEvent, GoalStatus
    from mentorlog.model.goals import GOAL_EVENTS, GOAL_STATUSES, Goal, ProgressEntry
    from mentorlog.model.meetings import HeldOccurrence, Meeting, Override
    from mentorlog.model.milestones import Milestone
    from mentorlog.model.notes import Note
    from mentorlog.model.people import DEFAULT_DAYS, DEFAULT_HOURS, Person
    from mentorlog.model.readers import Record, instant_text, read_wall, wall_text
    from mentorlog.model.topics import Topic
    from mentorlog.model.values import (
        ACTION_STATUSES,
        CHANNELS,
        FEEDBACK_DIRECTIONS,
        MAX_MINUTES,
        MEETING_STATUSES,
        ROLES,
        TOPIC_STATUSES,
        ActionStatus,
        Channel,
        FeedbackDirection,
        MeetingStatus,
        Role,
        TopicStatus,
    )

_WHERE = {
    "ACTION_STATUSES": "values",
    "ActionItem": "actions",
    "Record": "readers",
    "Stored": "base",
    "instant_text": "readers",
    "read_wall": "readers",
    "wall_text": "readers",
    "FEEDBACK_DIRECTIONS": "values",
    "Feedback": "feedback",
    "GOAL_EVENTS": "goals",
    "GOAL_STATUSES": "goals",
    "Goal": "goals",
    "ProgressEntry": "goals",
    "MAX_MINUTES": "values",
    "MEETING_STATUSES": "values",
    "HeldOccurrence": "meetings",
    "Meeting": "meetings",
    "Override": "meetings",
    "Milestone": "milestones",
    "Note": "notes",
    "CHANNELS": "values",
    "DEFAULT_DAYS": "people",
    "DEFAULT_HOURS": "people",
    "ROLES": "values",
    "Person": "people",
    "TOPIC_STATUSES": "values",
    "Topic": "topics",
}


__getattr__ = attributes(__name__, _WHERE)

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
