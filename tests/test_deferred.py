"""Modules keyring imports but does not use here, run only when used (store/deferred.py),
in fresh processes: the keyring a user has is found and used as before, and what it does
not use is never run."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow


def python(code: str, env: dict[str, str]) -> dict[str, object]:
    """Run `code` in a fresh Python; it prints one JSON document, returned."""
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert isinstance(result, dict)
    return result


def clean_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON_KEYRING")}
    # No keyringrc.cfg: keyring's configuration lies under XDG_CONFIG_HOME.
    return env | {"XDG_CONFIG_HOME": str(tmp_path / "config")} | extra


def test_a_deferred_module_runs_at_its_first_use_into_the_same_object(tmp_path: Path) -> None:
    result = python(
        "import json, sys\n"
        "from mentorlog.store import deferred\n"
        "assert deferred.deferring(['urllib.request']) == ['urllib.request']\n"
        "import urllib.request\n"
        "held = urllib.request\n"
        "after_import = deferred.deferred('urllib.request')\n"
        "from urllib.request import Request\n"
        "print(json.dumps({'after_import': after_import,\n"
        "    'after_use': deferred.deferred('urllib.request'),\n"
        "    'same': sys.modules['urllib.request'] is held and Request is held.Request,\n"
        "    'works': Request('https://example.org/a').host}))\n",
        clean_env(tmp_path),
    )
    assert result == {
        "after_import": True,
        "after_use": False,
        "same": True,
        "works": "example.org",
    }


def test_keyring_uses_a_configured_backend_and_never_runs_what_it_does_not_use(
    tmp_path: Path,
) -> None:
    env = clean_env(
        tmp_path,
        PYTHON_KEYRING_BACKEND="keyrings.alt.file.PlaintextKeyring",
        XDG_DATA_HOME=str(tmp_path / "data"),
    )
    result = python(
        "import json\n"
        "from mentorlog.store import deferred, keys\n"
        "ring = keys._keyring()\n"
        "ring.set_password('mentorlog', 'age1test', 'AGE-SECRET-KEY-1TEST')\n"
        "print(json.dumps({'password': ring.get_password('mentorlog', 'age1test'),\n"
        "    'backend': type(ring.get_keyring()).__name__,\n"
        "    'unrun': [n for n in keys.KEYRING_UNUSED if deferred.deferred(n)]}))\n",
        env,
    )
    assert result == {
        "password": "AGE-SECRET-KEY-1TEST",
        "backend": "PlaintextKeyring",
        "unrun": ["urllib.request", "importlib_metadata", "more_itertools"],
    }


def test_with_no_backend_configured_keyring_detects_the_same_one_through_its_plugins(
    tmp_path: Path,
) -> None:
    """Detection reads the backends' entry points (importlib_metadata): run when asked."""
    probe = (
        "import json, keyring, keyring.backend\n"
        "print(json.dumps({'chosen': type(keyring.get_keyring()).__name__,\n"
        "    'all': sorted(type(k).__name__ for k in keyring.backend.get_all_keyring()),\n"
        "    'metadata_ran': not deferred.deferred('importlib_metadata')}))\n"
    )
    env = clean_env(tmp_path, XDG_DATA_HOME=str(tmp_path / "data"))
    plain = python(f"from mentorlog.store import deferred\n{probe}", env)
    with_deferral = python(
        f"from mentorlog.store import deferred, keys\nkeys._keyring()\n{probe}", env
    )
    assert with_deferral == plain
    assert plain["metadata_ran"] is True
    assert plain["all"], "keyring found no backend at all"
