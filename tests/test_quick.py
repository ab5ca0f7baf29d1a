"""The quick path (cli/entry.py, cli/quick.py) does exactly what the Typer path does.

For command lines drawn from each quick command's own spec, valid and not (unknown options,
bad and missing values, --help, --, options given twice, `--opt=value`, root options before
the command and after it), running `mentorlog` as the installed program starts it and
running the Typer app give the same stdout, stderr, exit code, journal and written files.
The spec itself must be the one the Typer tree gives today.
"""

from __future__ import annotations

import errno
import itertools
import json
import shutil
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from conftest import Builder, build_once
from inprocess import invoke, invoke_entry
from mentorlog.cli import quick, quick_gen
from mentorlog.cli.quick_spec import COMMANDS, ROOT
from profiles import examples

HOME = "{home}"  # stands for the test's home in a drawn command line
OUT = "{out}"  # a folder for --out files, emptied before each run


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_once(tmp_path_factory, write_journal).home


def write_journal(run: Builder) -> None:
    run.ok("config", "set", "name", "Sam Rivera")
    run.ok("person", "add", "alice", "--name", "Alice Chen", "--role", "mentor", "--tz",
           "Asia/Tokyo")  # fmt: skip
    run.ok("person", "add", "bo", "--name", "Bo Lindqvist", "--role", "mentee", "--tz", "UTC")
    run.ok("meeting", "add", "--with", "alice", "--at", "2026-11-17 09:00", "--every", "weekly")
    run.ok("meeting", "done", "1")
    run.ok("meeting", "add", "--with", "bo", "--at", "2026-11-23 15:00")
    run.ok("goal", "add", "Give a conference talk", "--with", "alice", "--due", "2027-01-30",
           "--tag", "speaking")  # fmt: skip
    run.ok("goal", "add", "Learn Rust", "--due", "fri")
    run.ok("goal", "add", "Read SICP")
    run.ok("goal", "done", "3")
    run.ok("topic", "add", "Ask about the talk", "--with", "alice")
    run.ok("action", "add", "Send the abstract", "--with", "alice", "--due", "mon")
    run.ok("note", "add", "Talk went well", "--with", "alice")


class Place:
    """The test's home and --out folder, put back as built before each run."""

    def __init__(self, built: Path, home: Path) -> None:
        self.built, self.home, self.out = built, home, home.parent / "out"

    def reset(self) -> None:
        shutil.rmtree(self.home, ignore_errors=True)
        shutil.copytree(self.built, self.home, symlinks=True)
        shutil.rmtree(self.out, ignore_errors=True)
        self.out.mkdir()
        (self.out / "exists.md").write_text("old\n")

    def argv(self, line: list[str]) -> list[str]:
        return [t.replace(HOME, str(self.home)).replace(OUT, str(self.out)) for t in line]

    def files(self) -> dict[str, bytes]:
        """The journal and every file under --out's folder (a home made there too: its
        indexes without the identity of the file each describes, its inode and times)."""
        found = {"journal": (self.home / "journal.json").read_bytes()}
        for path in sorted(self.out.rglob("*")):
            found[str(path.relative_to(self.out))] = _content(path)
        return found


def _content(path: Path) -> bytes:
    if not path.is_file():
        return b""
    if path.name not in (".journal.index", ".snapshots.index"):
        return path.read_bytes()
    index = json.loads(path.read_bytes())
    index.pop("journal", None)
    for entry in index.get("snapshots", {}).values():
        entry.pop("file", None)
    return json.dumps(index, sort_keys=True).encode()


@pytest.fixture
def place(built: Path, isolated_env: Path) -> Place:
    return Place(built, isolated_env)


@pytest.fixture(autouse=True)
def counted_uids(monkeypatch: pytest.MonkeyPatch) -> None:
    """uuid4 as it was after the test: `both` makes it count from 1 again before each run,
    so that both paths write the same journal."""
    monkeypatch.setattr(uuid, "uuid4", uuid.uuid4)


def both(place: Place, line: list[str]) -> tuple[Any, Any]:
    """What the installed program (quick or not) and the Typer app do with `line`."""
    argv = place.argv(line)
    outcomes = []
    for run in (invoke_entry, invoke):
        place.reset()
        uuid.uuid4 = _counting()  # type: ignore[assignment]
        # Run in the --out folder: a relative --out (or one drawn as arbitrary text) is
        # written there and compared, never into the folder the tests run from.
        result = run(argv, cwd=place.out)
        outcomes.append((result.exit_code, result.stdout_bytes, result.stderr_bytes, place.files()))
    return outcomes[0], outcomes[1]


def _counting() -> Any:
    counter = itertools.count(1)
    return lambda: uuid.UUID(int=next(counter))


