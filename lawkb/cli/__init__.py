"""Command-line interface: options are parsed here, the core does the work."""

from __future__ import annotations

# Importing each command module registers its commands on the app; help lists them in this order.
# isort: off
from . import listshow, penalty, search, sentence  # noqa: F401
from . import diff, bills, timeline, handout, export  # noqa: F401
from . import validate, cache  # noqa: F401
# isort: on
from .app import app


def main() -> None:
    import os
    import sys

    try:
        app()
    except OSError as exc:
        # Help and usage text are written before any command runs; a closed pipe or a full disk there must not
        # end in a traceback, nor in a second one when Python flushes standard output on the way out.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        if isinstance(exc, BrokenPipeError):
            sys.exit(0)
        if exc.filename is None:
            sys.stderr.write(f"lawkb: error[output-unwritable]: cannot write to standard output: {exc.strerror or exc}\n")
            sys.exit(2)
        sys.stderr.write(f"lawkb: error[internal]: {type(exc).__name__}: {exc}\n")
        sys.exit(1)
