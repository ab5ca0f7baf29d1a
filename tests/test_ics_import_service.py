"""calendar.ics_import.read_calendar: zones, rules and occurrences read from .ics text.

Each test builds a small calendar the way some app writes it and checks the invite it maps
to; where instants matter they are checked through calendar.occurrences, as `meeting list`
shows them. The parser must answer any input with a result or one InvalidInput sentence.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mentorlog.calendar import occurrences as occ
from mentorlog.calendar.ics_events import CalendarFile, Invite
from mentorlog.calendar.ics_import import read_calendar
from mentorlog.errors import InvalidInput
from mentorlog.model import Meeting, Override

BERLIN = ZoneInfo("Europe/Berlin")
DATA = Path(__file__).resolve().parent / "data" / "ics" / "import"

EASTERN_RULES = [
    "BEGIN:STANDARD", "DTSTART:16011104T020000", "RRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=11",
    "TZOFFSETFROM:-0400", "TZOFFSETTO:-0500", "END:STANDARD",
    "BEGIN:DAYLIGHT", "DTSTART:16010311T020000", "RRULE:FREQ=YEARLY;BYDAY=2SU;BYMONTH=3",
    "TZOFFSETFROM:-0500", "TZOFFSETTO:-0400", "END:DAYLIGHT",
]  # fmt: skip
CENTRAL_EUROPE_RULES = [
    "BEGIN:STANDARD", "DTSTART:16011028T030000", "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10",
    "TZOFFSETFROM:+0200", "TZOFFSETTO:+0100", "END:STANDARD",
    "BEGIN:DAYLIGHT", "DTSTART:16010325T020000", "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3",
    "TZOFFSETFROM:+0100", "TZOFFSETTO:+0200", "END:DAYLIGHT",
]  # fmt: skip


def calendar(*lines: str, head: tuple[str, ...] = ()) -> bytes:
    body = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Example//Test//EN", *head, *lines]
    return ("\r\n".join([*body, "END:VCALENDAR"]) + "\r\n").encode()


def event(*lines: str, uid: str = "e1@example.com", summary: str = "Sync") -> list[str]:
    return [
        "BEGIN:VEVENT",
        f"UID:{uid}",
        "DTSTAMP:20261101T000000Z",
        f"SUMMARY:{summary}",
        *lines,
        "END:VEVENT",
    ]


def timezone(tzid: str, rules: list[str], *extra: str) -> list[str]:
    return ["BEGIN:VTIMEZONE", f"TZID:{tzid}", *extra, *rules, "END:VTIMEZONE"]


def read(data: bytes, **options: Any) -> CalendarFile:
    return read_calendar(data, "invite.ics", **({"zone": BERLIN} | options))


def only(data: bytes, **options: Any) -> Invite:
    found = read(data, **options)
    assert len(found.invites) == 1, (found.invites, found.notes)
    return found.invites[0]


def refusal(data: bytes) -> str:
    with pytest.raises(InvalidInput) as caught:
        read(data)
    return caught.value.message


def as_meeting(invite: Invite) -> Meeting:
    return Meeting(
        title=invite.title,
        people=["alice"],
        start=invite.start,
        tz=invite.tz,
        duration=invite.duration or 45,
        rrule=invite.rrule,
        exdates=list(invite.exdates),
    )


def starts_utc(invite: Invite, until: datetime = datetime(2027, 12, 31, tzinfo=UTC)) -> list[str]:
    low = datetime(2026, 1, 1, tzinfo=UTC)
    return [
        o.start_utc.isoformat()
        for o in occ.occurrences(as_meeting(invite), low, until)
        if o.status != "cancelled"
    ]


# -- zones -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tzid", "zone"),
    [
        ("Eastern Standard Time", "America/New_York"),
        ('"W. Europe Standard Time"', "Europe/Berlin"),
        ("Tokyo Standard Time", "Asia/Tokyo"),
        ("GMT Standard Time", "Europe/London"),
        ("europe/vienna", "Europe/Vienna"),
        ("/freeassociation.sourceforge.net/Tzfile/Europe/Vienna", "Europe/Vienna"),
        ("/mozilla.org/20050126_1/America/Argentina/Buenos_Aires",
         "America/Argentina/Buenos_Aires"),
    ],
)  # fmt: skip
def test_zone_names_need_no_vtimezone(tzid: str, zone: str) -> None:
    invite = only(calendar(*event(f"DTSTART;TZID={tzid}:20261201T090000")))
    assert (invite.start, invite.tz) == (datetime(2026, 12, 1, 9), zone)


def test_a_windows_zone_wins_over_the_vtimezone_outlook_writes_for_it() -> None:
    data = calendar(
        *timezone("Eastern Standard Time", EASTERN_RULES),
        *event('DTSTART;TZID="Eastern Standard Time":20270315T090000'),
    )
    invite = only(data)
    assert invite.tz == "America/New_York"
    assert starts_utc(invite) == ["2027-03-15T13:00:00+00:00"]  # EDT since 14 March


def test_x_lic_location_names_the_zone_of_a_custom_tzid() -> None:
    data = calendar(
        *timezone("Berlin office", CENTRAL_EUROPE_RULES, "X-LIC-LOCATION:Europe/Berlin"),
        *event("DTSTART;TZID=Berlin office:20261201T090000"),
    )
    assert only(data).tz == "Europe/Berlin"


@pytest.mark.parametrize(
    ("tzid", "rules", "prefer", "zone"),
    [
        ("(UTC-05:00) Eastern Time (US & Canada)", EASTERN_RULES, (), "America/New_York"),
        ("Customized Time Zone", CENTRAL_EUROPE_RULES, ("Europe/Berlin",), "Europe/Berlin"),
        ("Customized Time Zone", CENTRAL_EUROPE_RULES, ("Europe/Rome",), "Europe/Rome"),
        ("(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna", CENTRAL_EUROPE_RULES,
         ("Asia/Tokyo",), "Europe/Berlin"),
        ("(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna", CENTRAL_EUROPE_RULES,
         ("Europe/Madrid", "Europe/Vienna"), "Europe/Vienna"),
    ],
)  # fmt: skip
def test_a_custom_vtimezone_is_matched_to_the_zone_with_its_offsets(
    tzid: str, rules: list[str], prefer: tuple[str, ...], zone: str
) -> None:
    data = calendar(
        *timezone(tzid, rules),
        *event(f'DTSTART;TZID="{tzid}":20261201T090000', "RRULE:FREQ=MONTHLY;COUNT=12"),
    )
    invite = only(data, prefer=prefer)
    assert invite.tz == zone
    # Whichever zone of the same offsets is chosen, every instant is the file's.
    custom = ZoneInfo(zone)
    assert starts_utc(invite) == [
        datetime(2026 + (11 + n) // 12, (11 + n) % 12 + 1, 1, 9, tzinfo=custom)
        .astimezone(UTC)
        .isoformat()
        for n in range(12)
    ]


def test_a_custom_vtimezone_matching_no_zone_is_refused() -> None:
    odd = [
        "BEGIN:STANDARD",
        "DTSTART:19700101T000000",
        "TZOFFSETFROM:+0123",
        "TZOFFSETTO:+0123",
        "END:STANDARD",
    ]
    data = calendar(*timezone("Odd Time", odd), *event("DTSTART;TZID=Odd Time:20261201T090000"))
    assert refusal(data) == (
        "Cannot import invite.ics: its time zone 'Odd Time' matches no time zone mentorlog "
        "knows; export the calendar again with standard zone names."
    )


def test_a_utc_one_off_goes_to_the_calendars_zone_keeping_its_instant() -> None:
    one_off = event("DTSTART:20261201T150000Z", "DTEND:20261201T160000Z")
    google = only(calendar(*one_off, head=("X-WR-TIMEZONE:America/Chicago",)))
    assert (google.start, google.tz, google.duration) == (
        datetime(2026, 12, 1, 9),
        "America/Chicago",
        60,
    )
    plain = only(calendar(*one_off))
    assert (plain.start, plain.tz) == (datetime(2026, 12, 1, 16), "Europe/Berlin")
    given_zone = only(
        calendar(*one_off, head=("X-WR-TIMEZONE:America/Chicago",)),
        zone=ZoneInfo("Asia/Tokyo"),
        zone_given=True,
    )
    assert (given_zone.start, given_zone.tz) == (datetime(2026, 12, 2, 0), "Asia/Tokyo")
    assert starts_utc(google) == starts_utc(plain) == ["2026-12-01T15:00:00+00:00"]


def test_an_unknown_x_wr_timezone_is_ignored() -> None:
    invite = only(calendar(*event("DTSTART:20261201T150000Z"), head=("X-WR-TIMEZONE:Nowhere",)))
    assert invite.tz == "Europe/Berlin"


def test_a_utc_series_stays_in_utc_so_every_occurrence_keeps_its_instant() -> None:
    invite = only(calendar(*event("DTSTART:20270301T090000Z", "RRULE:FREQ=WEEKLY;COUNT=6")))
    assert (invite.start, invite.tz) == (datetime(2027, 3, 1, 9), "UTC")
    assert all(s.endswith("T09:00:00+00:00") for s in starts_utc(invite))  # across 28 March


def test_floating_times_are_wall_times_in_the_calendars_zone_or_the_users() -> None:
    floating = event("DTSTART:20261201T090000")
    assert only(calendar(*floating)).tz == "Europe/Berlin"
    tokyo = only(calendar(*floating, head=("X-WR-TIMEZONE:Asia/Tokyo",)))
    assert (tokyo.start, tokyo.tz) == (datetime(2026, 12, 1, 9), "Asia/Tokyo")


def test_a_wall_time_in_the_spring_gap_is_kept_as_written() -> None:
    invite = only(calendar(*event("DTSTART;TZID=Europe/Berlin:20270328T023000")))
    assert invite.start == datetime(2027, 3, 28, 2, 30)


# -- rules and exceptions --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "stored"),
    [
        ("FREQ=WEEKLY;UNTIL=20270105T090000", "FREQ=WEEKLY;UNTIL=20270105T140000Z"),
        ("FREQ=WEEKLY;UNTIL=20270105", "FREQ=WEEKLY;UNTIL=20270106T045959Z"),
        ("FREQ=WEEKLY;UNTIL=20270105T140000Z", "FREQ=WEEKLY;UNTIL=20270105T140000Z"),
        ("freq=weekly;interval=1;byday=tu", "FREQ=WEEKLY;BYDAY=TU"),
        ("FREQ=MONTHLY;COUNT=3;INTERVAL=2;BYDAY=1TU", "FREQ=MONTHLY;INTERVAL=2;BYDAY=1TU;COUNT=3"),
    ],
)
def test_rules_are_stored_with_until_in_utc(rule: str, stored: str) -> None:
    invite = only(
        calendar(*event("DTSTART;TZID=America/New_York:20261201T090000", f"RRULE:{rule}"))
    )
    assert invite.rrule == stored


def test_a_local_until_keeps_its_last_occurrence() -> None:
    invite = only(
        calendar(
            *event(
                "DTSTART;TZID=America/New_York:20261201T090000",
                "RRULE:FREQ=WEEKLY;UNTIL=20270105T090000",
            )
        )
    )
    assert starts_utc(invite)[-1] == "2027-01-05T14:00:00+00:00"
    assert len(starts_utc(invite)) == 6


@pytest.mark.parametrize(
    ("rule", "reason"),
    [
        ("FREQ=HOURLY;COUNT=5", "it repeats hourly, more often than meetings do"),
        ("FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30",
         "its repeat rule 'FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30' gives no date within 10 years"),
        ("FREQ=WEEKLY;BYSETPOS=9;BYDAY=MO,TU",
         "its repeat rule 'FREQ=WEEKLY;BYSETPOS=9;BYDAY=MO,TU' gives no date within 10 years"),
        ("RSCALE=CHINESE;FREQ=YEARLY",
         "its repeat rule uses RSCALE, which mentorlog cannot follow"),
        ("FREQ=WEEKLY;BYDAY=XX", "its repeat rule 'FREQ=WEEKLY;BYDAY=XX' cannot be read"),
        ("garbage", "its repeat rule 'garbage' cannot be read"),
        ("FREQ=WEEKLY;UNTIL=20261130T000000Z",
         "its repeat rule ends (UNTIL) before its first meeting"),
        ("FREQ=WEEKLY;UNTIL=tomorrow", "its repeat rule ends at 'TOMORROW', which cannot be read"),
    ],
)  # fmt: skip
def test_rules_a_meeting_cannot_follow_leave_the_event_out(rule: str, reason: str) -> None:
    found = read(calendar(*event("DTSTART;TZID=Europe/Berlin:20261201T090000", f"RRULE:{rule}")))
    assert found.invites == []
    assert found.left_out == 1
    assert found.notes == [f"Left out 'Sync' (Tue 1 Dec 2026 09:00 Europe/Berlin): {reason}."]


def test_a_huge_count_is_stored_and_never_expanded_in_full() -> None:
    invite = only(calendar(*event("DTSTART:20261201T090000", "RRULE:FREQ=DAILY;COUNT=1000000")))
    assert invite.rrule == "FREQ=DAILY;COUNT=1000000"
    assert len(starts_utc(invite, until=datetime(2027, 1, 1, tzinfo=UTC))) == 31


def test_exdates_in_any_form_become_wall_times_in_the_meetings_zone() -> None:
    invite = only(
        calendar(
            *event(
                "DTSTART;TZID=America/New_York:20261201T090000",
                "RRULE:FREQ=WEEKLY;COUNT=6",
                "EXDATE:20261208T140000Z",
                "EXDATE;TZID=Europe/Berlin:20261215T150000,20261222T150000",
                "EXDATE;VALUE=DATE:20261229",
            )
        )
    )
    assert invite.exdates == (
        datetime(2026, 12, 8, 9),
        datetime(2026, 12, 15, 9),
        datetime(2026, 12, 22, 9),
        datetime(2026, 12, 29, 9),
    )
    assert starts_utc(invite) == ["2026-12-01T14:00:00+00:00", "2027-01-05T14:00:00+00:00"]


def test_a_cancelled_override_is_an_exdate_and_a_moved_one_an_override() -> None:
    """A moved or retitled occurrence stays in its series, as `meeting edit --occurrence`
    keeps it (it used to become a meeting of its own)."""
    data = calendar(
        *event("DTSTART;TZID=Europe/Berlin:20261201T090000", "DTEND;TZID=Europe/Berlin:"
               "20261201T100000", "RRULE:FREQ=WEEKLY;COUNT=4", "SEQUENCE:2",
               "ATTENDEE:mailto:alice@example.org"),
        *event("RECURRENCE-ID;TZID=Europe/Berlin:20261208T090000", "STATUS:CANCELLED",
               "DTSTART;TZID=Europe/Berlin:20261208T090000", "SEQUENCE:3"),
        *event("RECURRENCE-ID:20261215T080000Z", "DTSTART;TZID=Europe/Berlin:20261216T140000",
               "DTEND;TZID=Europe/Berlin:20261216T150000", "SEQUENCE:2"),
        *event("RECURRENCE-ID;TZID=Europe/Berlin:20261222T090000",
               "DTSTART;TZID=Europe/Berlin:20261222T090000",
               "DTEND;TZID=Europe/Berlin:20261222T100000", summary="Sync (agenda)"),
    )  # fmt: skip
    [series] = read(data).invites
    assert series.exdates == (datetime(2026, 12, 8, 9),)
    assert series.sequence == 3
    assert series.overrides == (
        Override(of=datetime(2026, 12, 15, 9), start=datetime(2026, 12, 16, 14)),
        Override(
            of=datetime(2026, 12, 22, 9), start=datetime(2026, 12, 22, 9), title="Sync (agenda)"
        ),
    )


def test_an_override_without_its_series_is_a_one_off() -> None:
    data = calendar(
        *event("RECURRENCE-ID;TZID=Europe/Berlin:20261208T090000",
               "DTSTART;TZID=Europe/Berlin:20261209T090000")
    )  # fmt: skip
    invite = only(data)
    assert (invite.uid, invite.start, invite.rrule) == (
        "e1@example.com-20261208T090000",
        datetime(2026, 12, 9, 9),
        None,
    )


def test_the_highest_sequence_of_a_uid_wins() -> None:
    data = calendar(
        *event("DTSTART:20261201T090000", "SEQUENCE:3", summary="New"),
        *event("DTSTART:20261201T100000", "SEQUENCE:1", summary="Old"),
    )
    invite = only(data)
    assert (invite.title, invite.sequence) == ("New", 3)


def test_extra_dates_are_noted() -> None:
    found = read(calendar(*event("DTSTART:20261201T090000", "RRULE:FREQ=WEEKLY",
                                 "RDATE:20261203T090000")))  # fmt: skip
    assert found.notes == [
        "Imported 'Sync' (Tue 1 Dec 2026 09:00 Europe/Berlin) without its extra dates (RDATE), "
        "which a meeting cannot keep."
    ]


# -- the other fields --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lines", "minutes"),
    [
        (("DTEND;TZID=America/New_York:20261201T040000",), 60),  # 10:00 Berlin
        (("DURATION:PT1H30M",), 90),
        (("DURATION:-PT1H",), None),
        (("DTEND:20261201T080000",), None),  # before the start
        ((), None),
    ],
)
def test_the_length_comes_from_dtend_or_duration(
    lines: tuple[str, ...], minutes: int | None
) -> None:
    invite = only(calendar(*event("DTSTART;TZID=Europe/Berlin:20261201T090000", *lines)))
    assert invite.duration == minutes


def test_events_longer_than_a_day_and_all_day_events_are_left_out() -> None:
    found = read(
        calendar(
            *event("DTSTART:20261201T090000", "DTEND:20261203T090000", summary="Offsite"),
            *event("DTSTART;VALUE=DATE:20261224", uid="e2", summary="Holiday"),
        )
    )
    assert (found.invites, found.left_out, found.all_day) == ([], 1, 1)
    assert found.notes == [
        "Left out 'Offsite' (Tue 1 Dec 2026 09:00 Europe/Berlin): it lasts 2d, and a meeting "
        "at most 24 hours.",
        "Left out 'Holiday' (24 Dec 2026): it lasts whole days, and a meeting has a time of day.",
    ]


def test_people_links_titles_and_status() -> None:
    invite = only(
        calendar(
            *event(
                "DTSTART:20261201T090000",
                "ORGANIZER;CN=Me:MAILTO:Me@Example.net",
                'ATTENDEE;CN="Chen, Alice";EMAIL="Alice@Example.org":urn:uuid:1234',
                "ATTENDEE;CN=Bo:mailto:bo@example.com",
                "LOCATION:Zoom: https://zoom.us/j/123456789?pwd=abc.",
                "STATUS:CANCELLED",
                "SEQUENCE:4",
                summary="  Career \\n check-in  ",
            )
        )
    )
    assert invite.emails == ("me@example.net", "alice@example.org", "bo@example.com")
    assert invite.link == "https://zoom.us/j/123456789?pwd=abc"
    assert (invite.title, invite.cancelled, invite.sequence) == ("Career check-in", True, 4)


def test_a_long_title_is_cut_and_a_missing_one_is_meeting() -> None:
    long_title = only(calendar(*event("DTSTART:20261201T090000", summary="x" * 500)))
    assert long_title.title == "x" * 199 + "\u2026"
    untitled = calendar(*event("DTSTART:20261201T090000", summary=""))
    assert only(untitled).title == "Meeting"


def test_an_event_without_uid_gets_the_same_uid_every_time() -> None:
    data = calendar(
        "BEGIN:VEVENT", "DTSTART:20261201T090000", "SUMMARY:Sync", "END:VEVENT"
    )  # fmt: skip
    first, second = only(data), only(data)
    assert first.uid == second.uid
    assert first.uid.startswith("ics-")


def test_two_calendars_in_one_file_are_both_read() -> None:
    one = calendar(*event("DTSTART:20261201T090000", uid="a"), head=("X-WR-TIMEZONE:Asia/Tokyo",))
    two = calendar(*event("DTSTART:20261201T090000", uid="b"))
    assert [(i.uid, i.tz) for i in read(one + two).invites] == [
        ("a", "Asia/Tokyo"),
        ("b", "Europe/Berlin"),
    ]


# -- refusals -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        (("DTSTART;TZID:20261201T090000",),
         "its event on line 4 ('Sync') has a start (DTSTART) that cannot be read"),
        (("DTSTART:2026",), "its event on line 4 ('Sync') has a start (DTSTART) that cannot be "
                            "read"),
        (("DTSTART:20261201T090000", "DTEND:soon"),
         "its event on line 4 ('Sync') has an end (DTEND) that cannot be read"),
        (("DTSTART:20261201T090000", "RRULE:FREQ=WEEKLY", "EXDATE:2026"),
         "its event on line 4 ('Sync') has a cancelled occurrence (EXDATE) that cannot be read"),
        (("DTSTART;TZID=Europe/Berlin:20261201T090000", "RRULE:FREQ=WEEKLY",
          "EXDATE;TZID=Mars/Base:20261208T090000"),
         "its event on line 4 ('Sync') uses the time zone 'Mars/Base', which the file does not "
         "define (no VTIMEZONE) and mentorlog does not know"),
    ],
)  # fmt: skip
def test_an_event_that_cannot_be_placed_in_time_refuses_the_file(
    lines: tuple[str, ...], message: str
) -> None:
    assert refusal(calendar(*event(*lines))) == (
        f"Cannot import invite.ics: {message}; export it again from your calendar app."
    )


def test_nesting_is_bounded() -> None:
    data = calendar(*["BEGIN:X-THING"] * 9, *["END:X-THING"] * 9)
    assert refusal(data) == (
        "Cannot read invite.ics as iCalendar: line 11 nests components 9 deep; the file is "
        "damaged, so export or download it again."
    )


# -- anything at all -----------------------------------------------------------------------------


def outcome(data: bytes) -> None:
    """Read `data`; only InvalidInput may escape, as one line naming the file."""
    message = None
    try:
        read(data)
    except InvalidInput as refused:
        message = refused.message
    if message is not None:
        assert "\n" not in message
        assert message.startswith(("Cannot read invite.ics", "Cannot import invite.ics"))


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_any_bytes_give_a_calendar_or_one_sentence(data: bytes) -> None:
    outcome(data)


FIXTURE_LINES = [
    line
    for name in ("google.ics", "outlook.ics", "apple.ics", "floating.ics")
    for line in (DATA / name).read_bytes().decode("utf-8").split("\r\n")
]


@st.composite
def icsish(draw: st.DrawFn) -> bytes:
    """Real calendar lines, shuffled, dropped, repeated, cut and mixed with noise."""
    chosen = draw(st.lists(st.sampled_from(FIXTURE_LINES), max_size=60))
    noise = st.text(alphabet=st.characters(codec="utf-8"), max_size=40)
    lines = ["BEGIN:VCALENDAR"]
    for line in chosen:
        action = draw(st.integers(0, 9))
        if action == 0:
            line = line[: draw(st.integers(0, len(line)))]
        elif action == 1:
            line = line + draw(noise)
        elif action == 2:
            line = draw(noise)
        lines.append(line)
    if draw(st.booleans()):
        lines.append("END:VCALENDAR")
    return "\r\n".join(lines).encode("utf-8", "surrogatepass")


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(icsish())
def test_mangled_calendars_give_a_calendar_or_one_sentence(data: bytes) -> None:
    outcome(data)


@st.composite
def damaged_fixture(draw: st.DrawFn) -> bytes:
    """A fixture whose BEGIN and END lines are intact, so the damage reaches icalendar and
    the mapping: properties dropped, cut, or given other values, names and parameters."""
    name = draw(st.sampled_from(["google.ics", "outlook.ics", "apple.ics", "floating.ics"]))
    lines = (DATA / name).read_bytes().decode("utf-8").split("\r\n")
    noise = st.text(st.characters(codec="utf-8", exclude_categories=["Cc", "Cs"]), max_size=30)
    values = st.one_of(
        noise,
        st.sampled_from(
            ["20261301T250000", "2026", "19700101", "20261201T090000Z", "-PT5M", "P1W",
             "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30", "FREQ=YEARLY;INTERVAL=0", "mailto:",
             "X;Y=\"Z\":W", "99999999999999999999", ""]
        ),
    )  # fmt: skip
    names = st.sampled_from(["DTSTART", "DTEND", "DURATION", "RRULE", "EXDATE", "UID", "TZID",
                             "RECURRENCE-ID", "SEQUENCE", "STATUS", "ATTENDEE"])  # fmt: skip
    params = st.sampled_from(["", ";TZID=Mars", ";VALUE=DATE", ';TZID="Eastern Standard Time"',
                              ";TZID=", ";VALUE=PERIOD", ";TZID=/x/Europe/Paris"])  # fmt: skip
    out = []
    for line in lines:
        head, colon, value = line.partition(":")
        if line.startswith(("BEGIN:", "END:", " ")) or not colon or draw(st.integers(0, 4)):
            out.append(line)
            continue
        action = draw(st.integers(0, 3))
        if action == 1:
            out.append(f"{head}:{value[: draw(st.integers(0, len(value)))]}")
        elif action == 2:
            out.append(f"{head}:{draw(values)}")
        elif action == 3:
            out += [line, f"{draw(names)}{draw(params)}:{draw(values)}"]
    return "\r\n".join(out).encode("utf-8")


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(damaged_fixture())
def test_damaged_real_calendars_give_a_calendar_or_one_sentence(data: bytes) -> None:
    outcome(data)


def test_the_fixtures_cut_at_every_line_give_a_calendar_or_one_sentence() -> None:
    rng = random.Random(5545)
    for name in ("google.ics", "outlook.ics", "apple.ics"):
        lines = (DATA / name).read_bytes().split(b"\r\n")
        for end in range(len(lines)):
            mangled = list(lines[:end])
            if mangled and rng.random() < 0.5:
                mangled.pop(rng.randrange(len(mangled)))
            outcome(b"\r\n".join([*mangled, b"END:VEVENT", b"END:VCALENDAR"]))
