"""Start-up discipline: `lawkb --help` stays light."""

from __future__ import annotations

import subprocess
import sys

PROBE = """
import sys
from lawkb.cli import app
try:
    app(["--help"])
except SystemExit:
    pass
heavy = [m for m in ("jsonschema", "jinja2", "weasyprint", "rich.table", "sqlite3") if m in sys.modules]
print("HEAVY:" + ",".join(heavy))
"""


def test_help_does_not_import_heavy_modules():
    out = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, check=True).stdout
    assert out.strip().splitlines()[-1] == "HEAVY:"
