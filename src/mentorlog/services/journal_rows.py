"""The Markdown export's short way to its most numerous records: action items, talking
points, feedback and notes built straight from a usual stored record.

A usual record is one whose every field the document shows has the type the store writes
(as `Goal._listed` takes a goal for a list): it is built with those values as they are,
where `from_record` passes each field through a forgiving reader. Any other record (a hand
edit, an old import) is built by the model as before, so each record is the model's own
reading of it. Neither way reads the created and updated stamps, nor (for action items and
talking points) the completed stamp: the document shows none of them. At 100,000 records
the readers were most of building these 70,000 records. tests/test_export_fast_paths.py
holds the document to the one built from whole records, over usual and unusual records.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from mentorlog.model import ActionItem, Feedback, Note, Stored, Topic
from mentorlog.model.values import ACTION_STATUSES, FEEDBACK_DIRECTIONS
from mentorlog.services.topic_rows import usual_topic

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, TypeGuard

Read = Callable[[Mapping[str, "Any"]], "Any"]

_LARGEST = 2**53  # as `model.base` reads an integer field


def _id(value: Any) -> bool:
    """An integer field the model takes as it is: an int (not a bool) JSON can hold."""
    return type(value) is int and -_LARGEST < value < _LARGEST


def _strings(value: Any) -> TypeGuard[list[str]]:
    return type(value) is list and all(type(item) is str for item in value)


def usual_action(record: Mapping[str, Any]) -> ActionItem | None:
    get = record.get
    text, owner, status, person = get("text"), get("owner"), get("status"), get("person")
    key, uid, meeting, goal = get("id"), get("uid"), get("meeting"), get("goal")
    if not (
        type(text) is str
        and (owner is None or type(owner) is str)
        and (person is None or type(person) is str)
        and (meeting is None or _id(meeting))
        and (goal is None or _id(goal))
        and _id(key)
        and (uid is None or type(uid) is str)
    ):
        return None
    return ActionItem(
        text=text,
        owner=owner or "me",
        due=ActionItem.due_of(record),
        status=status if type(status) is str and status in ACTION_STATUSES else "open",
        meeting=meeting,
        goal=goal,
        person=person or None,
        id=key,
        uid=uid or None,
    )


def usual_feedback(record: Mapping[str, Any]) -> Feedback | None:
    get = record.get
    text, direction, person = get("text"), get("direction"), get("person")
    meeting, goal, rating, tags = get("meeting"), get("goal"), get("rating"), get("tags")
    key, uid = get("id"), get("uid")
    if not (
        type(text) is str
        and type(person) is str
        and (meeting is None or _id(meeting))
        and (goal is None or _id(goal))
        and (rating is None or (type(rating) is int and 1 <= rating <= 5))
        and _strings(tags)
        and _id(key)
        and (uid is None or type(uid) is str)
    ):
        return None
    return Feedback(
        text=text,
        direction=direction
        if type(direction) is str and direction in FEEDBACK_DIRECTIONS
        else "received",
        person=person,
        at=Feedback.at_of(record),
        meeting=meeting,
        goal=goal,
        rating=rating,
        tags=list(tags),
        id=key,
        uid=uid or None,
    )


def usual_note(record: Mapping[str, Any]) -> Note | None:
    get = record.get
    text, people, tags, prompt = get("text"), get("people"), get("tags"), get("prompt")
    key, uid = get("id"), get("uid")
    if not (
        type(text) is str
        and _strings(people)
        and _strings(tags)
        and (prompt is None or type(prompt) is str)
        and _id(key)
        and (uid is None or type(uid) is str)
    ):
        return None
    return Note(
        text=text,
        at=Note.at_of(record),
        people=list(people),
        tags=list(tags),
        private=Note.private_of(record),
        prompt=prompt or None,
        id=key,
        uid=uid or None,
    )


def reader(usual: Callable[[Mapping[str, Any]], Any], model: Read) -> Read:
    """`usual`, and `model` for a record it does not take."""

    def read(record: Mapping[str, Any]) -> Any:
        found = usual(record)
        return found if found is not None else model(record)

    return read


USUAL: dict[type[Stored], Callable[[Mapping[str, Any]], Any]] = {
    ActionItem: usual_action,
    Topic: usual_topic,
    Feedback: usual_feedback,
    Note: usual_note,
}
