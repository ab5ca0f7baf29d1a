#!/usr/bin/env python3
"""What encryption at rest costs: `status`, `goal list` and `goal add` on the same journal,
plain and encrypted, as whole processes timed in turn (benchmarks/run.py's harness).

The target (issue 16): `status` on a 1,000-record encrypted journal within 1.3x of the plain
one. The encrypted home keeps its key in a keyring: keyrings.alt's file backend in a temp
folder (the system keyring of a desktop answers over D-Bus, which this does not measure);
`--key-file` adds a home whose key is in key.age, where each command also pays for one
scrypt unwrap of the key (age's work factor: a deliberate second or so).

    python benchmarks/encryption.py                 # 1,000 records, 15 runs each
    python benchmarks/encryption.py --records 10000 --runs 5 --key-file
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import journal_gen
import run as harness

COMMANDS = {"status": ["status"], "goal list": ["goal", "list"]}
TARGET = 1.3


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=1_000)
    parser.add_argument("--runs", type=int, default=harness.FULL_RUNS)
    parser.add_argument("--key-file", action="store_true", help="time a key.age home too")
    parser.add_argument("--mentorlog", help="the mentorlog to measure")
    args = parser.parse_args(argv)
    mentorlog = harness.find_mentorlog(args.mentorlog)
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        env = harness.base_env() | {
            "PYTHON_KEYRING_BACKEND": "keyrings.alt.file.PlaintextKeyring",
            "XDG_DATA_HOME": str(work / "keyring"),
            "MENTORLOG_PASSPHRASE_COMMAND": "echo benchmark passphrase",
        }
        homes = {"plain": work / "plain", "keyring": work / "keyring-home"}
        if args.key_file:
            homes["key file"] = work / "key-file-home"
        journal_gen.write(homes["plain"], args.records)
        _mentorlog(mentorlog, env, homes["plain"], "goal", "add", "Set up the benchmark")
        for name, home in homes.items():
            if name != "plain":
                shutil.copytree(homes["plain"], home)
        _mentorlog(mentorlog, env, homes["keyring"], "encrypt")
        if args.key_file:
            _mentorlog(mentorlog, env, homes["key file"], "encrypt", "--key-file")
        jobs = {
            f"{label} ({name})": ([str(mentorlog), *argv], env | {"MENTORLOG_HOME": str(home)})
            for label, argv in COMMANDS.items()
            for name, home in homes.items()
        }
        jobs |= {
            f"goal add ({name})": (
                [str(mentorlog), "goal", "add", "Timed"],
                env | {"MENTORLOG_HOME": str(home)},
            )
            for name, home in homes.items()
        }
        samples = _time(jobs, args.runs)
    print(f"{args.records:,} records, median of {args.runs} runs each: wall clock, then CPU time")
    for label, (wall, cpu) in samples.items():
        plain_label = label.split(" (")[0] + " (plain)"
        plain_wall, plain_cpu = samples[plain_label]
        print(
            f"  {label:26} {harness.ms(wall):>9} {harness.ratio(wall, plain_wall):>6}"
            f"   {harness.ms(cpu):>9} {harness.ratio(cpu, plain_cpu):>6}"
        )
    wall, cpu = samples["status (keyring)"]
    plain_wall, plain_cpu = samples["status (plain)"]
    met = wall <= TARGET * plain_wall
    print(f"target: status encrypted within {TARGET}x of plain: {'met' if met else 'NOT met'}")
    return 0 if met else 1


def _time(
    jobs: dict[str, tuple[list[str], dict[str, str]]], runs: int
) -> dict[str, tuple[float, float]]:
    """Each job's median wall-clock and CPU (user + system) seconds over `runs`, the jobs
    taken in turn on each round after one warm-up run each. CPU time says what a command
    costs when the machine is shared (wall clock then counts the waits for a core)."""
    walls: dict[str, list[float]] = {label: [] for label in jobs}
    cpus: dict[str, list[float]] = {label: [] for label in jobs}
    for round_ in range(runs + 1):
        for label, (argv, env) in jobs.items():
            start = time.perf_counter()
            proc = subprocess.Popen(
                argv, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )  # fmt: skip
            _, status, usage = os.wait4(proc.pid, 0)
            wall = time.perf_counter() - start
            if os.waitstatus_to_exitcode(status) != 0:
                sys.exit(f"{label} failed: {harness.why_failed(argv, env)}")
            if round_:  # the first round warms the caches
                walls[label].append(wall)
                cpus[label].append(usage.ru_utime + usage.ru_stime)
    return {
        label: (statistics.median(walls[label]), statistics.median(cpus[label])) for label in jobs
    }


def _mentorlog(mentorlog: Path, env: dict[str, str], home: Path, *args: str) -> None:
    subprocess.run(
        [str(mentorlog), *args],
        env=env | {"MENTORLOG_HOME": str(home)},
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


if __name__ == "__main__":
    sys.exit(main())
