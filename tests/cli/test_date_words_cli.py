"""Date words through the CLI (Sat 21 Nov 2026, Berlin)."""

from __future__ import annotations

import pytest

from conftest import Run


@pytest.mark.parametrize(
    ("due", "expected"),
    [
        ("next week", "2026-11-23"),
        ("next month", "2026-12-01"),
        ("this friday", "2026-11-27"),
        ("end of month", "2026-11-30"),
        ("24.12.2026", "2026-12-24"),
    ],
)
def test_goal_due_reads_date_words(run: Run, due: str, expected: str) -> None:
    assert run.json("goal", "add", "Ship it", "--due", due)["due"] == expected


def test_when_reads_a_date_word_with_a_time(run: Run) -> None:
    found = run.json("when", "next week 10:00")
    assert found["instant_utc"] == "2026-11-23T09:00:00+00:00"
    found = run.json("when", "24.12.2026 18:00")
    assert found["instant_utc"] == "2026-12-24T17:00:00+00:00"


def test_a_slashed_date_is_refused_saying_why(run: Run) -> None:
    result = run.fails(2, "goal", "add", "Ship it", "--due", "12/01/2026")
    assert result.stderr == (
        "Error: '12/01/2026' is ambiguous (day/month or month/day?); "
        "write it as 2026-12-01 or 1 Dec 2026.\n"
    )
