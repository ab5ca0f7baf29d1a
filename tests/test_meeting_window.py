"""`meeting list` builds only the meetings that can have an occurrence in its window
(`services.meetings.occurrences_between` through `MeetingIndex`): the same occurrences, in
the same order, as over every meeting built."""

from __future__ import annotations

import json
import random
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from mentorlog import store
from mentorlog.services.meetings import occurrences_between

BENCHMARKS = Path(__file__).parents[1] / "benchmarks"


def _odd_meetings() -> dict[str, dict[str, Any]]:
    """Meetings a hand edit left odd: no start, a start that is not a time, a rule dateutil
    must read, a series cancelled, people that are not a list."""
    return {
        "90001": {"title": "no start", "people": ["alice"], "tz": "UTC"},
        "90002": {"title": "bad start", "people": "alice", "start": "soon", "tz": "UTC"},
        "90003": {
            "title": "by day",
            "people": ["alice", "bob"],
            "start": "2026-01-05T09:00:00",
            "tz": "Europe/Berlin",
            "rrule": "FREQ=MONTHLY;BYDAY=1MO",
        },
        "90005": {
            "title": "called off",
            "people": ["alice"],
            "start": "2026-10-01T10:00:00",
            "tz": "UTC",
            "rrule": "FREQ=DAILY",
            "status": "cancelled",
        },
    }


@pytest.mark.parametrize(("n", "seed"), [(400, 11), (3_000, 12)])
def test_the_meetings_of_a_window_are_those_over_every_meeting(
    n: int, seed: int, isolated_env: Path
) -> None:
    sys.path.insert(0, str(BENCHMARKS))
    import journal_gen

    data = journal_gen.build(n, seed=seed)
    data["meetings"].update(_odd_meetings())
    isolated_env.mkdir(parents=True, exist_ok=True)
    (isolated_env / "journal.json").write_text(json.dumps(data))
    rng = random.Random(seed)
    with store.open_journal(isolated_env) as journal:
        handles = sorted({p["handle"] for p in data["people"].values()})
        for _ in range(10):
            start = journal_gen.NOW + timedelta(hours=rng.randint(-24 * 900, 24 * 200))
            end = start + timedelta(days=rng.choice((1, 7, 30, 400)))
            for who in (None, rng.choice(handles), "alice"):
                if who == "alice" and "alice" not in handles:
                    continue
                plain = occurrences_between(journal, start, end, person=who, sieve=False)
                short = occurrences_between(journal, start, end, person=who)
                assert [o.to_json() for o in short] == [o.to_json() for o in plain]
                assert [o.meeting.id for o in short] == [o.meeting.id for o in plain]


def test_a_meeting_in_no_known_zone_is_refused_either_way(isolated_env: Path) -> None:
    """In the window or not, as over every meeting: the one sentence that says how to fix it."""
    from mentorlog.errors import InvalidInput

    sys.path.insert(0, str(BENCHMARKS))
    import journal_gen

    data = journal_gen.build(50, seed=13)
    data["meetings"]["90004"] = {
        "title": "nowhere",
        "people": ["x"],
        "tz": "Nowhere/Zone",
        "start": "2026-11-20T10:00:00",
        "rrule": "FREQ=WEEKLY",
    }
    isolated_env.mkdir(parents=True, exist_ok=True)
    (isolated_env / "journal.json").write_text(json.dumps(data))
    with store.open_journal(isolated_env) as journal:
        for days in (-400, 0):
            start = journal_gen.NOW + timedelta(days=days)
            errors = []
            for sieve in (True, False):
                try:
                    found = occurrences_between(
                        journal, start, start + timedelta(days=30), sieve=sieve
                    )
                    errors.append([o.to_json() for o in found])
                except InvalidInput as refused:
                    errors.append(str(refused))
            assert errors[0] == errors[1]
