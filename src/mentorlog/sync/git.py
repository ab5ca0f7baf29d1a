"""The git CLI, driven through subprocess, with the user's git settings kept from harm.

The user's config is read (it holds their credential helpers, SSH command, proxies and URL
rewrites: authentication is git's own, and mentorlog never asks for or stores a password),
but every call overrides with `-c` what could change what a sync does: no hooks, no
signing, no line-ending or file-mode conversion, no fsmonitor, no automatic gc. Calls run
with a fixed identity, no terminal prompt, and none of the GIT_* variables of the caller
(a GIT_DIR set by a hook would point git elsewhere) but those that choose how to connect.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from mentorlog.errors import SyncFailed

BRANCH = "main"
APPLIED = "refs/mentorlog/applied"  # the commit whose tree the journal was last made equal to
REMOTE_REF = "refs/remotes/origin/main"
NAME = "mentorlog sync"
EMAIL = "sync@mentorlog.invalid"
_CONFIG = (
    "core.hooksPath=/dev/null",
    "commit.gpgSign=false",
    "tag.gpgSign=false",
    "core.autocrlf=false",
    "core.eol=lf",
    "core.fileMode=false",
    "core.safecrlf=false",
    "core.quotePath=false",
    "core.fsmonitor=false",
    "color.ui=false",
    "gc.auto=0",
    "maintenance.auto=false",
    "init.defaultBranch=main",
    "protocol.file.allow=always",
    "push.default=simple",
    "advice.detachedHead=false",
    "credential.interactive=false",
)


class GitError(Exception):
    """A git command that failed: its arguments and what it said."""

    def __init__(self, args: Sequence[str], code: int, stderr: str) -> None:
        super().__init__(f"git {' '.join(args)}: {stderr.strip()}")
        self.code = code
        self.stderr = stderr


def require_git() -> str:
    found = shutil.which("git")
    if found is None:
        raise SyncFailed(
            "git is not installed (or not on PATH); install git to use `mentorlog sync`."
        )
    return found


def environment() -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("GIT_") or k in ("GIT_SSH", "GIT_SSH_COMMAND", "GIT_ASKPASS")
    }
    env.update(
        GIT_TERMINAL_PROMPT="0",
        GIT_AUTHOR_NAME=NAME,
        GIT_AUTHOR_EMAIL=EMAIL,
        GIT_COMMITTER_NAME=NAME,
        GIT_COMMITTER_EMAIL=EMAIL,
        LC_ALL="C",
    )
    return env


@dataclass
class Repo:
    """The sync work tree in a mentorlog home."""

    path: Path
    exe: str = "git"
    env: Mapping[str, str] | None = None

    def run(
        self,
        *args: str,
        input: bytes | None = None,
        check: bool = True,
        extra_env: Mapping[str, str] | None = None,
    ) -> subprocess.CompletedProcess[bytes]:
        command = [self.exe]
        for setting in _CONFIG:
            command += ["-c", setting]
        command += ["-C", str(self.path), *args]
        env = dict(self.env or environment())
        if extra_env:
            env.update(extra_env)
        done = subprocess.run(command, input=input, capture_output=True, env=env)
        if check and done.returncode != 0:
            raise GitError(args, done.returncode, done.stderr.decode(errors="replace"))
        return done

    def out(self, *args: str, input: bytes | None = None) -> str:
        return self.run(*args, input=input).stdout.decode().strip()

    def rev(self, ref: str) -> str | None:
        done = self.run("rev-parse", "--verify", "-q", f"{ref}^{{commit}}", check=False)
        if done.returncode != 0:
            return None
        return done.stdout.decode().strip() or None

    def listing(self, commit: str | None) -> dict[str, str]:
        """path -> blob id of every file in `commit`'s tree (none for None)."""
        if commit is None:
            return {}
        raw = self.run("ls-tree", "-r", "-z", "--full-tree", commit).stdout
        found: dict[str, str] = {}
        for entry in raw.split(b"\0"):
            if not entry:
                continue
            info, _, path = entry.partition(b"\t")
            found[path.decode()] = info.split()[2].decode()
        return found

    def blobs(self, ids: Iterable[str]) -> dict[str, bytes]:
        """The contents of the blobs `ids`, read in one `git cat-file --batch`."""
        wanted = list(dict.fromkeys(ids))
        if not wanted:
            return {}
        raw = self.run("cat-file", "--batch", input="\n".join(wanted).encode() + b"\n").stdout
        found: dict[str, bytes] = {}
        at = 0
        for blob in wanted:
            end = raw.index(b"\n", at)
            header = raw[at:end].split()
            size = int(header[2])
            found[blob] = raw[end + 1 : end + 1 + size]
            at = end + 1 + size + 1
        return found

    def is_ancestor(self, older: str, newer: str) -> bool:
        return self.run("merge-base", "--is-ancestor", older, newer, check=False).returncode == 0

    def merge_base(self, one: str, other: str) -> str | None:
        done = self.run("merge-base", one, other, check=False)
        return done.stdout.decode().strip() or None

    def write_files(self, files: Mapping[str, bytes | None]) -> None:
        """Put `files` (None: removed) in the work tree and the index."""
        for path, data in files.items():
            target = self.path / path
            if data is None:
                target.unlink(missing_ok=True)
            else:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
        if files:
            names = b"\0".join(p.encode() for p in files) + b"\0"
            self.run("add", "-A", "--pathspec-from-file=-", "--pathspec-file-nul", input=names)

    def commit(self, message: str, *parents: str, at: str) -> str:
        """A commit of the index with `parents`; the branch is not moved."""
        tree = self.out("write-tree")
        args = ["commit-tree", tree, "-m", message]
        for parent in parents:
            args += ["-p", parent]
        dated = {"GIT_AUTHOR_DATE": at, "GIT_COMMITTER_DATE": at}
        return self.run(*args, extra_env=dated).stdout.decode().strip()

    def set_ref(self, ref: str, commit: str) -> None:
        self.run("update-ref", ref, commit)

    def checkout(self, commit: str | None) -> None:
        """Make the branch, the index and the work tree `commit` (None: empty, unborn)."""
        if commit is None:
            self.run("read-tree", "--empty")
            self.run("clean", "-fdxq", "-e", ".git")
            self.run("update-ref", "-d", f"refs/heads/{BRANCH}", check=False)
            return
        self.run("update-ref", f"refs/heads/{BRANCH}", commit)
        self.run("reset", "-q", "--hard", commit)
        self.run("clean", "-fdq")

    def dirty(self) -> bool:
        return bool(self.run("status", "--porcelain", "-uall").stdout.strip())
