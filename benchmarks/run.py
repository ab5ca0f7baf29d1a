#!/usr/bin/env python3
"""mentorlog's benchmark suite: whole processes, timed next to a floor measured in the same run.

It builds journals of 100, 1,000, 10,000 and 100,000 records of realistic shape
(benchmarks/journal_gen.py), then times mentorlog's commands (COMMANDS: the lists, the
dashboards, the exports, `goal add`, and the imports of what the exports write) at each
size as whole processes, next to `python -c pass` and `python -c "import typer"` run by
the same interpreter, and next to each command's own floor (benchmarks/floor.py: a minimal
script reading the same journal and writing the same bytes). It prints each command's
median and its ratio to `import typer`, how the time grows from one size to the next, the
peak memory of each command, each over its own floor, and whether the targets are met.
With `--peers`, Taskwarrior, jrnl, todoman and khal are timed on equal work at the same
sizes, where they are installed (benchmarks/peers.py): `goal list` printing N rows against
`task list` printing N tasks, and so on (PEER_PAIRS).

    python benchmarks/run.py --quick          # 5 runs each, the main commands, a few minutes
    python benchmarks/run.py                  # 15 runs each, every command at every size
    apt-get install -y taskwarrior            # then, once: the peers from PyPI, and all
    python benchmarks/run.py --peers --install-peers

It measures the `mentorlog` next to the running Python (else the one on PATH), or the one
given with --mentorlog: install it normally (`pip install .`, not editable) to measure
what users get. It needs nothing but the standard library and a POSIX system.
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import journal_gen
import peers

SIZES = (100, 1_000, 10_000, 100_000)
QUICK_RUNS = 5
FULL_RUNS = 15
# Each command: its label and its arguments after `mentorlog`.
COMMANDS: dict[str, list[str]] = {
    "--help": ["--help"],
    "status": ["status"],
    "goal list": ["goal", "list"],
    "goal list --status all": ["goal", "list", "--status", "all"],
    "agenda": ["agenda"],
    "action list": ["action", "list"],
    "meeting list": ["meeting", "list"],
    "meeting list --past": ["meeting", "list", "--past"],
    "person list": ["person", "list"],
    "report": ["report"],
    "search": ["search", journal_gen.SEARCH_WORD],
    "export ics": ["export", "ics"],
    "export md": ["export", "md"],
    "export json": ["export", "json"],
    "goal add": ["goal", "add", "Run the benchmark again"],
    # Right after `goal add`, so that each round undoes the goal it added (the journal
    # stays the same size from round to round).
    "undo": ["undo"],
    "import ics": ["import", "ics"],
    "import json": ["import", "json"],
}
# The writing commands: timed after the reading ones, so that those see the journal as built.
WRITING = ("goal add", "undo", "import ics", "import json")
# The imports read a file exported from the journal of their size (`export ics`: its
# meetings, 1,000 at 10,000 records; `export json`: all its records) into an empty journal,
# made afresh before each run. They run up to IMPORT_MAX_SIZE records.
IMPORTS = {"import ics": ["export", "ics"], "import json": ["export", "json"]}
IMPORT_MAX_SIZE = 10_000
# Commands whose own floor (benchmarks/floor.py: read and parse the journal, write the same
# bytes) is timed beside them; --help reads no journal, and the imports read another file.
OWN_FLOOR = "own floor: "
# --quick times only these at 100,000 records (the ones with targets there, and goal list),
# with fewer runs: each takes a second or more.
QUICK_LARGEST = ("status", "goal list", "goal add")
QUICK_COMMANDS = ("--help", "status", "goal list", "agenda", "goal add", "search", "export ics")
QUICK_LARGEST_RUNS = 3
FLOORS = {"python -c pass": ["-c", "pass"], "import typer": ["-c", "import typer"]}
# The floors are timed at every size, in turn with the commands, so that each ratio compares
# times taken in the same minutes, on a machine that may be busier in some than in others.
FLOOR_LABEL = "floor: import typer"
# Equal work, with --peers: each pair is (our command, theirs), printing as many rows, or
# doing the same change, on as many records. `goal list, N rows` runs on a journal of N
# active goals (journal_gen.build_goals), as `task list` prints N pending tasks.
ROWS = "goal list, N rows"
ROWS_JSON = "goal list --json, N rows"
PEER_PAIRS: tuple[tuple[str, str], ...] = (
    (ROWS, "task list"),
    (ROWS_JSON, "task list"),
    ("search", "task /talk/ list"),
    ("goal add", "task add"),
    ("search", "jrnl -contains talk"),
    ("goal add", "jrnl add"),
    ("status", "jrnl -n 10"),
    ("action list", "todo list"),
    ("meeting list", "khal list"),
)
PEER_MAX_SIZE = 10_000
TIMEOUT = 600.0


@dataclass
class Sample:
    """The runs of one command at one size: seconds, and peak memory in bytes."""

    seconds: list[float] = field(default_factory=list)
    peak: list[int] = field(default_factory=list)
    failed: str | None = None

    @property
    def median(self) -> float | None:
        return statistics.median(self.seconds) if self.seconds and not self.failed else None

    @property
    def peak_median(self) -> int | None:
        return int(statistics.median(self.peak)) if self.peak and not self.failed else None


@dataclass
class Results:
    floors: dict[str, Sample] = field(default_factory=dict)
    # size -> label -> sample, for mentorlog's commands and the peers' alike
    sizes: dict[int, dict[str, Sample]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def median(self, size: int, label: str) -> float | None:
        sample = self.sizes.get(size, {}).get(label)
        return sample.median if sample else None

    @property
    def typer(self) -> float | None:
        sample = self.floors.get("import typer")
        return sample.median if sample else None

    def typer_at(self, size: int) -> float | None:
        """The `import typer` floor timed among the commands at this size, else overall."""
        return self.median(size, FLOOR_LABEL) or self.typer


# -- running one process -------------------------------------------------------------------


def run_once(argv: Sequence[str], env: dict[str, str]) -> tuple[float, int, int]:
    """Run a process to its end with no input and its output discarded: (seconds, exit code,
    peak RSS in bytes, 0 where the system cannot tell)."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        argv,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    if hasattr(os, "wait4"):
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        # ru_maxrss is in kilobytes on Linux, in bytes on macOS.
        scale = 1 if sys.platform == "darwin" else 1024
        return elapsed, proc.returncode, usage.ru_maxrss * scale
    code = proc.wait(timeout=TIMEOUT)
    return time.perf_counter() - start, code, 0


