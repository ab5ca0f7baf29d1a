"""`ics_components._plain`, which says whether an event's start is a wall time the zone's
clock neither skips nor repeats, answers as `wall_clock.clock_trouble` does (it no longer
imports that module)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from mentorlog.calendar.ics_components import _plain
from mentorlog.calendar.wall_clock import clock_trouble
from profiles import examples

ZONES = [
    ZoneInfo(name)
    for name in (
        "Europe/Berlin",
        "America/New_York",
        "Australia/Lord_Howe",
        "Pacific/Chatham",
        "America/Sao_Paulo",
        "Pacific/Apia",
        "Asia/Gaza",
        "UTC",
    )
]
# Days of clock changes in those zones (and others), so that walls fall in gaps and repeats.
DAYS = [
    datetime(2026, 3, 29),
    datetime(2026, 10, 25),
    datetime(2026, 3, 8),
    datetime(2026, 11, 1),
    datetime(2026, 4, 5),
    datetime(2026, 10, 4),
    datetime(2011, 12, 29),
    datetime(2018, 11, 4),
    datetime(2026, 9, 27),
]


@settings(max_examples=examples(300))
@given(
    st.sampled_from(ZONES),
    st.sampled_from(DAYS),
    st.integers(-2 * 24 * 4, 3 * 24 * 4),
    st.sampled_from([None, UTC, ZoneInfo("Asia/Tokyo")]),
)
def test_a_plain_wall_time_is_one_the_clock_neither_skips_nor_repeats(
    zone: ZoneInfo, day: datetime, quarters: int, given_in: ZoneInfo | None
) -> None:
    wall = day + timedelta(minutes=15 * quarters)
    moment = wall.replace(tzinfo=zone, fold=0)
    if given_in is not None:  # the same instant, given in another zone
        moment = moment.astimezone(given_in)
    shown = moment.astimezone(zone).replace(tzinfo=None)
    assert _plain(moment, zone) == (clock_trouble(shown, zone) is None)


def test_the_known_gap_and_repeat_are_not_plain() -> None:
    berlin = ZoneInfo("Europe/Berlin")
    assert not _plain(datetime(2026, 3, 29, 2, 30, tzinfo=berlin), berlin)  # skipped
    assert not _plain(datetime(2026, 10, 25, 2, 30, tzinfo=berlin), berlin)  # repeated
    assert _plain(datetime(2026, 10, 25, 4, 30, tzinfo=berlin), berlin)
