"""The hostile-input checks only a real process can make. The sweeps beside this file
(test_hostile*.py) run the same CLI in the test process, which is 20 times faster; these few
run `python -m mentorlog` for what the test process cannot stand in for:

- bytes that are not UTF-8 on a real command line: the interpreter decodes argv itself, and
  the sweeps copy what it does (os.fsdecode); these prove the copy right;
- an argument as long as Linux passes one (MAX_ARG_STRLEN is 128 KiB): only exec has a limit;
- colour chosen from a real process's environment (FORCE_COLOR, TERM) and streams (pipes,
  not the test's buffers), over titles holding escape sequences;
- a journal edited by hand, read through the console script's own start and exit (`main`
  flushes the output itself and skips the interpreter's teardown).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from faultkit import Mentorlog, Process, assert_one_error_line, write_journal
from hostile import COLOUR, ESCAPES, assert_harmless, copy_of, rec, seeded_home

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return seeded_home(tmp_path_factory)


@pytest.fixture
def child(isolated_env: Path, seeded: Path) -> Process:
    """A child process's mentorlog on a seeded journal of its own."""
    return Process(copy_of(seeded, isolated_env).home)


@pytest.mark.parametrize("value", [b"caf\xe9", b"ok \xff\xfe", b"\xed\xa0\x80"])
def test_bytes_that_are_not_utf8_in_a_real_argv_are_refused(child: Process, value: bytes) -> None:
    before = child.journal_bytes()
    done = child.fails(2, "note", "add", value)
    assert done.err == (
        "Error: The note contains bytes that are not valid UTF-8; retype it or check "
        "your terminal's encoding.\n"
    )
    assert child.journal_bytes() == before
    # what the in-process sweeps pass for the same bytes gets the same answer
    assert Mentorlog(child.home)("note", "add", value) == done


HUGE = "x" * 120_000  # the longest argument exec takes is 131,072 bytes, NUL included


@pytest.mark.parametrize(
    "args",
    [
        ["goal", "add", "t", "--due", HUGE],
        ["person", "add", HUGE, "--name", "N", "--role", "peer", "--tz", "UTC"],
        ["note", "add", HUGE],
    ],
    ids=["a date", "a handle", "free text"],
)
def test_the_longest_argument_exec_passes_is_refused_in_a_short_sentence(
    child: Process, args: list[str]
) -> None:
    before = child.journal_bytes()
    done = child(*args)
    assert_one_error_line(done)
    assert done.out == ""
    assert len(done.err) < 400, f"{len(done.err):,} characters on stderr"
    assert child.journal_bytes() == before


def test_escapes_in_titles_stay_harmless_in_a_real_process_in_colour(child: Process) -> None:
    child.ok("goal", "add", f"Goal{ESCAPES}", "--why", f"Why{ESCAPES}", "--with", "bob")
    child.ok("note", "add", f"Note{ESCAPES}", "--with", "bob")
    commands = [["status"], ["goal", "show", "2"], ["goal", "list"], ["note", "list"]]
    for colour in (False, True):
        for done in child.many(commands, env=COLOUR if colour else None):
            assert_harmless(done, colour=colour)
    coloured = child.ok("goal", "list", env=COLOUR).out
    assert "\x1b[" in coloured, "FORCE_COLOR in the environment gives colour"
    assert "Goal\\x1b[2J" in coloured


def test_a_journal_edited_by_hand_is_read_or_refused_by_the_console_script(
    child: Process,
) -> None:
    path = write_journal(
        child.home,
        {
            "people": {"1": rec(handle="bob", name=["B"], role=3, tz="UTC", hours=12)},
            "goals": {"1": rec(title=123, progress="50", due=20261201, history={"a": 1})},
            "meetings": {"1": rec(title=1, people="bob", start=123, tz="UTC", duration="x")},
        },
    )
    for done in child.many([["goal", "list", "--json"], ["person", "show", "bob"], ["report"]]):
        assert done.code == 0, str(done)
        assert "Traceback" not in done.err, str(done)
    write_journal(child.home, {"goals": {"1": "a goal as a string"}})
    done = child.fails(5, "goal", "list")
    assert done.err.startswith(f"Error: The journal {path} is damaged"), str(done)
