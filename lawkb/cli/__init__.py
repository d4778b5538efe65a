"""Command-line interface: options are parsed here, the core does the work."""

from __future__ import annotations

# This package imports nothing at start-up: `main` first offers the command line to the quick dispatcher (quick.py), which
# answers the common queries without loading typer; everything else goes to the typer application, `commands.app`
# (import it from there: `lawkb.cli.app` is the module that defines it).


def main() -> None:
    import os
    import sys

    try:
        from .quick import dispatch

        code = dispatch(sys.argv[1:])
        if code is not None:
            sys.exit(code)
        from .commands import app

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
