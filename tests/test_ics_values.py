"""The iCalendar values `export ics` writes without icalendar (`calendar.ics_values`) are
the ones icalendar writes."""

from __future__ import annotations

import zoneinfo
from datetime import timedelta

from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Parameters, vDuration, vRecur, vUTCOffset

from mentorlog.calendar import ics_values
from profiles import examples


@given(st.timedeltas(min_value=timedelta(hours=-26), max_value=timedelta(hours=26)))
def test_a_utc_offset_is_written_as_vutcoffset_writes_it(offset: timedelta) -> None:
    offset = timedelta(seconds=offset // timedelta(seconds=1))  # whole seconds, as zones have
    assert ics_values.utc_offset(offset) == vUTCOffset(offset).to_ical()


@given(st.timedeltas(min_value=timedelta(days=-400), max_value=timedelta(days=400)))
def test_a_duration_is_written_as_vduration_writes_it(length: timedelta) -> None:
    length = timedelta(seconds=length // timedelta(seconds=1))
    assert ics_values.duration(length) == vDuration(length).to_ical().decode("utf-8")


def test_the_usual_durations() -> None:
    assert ics_values.duration(-timedelta(minutes=15)) == "-PT15M"
    assert ics_values.duration(timedelta(days=1, hours=2)) == "P1DT2H"
    assert ics_values.duration(timedelta(hours=1, seconds=5)) == "PT1H0M5S"
    assert ics_values.duration(timedelta(0)) == "P0D"


def parameter(tz: str) -> str:
    return f"DTSTART;{Parameters({'TZID': tz}).to_ical(sorted=False).decode('utf-8')}"


def test_every_zone_s_tzid_is_written_as_icalendar_writes_it() -> None:
    for tz in sorted(zoneinfo.available_timezones()):
        written = ics_values.tzid_parameter("DTSTART", tz)
        assert written == (None if tz == "UTC" else parameter(tz))


@given(st.text(alphabet="aZ/_+-.:;,'\u2019\"^ \u00e9\n", min_size=1, max_size=8))
def test_a_name_icalendar_would_quote_is_left_to_it(tz: str) -> None:
    written = ics_values.tzid_parameter("DTSTART", tz)
    assert written is None or written == parameter(tz)


parts = st.sampled_from(
    [
        ("FREQ", st.sampled_from(["DAILY", "WEEKLY", "MONTHLY", "YEARLY", "HOURLY", "weekly"])),
        ("INTERVAL", st.sampled_from(["1", "2", "10", "02", "+2", "0"])),
        ("COUNT", st.sampled_from(["1", "5", "007", "-1"])),
        ("UNTIL", st.sampled_from(["20300101T000000Z", "20300101", "20300101T000000"])),
        ("BYDAY", st.sampled_from(["TU", "TU,TH", "-1FR", "1SU", "+1MO", "tu", "5SA,2MO"])),
        ("BYMONTH", st.sampled_from(["3", "10", "3,4", "03"])),
        ("WKST", st.sampled_from(["MO", "SU"])),
        ("BYSETPOS", st.sampled_from(["1", "-1"])),
        ("BYMONTHDAY", st.sampled_from(["-1", "15"])),
    ]
)


@st.composite
def rules(draw: st.DrawFn) -> str:
    chosen = draw(st.lists(parts, min_size=1, max_size=5, unique_by=lambda part: part[0]))
    return ";".join(f"{key}={draw(values)}" for key, values in chosen)


@settings(max_examples=examples(300))
@given(rules())
def test_a_rule_is_put_in_order_as_vrecur_puts_it(text: str) -> None:
    written = ics_values.rule(text)
    if written is not None:
        assert written == vRecur.from_ical(text).to_ical().decode("utf-8")


def test_the_usual_rules_are_written_here() -> None:
    for text in (
        "FREQ=WEEKLY",
        "FREQ=WEEKLY;COUNT=12",
        "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH",
        "FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU;UNTIL=20300101T010000Z",
    ):
        written = ics_values.rule(text)
        assert written is not None
        assert written == vRecur.from_ical(text).to_ical().decode("utf-8")


# -- a file's lines folded at once -------------------------------------------------------------

lines_near_the_limit = st.lists(
    st.builds(
        lambda text, width: (text * 80)[:width],
        st.sampled_from(["a", "ab;", "é", "李a", "\\n", "^"]),
        st.integers(0, 160),
    ),
    min_size=1,  # a calendar has lines
    max_size=6,
)


@given(lines_near_the_limit)
def test_lines_are_folded_at_once_as_one_by_one(lines: list[str]) -> None:
    from mentorlog.calendar import ics_fold

    one_by_one = b"".join(ics_fold.fold(line).encode("utf-8") + b"\r\n" for line in lines)
    assert ics_fold.fold_lines(lines) == one_by_one


TEXTS = st.text(
    alphabet=st.sampled_from(["a", "N", "n", " ", "\\", ";", ",", "\n", "\r", "é", ":"]),
    max_size=20,
)


@settings(max_examples=examples(300))
@given(TEXTS)
def test_text_is_escaped_as_icalendar_escapes_it_but_a_backslash_before_an_n(
    value: str,
) -> None:
    """`ics_values.text` is icalendar's escaping wherever icalendar keeps the text, and every
    text reads back as it was (its line breaks as LF), where icalendar's writer takes a
    backslash before an N for a line break."""
    from icalendar import Calendar
    from icalendar.parser import _escape_char

    if "\\N" not in value:
        assert ics_values.text(value) == _escape_char(value)
    flat = value.replace("\r\n", "\n").replace("\r", "\n")
    lines = ["BEGIN:VCALENDAR", "BEGIN:VEVENT", f"SUMMARY:{ics_values.text(value)}"]
    data = "\r\n".join([*lines, "END:VEVENT", "END:VCALENDAR", ""]).encode("utf-8")
    assert str(Calendar.from_ical(data).walk("VEVENT")[0]["SUMMARY"]) == flat
    import vobject

    assert vobject.readOne(data.decode("utf-8")).vevent.summary.value == flat


def test_a_backslash_before_an_n_stays_text() -> None:
    assert ics_values.text("C:\\New folder") == "C:\\\\New folder"
    assert ics_values.text("a\nb") == "a\\nb"
