"""Nothing private leaves the journal: marker strings in private notes, reflections,
feedback (given and received, private or not), meeting notes, a goal's reasons and progress
notes, and everything about another person, are in none of the objects shared with ana, not
even through a saved agenda that quotes some of them."""

from __future__ import annotations

import pytest

from conftest import Run
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
    "PROGRESSNOTE",
    "EXPECTATIONS",
    "CARLTOPIC",
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


def test_no_marker_in_any_object_shared_with_her(secrets: None, run: Run) -> None:
    # The saved agenda quotes the feedback: the journal holds it, the object must not.
    assert "FEEDBACKGIVEN" in run.json("meeting", "show", "1")["agenda"]
    with store.open_journal(home()) as journal:
        objects = [to_ics(v) for v in shared_views(journal, "ana", now=CLOCK).values()]
    assert len(objects) == 8
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
