"""Past meetings nobody marked, with the commands that mark them, in a terminal."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from mentorlog.render import dates
from mentorlog.render.console import safe_line
from mentorlog.services.relationships import Unmarked

TYPE_CHECKING = False
if TYPE_CHECKING:
    # Imported where the lines are built: the agenda (Markdown) and the plain views need
    # only the counts and `unmarked_words`, and no rich.
    from rich.text import Text

# A dashboard names a few and counts the rest; `meeting list --past` shows them all.
MAX_UNMARKED = 3
HEADING = "Not marked: did it happen?"


def unmarked_lines(items: Sequence[Unmarked], now: datetime) -> list[Text]:
    """The most recent few, each with the command for held and the one for cancelled, and
    how many more there are."""
    from rich.text import Text

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


def unmarked_words(items: Sequence[Unmarked], now: datetime) -> list[str]:
    """`unmarked_lines`' texts, without their styles (tests/test_plain_views.py)."""
    lines = []
    for item in items[:MAX_UNMARKED]:
        o = item.occurrence
        local = o.start.astimezone(now.tzinfo)
        title = safe_line(f"{o.meeting.title} (meeting {item.meeting_id})")
        lines.append(f"  {dates.day_clock(local, today=now.date())}  {title}")
        lines.append(f"    held: {item.done_command}\n    not held: {item.cancel_command}")
    hidden = len(items) - MAX_UNMARKED
    if hidden > 0:
        lines.append(f"  and {hidden} more: mentorlog meeting list --past")
    return lines
