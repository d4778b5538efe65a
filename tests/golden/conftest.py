"""Golden files: expected command output kept next to these tests and compared exactly.

They change only on purpose. Refresh them with `LAWKB_UPDATE_GOLDEN=1 python3 -m pytest tests/golden`, or with
`python3 -m pytest tests/golden --update-golden` (the option is known when this folder is named on the command line),
then read the diff before committing it.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Callable
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
FIXED_TODAY = "2026-11-21"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", default=False, help="rewrite golden files from the current output")


def updating(config: pytest.Config) -> bool:
    return os.environ.get("LAWKB_UPDATE_GOLDEN") == "1" or bool(config.getoption("--update-golden", default=False))


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Callable[[str, str], None]:
    """golden(relative path, actual text): compare with the stored file, or rewrite it when updating."""
    update = updating(request.config)

    def check(name: str, actual: str) -> None:
        path = HERE / name
        if update:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(actual, encoding="utf-8")
            return
        assert path.exists(), f"no golden file {name}; create it with LAWKB_UPDATE_GOLDEN=1 and review it"
        expected = path.read_text(encoding="utf-8")
        if actual != expected:
            diff = "".join(difflib.unified_diff(expected.splitlines(True), actual.splitlines(True), f"golden/{name}", "actual"))
            pytest.fail(f"output differs from golden/{name}:\n{diff}", pytrace=False)

    return check


@pytest.fixture
def run_fixed(invoke, monkeypatch) -> Callable[..., str]:
    """Run the CLI as a 100-column terminal without colour, on a fixed 'today'; return stdout after checking exit 0."""
    import lawkb.query

    monkeypatch.setattr(lawkb.query, "today", lambda: FIXED_TODAY)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.delenv("TTY_COMPATIBLE", raising=False)

    def run(*args: str) -> str:
        result = invoke(*args, env={"COLUMNS": "100", "LINES": "50", "NO_COLOR": "1", "TERM": "dumb"})
        assert result.exit_code == 0, result.output
        return result.stdout

    return run
