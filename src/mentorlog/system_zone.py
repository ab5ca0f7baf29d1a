"""The system's zone name where it is plain to see, without importing tzlocal.

With no `timezone` in config.toml and no MENTORLOG_TZ, every command asks for the system's
zone, and tzlocal's answer cost 16 ms of a 50 ms `goal list`: its import brings `logging`,
`calendar` and `locale`. On most systems the answer is plain: `/etc/localtime` is a link
into a zoneinfo folder (systemd, macOS), and `/etc/timezone`, where there is one (Debian,
Ubuntu), names the same zone. `plain_name` reads those two as tzlocal reads them and gives
the same name; for anything else (a `TZ` variable, Termux, another config file tzlocal
reads, a `/etc/timezone` of more than one plain line, two sources that disagree, Windows)
it answers UNSURE and the caller asks tzlocal, as before. Held to tzlocal's own reading over
folders of such files by tests/test_system_zone.py.
"""

from __future__ import annotations

import os
import sys
import zoneinfo

# What `plain_name` answers where only tzlocal can tell.
UNSURE = "?"
# The files tzlocal reads besides /etc/localtime and /etc/timezone: any of them, and the
# answer is left to tzlocal.
_OTHER_SOURCES = (
    "system/bin/getprop",
    "var/db/zoneinfo",
    "etc/sysconfig/clock",
    "etc/conf.d/clock",
)


def plain_name(root: str = "/") -> str | None:
    """The system's zone name as `tzlocal.get_localzone_name()` gives it (None: none found),
    read under `root`; UNSURE where the answer is not plain (ask tzlocal)."""
    if sys.platform == "win32" or "TZ" in os.environ:
        return UNSURE
    if any(os.path.lexists(os.path.join(root, name)) for name in _OTHER_SOURCES):
        return UNSURE
    named = _etc_timezone(os.path.join(root, "etc/timezone"))
    if named == UNSURE:
        return UNSURE
    linked = _linked(os.path.join(root, "etc/localtime"))
    if linked == UNSURE:
        return UNSURE
    if named is not None and linked is not None and named != linked:
        return UNSURE  # tzlocal compares them through /usr/share/zoneinfo, and may warn
    return named if named is not None else linked


def _etc_timezone(path: str) -> str | None:
    """The zone /etc/timezone names, where it holds one plain name on a line (None: no
    such file, or nothing in it); UNSURE for anything else."""
    if not os.path.lexists(path):
        return None
    try:
        with open(path, encoding="ascii") as file:
            data = file.read()
    except (OSError, UnicodeDecodeError):
        return UNSURE  # tzlocal skips it; so would we, but a folder or a binary is odd
    text = data.strip("/ \t\r\n")
    if not text:
        return None
    if any(c in text for c in " \t\r\n#\v\f\x1c\x1d\x1e\x85\u2028\u2029"):
        return UNSURE  # more than one line, a comment or a host: tzlocal's own reading
    return text


def _linked(path: str) -> str | None:
    """The zone /etc/localtime links to, read as tzlocal reads it: the link resolved, then
    its path from each `/` on until a zone of that name loads (None: not a link, or no part
    of it a zone); UNSURE where loading a name fails otherwise than "not found"."""
    if not (os.path.exists(path) and os.path.islink(path)):
        return None
    target = os.path.realpath(path)
    start = target.find("/") + 1
    while start != 0:
        target = target[start:]
        if _zone_file(target):
            try:
                zoneinfo.ZoneInfo(target)
            except Exception:
                return UNSURE
            return target.replace(" ", "_")
        start = target.find("/") + 1
    return None


def _zone_file(key: str) -> bool:
    """Whether `zoneinfo.ZoneInfo(key)` may find something for `key` (a file, or a folder
    it stumbles on): under a folder of its TZPATH, or in the tzdata package. Asked before
    ZoneInfo is, because a name it does not find sends it to the tzdata package through
    `importlib.resources` (which imports `typing`), for each of the link's longer paths
    (`usr/share/zoneinfo/...`)."""
    if not key or key.startswith("/") or ".." in key.split("/"):
        return True  # ZoneInfo refuses such a key: let it say so (UNSURE above)
    for folder in zoneinfo.TZPATH:
        if os.path.exists(os.path.join(folder, key)):
            return True
    import importlib.util

    spec = importlib.util.find_spec("tzdata")
    places = [] if spec is None else spec.submodule_search_locations or []
    return any(os.path.exists(os.path.join(place, "zoneinfo", key)) for place in places)
