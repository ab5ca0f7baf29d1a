"""Write cli/quick_spec.py, what each quick command takes, from the live Typer tree.

Run `python -m mentorlog.cli.quick_gen` after changing a command the quick path runs (or
adding one to `quick.BODIES`); tests/test_quick.py fails when the file and the Typer tree
disagree. Only what the quick parser reads exactly as click does is written: an option it
cannot be sure of (a callback, an environment variable, a count, a type it does not
convert) stops the generator with the reason, and a root option it need not read (--version
and the completion ones) is left out, so that the quick path sends it to Typer.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer import _click
from typer.core import TyperArgument, TyperGroup, TyperOption
from typer.main import get_command
from typer.models import TyperPath

from mentorlog.cli.main import app
from mentorlog.cli.quick import BODIES

SPEC = Path(__file__).with_name("quick_spec.py")
# The root options the quick path reads; the others go to Typer.
ROOT_READ = ("home", "no_pager")

HEADER = '''"""What each command of the quick path (cli/quick.py) takes, generated from the live
Typer tree by `python -m mentorlog.cli.quick_gen`: do not edit; tests/test_quick.py fails
when it is stale.

`options` maps each option's spellings to (parameter, kind, multiple, path rules); kind is
flag, str, int or path, and a path's rules are (file_okay, dir_okay, readable, writable).
`arguments` lists (parameter, kind, nargs, required); `defaults` holds what Typer passes for
each parameter not given.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

'''


def render() -> str:
    """The text of cli/quick_spec.py for the Typer tree as it is."""
    root = get_command(app)
    root_ctx = _click.Context(root, info_name="mentorlog")
    if root.context_settings.get("auto_envvar_prefix"):
        raise SystemExit("options may come from environment variables")
    root_spec = _spec(root, only=ROOT_READ, where="mentorlog")
    commands: dict[str, dict[str, Any]] = {}
    for path in BODIES:
        command = _command(root, root_ctx, path or ("status",))
        where = " ".join(("mentorlog", *path))
        spec = _spec(command, only=None, where=where)
        if not path:  # bare `mentorlog` runs `status` with its defaults, and takes nothing
            spec = {"options": {}, "arguments": (), "defaults": spec["defaults"]}
        commands[" ".join(path)] = spec
    return (
        HEADER
        + f"ROOT: dict[str, Any] = {_literal(root_spec, 0)}\n\n"
        + f"COMMANDS: dict[str, dict[str, Any]] = {_literal(commands, 0)}\n"
    )


def _literal(value: object, depth: int) -> str:
    """`value` as Python source, laid out as `ruff format` leaves it: a dict, or a tuple of
    tuples, one item a line with a trailing comma; anything else on one line."""
    inner, outer = "    " * (depth + 1), "    " * depth
    if isinstance(value, dict):
        if not value:
            return "{}"
        items = "".join(
            f"{inner}{_literal(k, depth + 1)}: {_literal(v, depth + 1)},\n"
            for k, v in value.items()
        )
        return f"{{\n{items}{outer}}}"
    if isinstance(value, tuple) and len(value) > 1 and isinstance(value[0], tuple):
        items = "".join(f"{inner}{_literal(v, depth + 1)},\n" for v in value)
        return f"(\n{items}{outer})"
    if isinstance(value, tuple):
        parts = [_literal(v, depth + 1) for v in value]
        return f"({parts[0]},)" if len(parts) == 1 else f"({', '.join(parts)})"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    return repr(value)


def _command(root: _click.Command, ctx: _click.Context, path: tuple[str, ...]) -> _click.Command:
    command = root
    for word in path:
        group = command
        if not isinstance(group, TyperGroup):
            raise SystemExit(f"{' '.join(path)}: {word!r} is under a command, not a group")
        if group is not root and group.params:
            raise SystemExit(f"the group before {word!r} has options the quick path cannot read")
        found = group.get_command(ctx, word)
        if found is None:
            raise SystemExit(f"no command {' '.join(path)}")
        command = found
        ctx = _click.Context(command, info_name=word, parent=ctx)
    settings = command.context_settings
    if settings.get("ignore_unknown_options") or settings.get("allow_extra_args"):
        raise SystemExit(f"{' '.join(path)} takes unknown options or extra arguments")
    if settings.get("allow_interspersed_args") is False:
        raise SystemExit(f"{' '.join(path)} takes its options only before its arguments")
    return command


def _spec(command: _click.Command, *, only: tuple[str, ...] | None, where: str) -> dict[str, Any]:
    options: dict[str, tuple[str, str, bool, tuple[bool, ...] | None]] = {}
    arguments: list[tuple[str, str, int, bool]] = []
    defaults: dict[str, Any] = {}
    for param in command.params:
        name = param.name or ""
        if only is not None and name not in only:
            continue
        why = _unsure(param)
        if why:
            raise SystemExit(f"{where}: {name}: {why}")
        kind, rules = _kind(param, where)
        if isinstance(param, TyperOption):
            for spelling in param.opts:
                options[spelling] = (name, kind, param.multiple, rules)
        elif isinstance(param, TyperArgument):
            if kind in ("flag", "path"):
                raise SystemExit(f"{where}: {name}: an argument of kind {kind}")
            arguments.append((name, kind, param.nargs, param.required))
        else:
            raise SystemExit(f"{where}: {name}: neither a Typer option nor argument")
        default = param.default
        if (param.multiple or param.nargs != 1) and default is not None:
            raise SystemExit(f"{where}: {name}: a list with a default Typer would convert")
        if not isinstance(default, str | int | bool | type(None)):
            raise SystemExit(f"{where}: {name}: a default of type {type(default).__name__}")
        if not param.required:
            defaults[name] = default
    return {"options": options, "arguments": tuple(arguments), "defaults": defaults}


def _unsure(param: _click.Parameter) -> str:
    """Why the quick parser cannot read `param` as click does, or nothing."""
    if param.callback is not None:
        return "a callback"
    if param.envvar or (param.expose_value is False):
        return "an environment variable or a hidden value"
    if param.nargs not in (1, -1) or (param.nargs == -1 and isinstance(param, TyperOption)):
        return f"{param.nargs} values at once"
    if isinstance(param, TyperOption):
        if param.count or param.secondary_opts or param.prompt or param.is_eager:
            return "a count, an --on/--off pair, a prompt or an eager option"
        if param.is_flag and (not param.is_bool_flag or param.default is not False):
            return "a flag that is not a plain on switch"
    return ""


def _kind(param: _click.Parameter, where: str) -> tuple[str, tuple[bool, ...] | None]:
    kind = param.type
    if isinstance(param, TyperOption) and param.is_flag:
        return "flag", None
    if type(kind) is _click.types.StringParamType:
        return "str", None
    if type(kind) is _click.types.IntParamType:
        return "int", None
    if isinstance(kind, TyperPath):
        if kind.exists or kind.resolve_path or kind.allow_dash:
            raise SystemExit(f"{where}: {param.name}: a path that must exist, resolve or be -")
        return "path", (kind.file_okay, kind.dir_okay, kind.readable, kind.writable)
    raise SystemExit(f"{where}: {param.name}: a type the quick path does not convert: {kind!r}")


def main() -> None:
    SPEC.write_text(render(), encoding="utf-8")
    print(f"Wrote {SPEC}.")


if __name__ == "__main__":
    main()
