"""Fixtures shared by the cache tests: no cache settings from the environment, a copy of the valid KB, a cache folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import VALID_KB


@pytest.fixture(autouse=True)
def _no_cache_settings_from_the_environment(monkeypatch):
    monkeypatch.delenv("LAWKB_NO_CACHE", raising=False)
    monkeypatch.delenv("LAWKB_CACHE_DIR", raising=False)


@pytest.fixture
def kb(tmp_path: Path) -> Path:
    """A copy of the valid fixture KB that a test may edit (modules with their own `kb` fixture keep theirs)."""
    root = tmp_path / "kb"
    shutil.copytree(VALID_KB, root)
    return root


@pytest.fixture
def cache_dir(tmp_path: Path) -> Path:
    return tmp_path / "cache"
