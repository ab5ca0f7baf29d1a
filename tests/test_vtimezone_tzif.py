"""A VTIMEZONE's changes found from the zone's TZif data are the ones sampling finds.

`calendar.vtimezone` used to find a zone's changes by reading the zone day by day (week by
week before the first meeting's year) from 1969 on, then to the second (`_changes`, kept as
the plain way). It now reads the instants at which the zone may change from the zone's TZif
file (`calendar.tzif`) and walks the same steps only there (`_changes_at`). These tests hold
the two to the same changes: for every zone zoneinfo knows (slow), for the zones whose
history is unusual (at once), and for TZ rules past the table (hypothesis).
"""

from __future__ import annotations

import io
import struct
import zoneinfo
from datetime import UTC, datetime, timedelta
from unittest.mock import patch
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mentorlog.calendar import tzif, vtimezone
from mentorlog.timeparse import known_zone
from profiles import examples

Change = vtimezone._Change

START = datetime(1969, 1, 1, tzinfo=UTC)
# (first meeting's year, last year covered): vtimezone samples week by week before the year
# before the first, day by day after, to two years after the last.
SPANS = ((2026, 2038), (1999, 2060), (1970, 1975))
# Zones whose sampling is easy to get wrong: changes less than a week apart (Gaza's and
# Hebron's six days of summer time in October 2040), Brazil's changes in 2000, negative
# summer time (Dublin, Casablanca), half-hour and 45-minute offsets, rules past 24:00.
HARD = (
    "Asia/Gaza",
    "Asia/Hebron",
    "America/Sao_Paulo",
    "America/Noronha",
    "Europe/Dublin",
    "Africa/Casablanca",
    "Pacific/Chatham",
    "Australia/Lord_Howe",
    "Europe/Berlin",
    "America/Godthab",
    "Antarctica/Troll",
    "Pacific/Apia",
    "UTC",
)


def both_ways(key: str, first: int, last: int) -> tuple[list[Change], list[Change]]:
    zone = ZoneInfo(key)
    fine, end = datetime(first - 1, 1, 1, tzinfo=UTC), datetime(last + 2, 1, 1, tzinfo=UTC)
    plain = vtimezone._changes(zone, START, end, fine)
    return plain, vtimezone.zone_changes(zone, START, end, fine)


@pytest.mark.parametrize("key", HARD)
def test_the_hard_zones_change_where_sampling_finds(key: str) -> None:
    for first, last in SPANS:
        plain, read = both_ways(key, first, last)
        assert read == plain, (key, first, last)


def test_gaza_keeps_its_six_days_of_october_2040() -> None:
    plain, read = both_ways("Asia/Gaza", 2026, 2045)
    october = [c for c in read if c.at.year == 2040 and c.at.month == 10]
    assert len(october) >= 2
    assert read == plain


@pytest.mark.slow
@pytest.mark.parametrize("key", sorted(zoneinfo.available_timezones()))
def test_every_zone_changes_where_sampling_finds(key: str) -> None:
    for first, last in SPANS[:2]:
        plain, read = both_ways(key, first, last)
        assert read == plain, (key, first, last)


def test_the_tzif_file_is_the_one_zoneinfo_reads() -> None:
    for key in HARD:
        data = tzif.zone_file(key)
        assert data is not None
        own, theirs = ZoneInfo.from_file(io.BytesIO(data)), ZoneInfo(key)
        moment = START
        while moment.year < 2060:
            assert moment.astimezone(own).utcoffset() == moment.astimezone(theirs).utcoffset()
            moment += timedelta(days=97)


def test_a_zone_found_in_tzdata_when_no_directory_has_it() -> None:
    with patch.object(zoneinfo, "TZPATH", ()):
        data = tzif.zone_file("Europe/Berlin")
    assert data is not None
    assert data.startswith(b"TZif")


def test_what_cannot_be_read_is_none() -> None:
    assert tzif.zone_file("../etc/passwd") is None
    assert tzif.zone_file("No/Such_Zone") is None
    assert tzif.read_tzif(b"not a zone file at all, nowhere near 44 bytes long") is None
    data = tzif.zone_file("Europe/Berlin")
    assert data is not None
    assert tzif.read_tzif(data[:60]) is None
    assert tzif.footer_points("CET-1CEST", 2000, 2001) is None  # dates left to the reader
    assert tzif.footer_points("not a TZ string", 2000, 2001) is None
    assert tzif.footer_points("<+0530>-5:30", 2000, 2030) == []