def assert_same(place: Place, line: list[str]) -> None:
    fast, plain = both(place, line)
    assert fast[0] == plain[0], (line, fast[2], plain[2])
    assert fast[1] == plain[1], line
    assert fast[2] == plain[2], line
    assert fast[3] == plain[3], line


# Values worth trying for each parameter, beside arbitrary text.
VALUES: dict[str, list[str]] = {
    "with_": ["alice", "bo", "Alice", "nobody", ""],
    "status": ["active", "done", "dropped", "all", " ALL ", "bogus"],
    "tag": ["speaking", "none"],
    "from_": ["2026-11-01", "mon", "in 3 days", "32/13/2026"],
    "to": ["2026-12-31", "yesterday", "2026-11-02", "never"],
    "since": ["2026-11-01", "30 days ago", "tomorrow", "soon"],
    "until": ["2026-11-30", "yesterday", "2026-01-01", "later"],
    "format_": ["md", "json", "text", "JSON", "pdf"],
    "types": ["goal", "meeting", "goal,topic", "note", "bogus"],
    "out": [f"{OUT}/new.md", f"{OUT}/exists.md", OUT, f"{OUT}/missing/x.md"],
    "meeting_id": ["1", "2", "99", "0", "x", "+1", " 1", "01", "1_0", "\u0663", "9" * 30],
    "query": ["talk", "Rust", "nothing-here", '"conference talk"', "cafe"],
    "title": ["Ship it", "x" * 300, "\x1b[31mred"],
    "why": ["Because", ""],
    "due": ["fri", "2027-01-01", "32/13/2026", "none"],
    "include": ["actions", "goals", "actions,goals", "goals, actions", "bogus", ""],
    "alarm": ["15m", "0", "none", "1h", "2 days", "-5m", "soon"],
}
NOISE = [
    ["--bogus"], ["-z"], ["--help"], ["-h"], ["--"], ["--json=yes"], ["-wa"], ["-walice"],
    ["--with=alice"], ["--home", HOME], ["--no-pager"], ["-"], ["--version"], ["stray"],
]  # fmt: skip


def values(dest: str) -> st.SearchStrategy[str]:
    text = st.text(st.characters(blacklist_characters="\x00"), max_size=12)
    return st.one_of(st.sampled_from(VALUES.get(dest, ["x"])), text)


@st.composite
def command_lines(draw: st.DrawFn) -> list[str]:
    """A command line for a quick command: most of them as it takes them, the others
    spoilt (an option twice, an argument too many or too few, noise, a value missing)."""
    path = draw(st.sampled_from(sorted(quick.BODIES)))
    spec = COMMANDS[" ".join(path)]
    spoilt = draw(st.integers(0, 2)) == 0
    pieces: list[list[str]] = []
    for spelling, (dest, kind, multiple, _) in spec["options"].items():
        times = [0, 0, 1, 1, 2] if spoilt or multiple else [0, 0, 1]
        for _ in range(draw(st.sampled_from(times))):
            if kind == "flag":
                pieces.append([spelling])
            elif spelling.startswith("--") and draw(st.booleans()):
                pieces.append([f"{spelling}={draw(values(dest))}"])
            else:
                pieces.append([spelling, draw(values(dest))])
    for dest, _, nargs, required in spec["arguments"]:
        counts = [1] if nargs == 1 and required else [0, 1] if nargs == 1 else [1, 2, 3]
        count = draw(st.sampled_from([*counts, 0, max(counts) + 1] if spoilt else counts))
        pieces += [[draw(values(dest))] for _ in range(count)]
    if spoilt:
        pieces += draw(st.lists(st.sampled_from(NOISE), max_size=2))
    pieces = draw(st.permutations(pieces))
    if spoilt and spec["options"] and draw(st.booleans()):  # a value missing at the end
        pieces.append([draw(st.sampled_from(list(spec["options"])))])
    homes = [["--home", HOME], [f"--home={HOME}"], ["--no-pager"], ["--home", f"{OUT}/new"]]
    if spoilt:
        homes.append(["--home", f"{HOME}/journal.json"])
    root = draw(st.lists(st.sampled_from(homes), max_size=2))
    return [*itertools.chain(*root), *path, *itertools.chain(*pieces)]


