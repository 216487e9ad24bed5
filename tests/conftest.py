"""Shared fixtures: the seed article, the real-news sample in ../shared (when present), the gazetteer."""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from stance import load_gazetteer, read_article

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "000_3ffcf151adeb4a7b.txt"
SEED_DATE = date(2024, 6, 19)
SHARED = ROOT.parent / "shared"
REALNEWS = SHARED / "realnews" / "dev.jsonl"

# Property tests (tests/test_properties.py). "default": 130 examples a test, over 500 in all, the same
# ones every run (derandomised) so CI does not turn red by chance; "long" (HYPOTHESIS_PROFILE=long):
# 20,000 fresh examples a test, for a search before a release. No deadline: the scorer's first call
# loads models, and a slow example is not a failure.
_QUIET = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example]
# "long" is registered first: a profile inherits from the one in force, and it must not inherit derandomize.
settings.register_profile("long", max_examples=20_000, derandomize=False, deadline=None, suppress_health_check=_QUIET)
settings.register_profile("default", max_examples=130, derandomize=True, deadline=None, suppress_health_check=_QUIET)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


@pytest.fixture(scope="session")
def gazetteer():
    return load_gazetteer()


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_reading(seed_text, gazetteer):
    return read_article(seed_text, SEED_DATE, gazetteer)


@pytest.fixture(scope="session")
def realnews_path() -> Path:
    if not REALNEWS.is_file():
        pytest.skip("../shared/realnews/dev.jsonl is not present")
    return REALNEWS


@pytest.fixture(scope="session")
def realnews_records(realnews_path) -> list[dict]:
    return [json.loads(line) for line in realnews_path.read_text(encoding="utf-8").splitlines() if line.strip()]
