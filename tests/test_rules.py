"""timeparse.rules: the one RRULE reader, the Rule it reads into, and the writer back.

Every rule mentorlog writes (a typed recurrence, a limit added to it, a rule an .ics import
stores) reads back into the same Rule, and writes back to the same text.
"""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, reject
from hypothesis import strategies as st

from mentorlog.calendar.ics_fields import stored_rule
from mentorlog.errors import InvalidInput
from mentorlog.timeparse import parse_recurrence, with_limit
from mentorlog.timeparse.rules import (
    RRULE_DAYS,
    Rule,
    read_rule,
    read_until,
    until_instant,
    until_text,
)

BERLIN = ZoneInfo("Europe/Berlin")

# --- the rules mentorlog writes ----------------------------------------------------------------

freqs = st.sampled_from(["DAILY", "WEEKLY", "MONTHLY", "YEARLY"])
weekdays = st.lists(st.sampled_from(RRULE_DAYS), min_size=1, max_size=7, unique=True)
ordinals = st.sampled_from(["", "1", "2", "3", "4", "-1", "+2"])
moments = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2999, 12, 31))


@st.composite
def by_parts(draw: st.DrawFn, freq: str) -> list[str]:
    """BY* parts a person or a calendar app writes for this frequency."""
    parts: list[str] = []
    if draw(st.booleans()):
        days = draw(weekdays)
        if freq in ("MONTHLY", "YEARLY") and len(days) == 1:
            days = [draw(ordinals) + days[0]]
        parts.append("BYDAY=" + ",".join(days))
    if freq in ("MONTHLY", "YEARLY") and draw(st.booleans()):
        day = draw(st.sampled_from([*range(1, 29), -1]))
        parts.append(f"BYMONTHDAY={day}")
    if freq == "YEARLY" and draw(st.booleans()):
        parts.append(f"BYMONTH={draw(st.integers(1, 12))}")
    if freq == "MONTHLY" and "BYDAY=" in ";".join(parts) and draw(st.booleans()):
        parts.append(f"BYSETPOS={draw(st.sampled_from([1, 2, -1]))}")
    if draw(st.booleans()):
        parts.append(f"WKST={draw(st.sampled_from(RRULE_DAYS))}")
    return draw(st.permutations(parts))


@st.composite
def limits(draw: st.DrawFn) -> list[str]:
    kind = draw(st.sampled_from(["none", "count", "date", "floating", "utc"]))
    moment = draw(moments).replace(microsecond=0)
    if kind == "count":
        return [f"COUNT={draw(st.integers(1, 999_999))}"]
    if kind == "date":
        return [f"UNTIL={moment:%Y%m%d}"]
    if kind == "floating":
        return [f"UNTIL={moment:%Y%m%dT%H%M%S}"]
    if kind == "utc":
        return [f"UNTIL={moment:%Y%m%dT%H%M%S}Z"]
    return []


@st.composite
def typed_rules(draw: st.DrawFn) -> str:
    """An RRULE as a person may type it: parts in any order, any case, spaces, 'RRULE:'."""
    freq = draw(freqs)
    parts = [f"FREQ={freq}", *draw(by_parts(freq)), *draw(limits())]
    interval = draw(st.integers(1, 999))
    if interval != 1 or draw(st.booleans()):
        parts.append(f"INTERVAL={interval:0{draw(st.integers(1, 3))}d}")
    separator = draw(st.sampled_from([";", "; ", " ;", ";;"]))
    text = separator.join(draw(st.permutations(parts)))
    if draw(st.booleans()):
        text = text.lower()
    return draw(st.sampled_from(["", "RRULE:", "rrule:"])) + text


def written(text: str) -> str:
    """What mentorlog stores for a typed rule (rejecting what it refuses)."""
    try:
        return parse_recurrence(text)
    except InvalidInput:
        reject()


