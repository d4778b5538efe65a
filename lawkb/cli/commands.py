"""The whole typer application: importing this module registers every command on `app`."""

from __future__ import annotations

# Importing each command module registers its commands on the app; help lists them in this order.
# isort: off
from . import listshow, penalty, search, sentence  # noqa: F401
from . import diff, bills, timeline, handout, export  # noqa: F401
from . import validate, cache, watch  # noqa: F401
# isort: on
from .app import app

__all__ = ["app"]
