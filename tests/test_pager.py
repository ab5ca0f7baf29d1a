"""Long output through a pager at a terminal, never when piped; a reader that quits early
(`| head`) is no error. Real processes: a pseudo-terminal for stdout, a real pipe."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import Run
from terminal import CLI, at_a_terminal

pytestmark = pytest.mark.slow

# A pager that says it ran, with the LESS it was given, then copies what it reads.
FAKE_PAGER = """\
import os, sys
sys.stdout.write(f"[paged LESS={os.environ.get('LESS')}]\\n")
sys.stdout.write(sys.stdin.read())
sys.stdout.write("[pager done]\\n")
"""


@pytest.fixture
def journal(run: Run) -> None:
    for n in range(30):
        run.ok("goal", "add", f"Goal number {n}")
    run.ok("note", "add", " ".join(["word"] * 3000))


@pytest.fixture
def fake_pager(tmp_path: Path) -> str:
    script = tmp_path / "pager.py"
    script.write_text(FAKE_PAGER)
    return f"{sys.executable} {script}"


def test_a_terminal_pages_through_mentorlog_pager(journal: None, fake_pager: str) -> None:
    code, out = at_a_terminal(
        ["goal", "list"], {"MENTORLOG_PAGER": fake_pager, "PAGER": "false", "COLUMNS": "80"}
    )
    assert code == 0
    assert out.startswith("[paged LESS=FRX]\n")
    assert "Goal number 29" in out
    assert out.endswith("[pager done]\n")  # mentorlog waited for its pager to end


def test_pager_falls_back_to_pager_and_keeps_less_settings(journal: None, fake_pager: str) -> None:
    code, out = at_a_terminal(["goal", "list"], {"PAGER": fake_pager, "LESS": "S"})
    assert code == 0
    assert out.startswith("[paged LESS=S]\n")


def test_no_pager_and_an_empty_pager_print_straight(journal: None, fake_pager: str) -> None:
    for args, env in (
        (["--no-pager", "goal", "list"], {"MENTORLOG_PAGER": fake_pager}),
        (["goal", "list"], {"MENTORLOG_PAGER": "", "PAGER": fake_pager}),
        (["goal", "list"], {"MENTORLOG_PAGER": "cat"}),
    ):
        code, out = at_a_terminal(args, env)
        assert code == 0
        assert "[paged" not in out
        assert "Goal number 29" in out


def test_piped_output_never_pages(journal: None, fake_pager: str) -> None:
    result = subprocess.run(
        [*CLI, "goal", "list"],
        capture_output=True,
        text=True,
        env={**os.environ, "MENTORLOG_PAGER": fake_pager},
    )
    assert result.returncode == 0
    assert "[paged" not in result.stdout
    assert "Goal number 29" in result.stdout


@pytest.mark.parametrize(
    "args",
    [
        ["note", "show", "1"],
        ["goal", "list"],
        ["goal", "list", "--json"],
        ["export", "md"],
        ["status"],
    ],
)
def test_a_reader_gone_is_no_error(journal: None, args: list[str]) -> None:
    """`mentorlog note show 1 | head -1`, with the reader gone before the first write (as it
    may be, at any write): exit 0 and no message."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        result = subprocess.run([*CLI, *args], stdout=write_end, stderr=subprocess.PIPE)
    finally:
        os.close(write_end)
    assert result.returncode == 0
    assert result.stderr == b""


def test_head_reads_the_first_line(journal: None) -> None:
    reader = subprocess.Popen(["head", "-n", "1"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    assert reader.stdin is not None
    writer = subprocess.Popen([*CLI, "goal", "list"], stdout=reader.stdin, stderr=subprocess.PIPE)
    reader.stdin.close()
    assert reader.stdout is not None
    first = reader.stdout.read()
    assert reader.wait() == 0
    _, err = writer.communicate()
    assert first.decode().split() == ["ID", "Goal", "Progress", "Due"]
    assert writer.returncode == 0
    assert err == b""
