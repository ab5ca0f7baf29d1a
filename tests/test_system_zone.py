"""`system_zone.plain_name` gives the system's zone name as tzlocal gives it, wherever it
answers at all (else tzlocal is asked): held to tzlocal's own reading over folders laid out
as systems lay them out, and as they are when something is odd."""

from __future__ import annotations

import os
import warnings
from pathlib import Path
from typing import Any

import pytest
import tzlocal.unix
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from mentorlog import system_zone
from mentorlog.system_zone import UNSURE

ZONES = Path("/usr/share/zoneinfo")
LINKS = [
    None,  # no /etc/localtime
    "file",  # a copy, not a link
    str(ZONES / "Europe/Berlin"),
    str(ZONES / "Etc/UTC"),
    str(ZONES / "America/Argentina/Buenos_Aires"),
    str(ZONES / "posix/Asia/Tokyo"),
    str(ZONES / "zone.tab"),  # a file that is not a zone
    str(ZONES / "Europe"),  # a folder
    "/nowhere/Europe/Berlin",  # a dangling link
    "../usr/share/zoneinfo/Asia/Tokyo",  # relative: inside the folder, where there is none
    "/etc/hostname",
]
TIMEZONE_FILES: list[Any] = [
    None,
    "Europe/Berlin\n",
    "Etc/UTC",
    "  /Europe/Berlin/ \n",
    "",
    "\n\n",
    "Europe/Berlin # set by the installer\n",
    "Europe/Berlin\nAsia/Tokyo\n",
    "Not/AZone\n",
    "Europe/Berlin myhost\n",
    "America/Argentina/Buenos_Aires\n",
    "Europe/Berlin\tx\n",
    "Europe/Be\x0brlin\n",
    b"\xff\xfe\x00binary",
    "folder",
]
OTHERS = [None, *system_zone._OTHER_SOURCES]


def lay_out(root: Path, link: str | None, timezone: Any, other: str | None) -> None:
    (root / "etc").mkdir(parents=True, exist_ok=True)
    if link == "file":
        (root / "etc/localtime").write_bytes((ZONES / "Europe/Berlin").read_bytes())
    elif link is not None:
        (root / "etc/localtime").symlink_to(link)
    path = root / "etc/timezone"
    if timezone == "folder":
        path.mkdir()
    elif isinstance(timezone, bytes):
        path.write_bytes(timezone)
    elif timezone is not None:
        path.write_text(timezone, encoding="ascii")
    if other is not None:
        (root / other).parent.mkdir(parents=True, exist_ok=True)
        (root / other).write_text('ZONE="Asia/Tokyo"\n', encoding="ascii")


def tzlocal_says(root: Path) -> tuple[str, Any]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return "name", tzlocal.unix._get_localzone_name(_root=str(root))
        except Exception as exc:
            return "raised", type(exc)


@pytest.fixture(autouse=True)
def _no_tz(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TZ", raising=False)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sampled_from(LINKS), st.sampled_from(TIMEZONE_FILES), st.sampled_from(OTHERS))
@example(str(ZONES / "Europe/Berlin"), None, None)
@example(str(ZONES / "Etc/UTC"), "Etc/UTC\n", None)
def test_a_plain_answer_is_tzlocals(
    tmp_path_factory: pytest.TempPathFactory, link: str | None, timezone: Any, other: str | None
) -> None:
    root = tmp_path_factory.mktemp("root")
    lay_out(root, link, timezone, other)
    plain = system_zone.plain_name(str(root))
    if plain != UNSURE:
        assert tzlocal_says(root) == ("name", plain)


@pytest.mark.parametrize(
    ("link", "timezone", "expected"),
    [
        (str(ZONES / "Europe/Berlin"), None, "Europe/Berlin"),  # systemd, macOS
        (str(ZONES / "Etc/UTC"), "Etc/UTC\n", "Etc/UTC"),  # Debian, Ubuntu
        (str(ZONES / "America/Argentina/Buenos_Aires"), None, "America/Argentina/Buenos_Aires"),
        (None, "Asia/Tokyo\n", "Asia/Tokyo"),
        (None, None, None),  # nothing set: tzlocal finds none either
    ],
)
def test_the_usual_systems_are_read_without_tzlocal(
    tmp_path: Path, link: str | None, timezone: str | None, expected: str | None
) -> None:
    lay_out(tmp_path, link, timezone, None)
    assert system_zone.plain_name(str(tmp_path)) == expected
    assert tzlocal_says(tmp_path) == ("name", expected)


@pytest.mark.parametrize(
    ("link", "timezone", "other"),
    [
        (str(ZONES / "Europe/Berlin"), "Asia/Tokyo\n", None),  # they disagree
        (str(ZONES / "Europe/Berlin"), None, "etc/sysconfig/clock"),
        (str(ZONES / "zone.tab"), None, None),
        (None, "Europe/Berlin # comment\n", None),
    ],
)
def test_what_is_not_plain_is_left_to_tzlocal(
    tmp_path: Path, link: str | None, timezone: str | None, other: str | None
) -> None:
    lay_out(tmp_path, link, timezone, other)
    assert system_zone.plain_name(str(tmp_path)) == UNSURE


def test_a_tz_variable_is_left_to_tzlocal(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    lay_out(tmp_path, str(ZONES / "Europe/Berlin"), None, None)
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    assert system_zone.plain_name(str(tmp_path)) == UNSURE


def test_the_system_zone_is_read_without_importing_tzlocal(tmp_path: Path) -> None:
    """On this machine (a link, and /etc/timezone naming the same zone, or either alone),
    a command with no zone configured imports no tzlocal."""
    import subprocess
    import sys

    probe = (
        "import sys; from mentorlog.config import user_zone; "
        "zone, source = user_zone({}); print(zone.key, source, 'tzlocal' in sys.modules)"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("TZ", "MENTORLOG_TZ")}
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    key, source, imported = done.stdout.split()
    if system_zone.plain_name() == UNSURE:
        pytest.skip("this machine's zone is not plain: tzlocal reads it")
    assert (source, imported) == ("system", "False")
    assert key == tzlocal_says(Path("/"))[1]
