"""calendar.ics_export without the CLI: round trips against calendar.occurrences, the
VTIMEZONEs against zoneinfo in every zone, the option readers, and the cost of 1,000 meetings.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, available_timezones

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mentorlog.calendar import ics_export as ics
from mentorlog.calendar import occurrences as occ
from mentorlog.calendar import vtimezone as vtz
from mentorlog.errors import InvalidInput
from mentorlog.model import ActionItem, Goal, Meeting, Person, Topic, wall_text
from mentorlog.services.ics import export_calendar
from profiles import examples

NOW = datetime(2026, 11, 21, 11, 15, tzinfo=ZoneInfo("Europe/Berlin"))
ME = ics.Me("", ZoneInfo("Europe/Berlin"))
WINDOW = (datetime(2023, 1, 1, tzinfo=UTC), datetime(2033, 1, 1, tzinfo=UTC))
ROUND_TRIP_ZONES = (
    "America/New_York",
    "America/Los_Angeles",
    "Europe/Berlin",
    "Europe/London",
    "Australia/Sydney",
    "Asia/Tokyo",
    "UTC",
    "America/Sao_Paulo",
    "Asia/Kolkata",
    "Europe/Dublin",  # negative DST in tzdata: winter is the "daylight" offset
    "Australia/Lord_Howe",  # a 30-minute change
    "Pacific/Chatham",  # +12:45 / +13:45
)
ALL_ZONES = sorted(available_timezones() - {"localtime", "Factory"})


def build(meetings: list[Meeting], **request: Any) -> bytes:
    return ics.build_calendar(
        ics.CalendarSource(meetings=meetings), ics.IcsRequest(**request), now=NOW, me=ME
    ).data


def parse(data: bytes) -> Any:
    import icalendar

    return icalendar.Calendar.from_ical(data)


def renamed(data: bytes, zone: str) -> bytes:
    """The calendar with the zone's TZID made unknown, so readers must use its VTIMEZONE
    (a new name each time: icalendar caches the zones it builds by TZID)."""
    name = f"Test-{uuid.uuid4()}".encode()
    return data.replace(f"TZID={zone}".encode(), b"TZID=" + name).replace(
        f"TZID:{zone}".encode(), b"TZID:" + name
    )


def expansion(data: bytes) -> list[tuple[datetime, datetime]]:
    """(start, end) in UTC of every occurrence in WINDOW, the end by the exact length."""
    import recurring_ical_events

    cal = parse(data)
    [master] = cal.events
    if "DURATION" in master:  # a start the clocks skip or repeat: an exact length
        length = master["DURATION"].dt
    else:
        length = master["DTEND"].dt.astimezone(UTC) - master["DTSTART"].dt.astimezone(UTC)
    found = recurring_ical_events.of(cal).between(*WINDOW)
    starts = sorted(e["DTSTART"].dt.astimezone(UTC) for e in found)
    return [(start, start + length) for start in starts]


def truth(meeting: Meeting) -> list[tuple[datetime, datetime]]:
    """mentorlog's occurrences in WINDOW but those cancelled one by one (EXDATEs); a whole
    cancelled meeting keeps the rest (STATUS:CANCELLED tells readers)."""
    exdates = {wall_text(wall) for wall in meeting.exdates}
    return [
        (o.start_utc, o.end_utc) for o in occ.occurrences(meeting, *WINDOW) if o.key not in exdates
    ]


def clean(wall: datetime, zone: ZoneInfo) -> bool:
    """Whether a wall time exists exactly once in the zone (not in a gap, not repeated)."""
    first, second = wall.replace(tzinfo=zone, fold=0), wall.replace(tzinfo=zone, fold=1)
    return first.utcoffset() == second.utcoffset()


# -- round trip: meeting -> .ics -> expanded by recurring-ical-events -------------------------

RULES = (
    None,
    "FREQ=WEEKLY;COUNT={n}",
    "FREQ=WEEKLY;INTERVAL=2;COUNT={n}",
    "FREQ=WEEKLY;BYDAY=MO,TH;COUNT={n}",
    "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH;COUNT={n}",  # the phase must survive a moved DTSTART
    "FREQ=YEARLY;COUNT={n}",
    "FREQ=DAILY;COUNT={n}",
    "FREQ=MONTHLY;BYDAY=1TU;COUNT={n}",  # DTSTART is often not a first Tuesday
    "FREQ=MONTHLY;BYDAY=-1FR;COUNT={n}",
    "FREQ=MONTHLY;COUNT={n}",
    "FREQ=WEEKLY;UNTIL={until}",
    "FREQ=MONTHLY;BYDAY=2WE;UNTIL={until}",
    "FREQ=WEEKLY",
)


@st.composite
def meetings(draw: st.DrawFn) -> Meeting:
    zone = draw(st.sampled_from(ROUND_TRIP_ZONES))
    day = draw(st.dates(min_value=date(2024, 1, 1), max_value=date(2030, 12, 31)))
    wall = datetime.combine(
        day, time(draw(st.integers(0, 23)), draw(st.sampled_from([0, 15, 30, 45])))
    )
    rule = draw(st.sampled_from(RULES))
    if rule is not None:
        until = wall.replace(tzinfo=ZoneInfo(zone)) + timedelta(days=draw(st.integers(0, 700)))
        rule = rule.format(
            n=draw(st.integers(1, 60)), until=until.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
        )
    meeting = Meeting(
        title="Check-in",
        people=["alice"],
        start=wall,
        tz=zone,
        duration=draw(st.sampled_from([15, 45, 60, 90, 150])),
        rrule=rule,
        status=draw(st.sampled_from(["scheduled", "scheduled", "held", "cancelled"])),
        sequence=draw(st.integers(0, 5)),
        uid="u-1",
        id=1,
    )
    if rule is not None:
        found = occ.occurrences(meeting, *WINDOW)
        chosen = draw(st.lists(st.sampled_from(found), max_size=4)) if found else []
        meeting.exdates = [o.start.replace(tzinfo=None) for o in chosen]
    return meeting


@settings(max_examples=examples(120), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(meeting=meetings())
def test_every_occurrence_round_trips(meeting: Meeting) -> None:
    expected = truth(meeting)
    data = build([meeting])
    if not occ.occurrences(meeting, *WINDOW):
        assert b"BEGIN:VEVENT" not in data  # a rule that yields nothing is left out
        return
    assert expansion(data) == expected
    [event] = parse(data).events
    assert event["SEQUENCE"] == meeting.sequence
    assert str(event["STATUS"]) == ("CANCELLED" if meeting.status == "cancelled" else "CONFIRMED")
    # Through the VTIMEZONE alone (an unknown TZID), for wall times that exist once; a time
    # in a gap or a repeated hour is read by dateutil's rules there, not RFC 5545's.
    zone = ZoneInfo(meeting.tz)
    first = event["DTSTART"].dt.replace(tzinfo=None)
    if meeting.tz != "UTC" and clean(first, zone) and clean(meeting.start, zone):
        custom = expansion(renamed(data, meeting.tz))
        # Judged by the scheduled wall time: a gap occurrence's instant reads as a clean time.
        exdates = {wall_text(wall) for wall in meeting.exdates}
        ok = {
            (o.start_utc, o.end_utc)
            for o in occ.occurrences(meeting, *WINDOW)
            if o.key not in exdates and clean(o.start.replace(tzinfo=None), zone)
        }
        assert ok <= set(custom)


def test_an_rrule_until_is_written_in_utc_whatever_was_stored() -> None:
    base = Meeting(title="x", people=["a"], start=datetime(2026, 12, 1, 9), tz="America/New_York")
    for stored, written in [
        ("FREQ=WEEKLY;UNTIL=20270301T145959Z", "UNTIL=20270301T145959Z"),
        ("FREQ=WEEKLY;UNTIL=20270301T090000", "UNTIL=20270301T140000Z"),  # floating: NY time
        ("FREQ=WEEKLY;UNTIL=20270301", "UNTIL=20270302T045959Z"),  # a date: its last second
    ]:
        base.rrule = stored
        data = build([base])
        assert written in data.decode()
        assert expansion(data) == truth(base)


def test_a_stored_rule_that_cannot_be_read_is_an_error() -> None:
    bad = Meeting(title="x", people=["a"], start=datetime(2026, 12, 1, 9), tz="UTC", id=4,
                  rrule="FREQ=SOMETIMES")  # fmt: skip
    with pytest.raises(InvalidInput, match="Cannot read the stored recurrence 'FREQ=SOMETIMES'"):
        build([bad])


def test_a_meeting_in_an_unknown_zone_says_which_and_how_to_fix_it() -> None:
    lost = Meeting(title="x", people=["a"], start=datetime(2026, 12, 1, 9), tz="Mars/Base", id=7)
    with pytest.raises(InvalidInput) as caught:
        build([lost])
    assert caught.value.message == (
        "Meeting 7 is in an unknown time zone 'Mars/Base'; fix it with "
        "`mentorlog meeting edit 7 --tz ZONE`."
    )


def test_control_characters_are_made_visible_and_newlines_kept() -> None:
    meeting = Meeting(title="Plan\x1b[31m red\r\nnext", people=["a"], tz="UTC",
                      start=datetime(2026, 12, 1, 9), uid="u")  # fmt: skip
    data = build([meeting])
    assert b"\x1b" not in data
    assert str(parse(data).events[0]["SUMMARY"]) == "Plan\\x1b[31m red\nnext"


def test_actions_and_goals_without_dates_or_closed_are_left_out() -> None:
    people = [Person(handle="bo", name="Bo Lindqvist", role="mentee", tz="America/New_York")]
    source = ics.CalendarSource(
        meetings=[],
        people=people,
        topics=[Topic(text="t", person="bo")],
        actions=[
            ActionItem(text="Mine", due=date(2026, 12, 1), uid="a1"),
            ActionItem(text="Theirs", owner="bo", due=date(2026, 12, 2), uid="a2"),
            ActionItem(text="Undated", uid="a3"),
            ActionItem(text="Done", due=date(2026, 12, 1), status="done", uid="a4"),
        ],
        goals=[
            Goal(title="Talk", due=date(2027, 3, 1), person="bo", progress=40, uid="g1"),
            Goal(title="Done", due=date(2027, 3, 1), status="done", uid="g2"),
        ],
    )
    request = ics.IcsRequest(include=frozenset({"actions", "goals"}))
    exported = ics.build_calendar(source, request, now=NOW, me=ME)
    assert (exported.meetings, exported.actions, exported.goals) == (0, 2, 1)
    cal = parse(exported.data)
    assert [str(t["UID"]) for t in cal.walk("VTODO")] == ["a1", "a2"]
    [goal] = cal.events
    assert str(goal["UID"]) == "g1-due"
    assert str(goal["DESCRIPTION"]) == "Progress: 40%.\nWith Bo Lindqvist."


# -- VTIMEZONE ------------------------------------------------------------------------------


def vtimezone_tz(tzid: str, first: int, last: int) -> Any:
    """The tzinfo icalendar builds from our VTIMEZONE alone (the TZID made unknown)."""
    component = ics.vtimezone(tzid, first, last)
    component["TZID"] = f"Test-{uuid.uuid4()}"
    return parse(component.to_ical()).to_tz(lookup_tzid=False)


def rfc_offsets(component: Any, end: datetime) -> list[tuple[datetime, timedelta]]:
    """(onset in UTC, offset from then on) of a VTIMEZONE, read as RFC 5545 3.6.5 says:
    each observance starts at its DTSTART and at each RRULE recurrence of it, local times
    on the clock before the change (TZOFFSETFROM); UNTIL is a UTC instant."""
    from dateutil.rrule import rrulestr

    onsets = []
    for observance in component.subcomponents:
        before = observance["TZOFFSETFROM"].td
        after = observance["TZOFFSETTO"].td
        start = observance["DTSTART"].dt
        locals_ = [start]
        if "RRULE" in observance:
            parts = dict(p.split("=") for p in observance["RRULE"].to_ical().decode().split(";"))
            until = parts.pop("UNTIL", None)
            limit = end.replace(tzinfo=None) + before
            if until is not None:
                limit = min(limit, datetime.strptime(until, "%Y%m%dT%H%M%SZ") + before)
            body = ";".join(f"{k}={v}" for k, v in parts.items())
            locals_ = list(rrulestr(body, dtstart=start).between(start, limit, inc=True))
        onsets += [((local - before).replace(tzinfo=UTC), after) for local in locals_]
    return sorted(onsets)


def checked_instants(
    zone: ZoneInfo, first: int, last: int, extra: list[datetime]
) -> list[datetime]:
    """Each change of the zone in the span and a second either side, plus `extra`."""
    start, end = datetime(first, 1, 1, tzinfo=UTC), datetime(last + 1, 1, 1, tzinfo=UTC)
    points = list(extra)
    second = timedelta(seconds=1)
    for change in vtz._changes(zone, start, end):
        points += [change.at - second, change.at, change.at + second]
    return [p for p in points if start <= p < end]


def assert_matches_zoneinfo(tzid: str, first: int, last: int, extra: list[datetime]) -> None:
    """Our VTIMEZONE, read by the RFC, gives zoneinfo's offset at every checked instant."""
    zone = ZoneInfo(tzid)
    end = datetime(last + 1, 1, 1, tzinfo=UTC)
    onsets = rfc_offsets(ics.vtimezone(tzid, first, last), end)
    for moment in checked_instants(zone, first, last, extra):
        started = [offset for at, offset in onsets if at <= moment]
        assert started, (tzid, moment, "before the first observance")
        assert started[-1] == moment.astimezone(zone).utcoffset(), (tzid, moment)


