"""One sync round, and setting sync up.

A round holds the journal lock from start to end (commands run meanwhile wait on it, or
read the journal as it was) and goes through steps that can each be cut short by a kill:

1. export: the journal as a tree; what differs from the tree the journal last matched
   (`refs/mentorlog/applied`) is written and committed on top of it, and that commit
   becomes the applied one (the journal matches it). A branch left ahead of the applied
   commit by a killed round (a merge not yet applied) is set back first: it is redone.
2. fetch, and merge with the remote's branch (`merge`), as a merge commit; the remote's
   tree is checked first (a mentorlog sync tree, a schema this version reads).
3. push; rejected (another device pushed first): fetch and merge again, up to 5 times.
4. apply: what the merge changed goes into the journal as one change (`apply`); then the
   applied ref moves to the merge. Killed before it moves, the next round's export finds
   the journal already holding the merge, which merges again to the same result.

Nothing reaches the journal before the push has landed, so a failed fetch or push leaves
it as it was. MENTORLOG_SYNC_STOP=STEP makes a round stop itself (SIGSTOP) at that step,
for the tests that kill it there.
"""

from __future__ import annotations

import os
import shutil
import signal
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from mentorlog.errors import Conflict, JournalRefused, NotFound, SyncFailed
from mentorlog.store import SCHEMA, JournalPaths, locked
from mentorlog.sync import state as state_mod
from mentorlog.sync.files import META_PATH, Tree, canonical, from_bytes
from mentorlog.sync.git import APPLIED, BRANCH, REMOTE_REF, GitError, Repo, require_git
from mentorlog.sync.merge import merge_trees
from mentorlog.sync.sealed import Codec

STOP_ENV = "MENTORLOG_SYNC_STOP"
STEPS = ("exported", "committed", "fetched", "merged", "pushing", "pushed", "saved", "done")
PUSH_TRIES = 5


@dataclass
class Outcome:
    """What one round did."""

    remote: str
    sent: int = 0  # files of this device's changes committed
    received: int = 0  # records the merge changed in the journal
    pushed: bool = False
    conflicts: list[dict[str, Any]] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)


_stopped: set[str] = set()


def _stop(step: str) -> None:
    """The test hook: stop this process (once) at the step MENTORLOG_SYNC_STOP names."""
    if os.environ.get(STOP_ENV) == step and step not in _stopped:
        _stopped.add(step)
        os.kill(os.getpid(), signal.SIGSTOP)


def git_stamp(now: datetime) -> str:
    return f"{int(now.timestamp())} +0000"


def open_repo(home: Path) -> tuple[Repo, state_mod.State]:
    """The sync repo and state of `home`; NotFound when sync was never set up."""
    exe = require_git()
    state = state_mod.load(home)
    folder = state_mod.sync_dir(home)
    if state is None:
        raise NotFound(
            f"Sync is not set up in {home}; run `mentorlog sync init REMOTE` with a private "
            "git repository (a URL or a path) first."
        )
    repo = Repo(folder, exe)
    try:
        repo.run("rev-parse", "--git-dir")
    except GitError as exc:
        raise _corrupt(folder, "git cannot read it") from exc
    return repo, state


def _corrupt(folder: Path, problem: str) -> JournalRefused:
    return JournalRefused(
        f"The sync folder {folder} is damaged ({problem}); move it away and run "
        "`mentorlog sync init REMOTE` again (the journal itself is untouched)."
    )


def _remote_text(remote: str) -> str:
    """A remote as git should get it: a local path made absolute, a URL as it is."""
    candidate = Path(remote).expanduser()
    if "://" not in remote and not _scp_like(remote) and candidate.exists():
        return str(candidate.resolve())
    return remote


def _scp_like(remote: str) -> bool:
    head, colon, _ = remote.partition(":")
    return bool(colon) and "/" not in head and len(head) > 1


