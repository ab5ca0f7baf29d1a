#!/usr/bin/env python3
"""How long `mentorlog sync` takes on a big journal, and how the git history grows.

Builds a journal of N records (benchmarks/journal_gen.py, 10,000 by default) on a
"laptop", sets sync up with a bare repository in a temp folder, and sets up a "desktop"
from it. Then, ROUNDS times (100 by default): 10 records change on the laptop (through
`mentorlog import json` of a file holding newer versions of them, untimed), the laptop
syncs (sends 10), and the desktop syncs (receives 10); both syncs are timed as whole
processes, in wall time and in CPU time (user + system, git's included: the figure a
loaded machine does not inflate). It prints the median and slowest of each, and the size of the bare
repository's objects after set-up and after the rounds, loose and after `git gc`, next to
the size of the changed files themselves.

    python benchmarks/sync_bench.py                 # 10,000 records, 100 rounds
    python benchmarks/sync_bench.py --records 1000 --rounds 10
    python benchmarks/sync_bench.py --encrypted     # both homes encrypted, one key

With --encrypted both homes are encrypted to one key (kept in a keyrings.alt file keyring
in the temp folder, never the system's), so every file of the sync tree is an age file.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import journal_gen

NOW = "2026-11-21T11:15:00+01:00"


def mentorlog() -> list[str]:
    beside = Path(sys.executable).parent / "mentorlog"
    return [str(beside)] if beside.exists() else ["mentorlog"]


CPU: list[float] = []  # the CPU time (user + system) of each run, git's included


EXTRA_ENV: dict[str, str] = {}


def run(home: Path, *args: str, now: str = NOW) -> float:
    """Run mentorlog; its wall time (its CPU time, with git's, goes to CPU)."""
    env = {**os.environ, "MENTORLOG_HOME": str(home), "MENTORLOG_NOW": now, "MENTORLOG_TZ": "UTC"}
    env.update(EXTRA_ENV)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run([*mentorlog(), *args], env=env, capture_output=True, text=True)
    took = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    CPU.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    if done.returncode != 0:
        raise SystemExit(f"mentorlog {' '.join(args)} failed: {done.stderr}")
    return took


def repo_kib(repo: Path) -> int:
    out = subprocess.run(
        ["git", "-C", str(repo), "count-objects", "-v"], capture_output=True, text=True, check=True
    ).stdout
    sizes = dict(line.split(": ") for line in out.splitlines())
    return int(sizes["size"]) + int(sizes["size-pack"])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=100)
    parser.add_argument("--changed", type=int, default=10)
    parser.add_argument("--encrypted", action="store_true", help="both homes encrypted")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        remote = root / "remote.git"
        subprocess.run(["git", "init", "-q", "--bare", str(remote)], check=True)
        laptop, desktop = root / "laptop", root / "desktop"
        journal_gen.write(laptop, options.records)
        goals = json.loads((laptop / "journal.json").read_text())["goals"]
        if options.encrypted:
            EXTRA_ENV.update(
                PYTHON_KEYRING_BACKEND="keyrings.alt.file.PlaintextKeyring",
                XDG_DATA_HOME=str(root / "keyring"),
            )
            run(laptop, "encrypt")
            desktop.mkdir(mode=0o700)
            (desktop / "encryption.toml").write_bytes((laptop / "encryption.toml").read_bytes())
            run(desktop, "encrypt")  # the same key: the keyring is shared here
        setup = run(laptop, "sync", "init", str(remote))
        run(desktop, "sync", "init", str(remote))
        after_setup = repo_kib(remote)
        ids = sorted(goals, key=int)
        sends, receives, changed_bytes = [], [], 0
        send_cpu: list[float] = []
        receive_cpu: list[float] = []
        for number in range(options.rounds):
            stamp = f"2026-11-22T{number // 60:02d}:{number % 60:02d}:00+00:00"
            picked = [
                ids[(number * options.changed + k) % len(ids)] for k in range(options.changed)
            ]
            records = [
                {
                    **goals[key],
                    "id": int(key),
                    "title": f"Round {number} goal {key}",
                    "updated": stamp,
                }
                for key in picked
            ]
            changed_bytes += sum(len(json.dumps(r, indent=2, sort_keys=True)) for r in records)
            export = root / "changes.json"
            export.write_text(
                json.dumps({"format": "mentorlog", "schema": 3, "tables": {"goals": records}})
            )
            run(laptop, "import", "json", str(export), now=stamp)
            sends.append(run(laptop, "sync", now=stamp))
            send_cpu.append(CPU[-1])
            receives.append(run(desktop, "sync", now=stamp))
            receive_cpu.append(CPU[-1])
        after_rounds = repo_kib(remote)
        subprocess.run(["git", "-C", str(remote), "gc", "-q"], check=True)
        packed = repo_kib(remote)
    print(f"load average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(
        f"journal: {options.records} records{', encrypted' if options.encrypted else ''}; "
        f"{options.rounds} rounds of {options.changed} changed"
    )
    print(f"sync init (first push of every record): {setup:.2f} s")
    for what, times, cpu in (("sending", sends, send_cpu), ("receiving", receives, receive_cpu)):
        print(
            f"sync, {what} {options.changed}: median {statistics.median(times):.2f} s, "
            f"slowest {max(times):.2f} s; CPU (git's included) median "
            f"{statistics.median(cpu):.2f} s, most {max(cpu):.2f} s"
        )
    print(f"remote objects after set-up: {after_setup} KiB")
    print(
        f"after {options.rounds} syncs: {after_rounds} KiB loose "
        f"(+{after_rounds - after_setup} KiB), {packed} KiB after git gc"
    )
    print(f"the changed files themselves: {changed_bytes // 1024} KiB uncompressed")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