@pytest.mark.parametrize(
    "tzid",
    ["America/New_York", "America/Los_Angeles", "Europe/Berlin", "Europe/London",
     "Australia/Sydney"],
)  # fmt: skip
def test_dst_zones_get_one_standard_and_one_daylight_yearly_rule(tzid: str) -> None:
    component = ics.vtimezone(tzid, 2026, 2036)
    parts = [(sub.name, "RRULE" in sub, "RDATE" in sub) for sub in component.subcomponents]
    assert sorted(parts) == [("DAYLIGHT", True, False), ("STANDARD", True, False)]
    assert all("UNTIL" not in str(sub["RRULE"].to_ical()) for sub in component.subcomponents)


def test_the_new_york_vtimezone_says_what_rfc_5545_shows() -> None:
    text = ics.vtimezone("America/New_York", 2026, 2030).to_ical().decode()
    assert text.replace("\r\n", "\n") == (
        "BEGIN:VTIMEZONE\nTZID:America/New_York\n"
        "BEGIN:DAYLIGHT\nDTSTART:20250309T020000\nRRULE:FREQ=YEARLY;BYDAY=2SU;BYMONTH=3\n"
        "TZNAME:EDT\nTZOFFSETFROM:-0500\nTZOFFSETTO:-0400\nEND:DAYLIGHT\n"
        "BEGIN:STANDARD\nDTSTART:20251102T020000\nRRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=11\n"
        "TZNAME:EST\nTZOFFSETFROM:-0400\nTZOFFSETTO:-0500\nEND:STANDARD\n"
        "END:VTIMEZONE\n"
    )


