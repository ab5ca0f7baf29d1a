"""The action items, talking points, milestones, feedback, shared notes and goals a report
shows, read from their stored records without their models.

A report lists a few dozen to a few hundred of each, and only reads them: building each as
its model's dataclass meant making those dataclasses at every start (`Topic`, `Milestone`,
`Note`, `Feedback`, `ActionItem`, and `Goal` with `ProgressEntry` for the goals' lines,
`BriefGoal`: about half a millisecond each, with their modules). Each row here has every
field its model has, read from the record by the same forgiving readers (`model.readers`)
as the model's `from_record` reads it, and gives the same `--json` shape; a hand edit is
read as the model reads it, so there is no record to send another way. `of` makes a row of
a model built the plain way (`build_report(sieve=False)`), which tests/test_report_service.py
holds the sieve to, and tests/test_report_rows.py holds each row, over hand-edited records,
to its model.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime

from mentorlog.model.goal_values import GOAL_STATUSES, listed
from mentorlog.model.readers import (
    _choice,
    _int,
    _opt_date,
    _opt_instant,
    _opt_int,
    _opt_str,
    _rating,
    _str,
    _str_list,
    instant_text,
)
from mentorlog.services.report_values import Value

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from mentorlog.model import ActionItem, Feedback, Goal, Milestone, Note, Topic

__all__ = ["ActionRow", "BriefGoal", "FeedbackRow", "MilestoneRow", "NoteRow", "TopicRow"]

# The models' values (model/actions.py, topics.py, feedback.py), here so that reading them
# imports no model; tests/test_report_rows.py checks they are the same.
ACTION_STATUSES = ("open", "done")
TOPIC_STATUSES = ("open", "done")
FEEDBACK_DIRECTIONS = ("given", "received")

_setattr = object.__setattr__


class _Row(Value):
    """A stored record's identity (`Stored.identity`) and its fields, as its model has them."""

    __slots__: tuple[str, ...] = ()
    id: int | None
    uid: str | None
    created: datetime | None
    updated: datetime | None

    def _identity(self, record: Mapping[str, Any]) -> None:
        _setattr(self, "id", _opt_int(record, "id"))
        _setattr(self, "uid", _opt_str(record, "uid"))
        _setattr(self, "created", _opt_instant(record, "created"))
        _setattr(self, "updated", _opt_instant(record, "updated"))

    def _copy(self, model: object) -> None:
        """Every field of `model` (one of the same kind, built the plain way)."""
        for name in self.__slots__:
            _setattr(self, name, getattr(model, name))

    def _fields_json(self) -> dict[str, Any]:
        raise NotImplementedError

    def to_json(self) -> dict[str, Any]:
        """The model's `to_json`: the id and uid, the fields, then the timestamps."""
        identity = {"id": self.id, "uid": self.uid}
        stamps = {"created": instant_text(self.created), "updated": instant_text(self.updated)}
        return identity | self._fields_json() | stamps


def at_of(record: Mapping[str, Any]) -> datetime | None:
    """`_Dated.at_of`: its `at`, else when it was created."""
    return _opt_instant(record, "at") or _opt_instant(record, "created")


class ActionRow(_Row):
    """An action item (`ActionItem`)."""

    __slots__ = (
        "completed",
        "created",
        "due",
        "goal",
        "id",
        "meeting",
        "owner",
        "person",
        "status",
        "text",
        "uid",
        "updated",
    )
    text: str
    owner: str
    due: date | None
    status: str
    meeting: int | None
    goal: int | None
    person: str | None
    completed: datetime | None

    @classmethod
    def from_record(cls, record: Mapping[str, Any]) -> ActionRow:
        row = cls.__new__(cls)
        _setattr(row, "text", _str(record, "text"))
        _setattr(row, "owner", _str(record, "owner", "me") or "me")
        _setattr(row, "due", _opt_date(record, "due"))
        _setattr(row, "status", status_of(record))
        _setattr(row, "meeting", _opt_int(record, "meeting"))
        _setattr(row, "goal", _opt_int(record, "goal"))
        _setattr(row, "person", _opt_str(record, "person"))
        _setattr(row, "completed", _opt_instant(record, "completed"))
        row._identity(record)
        return row

    @classmethod
    def of(cls, action: ActionItem) -> ActionRow:
        row = cls.__new__(cls)
        row._copy(action)
        return row

    @property
    def is_open(self) -> bool:
        return self.status == "open"

    def order(self, today: date) -> tuple[bool, bool, date, int]:
        """`ActionItem.order`: open first, then overdue, then soonest due, undated last."""
        overdue = self.due is not None and self.due < today
        return (not self.is_open, not overdue, self.due or date.max, self.id or 0)

    def _fields_json(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "owner": self.owner,
            "due": self.due.isoformat() if self.due else None,
            "status": self.status,
            "meeting": self.meeting,
            "goal": self.goal,
            "person": self.person,
            "completed": instant_text(self.completed),
        }


