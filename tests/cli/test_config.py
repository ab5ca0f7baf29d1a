"""`mentorlog config ...` through the real CLI, and where the user's zone comes from."""

from __future__ import annotations

import os
import stat
import tomllib
from pathlib import Path

import pytest

from conftest import Run


def test_show_lists_defaults_and_sources(run: Run, isolated_env: Path) -> None:
    settings = run.json("config", "show")
    assert settings == {
        "name": "",
        "timezone": "Europe/Berlin",
        "hours": "09:00-17:00",
        "days": "mon-fri",
        "duration": "45m",
        "alarm": "15m",
        "email": "",  # issue 13: the ORGANIZER of `export ics --attendees`
        "home": str(isolated_env),
    }
    out = run.ok("config", "show").stdout
    assert "MENTORLOG_TZ" in out
    assert f"Home: {isolated_env}" in out


def test_set_stores_canonical_values_in_a_private_toml_file(run: Run, isolated_env: Path) -> None:
    assert run.ok("config", "set", "hours", "8am-4:30pm").stderr.strip() == (
        "Set hours = 08:00-16:30."
    )
    run.ok("config", "set", "days", "Monday-Thursday")
    run.ok("config", "set", "duration", "1h30m")
    run.ok("config", "set", "alarm", "10")
    run.ok("config", "set", "timezone", "america/new_york")
    run.ok("config", "set", "name", "  Ana   Ruiz ")
    path = isolated_env / "config.toml"
    assert tomllib.loads(path.read_text()) == {
        "hours": "08:00-16:30",
        "days": "mon-thu",
        "duration": "1h30m",
        "alarm": "10m",
        "timezone": "America/New_York",
        "name": "Ana Ruiz",
    }
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert run.json("config", "show")["timezone"] == "America/New_York"
    assert "config" in run.ok("config", "show").stdout


def test_configured_zone_wins_over_the_environment(run: Run) -> None:
    run.ok("config", "set", "timezone", "Asia/Kolkata")
    status = run.json("status")
    # MENTORLOG_NOW is 11:15 Berlin = 15:45 Kolkata.
    assert status["now"] == "2026-11-21T15:45:00+05:30"


def test_unset_restores_the_default(run: Run) -> None:
    run.ok("config", "set", "duration", "1h")
    result = run.ok("config", "unset", "duration")
    assert result.stderr.strip() == "duration is back to its default: 45m."
    assert run.json("config", "show")["duration"] == "45m"


def test_unknown_fields_in_the_file_are_kept(run: Run, isolated_env: Path) -> None:
    isolated_env.mkdir()
    (isolated_env / "config.toml").write_text('future_setting = "keep me"\n')
    run.ok("config", "set", "name", "Ana")
    assert tomllib.loads((isolated_env / "config.toml").read_text()) == {
        "future_setting": "keep me",
        "name": "Ana",
    }


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (
            ("config", "set", "colour", "blue"),
            3,
            "There is no setting 'colour'. The settings are: name, timezone, hours, days, "
            "duration, alarm, email.",
        ),
        (
            ("config", "set", "timzone", "UTC"),
            3,
            "There is no setting 'timzone'. Did you mean 'timezone'? The settings are: name, "
            "timezone, hours, days, duration, alarm, email.",
        ),
        (
            ("config", "set", "timezone", "Mars/Olympus"),
            2,
            "Unknown time zone 'Mars/Olympus'; use an IANA name such as 'Europe/Berlin' or "
            "'America/New_York'.",
        ),
        (
            ("config", "set", "hours", "9"),
            2,
            "Cannot read '9' as working hours; write them like 09:00-17:00 or 9am-5pm.",
        ),
        (
            ("config", "set", "days", "someday"),
            2,
            "Cannot read 'someday' as working days; write them like mon-fri or mon,wed,fri.",
        ),
        (
            ("config", "set", "duration", "forever"),
            2,
            "Cannot read 'forever' as a duration; write it like 45m, 1h or 1h30m.",
        ),
        (
            ("config", "set", "alarm", "soon"),
            2,
            "Cannot read 'soon' as a reminder time; write it like 45m, 1h or 1h30m.",
        ),
    ],
)
def test_bad_values_are_refused_with_the_accepted_form(
    run: Run, isolated_env: Path, args: tuple[str, ...], code: int, message: str
) -> None:
    result = run.fails(code, *args)
    assert result.stderr == f"Error: {message}\n"
    assert not (isolated_env / "config.toml").exists()


def test_a_broken_config_file_is_named_and_left_alone(run: Run, isolated_env: Path) -> None:
    isolated_env.mkdir()
    path = isolated_env / "config.toml"
    path.write_text("hours = [unclosed\n")
    result = run.fails(5, "status")
    assert result.stderr.startswith(f"Error: The config file {path} is not valid TOML (")
    assert path.read_text() == "hours = [unclosed\n"


def test_a_bad_value_in_the_file_can_still_be_fixed(run: Run, isolated_env: Path) -> None:
    isolated_env.mkdir()
    (isolated_env / "config.toml").write_text('timezone = "Mars/Olympus"\n')
    result = run.fails(5, "status")
    assert result.stderr == (
        f"Error: The config file {isolated_env / 'config.toml'} has an unusable timezone value "
        "'Mars/Olympus'; fix it with `mentorlog config set timezone VALUE` or "
        "`mentorlog config unset timezone`.\n"
    )
    assert "unusable" in run.ok("config", "show").stdout
    run.ok("config", "set", "timezone", "UTC")
    run.ok("status")


def test_system_zone_is_used_when_nothing_is_configured(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("MENTORLOG_TZ")
    monkeypatch.setenv("TZ", "America/Sao_Paulo")
    show = run.ok("config", "show").stdout
    assert "America/Sao_Paulo" in show
    assert "system" in show
    assert run.json("status")["now"] == "2026-11-21T07:15:00-03:00"


def test_bad_mentorlog_tz_is_a_clear_error(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MENTORLOG_TZ", "Atlantis/Capital")
    result = run.fails(2, "status")
    assert result.stderr == (
        "Error: MENTORLOG_TZ is 'Atlantis/Capital', which is not a time zone; set it to an IANA "
        "name such as 'Europe/Berlin', or unset it.\n"
    )


def test_bad_mentorlog_now_is_a_clear_error(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MENTORLOG_NOW", "teatime")
    result = run.fails(2, "status")
    assert "MENTORLOG_NOW is 'teatime', not an ISO 8601 instant" in result.stderr


def test_home_option_beats_the_environment(run: Run, tmp_path: Path) -> None:
    other = tmp_path / "elsewhere"
    run.ok("--home", str(other), "goal", "add", "Somewhere else")
    assert (other / "journal.json").exists()
    assert not (Path(os.environ["MENTORLOG_HOME"]) / "journal.json").exists()
    assert run.json("--home", str(other), "goal", "list")[0]["title"] == "Somewhere else"
