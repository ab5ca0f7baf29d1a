"""Past meetings nobody marked, with the commands that mark them, in a terminal."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from rich.text import Text

from mentorlog.render import dates
from mentorlog.render.console import safe_line
from mentorlog.services.relationships import Unmarked

# A dashboard names a few and counts the rest; `meeting list --past` shows them all.
MAX_UNMARKED = 3
HEADING = "Not marked: did it happen?"


def unmarked_lines(items: Sequence[Unmarked], now: datetime) -> list[Text]:
    """The most recent few, each with the command for held and the one for cancelled, and
    how many more there are."""
    lines = []
    for item in items[:MAX_UNMARKED]:
        o = item.occurrence
        local = o.start.astimezone(now.tzinfo)
        line = Text(f"  {dates.day_clock(local, today=now.date())}  ", style="yellow")
        line.append(safe_line(f"{o.meeting.title} (meeting {item.meeting_id})"))
        lines.append(line)
        lines.append(
            Text(f"    held: {item.done_command}\n    not held: {item.cancel_command}", style="dim")
        )
    hidden = len(items) - MAX_UNMARKED
    if hidden > 0:
        lines.append(Text(f"  and {hidden} more: mentorlog meeting list --past", style="dim"))
    return lines


def unmarked_count(items: Sequence[Unmarked]) -> str:
    """'1 not marked', '3 not marked'."""
    return f"{len(items)} not marked"
