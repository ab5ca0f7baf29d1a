"""Modules a library imports but this command will not use, loaded only if it does.

`keyring` imports, through jaraco.context, jaraco.functools and its compatibility layer,
`urllib.request` (with http.client, email, ssl), `more_itertools` and `importlib_metadata`:
about 25 ms of every command in an encrypted home, where the one thing asked of keyring is
a password from the backend named by its configuration. urllib.request serves only
jaraco.context's tarball download, importlib_metadata only the search for backend plugins
when none is configured, more_itertools only functions keyring does not call here.

`deferring(names)` puts in `sys.modules`, for each of them not imported yet, the module
object the import system would make for it, not run: a later `import` binds it as it
is, and the first attribute it is asked for that it does not have yet runs the module's
code into that same object (importlib's own `exec_module`), so every reference anyone took
sees the real module. Unlike `importlib.util.LazyLoader`, whose module runs its code when
the import statement itself looks at its `__spec__` (Python 3.11 does, on every import of a
module already in `sys.modules`), the spec and the other attributes the import system
reads are there from the start.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import threading
import types
from collections.abc import Iterable
from typing import Any

_loading = threading.RLock()


class _Deferred(types.ModuleType):
    """A module whose code has not run yet: it runs at the first attribute missing."""

    def __getattr__(self, name: str) -> Any:
        _load(self)
        return getattr(self, name)


def _load(module: types.ModuleType) -> None:
    with _loading:
        if type(module) is not _Deferred:  # another thread, or a recursive import, did it
            return
        _become(module, types.ModuleType)
        spec = module.__spec__
        assert spec is not None
        assert spec.loader is not None
        try:
            spec.loader.exec_module(module)
        except BaseException:
            sys.modules.pop(spec.name, None)
            raise


def _become(module: types.ModuleType, kind: type[types.ModuleType]) -> None:
    module.__class__ = kind


def deferring(names: Iterable[str]) -> list[str]:
    """Defer each module of `names` that is not imported yet (and can be found); returns
    those deferred."""
    done = []
    for name in names:
        if name in sys.modules:
            continue
        parent, _, child = name.rpartition(".")
        if parent:
            importlib.import_module(parent)
        spec = importlib.util.find_spec(name)
        if spec is None or spec.loader is None:
            continue
        module = importlib.util.module_from_spec(spec)
        _become(module, _Deferred)
        sys.modules[name] = module
        if parent:
            setattr(sys.modules[parent], child, module)
        done.append(name)
    return done


def deferred(name: str) -> bool:
    """Whether the module `name` is imported but has not run yet."""
    return type(sys.modules.get(name)) is _Deferred
