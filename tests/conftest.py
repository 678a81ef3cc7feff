"""Shared fixtures and the hypothesis profiles.

CI uses the ``ci`` profile (derandomized, so a run cannot flake); set
``HYPOTHESIS_PROFILE=dev`` locally for fresh random examples, or
``HYPOTHESIS_PROFILE=long`` to search much longer.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    derandomize=True,
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", max_examples=200, deadline=None)
settings.register_profile("long", max_examples=20_000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def root() -> Path:
    return ROOT


# One language for the whole suite, whatever the machine's locale (en: the suite
# asserts English messages; zh is tested with --lang zh, e.g. tests/test_i18n.py).
os.environ["PERFEVAL_LANG"] = "en"
