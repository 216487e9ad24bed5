"""Shared fixtures: the seed article, the real-news sample in ../shared (when present), the gazetteer."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from stance import load_gazetteer, read_article

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "000_3ffcf151adeb4a7b.txt"
SEED_DATE = date(2024, 6, 19)
SHARED = ROOT.parent / "shared"
REALNEWS = SHARED / "realnews" / "dev.jsonl"


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
