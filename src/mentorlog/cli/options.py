"""Options that several commands share, so they read and behave the same everywhere."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

Json = Annotated[
    bool, typer.Option("--json", help="Print one JSON document on stdout instead of a table.")
]
Tags = Annotated[
    list[str] | None,
    typer.Option(
        "--tag", "-t", help="A tag; repeat for several.", metavar="TAG", show_default=False
    ),
]
Untags = Annotated[
    list[str] | None,
    typer.Option(
        "--untag", help="Remove a tag; repeat for several.", metavar="TAG", show_default=False
    ),
]
With = Annotated[
    str | None,
    typer.Option("--with", "-w", help="A person's handle.", metavar="HANDLE", show_default=False),
]
Note = Annotated[
    str | None,
    typer.Option(
        "--note", "-n", help="A note for the goal's history.", metavar="TEXT", show_default=False
    ),
]
Out = Annotated[
    Path | None,
    typer.Option(
        "--out",
        "-o",
        help="Write it to this file instead of the terminal.",
        metavar="FILE",
        show_default=False,
    ),
]
WithFilter = Annotated[
    str | None,
    typer.Option(
        "--with", "-w", help="Only those with this person.", metavar="HANDLE", show_default=False
    ),
]
TagFilter = Annotated[
    str | None,
    typer.Option(
        "--tag", "-t", help="Only those with this tag.", metavar="TAG", show_default=False
    ),
]
