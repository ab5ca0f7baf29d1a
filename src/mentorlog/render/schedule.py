"""How `when` and `schedule suggest` look: one instant on every clock, and times that suit all."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from rich.console import Group, RenderableType
from rich.text import Text

from mentorlog import timeparse
from mentorlog.render import dates
from mentorlog.render.console import safe_line, stdout
from mentorlog.render.fit import fitted
from mentorlog.render.grid import GAP, Column, Row
from mentorlog.render.human import offset_from, plural
from mentorlog.services.schedule import (
    Clock,
    NearMiss,
    Reading,
    SameInstant,
    Shortfall,
    Slot,
    Suggestions,
    span_text,
)


def city(zone: str) -> str:
    """'America/New_York' -> 'New York', 'UTC' -> 'UTC': how people name a zone aloud."""
    return zone.rsplit("/", 1)[-1].replace("_", " ")


def _who(clock: Clock) -> str:
    return "you" if clock.is_me else safe_line(clock.who)


def _whose(clock: Clock) -> str:
    return "your" if clock.is_me else f"{safe_line(clock.who)}'s"


def _and(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


# --- when ------------------------------------------------------------------------------------


def when_view(found: SameInstant) -> RenderableType:
    """One line per clock, you first, then the instant as one line of equal clocks."""
    columns = [
        Column("Who", shrink=1, min_width=12),
        Column("Time"),
        Column("Day"),
        Column("Offset"),
        Column(""),
    ]
    rows = [Row([*_reading_cells(reading, found.mine)]) for reading in found.readings]
    if _natural_width(columns, rows) > stdout().width:
        # Narrow: each zone under its person, rather than folded mid-name.
        rows = [Row([*_reading_cells(r, found.mine, "\n")]) for r in found.readings]
    table = fitted(columns, rows, stdout(), ("Offset", "Day"))
    if len({reading.clock.zone.key for reading in found.readings}) == 1:
        return table
    return Group(table, Text(""), Text(same_instant_line(found)))


def _reading_cells(reading: Reading, mine: Reading, apart: str = " ") -> list[Text]:
    clock, local = reading.clock, reading.local
    offset = "" if clock.is_me else offset_from(local, mine.local)
    if local.utcoffset() == mine.local.utcoffset() and not clock.is_me:
        offset = "same"
    day = ""
    if reading.day_offset:
        day = f"{reading.day_offset:+d} " + ("day" if abs(reading.day_offset) == 1 else "days")
    return [
        Text(f"{_who(clock)}{apart}({clock.zone.key})", style="bold" if clock.is_me else ""),
        Text(dates.day_clock(local)),
        Text(day, style="cyan"),
        Text(offset, style="dim" if offset == "same" else ""),
        Text("" if reading.working else "outside working hours", style="yellow"),
    ]


def same_instant_line(found: SameInstant) -> str:
    """'Tue 09:00 New York = Tue 15:00 Berlin = Wed 01:00 Sydney': the zone the time was
    given in first, then the other zones from west to east."""
    given = found.instant
    others: dict[str, datetime] = {}
    for reading in found.readings:
        others.setdefault(reading.clock.zone.key, reading.local)
    given_key = getattr(given.tzinfo, "key", None)
    first = [given] if given_key is not None else []
    rest = sorted(
        (local for key, local in others.items() if key != given_key),
        key=lambda local: local.utcoffset() or timedelta(),
    )
    return " = ".join(
        f"{dates.weekday_clock(local)} {city(str(local.tzinfo))}" for local in [*first, *rest]
    )


# --- schedule suggest ------------------------------------------------------------------------


def suggestions_view(found: Suggestions) -> RenderableType:
    """A heading and one row per slot, with its time on every participant's clock."""
    names = _and([_who(clock) for clock in found.clocks[1:]])
    length = timeparse.format_duration(found.length)
    heading = Text(f"Times for {length} with {names}, inside everyone's working hours:")
    return Group(heading, _slots_table(found.slots, found.clocks))


