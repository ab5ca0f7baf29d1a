"""Issue 13, the reading side: what came in wrong or was refused. Each test writes a small
calendar the way the client named wrote it, and compares every instant, title and
cancelled occurrence with what recurring-ical-events reads from the same file."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from mentorlog.calendar import occurrences as occ
from mentorlog.calendar.ics_events import Invite
from mentorlog.model import Meeting
from test_ics_import_service import (
    CENTRAL_EUROPE_RULES,
    EASTERN_RULES,
    calendar,
    event,
    only,
    read,
    timezone,
)

WINDOW = (datetime(2026, 1, 1, tzinfo=UTC), datetime(2028, 1, 1, tzinfo=UTC))


def meeting(invite: Invite) -> Meeting:
    return Meeting(
        title=invite.title,
        people=["alice"],
        start=invite.start,
        tz=invite.tz,
        duration=invite.duration or 45,
        rrule=invite.rrule,
        exdates=list(invite.exdates),
        overrides=list(invite.overrides),
        status="cancelled" if invite.cancelled else "scheduled",
    )


def ours(data: bytes, **options: Any) -> set[tuple[datetime, str]]:
    """(start in UTC, title) of every occurrence not cancelled, over WINDOW."""
    return {
        (o.start_utc, o.title)
        for invite in read(data, **options).invites
        for o in occ.occurrences(meeting(invite), *WINDOW)
        if not o.cancelled
    }


def theirs(data: bytes) -> set[tuple[datetime, str]]:
    """The same, as recurring-ical-events reads the file (timed events only)."""
    import icalendar
    import recurring_ical_events

    found = set()
    for e in recurring_ical_events.of(icalendar.Calendar.from_ical(data)).between(*WINDOW):
        start = e["DTSTART"].dt
        if isinstance(start, datetime) and str(e.get("STATUS", "")).upper() != "CANCELLED":
            found.add((start.astimezone(UTC), str(e["SUMMARY"])))
    return found


SERIES = ("DTSTART;TZID=Europe/Berlin:20261201T090000", "DTEND;TZID=Europe/Berlin:20261201T100000",
          "RRULE:FREQ=WEEKLY;COUNT=6")  # fmt: skip


def test_an_occurrence_moved_to_a_whole_day_is_not_left_at_its_time() -> None:
    data = calendar(
        *event(*SERIES),
        *event("RECURRENCE-ID;TZID=Europe/Berlin:20261208T090000",
               "DTSTART;VALUE=DATE:20261209", "DTEND;VALUE=DATE:20261210"),
    )  # fmt: skip
    found = read(data)
    [invite] = found.invites
    assert datetime(2026, 12, 8, 9) in invite.exdates
    assert found.all_day == 1  # the whole day itself: left out, with its note
    assert ours(data) == theirs(data)
    assert len(ours(data)) == 5


def test_this_and_future_splits_the_series() -> None:
    data = calendar(
        *event(*SERIES),
        *event("RECURRENCE-ID;RANGE=THISANDFUTURE;TZID=Europe/Berlin:20261215T090000",
               "DTSTART;TZID=Europe/Berlin:20261215T110000",
               "DTEND;TZID=Europe/Berlin:20261215T113000", summary="Later sync"),
    )  # fmt: skip
    first, later = read(data).invites
    assert first.rrule == "FREQ=WEEKLY;UNTIL=20261215T075959Z"
    assert (later.start, later.rrule, later.duration, later.title, later.follows) == (
        datetime(2026, 12, 15, 11),
        "FREQ=WEEKLY;COUNT=4",
        30,
        "Later sync",
        first.uid,
    )
    found = ours(data)
    later_ones = [datetime(2026, 12, day, 10, tzinfo=UTC) for day in (15, 22, 29)]
    later_ones.append(datetime(2027, 1, 5, 10, tzinfo=UTC))
    assert sorted(found)[2:] == [(moment, "Later sync") for moment in later_ones]
    assert found == theirs(data)


def test_a_date_start_with_a_tzid_is_a_whole_day() -> None:
    data = calendar(
        *event("DTSTART;TZID=Europe/Berlin;VALUE=DATE:20261201",
               "DTEND;TZID=Europe/Berlin;VALUE=DATE:20261202", summary="Holiday"),
        *event("DTSTART;TZID=Europe/Berlin:20261202T090000", uid="e2@example.com"),
    )  # fmt: skip
    found = read(data)
    assert [i.title for i in found.invites] == ["Sync"]
    assert found.all_day == 1


def test_an_override_that_only_renames_an_occurrence_is_kept() -> None:
    data = calendar(
        *event(*SERIES),
        *event("RECURRENCE-ID;TZID=Europe/Berlin:20261208T090000",
               "DTSTART;TZID=Europe/Berlin:20261208T090000",
               "DTEND;TZID=Europe/Berlin:20261208T100000", summary="Retro"),
    )  # fmt: skip
    [override] = only(data).overrides
    assert (override.of, override.title) == (datetime(2026, 12, 8, 9), "Retro")
    assert ours(data) == theirs(data)


def test_events_sharing_a_uid_get_one_note_naming_the_one_kept() -> None:
    data = calendar(
        *event("DTSTART:20261201T090000Z", "SEQUENCE:1", summary="Old"),
        *event("DTSTART:20261202T090000Z", "SEQUENCE:2", summary="New"),
        *event("DTSTART:20261203T090000Z", summary="Older"),
    )
    found = read(data)
    assert [i.title for i in found.invites] == ["New"]
    assert found.notes == [
        "Found events that share a UID and are not occurrences of one series (3 with UID "
        "'e1@example.com': kept 'New' on line 11, the highest SEQUENCE, the later on a tie)."
    ]


def test_related_to_is_read_as_the_series_continued() -> None:
    invite = only(calendar(*event("DTSTART:20261201T090000Z", "RELATED-TO:first@example.com")))
    assert invite.follows == "first@example.com"


def test_a_windows_name_follows_its_own_vtimezone() -> None:
    plus_one = ["BEGIN:STANDARD", "DTSTART:16010101T000000", "TZOFFSETFROM:+0100",
                "TZOFFSETTO:+0100", "END:STANDARD"]  # fmt: skip
    data = calendar(
        *timezone("New Zealand Standard Time", plus_one),
        *event("DTSTART;TZID=New Zealand Standard Time:20261201T090000"),
    )
    invite = only(data)
    assert invite.tz != "Pacific/Auckland"
    # What recurring-ical-events reads too, but icalendar caches zones by TZID for the whole
    # process, so in a run where another file named this zone it would read Auckland's.
    assert ours(data) == {(datetime(2026, 12, 1, 8, tzinfo=UTC), "Sync")}


def test_a_custom_vtimezone_that_stops_after_its_year_is_read_as_written() -> None:
    # khal's Europe_Berlin: 2014's two changes as single observances, nothing after.
    rules = ["BEGIN:DAYLIGHT", "DTSTART:20140330T020000", "TZOFFSETFROM:+0100",
             "TZOFFSETTO:+0200", "END:DAYLIGHT", "BEGIN:STANDARD", "DTSTART:20141026T030000",
             "TZOFFSETFROM:+0200", "TZOFFSETTO:+0100", "END:STANDARD"]  # fmt: skip
    data = calendar(
        *timezone("Europe_Berlin", rules),
        *event("DTSTART;TZID=Europe_Berlin:20140409T093000",
               "DTEND;TZID=Europe_Berlin:20140409T103000"),
    )  # fmt: skip
    invite = only(data)
    assert (invite.start, invite.tz) == (datetime(2014, 4, 9, 9, 30), "Europe/Berlin")


def test_outlook_display_names_without_a_vtimezone() -> None:
    for tzid, zone in [
        ("(GMT+10:00) Canberra, Melbourne, Sydney", "Australia/Sydney"),
        ("(UTC-05:00) Eastern Time (US and Canada)", "America/New_York"),
        ("(UTC-05:00) Eastern Time (US & Canada)", "America/New_York"),
        ("(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna", "Europe/Berlin"),
    ]:
        invite = only(calendar(*event(f'DTSTART;TZID="{tzid}":20261201T090000')))
        assert (invite.start, invite.tz) == (datetime(2026, 12, 1, 9), zone), tzid


def test_a_bare_offset_name_is_a_fixed_offset_with_a_note() -> None:
    found = read(calendar(*event('DTSTART;TZID="(GMT +01:00)":20261201T090000')))
    assert found.invites[0].tz == "Etc/GMT-1"
    assert found.notes == [
        "Read the time zone '(GMT +01:00)' as the fixed offset Etc/GMT-1: no daylight saving "
        "time; edit the meetings' --tz if they follow a place's."
    ]


def test_a_windows_zone_with_its_usual_vtimezone_is_still_that_zone() -> None:
    data = calendar(
        *timezone("W. Europe Standard Time", CENTRAL_EUROPE_RULES),
        *timezone("Eastern Standard Time", EASTERN_RULES),
        *event('DTSTART;TZID="W. Europe Standard Time":20261201T090000'),
        *event('DTSTART;TZID="Eastern Standard Time":20261201T090000', uid="e2@example.com"),
    )
    assert [i.tz for i in read(data).invites] == ["Europe/Berlin", "America/New_York"]
    assert ZoneInfo("Europe/Berlin")  # the zones exist where the test runs


def test_custom_names_with_their_own_rules_are_read_as_written() -> None:
    brasilia = ["BEGIN:STANDARD", "DTSTART:16010101T000000", "TZOFFSETFROM:-0300",
                "TZOFFSETTO:-0300", "END:STANDARD"]  # fmt: skip
    for tzid, rules, zone_offset in [
        ("Mitteleuropäische Zeit", CENTRAL_EUROPE_RULES, 1),
        ("(UTC-03:00) Brasília", brasilia, -3),
        ("Customized Time Zone 1", EASTERN_RULES, -5),
    ]:
        data = calendar(
            *timezone(tzid, rules),
            *event(f'DTSTART;TZID="{tzid}":20261201T090000', "RRULE:FREQ=MONTHLY;COUNT=9"),
        )
        starts = sorted(ours(data))
        assert starts[0] == (datetime(2026, 12, 1, 9 - zone_offset, tzinfo=UTC), "Sync"), tzid
        assert len(starts) == 9
