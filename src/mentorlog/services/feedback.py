"""Feedback, both ways: what you received and what you gave, and how meetings were rated."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from mentorlog import kinds
from mentorlog.errors import InvalidInput
from mentorlog.model import Feedback, Meeting
from mentorlog.services import fields, records
from mentorlog.services.goals import get_goal
from mentorlog.services.meetings import get_meeting
from mentorlog.services.people import get_person
from mentorlog.services.rating import Rating as Rating  # offered here, as before
from mentorlog.store import Journal

FEEDBACK = kinds.FEEDBACK.table
_EXAMPLE = "Great structure"


def get_feedback(journal: Journal, feedback_id: int) -> Feedback:
    feedback = records.get(journal, kinds.FEEDBACK, feedback_id)
    assert isinstance(feedback, Feedback)
    return feedback


def add_feedback(
    journal: Journal,
    text: str,
    *,
    now: datetime,
    giver: str | None = None,
    receiver: str | None = None,
    meeting: int | None = None,
    goal: int | None = None,
    rating: int | None = None,
    tags: Sequence[str] = (),
) -> Feedback:
    """Record feedback received from `giver` or given to `receiver` (exactly one of them)."""
    direction, handle = _who(journal, giver, receiver)
    if meeting is not None:
        _check_meeting(journal, meeting, handle)
    if goal is not None:
        get_goal(journal, goal)
    feedback = Feedback(
        text=fields.text(text, "feedback", limit=fields.LONG_TEXT, example=_EXAMPLE),
        direction=direction,
        person=handle,
        at=now,
        meeting=meeting,
        goal=goal,
        rating=rating,
        tags=fields.tags(tags),
    )
    record = journal.insert(FEEDBACK, feedback.to_record(), now=now)
    saved = Feedback.from_record(record)
    word = "from" if saved.direction == "received" else "to"
    journal.describe(f"feedback add {word} {handle} (feedback {saved.id})", now=now)
    return saved


def _who(journal: Journal, giver: str | None, receiver: str | None) -> tuple[Any, str]:
    if giver is not None and receiver is not None:
        raise InvalidInput(
            "Say who the feedback is from or for: --from HANDLE (you received it) or --to "
            "HANDLE (you gave it), not both."
        )
    if giver is None and receiver is None:
        raise InvalidInput(
            "Say who the feedback is from or for: --from HANDLE if you received it, or --to "
            "HANDLE if you gave it."
        )
    handle = get_person(journal, giver if giver is not None else receiver or "").handle
    return ("received" if giver is not None else "given"), handle


def _check_meeting(journal: Journal, meeting: int, handle: str) -> None:
    linked = get_meeting(journal, meeting)
    if handle not in linked.people:
        raise InvalidInput(
            f"Meeting {meeting} ({linked.title}) is not with {handle}; pick one of their "
            f"meetings from `mentorlog meeting list --with {handle} --past`."
        )


@dataclass(frozen=True)
class FeedbackInput:
    """What `feedback edit` was given; None means "not given", "none" clears --meeting,
    --goal and --rating."""

    text: str | None = None
    giver: str | None = None
    receiver: str | None = None
    meeting: str | None = None
    goal: str | None = None
    rating: int | None = None
    clear_rating: bool = False
    tags: Sequence[str] = ()
    untags: Sequence[str] = ()


def edit_feedback(
    journal: Journal, feedback_id: int, given: FeedbackInput, *, now: datetime
) -> Feedback:
    feedback = get_feedback(journal, feedback_id)
    if given == FeedbackInput():
        raise InvalidInput(
            "Nothing to change: give at least one option, e.g. --text or --rating; see "
            "`mentorlog feedback edit --help`."
        )
    changes: dict[str, Any] = {}
    if given.text is not None:
        changes["text"] = fields.text(
            given.text, "feedback", limit=fields.LONG_TEXT, example=_EXAMPLE
        )
    if given.giver is not None or given.receiver is not None:
        changes["direction"], changes["person"] = _who(journal, given.giver, given.receiver)
    if given.meeting is not None:
        changes["meeting"] = fields.link_id(given.meeting, "a meeting")
    if given.goal is not None:
        changes["goal"] = fields.link_id(given.goal, "a goal")
        if changes["goal"] is not None:
            get_goal(journal, changes["goal"])
    if given.rating is not None or given.clear_rating:
        changes["rating"] = given.rating
    tags = fields.retag(feedback.tags, given.tags, given.untags)
    changed = replace(feedback, tags=tags, **changes)
    if changed.meeting is not None and (given.meeting is not None or "person" in changes):
        _check_meeting(journal, changed.meeting, changed.person)
    assert changed.id is not None
    record = journal.update(FEEDBACK, changed.id, changed.to_record(), now=now)
    journal.describe(f"feedback edit (feedback {changed.id})", now=now)
    return Feedback.from_record(record)


def list_feedback(
    journal: Journal,
    *,
    person: str | None = None,
    direction: str | None = None,
    tag: str | None = None,
) -> list[Feedback]:
    """Feedback, newest first, with or without one person, given or received, tagged."""
    handle = get_person(journal, person).handle if person is not None else None
    wanted_tag = fields.tag(tag) if tag is not None else None
    chosen = [
        f
        for f in (Feedback.from_record(r) for r in journal.all(FEEDBACK))
        if (handle is None or f.person == handle)
        and (direction is None or f.direction == direction)
        and (wanted_tag is None or wanted_tag in f.tags)
    ]
    return sorted(chosen, key=lambda f: (f.at or _EPOCH, f.id or 0), reverse=True)


def meeting_ratings(meetings: Iterable[Meeting]) -> dict[str, Rating]:
    """The average rating of the meetings held with each person (ratings given with
    `meeting done --rating`, one per occurrence)."""
    given: dict[str, list[int]] = {}
    for meeting in meetings:
        for rating in meeting_rating_values(meeting):
            for handle in meeting.people:
                given.setdefault(handle, []).append(rating)
    return {h: Rating(sum(r) / len(r), len(r)) for h, r in given.items()}


def meeting_rating_values(meeting: Meeting) -> list[int]:
    """Every rating a meeting was given: one per held occurrence, or the meeting's own."""
    values = [h.rating for h in meeting.held if h.rating is not None]
    if not values and meeting.rating is not None:
        values = [meeting.rating]
    return values


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
