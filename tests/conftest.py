"""Shared fixtures: the fixture knowledge bases and a CLI runner."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

TESTS = Path(__file__).resolve().parent
DATA = TESTS / "data"
VALID_KB = DATA / "valid"
INVALID = DATA / "invalid"
REPO = TESTS.parent


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def invoke(runner, monkeypatch):
    """Run the CLI in-process with the bundled KB unless LAWKB_PATH/--kb says otherwise."""
    from lawkb.cli import app

    monkeypatch.delenv("LAWKB_PATH", raising=False)

    def run(*args: str, env: dict[str, str] | None = None, input: str | None = None):
        return runner.invoke(app, list(args), env=env, input=input, catch_exceptions=False)

    return run


@pytest.fixture(scope="session")
def bundled_kb():
    from lawkb.load import bundled_kb_path, load_kb

    result = load_kb(bundled_kb_path())
    assert not result.errors, [f"{d.file}:{d.line}: {d.message}" for d in result.errors[:5]]
    return result.kb
