"""What every kind's commands share: `delete` (with --cascade and --reassign where a kind
has them) and the sentence saying what a deletion did. The work is in
`services.records`, driven by the registry of kinds."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated

import typer

from mentorlog.cli.context import session
from mentorlog.kinds import Kind
from mentorlog.model import Stored
from mentorlog.render import console
from mentorlog.services.records import Deletion, Touched

Cascade = Annotated[
    bool,
    typer.Option("--cascade", help="Delete what belongs to it too, instead of keeping it."),
]
Reassign = Annotated[
    str | None,
    typer.Option(
        "--reassign",
        help="Move their goals, meetings, actions and the rest to this person first.",
        metavar="HANDLE",
        show_default=False,
    ),
]


def delete(
    ctx: typer.Context,
    kind: Kind,
    key: int | str,
    *,
    json: bool,
    cascade: bool = False,
    reassign: str | None = None,
) -> None:
    """Delete one record of `kind` and say what happened to what pointed at it."""
    from mentorlog.services import records

    s = session(ctx)
    with s.writing() as journal:
        deletion = records.delete(journal, kind, key, now=s.now, cascade=cascade, reassign=reassign)
    if json:
        console.print_json(deletion.to_json())
    console.success(deleted_sentence(deletion))


def label(kind: Kind, record: Stored) -> str:
    """How a message names a record: "goal 3 (Ship the PR)", "alice (Alice Chen)"."""
    if kind.key == "handle":
        name = getattr(record, "name", "")
        return f"{getattr(record, kind.key)} ({name})" if name else str(getattr(record, kind.key))
    words = str(getattr(record, "title", None) or getattr(record, "text", "") or "")
    first = words.strip().splitlines()[0] if words.strip() else ""
    short = first if len(first) <= 60 else first[:59] + "…"
    return f"{kind.name} {record.id}" + (f" ({short})" if short else "")


def deleted_sentence(deletion: Deletion) -> str:
    parts = [f"Deleted {label(deletion.kind, deletion.record)}."]
    if deletion.removed:
        parts.append(f"Deleted with it: {listing(deletion.removed)}.")
    if deletion.unlinked:
        parts.append(f"No longer linked to it, the rest kept: {listing(deletion.unlinked)}.")
    if deletion.reassigned:
        parts.append(f"Moved to {deletion.reassigned_to}: {listing(deletion.reassigned)}.")
    parts.append("Undo with `mentorlog undo`.")
    return console.sentence(" ".join(parts))


def listing(touched: Sequence[Touched]) -> str:
    """'meeting 3, action items 4 and 5': the records by kind, each once, in order."""
    by_kind: dict[str, tuple[Kind, list[int]]] = {}
    for item in touched:
        ids = by_kind.setdefault(item.kind.name, (item.kind, []))[1]
        if item.id not in ids:
            ids.append(item.id)
    parts = []
    for kind, ids in by_kind.values():
        word = kind.singular if len(ids) == 1 else kind.plural
        numbers = [str(i) for i in ids]
        joined = numbers[0] if len(numbers) == 1 else f"{', '.join(numbers[:-1])} and {numbers[-1]}"
        parts.append(f"{word} {joined}")
    return ", ".join(parts)
