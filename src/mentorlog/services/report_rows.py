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

import importlib
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
)
from mentorlog.model.values import ACTION_STATUSES, FEEDBACK_DIRECTIONS, TOPIC_STATUSES

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from mentorlog.model import ActionItem, Feedback, Goal, Milestone, Note, Stored, Topic

__all__ = ["ActionRow", "BriefGoal", "FeedbackRow", "MilestoneRow", "NoteRow", "TopicRow"]


class _Row:
    """A stored record's identity (`Stored.identity`) and its fields, as its model has them:
    like the model's dataclass, equal to a row of the same kind whose fields are equal (in
    the order of `_names`), unhashable, and its fields set one by one as it is read
    (`object.__setattr__` a field, as an immutable value takes them, cost five times as
    much: a report reads a few thousand fields)."""

    __slots__ = ("created", "id", "uid", "updated")
    id: int | None
    uid: str | None
    created: datetime | None
    updated: datetime | None
    _names: tuple[str, ...] = ()  # each kind's: its fields, then these
    _model_at = ""  # its model, "module.Class" under mentorlog.model (as `Kind.model_at`)

    def __init_subclass__(cls) -> None:
        cls._names = (*cls.__slots__, *_Row.__slots__)

    def _fields(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self._names)

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        assert isinstance(other, _Row)
        return self._fields() == other._fields()

    __hash__ = None  # type: ignore[assignment]  # as a dataclass with eq and not frozen

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._names)
        return f"{type(self).__name__}({shown})"

    def _identity(self, record: Mapping[str, Any]) -> None:
        self.id = _opt_int(record, "id")
        self.uid = _opt_str(record, "uid")
        self.created = _opt_instant(record, "created")
        self.updated = _opt_instant(record, "updated")

    def _copy(self, model: object) -> None:
        """Every field of `model` (one of the same kind, built the plain way)."""
        for name in self._names:
            setattr(self, name, getattr(model, name))

    def to_json(self) -> dict[str, Any]:
        """Its model's `to_json`, from the model made of the row's fields (every field it
        has): only `--json` asks, where making the model's dataclass costs nothing a report
        notices."""
        if not self._model_at:
            raise NotImplementedError(f"{type(self).__name__} has no JSON of its own")
        module, name = self._model_at.split(".")
        model = getattr(importlib.import_module(f"mentorlog.model.{module}"), name)
        made: Stored = model(**{field: getattr(self, field) for field in self._names})
        return made.to_json()


def at_of(record: Mapping[str, Any]) -> datetime | None:
    """`_Dated.at_of`: its `at`, else when it was created."""
    return _opt_instant(record, "at") or _opt_instant(record, "created")


class ActionRow(_Row):
    """An action item (`ActionItem`)."""

    _model_at = "actions.ActionItem"
    __slots__ = (
        "completed",
        "due",
        "goal",
        "meeting",
        "owner",
        "person",
        "status",
        "text",
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
        row.text = _str(record, "text")
        row.owner = _str(record, "owner", "me") or "me"
        row.due = _opt_date(record, "due")
        row.status = status_of(record)
        row.meeting = _opt_int(record, "meeting")
        row.goal = _opt_int(record, "goal")
        row.person = _opt_str(record, "person")
        row.completed = _opt_instant(record, "completed")
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


def status_of(record: Mapping[str, Any]) -> str:
    """`ActionItem.status_of`."""
    return _choice(record, "status", ACTION_STATUSES, "open")


class TopicRow(_Row):
    """A talking point (`Topic`)."""

    _model_at = "topics.Topic"
    __slots__ = ("completed", "person", "status", "text")
    text: str
    person: str
    status: str
    completed: datetime | None

    @classmethod
    def from_record(cls, record: Mapping[str, Any]) -> TopicRow:
        row = cls.__new__(cls)
        row.text = _str(record, "text")
        row.person = _str(record, "person")
        row.status = topic_status_of(record)
        row.completed = _opt_instant(record, "completed")
        row._identity(record)
        return row

    @classmethod
    def of(cls, topic: Topic) -> TopicRow:
        row = cls.__new__(cls)
        row._copy(topic)
        return row


def topic_status_of(record: Mapping[str, Any]) -> str:
    return _choice(record, "status", TOPIC_STATUSES, "open")


class MilestoneRow(_Row):
    """A milestone (`Milestone`)."""

    _model_at = "milestones.Milestone"
    __slots__ = (
        "goal",
        "note",
        "on",
        "person",
        "source",
        "title",
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
        row.title = _str(record, "title")
        row.on = on
        row.goal = _opt_int(record, "goal")
        row.person = _opt_str(record, "person")
        row.note = _opt_str(record, "note")
        row.source = _opt_str(record, "source")
        row._identity(record)
        return row

    @classmethod
    def of(cls, milestone: Milestone) -> MilestoneRow:
        row = cls.__new__(cls)
        row._copy(milestone)
        return row


def milestone_on(record: Mapping[str, Any]) -> date:
    """`Milestone.on_of`: its day, else the day it was created, else 1 Jan 1970."""
    return _opt_date(record, "on") or _opt_date(record, "created") or date(1970, 1, 1)


class FeedbackRow(_Row):
    """Feedback given or received (`Feedback`)."""

    _model_at = "feedback.Feedback"
    __slots__ = (
        "at",
        "direction",
        "goal",
        "meeting",
        "person",
        "rating",
        "tags",
        "text",
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
        row.text = _str(record, "text")
        row.direction = _choice(record, "direction", FEEDBACK_DIRECTIONS, "received")
        row.person = _str(record, "person")
        row.at = at
        row.meeting = _opt_int(record, "meeting")
        row.goal = _opt_int(record, "goal")
        row.rating = _rating(record)
        row.tags = _str_list(record, "tags")
        row._identity(record)
        return row

    @classmethod
    def of(cls, feedback: Feedback) -> FeedbackRow:
        row = cls.__new__(cls)
        row._copy(feedback)
        return row


class NoteRow(_Row):
    """A note (`Note`); a report reads shared notes only."""

    _model_at = "notes.Note"
    __slots__ = (
        "at",
        "people",
        "private",
        "prompt",
        "tags",
        "text",
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
        row.text = _str(record, "text")
        row.at = at
        row.people = _str_list(record, "people")
        row.tags = _str_list(record, "tags")
        row.private = private_of(record)
        row.prompt = _opt_str(record, "prompt")
        row._identity(record)
        return row

    @classmethod
    def of(cls, note: Note) -> NoteRow:
        row = cls.__new__(cls)
        row._copy(note)
        return row


def private_of(record: Mapping[str, Any]) -> bool:
    """`Note.private_of`: anything but an explicit false keeps a note private."""
    return record.get("private", False) not in (False, None, 0, "false", "")


class BriefGoal(_Row):
    """A goal as a list shows it, `Goal.from_record(record, brief=True)`: without its
    history, and its created and updated stamps left unread (None), as there (what a
    report's goal line reads of it)."""

    __slots__ = (
        "completed",
        "due",
        "person",
        "progress",
        "status",
        "tags",
        "title",
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
        row.title = title
        row.why = why
        row.status = status
        row.progress = progress
        row.due = due
        row.person = person
        row.tags = tags
        row.completed = _opt_instant(record, "completed")
        row.id = key
        row.uid = uid
        row.created = row.updated = None
        return row

    @classmethod
    def of(cls, goal: Goal) -> BriefGoal:
        """A goal built (the plain way), as a list shows it: its stamps not read."""
        row = cls.__new__(cls)
        row._copy(goal)
        row.created = row.updated = None
        return row