def why_failed(argv: Sequence[str], env: dict[str, str]) -> str:
    done = subprocess.run(
        argv, env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=TIMEOUT
    )
    lines = (done.stderr or done.stdout).strip().splitlines()
    return f"exit {done.returncode}: {lines[-1] if lines else 'no output'}"


Job = tuple[list[str], dict[str, str]]
# What to do, untimed, before each run of a job (an import starts from an empty journal).
Prepare = dict[str, Callable[[], None]]


def time_round_robin(
    jobs: dict[str, Job], runs: int, progress: str, prepare: Prepare | None = None
) -> dict[str, Sample]:
    """Time each job `runs` times after one warm-up run, taking the jobs in turn on each
    round, so that a slow spell of the machine falls on all of them alike."""
    prepare = prepare or {}
    samples = {label: Sample() for label in jobs}
    for label, (argv, env) in jobs.items():
        if label in prepare:
            prepare[label]()
        _, code, _ = run_once(argv, env)
        if code != 0:
            if label in prepare:
                prepare[label]()
            samples[label].failed = why_failed(argv, env)
    for round_ in range(runs):
        _status(f"{progress}: run {round_ + 1} of {runs}")
        for label, (argv, env) in jobs.items():
            sample = samples[label]
            if sample.failed:
                continue
            if label in prepare:
                prepare[label]()
            seconds, code, peak = run_once(argv, env)
            if code != 0:
                sample.failed = why_failed(argv, env)
                continue
            sample.seconds.append(seconds)
            if peak:
                sample.peak.append(peak)
    _status("")
    return samples


def _status(text: str) -> None:
    if sys.stderr.isatty():
        sys.stderr.write(f"\r\033[K{text}")
        sys.stderr.flush()