@settings(
    max_examples=examples(300),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(line=command_lines())
@example(line=["goal", "list", "--status", "all", "-w", "alice"])
@example(line=["--home", HOME, "--no-pager", "search", "talk", "--type=goal", "--type", "note"])
@example(line=["agenda", "1", "--format", "json", "--out", f"{OUT}/a.json"])
@example(line=["goal", "add", "Ship it", "-t", "a", "--tag", "b", "--due", "fri"])
@example(line=["--home", f"{OUT}/new", "goal", "add", "Ship it"])  # a new home under --out
def test_the_quick_path_does_what_the_typer_path_does(place: Place, line: list[str]) -> None:
    assert_same(place, line)


# Command lines the quick path must take (and do as Typer does), and ones it must not.
TAKEN = [
    [],
    ["--home", HOME],
    ["status"],
    ["--no-pager", "status", "--json"],
    ["goal", "list"],
    ["goal", "list", "-s", "all", "--with=alice", "--tag", "speaking", "--json"],
    ["goal", "list", "--status", "bogus"],  # our own error, from the body
    ["goal", "add", "A new goal", "--due", "fri", "-t", "x", "-t", "y", "--with", "alice"],
    ["goal", "add", "Bad date", "--due", "32/13/2026"],
    ["action", "list", "-a", "-w", "alice"],
    ["meeting", "list", "--past"],
    ["meeting", "list", "--from", "2026-11-01", "--to", "2026-12-31"],
    ["meeting", "list", "--upcoming", "--past"],
    ["person", "list", "--all"],
    ["topic", "list", "--with", "alice"],
    ["agenda"],
    ["agenda", "1", "--format", "text"],
    ["agenda", "--with", "bo", "--save"],
    ["agenda", "99"],
    ["agenda", "--out", f"{OUT}/agenda.md"],
    ["search", "talk"],
    ["search", "conference", "talk", "--type", "goal", "--json"],
    ["report", "--since", "2026-09-01", "--out", f"{OUT}/r.md"],
    ["report", "--format", "pdf"],
    ["export", "json"],
    ["export", "md", "--include-private"],
    ["export", "md", "--out", OUT],
    ["export", "ics"],
    ["export", "ics", "--with", "alice", "--include", "actions,goals", "--alarm", "1h"],
    ["export", "ics", "--from", "2026-11-01", "--to", "2026-11-30", "--attendees"],
    ["export", "ics", "--with", "nobody"],
    ["export", "ics", "--alarm", "soon"],
    ["export", "ics", "-i", "actions", "-i", "goals", "--out", f"{OUT}/m.ics"],
    ["undo"],
    ["undo", "--json"],
    ["undo", "--list"],
    ["undo", "-l", "-n", "2", "--json"],
    ["undo", "--list", "--last", "0"],  # our own error, from the body
    ["undo", "--last", "3"],  # --last without --list: our own error
]
REFUSED = [
    ["--help"],
    ["undo", "--list", "-n", "-1"],  # a value only click reads: Typer's path says what it says
    ["goal", "list", "--help"],
    ["goal", "list", "-h"],
    ["goal", "list", "--", "x"],
    ["goal", "list", "--bogus"],
    ["goal", "list", "--with"],
    ["goal", "list", "--with", "-x"],
    ["goal", "list", "--json=1"],
    ["goal", "list", "-walice"],
    ["goal", "list", "--status", "all", "--status", "done"],
    ["goal", "list", "extra"],
    ["goal", "list", "--home", HOME],
    ["goal"],
    ["goal", "show", "1"],
    ["--home", f"{HOME}/journal.json", "goal", "list"],
    ["--version"],
    ["agenda", "+1"],
    ["agenda", "1", "2"],
    ["search"],
    ["--home", f"{OUT}/exists.md", "status"],
]


@pytest.mark.parametrize("line", TAKEN, ids=lambda line: " ".join(line) or "(bare)")
def test_the_quick_path_takes_the_commands_it_knows(place: Place, line: list[str]) -> None:
    place.reset()
    assert quick.plan(place.argv(line)) is not None
    assert_same(place, line)


@pytest.mark.parametrize("line", REFUSED, ids=" ".join)
def test_what_the_quick_path_is_unsure_of_goes_to_typer(place: Place, line: list[str]) -> None:
    place.reset()
    assert quick.plan(place.argv(line)) is None
    assert_same(place, line)


def test_shell_completion_goes_to_typer(place: Place, monkeypatch: pytest.MonkeyPatch) -> None:
    assert quick.plan(["goal", "list"]) is not None
    monkeypatch.setenv("_MENTORLOG_COMPLETE", "complete_bash")
    assert quick.plan(["goal", "list"]) is None
    monkeypatch.delenv("_MENTORLOG_COMPLETE")
    monkeypatch.setenv("_TYPER_COMPLETE_ARGS", "mentorlog goal ")
    assert quick.plan(["goal", "list"]) is None


@pytest.mark.parametrize(
    "failure",
    [
        "conflict", "interrupt", "broken pipe", "unexpected", "unexpected os error",
    ],
)  # fmt: skip
def test_failures_end_as_on_the_typer_path(
    place: Place, monkeypatch: pytest.MonkeyPatch, failure: str
) -> None:
    from mentorlog.errors import Conflict
    from mentorlog.services import goal_rows

    raised: dict[str, BaseException] = {
        "conflict": Conflict("Something clashes."),
        "interrupt": KeyboardInterrupt(),
        "broken pipe": BrokenPipeError(errno.EPIPE, "Broken pipe"),
        "unexpected": ZeroDivisionError("division by zero"),
        "unexpected os error": PermissionError(errno.EACCES, "Permission denied"),
    }

    def fail(*args: object, **kwargs: object) -> None:
        raise raised[failure]

    monkeypatch.setattr(goal_rows, "listed_rows", fail)
    fast, plain = both(place, ["goal", "list"])
    assert fast == plain
    assert fast[0] == {"conflict": 4, "interrupt": 130, "broken pipe": 0}.get(failure, 1)


def test_with_debug_an_unexpected_error_is_raised_on_both_paths(
    place: Place, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mentorlog.services import goal_rows

    def broken(*args: object, **kwargs: object) -> None:
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(goal_rows, "listed_rows", broken)
    monkeypatch.setenv("MENTORLOG_DEBUG", "1")
    place.reset()
    with pytest.raises(ZeroDivisionError):
        invoke_entry(["goal", "list"])
    with pytest.raises(ZeroDivisionError):
        invoke(["goal", "list"])


def test_the_spec_is_what_the_typer_tree_says() -> None:
    written = Path(quick_gen.SPEC).read_text(encoding="utf-8")
    assert written == quick_gen.render(), (
        "cli/quick_spec.py is stale: run `python -m mentorlog.cli.quick_gen`"
    )


def test_the_spec_reads_every_quick_command_and_only_home_and_no_pager_at_the_root() -> None:
    assert set(COMMANDS) == {" ".join(path) for path in quick.BODIES}
    assert sorted(ROOT["options"]) == ["--home", "--no-pager"]
    assert COMMANDS["goal list"]["options"]["-s"] == ("status", "str", False, None)
    assert COMMANDS["search"]["arguments"] == (("query", "str", -1, True),)


# -- the installed program, in real processes -------------------------------------------

PROGRAM = Path(sys.executable).with_name("mentorlog")  # the console script
TYPER_PROGRAM = [sys.executable, "-c", "from mentorlog.cli.main import main; main()"]


def processes(*args: str) -> tuple[subprocess.CompletedProcess[bytes], ...]:
    """`mentorlog ARGS` run by the installed program and by the Typer path's own entry."""
    return tuple(
        subprocess.run([*program, *args], capture_output=True)
        for program in ([str(PROGRAM)], TYPER_PROGRAM)
    )


@pytest.mark.slow
@pytest.mark.parametrize(
    ("args", "code"),
    [
        (("goal", "list"), 0),  # quick
        (("goal", "show", "1"), 0),  # Typer's
        (("agenda", "99"), 3),  # quick, our error
        (("goal", "list", "--bogus"), 2),  # Typer's usage error
        (("goal", "add", "Ship it", "--due", "32/13/2026"), 2),  # quick, refused, unchanged
    ],
)
def test_the_installed_program_runs_both_paths(
    place: Place, args: tuple[str, ...], code: int
) -> None:
    assert PROGRAM.is_file(), "the console script is installed beside this Python"
    assert "mentorlog.cli.entry" in PROGRAM.read_text(), "reinstall it: pip install -e ."
    place.reset()
    before = place.files()
    fast, plain = processes(*args)
    assert (fast.returncode, fast.stdout, fast.stderr) == (plain.returncode, plain.stdout,
                                                          plain.stderr)  # fmt: skip
    assert fast.returncode == code, fast.stderr
    assert place.files() == before
    assert b"Traceback" not in fast.stderr


@pytest.mark.slow
def test_a_reader_that_goes_away_ends_a_quick_list_quietly(tmp_path: Path) -> None:
    """`mentorlog goal list | head -1` on 3,000 goals (more than a pipe holds): exit 0,
    nothing on stderr."""
    home = tmp_path / "big"
    generator = Path(__file__).parents[1] / "benchmarks" / "journal_gen.py"
    subprocess.run([sys.executable, str(generator), "3000", str(home), "--goals-only"],
                   check=True, capture_output=True)  # fmt: skip
    assert quick.plan(["--home", str(home), "goal", "list"]) is not None
    reader = subprocess.Popen(
        [str(PROGRAM), "--home", str(home), "goal", "list"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert reader.stdout is not None
    assert reader.stderr is not None
    assert reader.stdout.readline()  # the first row, then the reader goes
    reader.stdout.close()
    errors = reader.stderr.read()
    assert reader.wait() == 0
    assert errors == b""
