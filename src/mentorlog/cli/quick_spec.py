"""What each command of the quick path (cli/quick.py) takes, generated from the live
Typer tree by `python -m mentorlog.cli.quick_gen`: do not edit; tests/test_quick.py fails
when it is stale.

`options` maps each option's spellings to (parameter, kind, multiple, path rules); kind is
flag, str, int or path, and a path's rules are (file_okay, dir_okay, readable, writable).
`arguments` lists (parameter, kind, nargs, required); `defaults` holds what Typer passes for
each parameter not given.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

ROOT: dict[str, Any] = {
    "options": {
        "--home": ("home", "path", False, (False, True, True, False)),
        "--no-pager": ("no_pager", "flag", False, None),
    },
    "arguments": (),
    "defaults": {
        "home": None,
        "no_pager": False,
    },
}

COMMANDS: dict[str, dict[str, Any]] = {
    "": {
        "options": {},
        "arguments": (),
        "defaults": {
            "json": False,
        },
    },
    "status": {
        "options": {
            "--json": ("json", "flag", False, None),
        },
        "arguments": (),
        "defaults": {
            "json": False,
        },
    },
    "goal list": {
        "options": {
            "--status": ("status", "str", False, None),
            "-s": ("status", "str", False, None),
            "--with": ("with_", "str", False, None),
            "-w": ("with_", "str", False, None),
            "--tag": ("tag", "str", False, None),
            "-t": ("tag", "str", False, None),
            "--json": ("json", "flag", False, None),
        },
        "arguments": (),
        "defaults": {
            "status": "active",
            "with_": None,
            "tag": None,
            "json": False,
        },
    },
    "goal add": {
        "options": {
            "--why": ("why", "str", False, None),
            "--due": ("due", "str", False, None),
            "--with": ("with_", "str", False, None),
            "-w": ("with_", "str", False, None),
            "--tag": ("tag", "str", True, None),
            "-t": ("tag", "str", True, None),
            "--json": ("json", "flag", False, None),
        },
        "arguments": (("title", "str", 1, True),),
        "defaults": {
            "why": None,
            "due": None,
            "with_": None,
            "tag": None,
            "json": False,
        },
    },
    "action list": {
        "options": {
            "--all": ("all_", "flag", False, None),
            "-a": ("all_", "flag", False, None),
            "--with": ("with_", "str", False, None),
            "-w": ("with_", "str", False, None),
            "--json": ("json", "flag", False, None),
        },
        "arguments": (),
        "defaults": {
            "all_": False,
            "with_": None,
            "json": False,
        },
    },
    "meeting list": {
        "options": {
            "--upcoming": ("upcoming", "flag", False, None),
            "--past": ("past", "flag", False, None),
            "--with": ("with_", "str", False, None),
            "-w": ("with_", "str", False, None),
            "--from": ("from_", "str", False, None),
            "--to": ("to", "str", False, None),
            "--json": ("json", "flag", False, None),
        },
        "arguments": (),
        "defaults": {
            "upcoming": False,
            "past": False,
            "with_": None,
            "from_": None,
            "to": None,
            "json": False,
        },
    },
    "person list": {
        "options": {
            "--all": ("all_", "flag", False, None),
            "-a": ("all_", "flag", False, None),
            "--json": ("json", "flag", False, None),
        },
        "arguments": (),
        "defaults": {
            "all_": False,
            "json": False,
        },
    },
    "topic list": {
        "options": {
            "--with": ("with_", "str", False, None),
            "-w": ("with_", "str", False, None),
            "--all": ("all_", "flag", False, None),
            "-a": ("all_", "flag", False, None),
            "--json": ("json", "flag", False, None),
        },
        "arguments": (),
        "defaults": {
            "with_": None,
            "all_": False,
            "json": False,
        },
    },
    "agenda": {
        "options": {
            "--with": ("with_", "str", False, None),
            "-w": ("with_", "str", False, None),
            "--format": ("format_", "str", False, None),
            "-f": ("format_", "str", False, None),
            "--json": ("json", "flag", False, None),
            "--out": ("out", "path", False, (True, True, True, False)),
            "-o": ("out", "path", False, (True, True, True, False)),
            "--save": ("save", "flag", False, None),
            "--private": ("private", "flag", False, None),
            "-p": ("private", "flag", False, None),
        },
        "arguments": (("meeting_id", "int", 1, False),),
        "defaults": {
            "meeting_id": None,
            "with_": None,
            "format_": "md",
            "json": False,
            "out": None,
            "save": False,
            "private": False,
        },
    },
    "search": {
        "options": {
            "--type": ("types", "str", True, None),
            "--with": ("with_", "str", False, None),
            "-w": ("with_", "str", False, None),
            "--tag": ("tag", "str", False, None),
            "-t": ("tag", "str", False, None),
            "--since": ("since", "str", False, None),
            "--json": ("json", "flag", False, None),
        },
        "arguments": (("query", "str", -1, True),),
        "defaults": {
            "types": None,
            "with_": None,
            "tag": None,
            "since": None,
            "json": False,
        },
    },
    "report": {
        "options": {
            "--since": ("since", "str", False, None),
            "--until": ("until", "str", False, None),
            "--with": ("with_", "str", False, None),
            "-w": ("with_", "str", False, None),
            "--format": ("format_", "str", False, None),
            "-f": ("format_", "str", False, None),
            "--json": ("json", "flag", False, None),
            "--out": ("out", "path", False, (True, True, True, False)),
            "-o": ("out", "path", False, (True, True, True, False)),
        },
        "arguments": (),
        "defaults": {
            "since": None,
            "until": None,
            "with_": None,
            "format_": "md",
            "json": False,
            "out": None,
        },
    },
    "export json": {
        "options": {
            "--out": ("out", "path", False, (True, True, True, False)),
            "-o": ("out", "path", False, (True, True, True, False)),
            "--include-private": ("include_private", "flag", False, None),
        },
        "arguments": (),
        "defaults": {
            "out": None,
            "include_private": False,
        },
    },
    "export md": {
        "options": {
            "--out": ("out", "path", False, (True, True, True, False)),
            "-o": ("out", "path", False, (True, True, True, False)),
            "--include-private": ("include_private", "flag", False, None),
        },
        "arguments": (),
        "defaults": {
            "out": None,
            "include_private": False,
        },
    },
    "export ics": {
        "options": {
            "--with": ("with_", "str", False, None),
            "-w": ("with_", "str", False, None),
            "--from": ("from_", "str", False, None),
            "--to": ("to", "str", False, None),
            "--out": ("out", "path", False, (True, True, True, False)),
            "-o": ("out", "path", False, (True, True, True, False)),
            "--include": ("include", "str", True, None),
            "-i": ("include", "str", True, None),
            "--alarm": ("alarm", "str", False, None),
            "--attendees": ("attendees", "flag", False, None),
        },
        "arguments": (),
        "defaults": {
            "with_": None,
            "from_": None,
            "to": None,
            "out": None,
            "include": None,
            "alarm": None,
            "attendees": False,
        },
    },
    "undo": {
        "options": {
            "--list": ("list_", "flag", False, None),
            "-l": ("list_", "flag", False, None),
            "--last": ("last", "int", False, None),
            "-n": ("last", "int", False, None),
            "--json": ("json", "flag", False, None),
        },
        "arguments": (),
        "defaults": {
            "list_": False,
            "last": None,
            "json": False,
        },
    },
}
