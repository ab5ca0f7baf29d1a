"""The dashboard as plain text, written without rich where nothing writes styles
(`render.status.status_view` is the same dashboard through rich, and
tests/test_plain_views.py holds the two to the same output).

`console.show` prints the dashboard part by part: a table as it is laid out, a line that
fits as it is, anything else folded as rich folds it (`plain.shown`). Here each part is
built as plain words, the tables by the plain writers of their lists.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from mentorlog.model import Milestone
from mentorlog.render import (
    actions_plain,
    dates,
    goals_list,
    meetings_plain,
    people_plain,
    plain,
)
from mentorlog.render.console import safe_line
from mentorlog.render.human import plural, short_date
from mentorlog.render.unmarked import HEADING, unmarked_words
from mentorlog.services.status import Status

# A dashboard shows what needs attention first; the full lists are one command away (and
# `status --json` holds them all). `render.status` shows as many.
MAX_ACTIONS = 10
MAX_GOALS = 10
MAX_MILESTONES = 5


def write_plain(status: Status, home: Path, *, zone_source: str = "config") -> bool:
    """The dashboard on stdout as plain text, where nothing writes styles; False, having
    written nothing, where rich must write it (`render.views`)."""
    width = plain.width()
    if width is None:
        return False
    return plain.write_parts(plain_parts(status, home, width, zone_source=zone_source))


def plain_parts(
    status: Status, home: Path, width: int, *, zone_source: str = "config"
) -> list[str]:
    """The dashboard's parts as `console.show` prints them `width` cells wide, without
    styles: each without its final newline."""
    now = status.now
    header = f"{dates.full(now)} {now.tzinfo}"
    if not status.journal_exists:
        return [plain.shown(header, width), "", welcome(home, str(now.tzinfo), zone_source)]
    streak = streak_words(status)
    if plain.cells(header + streak) > width:
        # A narrow terminal: the short date, rather than a header over two lines.
        header = f"{dates.day(now)} {now.year}, {dates.clock(now)} {now.tzinfo}"
    parts = [plain.shown(header + streak, width), "", plain.shown("Next 7 days", width)]
    if status.meetings:
        people = {p.handle: p for p in status.people}
        zone = now.tzinfo if isinstance(now.tzinfo, ZoneInfo) else ZoneInfo("UTC")
        parts.append(meetings_plain.plain_table(status.meetings, people, zone, now, width))
    else:
        parts.append(line("No meetings: mentorlog meeting add --with HANDLE --at WHEN", width))
    if status.unmarked:
        parts += ["", line(HEADING, width)]
        parts += [line(words, width) for words in unmarked_words(status.unmarked, now)]
    today = now.date()
    if status.actions:
        overdue = sum(1 for a in status.actions if a.due is not None and a.due < today)
        heading = "Action items due this week" + (f"  {overdue} overdue" if overdue else "")
        parts += ["", line(heading, width)]
        parts.append(actions_plain.plain_table(status.actions[:MAX_ACTIONS], today, width))
        hidden = len(status.actions) - MAX_ACTIONS
        if hidden > 0:
            more = f"and {plural(hidden, 'more action item')}: mentorlog action list"
            parts.append(line(more, width))
    overdue_goals = f"  {len(status.overdue_goals)} overdue" if status.overdue_goals else ""
    parts += ["", line(f"Goals{overdue_goals}", width)]
    if status.goals:
        parts.append(goals_list.plain_text(status.goals[:MAX_GOALS], today, width))
        hidden = status.goal_count - MAX_GOALS
        if hidden > 0:
            parts.append(line(f"and {plural(hidden, 'more goal')}: mentorlog goal list", width))
    else:
        parts.append(line("No active goals: mentorlog goal add TITLE", width))
    overdue_people = len(status.overdue_people)
    heading = "People" + (f"  {overdue_people} overdue for a meeting" if overdue_people else "")
    parts += ["", line(heading, width)]
    if status.people:
        parts.append(people_plain.plain_table(status.people, now, status.beats, width))
    else:
        nobody = "Nobody yet: mentorlog person add HANDLE --name N --role R --tz ZONE"
        parts.append(line(nobody, width))
    if status.milestones:
        parts += ["", line("Milestones, last 30 days", width)]
        parts += [line(milestone_words(m, now), width) for m in status.milestones[:MAX_MILESTONES]]
        hidden = len(status.milestones) - MAX_MILESTONES
        if hidden > 0:
            parts.append(line(f"and {hidden} more: mentorlog milestone list", width))
    return parts


def line(text: str, width: int) -> str:
    return plain.shown(text, width)


def streak_words(status: Status) -> str:
    streak = status.streak
    if streak.weeks == 0:
        return " · no streak yet"
    if streak.this_week:
        return f" · {streak.weeks}-week streak"
    return f" · {streak.weeks}-week streak; nothing yet this week"


def milestone_words(milestone: Milestone, now: datetime) -> str:
    title = safe_line(milestone.title) if milestone.title else "-"
    shared = f" (with {safe_line(milestone.person)})" if milestone.person else ""
    return f"★ {short_date(milestone.on, now.date()):<10}  {title}{shared}"


_ZONE_ORIGIN = {
    "system": "your system's zone",
    "fallback": "no zone was found, so UTC",
    "MENTORLOG_TZ": "from MENTORLOG_TZ",
    "config": "from your config",
}


def welcome(home: Path, zone: str, zone_source: str) -> str:
    """What a home without a journal shows: where it will live, the zone, the first steps
    (printed as it is, at any width)."""
    origin = _ZONE_ORIGIN.get(zone_source, zone_source)
    return (
        f"Welcome to mentorlog. Your journal will live in {home}.\n"
        f"Times are shown in {zone} ({origin}); to change it:\n"
        "  mentorlog config set timezone Europe/Berlin\n"
        "Start with:\n"
        '  mentorlog config set name "Your Name"\n'
        '  mentorlog person add alice --name "Alice Chen" --role mentor --tz Asia/Tokyo\n'
        '  mentorlog goal add "Give a conference talk" --with alice --due "in 3 months"\n'
        "Then run `mentorlog` again to see your status."
    )
