"""The `mentorlog` command: the root of the command tree and its exit point.

Every error reaches the user through `MentorlogGroup`: a `MentorlogError` becomes one line on
stderr and its class's exit code, a usage error becomes one line naming the help to read,
and anything unexpected becomes one line asking for a bug report (the traceback only with
MENTORLOG_DEBUG=1), in `exits.failed`, which the quick path (cli/quick.py) ends its commands
with too. Nothing else in the program prints an error or exits.

The program starts in cli/entry.py, which sends here every command line the quick path is
not sure of.
"""

from __future__ import annotations

import gc

# The garbage collector is paused while Typer and the rest load (imports only allocate; the
# collections they set off found nothing to free and cost 5 ms a command); what they built
# is then frozen (it lives as long as the process anyway), so that resuming the collector
# does not walk it all at once, and importing this module leaves the collector as it was.
# `main` pauses it for good.
_collecting = gc.isenabled()
gc.disable()

import importlib  # noqa: E402
import os  # noqa: E402
import sys  # noqa: E402
from collections.abc import Sequence  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Annotated, Any  # noqa: E402

import typer  # noqa: E402
import typer.main  # noqa: E402
from typer import _click  # noqa: E402
from typer._click import exceptions as click_exceptions  # noqa: E402
from typer.core import TyperArgument, TyperCommand, TyperGroup  # noqa: E402

from mentorlog import __version__  # noqa: E402
from mentorlog.cli import exits  # noqa: E402
from mentorlog.cli.commands import COMMANDS  # noqa: E402
from mentorlog.cli.context import Session  # noqa: E402
from mentorlog.config import user_home  # noqa: E402
from mentorlog.errors import Interrupted  # noqa: E402
from mentorlog.render import console  # noqa: E402

gc.freeze()
if _collecting:
    gc.enable()

DEBUG_ENV = exits.DEBUG_ENV
MAX_USAGE_MESSAGE = 300


# Words people type as commands that are options here.
OPTION_WORDS = {"version": "--version", "help": "--help"}


# The groups built so far in this process, by name and whether the shell is completing: a
# process runs one command, but the tests run thousands in one process, and building a
# group (Typer reading every signature and type hint) was a third of their time.
_BUILT: dict[tuple[str, bool], _click.Command] = {}


class MentorlogGroup(TyperGroup):
    """The root group: builds the command tree lazily, runs it, and turns every failure into
    one clear line."""

    # While the root help is written: it lists each command by its summary, unbuilt.
    listing = False

    def list_commands(self, ctx: _click.Context) -> list[str]:
        return list(COMMANDS)

    def format_help(self, ctx: _click.Context, formatter: _click.HelpFormatter) -> None:
        self.listing = True
        try:
            super().format_help(ctx, formatter)
        finally:
            self.listing = False

    def get_command(self, ctx: _click.Context, cmd_name: str) -> _click.Command | None:
        """The command `cmd_name`, its group built only now: Typer reads the signature and
        type hints of every command it converts, which for the whole tree cost about 60 ms
        a run."""
        if cmd_name not in COMMANDS:
            return super().get_command(ctx, cmd_name)
        module_name, attribute, summary = COMMANDS[cmd_name]
        if self.listing:
            return TyperCommand(cmd_name, help=summary)
        completing = bool(os.environ.get("_MENTORLOG_COMPLETE"))  # the shell asks
        built = _BUILT.get((cmd_name, completing))
        if built is not None:
            return built
        sub_app = getattr(importlib.import_module(module_name), attribute)
        # Shell completion is installed from the root (`mentorlog --install-completion`);
        # a group built on its own would offer it again in its help.
        sub_app._add_completion = False
        command = typer.main.get_command(sub_app)
        command.name = cmd_name
        if completing:
            from mentorlog.cli import completion

            completion.attach(command, cmd_name)
        _BUILT[cmd_name, completing] = command
        return command

    def resolve_command(
        self, ctx: _click.Context, args: list[str]
    ) -> tuple[str | None, _click.Command | None, list[str]]:
        try:
            return super()._click_resolve_command(ctx, args)
        except click_exceptions.UsageError as exc:
            import difflib  # only a mistyped command needs it

            word = args[0] if args else ""
            option = OPTION_WORDS.get(word.lower())
            if option is not None:
                exc.message = f"{exc.message.rstrip('.')}. Did you mean `mentorlog {option}`?"
                raise
            # Only a close match: `version` is not a misspelt `person`.
            close = difflib.get_close_matches(word, list(COMMANDS), cutoff=0.7) if word else []
            if close:
                exc.message = f"{exc.message.rstrip('.')}. Did you mean {close[0]!r}?"
            raise

    def invoke(self, ctx: _click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click_exceptions.ClickException, typer.Exit, typer.Abort):
            raise
        except (KeyboardInterrupt, Exception) as exc:
            raise typer.Exit(exits.failed(exc)) from exc

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        exits.begin()
        try:
            result = super().main(
                args, prog_name or "mentorlog", complete_var, standalone_mode=False, **extra
            )
        except click_exceptions.NoArgsIsHelpError as exc:
            # Building the error rendered the help already: rich help prints as it is
            # made and leaves the message empty; plain help is in the message.
            if exc.message.strip():
                typer.echo(exc.message)
            result = 0
        except click_exceptions.ClickException as exc:
            console.error(_usage_message(exc))
            result = exc.exit_code
        except typer.Abort:
            console.error("Aborted.")
            result = Interrupted.exit_code
        code = result if isinstance(result, int) else 0
        if standalone_mode:
            sys.exit(code)
        return code


