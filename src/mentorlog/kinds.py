"""The registry of record kinds: one entry per kind of record a journal holds.

Each entry says where a kind is stored, which model reads it, how it is named to people,
which of its fields point at other kinds, which fields search reads, how it appears in the
Markdown export and in reports, and whether a record can be private. Search, the JSON export
and import, the Markdown export and the dashboard iterate over `KINDS`, and tests fail when
one of them leaves a kind out; adding a kind starts here.

The store sits below this module and never imports it: `store.TABLES` lists the same tables
in the same order, and a test holds the two together.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Mapping

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Literal

    from mentorlog.model import Stored


class _Fixed:
    """Set once, in `__init__`: a kind is one object, compared and hashed by identity.
    (Plain classes: as dataclasses, building these two cost every command 1.2 ms at start,
    the `exec` of their generated methods.)"""

    __slots__ = ()

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"cannot set {name!r}: a {type(self).__name__} is fixed")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"cannot delete {name!r}: a {type(self).__name__} is fixed")


_set = object.__setattr__


class Markdown(_Fixed):
    """A kind's section in `export md`: its heading, and what it says when empty."""

    __slots__ = ("empty", "section")
    section: str
    empty: str

    def __init__(self, section: str, empty: str) -> None:
        _set(self, "section", section)
        _set(self, "empty", empty)

    def __repr__(self) -> str:
        return f"Markdown({self.section!r}, {self.empty!r})"


class Kind(_Fixed):
    """One kind of record."""

    name: str  # the word commands and `search --type` use: "goal", "action"
    table: str  # where the store keeps it
    # Its model, "module.Class" under mentorlog.model, imported when first asked for (a
    # command that adds a goal does not build the other kinds' dataclasses).
    model_at: str
    key: Literal["id", "handle"]  # how other records and commands point at one
    singular: str  # how people call one: "action item"
    plural: str  # ... and several: "action items"
    # Fields that point at records of another kind: field -> that kind's name. A field may
    # hold one reference or a list of them.
    links: Mapping[str, str]
    # The fields search reads, as (label, attribute), the title first; None: not searched.
    search: tuple[tuple[str, str], ...] | None
    markdown: Markdown
    report: str  # how it appears in `report` (for people reading the registry)
    # The command listing every record of the kind, done ones too: where a "not found"
    # message sends people.
    list_all: str
    # The module of its `mentorlog <name>` command group (its Typer app is `app`).
    cli: str
    private: bool  # whether a record can be private (never exported or reported)

    def __init__(
        self,
        *,
        name: str,
        table: str,
        model_at: str,
        key: Literal["id", "handle"],
        singular: str,
        plural: str,
        links: Mapping[str, str],
        search: tuple[tuple[str, str], ...] | None,
        markdown: Markdown,
        report: str,
        list_all: str,
        cli: str,
        private: bool = False,
    ) -> None:
        self.__dict__.update(
            name=name,
            table=table,
            model_at=model_at,
            key=key,
            singular=singular,
            plural=plural,
            links=links,
            search=search,
            markdown=markdown,
            report=report,
            list_all=list_all,
            cli=cli,
            private=private,
        )

    def __repr__(self) -> str:
        return f"Kind(name={self.name!r}, table={self.table!r})"

    @functools.cached_property
    def model(self) -> type[Stored]:
        """The dataclass a record of this kind is read into."""
        module, name = self.model_at.split(".")
        found: type[Stored] = getattr(importlib.import_module(f"mentorlog.model.{module}"), name)
        return found

    @property
    def tagged(self) -> bool:
        """Whether it carries tags."""
        return "tags" in self.model.__dataclass_fields__

    @property
    def reopens(self) -> bool:
        """Whether it has a done state (a `completed` instant), hence a `reopen` command."""
        return "completed" in self.model.__dataclass_fields__

    def links_to(self, key: Literal["id", "handle"]) -> dict[str, Kind]:
        """The fields that point at records of kinds keyed by `key`, with those kinds."""
        return {f: KIND[target] for f, target in self.links.items() if KIND[target].key == key}


