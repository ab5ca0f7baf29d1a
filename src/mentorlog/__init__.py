"""mentorlog: a terminal-first mentorship journal."""

from __future__ import annotations

__version__ = "0.1.0"
