"""The body of `mentorlog export ics`, run by both paths: the Typer command
(cli/ics_export.py) is one call to `export_ics`, and the quick path (cli/quick.py) calls it
with the values it parsed. Nothing here imports Typer or click, nor rich at the top.
"""

from __future__ import annotations

import sys

from mentorlog.cli.output import write_document
from mentorlog.render import console

TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path

    from mentorlog.calendar.ics_export import IcsExport
    from mentorlog.cli.context import Session


def export_ics(
    s: Session,
    *,
    with_: str | None,
    from_: str | None,
    to: str | None,
    out: Path | None,
    include: list[str] | None,
    alarm: str | None,
    attendees: bool,
) -> None:
    """Export the meetings as an iCalendar file to `out`, else stdout."""
    from mentorlog.calendar import ics_export as service
    from mentorlog.services.ics import export_calendar

    start, end = service.read_window(from_, to, now=s.now, zone=s.zone)
    request = service.IcsRequest(
        person=with_,
        start=start,
        end=end,
        include=service.parse_include(include or []),
        alarm=service.parse_alarm(alarm) if alarm is not None else s.config.alarm,
        attendees=attendees,
    )
    with s.reading() as journal:
        exported = export_calendar(
            journal,
            request,
            now=s.now,
            me=service.Me(s.config.name, s.zone, s.config.email if attendees else ""),
        )
    if out is None:
        _write_stdout(exported.data)
        console.message(_summary(exported) + ".")
    else:
        # The bytes are UTF-8 with CRLF line ends already; decoding keeps them as they are.
        write_document(out, exported.data.decode("utf-8"))
        console.success(f"{_summary(exported)} to {out}.")
    if exported.meetings == 0:
        filtered = with_ is not None or from_ is not None or to is not None
        console.warn(
            "no meetings matched --with, --from or --to; the calendar holds no meetings."
            if filtered
            else "there are no meetings to export yet; add one with "
            "`mentorlog meeting add --with HANDLE --at WHEN`."
        )


def _write_stdout(data: bytes) -> None:
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is not None:
        sys.stdout.flush()
        buffer.write(data)
        buffer.flush()
    else:
        sys.stdout.write(data.decode("utf-8"))
        sys.stdout.flush()


def _summary(exported: IcsExport) -> str:
    meetings = _count(exported.meetings, "meeting")
    if exported.recurring:
        meetings += f" ({exported.recurring} recurring)"
    parts = [meetings]
    if exported.actions:
        parts.append(_count(exported.actions, "action item"))
    if exported.goals:
        parts.append(_count(exported.goals, "goal due date"))
    listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    return f"Exported {listed}"


def _count(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"