def test_without_its_tzif_data_a_zone_is_sampled() -> None:
    with_data = vtimezone.vtimezone("Asia/Gaza", 2026, 2040, history=1970).to_ical()
    with patch.object(tzif, "zone_file", return_value=None):
        tzif._table.cache_clear()
        try:
            assert tzif.change_points("Asia/Gaza", START, START + timedelta(days=9)) is None
            sampled = vtimezone.vtimezone("Asia/Gaza", 2026, 2040, history=1970).to_ical()
        finally:
            tzif._table.cache_clear()
    assert sampled == with_data


# -- the footer's rule, past the table ---------------------------------------------------------


def tzif_of(tz: str) -> bytes:
    """A version 2 TZif file without transitions whose footer is `tz`: zoneinfo then reads
    every instant by the footer's rule."""
    v1 = struct.pack(">4sc15x6l", b"TZif", b"2", 0, 0, 0, 0, 1, 4) + struct.pack(">lBB", 0, 0, 0)
    v1 += b"LMT\x00"
    return v1 + v1 + b"\n" + tz.encode() + b"\n"


# Rules as tzdata writes them: changes inside their own year (months 2 to 11, times from
# -30 h to 80 h, Gaza's are at 50 h). zoneinfo reads a year's rule for that year's instants
# only, so a rule whose change falls in another year makes changes of its own at the turn
# of the year, which no zone has: tests above hold every real zone to sampling.
clock = st.builds(
    lambda hours, minutes: f"{hours}:{minutes:02d}" if minutes else str(hours),
    st.integers(-30, 80),
    st.sampled_from([0, 15, 30, 45]),
)
posix_day = st.one_of(
    st.builds(
        lambda m, w, d: f"M{m}.{w}.{d}", st.integers(2, 11), st.integers(1, 5), st.integers(0, 6)
    ),
    st.builds(lambda n: f"J{n}", st.integers(36, 330)),
    st.builds(str, st.integers(36, 330)),
)


def posix(seconds: int) -> str:
    """A UTC offset as POSIX writes it: hours west of Greenwich, so the sign turned."""
    sign = "-" if seconds > 0 else ""
    hours, rest = divmod(abs(seconds), 3600)
    return f"{sign}{hours}:{rest // 60:02d}" if rest else f"{sign}{hours}"


@settings(max_examples=examples(60), deadline=None)
@given(
    std=st.integers(-12 * 4, 12 * 4).map(lambda quarters: quarters * 900),
    save=st.sampled_from([None, 3600, 7200, -3600, 1800]),
    start=posix_day,
    start_time=st.none() | clock,
    end=posix_day,
    end_time=st.none() | clock,
    first=st.integers(1990, 2040),
)
def test_the_footer_rule_changes_where_sampling_finds(
    std: int,
    save: int | None,
    start: str,
    start_time: str | None,
    end: str,
    end_time: str | None,
    first: int,
) -> None:
    dst = "" if save is None else posix(std + save)
    tz = f"<S>{posix(std)}<D>{dst},{start}" + (f"/{start_time}" if start_time else "")
    tz += f",{end}" + (f"/{end_time}" if end_time else "")
    zone = ZoneInfo.from_file(io.BytesIO(tzif_of(tz)))
    low, high = datetime(first, 1, 1, tzinfo=UTC), datetime(first + 3, 1, 1, tzinfo=UTC)
    stamps = tzif.footer_points(tz, first - 1, first + 4)
    assert stamps is not None, tz
    epoch = datetime(1970, 1, 1, tzinfo=UTC)
    points = sorted({epoch + timedelta(seconds=s) for s in stamps} - {low})
    points = [point for point in points if point > low]
    assert vtimezone._changes_at(zone, points, low, high) == vtimezone._changes(zone, low, high), tz


# -- calm: no change within a span -----------------------------------------------------------


