"""khal and todoman as the tests run them on a vdir (a folder of .ics files): where the
installed ones are, and a khal configuration that prints times the same on every machine."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path


def installed(name: str) -> Path:
    """The program installed with the test extra, beside this Python; else one on PATH."""
    beside = Path(sys.executable).with_name(name)
    return beside if beside.exists() else Path(shutil.which(name) or beside)


KHAL, TODO = installed("khal"), installed("todo")

_KHAL_CONFIG = """[calendars]
[[{name}]]
path = {vdir}
type = calendar
[locale]
timeformat = %H:%M
dateformat = %Y-%m-%d
longdateformat = %Y-%m-%d
datetimeformat = %Y-%m-%d %H:%M
longdatetimeformat = %Y-%m-%d %H:%M
local_timezone = UTC
default_timezone = UTC
[sqlite]
path = {home}/khal.db
"""


def khal_config(name: str, vdir: Path | str, home: Path) -> str:
    """A khal configuration with one calendar `name` at `vdir`, in UTC, ISO dates, its
    database in `home`."""
    return _KHAL_CONFIG.format(name=name, vdir=vdir, home=home)
