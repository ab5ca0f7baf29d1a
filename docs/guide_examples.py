"""Replay the examples in docs/guide.md and README.md against the real program, and keep
their output true.

Every ```text block whose lines start with `$ mentorlog ...` is an example: the commands run
in order, in one fresh temporary home, and the lines after each command are what it printed
(stdout and stderr, as a terminal shows them); a ```sh block of `mentorlog ...` lines is run
too, without showing output, as the steps a reader types. The clock is set by a marker,
`<!-- now: 2026-11-21T09:30:00+01:00 -->`, which holds until the next one; a block preceded by
`<!-- not replayed -->` (a shell pipeline, say) is left as written.

    python docs/guide_examples.py          # rewrite the outputs in the guide and README
    python docs/guide_examples.py --check  # exit 1 if they are stale (tests/test_docs.py does)
"""

from __future__ import annotations

import os
import re
import shlex
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from typer.testing import CliRunner

from mentorlog.cli.main import app

GUIDE = Path(__file__).with_name("guide.md")
COLUMNS = "88"
SHOWN_HOME = "/home/sam/.local/share/mentorlog"
_NOW = re.compile(r"<!-- now: (\S+) -->")
_SKIP = "<!-- not replayed -->"
_BLOCK = re.compile(r"```(text|sh)\n(.*?)```", re.DOTALL)
README = GUIDE.parent.parent / "README.md"


@contextmanager
def _fresh_home() -> Iterator[Path]:
    """A temporary mentorlog home, with the working folder moved there so that files the
    examples write (`--out agenda.md`) land there too."""
    start = Path.cwd()
    with tempfile.TemporaryDirectory() as folder:
        os.chdir(folder)
        try:
            yield Path(folder) / "mentorlog"
        finally:
            os.chdir(start)


def replay(markdown: str) -> str:
    """`markdown` with the output of every replayed example brought up to date."""
    runner = CliRunner()
    with _fresh_home() as home:
        env = {
            "MENTORLOG_HOME": str(home),
            "MENTORLOG_TZ": "Europe/Berlin",
            "COLUMNS": COLUMNS,
            "NO_COLOR": "1",
            "TERMINAL_WIDTH": COLUMNS,
            "EDITOR": None,
            "VISUAL": None,
        }
        out: list[str] = []
        position = 0
        now = ""
        for block in _BLOCK.finditer(markdown):
            before = markdown[position : block.start()]
            out.append(before)
            for found in _NOW.finditer(before):
                now = found.group(1)
            language, body = block.group(1), block.group(2)
            env["MENTORLOG_NOW"] = now
            if language == "sh":
                # Commands to type, shown without output: run them so later examples see
                # their effect.
                for line in body.splitlines():
                    if line.startswith("mentorlog ") and "|" not in line:
                        runner.invoke(app, _args(line), env=env, prog_name="mentorlog")
                out.append(block.group(0))
            elif _SKIP in before[-80:] or not body.startswith("$ mentorlog"):
                out.append(block.group(0))
            else:
                out.append("```text\n" + _run_block(body, runner, env, home) + "```")
            position = block.end()
        out.append(markdown[position:])
    return "".join(out)


def _run_block(body: str, runner: CliRunner, env: dict[str, str | None], home: Path) -> str:
    commands = [line[2:] for line in body.splitlines() if line.startswith("$ mentorlog")]
    shown: list[str] = []
    for command in commands:
        result = runner.invoke(app, _args(command), env=env, prog_name="mentorlog")
        printed = result.output.replace(str(home), SHOWN_HOME)
        lines = [line.rstrip() for line in printed.rstrip("\n").splitlines()]
        shown += [f"$ {command}", *lines, ""]
    return "\n".join(shown).rstrip("\n") + "\n"


def _args(command: str) -> list[str]:
    """The arguments of `mentorlog ...` (with a `# comment` after it dropped)."""
    return shlex.split(command, comments=True)[1:]


def main() -> int:
    os.environ.pop("MENTORLOG_HOME", None)
    stale = []
    for document in (README, GUIDE):
        current = document.read_text(encoding="utf-8")
        updated = replay(current)
        if updated == current:
            continue
        stale.append(document.name)
        if "--check" not in sys.argv:
            document.write_text(updated, encoding="utf-8")
            print(f"replayed the examples in {document}", file=sys.stderr)
    if stale and "--check" in sys.argv:
        print(f"stale: {', '.join(stale)}; run python docs/guide_examples.py", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
