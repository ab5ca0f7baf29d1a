"""`share add`, `share list`, `share remove` against a real Radicale: the URL is checked
before anything is saved; every fault is one sentence, exit 11, nothing changed."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import keyring
import pytest

from conftest import Run
from dav_server import USERS, DavServer, free_port
from mentorlog.errors import InvalidInput, NotFound, ShareFailed
from mentorlog.share.links import KEYRING_SERVICE, PASSWORD_ENV

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("share_keyring")]


@pytest.fixture
def home(run: Run, isolated_env: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    run.ok("person", "add", "ana", "--name", "Ana Ruiz", "--role", "mentor", "--tz", "UTC")
    monkeypatch.setenv(PASSWORD_ENV, USERS["mentee"])
    return isolated_env


def config_text(home: Path) -> str:
    path = home / "config.toml"
    return path.read_text() if path.exists() else ""


def test_add_checks_the_calendar_then_keeps_the_link_without_the_password(
    run: Run, home: Path, calendar_url: str
) -> None:
    done = run.ok("share", "add", "ana", "--url", calendar_url, "--user", "mentee")
    assert "Sharing with ana through" in done.stderr
    text = config_text(home)
    assert "[share.ana]" in text
    assert calendar_url in text
    assert USERS["mentee"] not in text
    assert "Note:" not in done.stderr  # the calendar holds every component
    listed = run.json("share", "list")
    assert listed == [
        {
            "handle": "ana",
            "url": calendar_url,
            "user": "mentee",
            "last_sync": None,
            "conflicts": [],
        }
    ]
    assert calendar_url in run.ok("share", "list").stdout


def test_remove_forgets_the_link_the_state_and_the_keyring_entry(
    run: Run, home: Path, calendar_url: str
) -> None:
    run.ok("share", "add", "ana", "--url", calendar_url, "--user", "mentee")
    keyring.set_password(KEYRING_SERVICE, f"mentee@{calendar_url}", "kept")
    run.ok("share", "remove", "ana")
    assert run.json("share", "list") == []
    assert "share" not in config_text(home)
    assert keyring.get_password(KEYRING_SERVICE, f"mentee@{calendar_url}") is None
    failed = run.fails(NotFound.exit_code, "share", "remove", "ana")
    assert "Nothing is shared with 'ana' yet" in failed.stderr


def test_the_password_comes_from_the_keyring_when_nothing_else_gives_one(
    run: Run, home: Path, calendar_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(PASSWORD_ENV)
    keyring.set_password(KEYRING_SERVICE, f"mentee@{calendar_url}", USERS["mentee"])
    run.ok("share", "add", "ana", "--url", calendar_url, "--user", "mentee")
    keyring.set_password(KEYRING_SERVICE, f"mentee@{calendar_url}", "wrong")
    failed = run.fails(ShareFailed.exit_code, "share", "sync", "ana")
    assert "refused the user 'mentee' and the password (401)" in failed.stderr


def test_the_password_command_is_run_and_its_failure_is_one_sentence(
    run: Run, home: Path, calendar_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv(PASSWORD_ENV)
    script = tmp_path / "pw.py"
    script.write_text(f"print({USERS['mentee']!r})\n")
    command = f"{sys.executable} {script}"
    run.ok("share", "add", "ana", "--url", calendar_url, "--user", "mentee",
           "--password-command", command)  # fmt: skip
    assert command in config_text(home)
    script.write_text("raise SystemExit(3)\n")
    failed = run.fails(ShareFailed.exit_code, "share", "sync")
    assert "exited with status 3" in failed.stderr


@pytest.mark.parametrize(
    ("user", "password", "said"),
    [
        ("mentee", "wrong", "refused the user 'mentee' and the password (401); check the user"),
        ("outsider", USERS["outsider"], "does not let the user 'outsider' read"),
    ],
)
def test_a_refused_login_is_exit_11_and_nothing_is_saved(
    run: Run,
    home: Path,
    calendar_url: str,
    monkeypatch: pytest.MonkeyPatch,
    user: str,
    password: str,
    said: str,
) -> None:
    monkeypatch.setenv(PASSWORD_ENV, password)
    failed = run.fails(
        ShareFailed.exit_code, "share", "add", "ana", "--url", calendar_url, "--user", user
    )
    assert said in failed.stderr
    assert config_text(home) == ""


def test_a_url_that_is_not_a_calendar_is_refused(
    run: Run, home: Path, dav_server: DavServer, calendar_url: str
) -> None:
    for url in (dav_server.url("shared"), dav_server.url("shared/no-such-calendar")):
        failed = run.fails(
            ShareFailed.exit_code, "share", "add", "ana", "--url", url, "--user", "mentee"
        )
        assert f"{url} is not a CalDAV calendar collection" in failed.stderr
    assert config_text(home) == ""


def test_an_unreachable_server_is_one_sentence(run: Run, home: Path) -> None:
    url = f"http://127.0.0.1:{free_port()}/shared/cal/"
    failed = run.fails(
        ShareFailed.exit_code, "share", "add", "ana", "--url", url, "--user", "mentee"
    )
    assert f"Cannot reach the CalDAV server at {url} (connection refused)" in failed.stderr
    assert config_text(home) == ""


def test_without_the_share_extra_sharing_says_what_to_install(
    run: Run, home: Path, calendar_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """caldav is the `share` extra: where it is not installed, `share add` and `share sync`
    say how to install it (exit 11) and save nothing."""
    for name in [m for m in sys.modules if m == "caldav" or m.startswith("caldav.")]:
        monkeypatch.delitem(sys.modules, name)
    for name in ("caldav", "caldav.collection", "caldav.davclient"):
        monkeypatch.setitem(sys.modules, name, None)  # `import` raises ImportError
    failed = run.fails(
        ShareFailed.exit_code, "share", "add", "ana", "--url", calendar_url, "--user", "mentee"
    )
    assert "pip install 'mentorlog[share]'" in failed.stderr
    assert config_text(home) == ""


@pytest.mark.parametrize(
    "url", ["ftp://dav.example.org/cal/", "dav.example.org/cal", "https://me:pw@dav.example.org/"]
)
def test_a_bad_url_is_bad_input(run: Run, home: Path, url: str) -> None:
    run.fails(InvalidInput.exit_code, "share", "add", "ana", "--url", url)
    assert config_text(home) == ""


def test_sharing_needs_a_known_person(run: Run, home: Path, calendar_url: str) -> None:
    failed = run.fails(NotFound.exit_code, "share", "add", "zoe", "--url", calendar_url)
    assert "zoe" in failed.stderr
    run.fails(NotFound.exit_code, "share", "sync")


def test_a_calendar_without_tasks_or_journals_names_what_is_not_shared(
    run: Run, home: Path, dav_server: DavServer, request: Any
) -> None:
    url = dav_server.make_calendar("shared/events-only-links", components=("VEVENT",))
    done = run.ok("share", "add", "ana", "--url", url, "--user", "mentee")
    assert "This calendar holds no VTODO: actions, talking points and goals are not shared." in (
        done.stderr
    )
    assert "This calendar holds no VJOURNAL: milestones and notes are not shared." in done.stderr