def init(home: Path, remote: str, *, now: datetime, lock_timeout: float) -> Outcome:
    """Set sync up with `remote` and run the first round; nothing stays set up if it fails."""
    exe = require_git()
    folder = state_mod.sync_dir(home)
    found = state_mod.load(home) if folder.exists() else None
    if found is not None:
        raise Conflict(
            f"Sync is already set up in {home} with {found.remote}; run `mentorlog sync` to "
            f"sync, or move {folder} away to start again with another remote."
        )
    if folder.exists() and any(folder.iterdir()):
        raise _corrupt(folder, "it holds files but no sync state")
    target = _remote_text(remote)
    with locked(home, lock_timeout):
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        repo = Repo(folder, exe)
        try:
            repo.run("init", "-q", "-b", BRANCH)
            repo.run("remote", "add", "origin", target)
        except GitError as exc:
            shutil.rmtree(folder, ignore_errors=True)
            raise SyncFailed(f"Cannot set up the sync folder {folder}: {_first(exc)}.") from exc
        state_mod.save(home, state_mod.State(remote=target))
    try:
        return run_round(home, now=now, lock_timeout=lock_timeout)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise


def _first(exc: GitError) -> str:
    lines = [line.strip() for line in exc.stderr.splitlines() if line.strip()]
    text = lines[0] if lines else f"git exited with {exc.code}"
    return text.removeprefix("fatal: ").removeprefix("error: ").rstrip(".")


def run_round(home: Path, *, now: datetime, lock_timeout: float) -> Outcome:
    """One sync: export, commit, fetch, merge, push, apply (see the module's docstring)."""
    from mentorlog.store.journal import load_or_new

    repo, state = open_repo(home)
    with locked(home, lock_timeout):
        dirty = repo.dirty()
        if dirty and state.step == state_mod.IDLE and repo.rev(APPLIED) == repo.rev("HEAD"):
            raise _corrupt(repo.path, "its files were changed by hand")
        state.step = "export"
        state_mod.save(home, state)
        paths = JournalPaths(home)
        data, schema = load_or_new(paths)
        codec = Codec.for_home(home)
        from mentorlog.sync.convert import to_tree

        tree = to_tree(data, schema=SCHEMA)
        outcome = Outcome(state.remote)
        applied = _export(repo, tree, codec, now, outcome, dirty=dirty)
        _exchange(repo, codec, state.remote, now, outcome)
        _stop("pushed")
        head = repo.rev("HEAD")
        assert head is not None
        if head != applied:
            _apply(repo, codec, paths, tree, data, schema, applied, head, now, outcome)
            _stop("saved")
            repo.set_ref(APPLIED, head)
        codec.keep_only(repo.listing(head))
        codec.save()
        _stop("done")
        state.step = state_mod.IDLE
        state.add_conflicts(outcome.conflicts)
        state.log.append(
            {
                "at": now.isoformat(timespec="seconds"),
                "remote": state.remote,
                "sent": outcome.sent,
                "received": outcome.received,
                "conflicts": len(outcome.conflicts),
                "messages": outcome.messages,
                "commit": head,
            }
        )
        state_mod.save(home, state)
    return outcome


def changed_files(
    repo: Repo, codec: Codec, listing: dict[str, str], tree: Tree
) -> dict[str, bytes]:
    """The canonical JSON of the records of `tree` that the files of `listing` do not hold.

    A plain tree compares blob ids; an encrypted one the digests its codec remembers, and
    reads (decrypts) the files it does not vouch for: each is read once, then remembered.
    """
    plains = {path: canonical(record) for path, record in tree.items()}
    unsure = {p: d for p, d in plains.items() if not codec.holds(p, d, listing.get(p))}
    if codec.sealed and unsure:
        read_files(repo, codec, listing, set(unsure), "here")
        unsure = {p: d for p, d in unsure.items() if not codec.holds(p, d, listing.get(p))}
    return unsure


