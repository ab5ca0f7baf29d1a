"""How search results look in a terminal: a heading per type, a line per hit, and the
snippet with the matches highlighted."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from itertools import groupby

from rich.text import Text

from mentorlog.render.console import safe, stdout
from mentorlog.render.search_plain import GAP, HEADINGS, MIN_SNIPPET, clip, day, heading, snippet_of
from mentorlog.services.search import Hit
from mentorlog.services.search_text import Snippet

__all__ = ["GAP", "HEADINGS", "HIGHLIGHT", "MIN_SNIPPET", "heading", "highlighted", "search_view"]

# Reverse video stays visible under NO_COLOR, where the colour is dropped.
HIGHLIGHT = "bold yellow reverse"


def highlighted(snippet: Snippet) -> Text:
    """The snippet on one line, as `safe_line` shows it (control characters visible,
    whitespace collapsed), with its spans highlighted and `…` at cut ends.

    The spans index the original text, which escaping and collapsing change, so the line is
    built one character at a time, noting where each original character lands.
    """
    text = snippet.text
    prefix = "…" if snippet.cut_start else ""
    suffix = "…" if snippet.cut_end else ""
    if safe(text) == text and " ".join(text.split()) == text:
        # Nothing to escape or collapse (most text): the spans apply as they are.
        line = Text(prefix + text + suffix)
        for start, end in snippet.spans:
            line.stylize(HIGHLIGHT, len(prefix) + start, len(prefix) + end)
        return line
    out: list[str] = [prefix]
    length = len(prefix)
    starts: list[int] = []
    ends: list[int] = []
    space = False
    for char in text:
        shown = safe(char)
        if shown == char and char.isspace():
            space = length > len(prefix)
            starts.append(length)
            ends.append(length)
            continue
        if space:
            out.append(" ")
            length += 1
            space = False
        starts.append(length)
        out.append(shown)
        length += len(shown)
        ends.append(length)
    out.append(suffix)
    line = Text("".join(out))
    for start, end in snippet.spans:
        if end > start:
            line.stylize(HIGHLIGHT, starts[start], ends[end - 1])
    return line


def search_view(hits: Sequence[Hit], today: date) -> Text:
    """The hits grouped by type, each type under a heading with its count."""
    width = stdout().width
    id_width = max(len(str(hit.id)) for hit in hits)
    days = {id(hit): day(hit, today) for hit in hits}
    day_width = max(len(day) for day in days.values())
    indent = " " * (len(GAP) + id_width + len(GAP) + day_width + len(GAP))
    lines: list[Text] = []
    for kind, group in groupby(hits, key=lambda hit: hit.kind):
        members = list(group)
        if lines:
            lines.append(Text(""))
        lines.append(Text(f"{heading(kind)} ({len(members)})", style="bold"))
        for hit in members:
            line = Text(GAP)
            line.append(str(hit.id).rjust(id_width), style="bold")
            line.append(GAP + days[id(hit)].ljust(day_width) + GAP)
            if hit.private:
                line.append("private ", style="bold yellow")
            title = clip(hit.title, width)
            line.append_text(highlighted(title))
            whole = title is hit.title and line.cell_len <= width
            lines.append(_fit(line, width))
            if not (hit.in_title and whole):
                lines.append(_snippet_line(hit, indent, width))
    result = Text("\n").join(lines)
    # Laid out already: console.show prints it without wrapping it again.
    result.no_wrap = True
    result.overflow = "ignore"
    return result


def _snippet_line(hit: Hit, indent: str, width: int) -> Text:
    """The snippet, windowed to what fits after the indent and the field's name."""
    label, snippet = snippet_of(hit, indent, width)
    line = Text(indent)
    line.append(label, style="dim")
    line.append_text(highlighted(snippet))
    return _fit(line, width)


def _fit(line: Text, width: int) -> Text:
    """The line cut to `width` cells, ending in `…` (not in a space) where it was cut."""
    if line.cell_len > width:
        line.truncate(max(0, width - 1))
        line.rstrip()
        line.append("…")
    return line
