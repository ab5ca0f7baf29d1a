"""The progress report as Markdown: readable as it is in a terminal, and in any viewer."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, time
from functools import lru_cache

from mentorlog.render import dates
from mentorlog.render.console import safe_line
from mentorlog.render.human import due_phrase, plural
from mentorlog.services.report import (
    GRACE_DAYS,
    FeedbackSummary,
    MeetingSummary,
    Report,
)
from mentorlog.services.report_goals import GoalLine
from mentorlog.services.report_period import ReportPeriod
from mentorlog.services.report_rows import ActionRow, FeedbackRow

_TO = " to "

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def to_markdown(report: Report) -> str:
    """The report's sections, in order: meetings, goals, milestones, feedback, open items,
    shared notes."""
    lines = [f"# {heading(report)}", "", _covers(report.period, report.now), ""]
    lines += _meetings(report)
    lines += _goals(report)
    lines += _milestones(report)
    lines += _feedback(report)
    lines += _open_items(report)
    lines += _notes(report)
    return "\n".join(lines)


def heading(report: Report) -> str:
    """'Progress report: Sam Rivera with Alice Chen — 23 Aug to 21 Nov 2026'."""
    who = _text(report.author)
    if report.person is not None:
        who += f" with {_text(report.person.name)}"
    return f"Progress report: {who} — {_span(report.period)}"


def _span(period: ReportPeriod) -> str:
    first, last = period.first_day, period.last_day
    if first == last:
        return dates.day_month_year(first)
    if first.year == last.year:
        return f"{dates.day_month(first)}{_TO}{dates.day_month_year(last)}"
    return f"{dates.day_month_year(first)}{_TO}{dates.day_month_year(last)}"


def _covers(period: ReportPeriod, now: datetime) -> str:
    start = _moment(period.since)
    until = period.until
    end = f"through {_day(until.date())}" if period.whole_days else f"to {_moment(until)}"
    return f"From {start} {end} ({now.tzinfo}).\nOpen items are as they stand today."


def _moment(moment: datetime) -> str:
    clock = moment.timetz().replace(tzinfo=None)
    return _day(moment.date()) + ("" if clock == time() else f" {dates.clock(moment)}")


def _day(day: date) -> str:
    """'Tue 3 Nov 2026'."""
    return dates.day_year(day)


@lru_cache(maxsize=1024)  # a report names the same days many times over (due dates, meetings)
def _short(day: date, today: date) -> str:
    """'Tue 3 Nov', with the year when it is not this year."""
    return dates.day(day) if day.year == today.year else dates.day_year(day)


# -- meetings --------------------------------------------------------------------------------

# The meetings not marked a report names (the latest); `meeting list` has them all.
MAX_UNMARKED = 5


def _meetings(report: Report) -> list[str]:
    lines = ["## Meetings", ""]
    if not report.meetings:
        return [*lines, "Nobody in the journal yet, so no meetings.", ""]
    for summary in report.meetings:
        lines += _meeting_lines(summary, report)
    lines += [
        "",
        "A cadence is kept when no gap between meetings held is longer than the cadence plus "
        f"{plural(GRACE_DAYS, 'day')}'",
        "grace; gaps are counted from the start of the period (or the day the person was added) "
        "to its",
        "end.",
        "",
    ]
    return lines


def _meeting_lines(summary: MeetingSummary, report: Report) -> list[str]:
    today = report.today
    person = summary.person
    counts = f"{plural(summary.meetings, 'meeting')} held" if summary.meetings else "no meetings"
    if summary.cancelled:
        counts += f", {summary.cancelled} cancelled"
    if summary.unmarked:
        counts += f", {len(summary.unmarked)} not marked"
    lines = [f"- **{_text(person.name)}** ({person.role}): {counts}"]
    if summary.unmarked:
        lines.append(f"  - {_unmarked(summary, report)}")
    if summary.rating is not None:
        rating = summary.rating
        ratings = plural(rating.count, "rating")
        lines.append(f"  - Average rating {rating.average:.1f} out of 5, from {ratings}")
    if summary.last is not None:
        lines.append(f"  - Last met {_short(report.local_day(summary.last), today)}")
    lines.append(f"  - {_cadence(summary, today)}")
    return lines


def _unmarked(summary: MeetingSummary, report: Report) -> str:
    """'Not marked held or cancelled, so not counted: Tue 3 Nov, Tue 10 Nov'."""
    shown = [
        _short(report.local_day(u.occurrence.start), report.today)
        for u in reversed(summary.unmarked[:MAX_UNMARKED])
    ]
    more = len(summary.unmarked) - MAX_UNMARKED
    rest = f" and {more} more" if more > 0 else ""
    return f"Not marked held or cancelled, so not counted: {', '.join(shown)}{rest}"


def _cadence(summary: MeetingSummary, today: date) -> str:
    check, person = summary.cadence, summary.person
    if check is None:
        if person.cadence is None:
            return "No cadence set."
        return (
            f"Cadence {_text(person.cadence)!r} cannot be read; set one with "
            f"`mentorlog person edit {person.handle} --cadence 2w`."
        )
    gap = check.longest
    where = f"{plural(gap.days, 'day')} ({_short(gap.start, today)}{_TO}{_short(gap.end, today)})"
    if check.kept:
        return f"Cadence {check.every_words}: kept — longest gap {where}."
    return (
        f"Cadence {check.every_words}: **not kept** — longest gap {where}, more than "
        f"{check.words} plus {plural(GRACE_DAYS, 'day')}."
    )


# -- goals -----------------------------------------------------------------------------------


def _goals(report: Report) -> list[str]:
    goals = report.goals
    lines = ["## Goals", ""]
    if not (goals.completed or goals.active or goals.dropped):
        return [*lines, "No goals in this period.", ""]
    overdue = f" ({len(goals.overdue)} overdue)" if goals.overdue else ""
    lines += [
        f"{len(goals.completed)} completed, {len(goals.active)} in progress{overdue}, "
        f"{len(goals.dropped)} dropped.",
        "",
    ]
    today = report.now.date()
    if goals.completed:
        lines += ["### Completed", ""]
        lines += [_ended_line(line, "completed", report) for line in goals.completed]
        lines.append("")
    if goals.active:
        lines += ["### In progress", ""]
        lines += [_active_line(line, today) for line in goals.active]
        lines.append("")
    if goals.dropped:
        lines += ["### Dropped", ""]
        lines += [_ended_line(line, "dropped", report) for line in goals.dropped]
        lines.append("")
    return lines


def _ended_line(line: GoalLine, verb: str, report: Report) -> str:
    """'- Give a talk: 20% → 100%, completed Thu 5 Nov (Talk given) (goal 1)'."""
    when = f" {_short(report.local_day(line.ended), report.today)}" if line.ended else ""
    why = f" ({_text(line.note)})" if line.note else ""
    return f"- {_text(line.goal.title)}: {_progress(line)}, {verb}{when}{why} (goal {line.goal.id})"


def _progress(line: GoalLine) -> str:
    if line.end == line.start:
        return f"{line.end}%, no change"
    return f"{line.start}% → {line.end}% ({line.end - line.start:+d})"


def _active_line(line: GoalLine, today: date) -> str:
    progress = _progress(line)
    due = ""
    goal = line.goal
    if goal.due is not None:
        phrase = due_phrase(goal.due, today)
        due = f", due {_short(goal.due, today)} ({f'**{phrase}**' if line.overdue else phrase})"
    return f"- {_text(goal.title)}: {progress}{due} (goal {goal.id})"


# -- milestones and feedback -----------------------------------------------------------------


def _milestones(report: Report) -> list[str]:
    lines = ["## Milestones", ""]
    if not report.milestones:
        return [*lines, "No milestones in this period.", ""]
    today = report.now.date()
    for milestone in sorted(report.milestones, key=lambda m: (m.on, m.id or 0)):
        shared = _with(milestone.person, report) if report.person is None else ""
        note = f" — {_text(milestone.note)}" if milestone.note else ""
        lines.append(f"- {_short(milestone.on, today)}: {_text(milestone.title)}{shared}{note}")
    return [*lines, ""]


def _feedback(report: Report) -> list[str]:
    feedback = report.feedback
    lines = ["## Feedback", ""]
    if not (feedback.received or feedback.given):
        return [*lines, "No feedback in this period.", ""]
    lines += [
        f"- Received: {_count_and_rating(feedback.received)}",
        f"- Given: {_count_and_rating(feedback.given)}",
    ]
    if feedback.themes:
        themes = ", ".join(f"{_text(tag)} ({count})" for tag, count in feedback.themes)
        lines.append(f"- Themes: {themes}")
    lines.append("")
    for title, items, word in (
        ("### Received", feedback.received, "from"),
        ("### Given", feedback.given, "to"),
    ):
        if items:
            lines += [title, ""]
            lines += [_feedback_line(f, word, report) for f in reversed(items)]
            lines.append("")
    return lines


def _count_and_rating(items: Sequence[FeedbackRow]) -> str:
    rating = FeedbackSummary.rating(items)
    text = str(len(items))
    if rating is not None:
        text += f", average rating {rating.average:.1f} out of 5 from {rating.count}"
    return text


def _feedback_line(item: FeedbackRow, word: str, report: Report) -> str:
    day = _stamp_day(item.at, report)
    name = _text(report.names.get(item.person, item.person))
    rating = f" (rating {item.rating}/5)" if item.rating is not None else ""
    tags = " " + " ".join(f"#{_text(t)}" for t in item.tags) if item.tags else ""
    return f"- {day}, {word} {name}: {_text(item.text)}{rating}{tags}"


# -- open items and notes --------------------------------------------------------------------


def _open_items(report: Report) -> list[str]:
    lines = ["## Open items", "", "### Action items", ""]
    if not report.actions:
        lines += ["No open action items.", ""]
    else:
        owned: dict[str, list[ActionRow]] = {}  # each owner's, in the report's order
        for action in report.actions:
            owned.setdefault(action.owner, []).append(action)
        for owner in sorted(owned, key=lambda o: (o != "me", o)):
            heading = "Yours" if owner == "me" else _text(report.names.get(owner, owner))
            lines += [f"**{heading}**", ""]
            lines += [_action_line(a, report) for a in owned[owner]]
            lines.append("")
    lines += ["### Talking points", ""]
    if not report.topics:
        return [*lines, "No talking points queued.", ""]
    for topic in report.topics:
        shared = _with(topic.person, report) if report.person is None else ""
        lines.append(f"- {_text(topic.text)}{shared} (topic {topic.id})")
    return [*lines, ""]


def _action_line(action: ActionRow, report: Report) -> str:
    due = ""
    if action.due is not None:
        phrase = due_phrase(action.due, report.today)
        mark = f"**{phrase}**" if report.overdue(action) else phrase
        due = f", due {_short(action.due, report.today)} ({mark})"
    return f"- [ ] {_text(action.text)}{due} (action {action.id})"


def _notes(report: Report) -> list[str]:
    lines = ["## Shared notes", ""]
    if not report.notes:
        lines.append("No shared notes in this period.")
    for note in sorted(report.notes, key=lambda n: (n.at or _EPOCH, n.id or 0)):
        shared = "".join(_with(h, report) for h in note.people) if report.person is None else ""
        lines.append(f"- {_stamp_day(note.at, report)}: {_first_line(note.text)}{shared}")
    return [*lines, "", "Private notes are never part of a report.", ""]


def _stamp_day(at: datetime | None, report: Report) -> str:
    return _short(report.local_day(at), report.today) if at is not None else "undated"


def _first_line(text: str, limit: int = 100) -> str:
    lines = text.strip().splitlines()
    line = _text(lines[0]) if lines else ""
    more = len(lines) > 1 or len(line) > limit
    return (line[: limit - 1] if len(line) > limit else line) + ("…" if more else "")


def _with(handle: str | None, report: Report) -> str:
    if not handle:
        return ""
    return f" (with {_text(report.names.get(handle, handle))})"


def _text(value: str) -> str:
    """User text on one line, control characters visible."""
    return safe_line(value)
