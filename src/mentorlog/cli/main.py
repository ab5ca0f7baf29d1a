"""The `mentorlog` command: the root of the command tree and its one exit point.

Every error reaches the user through `MentorlogGroup`: a `MentorlogError` becomes one line on
stderr and its class's exit code, a usage error becomes one line naming the help to read,
and anything unexpected becomes one line asking for a bug report (the traceback only with
MENTORLOG_DEBUG=1). Nothing else in the program prints an error or exits.
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

import atexit  # noqa: E402
import contextlib  # noqa: E402
import errno  # noqa: E402
import importlib  # noqa: E402
import os  # noqa: E402
import sys  # noqa: E402
from collections.abc import Sequence  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Annotated, Any, NoReturn  # noqa: E402

import typer  # noqa: E402
import typer.main  # noqa: E402
from typer import _click  # noqa: E402
from typer._click import exceptions as click_exceptions  # noqa: E402
from typer.core import TyperGroup  # noqa: E402

from mentorlog import __version__  # noqa: E402
from mentorlog.cli.context import Session  # noqa: E402
from mentorlog.config import user_home  # noqa: E402
from mentorlog.errors import Interrupted, MentorlogError  # noqa: E402
from mentorlog.render import console  # noqa: E402

gc.freeze()
if _collecting:
    gc.enable()

DEBUG_ENV = "MENTORLOG_DEBUG"
MAX_USAGE_MESSAGE = 300


# The command groups, built only when named: Typer reads the signature and type hints of
# every command it converts, which for the whole tree cost about 60 ms on each run.
LAZY_GROUPS: dict[str, tuple[str, str]] = {
    "status": ("mentorlog.cli.status", "app"),
    "agenda": ("mentorlog.cli.agenda", "app"),
    "when": ("mentorlog.cli.schedule", "when_app"),
    "schedule": ("mentorlog.cli.schedule", "schedule_app"),
    "person": ("mentorlog.cli.people", "app"),
    "goal": ("mentorlog.cli.goals", "app"),
    "meeting": ("mentorlog.cli.meetings", "app"),
    "action": ("mentorlog.cli.actions", "app"),
    "topic": ("mentorlog.cli.topics", "app"),
    "feedback": ("mentorlog.cli.feedback", "app"),
    "milestone": ("mentorlog.cli.milestones", "app"),
    "note": ("mentorlog.cli.notes", "app"),
    "reflect": ("mentorlog.cli.notes", "reflect_app"),
    "search": ("mentorlog.cli.search", "app"),
    "report": ("mentorlog.cli.report", "app"),
    "export": ("mentorlog.cli.transfer", "export_app"),
    "import": ("mentorlog.cli.transfer", "import_app"),
    "undo": ("mentorlog.cli.undo", "app"),
    "backup": ("mentorlog.cli.backup", "app"),
    "config": ("mentorlog.cli.config", "app"),
    "encrypt": ("mentorlog.cli.encryption", "encrypt_app"),
    "decrypt": ("mentorlog.cli.encryption", "decrypt_app"),
    "key": ("mentorlog.cli.encryption", "key_app"),
}
COMMAND_ORDER = (
    "status",
    "person",
    "goal",
    "meeting",
    "action",
    "topic",
    "agenda",
    "when",
    "schedule",
    "feedback",
    "milestone",
    "note",
    "reflect",
    "search",
    "report",
    "export",
    "import",
    "undo",
    "backup",
    "config",
    "encrypt",
    "decrypt",
    "key",
)


class MentorlogGroup(TyperGroup):
    """The root group: builds the command tree lazily, runs it, and turns every failure into
    one clear line."""

    def list_commands(self, ctx: _click.Context) -> list[str]:
        return list(COMMAND_ORDER)

    def get_command(self, ctx: _click.Context, cmd_name: str) -> _click.Command | None:
        if cmd_name not in LAZY_GROUPS:
            return super().get_command(ctx, cmd_name)
        module_name, attribute = LAZY_GROUPS[cmd_name]
        sub_app = getattr(importlib.import_module(module_name), attribute)
        # Shell completion is installed from the root (`mentorlog --install-completion`);
        # a group built on its own would offer it again in its help.
        sub_app._add_completion = False
        command = typer.main.get_command(sub_app)
        command.name = cmd_name
        return command

    def resolve_command(
        self, ctx: _click.Context, args: list[str]
    ) -> tuple[str | None, _click.Command | None, list[str]]:
        try:
            return super()._click_resolve_command(ctx, args)
        except click_exceptions.UsageError as exc:
            import difflib  # only a mistyped command needs it

            close = difflib.get_close_matches(args[0], COMMAND_ORDER) if args else []
            if close:
                exc.message = f"{exc.message.rstrip('.')}. Did you mean {close[0]!r}?"
            raise

    def invoke(self, ctx: _click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except MentorlogError as exc:
            console.error(exc.message)
            raise typer.Exit(exc.exit_code) from exc
        except (click_exceptions.ClickException, typer.Exit, typer.Abort):
            raise
        except KeyboardInterrupt as exc:
            console.error(
                "Interrupted; the journal is whole, as it was before or after this command."
            )
            raise typer.Exit(Interrupted.exit_code) from exc
        except OSError as exc:
            if exc.errno == errno.EPIPE:
                raise  # the reader went away (`| head`); typer exits quietly
            _unexpected(exc)
        except Exception as exc:
            _unexpected(exc)

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        console.reset()
        keys = sys.modules.get("mentorlog.store.keys")
        if keys is not None:  # each command has its key, and asks its passphrase, anew
            keys.forget()
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


def _usage_message(exc: click_exceptions.ClickException) -> str:
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


def _unexpected(exc: BaseException) -> None:
    if os.environ.get(DEBUG_ENV):
        raise exc
    console.error(
        f"mentorlog hit an unexpected problem ({type(exc).__name__}: {exc}); please report it "
        f"with the output of the same command run with {DEBUG_ENV}=1."
    )
    raise typer.Exit(1) from exc


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
    _exit_now(code)


def _exit_now(code: object) -> NoReturn:
    """Exit as `sys.exit(code)` would, after the atexit handlers and flushing the output,
    but skipping the teardown."""
    if code is not None and not isinstance(code, int):
        sys.stderr.write(f"{code}\n")
        code = 1
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe (`| head`) or stream
            stream.flush()
    os._exit(code or 0)