# The options of `mentorlog` itself, which go before the command.
ROOT_OPTIONS = ("--home", "--no-pager")


def _plain_metavar(
    make: Any,
) -> Any:
    """Typer writes a required argument as `{HANDLE}` in usage lines; the convention (and
    every example in the docs) is plain `HANDLE`, with brackets only around optional ones."""

    def make_metavar(self: Any, ctx: _click.Context, *, usage: bool = False) -> str:
        var: str = make(self, ctx, usage=usage)
        return var[1:-1] if usage and var.startswith("{") and var.endswith("}") else var

    return make_metavar


TyperArgument.make_metavar = _plain_metavar(TyperArgument.make_metavar)  # type: ignore[method-assign]


def _usage_message(exc: click_exceptions.ClickException) -> str:
    option = getattr(exc, "option_name", None)
    ctx = getattr(exc, "ctx", None)
    if isinstance(exc, click_exceptions.NoSuchOption) and option in ROOT_OPTIONS and ctx:
        path = ctx.command_path.split(" ", 1)
        where = f"mentorlog {option}{' PATH' if option == '--home' else ''} {path[-1]}"
        return f"{option} goes before the command, as in `{where}`."
    message = exc.format_message().rstrip()
    if len(message) > MAX_USAGE_MESSAGE:
        # click repeats the bad value whole; a 100 KB argument must not come back as one.
        message = message[:MAX_USAGE_MESSAGE] + "…"
    if not message.endswith((".", "?")):
        message += "."
    ctx = getattr(exc, "ctx", None)
    if ctx is not None:
        message += f" See `{ctx.command_path} --help`."
    return message


app = typer.Typer(
    name="mentorlog",
    cls=MentorlogGroup,
    invoke_without_command=True,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
    epilog="Run `mentorlog COMMAND --help` for the options of each command.",
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"mentorlog {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    home: Annotated[
        Path | None,
        typer.Option(
            "--home",
            help="Use this folder for the journal and config (default: MENTORLOG_HOME, "
            "else your user data folder).",
            file_okay=False,
            metavar="PATH",
            show_default=False,
        ),
    ] = None,
    no_pager: Annotated[
        bool,
        typer.Option(
            "--no-pager",
            help="Print long output straight to the terminal instead of through "
            "MENTORLOG_PAGER, PAGER or `less -FRX` (output that is piped never pages).",
        ),
    ] = False,
    version: Annotated[
        bool,
        typer.Option(
            "--version", help="Show the version and exit.", is_eager=True, callback=_version
        ),
    ] = False,
) -> None:
    """A terminal-first mentorship journal: people, goals, meetings and agendas.

    Run without a command to see your status.
    """
    from mentorlog.render import pager

    pager.allow(not no_pager)
    ctx.obj = Session(user_home(home))
    if ctx.invoked_subcommand is None:
        from mentorlog.cli.status import status

        ctx.invoke(status, ctx=ctx)


def main() -> None:
    """The console-script entry point.

    One command is one short-lived process, so it runs without the cyclic garbage collector
    (which would only walk the journal's objects over and over, finding nothing to free)
    and ends without the interpreter's teardown, which frees every object one by one: on a
    journal of 100,000 records the two took longer than the command itself. A threshold of
    0 keeps the collector off even where a library turns it back on (the store does, after
    parsing the journal).
    """
    gc.disable()
    gc.set_threshold(0)
    try:
        app()
    except SystemExit as exc:
        code = exc.code
    else:
        code = 0
    exits.exit_now(code)
