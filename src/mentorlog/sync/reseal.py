"""What `mentorlog encrypt`, `decrypt` and `key rotate` do to the sync tree.

`encrypt` encrypts the sync tree too: every file of the commit the journal matches becomes
an age file, in a new commit that the next `mentorlog sync` pushes (the remote's history
keeps what was pushed before, in clear: git history is never rewritten). It runs under
the journal lock that `encrypt` holds, before the home is marked encrypted, so that an
`encrypt` killed half-way is finished, sync tree included, by running it again.

`decrypt` and `key rotate` are refused while sync is set up (`refuse_while_synced`): the
other devices and the remote's history hold the journal encrypted to this key, so neither
can be done by one device alone; the sentence says how to do it.
"""

from __future__ import annotations

import os
import sys
from datetime import datetime
from pathlib import Path

from mentorlog.errors import Conflict
from mentorlog.store.sealing import PAUSE_ENV
from mentorlog.sync import state as state_mod
from mentorlog.sync.engine import git_stamp, open_repo, read_files
from mentorlog.sync.files import canonical
from mentorlog.sync.git import APPLIED, BRANCH
from mentorlog.sync.sealed import Codec

CONVERTING = "encrypt"


def is_set_up(home: Path) -> bool:
    return state_mod.sync_dir(home).exists() and state_mod.load(home) is not None


def encrypt_tree(home: Path, recipient: str, *, now: datetime) -> int:
    """Encrypt to `recipient` every file of the sync tree the journal matches, in a new
    commit; the number of files encrypted (0 when sync is not set up, or nothing was in
    clear). The caller holds the journal lock."""
    if not is_set_up(home):
        return 0
    repo, state = open_repo(home)
    applied = repo.rev(APPLIED)
    if applied is None:
        return 0
    state.step = CONVERTING  # a sync round finding this redoes its export from `applied`
    state_mod.save(home, state)
    repo.checkout(applied)
    codec = Codec(home, recipient)
    listing = repo.listing(applied)
    values = read_files(repo, codec, listing, set(listing), "here")
    clear = {p: v for p, v in values.items() if not codec.is_known(p, listing[p])}
    if clear:
        repo.write_files({p: codec.encode(p, canonical(v)) for p, v in clear.items()})
        _pause("encrypt:sync")
        commit = repo.commit(f"mentorlog: encrypted {len(clear)} files", applied, at=git_stamp(now))
        repo.set_ref(f"refs/heads/{BRANCH}", commit)
        repo.set_ref(APPLIED, commit)
    codec.keep_only(listing)
    codec.save()
    state.step = state_mod.IDLE
    state_mod.save(home, state)
    return len(clear)


def _pause(step: str) -> None:
    """The tests' kill point (as `sealing`'s): say so on stderr and wait to be killed."""
    if os.environ.get(PAUSE_ENV) == step:
        sys.stderr.write(f"paused at {step}\n")
        sys.stderr.flush()
        import signal

        signal.pause()


def refuse_while_synced(home: Path, command: str) -> None:
    """Conflict when sync is set up in `home`: `decrypt` and `key rotate` cannot be done
    by one device alone."""
    if not is_set_up(home):
        return
    folder = state_mod.sync_dir(home)
    if command == "decrypt":
        why = "decrypting it here would push the journal in clear to a remote set up encrypted"
    else:
        why = (
            "the remote's history and the other devices keep the files encrypted to the "
            "current key, which a rotation here cannot change"
        )
    raise Conflict(
        f"Sync is set up in {home}, and {why}; nothing was changed: move {folder} away, run "
        f"`mentorlog {command}`, then set sync up again with a new, empty remote on every "
        "device (README, Encryption at rest)."
    )