def _slots_table(slots: Sequence[Slot], clocks: Sequence[Clock]) -> Text:
    """The fullest form that fits the terminal: ranges with day markers, then ranges, then
    start times only (the length is in the heading), then without the cities in the
    headers."""
    width = stdout().width
    columns: list[Column] = []
    rows: list[Row] = []
    forms = ((True, True, True), (True, False, True), (True, False, False), (False, False, False))
    for cities, markers, ends in forms:
        columns = [
            Column("#", justify="right"),
            *(Column(f"{_who(c)} ({city(c.zone.key)})" if cities else _who(c)) for c in clocks),
        ]
        rows = [
            Row([Text(str(n), style="bold"), *_slot_cells(slot, clocks, markers, ends)])
            for n, slot in enumerate(slots, 1)
        ]
        if _natural_width(columns, rows) <= width:
            break
    return fitted(columns, rows, stdout())


def _natural_width(columns: Sequence[Column], rows: Sequence[Row]) -> int:
    widths = [
        max([len(c.header), *(row.cells[i].cell_len for row in rows)])
        for i, c in enumerate(columns)
    ]
    return sum(widths) + len(GAP) * (len(widths) - 1)


def _slot_cells(slot: Slot, clocks: Sequence[Clock], markers: bool, ends: bool) -> list[Text]:
    mine = slot.start.astimezone(clocks[0].zone)
    cells = []
    for clock in clocks:
        start, end = slot.start.astimezone(clock.zone), slot.end.astimezone(clock.zone)
        day = dates.day(start) if clock.is_me else dates.weekday(start)
        text = Text(f"{day} {dates.span(start, end) if ends else dates.clock(start)}")
        shift = (start.date() - mine.date()).days
        if shift and not clock.is_me:
            text.stylize("cyan")
            if markers:
                text.append(f" {shift:+d}d", style="cyan")
        cells.append(text)
    return cells


def no_slot_message(found: Suggestions) -> str:
    """Why nothing was found, in one sentence, naming everyone and their zones."""
    window = _window_text(found.window)
    who = _and([f"{_who(clock)} ({clock.zone.key})" for clock in found.clocks])
    if found.common_time:
        return (
            f"Your meetings fill every time in the next {window} that is inside working hours "
            f"for {who}."
        )
    return f"No time in the next {window} is inside working hours for {who}."


def near_miss_message(miss: NearMiss, clocks: Sequence[Clock]) -> str:
    """'Closest: Mon 23 Nov 16:15-17:00 New York = Tue 24 Nov 08:15-09:00 Sydney, 45 minutes
    before bo's hours start.'"""
    seen: dict[str, str] = {}
    for clock in clocks:
        start = miss.slot.start.astimezone(clock.zone)
        end = miss.slot.end.astimezone(clock.zone)
        text = f"{dates.day(start)} {dates.span(start, end)} {city(clock.zone.key)}"
        seen.setdefault(clock.zone.key, text)
    reasons = _and([_shortfall_text(s) for s in miss.shortfalls])
    return f"Closest: {' = '.join(seen.values())}, {reasons}."


def _shortfall_text(short: Shortfall) -> str:
    whose = _whose(short.clock)
    if short.day_off:
        return f"on {whose} day off"
    parts = []
    if short.before:
        parts.append(f"{_minutes(short.before)} before {whose} hours start")
    if short.after:
        parts.append(f"{_minutes(short.after)} after {whose} hours end")
    if not parts:
        return f"{_minutes(short.stretch)} outside {whose} working hours"
    return " and ".join(parts)


def fewer_message(found: Suggestions, count: int) -> str:
    """'Found only 3 of the 5 times asked for in the next 14 days; ...'"""
    return (
        f"Found only {len(found.slots)} of the {count} times asked for in the next "
        f"{_window_text(found.window)}; look further ahead with --within, e.g. --within 4w."
    )


def _minutes(count: int) -> str:
    if count < 60:
        return plural(count, "minute")
    if count % 60 == 0:
        return plural(count // 60, "hour")
    return timeparse.format_duration(timedelta(minutes=count))


def _window_text(window: timedelta) -> str:
    """'14 days', 'day' (as in 'the next day'), '36h'."""
    return "day" if window == timedelta(days=1) else span_text(window)
