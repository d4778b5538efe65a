"""Start-up discipline: `lawkb --help` stays light, and a query on a warm cache reads no YAML and checks nothing."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.conftest import REPO, VALID_KB

PROBE = """
import sys
from lawkb.cli.commands import app
try:
    app(["--help"])
except SystemExit:
    pass
heavy = [m for m in ("jsonschema", "jinja2", "weasyprint", "rich.table", "sqlite3") if m in sys.modules]
print("HEAVY:" + ",".join(heavy))
"""

# Run a command in this process, then say which modules it needed that a cached query must not need:
# the validators, the templates, the PDF backend, and the YAML parser itself (nothing is parsed).
QUERY_PROBE = """
import sys
from lawkb.cli.commands import app
try:
    app(sys.argv[1:])
except SystemExit as exc:
    code = exc.code
else:
    code = 0
heavy = [m for m in ("jsonschema", "jsonschema_rs", "jinja2", "weasyprint", "yaml", "lawkb.yamlio", "lawkb.checks") if m in sys.modules]
print("HEAVY:" + ",".join(heavy) + " EXIT:" + str(code), file=sys.stderr)
"""


def test_help_does_not_import_heavy_modules():
    out = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, check=True).stdout
    assert out.strip().splitlines()[-1] == "HEAVY:"


def probe(*args: str) -> str:
    env = {k: v for k, v in os.environ.items() if k not in ("LAWKB_NO_CACHE", "LAWKB_CACHE_DIR", "LAWKB_PATH")}
    done = subprocess.run([sys.executable, "-c", QUERY_PROBE, *args], capture_output=True, text=True, cwd=REPO, timeout=120, env=env)
    return done.stderr.strip().splitlines()[-1]


@pytest.mark.parametrize("command", [
    ("stats",),
    ("show", "csem-possession"),
    ("show", "youth-protection.11", "--as-of", "2021-01-01"),
    ("penalty", "csem-possession", "--as-of", "2021-01-01"),
    ("list", "offence"),
    ("search", "소지"),  # the second search reads the stored index in place
])
def test_cached_query_parses_and_checks_nothing(tmp_path, command):
    where = ("--cache-dir", str(tmp_path / "cache"))
    cold = probe(*where, *command, "--kb", str(VALID_KB))
    assert cold.endswith("EXIT:0") and "yaml" in cold  # the first run reads the YAML and writes the cache
    assert probe(*where, *command, "--kb", str(VALID_KB)) == "HEAVY: EXIT:0"


def test_query_after_an_edit_reads_again(tmp_path):
    """The cache never stands in for a changed file: the next query parses (and the one after does not)."""
    import shutil

    root = tmp_path / "kb"
    shutil.copytree(VALID_KB, root)
    where = ("--cache-dir", str(tmp_path / "cache"))
    probe(*where, "stats", "--kb", str(root))
    target = root / "statutes/offences/csem-possession.yaml"
    target.write_text(target.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert "yaml" in probe(*where, "stats", "--kb", str(root))
    assert probe(*where, "stats", "--kb", str(root)) == "HEAVY: EXIT:0"
