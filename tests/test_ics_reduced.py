"""`import ics` lets icalendar parse the file without what the mapping never reads
(`ics_lines.reduced`: descriptions, stamps and plain reminders); the plain way parses it whole. The
two are held equal over every .ics file in tests/data (the corpus of real clients, the
import samples), our own export of a generated journal, and generated files with folded
descriptions and reminders in every place."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mentorlog.calendar import ics_lines
from mentorlog.calendar.ics_import import read_calendar
from mentorlog.errors import InvalidInput

DATA = Path(__file__).resolve().parent / "data"
ZONE = ZoneInfo("Europe/Berlin")
FILES = sorted(DATA.rglob("*.ics"))


def both_ways(data: bytes, name: str) -> tuple[Any, Any]:
    def read(whole: bool) -> Any:
        try:
            return read_calendar(data, name, zone=ZONE, prefer=["Europe/Berlin"], whole_text=whole)
        except InvalidInput as exc:
            return ("refused", str(exc))

    return read(False), read(True)


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(DATA)))
def test_a_file_is_read_as_when_parsed_whole(path: Path) -> None:
    fast, plain = both_ways(path.read_bytes(), path.name)
    assert fast == plain


def test_the_files_have_what_is_left_unread() -> None:
    """The comparison above covers files with descriptions and reminders to leave out."""
    reduced = 0
    for path in FILES:
        text = path.read_bytes().decode("utf-8", "replace")
        try:
            shape = ics_lines.outline(text, path.name)
        except InvalidInput:
            continue
        reduced += ics_lines.reduced(text, shape) != text
    assert len(FILES) > 100
    assert reduced > 20


def test_our_export_of_a_journal_is_read_as_when_parsed_whole(tmp_path: Path) -> None:
    sys.path.insert(0, str(Path(__file__).parents[1] / "benchmarks"))
    import journal_gen

    from mentorlog import store
    from mentorlog.calendar.ics_export import IcsRequest, Me
    from mentorlog.services.ics import export_calendar

    journal_gen.write(tmp_path, 2_000)
    with store.open_journal(tmp_path) as journal:
        data = export_calendar(journal, IcsRequest(), now=journal_gen.NOW, me=Me("", ZONE)).data
    fast, plain = both_ways(data, "export.ics")
    assert len(fast.invites) > 150
    assert fast == plain


texts = st.text(alphabet="ab ,;:\\é\t", max_size=150)


@st.composite
def calendars(draw: st.DrawFn) -> bytes:
    def folded(line: str) -> str:
        return "\r\n ".join(line[i : i + 70] for i in range(0, max(len(line), 1), 70))

    events = []
    for n in range(draw(st.integers(1, 4))):
        lines = [
            "BEGIN:VEVENT",
            f"UID:u{n}",
            f"DTSTART;TZID=Europe/Berlin:2026120{n + 1}T0{n}3000",
            "DURATION:PT30M",
            folded(f"SUMMARY:{draw(texts)}"),
        ]
        extra = [
            folded(f"DESCRIPTION:{draw(texts)}"),
            "DTSTAMP:20261121T101500Z",
            "DTSTAMP:2026-11-21",
            "DESCRIPTION;ALTREP=x:y",
            "BEGIN:VALARM\r\nACTION:DISPLAY\r\nDESCRIPTION:x\r\nTRIGGER:-PT15M\r\nEND:VALARM",
            "BEGIN:VALARM\r\nACTION:DISPLAY\r\nTRIGGER:PT-2H\r\nEND:VALARM",
            "BEGIN:VALARM\r\nTRIGGER:P\r\nEND:VALARM",
            "BEGIN:VALARM\r\nTRIGGER;RELATED=END:-PT5M\r\nBEGIN:X\r\nEND:X\r\nEND:VALARM",
            "begin:valarm\r\nTRIGGER:-P1DT2H\r\nend:valarm",
            "RRULE:FREQ=WEEKLY;COUNT=3",
            folded(f"LOCATION:{draw(texts)}"),
        ]
        chosen = draw(st.lists(st.sampled_from(extra), max_size=5))
        lines[2:2] = chosen[:2]
        lines += [*chosen[2:], "END:VEVENT"]
        events.append("\r\n".join(lines))
    ending = draw(st.sampled_from(["\r\n", "", "\n"]))
    body = "\r\n".join(["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//t//t//EN", *events])
    return (body + "\r\nEND:VCALENDAR" + ending).encode("utf-8")


@given(calendars(), st.booleans())
def test_generated_files_are_read_as_when_parsed_whole(data: bytes, unix: bool) -> None:
    if unix:
        data = data.replace(b"\r\n", b"\n")
    fast, plain = both_ways(data, "generated.ics")
    assert fast == plain
