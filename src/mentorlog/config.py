"""Where mentorlog keeps its files, and the user's settings in `config.toml`.

The home is `--home`, else `MENTORLOG_HOME`, else the platform's user data folder. Settings
are read lazily and validated on use, so one bad value in a hand-edited file never stops
`mentorlog config set` from fixing it. Unknown keys in the file are kept as they are.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from datetime import time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from mentorlog import timeparse
from mentorlog.errors import InvalidInput, JournalRefused, NotFound

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

CONFIG_FILE = "config.toml"
HOME_ENV = "MENTORLOG_HOME"
TZ_ENV = "MENTORLOG_TZ"


class Setting:
    """One key of `config.toml`: its default, how to read it, and what it means.

    Plain classes here and in `Config`, not dataclasses: every command loads this module,
    and building a dataclass costs about half a millisecond at import."""

    __slots__ = ("canonical", "default", "help", "key")

    def __init__(self, key: str, default: str, help: str, canonical: Callable[[str], str]) -> None:
        self.key, self.default, self.help, self.canonical = key, default, help, canonical

    def __repr__(self) -> str:
        return f"Setting(key={self.key!r}, default={self.default!r}, help={self.help!r})"


def _name(value: str) -> str:
    name = " ".join(value.split())
    if len(name) > 100 or any(not ch.isprintable() for ch in name):
        raise InvalidInput(
            f"Cannot use {timeparse.quote(value)} as your name; use up to 100 printable "
            "characters, e.g. 'Ana Ruiz'."
        )
    return name


def _zone(value: str) -> str:
    return timeparse.read_zone(value).key


def _hours(value: str) -> str:
    return timeparse.format_hours(timeparse.parse_hours(value))


def _days(value: str) -> str:
    return timeparse.format_days(timeparse.parse_days(value))


def _email(value: str) -> str:
    address = value.strip()
    local, at, domain = address.partition("@")
    if at and local and "." in domain and not any(ch.isspace() for ch in address):
        return address
    raise InvalidInput(
        f"Cannot use {timeparse.quote(value)} as your email address; write it like me@example.org."
    )


def _duration(what: str) -> Callable[[str], str]:
    def canonical(value: str) -> str:
        return timeparse.format_duration(timeparse.parse_duration(value, what=what))

    return canonical


# What turns calendar reminders off, as `export ics --alarm` reads it.
NO_ALARM = frozenset({"0", "0m", "none", "off", "no"})


def _alarm(value: str) -> str:
    if value.strip().lower() in NO_ALARM:
        return "none"
    return _duration("reminder time")(value)


SETTINGS: dict[str, Setting] = {
    s.key: s
    for s in (
        Setting("name", "", "your name, shown in agendas and reports", _name),
        Setting("timezone", "", "your IANA time zone (empty: MENTORLOG_TZ or the system's)", _zone),
        Setting("hours", "09:00-17:00", "your working hours, for scheduling", _hours),
        Setting("days", "mon-fri", "your working days, for scheduling", _days),
        Setting("duration", "45m", "the default length of a meeting", _duration("duration")),
        Setting(
            "alarm",
            "15m",
            "how long before a meeting calendars remind you (0 or none: no reminder)",
            _alarm,
        ),
        Setting(
            "email", "", "your email address, the ORGANIZER of `export ics --attendees`", _email
        ),
    )
}


def user_home(option: str | Path | None = None, environ: Mapping[str, str] = os.environ) -> Path:
    """The mentorlog home: `--home`, else MENTORLOG_HOME, else the user data folder."""
    chosen = option if option not in (None, "") else environ.get(HOME_ENV) or None
    if chosen is not None:
        return Path(chosen).expanduser()
    import platformdirs

    return platformdirs.user_data_path("mentorlog", appauthor=False)


class Config:
    """The settings in one home's `config.toml`, read as needed."""

    __slots__ = ("path", "values")

    def __init__(self, path: Path, values: dict[str, Any] | None = None) -> None:
        self.path = path
        self.values: dict[str, Any] = {} if values is None else values

    def __repr__(self) -> str:
        return f"Config(path={self.path!r}, values={self.values!r})"

    def raw(self, key: str) -> str:
        """The value as written in the file, or the default."""
        value = self.values.get(key)
        return SETTINGS[key].default if value is None else str(value)

    def source(self, key: str) -> str:
        return "config" if key in self.values else "default"

    def get(self, key: str) -> str:
        """The canonical value; a bad value in the file is an error that says how to fix it."""
        raw = self.raw(key)
        if raw == "":
            return ""
        try:
            return SETTINGS[key].canonical(raw)
        except InvalidInput as exc:
            raise JournalRefused(
                f"The config file {self.path} has an unusable {key} value "
                f"{timeparse.quote(raw)}; fix it with `mentorlog config set {key} "
                f"{SETTINGS[key].default or 'VALUE'}` or `mentorlog config unset {key}`."
            ) from exc

    @property
    def name(self) -> str:
        return self.get("name")

    @property
    def email(self) -> str:
        return self.get("email")

    @property
    def hours(self) -> tuple[time, time]:
        return timeparse.parse_hours(self.get("hours"))

    @property
    def days(self) -> tuple[str, ...]:
        return timeparse.parse_days(self.get("days"))

    @property
    def duration(self) -> timedelta:
        return timeparse.parse_duration(self.get("duration"))

    @property
    def alarm(self) -> timedelta | None:
        """None: no reminder."""
        value = self.get("alarm")
        return None if value.strip().lower() in NO_ALARM else timeparse.parse_duration(value)


