"""A report's count of each person's meetings, the short way (`report_meetings.tallies`), is
the plain way's: every occurrence built (`meetings.occurrences_of`), handed to each of its
people in order, and counted (`tally_of`)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from mentorlog.calendar.occurrences import Occurrence
from mentorlog.model import Meeting
from mentorlog.services.meetings import occurrences_of
from mentorlog.services.report_meetings import Tally, tallies, tally_of
from profiles import examples
from test_ics_plan import meetings as one_meeting

PEOPLE = ("alice", "bob", "chen")
START = datetime(2026, 10, 20, 9, 0)  # a Tuesday, wall time in Berlin


@st.composite
def journals(draw: st.DrawFn) -> list[Meeting]:
    """A few meetings of the same days and zones (ties between meetings, ids repeated or
    missing), each with one or two people."""
    found = []
    for meeting in draw(st.lists(one_meeting(), min_size=1, max_size=5)):
        people = draw(st.lists(st.sampled_from(PEOPLE), min_size=1, max_size=3))
        ident = draw(st.sampled_from([1, 2, 3, None]))
        found.append(replace(meeting, id=ident, people=people))
    return found


def plain(
    meetings: list[Meeting], start_hours: int, hours: int, now_hours: int
) -> dict[str, Tally]:
    base = min(m.start for m in meetings).replace(tzinfo=UTC)
    start = base + timedelta(hours=start_hours)
    end = start + timedelta(hours=hours)
    now = base + timedelta(hours=now_hours)
    theirs: dict[str, list[Occurrence]] = {}
    if end > start:
        for o in occurrences_of(meetings, start, end):
            for handle in set(o.meeting.people):
                theirs.setdefault(handle, []).append(o)
    return {handle: tally_of(found, now) for handle, found in theirs.items()}


@settings(max_examples=examples(300))
@given(
    journals(),
    st.integers(-3 * 24, 20 * 24),
    st.integers(-5, 60 * 24),
    st.integers(-3 * 24, 70 * 24),
)
def test_the_tallies_are_the_plain_ones(
    meetings: list[Meeting], start_hours: int, hours: int, now_hours: int
) -> None:
    base = min(m.start for m in meetings).replace(tzinfo=UTC)
    start = base + timedelta(hours=start_hours)
    now = base + timedelta(hours=now_hours)
    short = tallies(meetings, start, start + timedelta(hours=hours), now)
    expected = plain(meetings, start_hours, hours, now_hours)
    assert short == expected
    for handle, tally in short.items():  # each start in its meeting's zone, as built
        assert [(at.isoformat(), at.tzinfo, at.fold) for at, _, _ in tally.held] == [
            (at.isoformat(), at.tzinfo, at.fold) for at, _, _ in expected[handle].held
        ]
        assert [(o.end.isoformat(), o.end.tzinfo) for o in tally.unmarked] == [
            (o.end.isoformat(), o.end.tzinfo) for o in expected[handle].unmarked
        ]


def test_a_tally_counts_held_cancelled_and_unmarked() -> None:
    from mentorlog.model import HeldOccurrence, wall_text

    meeting = Meeting(
        id=4,
        title="1:1",
        people=["alice"],
        start=START,
        tz="Europe/Berlin",
        duration=30,
        rrule="FREQ=WEEKLY",
        exdates=[START + timedelta(days=7)],
        held=[HeldOccurrence(start=wall_text(START), at=None, rating=4)],
    )
    now = START.replace(tzinfo=UTC) + timedelta(days=22)
    found = tallies([meeting], now - timedelta(days=40), now, now)
    assert set(found) == {"alice"}
    tally = found["alice"]
    assert [rating for _, _, rating in tally.held] == [4]
    assert tally.cancelled == 1
    assert [o.key for o in tally.unmarked] == [
        wall_text(START + timedelta(days=7 * k)) for k in (2, 3)
    ]
    assert tally == plain([meeting], -40 * 24 + 22 * 24, 40 * 24, 22 * 24)["alice"]
    assert tally != Tally()