def _export(
    repo: Repo, tree: Tree, codec: Codec, now: datetime, outcome: Outcome, *, dirty: bool
) -> str:
    """Commit what changed in the journal since the tree it last matched; returns the commit
    the journal now matches."""
    applied = repo.rev(APPLIED)
    if repo.rev("HEAD") != applied or dirty:
        repo.checkout(applied)  # a round killed before it applied its merge: redo it
    listing = repo.listing(applied)
    changes: dict[str, bytes | None] = {
        path: codec.encode(path, plain)
        for path, plain in changed_files(repo, codec, listing, tree).items()
    }
    changes.update({path: None for path in listing if path not in tree})
    if not changes and applied is not None:
        return applied
    repo.write_files(changes)
    _stop("exported")
    records = sum(1 for path in changes if path != META_PATH)
    parents = [applied] if applied is not None else []
    commit = repo.commit(f"mentorlog: {records} changed here", *parents, at=git_stamp(now))
    repo.set_ref(f"refs/heads/{BRANCH}", commit)
    repo.set_ref(APPLIED, commit)
    outcome.sent = records
    _stop("committed")
    return commit


def _exchange(repo: Repo, codec: Codec, remote: str, now: datetime, outcome: Outcome) -> None:
    """Fetch, merge and push until the push lands (or PUSH_TRIES pushes were rejected)."""
    for _ in range(PUSH_TRIES):
        try:
            repo.run("fetch", "-q", "--no-tags", "origin", "+refs/heads/*:refs/remotes/origin/*")
        except GitError as exc:
            raise SyncFailed(
                f"Cannot reach the sync remote {remote} ({_first(exc)}); check the address and "
                "your connection, then run `mentorlog sync` again; the journal is unchanged."
            ) from exc
        _stop("fetched")
        theirs = repo.rev(REMOTE_REF)
        head = repo.rev("HEAD")
        assert head is not None
        if theirs is not None and not repo.is_ancestor(theirs, head):
            _check_remote(repo, codec, theirs, remote)
            if repo.is_ancestor(head, theirs):
                repo.checkout(theirs)
            else:
                _merge(repo, codec, head, theirs, now, outcome)
            if codec.sealed:
                _seal_clear_files(repo, codec, now, outcome)
            _stop("merged")
        if repo.rev("HEAD") == theirs:
            return
        _stop("pushing")
        done = repo.run(
            "push", "-q", "--porcelain", "origin", f"HEAD:refs/heads/{BRANCH}", check=False
        )
        if done.returncode == 0:
            outcome.pushed = True
            return
        said = (done.stdout + done.stderr).decode(errors="replace")
        if "rejected" not in said and "fetch first" not in said:
            problem = _first(GitError((), done.returncode, said))
            raise SyncFailed(
                f"The push to the sync remote {remote} failed ({problem}); run "
                "`mentorlog sync` again; the journal is unchanged."
            )
    raise SyncFailed(
        f"The sync remote {remote} rejected {PUSH_TRIES} pushes in a row (other devices kept "
        "pushing first); run `mentorlog sync` again; the journal is unchanged."
    )


def _check_remote(repo: Repo, codec: Codec, commit: str, remote: str) -> None:
    listing = repo.listing(commit)
    meta_blob = listing.get(META_PATH)
    if meta_blob is None:
        raise JournalRefused(
            f"The sync remote {remote} is not a mentorlog sync repository (it has no "
            f"{META_PATH}); give an empty repository or one only `mentorlog sync` writes."
        )
    meta = read_files(repo, codec, {META_PATH: meta_blob}, {META_PATH}, remote)[META_PATH]
    schema = meta.get("schema")
    if not isinstance(schema, int) or schema > SCHEMA:
        raise JournalRefused(
            f"The sync remote {remote} was written by a newer mentorlog (schema {schema}; this "
            f"one reads up to {SCHEMA}); upgrade mentorlog (pip install -U mentorlog) on this "
            "device, then sync."
        )


