"""`mentorlog encrypt`, `mentorlog decrypt` and `mentorlog key`: encryption at rest."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from mentorlog.cli.commands import summary
from mentorlog.cli.context import session
from mentorlog.cli.options import Json
from mentorlog.render import console

if TYPE_CHECKING:
    from mentorlog.store.sealing import Converted

encrypt_app = typer.Typer()
decrypt_app = typer.Typer()
key_app = typer.Typer(help=summary("key"), no_args_is_help=True)


@encrypt_app.command("encrypt")
def encrypt(
    ctx: typer.Context,
    key_file: Annotated[
        bool,
        typer.Option(
            "--key-file",
            help="Keep the key in key.age in the home, wrapped by a passphrase, instead of the "
            "system keyring.",
        ),
    ] = False,
) -> None:
    """Encrypt the journal and every snapshot with a new age key (X25519).

    The key goes in the system keyring, else (no keyring, or --key-file) in key.age in the
    home, wrapped by a passphrase you choose (asked on the terminal, or printed by
    MENTORLOG_PASSPHRASE_COMMAND). Every file mentorlog writes in the home from then on is
    encrypted. Safe to stop: run it again and it finishes; run in an encrypted home, it
    encrypts any plain journal or snapshot found there.

    Where sync is set up, every file of the sync tree is encrypted too, each on its own, in
    a commit the next `mentorlog sync` pushes: the remote only ever sees ciphertext from
    then on (what was pushed before stays in its history).

    Example: mentorlog encrypt
    """
    from mentorlog.store import sealing
    from mentorlog.sync import reseal

    s = session(ctx)
    synced: list[int] = []
    if reseal.is_set_up(s.home):

        def also(recipient: str) -> None:
            synced.append(reseal.encrypt_tree(s.home, recipient, now=s.now))

        done = sealing.encrypt_home(
            s.home, use_key_file=key_file, lock_timeout=s.lock_timeout, also=also
        )
    else:
        done = sealing.encrypt_home(s.home, use_key_file=key_file, lock_timeout=s.lock_timeout)
    _report(done, "Encrypted")
    if synced and synced[0]:
        console.message(
            f"Encrypted the {synced[0]} files of the sync tree; `mentorlog sync` sends them. "
            "What was pushed before stays in clear in the remote's history."
        )
    if done.kept_in:
        console.message(f"The key is in {done.kept_in}.")
        console.message(
            "Without it the journal cannot be read: keep a copy with `mentorlog key export "
            "--out FILE`."
        )


@decrypt_app.command("decrypt")
def decrypt(ctx: typer.Context) -> None:
    """Decrypt the journal and every snapshot, and stop encrypting this home.

    The key stays where it was (keyring or key.age), for copies of the encrypted journal
    kept elsewhere. Safe to stop: run it again and it finishes.

    Refused while sync is set up: the remote and the other devices hold the journal
    encrypted; the README's "Encryption at rest" says how to turn it off for them all.

    Example: mentorlog decrypt
    """
    from mentorlog.store import sealing
    from mentorlog.sync import reseal

    s = session(ctx)
    reseal.refuse_while_synced(s.home, "decrypt")
    done = sealing.decrypt_home(s.home, lock_timeout=s.lock_timeout)
    _report(done, "Decrypted")
    console.message("This home is no longer encrypted.")


@key_app.command("show")
def show(ctx: typer.Context, json: Json = False) -> None:
    """Show the home's public key (its age recipient), its state and where the key is kept.

    Nothing secret is shown, and no passphrase is asked.

    Example: mentorlog key show
    """
    from mentorlog.store import crypt, keys

    s = session(ctx)
    marker = crypt.read_marker(s.home)
    if marker is None:
        if json:
            console.print_json({"encrypted": False})
            return
        console.message("This home is not encrypted; `mentorlog encrypt` encrypts it.")
        return
    kept = []
    if keys.in_keyring(marker.recipient):
        kept.append("keyring")
    if keys.key_file(s.home).exists():
        kept.append(str(keys.key_file(s.home)))
    if json:
        console.print_json(
            {"encrypted": True, "recipient": marker.recipient, "state": marker.state, "kept": kept}
        )
        return
    console.show_plain(marker.recipient)
    where = " and ".join(kept) or "nowhere on this device (copy key.age into the home)"
    console.message(f"State: {marker.state}. The key is kept in: {where}.")


@key_app.command("export")
def export(
    ctx: typer.Context,
    out: Annotated[
        Path,
        typer.Option(
            "--out",
            "-o",
            help="The file to write the key to, wrapped by a passphrase.",
            show_default=False,
        ),
    ],
) -> None:
    """Write the key, wrapped by a passphrase (age, scrypt), to a file: to move it to a
    second device, put that file in its home as key.age.

    The key file of a home that has one is copied as it is (same passphrase); a key in the
    keyring is wrapped by a new passphrase, asked twice.

    Example: mentorlog key export --out ~/mentorlog-key.age
    """
    from mentorlog.store import sealing

    s = session(ctx)
    target = _free_target(out)
    written = _write_key(target, sealing.export_key(s.home))
    console.success(f"Wrote the key, wrapped by its passphrase, to {written}.")
    console.message(
        "On the second device, put it in the mentorlog home as key.age, beside the journal "
        "and encryption.toml."
    )


@key_app.command("rotate")
def rotate(ctx: typer.Context) -> None:
    """Re-encrypt the journal and every snapshot to a new key, and drop the old one.

    The new key is kept where the old one was (keyring, or key.age with the same
    passphrase). Copies of the journal exported or kept elsewhere stay encrypted to the old
    key. Safe to stop: run it again and it finishes.

    Refused while sync is set up: the remote's history keeps files encrypted to the old
    key; the README's "Encryption at rest" says how to rotate with a new remote.

    Example: mentorlog key rotate
    """
    from mentorlog.store import sealing
    from mentorlog.sync import reseal

    s = session(ctx)
    reseal.refuse_while_synced(s.home, "key rotate")
    done = sealing.rotate_key(s.home, lock_timeout=s.lock_timeout)
    _report(done, "Re-encrypted")
    console.message(f"The new key's recipient is {done.recipient}.")


def _report(done: Converted, verb: str) -> None:
    files = "file" if done.files == 1 else "files"
    again = " (finishing the run that was stopped)" if done.resumed else ""
    console.success(f"{verb} {done.files} {files}{again}.")


def _free_target(path: Path) -> Path:
    """Where `key export` writes: a new file in a folder that exists (checked before any
    passphrase is asked)."""
    from mentorlog.errors import Conflict, StorageFailed

    target = path.expanduser()
    if target.exists():
        raise Conflict(f"{path} exists already; give a new file name, nothing was written.")
    if not target.parent.is_dir():
        raise StorageFailed(f"Cannot write to {path}: the folder {target.parent} does not exist.")
    return target


def _write_key(target: Path, wrapped: bytes) -> Path:
    """Write the wrapped key to `target` atomically, 0600."""
    from mentorlog.store import write_atomic

    write_atomic(target, wrapped)
    return target
