"""Small pieces of human-readable output shared by every view: dates, bars, offsets."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from mentorlog.render import dates
from mentorlog.render.console import safe_line

TYPE_CHECKING = False
if TYPE_CHECKING:
    # rich is imported by the functions that build `Text`s: the `*_words` ones, for output
    # that carries no styles, need none of it (a piped `goal list` never imports rich).
    from rich.text import Text


def plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def span(days: int) -> str:
    """A number of days in the largest unit that reads naturally: 5 days, 3 weeks, 4 months."""
    if days < 14:
        return plural(days, "day")
    if days < 60:
        return plural(days // 7, "week")
    if days < 730:
        return plural(days // 30, "month")
    return plural(days // 365, "year")


def relative_day(day: date, today: date) -> str:
    """'today', 'tomorrow', 'in 5 days', 'yesterday', '3 weeks ago'."""
    delta = (day - today).days
    if delta == 0:
        return "today"
    if delta == 1:
        return "tomorrow"
    if delta == -1:
        return "yesterday"
    return f"in {span(delta)}" if delta > 0 else f"{span(-delta)} ago"


def due_phrase(due: date, today: date) -> str:
    """'today', 'tomorrow', 'in 5 days', 'overdue 2 weeks'."""
    delta = (due - today).days
    if delta < 0:
        return f"overdue {span(-delta)}"
    return relative_day(due, today)


def due_text(due: date | None, today: date, *, open_: bool = True) -> Text:
    """A due date with how far it is: '4 Dec, in 13 days', overdue in red."""
    from rich.text import Text

    words = due_words(due, today, open_=open_)
    if due is None or not open_:
        return Text(words, style="dim")
    delta = (due - today).days
    style = "bold red" if delta < 0 else "yellow" if delta <= 3 else ""
    return Text(words, style=style)


def due_words(due: date | None, today: date, *, open_: bool = True) -> str:
    """`due_text`'s words, without its style (for output that carries none)."""
    if due is None:
        return "-"
    label = dates.day_month(due) if due.year == today.year else dates.day_month_year(due)
    return f"{label}, {due_phrase(due, today)}" if open_ else label


def short_date(day: date, today: date) -> str:
    """'Fri 4 Dec', with the year when it is not this year."""
    return dates.day(day) if day.year == today.year else dates.day_year(day)


def progress_bar(percent: int, *, width: int = 10) -> Text:
    """A bar of `width` cells and the percentage: '██████░░░░  60%'."""
    from rich.text import Text

    filled = round(max(0, min(100, percent)) * width / 100)
    style = "green" if percent >= 100 else "cyan"
    return Text.assemble(("█" * filled, style), ("░" * (width - filled), "dim"), f" {percent:>3}%")


def progress_words(percent: int, *, width: int = 10) -> str:
    """`progress_bar`'s characters, without its styles."""
    filled = round(max(0, min(100, percent)) * width / 100)
    return f"{'█' * filled}{'░' * (width - filled)} {percent:>3}%"


def stars(rating: int | None) -> Text:
    """'★★★★☆' for 4, a dim dash for none."""
    from rich.text import Text

    if rating is None:
        return Text("-", style="dim")
    return Text.assemble(("★" * rating, "yellow"), ("☆" * (5 - rating), "dim"))


def clock(instant: datetime) -> str:
    """'Sat 19:15'."""
    return dates.weekday_clock(instant)


def offset_from(theirs: datetime, mine: datetime) -> str:
    """How far their clock is from mine: '+7h', '-5h30', 'same time'."""
    delta = (theirs.utcoffset() or timedelta()) - (mine.utcoffset() or timedelta())
    minutes = int(delta.total_seconds() // 60)
    if minutes == 0:
        return "same time as you"
    sign = "+" if minutes > 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"{sign}{hours}h{rest:02d}" if rest else f"{sign}{hours}h"


def cell(text: str | None) -> Text:
    """User text for a table cell: one line, control characters visible, no markup."""
    from rich.text import Text

    return Text(safe_line(text)) if text else Text("-", style="dim")


def tagged(text: str, tags: list[str]) -> Text:
    """A title or name followed by its tags, dimmed: 'Give a talk #speaking'."""
    result = cell(text)
    if tags:
        result.append(" ")
        result.append_text(tags_text(tags))
    return result


def tagged_words(text: str, tags: list[str]) -> str:
    """`tagged`'s words, without its styles."""
    words = safe_line(text) if text else "-"
    return f"{words} {tags_words(tags)}" if tags else words


def tags_words(tags: list[str]) -> str:
    return " ".join(f"#{safe_line(t)}" for t in tags)


def tags_text(tags: list[str]) -> Text:
    from rich.text import Text

    return Text(" ".join(f"#{safe_line(t)}" for t in tags), style="magenta") if tags else Text("")