def load_config(home: Path) -> Config:
    path = home / CONFIG_FILE
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Config(path)
    except (OSError, UnicodeDecodeError) as exc:
        raise JournalRefused(
            f"Cannot read the config file {path} ({exc}); fix or delete it to use the defaults."
        ) from exc
    import tomllib  # here: many homes have no config file, and the parser costs 3 ms to import

    try:
        values = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise JournalRefused(
            f"The config file {path} is not valid TOML ({exc}); fix it, or delete it to use "
            "the defaults."
        ) from exc
    return Config(path, values)


def check_key(key: str) -> Setting:
    setting = SETTINGS.get(key.strip().lower())
    if setting is not None:
        return setting
    import difflib

    close = difflib.get_close_matches(key.lower(), SETTINGS, n=1)
    hint = f"Did you mean '{close[0]}'? " if close else ""
    raise NotFound(
        f"There is no setting {timeparse.quote(key)}. {hint}"
        f"The settings are: {', '.join(SETTINGS)}."
    )


def set_value(home: Path, key: str, value: str, *, lock_timeout: float) -> str:
    """Validate and store one setting; returns the canonical value stored."""
    setting = check_key(key)
    canonical = setting.canonical(value)
    _rewrite(home, lambda values: values.__setitem__(setting.key, canonical), lock_timeout)
    return canonical


def unset_value(home: Path, key: str, *, lock_timeout: float) -> None:
    """Forget one setting, so that its default applies again."""
    setting = check_key(key)
    _rewrite(home, lambda values: values.pop(setting.key, None), lock_timeout)


def _rewrite(home: Path, change: Callable[[dict[str, Any]], object], lock_timeout: float) -> None:
    import tomli_w

    from mentorlog.store import locked, write_atomic

    with locked(home, lock_timeout):
        config = load_config(home)
        values = dict(config.values)
        change(values)
        write_atomic(config.path, tomli_w.dumps(values).encode("utf-8"))


PROMPTS_DIR = "prompts"


def load_prompts(home: Path, kinds: Iterable[str]) -> dict[str, list[str]]:
    """The user's own agenda prompts, `prompts/KIND.txt` for each kind: one per line,
    blank lines and `#` comments skipped."""
    found: dict[str, list[str]] = {}
    for kind in kinds:
        path = home / PROMPTS_DIR / f"{kind}.txt"
        try:
            lines = (line.strip() for line in path.read_text(encoding="utf-8").splitlines())
            found[kind] = [line[:500] for line in lines if line and not line.startswith("#")]
        except FileNotFoundError:
            continue
        except (OSError, UnicodeDecodeError) as exc:
            raise JournalRefused(
                f"Cannot read the prompt file {path} ({exc}); fix it or delete it."
            ) from exc
    return found


def user_zone(config: Config, environ: Mapping[str, str] = os.environ) -> tuple[ZoneInfo, str]:
    """The user's zone and where it came from: config, MENTORLOG_TZ, the system, or UTC."""
    configured = config.get("timezone")
    if configured:
        return timeparse.get_zone(configured), "config"
    from_env = environ.get(TZ_ENV, "").strip()
    if from_env:
        try:
            return timeparse.get_zone(from_env), TZ_ENV
        except InvalidInput as exc:
            raise InvalidInput(
                f"{TZ_ENV} is {timeparse.quote(from_env)}, which is not a time zone; set it to "
                "an IANA name such as 'Europe/Berlin', or unset it."
            ) from exc
    system = _system_zone_name()
    if system:
        return timeparse.get_zone(system), "system"
    return ZoneInfo("UTC"), "fallback"


def _system_zone_name() -> str | None:
    from mentorlog import system_zone

    name = system_zone.plain_name()  # where it is plain, without tzlocal's 10 ms of imports
    if name == system_zone.UNSURE:
        name = _tzlocal_name()
    if not name:
        return None
    try:
        timeparse.get_zone(name)
    except InvalidInput:
        return None
    return name


def _tzlocal_name() -> str | None:
    import warnings

    import tzlocal

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return tzlocal.get_localzone_name()
        except Exception:  # tzlocal raises several kinds when the system zone is unreadable
            return None
