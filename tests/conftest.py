"""Shared fixtures: the fixture knowledge bases and a CLI runner."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

TESTS = Path(__file__).resolve().parent
DATA = TESTS / "data"
VALID_KB = DATA / "valid"
INVALID = DATA / "invalid"
REPO = TESTS.parent
ANSWERS = str(DATA / "answers")
WIDE = {"COLUMNS": "250"}


def screen(output: str) -> list[str]:
    """Terminal output as a reader sees it: box drawing and runs of spaces removed, blank lines dropped."""
    lines = []
    for raw in output.splitlines():
        line = re.sub(r" {2,}", " ", re.sub(r"[│╭╮╰╯─]", "", raw)).strip()
        if line:
            lines.append(line)
    return lines


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def invoke(runner, monkeypatch):
    """Run the CLI in-process with the bundled KB unless LAWKB_PATH/--kb says otherwise."""
    from lawkb.cli.commands import app

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