def test_a_zone_without_changes_gets_one_standard_observance() -> None:
    component = ics.vtimezone("Asia/Tokyo", 2026, 2030)
    [standard] = component.subcomponents
    assert (standard.name, standard["TZOFFSETTO"].to_ical(), str(standard["TZNAME"])) == (
        "STANDARD",
        "+0900",
        "JST",
    )


def test_a_rule_that_ended_gets_until_and_the_new_one_none() -> None:
    # The US moved its changes in 2007: first Sunday of April -> second Sunday of March.
    component = ics.vtimezone("America/Chicago", 2003, 2010)
    daylight = [str(s["RRULE"].to_ical().decode()) for s in component.walk("DAYLIGHT")]
    assert daylight == [
        "FREQ=YEARLY;UNTIL=20060402T080000Z;BYDAY=1SU;BYMONTH=4",
        "FREQ=YEARLY;BYDAY=2SU;BYMONTH=3",
    ]
    assert_matches_zoneinfo("America/Chicago", 2003, 2010, [])
    # And as icalendar (through dateutil) reads it.
    tz, zone = vtimezone_tz("America/Chicago", 2003, 2010), ZoneInfo("America/Chicago")
    for p in checked_instants(zone, 2003, 2010, []):
        assert p.astimezone(tz).utcoffset() == p.astimezone(zone).utcoffset(), p


