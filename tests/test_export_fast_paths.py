"""The Markdown export's short ways give what its plain ways give.

`render.journal_md.inline` escapes a line only when a character it may escape is in it
(`_MAY_ESCAPE`), where the plain way runs `_INLINE.sub` over every line.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from mentorlog.calendar import ics_fold
from mentorlog.render import journal_md
from mentorlog.render.console import safe_line


def the_plain_way(text: str) -> str:
    line = journal_md._INLINE.sub(r"\\\1", safe_line(text))
    match = journal_md._BLOCK_START.match(line)
    if match is None:
        return line
    marker = match.group(1)
    return f"{marker[:-1]}\\{marker[-1]}{line[len(marker) :]}"


@given(st.text(alphabet="ab _1.#>-*`[]<>\\\n\x1bé", max_size=24))
def test_a_line_is_escaped_as_the_plain_way_escapes_it(text: str) -> None:
    assert journal_md.inline(text) == the_plain_way(text)


def test_only_lines_with_something_to_escape_are_rewritten() -> None:
    assert journal_md.inline("Give a talk") == "Give a talk"
    assert journal_md.inline("America/New_York") == "America/New_York"
    assert journal_md.inline("_why_ *now*") == "\\_why\\_ \\*now\\*"
    assert journal_md.inline("# not a heading") == "\\# not a heading"


# --- .ics lines are folded as icalendar folds them ------------------------------------------

ICS_TEXT = st.text(alphabet='ab ,;:\\^"é李\U0001f600\t', max_size=200)


@given(st.text(alphabet="ab:;\\^é李\U0001f600", max_size=400))
def test_a_line_is_folded_as_icalendar_folds_it(line: str) -> None:
    from icalendar.parser.string import _foldline

    assert ics_fold.fold(line) == _foldline(line)
    assert ics_fold._fold_plain(line) == _foldline(line)


@given(st.lists(st.tuples(ICS_TEXT, ICS_TEXT), min_size=1, max_size=4))
def test_a_calendar_is_written_as_icalendar_writes_it(events: list[tuple[str, str]]) -> None:
    from icalendar import Calendar, Event

    cal = Calendar()
    cal.add("prodid", "-//mentorlog tests//EN")
    cal.add("version", "2.0")
    for n, (summary, description) in enumerate(events):
        event = Event()
        event.add("uid", f"{n}-{summary[:10]}")
        event.add("summary", summary)
        event.add("description", description)
        event.add("location", description[::-1])
        cal.add_component(event)
    assert ics_fold.to_ical(cal) == cal.to_ical(sorted=False)
