"""Hypothesis profiles, chosen with HYPOTHESIS_PROFILE.

`dev`, the default, is the quick loop: 25 examples a property, enough to catch a broken
parser while editing. `ci` (`.ci/run`) explores: 300 examples, no deadline. A test that sets
its own number with `examples(n)` gets `n` under `ci` and no more than the profile allows
under `dev`.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci", max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("dev", max_examples=25, deadline=None)


def load_profile() -> None:
    settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


def examples(wanted: int) -> int:
    """A test's own number of examples, capped by the profile loaded (300 under `ci`)."""
    return min(wanted, settings.default.max_examples)
