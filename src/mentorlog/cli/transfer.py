"""`mentorlog export ...` and `mentorlog import ...`: the journal in and out, whole."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from mentorlog.cli import hot_documents
from mentorlog.cli.commands import summary
from mentorlog.cli.context import session
from mentorlog.cli.hot_documents import records
from mentorlog.cli.options import Json, Out
from mentorlog.render import console

if TYPE_CHECKING:
    from mentorlog.services.transfer import ImportResult

export_app = typer.Typer(
    help=summary("export"),
    no_args_is_help=True,
)
import_app = typer.Typer(
    help=summary("import"),
    no_args_is_help=True,
)


@import_app.callback()
def _import_group() -> None:
    # With one command, Typer would make `import` that command; this keeps it a group, so
    # `mentorlog import json FILE` reads as it will once more formats come.
    pass


IncludePrivate = Annotated[
    bool,
    typer.Option(
        "--include-private",
        help="Include your private notes too (to move the journal to a new machine).",
    ),
]


@export_app.command("json")
def export_json(
    ctx: typer.Context, out: Out = None, include_private: IncludePrivate = False
) -> None:
    """Export the whole journal as one JSON document: every record, with its id and uid.

    Private notes stay behind unless you add --include-private. `mentorlog import json`
    reads the file back, into a new home or to merge into another journal. In an encrypted
    home the export is a plain, decrypted copy: where it goes is your choice.

    Example: mentorlog export json --out mentorlog-backup.json
    """
    hot_documents.export_json(session(ctx), out=out, include_private=include_private)


@export_app.command("md")
def export_md(ctx: typer.Context, out: Out = None, include_private: IncludePrivate = False) -> None:
    """Export the whole journal as one Markdown document, to read, print or keep.

    People, goals with their history, meetings with notes and saved agendas, action items,
    talking points, feedback, milestones and notes; private notes only with --include-private.
    In an encrypted home the export is a plain, decrypted copy: where it goes is your choice.

    Example: mentorlog export md --out journal.md
    """
    hot_documents.export_md(session(ctx), out=out, include_private=include_private)


@import_app.command("json")
def import_json(
    ctx: typer.Context,
    file: Annotated[
        Path,
        typer.Argument(help="A file written by `mentorlog export json`.", metavar="FILE"),
    ],
    json: Json = False,
) -> None:
    """Import a JSON export: restored as it was into an empty journal, else merged by uid.

    Merging adds the records this journal lacks (with new ids, links rewritten), replaces
    those changed later in the file, and leaves the rest alone, so importing a file twice
    adds nothing the second time. A record deleted here or in the file (it has a tombstone)
    is never brought back; the file's tombstones are kept, and records here are never
    deleted by an import. Nothing is written unless the whole import succeeds.

    Example: mentorlog import json mentorlog-backup.json
    """
    from mentorlog.services.transfer import load, read_export

    s = session(ctx)
    export = read_export(_read(file), str(file))
    with s.writing() as journal:
        result = load(journal, export, now=s.now, source=str(file))
    if json:
        console.print_json(
            {
                "restored": result.restored,
                "added": result.added,
                "updated": result.updated,
                "present": result.present,
                "older": result.older,
                "deleted": result.deleted,
                "tombstones": result.tombstones,
            }
        )
    if result.added_total == 0 and result.updated == 0 and not result.tombstones:
        if result.deleted:
            console.message(f"Nothing new to import from {file}.{_deleted(result)}")
            return
        console.message(
            f"Nothing new to import: the journal already has all "
            f"{records(result.skipped)} in {file}."
            if result.skipped
            else f"Nothing to import: {file} holds no records."
        )
        return
    console.success(_summary(result) + _deleted(result))


def _read(file: Path) -> bytes:
    from mentorlog.cli.reading import read_import

    return read_import(
        file,
        folder_fix="give the file `mentorlog export json` wrote",
        shorter="export fewer records or split the file",
    )


def _summary(result: ImportResult) -> str:
    from mentorlog.render.journal_md import plural_of

    parts = [f"{plural_of(count, table)}" for table, count in result.added.items()]
    added = (
        f"Imported {records(result.added_total)} ({', '.join(parts)})"
        if parts
        else "Imported no new records"
    )
    if result.restored:
        return f"{added}, with their ids, into the empty journal."
    text = added + (f"; updated {result.updated}" if result.updated else "")
    if result.skipped:
        text += f"; skipped {result.skipped} already present"
        if result.older:
            text += f" ({result.older} changed here more recently)"
    return text + "."


def _deleted(result: ImportResult) -> str:
    """What the tombstones did: the records not brought back, the deletions recorded."""
    text = ""
    if result.deleted:
        text += (
            f" Skipped {records(result.deleted)} deleted here or in the file (an import "
            "never brings a deleted record back)."
        )
    if result.tombstones:
        deletions = "deletion" if result.tombstones == 1 else "deletions"
        text += (
            f" Recorded {result.tombstones} {deletions} from the file; records here are never "
            "deleted by an import."
        )
    return text


from mentorlog.cli.ics_export import export_ics  # noqa: E402

export_app.command("ics")(export_ics)

from mentorlog.cli.ics_import import import_ics  # noqa: E402

import_app.command("ics")(import_ics)