PEOPLE = Kind(
    name="person",
    table="people",
    model_at="people.Person",
    key="handle",
    singular="person",
    plural="people",
    links={},
    search=None,  # people are found by handle (`person show`), not by text
    markdown=Markdown("People", "No people yet."),
    report="the person a report is about (--with), and whether their cadence was kept",
    list_all="person list --all",
    cli="mentorlog.cli.people",
)
GOALS = Kind(
    name="goal",
    table="goals",
    model_at="goals.Goal",
    key="id",
    singular="goal",
    plural="goals",
    links={"person": "person"},
    search=(("title", "title"), ("why", "why"), ("progress note", "progress_notes")),
    markdown=Markdown("Goals", "No goals yet."),
    report="progress within the period, read from each goal's history",
    list_all="goal list --status all",
    cli="mentorlog.cli.goals",
)
MEETINGS = Kind(
    name="meeting",
    table="meetings",
    model_at="meetings.Meeting",
    key="id",
    singular="meeting",
    plural="meetings",
    links={"people": "person"},
    search=(("title", "title"), ("notes", "notes"), ("agenda", "agenda")),
    markdown=Markdown("Meetings", "No meetings scheduled."),
    report="the occurrences that took place within the period, and their ratings",
    list_all="meeting list --past",
    cli="mentorlog.cli.meetings",
)
ACTIONS = Kind(
    name="action",
    table="actions",
    model_at="actions.ActionItem",
    key="id",
    singular="action item",
    plural="action items",
    links={"owner": "person", "person": "person", "meeting": "meeting", "goal": "goal"},
    search=(("text", "text"),),
    markdown=Markdown("Action items", "No action items."),
    report="the open ones, as of now",
    list_all="action list --all",
    cli="mentorlog.cli.actions",
)
TOPICS = Kind(
    name="topic",
    table="topics",
    model_at="topics.Topic",
    key="id",
    singular="talking point",
    plural="talking points",
    links={"person": "person"},
    search=(("text", "text"),),
    markdown=Markdown("Talking points", "None queued."),
    report="the open ones, as of now",
    list_all="topic list --all",
    cli="mentorlog.cli.topics",
)
FEEDBACK = Kind(
    name="feedback",
    table="feedback",
    model_at="feedback.Feedback",
    key="id",
    singular="feedback entry",
    plural="feedback entries",
    links={"person": "person", "meeting": "meeting", "goal": "goal"},
    search=(("text", "text"),),
    markdown=Markdown("Feedback", "No feedback yet."),
    report="given and received within the period, with its ratings and themes",
    list_all="feedback list",
    cli="mentorlog.cli.feedback",
)
MILESTONES = Kind(
    name="milestone",
    table="milestones",
    model_at="milestones.Milestone",
    key="id",
    singular="milestone",
    plural="milestones",
    links={"goal": "goal", "person": "person"},
    search=(("title", "title"), ("note", "note")),
    markdown=Markdown("Milestones", "No milestones yet."),
    report="those reached within the period",
    list_all="milestone list",
    cli="mentorlog.cli.milestones",
)
NOTES = Kind(
    name="note",
    table="notes",
    model_at="notes.Note",
    key="id",
    singular="note",
    plural="notes",
    links={"people": "person"},
    search=(("text", "text"), ("prompt", "prompt")),
    markdown=Markdown("Notes", "No notes."),
    report="shared notes written within the period; private ones are never read",
    list_all="note list",
    cli="mentorlog.cli.notes",
    private=True,
)

KINDS: tuple[Kind, ...] = (
    PEOPLE,
    GOALS,
    MEETINGS,
    ACTIONS,
    TOPICS,
    FEEDBACK,
    MILESTONES,
    NOTES,
)
KIND: dict[str, Kind] = {kind.name: kind for kind in KINDS}
BY_TABLE: dict[str, Kind] = {kind.table: kind for kind in KINDS}
