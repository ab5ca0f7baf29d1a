"""`mentorlog report`: the progress report for a review or the end of a mentoring cycle."""

from __future__ import annotations

from typing import Annotated

import typer

from mentorlog.cli.context import session
from mentorlog.cli.options import Out
from mentorlog.cli.output import write_document
from mentorlog.errors import InvalidInput
from mentorlog.render import console
from mentorlog.timeparse import quote

FORMATS = ("md", "json")

app = typer.Typer()


@app.command("report")
def report(
    ctx: typer.Context,
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            help="Start of the period (default: 90 days ago): 2026-09-01, 'Sep 1', '30 days ago'.",
            metavar="WHEN",
            show_default=False,
        ),
    ] = None,
    until: Annotated[
        str | None,
        typer.Option(
            "--until",
            help="End of the period (default: now); a day counts in full: 2026-11-30, yesterday.",
            metavar="WHEN",
            show_default=False,
        ),
    ] = None,
    with_: Annotated[
        str | None,
        typer.Option(
            "--with",
            "-w",
            help="Only the relationship with this person.",
            metavar="HANDLE",
            show_default=False,
        ),
    ] = None,
    format_: Annotated[
        str, typer.Option("--format", "-f", help="Markdown or JSON.", metavar="md|json")
    ] = "md",
    json: Annotated[bool, typer.Option("--json", help="The same as --format json.")] = False,
    out: Out = None,
) -> None:
    """A progress report: meetings and cadence, goals, milestones, feedback, open items.

    Covers the last 90 days up to now unless --since/--until say otherwise. Private notes
    are never part of it.

    Example: mentorlog report --since 2026-09-01 --with alice --out review.md
    """
    from mentorlog.cli.params import report_period
    from mentorlog.services.report import build_report

    chosen = "json" if json else format_.strip().lower()
    if chosen not in FORMATS:
        raise InvalidInput(
            f"Cannot use {quote(format_)} as a format; choose one of {', '.join(FORMATS)}."
        )
    s = session(ctx)
    period = report_period(since, until, now=s.now)
    author = s.config.name
    with s.reading() as journal:
        built = build_report(journal, now=s.now, period=period, author=author, person=with_)
    if chosen == "json":
        if out is None:
            console.print_json(built.to_json())
            return
        document = _json(built.to_json())
    else:
        from mentorlog.render.report import to_markdown

        document = to_markdown(built)
        if out is None:
            console.show_document(document)
            return
    written = write_document(out, document)
    console.success(f"Wrote the report to {written}.")


def _json(data: object) -> str:
    return console.json_text(data)
