"""Where the `mentorlog` program starts (the console script and `python -m mentorlog`).

A command line the quick path (cli/quick.py) is sure of runs without Typer or click being
imported (nor rich, unless the command draws with it); anything else goes to the Typer path
(cli/main.py) unchanged.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Sequence

from mentorlog.cli import exits, quick


def main() -> None:
    """The console-script entry point.

    One command is one short-lived process: it runs without the cyclic garbage collector
    and ends without the interpreter's teardown, as `cli.main.main` explains.
    """
    gc.disable()
    gc.set_threshold(0)
    chosen = quick.plan(sys.argv[1:])
    if chosen is None:
        from mentorlog.cli import main as plain

        plain.main()  # exits
        return
    exits.exit_now(quick.run(chosen))


def run(argv: Sequence[str]) -> int:
    """`mentorlog ARGV` in this process, the quick path or the Typer one; the exit code (for
    tests: the process's collector and exit are left alone)."""
    chosen = quick.plan(argv)
    if chosen is not None:
        return quick.run(chosen)
    from mentorlog.cli.main import app

    try:
        code = app(list(argv), standalone_mode=False)
    except SystemExit as exc:
        code = exc.code
    return code if isinstance(code, int) else 0 if code is None else 1
