"""The share's own small parts, pure: the calendar URL reader, the href a new object gets,
and the state file written and read back (hypothesis)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mentorlog.errors import InvalidInput
from mentorlog.share import dav, links
from mentorlog.share import state as state_mod
from profiles import examples

JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53), 2**53) | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=10,
)
ENTRIES = st.dictionaries(
    st.text(min_size=1, max_size=40),
    st.builds(
        state_mod.Entry,
        href=st.text(min_size=1, max_size=60),
        etag=st.text(max_size=30),
        base=st.dictionaries(st.text(max_size=10), JSON, max_size=5),
    ),
    max_size=5,
)


@settings(max_examples=examples(100))
@given(st.text(max_size=80))
def test_a_calendar_url_is_read_or_refused_with_one_sentence(text: str) -> None:
    refusal = ""
    try:
        url = links.check_url(text)
    except InvalidInput as exc:
        refusal = exc.message
    if refusal:
        assert "\n" not in refusal
        assert refusal.startswith(("Cannot use", "The calendar URL"))
        return
    parts = urlsplit(url)
    assert parts.scheme in ("http", "https")
    assert parts.hostname
    assert url.endswith("/")
    assert links.check_url(url) == url


@pytest.mark.parametrize(
    ("url", "kept"),
    [
        ("https://dav.example.org/cal/ana", "https://dav.example.org/cal/ana/"),
        (" http://127.0.0.1:5232/shared/mentoring/ ", "http://127.0.0.1:5232/shared/mentoring/"),
    ],
)
def test_a_calendar_url_is_kept_with_its_final_slash(url: str, kept: str) -> None:
    assert links.check_url(url) == kept


@settings(max_examples=examples(100))
@given(st.text(min_size=1, max_size=300))
def test_a_new_object_gets_a_safe_href_inside_the_collection_named_for_its_uid(uid: str) -> None:
    href = dav.href_for("/shared/mentoring/", uid)
    folder, _, name = unquote(href).rpartition("/")
    assert folder == "/shared/mentoring"
    assert name.endswith(".ics")
    assert "/" not in name
    assert dav.href_for("/shared/mentoring", uid) == href  # the same uid, the same href
    if uid.isascii() and uid.isalnum() and len(uid) <= 200:
        assert name == f"{uid}.ics"


@settings(max_examples=examples(50))
@given(ENTRIES, st.none() | st.text(max_size=40))
def test_the_state_reads_back_as_it_was_written(
    tmp_path_factory: pytest.TempPathFactory, entries: dict[str, state_mod.Entry], token: str | None
) -> None:
    home = tmp_path_factory.mktemp("home")
    kept = state_mod.State("https://dav.example.org/cal/", token, entries)
    state_mod.save(home, "ana", kept)
    again = state_mod.load(home, "ana", "https://dav.example.org/cal/")
    assert (again.token, again.entries) == (token, entries)
    # Pointed at another calendar, the share starts over.
    assert state_mod.load(home, "ana", "https://other.example.org/cal/").entries == {}


def test_a_damaged_state_is_refused_with_what_to_do(tmp_path: Path) -> None:
    from mentorlog.errors import JournalRefused

    path = state_mod.state_path(tmp_path, "ana")
    path.parent.mkdir()
    path.write_text("{not json")
    with pytest.raises(JournalRefused, match="delete it and run `mentorlog share sync` again"):
        state_mod.load(tmp_path, "ana", "https://dav.example.org/cal/")
