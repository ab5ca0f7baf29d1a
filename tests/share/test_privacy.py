"""Nothing private leaves the journal: marker strings in private notes, reflections,
feedback (given and received), meeting notes, a goal's reasons, a person's expectations and
everything about another person are in none of the objects shared with ana, not even
through a saved agenda that quotes feedback, reflections and notes. (The agenda's progress lines,
with their notes, are shared: they are what the meeting talks about.)"""

from __future__ import annotations

import pytest

from conftest import Run
from inprocess import invoke
from mentorlog import store
from mentorlog.share.views import shared_views, to_ics
from share_journals import CLOCK, home, relationship

MARKERS = (
    "PRIVATENOTE",
    "FEEDBACKTEXT",
    "REFLECTIONTEXT",
    "BOTHNOTE",
    "BOB",
    "PRIVREFLECT",
    "FEEDBACKGIVEN",
    "FEEDBACKRECEIVED",
    "MEETINGNOTES",
    "GOALWHY",
    "EXPECTATIONS",
    "CARLTOPIC",
    "REFLECTSINCE",
)


@pytest.fixture
def secrets(run: Run) -> None:
    relationship(run)  # PRIVATENOTE, FEEDBACKTEXT, REFLECTIONTEXT, BOTHNOTE, BOB...
    run.ok("person", "edit", "ana", "--expectations", "EXPECTATIONS weekly, async ok")
    run.ok("person", "add", "carl", "--name", "Carl", "--role", "peer", "--tz", "UTC")
    run.ok("topic", "add", "CARLTOPIC salary", "--with", "carl")
    run.ok("reflect", "PRIVREFLECT about ana", "--with", "ana", "--private")
    run.ok("feedback", "add", "FEEDBACKGIVEN be concise", "--to", "ana", "--rating", "4")
    run.ok("feedback", "add", "FEEDBACKRECEIVED loved it", "--from", "ana")
    run.ok("meeting", "notes", "1", "MEETINGNOTES she seemed tired")
    run.ok("goal", "edit", "1", "--why", "GOALWHY money")
    run.ok("goal", "progress", "1", "30", "--note", "PROGRESSNOTE first draft")
    run.ok("agenda", "1", "--save")
    # A series held last week: its agenda lists what happened since, reflections too.
    run.ok("meeting", "add", "--with", "ana", "--at", "2026-11-10 09:00", "--every", "weekly",
           "--title", "Past sync")  # fmt: skip
    invoke(["meeting", "done", "4"], env={"MENTORLOG_NOW": "2026-11-17T12:00:00+01:00"})
    run.ok("reflect", "REFLECTSINCE on the week", "--with", "ana")
    run.ok("agenda", "4", "--save")


def test_no_marker_in_any_object_shared_with_her(secrets: None, run: Run) -> None:
    # The saved agendas quote feedback and a reflection: the journal holds them, the
    # objects must not.
    assert "FEEDBACKGIVEN" in run.json("meeting", "show", "1")["agenda"]
    past = run.json("meeting", "show", "4")["agenda"]
    assert "REFLECTSINCE" in past
    assert "BOTHNOTE" in past
    assert "PROGRESSNOTE" in past
    with store.open_journal(home()) as journal:
        objects = [to_ics(v) for v in shared_views(journal, "ana", now=CLOCK).values()]
    assert len(objects) == 9
    everything = b"\n".join(objects)
    for marker in MARKERS:
        assert marker.encode() not in everything, marker
    assert b"Get promoted" in everything  # what is shared is there


def test_nothing_at_all_for_a_person_with_only_private_things(run: Run) -> None:
    run.ok("person", "add", "dee", "--name", "Dee", "--role", "mentee", "--tz", "UTC")
    run.ok("note", "add", "PRIVATENOTE dee", "--with", "dee", "--private")
    run.ok("reflect", "REFLECTIONTEXT dee", "--with", "dee")
    run.ok("feedback", "add", "FEEDBACKTEXT dee", "--to", "dee")
    with store.open_journal(home()) as journal:
        assert shared_views(journal, "dee", now=CLOCK) == {}
