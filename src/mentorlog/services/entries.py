"""The journal proper: feedback both ways, milestones reached, notes and reflections."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from mentorlog import timeparse
from mentorlog.errors import InvalidInput, NotFound
from mentorlog.model import Feedback, Goal, Meeting, Milestone, Note
from mentorlog.services import fields, prompts
from mentorlog.services.goals import get_goal
from mentorlog.services.meetings import get_meeting
from mentorlog.services.people import get_person
from mentorlog.store import Journal

FEEDBACK = "feedback"
MILESTONES = "milestones"
NOTES = "notes"
REFLECTION_TAG = "reflection"
GOAL_DONE = "goal done"


# -- feedback --------------------------------------------------------------------------------


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
    if (giver is None) == (receiver is None):
        raise InvalidInput(
            "Say who the feedback is from or for: --from HANDLE (you received it) or --to "
            "HANDLE (you gave it), not both."
        )
    handle = get_person(journal, giver if giver is not None else receiver or "").handle
    if meeting is not None:
        linked = get_meeting(journal, meeting)
        if handle not in linked.people:
            raise InvalidInput(
                f"Meeting {meeting} ({linked.title}) is not with {handle}; pick one of their "
                f"meetings from `mentorlog meeting list --with {handle} --past`."
            )
    if goal is not None:
        get_goal(journal, goal)
    feedback = Feedback(
        text=fields.text(text, "feedback", limit=fields.LONG_TEXT, example="Great structure"),
        direction="received" if giver is not None else "given",
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


@dataclass(frozen=True)
class Rating:
    """How the meetings of one relationship were rated: their average and how many."""

    average: float
    count: int

    def to_json(self) -> dict[str, Any]:
        return {"average": round(self.average, 2), "count": self.count}


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


# -- milestones ------------------------------------------------------------------------------


def add_milestone(
    journal: Journal,
    title: str,
    *,
    now: datetime,
    goal: int | None = None,
    person: str | None = None,
    on: str | None = None,
    note: str | None = None,
) -> Milestone:
    """Record an achievement: on a day (today unless `on`), for a goal, with a person."""
    linked = get_goal(journal, goal) if goal is not None else None
    handle = get_person(journal, person).handle if person is not None else None
    if handle is None and linked is not None:
        handle = linked.person
    today = now.date()
    day = (
        timeparse.parse_date(on, today=today, prefer="past", what="milestone date") if on else today
    )
    milestone = Milestone(
        title=fields.text(title, "milestone", example="Gave my first talk"),
        on=day,
        goal=goal,
        person=handle,
        note=fields.optional_text(note, "note"),
    )
    return _insert_milestone(journal, milestone, now=now)


def goal_milestone(journal: Journal, goal: Goal, *, now: datetime) -> Milestone:
    """The milestone `goal done` records: the goal's title, today, with its person. It is
    part of the `goal done` change, so it does not describe a change of its own."""
    milestone = Milestone(
        title=goal.title,
        on=now.date(),
        goal=goal.id,
        person=goal.person,
        note=goal.history[-1].note if goal.history else None,
        source=GOAL_DONE,
    )
    return Milestone.from_record(journal.insert(MILESTONES, milestone.to_record(), now=now))


def remove_goal_milestones(journal: Journal, goal_id: int) -> list[Milestone]:
    """Take back the milestones `goal done` recorded for a goal (when it is reopened)."""
    removed = [
        m
        for m in (Milestone.from_record(r) for r in journal.all(MILESTONES))
        if m.goal == goal_id and m.source == GOAL_DONE
    ]
    for milestone in removed:
        assert milestone.id is not None
        journal.remove(MILESTONES, milestone.id)
    return removed


def _insert_milestone(journal: Journal, milestone: Milestone, *, now: datetime) -> Milestone:
    record = journal.insert(MILESTONES, milestone.to_record(), now=now)
    saved = Milestone.from_record(record)
    journal.describe(
        f"milestone add {timeparse.quote(saved.title)} (milestone {saved.id})", now=now
    )
    return saved


def list_milestones(
    journal: Journal,
    *,
    person: str | None = None,
    goal: int | None = None,
    since: date | None = None,
) -> list[Milestone]:
    """Milestones, most recent first."""
    handle = get_person(journal, person).handle if person is not None else None
    chosen = [
        m
        for m in (Milestone.from_record(r) for r in journal.all(MILESTONES))
        if (handle is None or m.person == handle)
        and (goal is None or m.goal == goal)
        and (since is None or m.on >= since)
    ]
    return sorted(chosen, key=lambda m: (m.on, m.id or 0), reverse=True)


# -- notes and reflections -------------------------------------------------------------------


def add_note(
    journal: Journal,
    text: str,
    *,
    now: datetime,
    people: Sequence[str] = (),
    tags: Sequence[str] = (),
    private: bool = False,
    prompt: str | None = None,
) -> Note:
    """Keep a note about one or more relationships, or just for yourself."""
    handles = check_people(journal, people)
    chosen_tags = fields.tags(tags)
    if prompt is not None and REFLECTION_TAG not in chosen_tags:
        chosen_tags.append(REFLECTION_TAG)
    note = Note(
        text=fields.text(text, "note", limit=fields.LONG_TEXT, example="Alice liked the demo"),
        at=now,
        people=handles,
        tags=chosen_tags,
        private=private,
        prompt=prompt,
    )
    record = journal.insert(NOTES, note.to_record(), now=now)
    saved = Note.from_record(record)
    kind = "reflect" if prompt is not None else "note add"
    journal.describe(
        f"{kind} {timeparse.quote(_first_line(saved.text))} (note {saved.id})", now=now
    )
    return saved


def check_people(journal: Journal, handles: Iterable[str]) -> list[str]:
    """The handles, each checked to name a person (with a did-you-mean when not)."""
    return list(dict.fromkeys(get_person(journal, h).handle for h in handles))


def list_notes(
    journal: Journal,
    *,
    person: str | None = None,
    tag: str | None = None,
    private: bool | None = None,
) -> list[Note]:
    """Notes, newest first; `private` True or False keeps only private or shared ones."""
    handle = get_person(journal, person).handle if person is not None else None
    wanted_tag = fields.tag(tag) if tag is not None else None
    chosen = [
        n
        for n in (Note.from_record(r) for r in journal.all(NOTES))
        if (handle is None or handle in n.people)
        and (wanted_tag is None or wanted_tag in n.tags)
        and (private is None or n.private == private)
    ]
    return sorted(chosen, key=lambda n: (n.at or _EPOCH, n.id or 0), reverse=True)


def get_note(journal: Journal, note_id: int) -> Note:
    record = journal.get(NOTES, note_id)
    if record is None:
        raise NotFound(f"No note with id {note_id}; see `mentorlog note list`.")
    return Note.from_record(record)


def reflection_prompt(journal: Journal, extra: Sequence[str] = ()) -> str:
    """The reflection prompt to answer next: the one answered least recently (never-answered
    ones first, in order), so that reflecting daily walks through the whole set."""
    choices = list(dict.fromkeys([*prompts.REFLECT, *extra]))
    last_answered: dict[str, datetime] = {}
    for record in journal.all(NOTES):
        note = Note.from_record(record)
        if note.prompt is not None:
            at = note.at or _EPOCH
            last_answered[note.prompt] = max(last_answered.get(note.prompt, _EPOCH), at)
    return min(choices, key=lambda p: (p in last_answered, last_answered.get(p, _EPOCH), 0))


def strip_prompt(text: str) -> str:
    """What the user wrote in the editor, without the `#` lines the file opened with."""
    lines = text.splitlines()
    while lines and (lines[0].startswith("#") or not lines[0].strip()):
        lines.pop(0)
    return "\n".join(lines).strip()


def _first_line(text: str, limit: int = 60) -> str:
    line = text.strip().splitlines()[0] if text.strip() else ""
    return line if len(line) <= limit else line[: limit - 1] + "…"


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