# -- what to run ---------------------------------------------------------------------------


def find_mentorlog(given: str | None) -> Path:
    if given:
        path = Path(given)
        if not (path.is_file() and os.access(path, os.X_OK)):
            sys.exit(f"--mentorlog {given}: no such program.")
        return path.resolve()
    beside = Path(sys.executable).parent / "mentorlog"
    if beside.is_file():
        return beside
    found = shutil.which("mentorlog")
    if found is None:
        sys.exit(
            "No `mentorlog` next to this Python or on PATH; install it (pip install .) or "
            "give --mentorlog PATH."
        )
    return Path(found)


def interpreter_of(program: Path) -> str:
    """The Python a console script runs on (its #! line), for the floor; else this one."""
    with contextlib.suppress(OSError, UnicodeDecodeError):
        first = program.read_bytes()[:300].split(b"\n", 1)[0].decode()
        if first.startswith("#!"):
            candidate = first[2:].strip().split()[0]
            if Path(candidate).is_file() and "python" in Path(candidate).name:
                return candidate
    return sys.executable


def base_env(*, color: bool = False) -> dict[str, str]:
    """The environment of every timed process: a fixed clock, zone and width, no colour
    (or with `color`, colour as in a terminal, though the output still goes nowhere), and
    bytecode written as usual (PYTHONDONTWRITEBYTECODE would make an editable install
    recompile on every run)."""
    dropped = ("PYTHONDONTWRITEBYTECODE", "NO_COLOR", "FORCE_COLOR")
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("MENTORLOG_", "TASK", "XDG_")) and k not in dropped
    }
    env.update(
        MENTORLOG_NOW=journal_gen.NOW.isoformat(),
        MENTORLOG_TZ=journal_gen.USER_TZ,
        TZ="UTC",
        COLUMNS="100",
        LINES="50",
    )
    env.update({"FORCE_COLOR": "1", "TERM": "xterm-256color"} if color else {"NO_COLOR": "1"})
    return env


def journal_schema(python: str, env: dict[str, str]) -> int:
    """The journal schema the measured mentorlog writes (journals of an older one would be
    migrated in memory by every command)."""
    probe = "from mentorlog.store import SCHEMA; print(SCHEMA)"
    done = subprocess.run([python, "-c", probe], env=env, capture_output=True, text=True)
    text = done.stdout.strip()
    return int(text) if done.returncode == 0 and text.isdigit() else journal_gen.SCHEMA


def describe_machine(python: str, mentorlog: Path, env: dict[str, str]) -> list[str]:
    cpu = platform.processor() or platform.machine()
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    probe = (
        "import sys, importlib.metadata as m; "
        "print(sys.version.split()[0], m.version('typer'), m.version('mentorlog'))"
    )
    done = subprocess.run([python, "-c", probe], env=env, capture_output=True, text=True)
    versions = done.stdout.split() if done.returncode == 0 else ["?", "?", "?"]
    versions += ["?"] * (3 - len(versions))
    return [
        f"machine: {cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}",
        f"python {versions[0]} ({python}), typer {versions[1]}",
        f"mentorlog {versions[2]}: {mentorlog}",
    ]


# -- the benchmark -------------------------------------------------------------------------


