"""What `meeting add` and `meeting edit` warn about: your working hours and everyone's, and
meetings that overlap (saved all the same); and the year in `meeting list` for days in another
year (Sat 21 Nov 2026, Berlin)."""

from __future__ import annotations

import pytest

from conftest import Run


@pytest.fixture(autouse=True)
def bo(run: Run) -> None:
    # Lisbon is an hour behind Berlin; both work 09:00-17:00 on weekdays.
    run.ok("person", "add", "bo", "--name", "Bo", "--role", "mentee", "--tz", "Europe/Lisbon")


def notes(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("Note: ")]


def test_add_warns_about_your_own_working_hours(run: Run) -> None:
    result = run.ok("meeting", "add", "--with", "bo", "--at", "tue 08:30")
    assert notes(result.stderr) == [
        "Note: that is outside your working hours (Tue 08:30 in Europe/Berlin, you work "
        "09:00-17:00, mon-fri).",
        "Note: that is outside bo's working hours (Tue 07:30 in Europe/Lisbon, they work "
        "09:00-17:00).",
    ]
    assert run.json("meeting", "show", "1")["start"] == "2026-11-24T08:30:00+01:00"


def test_your_hours_come_from_config(run: Run) -> None:
    run.ok("config", "set", "hours", "07:00-15:00")
    result = run.ok("meeting", "add", "--with", "bo", "--at", "tue 10:30")
    assert notes(result.stderr) == []
    late = run.ok("meeting", "add", "--with", "bo", "--at", "tue 16:00")
    assert notes(late.stderr) == [
        "Note: that is outside your working hours (Tue 16:00 in Europe/Berlin, you work "
        "07:00-15:00, mon-fri)."
    ]


def test_edit_warns_about_working_hours_too(run: Run) -> None:
    run.ok("meeting", "add", "--with", "bo", "--at", "tue 11:00")
    result = run.ok("meeting", "edit", "1", "--at", "tue 21:00")
    assert notes(result.stderr) == [
        "Note: that is outside your working hours (Tue 21:00 in Europe/Berlin, you work "
        "09:00-17:00, mon-fri).",
        "Note: that is outside bo's working hours (Tue 20:00 in Europe/Lisbon, they work "
        "09:00-17:00).",
    ]
    renamed = run.ok("meeting", "edit", "1", "--title", "Late chat")
    assert notes(renamed.stderr) == []  # a new title moves nothing: no warning again


def test_overlapping_meetings_are_warned_about_and_saved(run: Run) -> None:
    run.ok("meeting", "add", "--with", "bo", "--at", "wed 10:00", "--duration", "13h")
    inside = run.ok("meeting", "add", "--with", "bo", "--at", "wed 14:00")
    assert notes(inside.stderr) == [
        "Note: that overlaps meeting 1 (Mentoring with Bo, Wed 25 Nov 2026 10:00-23:00 "
        "Europe/Berlin)."
    ]
    assert len(run.json("meeting", "list")) == 2
    apart = run.ok("meeting", "add", "--with", "bo", "--at", "thu 14:00")
    assert notes(apart.stderr) == []


def test_a_series_says_how_often_it_overlaps(run: Run) -> None:
    run.ok("meeting", "add", "--with", "bo", "--at", "wed 14:00", "--every", "weekly",
           "--count", "4")  # fmt: skip
    result = run.ok("meeting", "add", "--with", "bo", "--at", "wed 14:30", "--every", "2w")
    assert notes(result.stderr) == [
        "Note: that overlaps meeting 1 (Mentoring with Bo, Wed 25 Nov 2026 14:00-14:45 "
        "Europe/Berlin) and 1 more time in the year ahead."
    ]


def test_back_to_back_meetings_do_not_overlap(run: Run) -> None:
    run.ok("meeting", "add", "--with", "bo", "--at", "wed 14:00", "--duration", "1h")
    result = run.ok("meeting", "add", "--with", "bo", "--at", "wed 15:00")
    assert notes(result.stderr) == []


def test_a_cancelled_meeting_is_no_overlap(run: Run) -> None:
    run.ok("meeting", "add", "--with", "bo", "--at", "wed 14:00")
    run.ok("meeting", "cancel", "1")
    result = run.ok("meeting", "add", "--with", "bo", "--at", "wed 14:00")
    assert notes(result.stderr) == []


def test_edit_warns_about_an_overlap_it_makes(run: Run) -> None:
    run.ok("meeting", "add", "--with", "bo", "--at", "wed 14:00")
    run.ok("meeting", "add", "--with", "bo", "--at", "thu 14:00")
    result = run.ok("meeting", "edit", "2", "--at", "wed 14:15")
    assert notes(result.stderr) == [
        "Note: that overlaps meeting 1 (Mentoring with Bo, Wed 25 Nov 2026 14:00-14:45 "
        "Europe/Berlin)."
    ]


def test_moving_one_occurrence_onto_another_meeting_is_warned(run: Run) -> None:
    run.ok("meeting", "add", "--with", "bo", "--at", "wed 14:00", "--every", "weekly")
    run.ok("meeting", "add", "--with", "bo", "--at", "2026-12-03 10:00")
    result = run.ok("meeting", "edit", "1", "--occurrence", "2026-12-02",
                    "--at", "2026-12-03 10:30")  # fmt: skip
    assert notes(result.stderr) == [
        "Note: that overlaps meeting 2 (Mentoring with Bo, Thu 3 Dec 2026 10:00-10:45 "
        "Europe/Berlin)."
    ]


def test_meeting_list_shows_the_year_of_a_day_in_another_year(run: Run) -> None:
    run.ok("meeting", "add", "--with", "bo", "--at", "2029-11-20 10:00")
    run.ok("meeting", "add", "--with", "bo", "--at", "2026-11-24 10:00")
    listed = run.ok("meeting", "list", "--to", "in 3 years").stdout
    assert "Tue 24 Nov 10:00-10:45" in listed
    assert "Tue 24 Nov 2026" not in listed
    assert "Tue 20 Nov 2029 10:00-10:45" in listed
