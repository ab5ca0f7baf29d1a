"""Talking points: things to raise the next time you meet someone."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from mentorlog import kinds, timeparse
from mentorlog.errors import Conflict, InvalidInput
from mentorlog.model import Topic
from mentorlog.services import fields, records
from mentorlog.services.people import get_person
from mentorlog.services.topics_read import list_topics as list_topics
from mentorlog.services.topics_read import topics_for as topics_for
from mentorlog.store import Journal

TOPICS = kinds.TOPICS.table
_EXAMPLE = "Ask about the promotion"


def get_topic(journal: Journal, topic_id: int) -> Topic:
    topic = records.get(journal, kinds.TOPICS, topic_id)
    assert isinstance(topic, Topic)
    return topic


def add_topic(journal: Journal, text: str, *, person: str, now: datetime) -> Topic:
    """Queue something to raise next time you meet `person`."""
    handle = get_person(journal, person).handle
    topic = Topic(text=fields.text(text, "talking point", example=_EXAMPLE), person=handle)
    record = journal.insert(TOPICS, topic.to_record(), now=now)
    saved = Topic.from_record(record)
    journal.describe(f"topic add {timeparse.quote(saved.text)} (topic {saved.id})", now=now)
    return saved


def edit_topic(
    journal: Journal,
    topic_id: int,
    *,
    now: datetime,
    text: str | None = None,
    person: str | None = None,
) -> Topic:
    """Change a talking point's text, or who to raise it with."""
    topic = get_topic(journal, topic_id)
    if text is None and person is None:
        raise InvalidInput(
            "Nothing to change: give --text or --with; see `mentorlog topic edit --help`."
        )
    changed = topic
    if text is not None:
        changed = replace(changed, text=fields.text(text, "talking point", example=_EXAMPLE))
    if person is not None:
        changed = replace(changed, person=get_person(journal, person).handle)
    return _save(journal, changed, "topic edit", now=now)


def complete_topic(journal: Journal, topic_id: int, *, now: datetime) -> Topic:
    topic = get_topic(journal, topic_id)
    if not topic.is_open:
        raise Conflict(f"Talking point {topic_id} is already done.")
    return _save(journal, replace(topic, status="done", completed=now), "topic done", now=now)


def reopen_topic(journal: Journal, topic_id: int, *, now: datetime) -> Topic:
    topic = get_topic(journal, topic_id)
    if topic.is_open:
        raise Conflict(f"Talking point {topic_id} is open already; nothing to reopen.")
    return _save(journal, replace(topic, status="open", completed=None), "topic reopen", now=now)


def _save(journal: Journal, topic: Topic, what: str, *, now: datetime) -> Topic:
    assert topic.id is not None
    record = journal.update(TOPICS, topic.id, topic.to_record(), now=now)
    journal.describe(f"{what} (topic {topic.id})", now=now)
    return Topic.from_record(record)
