"""What every kind's `show` and `delete` look like when a kind needs nothing of its own: a
heading and labelled fields, and the sentence saying what a deletion did."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Group, RenderableType
from rich.text import Text

from mentorlog.render.console import safe


def record_view(heading: str, fields: Sequence[tuple[str, str | Text | None]]) -> RenderableType:
    """A heading, then one `Label: value` line per field that has a value."""
    parts: list[RenderableType] = [Text(safe(heading), style="bold")]
    width = max((len(label) for label, _ in fields), default=0)
    for label, value in fields:
        if value is None or value == "":
            continue
        line = Text(f"{label + ':':<{width + 1}} ", style="dim")
        line.append_text(value if isinstance(value, Text) else Text(safe(value)))
        parts.append(line)
    return Group(*parts)
