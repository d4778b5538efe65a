"""Command-line interface: options are parsed here, the core does the work."""

from __future__ import annotations

from .app import app
from . import validate as _validate  # noqa: F401  (registers commands)


def main() -> None:
    app()
