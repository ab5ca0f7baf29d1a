"""The bodies of the documents people ask for all day: `agenda`, `search`, `report`, and
`export json` and `export md`.

As in cli/hot_lists.py, both paths run them: the Typer commands are one call each to a
function here, and the quick path (cli/quick.py) calls the same function with the values it
parsed. Nothing here imports Typer or click, nor rich at the top.
"""

from __future__ import annotations

import re

from mentorlog.errors import InvalidInput
from mentorlog.render import console
from mentorlog.timeparse import quote

TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path

    from mentorlog.cli.context import Session
    from mentorlog.services.agenda import Agenda, MyClock

AGENDA_FORMATS = ("md", "text", "json")
REPORT_FORMATS = ("md", "json")


def agenda(
    s: Session,
    *,
    meeting_id: int | None,
    with_: str | None,
    format_: str,
    json: bool,
    out: Path | None,
    save: bool,
    private: bool,
) -> None:
    from mentorlog import config as config_mod
    from mentorlog.cli.output import write_document
    from mentorlog.services.agenda import build_agenda

    chosen = "json" if json else format_.strip().lower()
    if chosen not in AGENDA_FORMATS:
        raise InvalidInput(
            f"Cannot use {quote(format_)} as a format; choose one of {', '.join(AGENDA_FORMATS)}."
        )
    if meeting_id is not None and with_ is not None:
        raise InvalidInput("Give a meeting id or --with, not both.")
    if private and save:
        raise InvalidInput(
            "Private notes are never saved on a meeting; drop --private to save the agenda."
        )
    from mentorlog.render.agenda import to_markdown

    # With --save, build and save under one lock, so the saved agenda is the one shown.
    with s.writing() if save else s.reading() as journal:
        built = build_agenda(
            journal,
            now=s.now,
            me=my_clock(s),
            meeting_id=meeting_id,
            person=with_,
            extra_prompts=config_mod.load_prompts(s.home, ("checkin", "reflection")),
            include_private=private,
        )
        markdown = to_markdown(built)
        if save:  # the meetings' service only then: its imports are milliseconds of each agenda
            from mentorlog.services.meetings import save_agenda

            save_agenda(journal, built.meeting_id, markdown, built.occurrence.key, now=s.now)
    if save:
        console.success(f"Saved the agenda on meeting {built.meeting_id}.")
    if out is not None:
        write_document(out, _agenda_document(built, markdown, chosen))
        console.success(f"Wrote the agenda for meeting {built.meeting_id} to {out}.")
        return
    if chosen == "json":
        console.print_json(built.to_json())
    elif chosen == "text":
        from rich.markdown import Markdown

        # A link in angle brackets would print as "URL (URL)" in text: once is enough.
        shown = re.sub(r"<(https?://[^<>\s]+)>", r"\1", markdown)
        console.show(Markdown(shown, hyperlinks=False))
    else:
        console.show_document(markdown)


def my_clock(s: Session) -> MyClock:
    """Your zone, working time and name, from the configuration."""
    from mentorlog.services.agenda import MyClock

    return MyClock(zone=s.zone, hours=s.config.hours, days=s.config.days, name=s.config.name)


def _agenda_document(built: Agenda, markdown: str, chosen: str) -> str:
    if chosen != "json":
        return markdown
    return console.json_text(built.to_json())


def search(
    s: Session,
    *,
    query: list[str],
    types: list[str] | None,
    with_: str | None,
    tag: str | None,
    since: str | None,
    json: bool,
) -> None:
    from mentorlog.cli import params
    from mentorlog.services.search import search as search_journal

    text = " ".join(query)
    start = params.since_day(since, today=s.now.date())
    with s.reading() as journal:
        hits = search_journal(
            journal, text, now=s.now, types=types or (), person=with_, tag=tag, since=start
        )
    if json:
        console.print_json([hit.to_json() for hit in hits])
        return
    if not hits:
        console.message(f"No matches for {quote(text)}.")
        return
    from mentorlog.render import search_plain

    if not search_plain.write_plain(hits, s.now.date()):
        from mentorlog.render.search import search_view

        console.show(search_view(hits, s.now.date()))


def report(
    s: Session,
    *,
    since: str | None,
    until: str | None,
    with_: str | None,
    format_: str,
    json: bool,
    out: Path | None,
) -> None:
    from mentorlog.cli.output import write_document
    from mentorlog.cli.report_options import report_period
    from mentorlog.services.report import build_report

    chosen = "json" if json else format_.strip().lower()
    if chosen not in REPORT_FORMATS:
        raise InvalidInput(
            f"Cannot use {quote(format_)} as a format; choose one of {', '.join(REPORT_FORMATS)}."
        )
    period = report_period(since, until, now=s.now)
    author = s.config.name
    with s.reading() as journal:
        built = build_report(journal, now=s.now, period=period, author=author, person=with_)
    if chosen == "json":
        if out is None:
            console.print_json(built.to_json())
            return
        document = console.json_text(built.to_json())
    else:
        from mentorlog.render.report import to_markdown

        document = to_markdown(built)
        if out is None:
            console.show_document(document)
            return
    written = write_document(out, document)
    console.success(f"Wrote the report to {written}.")


def export_json(s: Session, *, out: Path | None, include_private: bool) -> None:
    from mentorlog.cli.output import write_document
    from mentorlog.services.transfer_stream import dump_parts

    with s.reading() as journal:
        # A table at a time, each written and let go before the next is read.
        tally, parts = dump_parts(journal, now=s.now, include_private=include_private)
        if out is None:
            console.print_json_parts(parts)
        else:
            text = b"".join(map(console.escape_c1, parts)).decode("utf-8")
            write_document(out, text)
            console.success(f"Exported {records(tally.records)} to {out}.")
    _private_message(tally.private_left_out, tally.private_included)


def export_md(s: Session, *, out: Path | None, include_private: bool) -> None:
    from mentorlog.cli.output import write_document
    from mentorlog.render.journal_md import markdown_parts
    from mentorlog.services.journal_view import counts, private_notes, sections

    with s.reading() as journal:
        # A kind at a time, each written before the next is built (100,000 records). The
        # private notes are counted first: the notes are parsed once, and kept for `sections`.
        found, left_out = counts(journal, include_private=include_private)
        included = private_notes(journal) if include_private else 0
        parts = markdown_parts(
            found, sections(journal, include_private=include_private), now=s.now, zone=s.zone
        )
        if out is None:
            console.show_safe_parts(parts)  # `markdown_parts` is made safe as it is built
        else:
            write_document(out, "".join(parts))
            console.success(f"Exported the journal as Markdown to {out}.")
    _private_message(left_out, included)


def _private_message(left_out: int, included: int) -> None:
    from mentorlog.render.human import plural

    if left_out:
        console.message(
            f"Left out {plural(left_out, 'private note')}; add --include-private to export "
            f"{'it' if left_out == 1 else 'them'} too."
        )
    if included:
        console.warn(
            f"the export holds {plural(included, 'private note')}; keep the file to yourself."
        )


def records(count: int) -> str:
    """`1 record`, `2 records`."""
    return f"{count} record" if count == 1 else f"{count} records"
