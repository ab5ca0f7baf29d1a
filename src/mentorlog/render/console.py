"""Where output goes: data to stdout, messages and errors to stderr.

Human output goes through rich, which honours NO_COLOR and drops colour when the stream is
not a terminal. `--json` output never imports rich: it is one orjson document. Every piece of
user text passes through `safe`, so a title holding terminal escape sequences is shown as
visible escapes instead of being interpreted, and rich markup in it is never parsed.
"""

from __future__ import annotations

import re
import sys
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

# C0 and C1 control characters except tab and newline, plus DEL.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def safe(text: str) -> str:
    """Text with control characters made visible (ESC becomes `\\x1b`)."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def safe_line(text: str) -> str:
    """`safe`, on one line: newlines and tabs become spaces (for table cells and messages)."""
    return " ".join(safe(text).split())


@cache
def stdout() -> Console:
    from rich.console import Console

    return Console(highlight=False, emoji=False)


@cache
def stderr() -> Console:
    from rich.console import Console

    return Console(stderr=True, highlight=False, emoji=False)


def reset() -> None:
    """Forget the consoles, so the next output reads the terminal's size and settings anew
    (one process runs one command, but tests and doc replays run many)."""
    stdout.cache_clear()
    stderr.cache_clear()


def show(renderable: RenderableType) -> None:
    """Print data (a table, a panel) to stdout."""
    from rich.text import Text

    if isinstance(renderable, Text) and renderable.no_wrap:
        # Laid out already (render.grid): telling print so skips its costly re-wrap.
        stdout().print(renderable, no_wrap=True, overflow="ignore", crop=False)
    else:
        stdout().print(renderable, crop=False)


def show_plain(text: str) -> None:
    """Print text as it is (Markdown, say), with control characters made visible."""
    sys.stdout.write(safe(text).rstrip("\n") + "\n")
    sys.stdout.flush()


def print_json(data: Any) -> None:
    """Print exactly one JSON document to stdout."""
    import orjson

    sys.stdout.write(orjson.dumps(data, option=orjson.OPT_INDENT_2).decode("utf-8") + "\n")
    sys.stdout.flush()


def message(text: str, *, style: str | None = None) -> None:
    """A message for the person at the terminal, on stderr."""
    stderr().print(safe(text), style=style, markup=False, soft_wrap=True)


def sentence(text: str) -> str:
    """`text` ending in a full stop, unless it already ends in punctuation."""
    stripped = text.rstrip()
    return stripped if stripped.endswith((".", "?", "!", "…")) else f"{stripped}."


def success(text: str) -> None:
    message(text, style="green")


def celebrate(text: str) -> None:
    """An achievement: one line with a star, in colour; never a wall of emoji."""
    message(f"★ {text}", style="bold magenta")


def warn(text: str) -> None:
    message(f"Note: {text}", style="yellow")


def error(text: str) -> None:
    from rich.text import Text

    line = Text.assemble(("Error: ", "bold red"), safe(text))
    stderr().print(line, soft_wrap=True)