@st.composite
def rules_we_write(draw: st.DrawFn) -> str:
    source = draw(st.sampled_from(["typed", "words", "limited", "imported"]))
    if source == "words":
        words = ["weekly", "biweekly", "monthly", "yearly", "daily", "every 3 weeks", "10d"]
        return written(draw(st.sampled_from(words)))
    typed = written(draw(typed_rules()))
    if source == "limited":
        bare = ";".join(p for p in typed.split(";") if not p.startswith(("UNTIL", "COUNT")))
        if draw(st.booleans()):
            return with_limit(bare, count=draw(st.integers(1, 500)))
        until = draw(moments).replace(tzinfo=draw(st.sampled_from([UTC, BERLIN])))
        return with_limit(bare, until=until)
    if source == "imported":
        start = draw(st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2004, 1, 1)))
        start = start.replace(second=0, microsecond=0)
        stored, problem = stored_rule(typed, start, BERLIN)
        if stored is None:
            reject()
        assert problem is None
        return stored
    return typed


@given(rules_we_write())
def test_a_rule_we_write_reads_back_and_writes_back_the_same(text: str) -> None:
    rule = read_rule(text)
    assert rule is not None
    assert str(rule) == text
    again = read_rule(str(rule))
    assert again == rule
    assert str(again) == text


@given(typed_rules())
def test_text_to_rule_to_text_to_rule_is_stable(text: str) -> None:
    """Whatever the case, spacing or order of a rule as typed: reading what it writes gives
    the rule again, and writing that gives the same text."""
    rule = read_rule(text)
    assert rule is not None
    again = read_rule(str(rule))
    assert again == rule
    assert str(again) == str(rule)
    assert read_rule("RRULE:" + str(rule).lower()) == rule


@given(typed_rules())
def test_a_rule_is_its_parts_in_the_order_written(text: str) -> None:
    rule = read_rule(text)
    assert rule is not None
    body = "".join(text.split()).upper().removeprefix("RRULE:")
    written_parts = [tuple(p.split("=")) for p in body.split(";") if p]
    assert list(rule.items()) == written_parts
    assert rule.freq == rule["FREQ"] == dict(written_parts)["FREQ"]


# --- typed views -------------------------------------------------------------------------------


@given(st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31)))
def test_an_until_is_written_and_read_back(moment: datetime) -> None:
    moment = moment.replace(microsecond=0)
    assert read_until(until_text(moment)) == moment
    aware = moment.replace(tzinfo=UTC)
    assert read_until(until_text(aware)) == aware
    assert until_text(aware).endswith("Z")
    assert len(until_text(aware)) == 16


def test_until_text_pads_the_year_and_writes_utc() -> None:
    assert until_text(datetime(999, 1, 2, 3, 4, 5)) == "09990102T030405"
    assert until_text(datetime(2027, 1, 1, 9, tzinfo=BERLIN)) == "20270101T080000Z"


def test_an_until_is_an_instant_in_the_meetings_zone_unless_utc() -> None:
    assert until_instant(datetime(2027, 1, 1, 9), BERLIN) == datetime(2027, 1, 1, 8, tzinfo=UTC)
    utc = datetime(2027, 1, 1, 9, tzinfo=UTC)
    assert until_instant(utc, BERLIN) == utc
    # a date UNTIL is the last second of that day
    assert read_until("20270101") == datetime(2027, 1, 1, 23, 59, 59)


@pytest.mark.parametrize(
    ("text", "interval", "count", "until"),
    [
        ("FREQ=WEEKLY", 1, None, None),
        ("FREQ=WEEKLY;INTERVAL=03;COUNT=10", 3, 10, None),
        ("FREQ=WEEKLY;INTERVAL=\u00b2;COUNT=-1", None, None, None),
        ("FREQ=DAILY;UNTIL=20270101T080000Z", 1, None, datetime(2027, 1, 1, 8, tzinfo=UTC)),
        ("FREQ=DAILY;UNTIL=TOMORROW", 1, None, None),
    ],
)
def test_the_typed_views_read_plain_values_only(
    text: str, interval: int | None, count: int | None, until: datetime | None
) -> None:
    rule = read_rule(text)
    assert rule is not None
    assert (rule.interval, rule.count, rule.until) == (interval, count, until)