@settings(max_examples=examples(200), deadline=None)
@given(
    key=st.sampled_from(HARD),
    pick=st.integers(0, 10_000),
    edge=st.sampled_from(["low", "high"]),
    minutes=st.integers(-180, 180),
    hours=st.integers(0, 72),
)
def test_a_calm_span_has_one_offset_and_name(
    key: str, pick: int, edge: str, minutes: int, hours: int
) -> None:
    # One end of the span a few minutes from a change the zone may make.
    points = tzif.change_points(
        key, datetime(1960, 1, 1, tzinfo=UTC), datetime(2080, 1, 1, tzinfo=UTC)
    )
    assert points is not None
    near = points[pick % len(points)] if points else datetime(2026, 3, 29, tzinfo=UTC)
    span = timedelta(hours=hours)
    low = near + timedelta(minutes=minutes) - (span if edge == "high" else timedelta(0))
    high = low + span
    zone = ZoneInfo(key)
    seen = {vtimezone._state(zone, low + timedelta(minutes=5 * k)) for k in range(hours * 12)}
    seen.add(vtimezone._state(zone, high))
    if tzif.calm(key, low, high):
        assert len(seen) == 1


def test_a_span_with_a_change_is_not_calm() -> None:
    spring = datetime(2026, 3, 29, 1, tzinfo=UTC)  # Berlin's clocks go forward
    assert not tzif.calm("Europe/Berlin", spring - timedelta(hours=1), spring + timedelta(hours=1))
    assert tzif.calm("Europe/Berlin", spring + timedelta(hours=1), spring + timedelta(days=30))
    assert tzif.calm("UTC", spring, spring + timedelta(days=3650))
    assert not tzif.calm(None, spring, spring)
    assert not tzif.calm("Europe/Berlin", datetime(1850, 1, 1, tzinfo=UTC), spring)


# -- written as text ---------------------------------------------------------------------------


def component_lines(key: str, first: int, last: int) -> list[str]:
    component = vtimezone.vtimezone(key, first, last, history=1970)
    return [str(line) for line in component.content_lines(sorted=False) if line]


@pytest.mark.parametrize("key", HARD)
def test_a_vtimezone_is_written_as_icalendar_writes_it(key: str) -> None:
    for first, last in SPANS:
        text = vtimezone.vtimezone_lines(key, first, last, history=1970)
        assert text == component_lines(key, first, last)


@pytest.mark.slow
def test_every_zone_s_vtimezone_is_written_as_icalendar_writes_it() -> None:
    for key in sorted(zoneinfo.available_timezones()):
        if known_zone(key) is None:
            continue  # a name mentorlog refuses ('localtime'): never exported
        text = vtimezone.vtimezone_lines(key, 2026, 2038, history=1970)
        assert text == component_lines(key, 2026, 2038), key


@given(st.integers(1, 9999), st.integers(1, 12))
def test_a_month_s_length_is_the_calendar_module_s(year: int, month: int) -> None:
    import calendar

    assert tzif.month_length(year, month) == calendar.monthrange(year, month)[1]


@settings(max_examples=examples(200), deadline=None)
@given(
    key=st.sampled_from([*HARD, "Europe/Berlin", "Asia/Gaza", "Pacific/Chatham"]),
    start=st.integers(0, (2199 - 1901) * 366 * 86400),
    span=st.integers(0, 400 * 86400),
    first=st.integers(1900, 2199),
)
def test_calm_asks_of_the_years_it_needs_as_of_all_of_them(
    key: str, start: int, span: int, first: int
) -> None:
    """`calm` reads a zone's points only through the years asked so far (`_points_through`,
    first asked through some year `first`): the same answer as from all of them to 2200."""
    low = datetime(1901, 1, 1, tzinfo=UTC) + timedelta(seconds=start)
    high = min(low + timedelta(seconds=span), datetime(2199, 12, 31, tzinfo=UTC))
    tzif._THROUGH.clear()
    tzif._points_through(key, first)
    answer = tzif.calm(key, low, high)
    points = tzif._all_points(key)
    assert points is not None
    inside = [t for t in points if tzif._stamp(low) < t <= tzif._stamp(high)]
    assert answer == (not inside)