def read_files(
    repo: Repo, codec: Codec, listing: dict[str, str], paths: set[str], where: str
) -> Tree:
    wanted = {p: listing[p] for p in paths if p in listing}
    blobs = repo.blobs(b for b in wanted.values() if b not in codec.plain_of)
    return {
        p: from_bytes(p, codec.decode(p, blobs.get(b, b""), b, where), where)
        for p, b in wanted.items()
    }


def _merge(
    repo: Repo, codec: Codec, ours: str, theirs: str, now: datetime, outcome: Outcome
) -> None:
    base = repo.merge_base(ours, theirs)
    lo, lt, lb = repo.listing(ours), repo.listing(theirs), repo.listing(base)
    differ = {p for p in lo.keys() | lt.keys() if lo.get(p) != lt.get(p)} | {META_PATH}
    ours_part = read_files(repo, codec, lo, differ, "here")
    theirs_part = read_files(repo, codec, lt, differ, "remote")
    merged = merge_trees(
        read_files(repo, codec, lb, differ, "at the last sync"), ours_part, theirs_part
    )
    changes: dict[str, bytes | None] = {}
    for path in differ:
        value = merged.tree.get(path)
        if value is None:
            if path in lo:
                changes[path] = None
            continue
        plain = canonical(value)
        if path not in ours_part or plain != canonical(ours_part[path]):
            same = path in theirs_part and plain == canonical(theirs_part[path])
            kept = codec.reuse(path, lt.get(path)) if same else None  # their file as it is
            changes[path] = kept if kept is not None else codec.encode(path, plain)
    repo.write_files(changes)
    commit = repo.commit("mentorlog: merge", ours, theirs, at=git_stamp(now))
    repo.set_ref(f"refs/heads/{BRANCH}", commit)
    outcome.conflicts += [c.to_record() for c in merged.conflicts]
    outcome.messages += merged.messages


def _seal_clear_files(repo: Repo, codec: Codec, now: datetime, outcome: Outcome) -> None:
    """In an encrypted home: encrypt, in a commit of their own, the files the tree now
    holds in clear (sent by a device whose home is not encrypted), so that what is pushed
    is ciphertext."""
    listing = repo.listing("HEAD")
    unsure = {p for p, b in listing.items() if not codec.is_known(p, b)}
    values = read_files(repo, codec, listing, unsure, "remote")
    clear = {p: v for p, v in values.items() if not codec.is_known(p, listing[p])}
    if not clear:
        return
    repo.write_files({p: codec.encode(p, canonical(v)) for p, v in clear.items()})
    head = repo.rev("HEAD")
    assert head is not None
    commit = repo.commit(f"mentorlog: encrypted {len(clear)} files", head, at=git_stamp(now))
    repo.set_ref(f"refs/heads/{BRANCH}", commit)
    outcome.messages.append(
        f"The sync remote held {len(clear)} files in clear, written by a device whose home is "
        "not encrypted: they are encrypted in what this device pushes; encrypt that device "
        "with this key (`mentorlog key export` here, key.age and encryption.toml there)."
    )


def _apply(
    repo: Repo,
    codec: Codec,
    paths: JournalPaths,
    tree: Tree,
    data: Any,
    schema: int | None,
    applied: str,
    head: str,
    now: datetime,
    outcome: Outcome,
) -> None:
    from mentorlog.sync import apply

    before, after = repo.listing(applied), repo.listing(head)
    changed = {p for p in before.keys() | after.keys() if before.get(p) != after.get(p)}
    new = {**tree, **read_files(repo, codec, after, changed, "here")}
    for path in changed - after.keys():
        new.pop(path, None)
    journal, counters = apply.journal_data(new, data, remote=outcome.remote)
    outcome.received = sum(1 for p in changed if p != META_PATH and not p.startswith("_"))
    what = f"sync with {outcome.remote} ({outcome.received} records changed)"
    apply.save(paths, journal, counters, schema_on_disk=schema, what=what, now=now)
