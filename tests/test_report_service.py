"""The report's pure pieces: the period it covers and the cadence rule."""

from __future__ import annotations

import itertools
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from mentorlog.cli.report_options import report_period
from mentorlog.errors import InvalidInput
from mentorlog.services.report import GRACE_DAYS, check_cadence
from profiles import examples

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 11, 21, 11, 15, tzinfo=BERLIN)
START = date(2026, 8, 23)


def test_the_default_period_is_90_days_from_midnight_up_to_now() -> None:
    period = report_period(None, None, now=NOW)
    assert period.since == datetime(2026, 8, 23, tzinfo=BERLIN)
    assert period.until == NOW
    assert (period.first_day, period.last_day, period.whole_days) == (START, NOW.date(), False)


def test_a_day_given_to_until_counts_in_full_and_an_instant_is_exact() -> None:
    period = report_period("2026-10-01", "2026-10-31", now=NOW)
    assert period.since.isoformat() == "2026-10-01T00:00:00+02:00"
    assert period.until.isoformat() == "2026-10-31T23:59:59.999999+01:00"
    assert period.whole_days
    assert period.holds(datetime(2026, 10, 31, 23, 59, 59, tzinfo=BERLIN))
    assert not period.holds(datetime(2026, 11, 1, tzinfo=BERLIN))
    exact = report_period("2026-10-01 09:30", "2026-10-02 17:00", now=NOW)
    assert (exact.since.hour, exact.since.minute, exact.until.hour) == (9, 30, 17)
    assert not exact.whole_days


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Dec 1", date(2025, 12, 1)),  # without a year: the last one, not the next
        ("fri", date(2026, 11, 20)),
        ("30 days ago", date(2026, 10, 22)),
        ("yesterday", date(2026, 11, 20)),
    ],
)
def test_days_without_a_year_are_read_in_the_past(text: str, expected: date) -> None:
    assert report_period(text, None, now=NOW).first_day == expected


def test_an_empty_period_is_refused() -> None:
    with pytest.raises(InvalidInput, match="is not before --until"):
        report_period("2026-10-02 10:00", "2026-10-02 10:00", now=NOW)


def gaps(points: list[date]) -> list[int]:
    return [(b - a).days for a, b in itertools.pairwise(points)]


@given(
    offsets=st.lists(st.integers(min_value=0, max_value=90), max_size=30),
    count=st.integers(min_value=1, max_value=4),
    unit=st.sampled_from(["d", "w"]),
    span=st.integers(min_value=1, max_value=90),
)
@example(offsets=[], count=2, unit="w", span=17)  # exactly the cadence plus grace: kept
@example(offsets=[], count=2, unit="w", span=18)  # a day more: not kept
def test_the_cadence_is_kept_when_no_gap_passes_it_plus_grace(
    offsets: list[int], count: int, unit: str, span: int
) -> None:
    end = START + timedelta(days=span)
    days = [START + timedelta(days=n) for n in offsets if n <= span]
    check = check_cadence(f"{count}{unit}", days, START, end)
    assert check is not None
    longest = max(gaps(sorted({START, *days, end})))
    allowed = count * (7 if unit == "w" else 1) + GRACE_DAYS
    assert check.kept == (longest <= allowed)
    assert check.longest.days == longest
    assert START <= check.longest.start < check.longest.end <= end


def test_a_monthly_cadence_follows_the_calendar() -> None:
    # 31 Jan + 1 month is 28 Feb; plus 3 days' grace: 3 Mar.
    kept = check_cadence("1m", [date(2027, 3, 3)], date(2027, 1, 31), date(2027, 3, 3))
    assert kept is not None
    assert (kept.kept, kept.longest.days) == (True, 31)
    broken = check_cadence("monthly", [date(2027, 5, 4)], date(2027, 3, 31), date(2027, 5, 4))
    assert broken is not None
    assert not broken.kept
    assert (broken.longest.days, broken.words, broken.every_words) == (34, "1 month", "every month")


@pytest.mark.parametrize("cadence", [None, "whenever"])
def test_no_cadence_or_an_unreadable_one_is_not_checked(cadence: str | None) -> None:
    assert check_cadence(cadence, [START], START, START + timedelta(days=30)) is None


def test_a_period_with_no_meetings_is_one_long_gap() -> None:
    check = check_cadence("2w", [], START, START + timedelta(days=20))
    assert check is not None
    assert (check.kept, check.longest.days, check.every_words) == (False, 20, "every 2 weeks")


# --- the records a report can show, found before they are built (services/report_sieve.py) ---


@pytest.fixture(scope="module")
def generated_home(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """A benchmark journal, with goals whose history a hand edit left out of order, with
    ties, entries that are not objects or have no readable instant, and none at all."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).parents[1] / "benchmarks"))
    import journal_gen
    import orjson

    home = tmp_path_factory.mktemp("report-home")
    data = journal_gen.build(3_000)
    goals = list(data["goals"].values())
    for goal, odd in zip(goals, itertools.cycle(range(6)), strict=False):
        history = goal.get("history") or []
        if odd == 0:
            goal["history"] = list(reversed(history))
        elif odd == 1 and history:
            goal["history"] = [*history, {**history[-1], "event": "reopened"}, "nonsense"]
        elif odd == 2 and history:
            goal["history"] = [{**entry, "at": "not a time"} for entry in history]
        elif odd == 3:
            goal["history"] = None
        elif odd == 4 and history:
            goal["history"] = [
                {**history[-1], "event": "done"},
                {**history[-1], "event": "dropped"},
            ]
    (home / "journal.json").write_bytes(orjson.dumps(data, option=orjson.OPT_INDENT_2))
    return home, journal_gen.NOW


# Two whole reports of a 3,000-record journal an example: 60 periods cover the few
# hundred days and three people well enough (300 took a tenth of CI).
@settings(max_examples=examples(60))
@given(
    since=st.integers(min_value=-900, max_value=60),
    days=st.integers(min_value=1, max_value=400),
    who=st.sampled_from([None, 0, 3]),
)
def test_a_report_reads_what_it_read_building_every_record(
    generated_home: Any, since: int, days: int, who: int | None
) -> None:
    from mentorlog import store
    from mentorlog.services.people import list_people
    from mentorlog.services.report import build_report
    from mentorlog.services.report_period import ReportPeriod

    home, now = generated_home
    start = now + timedelta(days=since)
    period = ReportPeriod(since=start, until=start + timedelta(days=days))
    with store.open_journal(home) as journal:
        people = list_people(journal, include_archived=True)
        person = None if who is None else people[who].handle
        fast = build_report(journal, now=now, period=period, person=person)
        plain = build_report(journal, now=now, period=period, person=person, sieve=False)
    assert fast == plain


def test_the_generated_report_has_something_in_each_part(generated_home: Any) -> None:
    """The journal above makes the comparison mean something: each part of a report of the
    last year has records in it."""
    from mentorlog import store
    from mentorlog.services.report import build_report
    from mentorlog.services.report_period import ReportPeriod

    home, now = generated_home
    period = ReportPeriod(since=now - timedelta(days=365), until=now)
    with store.open_journal(home) as journal:
        report = build_report(journal, now=now, period=period)
    goals = report.goals
    assert report.meetings
    assert goals.completed
    assert goals.active
    assert goals.dropped
    assert report.notes
    assert report.feedback.received
    assert report.actions
