"""`mentorlog config`: your name, zone, working hours and defaults, in config.toml."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from mentorlog import config as config_mod
from mentorlog.cli import params
from mentorlog.cli.commands import summary
from mentorlog.cli.context import session
from mentorlog.cli.options import Json
from mentorlog.errors import MentorlogError
from mentorlog.render import console

app = typer.Typer(
    help=summary("config"),
    no_args_is_help=True,
)

Key = Annotated[
    str,
    typer.Argument(
        help=f"One of: {', '.join(config_mod.SETTINGS)}.", metavar="KEY", show_default=False
    ),
]


@app.command("show")
def show(ctx: typer.Context, json: Json = False) -> None:
    """Show every setting, where its value comes from, and where your files are.

    Example: mentorlog config show
    """
    s = session(ctx)
    rows = [_row(s.config, key) for key in config_mod.SETTINGS]
    if json:
        console.print_json({key: value for key, value, _, _ in rows} | {"home": str(s.home)})
        return
    from rich import box
    from rich.table import Table

    from mentorlog.render.human import cell

    table = Table(box=box.SIMPLE_HEAD, header_style="bold", pad_edge=False, show_edge=False)
    for column in ("Setting", "Value", "From", "Meaning"):
        table.add_column(column, overflow="fold")
    for key, value, source, meaning in rows:
        table.add_row(key, cell(value), source, meaning)
    console.show(table)
    console.show(f"Home: {s.home}  (journal.json, config.toml)")


def _row(config: config_mod.Config, key: str) -> tuple[str, str, str, str]:
    meaning = config_mod.SETTINGS[key].help
    try:
        value = config.get(key)
    except MentorlogError:
        return key, f"{config.raw(key)} (unusable: fix with `config set`)", "config", meaning
    if key == "timezone" and not value:
        zone, source = config_mod.user_zone(config)
        return key, zone.key, source, meaning
    return key, value, config.source(key), meaning


@app.command("set")
def set_(
    ctx: typer.Context,
    key: Key,
    value: Annotated[
        str, typer.Argument(help="The new value.", metavar="VALUE", show_default=False)
    ],
    json: Json = False,
) -> None:
    """Change a setting; the value is checked and stored in its canonical form.

    Example: mentorlog config set timezone Europe/Berlin
    """
    s = session(ctx)
    notes: list[str] = []
    if config_mod.check_key(key).key == "timezone":
        value = params.zone(value, notes) or value  # a city or abbreviation, as its IANA name
    stored = config_mod.set_value(s.home, key, value, lock_timeout=s.lock_timeout)
    for note in notes:
        console.warn(note)
    if json:
        console.print_json(_setting_json(s.home, config_mod.check_key(key).key))
    console.success(f"Set {key.strip().lower()} = {stored or '(empty)'}.")


def _setting_json(home: Path, key: str) -> dict[str, str]:
    """The setting as `config show --json` shows it, after the change."""
    name, value, source, meaning = _row(config_mod.load_config(home), key)
    return {"key": name, "value": value, "source": source, "meaning": meaning}


@app.command("unset")
def unset(ctx: typer.Context, key: Key, json: Json = False) -> None:
    """Forget a setting, so its default applies again.

    Example: mentorlog config unset timezone
    """
    s = session(ctx)
    config_mod.unset_value(s.home, key, lock_timeout=s.lock_timeout)
    setting = config_mod.check_key(key)
    if json:
        console.print_json(_setting_json(s.home, setting.key))
    default = setting.default or "(empty)"
    console.success(f"{setting.key} is back to its default: {default}.")