@pytest.mark.parametrize("tzid", [*ROUND_TRIP_ZONES[:6], "Europe/Dublin", "Pacific/Chatham"])
def test_icalendar_reads_our_vtimezones_as_zoneinfo_does(tzid: str) -> None:
    tz, zone = vtimezone_tz(tzid, 2024, 2030), ZoneInfo(tzid)
    noons = [datetime(2024, 1, 1, 12, tzinfo=UTC) + timedelta(days=d) for d in range(0, 2557, 3)]
    for p in checked_instants(zone, 2024, 2030, noons):
        assert p.astimezone(tz).utcoffset() == p.astimezone(zone).utcoffset(), p


@settings(max_examples=examples(60), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    tzid=st.sampled_from(ALL_ZONES),
    first=st.integers(1975, 2035),
    years=st.integers(0, 8),
    extra=st.lists(st.integers(0, 10**9), max_size=20),
)
def test_every_zone_vtimezone_matches_zoneinfo(
    tzid: str, first: int, years: int, extra: list[int]
) -> None:
    last = first + years
    start, end = datetime(first, 1, 1, tzinfo=UTC), datetime(last + 1, 1, 1, tzinfo=UTC)
    span = (end - start) // timedelta(seconds=1)
    assert_matches_zoneinfo(tzid, first, last, [start + timedelta(seconds=n % span) for n in extra])
    assert b"RDATE" not in ics.vtimezone(tzid, first, last).to_ical()


