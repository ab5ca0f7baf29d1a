"""The quick path: the commands people run all day, parsed and run without Typer.

Importing Typer (and its click) and building a command with it cost more than a whole `goal
list` of 1,000 rows (docs/performance.md, "A start-up without Typer"). So `mentorlog` starts
in cli/entry.py, which asks `plan` here whether it is sure of the command line: one of the
commands in `BODIES`, with options and arguments it reads exactly as click would. If so,
`run` calls the command's body (cli/hot_lists.py, cli/hot_documents.py: the very functions
the Typer commands call) and ends it through cli/exits.py, as the Typer path does. Anything
else, and anything it is not sure of (`--help`, `--`, an unknown or misplaced option, a
missing value, a value click would refuse or convert otherwise, shell completion), goes to
the unchanged Typer path, which says what it says today.

What each command takes is not written here: cli/quick_spec.py is generated from the live
Typer tree by cli/quick_gen.py, and a test fails when it is stale.
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

from mentorlog.cli import exits
from mentorlog.cli.quick_spec import COMMANDS, ROOT

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

# The commands the quick path runs, by their words, and the function (module, name) that is
# their body. The empty path is bare `mentorlog`, which runs `status`.
BODIES: dict[tuple[str, ...], tuple[str, str]] = {
    (): ("mentorlog.cli.hot_lists", "status"),
    ("status",): ("mentorlog.cli.hot_lists", "status"),
    ("goal", "list"): ("mentorlog.cli.hot_lists", "goal_list"),
    ("goal", "add"): ("mentorlog.cli.hot_lists", "goal_add"),
    ("action", "list"): ("mentorlog.cli.hot_lists", "action_list"),
    ("meeting", "list"): ("mentorlog.cli.hot_lists", "meeting_list"),
    ("person", "list"): ("mentorlog.cli.hot_lists", "person_list"),
    ("topic", "list"): ("mentorlog.cli.hot_lists", "topic_list"),
    ("agenda",): ("mentorlog.cli.hot_documents", "agenda"),
    ("search",): ("mentorlog.cli.hot_documents", "search"),
    ("report",): ("mentorlog.cli.hot_documents", "report"),
    ("export", "json"): ("mentorlog.cli.hot_documents", "export_json"),
    ("export", "md"): ("mentorlog.cli.hot_documents", "export_md"),
    ("export", "ics"): ("mentorlog.cli.hot_calendar", "export_ics"),
    ("undo",): ("mentorlog.cli.hot_undo", "undo"),
}

HELP = ("-h", "--help")
# Click reads an int with Python's int(), which also takes " 7", "+7", "7_0" and other
# digits; the quick path converts only plain ASCII digits (and not so many that int() balks).
_INT_DIGITS = 18


class Plan:
    """A command line the quick path is sure of: the root options and the body to run with
    its typed values (a plain class: a NamedTuple costs more to define than to use here)."""

    __slots__ = ("body", "home", "no_pager", "values")

    def __init__(
        self, home: Path | None, no_pager: bool, body: tuple[str, str], values: dict[str, Any]
    ) -> None:
        self.home, self.no_pager, self.body, self.values = home, no_pager, body, values

    def __repr__(self) -> str:
        return f"Plan({self.home!r}, {self.no_pager!r}, {self.body!r}, {self.values!r})"


class _Unsure(Exception):
    """The quick path is not sure of the command line: the Typer path reads it."""


def plan(argv: Sequence[str], environ: Mapping[str, str] = os.environ) -> Plan | None:
    """What to run for `mentorlog ARGV`, or None when the Typer path must read it."""
    if any(_completion_variable(name) for name in environ):
        return None
    try:
        root, rest = _options(ROOT, argv, stop_at_argument=True)
        path = _command_path(rest)
        spec = COMMANDS[" ".join(path)]
        values, arguments = _options(spec, rest[len(path) :], stop_at_argument=False)
        values.update(_arguments(spec, arguments))
    except _Unsure:
        return None
    for dest, default in spec["defaults"].items():  # what was not given: as Typer passes it
        values.setdefault(dest, default)
    return Plan(root.get("home"), bool(root.get("no_pager")), BODIES[path], values)


def run(chosen: Plan) -> int:
    """Run the planned command as the Typer path would; its exit code."""
    exits.begin()
    try:
        from mentorlog.cli.context import Session
        from mentorlog.config import user_home
        from mentorlog.render import pager

        # What the root command does (cli/main.py, `root`), then the command itself.
        pager.allow(not chosen.no_pager)
        session = Session(user_home(chosen.home))
        module, name = chosen.body
        __import__(module)
        getattr(sys.modules[module], name)(session, **chosen.values)
    except (KeyboardInterrupt, Exception) as exc:
        return exits.failed(exc)
    return 0


def _completion_variable(name: str) -> bool:
    """Click completes when `_MENTORLOG_COMPLETE` is set; Typer reads `_TYPER_COMPLETE_*`."""
    return (name.startswith("_") and name.endswith("_COMPLETE")) or name.startswith(
        "_TYPER_COMPLETE"
    )


def _command_path(rest: Sequence[str]) -> tuple[str, ...]:
    if not rest:
        return ()  # bare `mentorlog`
    for size in (2, 1):
        path = tuple(rest[:size])
        if len(path) == size and path in BODIES:
            return path
    raise _Unsure


def _options(
    spec: Mapping[str, Any], tokens: Sequence[str], *, stop_at_argument: bool
) -> tuple[dict[str, Any], list[str]]:
    """The options in `tokens` by name, and the arguments between them (a group's options
    end at its first argument, where the rest begins)."""
    options: Mapping[str, tuple[str, str, bool, tuple[bool, ...] | None]] = spec["options"]
    values: dict[str, Any] = {}
    arguments: list[str] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token in HELP or token == "--":
            raise _Unsure
        if len(token) < 2 or token[0] != "-":  # an argument ("-" alone is one too)
            if stop_at_argument:
                return values, list(tokens[i:])
            arguments.append(token)
            i += 1
            continue
        name, equals, explicit = token.partition("=") if token[:2] == "--" else (token, "", "")
        if token[:2] != "--" and len(token) != 2:  # -abc, -wNAME, -w=NAME
            raise _Unsure
        found = options.get(name)
        if found is None:
            raise _Unsure
        dest, kind, multiple, path_rules = found
        i += 1
        if kind == "flag":
            if equals:
                raise _Unsure
            value: Any = True
        else:
            if equals:
                raw = explicit
            elif i < len(tokens) and not tokens[i].startswith("-"):
                raw = tokens[i]
                i += 1
            else:  # missing, or what click would take as the value and we doubt
                raise _Unsure
            value = _convert(raw, kind, path_rules)
        if multiple:
            values.setdefault(dest, []).append(value)
        elif dest in values:  # given twice: click keeps the last; let it say so
            raise _Unsure
        else:
            values[dest] = value
    return values, arguments


def _arguments(spec: Mapping[str, Any], given: list[str]) -> dict[str, Any]:
    wanted: Sequence[tuple[str, str, int, bool]] = spec["arguments"]
    values: dict[str, Any] = {}
    if len(wanted) == 1 and wanted[0][2] == -1:  # QUERY...: all of them, at least one
        dest, kind, _, required = wanted[0]
        if required and not given:
            raise _Unsure
        values[dest] = [_convert(raw, kind, None) for raw in given] or None
        return values
    if len(given) > len(wanted) or any(nargs != 1 for _, _, nargs, _ in wanted):
        raise _Unsure
    for index, (dest, kind, _, required) in enumerate(wanted):
        if index < len(given):
            values[dest] = _convert(given[index], kind, None)
        elif required:
            raise _Unsure
        else:
            values[dest] = spec["defaults"][dest]
    return values


def _convert(raw: str, kind: str, path_rules: tuple[bool, ...] | None) -> Any:
    """`raw` as click and Typer would convert it, where that is certain."""
    if kind == "str":
        return raw
    if kind == "int":
        if not (raw.isascii() and raw.isdigit() and len(raw) <= _INT_DIGITS):
            raise _Unsure
        return int(raw)
    if kind == "path" and path_rules is not None and "\x00" not in raw:
        return _path(raw, *path_rules)
    raise _Unsure


def _path(raw: str, file_okay: bool, dir_okay: bool, readable: bool, writable: bool) -> Path:
    """Typer's path check (TyperPath.convert, without `exists`, `resolve_path` or dash):
    a path that is there must be of a kind allowed, and readable or writable if asked."""
    try:
        found = os.stat(raw)
    except OSError:
        return Path(raw)
    if not file_okay and stat.S_ISREG(found.st_mode):
        raise _Unsure
    if not dir_okay and stat.S_ISDIR(found.st_mode):
        raise _Unsure
    if (readable and not os.access(raw, os.R_OK)) or (writable and not os.access(raw, os.W_OK)):
        raise _Unsure
    return Path(raw)