# --- what is not a rule ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "",
        "weekly",
        "INTERVAL=2",  # no FREQ
        "FREQ=WEEKLY;FREQ=DAILY",  # a key twice
        "FREQ=WEEKLY;BYDAY",  # no value
        "FREQ=WEEKLY;BYDAY=",
        "FREQ=WEEKLY;=MO",  # no key
        "FREQ=WEEKLY;BYDAY=MO=TU",
        ";;=;",
    ],
)
def test_text_that_is_not_key_value_parts_with_one_freq_is_no_rule(text: str) -> None:
    assert read_rule(text) is None


def test_unknown_keys_and_values_are_read_for_the_caller_to_judge() -> None:
    """The reader reads the shape only: typed input refuses BYEASTER, dateutil follows it."""
    rule = read_rule("freq=yearly; byeaster=0; X-NAME=A,B")
    assert rule == Rule((("FREQ", "YEARLY"), ("BYEASTER", "0"), ("X-NAME", "A,B")))
    assert str(rule) == "FREQ=YEARLY;BYEASTER=0;X-NAME=A,B"


def test_a_rule_is_changed_by_part() -> None:
    rule = read_rule("FREQ=WEEKLY;UNTIL=20270101;BYDAY=TU;COUNT=3")
    assert rule is not None
    assert str(rule.without("UNTIL", "COUNT")) == "FREQ=WEEKLY;BYDAY=TU"
    assert str(rule.with_part("UNTIL", "X")) == "FREQ=WEEKLY;UNTIL=X;BYDAY=TU;COUNT=3"
    assert str(rule.with_part("INTERVAL", "2")).endswith(";COUNT=3;INTERVAL=2")
    ordered = rule.with_part("INTERVAL", "2").ordered(("FREQ", "INTERVAL"), ("UNTIL", "COUNT"))
    assert str(ordered) == "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;UNTIL=20270101;COUNT=3"


@pytest.mark.parametrize(
    "parts",
    [
        (),
        (("BYDAY", "MO"),),
        (("FREQ", "WEEKLY"), ("FREQ", "DAILY")),
        (("FREQ", "WEEKLY;COUNT=2"),),
        (("FREQ", ""),),
        (("freq", "WEEKLY"),),
    ],
)
def test_a_rule_holds_parts_that_write_back_as_they_are(
    parts: tuple[tuple[str, str], ...],
) -> None:
    with pytest.raises(ValueError, match="not a recurrence rule"):
        Rule(parts)


def test_rules_are_values() -> None:
    first, second = read_rule("FREQ=WEEKLY;BYDAY=TU"), read_rule("freq=weekly;byday=tu")
    assert first == second
    assert len({first, second}) == 1
    assert read_rule("BYDAY=TU;FREQ=WEEKLY") != first  # the order written is kept
    assert first is not None
    with pytest.raises(AttributeError, match="cannot be changed"):
        first.parts = ()  # type: ignore[misc]


def test_a_stored_count_in_other_digits_is_refused_not_a_crash() -> None:
    """COUNT=² (a hand edit) passed str.isdigit, then int() raised ValueError: a traceback."""
    from mentorlog.calendar.occurrences import occurrences, wall_bounds
    from mentorlog.model import Meeting

    start = datetime(2026, 12, 1, 9)
    meeting = Meeting(
        title="1:1", people=[], start=start, tz="UTC", rrule="FREQ=WEEKLY;COUNT=\u00b2", id=3
    )
    window = (datetime(2026, 1, 1, tzinfo=UTC), datetime(2028, 1, 1, tzinfo=UTC))
    with pytest.raises(InvalidInput, match="stored recurrence 'FREQ=WEEKLY;COUNT=²' of meeting 3"):
        occurrences(meeting, *window)
    with pytest.raises(InvalidInput, match="stored recurrence"):
        wall_bounds(start, "FREQ=WEEKLY;COUNT=\u00b2", "UTC")
