"""Command-line interface: options are parsed here, the core does the work."""

from __future__ import annotations

from .app import app
from . import validate as _validate  # noqa: F401  (registers commands)
from . import export as _export, listshow as _listshow, penalty as _penalty, search as _search  # noqa: F401
from . import bills as _bills, diff as _diff, timeline as _timeline  # noqa: F401
from . import sentence as _sentence  # noqa: F401
from . import handout as _handout  # noqa: F401
from . import cache as _cache  # noqa: F401


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