@pytest.mark.slow
def test_all_zones_for_the_next_ten_years() -> None:
    noons = [datetime(2026, 1, 1, 12, tzinfo=UTC) + timedelta(days=d) for d in range(0, 4000, 5)]
    for tzid in ALL_ZONES:
        assert_matches_zoneinfo(tzid, 2026, 2036, noons)


# -- options ------------------------------------------------------------------------------


def test_parse_include() -> None:
    assert ics.parse_include([]) == frozenset()
    assert ics.parse_include(["actions,goals"]) == {"actions", "goals"}
    assert ics.parse_include(["Goals", " actions "]) == {"actions", "goals"}
    with pytest.raises(InvalidInput, match=r"^Cannot include 'x'; choose from actions, goals"):
        ics.parse_include(["actions,x"])
    with pytest.raises(InvalidInput, match=r"^Cannot include 'actions,'"):
        ics.parse_include(["actions,"])


def test_parse_alarm() -> None:
    assert ics.parse_alarm("15m") == timedelta(minutes=15)
    assert ics.parse_alarm("1h30m") == timedelta(minutes=90)
    for off in ("0", "none", "Off", "0m"):
        assert ics.parse_alarm(off) is None
    with pytest.raises(InvalidInput, match="as a reminder time"):
        ics.parse_alarm("later")


def test_read_window_reads_days_whole_in_the_users_zone() -> None:
    zone = ZoneInfo("Europe/Berlin")
    start, end = ics.read_window("2026-12-01", "2026-12-31", now=NOW, zone=zone)
    assert start == datetime(2026, 12, 1, tzinfo=zone)
    assert end == datetime(2027, 1, 1, tzinfo=zone)
    assert ics.read_window(None, None, now=NOW, zone=zone) == (None, None)
    with pytest.raises(InvalidInput, match="is not after --from"):
        ics.read_window("2026-12-02", "2026-12-01", now=NOW, zone=zone)


# -- cost ------------------------------------------------------------------------------------


def test_a_thousand_meetings_export(tmp_path: Path) -> None:
    from mentorlog.store import open_journal

    zones = ("Europe/Berlin", "America/New_York", "Australia/Sydney", "Asia/Tokyo", "UTC")
    with open_journal(tmp_path, write=True) as journal:
        for handle, tz in (("alice", "Asia/Tokyo"), ("bo", "America/New_York")):
            person = Person(handle=handle, name=handle.title(), role="peer", tz=tz)
            journal.insert("people", person.to_record(), now=NOW)
        for n in range(1000):
            meeting = Meeting(
                title=f"Meeting {n}",
                people=["alice", "bo"][: 1 + n % 2],
                start=datetime(2026, 1, 5, 9) + timedelta(days=n),
                tz=zones[n % len(zones)],
                rrule=("FREQ=WEEKLY;COUNT=10", "FREQ=MONTHLY;BYDAY=1TU", None, None)[n % 4],
                exdates=[datetime(2026, 1, 5, 9) + timedelta(days=n + 7)] if n % 4 == 0 else [],
                link="https://meet.example.org/x",
            )
            journal.insert("meetings", meeting.to_record(), now=NOW)
        journal.insert("topics", Topic(text="Ask", person="alice").to_record(), now=NOW)
    with open_journal(tmp_path) as journal:
        exported = export_calendar(journal, ics.IcsRequest(), now=NOW, me=ME)
    assert exported.meetings == 1000
    assert len(parse(exported.data).events) == 1000
