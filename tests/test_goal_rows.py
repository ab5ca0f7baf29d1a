"""`goal list`'s rows read from the stored goals (services/goal_rows.py) are the goals the
plain way lists, in the same order, showing the same; and a list with a goal that is not a
usual record is left to the plain way."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from mentorlog import store
from mentorlog.errors import InvalidInput
from mentorlog.model.goal_values import listed
from mentorlog.services.goal_rows import listed_rows
from mentorlog.services.goals import list_goals
from mentorlog.store import Journal
from test_plain_layout import USUAL_GOAL, goal_records

SHOWN = ("id", "title", "status", "progress", "due", "person", "tags", "is_open")
STATUSES = st.sampled_from(["active", "done", "dropped", "all", " All ", "DONE"])
TAGS = st.one_of(st.none(), st.sampled_from(["oss", "#oss", "OSS", "a", ""]))


def journal_of(records: list[dict[str, Any]]) -> Journal:
    goals = {str(n): record | {"id": n} for n, record in enumerate(records, 1)}
    tables = {"_meta": {"1": {"schema": 3}}, "goals": goals}
    return Journal(store.JournalPaths(Path("/nonexistent")), tables, writable=False)


def shown(goals: Any) -> list[tuple[Any, ...]]:
    return [tuple(getattr(goal, name) for name in SHOWN) for goal in goals]


def outcome(list_it: Any) -> tuple[str, Any]:
    try:
        return "listed", list_it()
    except InvalidInput as refused:
        return "refused", str(refused)


@given(st.lists(goal_records(), max_size=8), STATUSES, TAGS)
@example([USUAL_GOAL, USUAL_GOAL | {"due": "2026-12-01"}], "active", None)
@example([USUAL_GOAL | {"due": "2026-12-01"}, USUAL_GOAL | {"due": "2026-11-01"}], "all", "oss")
def test_the_rows_are_the_goals_the_plain_way_lists(
    records: list[dict[str, Any]], status: str, tag: str | None
) -> None:
    journal = journal_of(records)
    plain = outcome(lambda: list_goals(journal, status=status, tag=tag, brief=True))
    rows = outcome(lambda: listed_rows(journal, status=status, tag=tag))
    if rows[0] == "refused" or plain[0] == "refused":
        assert rows == plain
        return
    if rows[1] is None:  # left to the plain way: a goal of that status is not usual
        assert any(listed(record) is None for record in journal.all("goals"))
        return
    assert shown(rows[1]) == shown(plain[1])


def test_a_list_of_usual_goals_takes_the_rows() -> None:
    journal = journal_of([USUAL_GOAL, USUAL_GOAL | {"status": "done"}])
    rows = listed_rows(journal, status="all", tag=None)
    assert rows is not None
    assert len(rows) == 2


def test_a_hand_edited_goal_leaves_the_list_to_the_plain_way() -> None:
    journal = journal_of([USUAL_GOAL, USUAL_GOAL | {"progress": "40"}])
    assert listed_rows(journal, status="active", tag=None) is None
    # ... unless the list does not show it.
    journal = journal_of([USUAL_GOAL, USUAL_GOAL | {"status": "done", "progress": "40"}])
    assert listed_rows(journal, status="active", tag=None) is not None


@pytest.mark.parametrize("status", ["open", "", "all goals"])
def test_a_bad_status_is_refused_as_the_plain_way_refuses_it(status: str) -> None:
    journal = journal_of([USUAL_GOAL])
    with pytest.raises(InvalidInput) as plain:
        list_goals(journal, status=status)
    with pytest.raises(InvalidInput) as rows:
        listed_rows(journal, status=status, tag=None)
    assert str(rows.value) == str(plain.value)