def status_of(record: Mapping[str, Any]) -> str:
    """`ActionItem.status_of`."""
    return _choice(record, "status", ACTION_STATUSES, "open")


class TopicRow(_Row):
    """A talking point (`Topic`)."""

    __slots__ = ("completed", "created", "id", "person", "status", "text", "uid", "updated")
    text: str
    person: str
    status: str
    completed: datetime | None

    @classmethod
    def from_record(cls, record: Mapping[str, Any]) -> TopicRow:
        row = cls.__new__(cls)
        _setattr(row, "text", _str(record, "text"))
        _setattr(row, "person", _str(record, "person"))
        _setattr(row, "status", topic_status_of(record))
        _setattr(row, "completed", _opt_instant(record, "completed"))
        row._identity(record)
        return row

    @classmethod
    def of(cls, topic: Topic) -> TopicRow:
        row = cls.__new__(cls)
        row._copy(topic)
        return row

    def _fields_json(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "person": self.person,
            "status": self.status,
            "completed": instant_text(self.completed),
        }


def topic_status_of(record: Mapping[str, Any]) -> str:
    return _choice(record, "status", TOPIC_STATUSES, "open")


class MilestoneRow(_Row):
    """A milestone (`Milestone`)."""

    __slots__ = (
        "created",
        "goal",
        "id",
        "note",
        "on",
        "person",
        "source",
        "title",
        "uid",
        "updated",
    )
    title: str
    on: date
    goal: int | None
    person: str | None
    note: str | None
    source: str | None

    @classmethod
    def from_record(cls, record: Mapping[str, Any], on: date) -> MilestoneRow:
        """`on`: the record's `on_of`, read already."""
        row = cls.__new__(cls)
        _setattr(row, "title", _str(record, "title"))
        _setattr(row, "on", on)
        _setattr(row, "goal", _opt_int(record, "goal"))
        _setattr(row, "person", _opt_str(record, "person"))
        _setattr(row, "note", _opt_str(record, "note"))
        _setattr(row, "source", _opt_str(record, "source"))
        row._identity(record)
        return row

    @classmethod
    def of(cls, milestone: Milestone) -> MilestoneRow:
        row = cls.__new__(cls)
        row._copy(milestone)
        return row

    def _fields_json(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "goal": self.goal,
            "person": self.person,
            "on": self.on.isoformat(),
            "note": self.note,
            "source": self.source,
        }


def milestone_on(record: Mapping[str, Any]) -> date:
    """`Milestone.on_of`: its day, else the day it was created, else 1 Jan 1970."""
    return _opt_date(record, "on") or _opt_date(record, "created") or date(1970, 1, 1)


class FeedbackRow(_Row):
    """Feedback given or received (`Feedback`)."""

    __slots__ = (
        "at",
        "created",
        "direction",
        "goal",
        "id",
        "meeting",
        "person",
        "rating",
        "tags",
        "text",
        "uid",
        "updated",
    )
    text: str
    direction: str
    person: str
    at: datetime | None
    meeting: int | None
    goal: int | None
    rating: int | None
    tags: list[str]

    @classmethod
    def from_record(cls, record: Mapping[str, Any], at: datetime | None) -> FeedbackRow:
        """`at`: the record's `at_of`, read already."""
        row = cls.__new__(cls)
        _setattr(row, "text", _str(record, "text"))
        _setattr(row, "direction", _choice(record, "direction", FEEDBACK_DIRECTIONS, "received"))
        _setattr(row, "person", _str(record, "person"))
        _setattr(row, "at", at)
        _setattr(row, "meeting", _opt_int(record, "meeting"))
        _setattr(row, "goal", _opt_int(record, "goal"))
        _setattr(row, "rating", _rating(record))
        _setattr(row, "tags", _str_list(record, "tags"))
        row._identity(record)
        return row

    @classmethod
    def of(cls, feedback: Feedback) -> FeedbackRow:
        row = cls.__new__(cls)
        row._copy(feedback)
        return row

    def _fields_json(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "direction": self.direction,
            "person": self.person,
            "meeting": self.meeting,
            "goal": self.goal,
            "rating": self.rating,
            "tags": list(self.tags),
            "at": instant_text(self.at),
        }


