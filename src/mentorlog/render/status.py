"""The dashboard in a terminal."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from rich.console import Group, RenderableType
from rich.text import Text

from mentorlog.model import Milestone
from mentorlog.render import dates
from mentorlog.render.actions import actions_table
from mentorlog.render.console import safe_line, stdout
from mentorlog.render.goals import goals_table
from mentorlog.render.human import cell, plural, short_date
from mentorlog.render.meetings import occurrences_table
from mentorlog.render.people import people_table
from mentorlog.render.status_plain import MAX_ACTIONS, MAX_GOALS, MAX_MILESTONES, welcome
from mentorlog.render.unmarked import HEADING, unmarked_lines
from mentorlog.services.status import Status


def status_view(status: Status, home: Path, *, zone_source: str = "config") -> RenderableType:
    now = status.now
    header = Text(f"{dates.full(now)} {now.tzinfo}", style="bold")
    parts: list[RenderableType] = [header, Text("")]
    if not status.journal_exists:
        return Group(*parts, _welcome(home, str(now.tzinfo), zone_source))
    header.append_text(_streak(status))
    if header.cell_len > stdout().width:
        # A narrow terminal: the short date, rather than a header over two lines.
        short = f"{dates.day(now)} {now.year}, {dates.clock(now)} {now.tzinfo}"
        header = Text(short, style="bold").append_text(_streak(status))
        parts[0] = header
    parts.append(Text("Next 7 days", style="bold"))
    if status.meetings:
        people = {p.handle: p for p in status.people}
        parts.append(occurrences_table(status.meetings, people, _zone(now), now))
    else:
        parts.append(
            Text("No meetings: mentorlog meeting add --with HANDLE --at WHEN", style="dim")
        )
    if status.unmarked:
        parts += [Text(""), Text(HEADING, style="bold")]
        parts += unmarked_lines(status.unmarked, now)
    if status.actions:
        parts += [Text(""), _actions_heading(status)]
        parts.append(actions_table(status.actions[:MAX_ACTIONS], now.date()))
        hidden = len(status.actions) - MAX_ACTIONS
        if hidden > 0:
            parts.append(
                Text(
                    f"and {plural(hidden, 'more action item')}: mentorlog action list", style="dim"
                )
            )
    parts.append(Text(""))
    parts.append(_heading("Goals", status))
    if status.goals:
        parts.append(goals_table(status.goals[:MAX_GOALS], now.date()))
        hidden = status.goal_count - MAX_GOALS
        if hidden > 0:
            parts.append(
                Text(f"and {plural(hidden, 'more goal')}: mentorlog goal list", style="dim")
            )
    else:
        parts.append(Text("No active goals: mentorlog goal add TITLE", style="dim"))
    people_heading = Text("People", style="bold")
    if status.overdue_people:
        people_heading.append(
            f"  {len(status.overdue_people)} overdue for a meeting", style="bold red"
        )
    parts += [Text(""), people_heading]
    if status.people:
        parts.append(people_table(status.people, now, status.beats))
    else:
        parts.append(
            Text("Nobody yet: mentorlog person add HANDLE --name N --role R --tz ZONE", style="dim")
        )
    if status.milestones:
        parts += [Text(""), Text("Milestones, last 30 days", style="bold")]
        parts += [_milestone_line(m, now) for m in status.milestones[:MAX_MILESTONES]]
        hidden = len(status.milestones) - MAX_MILESTONES
        if hidden > 0:
            parts.append(Text(f"and {hidden} more: mentorlog milestone list", style="dim"))
    return Group(*parts)


def _streak(status: Status) -> Text:
    streak = status.streak
    if streak.weeks == 0:
        return Text(" · no streak yet", style="dim")
    if streak.this_week:
        return Text(f" · {streak.weeks}-week streak", style="green")
    return Text(f" · {streak.weeks}-week streak; nothing yet this week", style="yellow")


def _actions_heading(status: Status) -> Text:
    today = status.now.date()
    overdue = sum(1 for a in status.actions if a.due is not None and a.due < today)
    heading = Text("Action items due this week", style="bold")
    if overdue:
        heading.append(f"  {overdue} overdue", style="bold red")
    return heading


def _milestone_line(milestone: Milestone, now: datetime) -> Text:
    line = Text("★ ", style="magenta")
    line.append(f"{short_date(milestone.on, now.date()):<10}  ")
    line.append_text(cell(milestone.title))
    if milestone.person:
        line.append(f" (with {safe_line(milestone.person)})", style="dim")
    return line


def _zone(now: datetime) -> ZoneInfo:
    return now.tzinfo if isinstance(now.tzinfo, ZoneInfo) else ZoneInfo("UTC")


def _heading(title: str, status: Status) -> Text:
    heading = Text(title, style="bold")
    if status.overdue_goals:
        heading.append(f"  {len(status.overdue_goals)} overdue", style="bold red")
    return heading


def _welcome(home: Path, zone: str, zone_source: str) -> Text:
    return Text(welcome(home, zone, zone_source), no_wrap=True, overflow="ignore")
