"""Shell completion of what is in the journal: handles, ids (with their titles), zones,
tags, roles and channels.

Completion runs the program once per Tab, so it must be quick: it reads `journal.json`
with orjson and nothing else (no store, no model, no rich), and only while the shell asks
(`_MENTORLOG_COMPLETE` set). The values are attached to the parameters by what they take:
their metavar (HANDLE, ID, TAG, ZONE) or their option (--role, --channel, --goal,
--meeting); an id argument takes the kind of the group it is in (`goal show ID`).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from typer._click.core import Command, Context, Parameter
from typer._click.shell_completion import CompletionItem

from mentorlog.config import user_home

COMPLETE_ENV = "_MENTORLOG_COMPLETE"
ROLES = ("mentor", "mentee", "peer")
CHANNELS = ("video", "call", "chat", "email", "in-person")
# The table an id names, by the group its argument is in or the option that takes it.
ID_TABLES = {
    "goal": "goals",
    "meeting": "meetings",
    "action": "actions",
    "topic": "topics",
    "feedback": "feedback",
    "milestone": "milestones",
    "note": "notes",
    "agenda": "meetings",
    "--goal": "goals",
    "--meeting": "meetings",
}
# What a record's title is, by table (notes and feedback are text).
TITLES = {"goals": "title", "meetings": "title", "milestones": "title"}
MAX_HELP = 60

Complete = Callable[[Context, Parameter, str], list[CompletionItem]]


def completing() -> bool:
    """Whether the shell is asking for completions this run."""
    return bool(os.environ.get(COMPLETE_ENV))


def attach(command: Command, group: str) -> None:
    """Give every parameter under `command` (the group named `group`) the completion of
    what it takes, unless it has one already."""
    subcommands = getattr(command, "commands", None)  # a group's, by name
    commands: Iterable[Command] = subcommands.values() if subcommands else [command]
    for sub in commands:
        for param in sub.params:
            if getattr(param, "_custom_shell_complete", None) is not None:
                continue
            complete = completion_for(param, group)
            if complete is not None:
                param._custom_shell_complete = complete


def completion_for(param: Parameter, group: str) -> Complete | None:
    names = set(getattr(param, "opts", []))
    metavar = (getattr(param, "metavar", None) or "").strip("[]").upper()
    kinds = set(metavar.replace("|", " ").split())
    if "--role" in names:
        return _complete(lambda data: _fixed(ROLES, _values(data, "people", "role")))
    if "--channel" in names:
        return _complete(
            lambda data: _fixed(
                CHANNELS, _values(data, "people", "channel"), _values(data, "meetings", "channel")
            )
        )
    if "TAG" in kinds:
        return _complete(_tags)
    if kinds & {"ID", "MEETING_ID"}:
        option = next((n for n in names if n in ID_TABLES), None)
        table = ID_TABLES.get(option or group)
        if table is None:
            return None
        return _complete(lambda data: _ids(data, table))
    if "ZONE" in kinds:
        both = "HANDLE" in kinds
        return _complete(lambda data: [*_zones(data), *(_handles(data) if both else [])])
    if "HANDLE" in kinds:
        return _complete(_handles)
    return None


def _complete(values: Callable[[dict[str, Any]], list[tuple[str, str]]]) -> Complete:
    def complete(ctx: Context, param: Parameter, incomplete: str) -> list[CompletionItem]:
        try:
            offered = values(_journal(ctx))
        except Exception:  # a journal edited by hand into a shape we cannot read
            return []
        folded = incomplete.casefold()
        return [
            CompletionItem(value, help=help or None)
            for value, help in offered
            if value.casefold().startswith(folded)
        ]

    return complete


def _journal(ctx: Context) -> dict[str, Any]:
    """The journal as JSON, or {} when there is none (or it cannot be read: completion
    never fails, it just offers nothing)."""
    import orjson

    home = ctx.find_root().params.get("home")
    path = Path(user_home(home)) / "journal.json"
    try:
        data = orjson.loads(path.read_bytes())
    except (OSError, orjson.JSONDecodeError):
        return {}
    return data if isinstance(data, dict) else {}


def _records(data: dict[str, Any], table: str) -> list[tuple[str, dict[str, Any]]]:
    records = data.get(table)
    if not isinstance(records, dict):
        return []
    return [(key, r) for key, r in records.items() if isinstance(r, dict)]


def _short(text: object) -> str:
    line = " ".join(str(text or "").split())
    return line if len(line) <= MAX_HELP else line[: MAX_HELP - 1] + "…"


def _handles(data: dict[str, Any]) -> list[tuple[str, str]]:
    people = [r for _, r in _records(data, "people") if isinstance(r.get("handle"), str)]
    people.sort(key=lambda r: (bool(r.get("archived")), r["handle"]))
    return [(r["handle"], _short(r.get("name"))) for r in people]


def _ids(data: dict[str, Any], table: str) -> list[tuple[str, str]]:
    field = TITLES.get(table, "text")
    records = [(key, r) for key, r in _records(data, table) if key.isdigit()]
    records.sort(key=lambda item: int(item[0]))
    # A private note's words stay in the journal: the shell shows only that it is private.
    return [(key, "(private)" if r.get("private") else _short(r.get(field))) for key, r in records]


def _values(data: dict[str, Any], table: str, field: str) -> list[str]:
    return [v for _, r in _records(data, table) if isinstance(v := r.get(field), str)]


def _fixed(known: Iterable[str], *used: Iterable[str]) -> list[tuple[str, str]]:
    seen = dict.fromkeys([*known, *(v for values in used for v in values)])
    return [(value, "") for value in seen]


def _tags(data: dict[str, Any]) -> list[tuple[str, str]]:
    counts: dict[str, int] = {}
    for table in ("people", "goals", "feedback", "notes"):
        for _, record in _records(data, table):
            tags = record.get("tags")
            for tag in tags if isinstance(tags, list) else []:
                if isinstance(tag, str):
                    counts[tag] = counts.get(tag, 0) + 1
    return [(tag, f"{n} record{'s' if n != 1 else ''}") for tag, n in sorted(counts.items())]


def _zones(data: dict[str, Any]) -> list[tuple[str, str]]:
    """The zones the journal uses first, then every IANA zone."""
    used = _values(data, "people", "tz") + _values(data, "meetings", "tz")
    return [(zone, "") for zone in dict.fromkeys([*sorted(set(used)), *_all_zones()])]


def _all_zones() -> list[str]:
    """Every IANA zone, from the tzdata package's list (found without importlib.resources,
    which alone costs more than the rest of a completion)."""
    from importlib.util import find_spec

    spec = find_spec("tzdata")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        try:
            return sorted((Path(folder) / "zones").read_text("utf-8").split())
        except (OSError, UnicodeError):
            continue
    from zoneinfo import available_timezones

    return sorted(available_timezones() - {"localtime"})
