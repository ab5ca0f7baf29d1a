"""Taskwarrior and jrnl, set up with as many tasks or entries as a mentorlog journal has records,
each in a folder of its own, so that `run.py --peers` can time them side by side.

Neither is needed: `find_task` and `find_jrnl` return None when the program is not there.
Taskwarrior (`task`, a Debian package) gets its tasks through `task import` of one JSON array,
with a private TASKRC and TASKDATA; jrnl (PyPI) gets its plain-text journal written directly,
with a private config found through XDG_CONFIG_HOME.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import uuid
from dataclasses import dataclass, field
from datetime import UTC, timedelta
from pathlib import Path

from journal_gen import NOW, history


@dataclass
class Peer:
    """A program ready to time: its environment, and the commands to time, by label."""

    name: str
    env: dict[str, str]
    commands: dict[str, list[str]] = field(default_factory=dict)


def find(program: str, given: str | None) -> str | None:
    """The path of `program`: `given` if it is one, else the one on PATH, else None."""
    if given:
        return given if Path(given).is_file() and os.access(given, os.X_OK) else None
    return shutil.which(program)


def _words(rng: random.Random) -> str:
    subjects = ("slides", "review", "talk outline", "blog post", "release notes", "demo")
    verbs = ("Draft", "Finish", "Send", "Check", "Rehearse", "Read")
    return f"{rng.choice(verbs)} the {rng.choice(subjects)} #{rng.randint(1, 999)}"


# -- Taskwarrior -------------------------------------------------------------------------------


def task_setup(task: str, folder: Path, n: int, env: dict[str, str]) -> Peer:
    """A Taskwarrior database of `n` pending tasks in `folder`."""
    data = folder / "data"
    data.mkdir(parents=True, exist_ok=True)
    rc = folder / "taskrc"
    rc.write_text(
        f"data.location={data}\nconfirmation=off\nverbose=nothing\nhooks=off\n"
        "news.version=99.99.99\n",
        encoding="utf-8",
    )
    rng = random.Random(n)
    tasks = []
    for _ in range(n):
        entry = NOW.astimezone(UTC) - timedelta(
            seconds=rng.randint(0, int(history(n).total_seconds()))
        )
        item = {
            "uuid": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
            "description": _words(rng),
            "status": "pending",
            "entry": f"{entry:%Y%m%dT%H%M%SZ}",
            "project": rng.choice(("career", "talk", "oss", "reading")),
        }
        if rng.random() < 0.5:
            item["due"] = f"{entry + timedelta(days=rng.randint(2, 60)):%Y%m%dT%H%M%SZ}"
        if rng.random() < 0.4:
            item["tags"] = [rng.choice(("mentor", "followup", "blocked"))]
        tasks.append(item)
    source = folder / "tasks.json"
    source.write_text(json.dumps(tasks), encoding="utf-8")
    peer_env = env | {"TASKRC": str(rc), "TASKDATA": str(data)}
    subprocess.run(
        [task, "import", str(source)],
        env=peer_env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        check=True,
        timeout=600,
    )
    return Peer("task", peer_env, {"task list": [task, "list"]})


# -- jrnl ----------------------------------------------------------------------------------------


def jrnl_setup(jrnl: str, folder: Path, n: int, env: dict[str, str]) -> Peer:
    """A jrnl journal of `n` entries in `folder`, with its own config."""
    config = folder / "config" / "jrnl"
    config.mkdir(parents=True, exist_ok=True)
    journal = folder / "journal.txt"
    (config / "jrnl.yaml").write_text(
        "colors:\n  body: none\n  date: none\n  tags: none\n  title: none\n"
        "default_hour: 9\ndefault_minute: 0\neditor: ''\nencrypt: false\n"
        "highlight: false\nindent_character: '|'\n"
        f"journals:\n  default:\n    journal: {journal}\n"
        "linewrap: 79\ntagsymbols: '#@'\ntemplate: false\n"
        "timeformat: '%Y-%m-%d %H:%M'\nversion: v4.1\n",
        encoding="utf-8",
    )
    rng = random.Random(n)
    start = (NOW - history(n)).replace(tzinfo=None)
    step = history(n) / max(1, n)
    lines = []
    for index in range(n):
        moment = start + step * index
        lines.append(
            f"[{moment:%Y-%m-%d %H:%M}] {_words(rng)}. Talked with @{rng.choice(('alice', 'bob'))} "
            "about the next steps; feeling good about it.\n\n"
        )
    journal.write_text("".join(lines), encoding="utf-8")
    peer_env = env | {
        "XDG_CONFIG_HOME": str(folder / "config"),
        "XDG_DATA_HOME": str(folder / "data"),
    }
    return Peer(
        "jrnl",
        peer_env,
        {
            "jrnl -n 10": [jrnl, "-n", "10"],
            "jrnl add": [jrnl, "Met alice. Went through the talk outline together."],
        },
    )
