"""The store's codec for encrypted homes (store/crypt.py, store/keys.py): what it seals it
opens, byte for byte, whatever the bytes; it tells age files from plain ones by their header;
and it never hands back plain bytes for a file it cannot open."""

from __future__ import annotations

from pathlib import Path

import pyrage
import pytest
from hypothesis import given
from hypothesis import strategies as st

from mentorlog.errors import JournalRefused, KeyUnavailable
from mentorlog.store import crypt, keys


@pytest.fixture(scope="module")
def sealed_at(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    home = tmp_path_factory.mktemp("sealed") / "home"
    home.mkdir()
    identity = keys.new_identity()
    crypt.write_marker(home, crypt.Marker(keys.recipient_of(identity)))
    return home, identity


@pytest.fixture
def sealed_home(sealed_at: tuple[Path, object]) -> Path:
    return hold(sealed_at)


def hold(sealed_at: tuple[Path, object]) -> Path:
    """The encrypted home, its key held in memory for this process (as a command holds it
    once the keyring or key file gave it), its marker as written."""
    home, identity = sealed_at
    keys.forget()
    keys._identities[keys.recipient_of(identity)] = identity
    crypt.write_marker(home, crypt.Marker(keys.recipient_of(identity)))
    return home


@given(payload=st.binary(max_size=4096))
def test_what_is_sealed_opens_to_the_same_bytes(
    sealed_at: tuple[Path, object], payload: bytes
) -> None:
    sealed_home = hold(sealed_at)
    sealed = crypt.seal(sealed_home, payload)
    assert sealed is not None
    assert crypt.is_sealed(sealed)
    mac = sealed.index(b"\n--- ")  # the header ends with its MAC line; the payload follows
    body = sealed[sealed.index(b"\n", mac + 1) + 1 :]
    assert len(payload) < 8 or payload not in body
    assert crypt.open_bytes(sealed, sealed_home / "journal.json") == payload


@given(pieces=st.lists(st.binary(max_size=512), max_size=8))
def test_a_payload_in_pieces_seals_as_the_whole(
    sealed_at: tuple[Path, object], pieces: list[bytes]
) -> None:
    sealed_home = hold(sealed_at)
    sealed = crypt.seal(sealed_home, list(pieces))
    assert sealed is not None
    assert crypt.open_bytes(sealed, sealed_home / "backups" / "journal-x.json") == b"".join(pieces)


@pytest.fixture(scope="module")
def plain_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("plain")


@given(payload=st.binary(max_size=256))
def test_a_plain_home_passes_bytes_through(plain_home: Path, payload: bytes) -> None:
    home = plain_home
    assert crypt.seal(home, payload) is None
    if not crypt.is_sealed(payload):
        assert crypt.open_bytes(payload, home / "journal.json") == payload


def test_the_header_tells_age_files_from_plain_ones() -> None:
    identity = pyrage.x25519.Identity.generate()
    assert crypt.is_sealed(pyrage.encrypt(b"{}", [identity.to_public()]))
    assert crypt.is_sealed(pyrage.passphrase.encrypt(b"{}", "x"))
    assert not crypt.is_sealed(b'{\n  "_meta": {}}')
    assert not crypt.is_sealed(b"age-encryption.org/v2\n")
    assert not crypt.is_sealed(b"")


def test_a_file_sealed_to_another_key_is_refused(sealed_home: Path) -> None:
    stranger = pyrage.x25519.Identity.generate()
    foreign = pyrage.encrypt(b'{"secret": 1}', [stranger.to_public()])
    with pytest.raises(KeyUnavailable, match="encrypted to another key"):
        crypt.open_bytes(foreign, sealed_home / "journal.json")


def test_a_tampered_file_is_refused(sealed_home: Path) -> None:
    sealed = crypt.seal(sealed_home, b'{"goals": {}}' * 100)
    assert sealed is not None
    tampered = sealed[:-20] + bytes(b ^ 1 for b in sealed[-20:])
    with pytest.raises(KeyUnavailable, match="or damaged"):
        crypt.open_bytes(tampered, sealed_home / "journal.json")


def test_a_home_half_way_through_a_conversion_refuses_reads_and_writes(
    sealed_home: Path,
) -> None:
    marker = crypt.read_marker(sealed_home)
    assert marker is not None
    sealed = crypt.seal(sealed_home, b"{}")
    assert sealed is not None
    crypt.write_marker(sealed_home, crypt.Marker(marker.recipient, "decrypting"))
    with pytest.raises(JournalRefused, match="half-way through `mentorlog decrypt`"):
        crypt.open_bytes(sealed, sealed_home / "journal.json")
    with pytest.raises(JournalRefused, match="half-way through `mentorlog decrypt`"):
        crypt.seal(sealed_home, b"{}")


# The marker's lines, and lines close to them that TOML reads otherwise or refuses.
_MARKER_LINES = st.one_of(
    st.builds(
        lambda key, value: f'{key} = "{value}"',
        st.sampled_from(["recipient", "state", "next_recipient", "x"]),
        st.text("age1qpzry9x8gf2tvdw0s3jn54khce6mua7l_", max_size=12),
    ),
    st.sampled_from(
        ['state = "encrypted" # a comment', "state = 'encrypted'", 'state="encrypted"',
         '"state" = "x"', 'state = "a\\u0041"', "[section]", " ", "\r", 'state = "Ä"', ""]
    ),
)  # fmt: skip


@given(st.lists(_MARKER_LINES, max_size=4), st.sampled_from(["\n", "\r\n"]))
def test_the_marker_is_read_as_tomllib_reads_it(lines: list[str], newline: str) -> None:
    """simple_toml reads the lines mentorlog writes without tomllib, and leaves anything
    else to it: what it reads, tomllib reads the same."""
    import tomllib

    text = newline.join(lines)
    fast = crypt.simple_toml(text)
    if fast is not None:
        assert fast == tomllib.loads(text)


def test_every_marker_mentorlog_writes_is_read_without_tomllib(tmp_path: Path) -> None:
    recipient = keys.recipient_of(keys.new_identity())
    following = keys.recipient_of(keys.new_identity())
    for marker in [
        crypt.Marker(recipient),
        crypt.Marker(recipient, "rotating", following),
        *(crypt.Marker(recipient, state) for state in crypt.FINISHED_BY),
    ]:
        crypt.write_marker(tmp_path, marker)
        text = crypt.marker_path(tmp_path).read_text(encoding="utf-8")
        assert crypt.simple_toml(text) == marker.as_toml()
        assert crypt.read_marker(tmp_path) == marker