class NoteRow(_Row):
    """A note (`Note`); a report reads shared notes only."""

    __slots__ = (
        "at",
        "created",
        "id",
        "people",
        "private",
        "prompt",
        "tags",
        "text",
        "uid",
        "updated",
    )
    text: str
    at: datetime | None
    people: list[str]
    tags: list[str]
    private: bool
    prompt: str | None

    @classmethod
    def from_record(cls, record: Mapping[str, Any], at: datetime | None) -> NoteRow:
        """`at`: the record's `at_of`, read already."""
        row = cls.__new__(cls)
        _setattr(row, "text", _str(record, "text"))
        _setattr(row, "at", at)
        _setattr(row, "people", _str_list(record, "people"))
        _setattr(row, "tags", _str_list(record, "tags"))
        _setattr(row, "private", private_of(record))
        _setattr(row, "prompt", _opt_str(record, "prompt"))
        row._identity(record)
        return row

    @classmethod
    def of(cls, note: Note) -> NoteRow:
        row = cls.__new__(cls)
        row._copy(note)
        return row

    def _fields_json(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "people": list(self.people),
            "tags": list(self.tags),
            "private": self.private,
            "prompt": self.prompt,
            "at": instant_text(self.at),
        }


def private_of(record: Mapping[str, Any]) -> bool:
    """`Note.private_of`: anything but an explicit false keeps a note private."""
    return record.get("private", False) not in (False, None, 0, "false", "")


class BriefGoal(Value):
    """A goal as a list shows it, `Goal.from_record(record, brief=True)`: without its
    history and its created and updated stamps (what a report's goal line reads of it)."""

    __slots__ = (
        "completed",
        "due",
        "id",
        "person",
        "progress",
        "status",
        "tags",
        "title",
        "uid",
        "why",
    )
    title: str
    why: str | None
    status: str
    progress: int
    due: date | None
    person: str | None
    tags: list[str]
    completed: datetime | None
    id: int | None
    uid: str | None

    @classmethod
    def from_record(cls, record: Mapping[str, Any]) -> BriefGoal:
        """The usual record's fields as they are (`goal_values.listed`, as `Goal._listed`
        takes them), any other's through the readers (as `Goal._read`)."""
        row = cls.__new__(cls)
        key: int | None
        fields = listed(record)
        if fields is not None:
            title, why, status, progress, due, person, tags, key, uid = fields
        else:
            title, why = _str(record, "title"), _opt_str(record, "why")
            status = _choice(record, "status", GOAL_STATUSES, "active")
            progress = max(0, min(100, _int(record, "progress")))
            due, person = _opt_date(record, "due"), _opt_str(record, "person")
            tags, key, uid = (
                _str_list(record, "tags"),
                _opt_int(record, "id"),
                _opt_str(record, "uid"),
            )
        _setattr(row, "title", title)
        _setattr(row, "why", why)
        _setattr(row, "status", status)
        _setattr(row, "progress", progress)
        _setattr(row, "due", due)
        _setattr(row, "person", person)
        _setattr(row, "tags", tags)
        _setattr(row, "completed", _opt_instant(record, "completed"))
        _setattr(row, "id", key)
        _setattr(row, "uid", uid)
        return row

    @classmethod
    def of(cls, goal: Goal) -> BriefGoal:
        """A goal built (the plain way), as a list shows it."""
        row = cls.__new__(cls)
        for name in cls.__slots__:
            _setattr(row, name, getattr(goal, name))
        return row
