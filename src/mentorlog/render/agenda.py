"""The agenda as Markdown: readable as it is in a terminal, and in any Markdown viewer."""

from __future__ import annotations

from datetime import date

from mentorlog.model import ActionItem
from mentorlog.render import dates
from mentorlog.render.console import safe_line
from mentorlog.render.human import due_phrase, relative_day
from mentorlog.render.unmarked import MAX_UNMARKED
from mentorlog.services.agenda import Agenda, Change, LocalTime


def to_markdown(agenda: Agenda) -> str:
    """The agenda's sections, in order: title, times, place, check-in, since last time,
    past meetings not marked, action items, talking points, goals, feedback to discuss,
    reflection."""
    meeting = agenda.occurrence.meeting
    lines = [f"# {_text(meeting.title)}", ""]
    lines += [_time_line(t, agenda.today) for t in agenda.times]
    place = [
        part
        for part in (
            f"Channel: {_text(meeting.channel)}" if meeting.channel else "",
            f"Link: <{_text(meeting.link)}>" if meeting.link else "",
            f"Place: {_text(meeting.place)}" if meeting.place else "",
        )
        if part
    ]
    if place:
        lines += ["", " · ".join(place)]
    lines += ["", "## Check-in", "", agenda.checkin, ""]
    lines += _since(agenda)
    lines += _unmarked(agenda)
    lines += _actions(agenda)
    lines += _topics(agenda)
    lines += _goals(agenda)
    lines += _feedback(agenda)
    lines += ["## Reflection", "", agenda.reflection, ""]
    return "\n".join(lines)


def _time_line(t: LocalTime, today: date) -> str:
    who = "You" if t.who == "me" else _text(t.name)
    span = f"{dates.day_year(t.start)}, {dates.span(t.start, t.end)}"
    when = f" ({relative_day(t.start.date(), today)})" if t.who == "me" else ""
    off = ", outside working hours" if not t.working else ""
    return f"- **{who}**: {span} {_text(t.tz)}{when}{off}"


def _since(agenda: Agenda) -> list[str]:
    if agenda.previous is None:
        names = ", ".join(_text(p.name) for p in agenda.people) or "them"
        if not agenda.unmarked:
            return ["## Since last time", "", f"This is your first meeting with {names}.", ""]
        lines = ["## Since last time", "", f"No meeting with {names} is marked held yet.", ""]
        return [*lines, *(_change_line(change) for change in agenda.since), ""]
    last = agenda.previous.start
    lines = [f"## Since last time ({dates.day(last)})", ""]
    if not agenda.since:
        return [*lines, "Nothing recorded since then.", ""]
    return [*lines, *(_change_line(change) for change in agenda.since), ""]


def _unmarked(agenda: Agenda) -> list[str]:
    if not agenda.unmarked:
        return []
    lines = ["## Not marked: did it happen?", ""]
    for item in agenda.unmarked[:MAX_UNMARKED]:
        o = item.occurrence
        when = dates.day_clock(o.start.astimezone(agenda.zone))
        lines += [
            f"- {when}: {_text(o.meeting.title)} (meeting {item.meeting_id})",
            f"  held: `{item.done_command}`; not held: `{item.cancel_command}`",
        ]
    hidden = len(agenda.unmarked) - MAX_UNMARKED
    if hidden > 0:
        lines.append(f"- and {hidden} more: `mentorlog meeting list --past`")
    return [*lines, ""]


def _change_line(change: Change) -> str:
    private = " *(private)*" if change.private else ""
    return f"- {_text(change.text)}{private}"


def _feedback(agenda: Agenda) -> list[str]:
    if not agenda.feedback:
        return []
    names = {p.handle: _text(p.name) for p in agenda.people}
    lines = ["## Feedback to discuss", ""]
    for item in agenda.feedback:
        name = names.get(item.person) or _text(item.person)
        who = f"From {name}" if item.direction == "received" else f"You to {name}"
        rating = f" ({'★' * item.rating})" if item.rating else ""
        lines.append(f"- {who}: {_text(item.text)}{rating} (feedback {item.id})")
    return [*lines, ""]


def _actions(agenda: Agenda) -> list[str]:
    lines = ["## Action items", ""]
    if not agenda.actions:
        return [*lines, "No open action items.", ""]
    owners = [("me", "Yours"), *((p.handle, _text(p.name)) for p in agenda.people)]
    others = sorted({a.owner for a in agenda.actions} - {o for o, _ in owners})
    for owner, heading in [*owners, *((o, _text(o)) for o in others)]:
        items = agenda.actions_of(owner)
        if items:
            lines += [f"**{heading}**", ""]
            lines += [_action_line(a, agenda) for a in items]
            lines.append("")
    return lines


def _action_line(action: ActionItem, agenda: Agenda) -> str:
    due = ""
    if action.due is not None:
        phrase = due_phrase(action.due, agenda.today)
        mark = f"**{phrase}**" if action.id in agenda.overdue else phrase
        due = f", due {dates.day(action.due)} ({mark})"
    return f"- [ ] {_text(action.text)}{due} (action {action.id})"


def _topics(agenda: Agenda) -> list[str]:
    lines = ["## Talking points", ""]
    if not agenda.topics:
        handle = _text(agenda.people[0].handle) if agenda.people else "HANDLE"
        hint = f"None queued: add one with `mentorlog topic add TEXT --with {handle}`."
        return [*lines, hint, ""]
    return [*lines, *(f"- {_text(t.text)} (topic {t.id})" for t in agenda.topics), ""]


def _goals(agenda: Agenda) -> list[str]:
    lines = ["## Goals", ""]
    if not agenda.goals:
        return [*lines, "No active goals shared with them.", ""]
    for goal in agenda.goals:
        due = ""
        if goal.due is not None:
            phrase = due_phrase(goal.due, agenda.today)
            due = f", due {dates.day_year(goal.due)} ({phrase})"
        lines.append(f"- {_text(goal.title)}: {goal.progress}%{due} (goal {goal.id})")
    return [*lines, ""]


def _text(value: str) -> str:
    """User text on one line, control characters visible."""
    return safe_line(value)
