#!/usr/bin/env python3
"""mentorlog's benchmark suite: whole processes, timed next to a floor measured in the same run.

It builds journals of 100, 1,000, 10,000 and 100,000 records of realistic shape
(benchmarks/journal_gen.py), then times `mentorlog --help`, `status`, `goal list`,
`agenda`, `goal add`, `search` and `export ics` at each size as whole processes, next to
`python -c pass` and `python -c "import typer"` run by the same interpreter. It prints
each command's median and its ratio to `import typer`, how the time grows from one size
to the next, the peak memory of each command, and whether the targets are met. With
`--peers`, Taskwarrior (`task list` on N tasks) and jrnl (`jrnl -n 10` and adding an
entry, on N entries) are timed on the same sizes, where they are installed.

    python benchmarks/run.py --quick          # 5 runs each, in under two minutes
    python benchmarks/run.py                  # 15 runs each, every command at every size
    python benchmarks/run.py --peers          # and Taskwarrior and jrnl beside them

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
from collections.abc import Iterator, Sequence
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
    "agenda": ["agenda"],
    "goal add": ["goal", "add", "Run the benchmark again"],
    "search": ["search", journal_gen.SEARCH_WORD],
    "export ics": ["export", "ics"],
}
# --quick times only these at 100,000 records (the ones with targets there, and goal list),
# with fewer runs: each takes a second or more.
QUICK_LARGEST = ("status", "goal list", "goal add")
QUICK_LARGEST_RUNS = 3
FLOORS = {"python -c pass": ["-c", "pass"], "import typer": ["-c", "import typer"]}
# The floors are timed at every size, in turn with the commands, so that each ratio compares
# times taken in the same minutes, on a machine that may be busier in some than in others.
FLOOR_LABEL = "floor: import typer"
# Which of our commands each peer command is compared with.
PEER_PAIRS = {"task list": "goal list", "jrnl -n 10": "status", "jrnl add": "goal add"}
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


def time_round_robin(
    jobs: dict[str, tuple[list[str], dict[str, str]]], runs: int, progress: str
) -> dict[str, Sample]:
    """Time each job `runs` times after one warm-up run, taking the jobs in turn on each
    round, so that a slow spell of the machine falls on all of them alike."""
    samples = {label: Sample() for label in jobs}
    for label, (argv, env) in jobs.items():
        _, code, _ = run_once(argv, env)
        if code != 0:
            samples[label].failed = why_failed(argv, env)
    for round_ in range(runs):
        _status(f"{progress}: run {round_ + 1} of {runs}")
        for label, (argv, env) in jobs.items():
            sample = samples[label]
            if sample.failed:
                continue
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
    runs = min(args.runs, QUICK_LARGEST_RUNS) if largest else args.runs
    skipped = [c for c in args.commands if c not in labels]
    if largest:
        left_out = f" and left out {', '.join(skipped)}" if skipped else ""
        results.notes.append(
            f"--quick took the median of {runs} runs at {size:,} records{left_out} (the full "
            "run times every command there)."
        )
    # Writing commands go last, so every reading command sees the journal as built.
    labels.sort(key=lambda label: label == "goal add")
    jobs = {f"floor: {label}": ([python, *argv], env) for label, argv in FLOORS.items()}
    jobs |= {label: ([str(mentorlog), *COMMANDS[label]], sized_env) for label in labels}
    timed = time_round_robin(jobs, runs, f"{size:,} records")
    results.sizes.setdefault(size, {}).update(timed)
    for label in FLOORS:
        pooled = results.floors.setdefault(label, Sample())
        floor = timed[f"floor: {label}"]
        pooled.seconds += floor.seconds
        pooled.failed = pooled.failed or floor.failed
    if args.peers and size <= args.peer_max_size:
        measure_peers(size, env, work, args, results)


def measure_peers(
    size: int, env: dict[str, str], work: Path, args: argparse.Namespace, results: Results
) -> None:
    folder = work / f"peers-{size}"
    ready: list[peers.Peer] = []
    task = peers.find("task", args.task)
    if task is not None:
        _status(f"{size:,} records: importing Taskwarrior's tasks")
        try:
            ready.append(peers.task_setup(task, folder / "task", size, env))
        except (OSError, subprocess.SubprocessError) as exc:
            results.notes.append(f"Taskwarrior could not be set up at {size:,}: {exc}")
    jrnl = peers.find("jrnl", args.jrnl)
    if jrnl is not None:
        ready.append(peers.jrnl_setup(jrnl, folder / "jrnl", size, env))
    jobs = {label: (argv, peer.env) for peer in ready for label, argv in peer.commands.items()}
    if jobs:
        results.sizes.setdefault(size, {}).update(
            time_round_robin(jobs, args.runs, f"{size:,} records, peers")
        )


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
    if args.peers:
        yield ""
        yield from peer_report(results, sizes)
    yield ""
    yield "Targets"
    for verdict, text in targets(results):
        yield f"  {verdict:<12} {text}"
    for note in results.notes:
        yield f"Note: {note}"


def peer_report(results: Results, sizes: list[int]) -> Iterator[str]:
    measured = [s for s in sizes if any(p in results.sizes[s] for p in PEER_PAIRS)]
    if not measured:
        yield "Peers: neither Taskwarrior (`task`) nor jrnl is installed; nothing to compare."
        return
    yield "Peers, on as many tasks or entries (median), and our time over theirs"
    header = ["command", *(f"{size:,}" for size in measured)]
    rows = []
    for theirs, ours in PEER_PAIRS.items():
        if not any(theirs in results.sizes[s] for s in measured):
            rows.append([theirs, *("not installed" for _ in measured)])
            continue
        rows.append([theirs, *(_cell(results, s, theirs) for s in measured)])
        rows.append(
            [
                f"  {ours} / {theirs}",
                *(ratio(results.median(s, ours), results.median(s, theirs)) for s in measured),
            ]
        )
    yield from table(rows, header)


def _cell(results: Results, size: int, label: str) -> str:
    sample = results.sizes[size].get(label)
    if sample is None:
        return "-"
    return "failed" if sample.failed else ms(sample.median)


def targets(results: Results) -> Iterator[tuple[str, str]]:
    """The issue's targets, each with the figures measured in this run."""
    typer = results.typer_at(1_000)
    for label in ("goal list", "status", "agenda"):
        value = results.median(1_000, label)
        if value is None or typer is None:
            yield "not measured", f"{label} at 1,000 records within 2x `import typer`"
        else:
            yield (
                _verdict(value <= 2 * typer),
                (
                    f"{label} at 1,000 records: {ms(value)}, {value / typer:.2f}x `import typer` "
                    "(at most 2x)"
                ),
            )
    ours, theirs = results.median(10_000, "goal list"), results.median(10_000, "task list")
    if ours is None or theirs is None:
        yield (
            "not measured",
            "goal list at 10,000 faster than `task list` on 10,000 tasks (--peers)",
        )
    else:
        yield (
            _verdict(ours < theirs),
            (f"goal list at 10,000: {ms(ours)}, `task list` on 10,000 tasks: {ms(theirs)}"),
        )
    ours, theirs = results.median(10_000, "goal add"), results.median(10_000, "jrnl add")
    if ours is None or theirs is None:
        yield "not measured", "goal add at 10,000 at most half of a jrnl add on 10,000 (--peers)"
    else:
        yield (
            _verdict(ours <= theirs / 2),
            (
                f"goal add at 10,000: {ms(ours)}, adding to a 10,000-entry jrnl: {ms(theirs)} "
                "(at most half)"
            ),
        )
    for label in ("status", "goal add"):
        sample = results.sizes.get(100_000, {}).get(label)
        if sample is None or sample.median is None:
            yield "not measured", f"{label} at 100,000 under 0.6 s and 300 MB"
            continue
        peak = sample.peak_median or 0
        yield (
            _verdict(sample.median < 0.6 and peak < 300 * 2**20),
            (
                f"{label} at 100,000: {ms(sample.median)} (under 600 ms), "
                f"{peak / 2**20:,.0f} MB (under 300 MB)"
            ),
        )
    size = next((s for s in results.sizes if journal_gen.counts(s)["meetings"] == 1_000), None)
    value = results.median(size, "export ics") if size else None
    if value is None:
        yield "not measured", "export ics of 1,000 meetings below 1 s (the 10,000 journal)"
    else:
        yield (
            _verdict(value < 1),
            (f"export ics of 1,000 meetings ({size:,} records): {ms(value)} (below 1 s)"),
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
        default=list(COMMANDS),
        help=f"which commands, comma-separated (default: all of {', '.join(COMMANDS)})",
    )
    parser.add_argument(
        "--mentorlog",
        metavar="PATH",
        help="the mentorlog program to time (default: the one next to this Python, else PATH)",
    )
    parser.add_argument(
        "--peers", action="store_true", help="also time Taskwarrior and jrnl where installed"
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