def measure_size(
    size: int,
    mentorlog: Path,
    python: str,
    env: dict[str, str],
    work: Path,
    args: argparse.Namespace,
    results: Results,
) -> None:
    home = work / f"journal-{size}"
    if home.exists():
        shutil.rmtree(home)
    _status(f"{size:,} records: writing the journal")
    # In a process of its own: building 100,000 records takes this one to 400 MB, which
    # every command started afterwards would count as its own peak (a child's peak memory
    # includes the parent's pages it was forked with).
    generator = Path(journal_gen.__file__)
    subprocess.run(
        [sys.executable, str(generator), str(size), str(home), "--schema", str(args.schema)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    sized_env = env | {"MENTORLOG_HOME": str(home)}
    # Saved once by mentorlog itself, as every journal it has written: with its index, so
    # that reading commands parse only the tables they use (docs/performance.md).
    subprocess.run(
        [str(mentorlog), "goal", "add", "Set up the benchmark"],
        env=sized_env,
        check=False,  # a failing mentorlog is reported by the timed runs
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    largest = args.quick and size >= 100_000
    labels = [c for c in args.commands if not largest or c in QUICK_LARGEST]
    if size > IMPORT_MAX_SIZE:
        labels = [c for c in labels if c not in IMPORTS]
    runs = min(args.runs, QUICK_LARGEST_RUNS) if largest else args.runs
    skipped = [c for c in args.commands if c not in labels and c not in IMPORTS]
    if largest:
        left_out = f" and left out {', '.join(skipped)}" if skipped else ""
        results.notes.append(
            f"--quick took the median of {runs} runs at {size:,} records{left_out} (the full "
            "run times every command there)."
        )
    # Writing commands go last, so every reading command sees the journal as built.
    labels.sort(key=lambda label: label in WRITING)
    jobs = {f"floor: {label}": ([python, *argv], env) for label, argv in FLOORS.items()}
    prepare: Prepare = {}
    for label in labels:
        if label in IMPORTS:
            jobs[label], prepare[label] = import_job(label, size, mentorlog, sized_env, work)
            continue
        jobs[label] = ([str(mentorlog), *COMMANDS[label]], sized_env)
        if label != "--help":
            jobs[OWN_FLOOR + label] = own_floor(label, size, mentorlog, python, sized_env, work)
    if args.peers and size <= args.peer_max_size:
        jobs |= peer_jobs(size, mentorlog, env, work, args, results)
    timed = time_round_robin(jobs, runs, f"{size:,} records", prepare)
    results.sizes.setdefault(size, {}).update(timed)
    for label in FLOORS:
        pooled = results.floors.setdefault(label, Sample())
        floor = timed[f"floor: {label}"]
        pooled.seconds += floor.seconds
        pooled.failed = pooled.failed or floor.failed


def _slug(label: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in label).strip("-")


def own_floor(
    label: str, size: int, mentorlog: Path, python: str, env: dict[str, str], work: Path
) -> Job:
    """The floor of one command (benchmarks/floor.py): a minimal script reading the same
    journal and writing the same bytes, which the command is run once to capture."""
    output = work / f"output-{size}-{_slug(label)}.txt"
    with output.open("wb") as sink:
        subprocess.run(
            [str(mentorlog), *COMMANDS[label]],
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=sink,
            stderr=subprocess.DEVNULL,
            check=False,  # a failing command is reported by its timed runs
        )
    journal = Path(env["MENTORLOG_HOME"]) / "journal.json"
    writes = ["--write"] if label in WRITING else []
    floor = Path(__file__).with_name("floor.py")
    return [python, str(floor), str(journal), str(output), *writes], env


def import_job(
    label: str, size: int, mentorlog: Path, env: dict[str, str], work: Path
) -> tuple[Job, Callable[[], None]]:
    """An import of what `export ics` or `export json` writes of this size's journal into a
    journal made afresh (untimed) before each run: an empty one for the JSON dump (which is
    then restored), one holding only the person the invitations are imported with for the
    calendar (`import ics FILE --with alice`)."""
    kind = COMMANDS[label][1]
    source = work / f"export-{size}.{kind}"
    with source.open("wb") as sink:
        subprocess.run(
            [str(mentorlog), *IMPORTS[label]],
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=sink,
            stderr=subprocess.DEVNULL,
            check=False,
        )
    target = work / f"import-{size}-{kind}"
    template = work / f"import-{size}-{kind}-before"
    shutil.rmtree(template, ignore_errors=True)
    template.mkdir(mode=0o700, parents=True)
    extra: list[str] = []
    if kind == "ics":
        subprocess.run(
            [
                str(mentorlog),
                "person",
                "add",
                "alice",
                "--name",
                "Alice Example",
                "--role",
                "mentee",
                "--tz",
                journal_gen.USER_TZ,
            ],
            env=env | {"MENTORLOG_HOME": str(template)},
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=False,
        )
        extra = ["--with", "alice"]

    def fresh() -> None:
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(template, target)

    argv = [str(mentorlog), *COMMANDS[label], str(source), *extra]
    return (argv, env | {"MENTORLOG_HOME": str(target)}), fresh


def peer_jobs(
    size: int,
    mentorlog: Path,
    env: dict[str, str],
    work: Path,
    args: argparse.Namespace,
    results: Results,
) -> dict[str, Job]:
    """The peers' commands at this size, and our side of the equal rows (a journal of as many
    active goals as Taskwarrior has pending tasks), to be timed in turn with the rest."""
    folder = work / f"peers-{size}"
    home = work / f"journal-{size}"
    ready: list[peers.Peer] = []
    missing: list[str] = []
    task = peers.find("task", args.task)
    if task is None:
        missing.append("Taskwarrior (apt-get install -y taskwarrior)")
    else:
        _status(f"{size:,} records: importing Taskwarrior's tasks")
        try:
            ready.append(peers.task_setup(task, folder / "task", size, env))
        except (OSError, subprocess.SubprocessError) as exc:
            results.notes.append(f"Taskwarrior could not be set up at {size:,}: {exc}")
    setups = {"jrnl": (args.jrnl, lambda p: peers.jrnl_setup(p, folder / "jrnl", size, env))}
    setups["todo"] = (None, lambda p: peers.todoman_setup(p, folder / "todo", home, env))
    setups["khal"] = (None, lambda p: peers.khal_setup(p, folder / "khal", home, env))
    for program, (given, setup) in setups.items():
        found = peers.find(program, given)
        if found is None:
            missing.append(f"{program} (run.py --install-peers)")
            continue
        _status(f"{size:,} records: setting up {program}")
        try:
            ready.append(setup(found))
        except (OSError, subprocess.SubprocessError, KeyError, ValueError) as exc:
            results.notes.append(f"{program} could not be set up at {size:,}: {exc}")
    if missing and size == min(args.sizes):
        results.notes.append(f"Peers not installed, left out: {', '.join(missing)}.")
    jobs = {label: (argv, peer.env) for peer in ready for label, argv in peer.commands.items()}
    # Our side of `task list`: a journal of exactly `size` active goals (size - 1 written,
    # and one added by mentorlog, which saves it with its index as every journal is).
    goals = work / f"goals-{size}"
    shutil.rmtree(goals, ignore_errors=True)
    generator = Path(journal_gen.__file__)
    subprocess.run(
        [
            *(sys.executable, str(generator), str(size - 1), str(goals)),
            *("--goals-only", "--schema", str(args.schema)),
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    goals_env = env | {"MENTORLOG_HOME": str(goals)}
    subprocess.run(
        [str(mentorlog), "goal", "add", "Set up the benchmark"],
        env=goals_env,
        check=False,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    jobs[ROWS] = ([str(mentorlog), "goal", "list"], goals_env)
    jobs[ROWS_JSON] = ([str(mentorlog), "goal", "list", "--json"], goals_env)
    return jobs


# -- printing ------------------------------------------------------------------------------


def ms(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    return f"{seconds * 1000:,.0f} ms" if seconds < 10 else f"{seconds:,.1f} s"


def ratio(value: float | None, base: float | None) -> str:
    if value is None or not base:
        return "-"
    return f"{value / base:.2f}x"


def table(rows: list[list[str]], header: list[str]) -> Iterator[str]:
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    yield "  ".join(
        h.ljust(w) if i == 0 else h.rjust(w)
        for i, (h, w) in enumerate(zip(header, widths, strict=True))
    )
    yield "  ".join("-" * w for w in widths)
    for row in rows:
        yield "  ".join(
            c.ljust(w) if i == 0 else c.rjust(w)
            for i, (c, w) in enumerate(zip(row, widths, strict=True))
        )


def report(results: Results, args: argparse.Namespace, about: list[str]) -> Iterator[str]:
    sizes = [s for s in args.sizes if s in results.sizes]
    typer = results.typer
    mode = "quick" if args.quick else "full"
    colour = ", output coloured as in a terminal" if args.color else ""
    yield f"mentorlog benchmarks ({mode}: median of {args.runs} runs after a warm-up run{colour})"
    yield from about
    floor = results.floors.get("python -c pass")
    yield (
        f"floor, same run: python -c pass {ms(floor.median if floor else None)}, "
        f'python -c "import typer" {ms(typer)} (medians over all sizes)'
    )
    yield ""
    yield "Time per command (median) and its ratio to `import typer` timed with it, by size"
    header = ["command", *(f"{size:,}" for size in sizes)]
    rows = [["import typer", *(ms(results.typer_at(size)) for size in sizes)]]
    for label in args.commands:
        cells = []
        for size in sizes:
            sample = results.sizes[size].get(label)
            if sample is None:
                cells.append("-")
            elif sample.failed:
                cells.append("failed")
            else:
                cells.append(f"{ms(sample.median)} {ratio(sample.median, results.typer_at(size))}")
        rows.append([label, *cells])
    yield from table(rows, header)
    if len(sizes) > 1:
        yield ""
        yield "Growth: time at a size over the time at the size before"
        pairs = list(itertools.pairwise(sizes))
        header = ["command", *(f"{b:,}/{a:,}" for a, b in pairs)]
        rows = [
            [label, *(ratio(results.median(b, label), results.median(a, label)) for a, b in pairs)]
            for label in args.commands
        ]
        yield from table(rows, header)
    yield ""
    yield "Peak memory (resident set, median)"
    header = ["command", *(f"{size:,}" for size in sizes)]
    rows = []
    for label in args.commands:
        cells = []
        for size in sizes:
            sample = results.sizes[size].get(label)
            peak = sample.peak_median if sample else None
            cells.append(f"{peak / 2**20:,.0f} MB" if peak else "-")
        rows.append([label, *cells])
    yield from table(rows, header)
    yield ""
    yield from floor_report(results, args, sizes)
    if args.peers:
        yield ""
        yield from peer_report(results, sizes)
    yield ""
    yield "Targets"
    for verdict, text in targets(results):
        yield f"  {verdict:<12} {text}"
    for size, by_label in results.sizes.items():
        for label, sample in by_label.items():
            if sample.failed:
                yield f"Failed: {label} at {size:,}: {sample.failed}"
    for note in results.notes:
        yield f"Note: {note}"


def floor_report(results: Results, args: argparse.Namespace, sizes: list[int]) -> Iterator[str]:
    """Each command over its own floor: a minimal script that reads and parses the same
    journal and writes the same bytes (benchmarks/floor.py), timed in the same rounds."""
    labels = [c for c in args.commands if any(OWN_FLOOR + c in results.sizes[s] for s in sizes)]
    if not labels:
        return
    yield "Each command over its own floor (read and parse the same journal, write the same bytes)"
    header = ["command", *(f"{size:,}" for size in sizes)]
    rows = []
    for label in labels:
        cells = []
        for size in sizes:
            floor = results.median(size, OWN_FLOOR + label)
            ours = results.median(size, label)
            cells.append(f"{ms(floor)} {ratio(ours, floor)}" if floor and ours else "-")
        rows.append([label, *cells])
    yield from table(rows, header)


def peer_report(results: Results, sizes: list[int]) -> Iterator[str]:
    measured = [s for s in sizes if any(t in results.sizes[s] for _, t in PEER_PAIRS)]
    if not measured:
        yield "Peers: none of Taskwarrior, jrnl, todoman or khal is installed; nothing to compare."
        return
    yield "Equal work: each pair on as many rows or records (medians), and our time over theirs"
    header = ["ours / theirs", *(f"{size:,}" for size in measured)]
    rows = []
    for ours, theirs in PEER_PAIRS:
        if not any(theirs in results.sizes[s] for s in measured):
            rows.append([f"{ours} / {theirs}", *("not installed" for _ in measured)])
            continue
        rows.append(
            [
                f"{ours} / {theirs}",
                *(
                    f"{_cell(results, s, ours)} / {_cell(results, s, theirs)} "
                    f"{ratio(results.median(s, ours), results.median(s, theirs))}"
                    for s in measured
                ),
            ]
        )
    yield from table(rows, header)


def _cell(results: Results, size: int, label: str) -> str:
    sample = results.sizes[size].get(label)
    if sample is None:
        return "-"
    return "failed" if sample.failed else ms(sample.median)


def targets(results: Results) -> Iterator[tuple[str, str]]:
    """The targets (issue 19), each with the figures measured in this run."""
    yield from _peer_targets(results)
    typer = results.typer_at(1_000)
    for label in ("goal list", "status", "agenda"):
        value = results.median(1_000, label)
        if value is None or typer is None:
            yield "not measured", f"{label} at 1,000 records within 2x `import typer`"
        else:
            yield (
                _verdict(value <= 2 * typer),
                f"{label} at 1,000 records: {ms(value)}, {value / typer:.2f}x `import typer` "
                "(at most 2x)",
            )
    largest = results.sizes.get(100_000, {})
    typer = results.typer_at(100_000)
    for label in COMMANDS:
        sample = largest.get(label)
        if label in IMPORTS or sample is None or sample.median is None:
            continue
        peak = sample.peak_median or 0
        fast = sample.median < 1 or (typer is not None and sample.median <= 12 * typer)
        times = f", {sample.median / typer:.1f}x `import typer`" if typer else ""
        yield (
            _verdict(fast and peak < 300 * 2**20),
            f"{label} at 100,000: {ms(sample.median)}{times} (under 1 s or 12x), "
            f"{peak / 2**20:,.0f} MB (under 300 MB)",
        )
    size = next((s for s in results.sizes if journal_gen.counts(s)["meetings"] == 1_000), None)
    for label, what in (("import ics", "the 1,000 meetings"), ("import json", "10,000 records")):
        value = results.median(size, label) if size else None
        if value is None:
            yield "not measured", f"{label} of {what} of the 10,000 journal under 1 s"
        else:
            text = f"{label} of {what} ({size:,} journal): {ms(value)} (under 1 s)"
            yield _verdict(value < 1), text
    value = results.median(size, "export ics") if size else None
    if value is not None:
        yield _verdict(value < 1), f"export ics of 1,000 meetings: {ms(value)} (below 1 s)"


def _peer_targets(results: Results) -> Iterator[tuple[str, str]]:
    checks = (
        (10_000, ROWS, "task list", 1.0, "goal list printing 10,000 rows at most `task list`'s"),
        (1_000, ROWS, "task list", 2.0, "goal list printing 1,000 rows within 2x `task list`"),
        (10_000, "search", "task /talk/ list", 1.0, "search at 10,000 faster than task /talk/"),
        (10_000, "goal add", "task add", 2.0, "goal add at 10,000 within 2x `task add`"),
    )
    for size, ours, theirs, most, text in checks:
        mine, their = results.median(size, ours), results.median(size, theirs)
        if mine is None or their is None:
            yield "not measured", f"{text} (--peers)"
            continue
        extra = ""
        if ours == ROWS and size == 1_000:
            floor = results.median(size, "floor: python -c pass")
            extra = f"; python start-up {ms(floor)}" if floor else ""
        yield (
            _verdict(mine <= most * their),
            f"{text}: {ms(mine)} against {ms(their)}, {mine / their:.2f}x{extra}",
        )


def _verdict(met: bool) -> str:
    return "met" if met else "MISSED"


def as_json(results: Results, about: list[str]) -> dict[str, Any]:
    def sample(s: Sample) -> dict[str, Any]:
        return {"median_s": s.median, "seconds": s.seconds, "peak_rss": s.peak, "failed": s.failed}

    return {
        "about": about,
        "floors": {label: sample(s) for label, s in results.floors.items()},
        "sizes": {
            str(size): {label: sample(s) for label, s in by_label.items()}
            for size, by_label in results.sizes.items()
        },
        "targets": [{"verdict": v, "text": t} for v, t in targets(results)],
        "notes": results.notes,
    }


# -- the command line ----------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python benchmarks/run.py",
        description="Time mentorlog's commands as whole processes on journals of 100 to "
        "100,000 records, next to `python -c pass` and `import typer` measured in the same "
        "run, and Taskwarrior and jrnl with --peers.",
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help=f"{QUICK_RUNS} runs per command instead of {FULL_RUNS}, and at 100,000 records "
        f"only {', '.join(QUICK_LARGEST)} (under two minutes)",
    )
    parser.add_argument("--runs", type=int, help="timed runs per command (after one warm-up)")
    parser.add_argument(
        "--color",
        action="store_true",
        help="colour the output as in a terminal (FORCE_COLOR=1), to time drawing it too",
    )
    parser.add_argument(
        "--sizes",
        type=_sizes,
        default=SIZES,
        help="journal sizes, comma-separated (default: 100,1000,10000,100000)",
    )
    parser.add_argument(
        "--commands",
        type=_commands,
        help=f"which commands, comma-separated (default: all of {', '.join(COMMANDS)}; with "
        f"--quick: {', '.join(QUICK_COMMANDS)})",
    )
    parser.add_argument(
        "--mentorlog",
        metavar="PATH",
        help="the mentorlog program to time (default: the one next to this Python, else PATH)",
    )
    parser.add_argument(
        "--peers",
        action="store_true",
        help="also time Taskwarrior, jrnl, todoman and khal on equal work, where installed",
    )
    parser.add_argument(
        "--install-peers",
        action="store_true",
        help="first install jrnl, todoman and khal from PyPI into benchmarks/.peers (a venv of "
        "their own); Taskwarrior comes from the system: apt-get install -y taskwarrior",
    )
    parser.add_argument(
        "--peer-max-size",
        type=int,
        default=PEER_MAX_SIZE,
        metavar="N",
        help=f"time the peers up to this size (default {PEER_MAX_SIZE:,}: adding an entry "
        "to a jrnl of 10,000 already takes 5 s)",
    )
    parser.add_argument("--task", metavar="PATH", help="the Taskwarrior program (default: PATH)")
    parser.add_argument("--jrnl", metavar="PATH", help="the jrnl program (default: PATH)")
    parser.add_argument("--json", metavar="FILE", type=Path, help="also write every sample here")
    parser.add_argument(
        "--keep", metavar="DIR", type=Path, help="build the journals in DIR and keep them"
    )
    args = parser.parse_args(argv)
    if args.runs is None:
        args.runs = QUICK_RUNS if args.quick else FULL_RUNS
    if args.commands is None:
        args.commands = list(QUICK_COMMANDS) if args.quick else list(COMMANDS)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    return args


def _sizes(text: str) -> tuple[int, ...]:
    try:
        sizes = tuple(sorted({int(part.replace("_", "")) for part in text.split(",")}))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a list of numbers: {text!r}") from None
    if not sizes or sizes[0] < 10:
        raise argparse.ArgumentTypeError("each size must be at least 10")
    return sizes


def _commands(text: str) -> list[str]:
    chosen = [part.strip() for part in text.split(",") if part.strip()]
    unknown = [c for c in chosen if c not in COMMANDS]
    if unknown or not chosen:
        raise argparse.ArgumentTypeError(
            f"unknown command {unknown[0] if unknown else text!r}; choose from "
            f"{', '.join(COMMANDS)}"
        )
    return [c for c in COMMANDS if c in chosen]


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.install_peers:
        for problem in peers.install():
            print(f"Note: {problem}", file=sys.stderr)
    mentorlog = find_mentorlog(args.mentorlog)
    python = interpreter_of(mentorlog)
    env = base_env(color=args.color)
    about = describe_machine(python, mentorlog, env)
    args.schema = journal_schema(python, env)
    results = Results()
    started = time.perf_counter()
    with contextlib.ExitStack() as stack:
        if args.keep:
            work = args.keep
            work.mkdir(parents=True, exist_ok=True)
        else:
            work = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="mentorlog-bench-")))
        for size in args.sizes:
            measure_size(size, mentorlog, python, env, work, args, results)
    lines = list(report(results, args, about))
    lines.append(f"({time.perf_counter() - started:.0f} s in all)")
    print("\n".join(lines))
    if args.json:
        args.json.write_text(json.dumps(as_json(results, about), indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
