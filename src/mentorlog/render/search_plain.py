"""Search results where nothing writes styles, as plain text, without rich; and what the
styled view (`render.search`) shares with it: the headings, the day, the clipping.

The styled view builds a rich `Text` a line and highlights each match in it; to a pipe the
highlights are never written, and building the `Text`s was most of printing 2,000 hits.
`view` writes the same characters (tests/test_fast_search.py holds it to `search_view`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from itertools import groupby

from mentorlog.render import plain
from mentorlog.render.cells import cell_len, one_cell_each
from mentorlog.render.console import safe
from mentorlog.render.human import short_date
from mentorlog.services.search import Hit
from mentorlog.services.search_text import SNIPPET_WIDTH, Snippet, window

HEADINGS = {
    "goal": "Goals",
    "meeting": "Meetings",
    "action": "Actions",
    "topic": "Topics",
    "feedback": "Feedback",
    "milestone": "Milestones",
    "note": "Notes",
}
GAP = "  "
# A snippet narrower than this says too little; a narrow terminal cuts the line instead.
MIN_SNIPPET = 24


def heading(kind: str) -> str:
    """A kind's heading over its hits: its word in HEADINGS, else its plural, capitalised."""
    from mentorlog.kinds import KIND

    return HEADINGS.get(kind) or KIND[kind].plural.capitalize()


def write_plain(hits: Sequence[Hit], today: date) -> bool:
    """The hits on stdout as plain text, where nothing writes styles; False, having written
    nothing, where rich must write them (`render.search.search_view`)."""
    width = plain.width()
    if width is None:
        return False
    plain.write(view(hits, today, width))
    return True


def view(hits: Sequence[Hit], today: date, width: int) -> str:
    """`search_view`'s characters, `width` cells wide: the hits grouped by type, each type
    under a heading with its count."""
    id_width = max(len(str(hit.id)) for hit in hits)
    shown: dict[date | None, str] = {}  # many hits share a day: each written once
    days = [shown.get(hit.day) or shown.setdefault(hit.day, day(hit, today)) for hit in hits]
    day_width = max(len(shown) for shown in days)
    indent = " " * (len(GAP) + id_width + len(GAP) + day_width + len(GAP))
    lines: list[str] = []
    at = 0
    for kind, group in groupby(hits, key=lambda hit: hit.kind):
        members = list(group)
        if lines:
            lines.append("")
        lines.append(f"{heading(kind)} ({len(members)})")
        for hit in members:
            title = clip(hit.title, width)
            line = "".join(
                (
                    GAP,
                    str(hit.id).rjust(id_width),
                    GAP,
                    days[at].ljust(day_width),
                    GAP,
                    "private " if hit.private else "",
                    one_line(title),
                )
            )
            at += 1
            size = _cells(line)
            lines.append(_fit(line, size, width))
            if not (hit.in_title and title is hit.title and size <= width):
                lines.append(_snippet_line(hit, indent, width))
    return "\n".join(lines)


def one_line(snippet: Snippet) -> str:
    """The characters of `render.search.highlighted(snippet)`: control characters made
    visible, whitespace collapsed, `…` at cut ends."""
    prefix = "…" if snippet.cut_start else ""
    suffix = "…" if snippet.cut_end else ""
    text = snippet.text
    if not (text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " "):
        # Something to show escaped (nothing `safe` escapes is printable) or to collapse.
        text = " ".join(safe(text).split())
    return prefix + text + suffix


def snippet_of(hit: Hit, indent: str, width: int) -> tuple[str, Snippet]:
    """The label of the field a hit's snippet is from, and the snippet windowed to what fits
    after the indent and the label."""
    label = f"{hit.field}: "
    room = width - len(indent) - len(label) - 2  # the two `…`
    shown = max(MIN_SNIPPET, min(SNIPPET_WIDTH, room))
    return label, window(hit.source.text, hit.source.spans, shown)


def _snippet_line(hit: Hit, indent: str, width: int) -> str:
    label, snippet = snippet_of(hit, indent, width)
    line = indent + label + one_line(snippet)
    return _fit(line, _cells(line), width)


def _cells(line: str) -> int:
    # A line of ASCII is as wide as it is long (control characters are shown escaped).
    return len(line) if line.isascii() else cell_len(line)


def _fit(line: str, size: int, width: int) -> str:
    """The line cut to `width` cells, ending in `…` (not in a space) where it was cut, as
    `render.search` cuts its `Text` (`Text.truncate`, `rstrip`)."""
    if size <= width:
        return line
    if one_cell_each(line):  # one cell a character: cut as `set_cell_size` cuts it
        return line[: max(0, width - 1)].rstrip() + "…"
    from rich.cells import set_cell_size  # only a line too long for the terminal

    return set_cell_size(line, max(0, width - 1)).rstrip() + "…"


def day(hit: Hit, today: date) -> str:
    return short_date(hit.day, today) if hit.day is not None else "-"


def clip(snippet: Snippet, limit: int) -> Snippet:
    """The snippet's first `limit` characters: no more can show on a line."""
    if len(snippet.text) <= limit:
        return snippet
    spans = tuple((s, min(e, limit)) for s, e in snippet.spans if s < limit)
    return Snippet(snippet.text[:limit], spans, snippet.cut_start, cut_end=False)
