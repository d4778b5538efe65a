"""What every command shares that needs no typer: writing to the terminal, turning failures into exit codes, loading the
knowledge base for a query. The typer application (`app.py`) and the quick dispatcher (`quick.py`) both use it."""

from __future__ import annotations

import os
import sys
from typing import Any

from ..errors import ExitCode, LawkbError


class OutputClosedError(Exception):
    """Standard output is closed or cannot take more text (a closed descriptor, a full disk)."""


class CommandExit(Exception):
    """A command ends with this exit code after saying what it had to say."""

    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


def echo(text: str = "", *, err: bool = False) -> None:
    stream = sys.stderr if err else sys.stdout
    if stream is None:
        if err:
            return
        raise OutputClosedError("standard output is closed")
    try:
        stream.write(text + "\n")
    except BrokenPipeError:
        raise
    except OSError as exc:
        if err:
            return
        raise OutputClosedError(f"cannot write to standard output: {exc.strerror or exc}") from None


def report_error(exc: LawkbError) -> None:
    echo(f"lawkb: error[{exc.code}]: {exc.message}", err=True)
    if exc.hint:
        echo(f"    hint: {exc.hint}", err=True)


def failure_code(exc: Exception) -> int:
    """Say what went wrong and give the exit code; called while `exc` is being handled (LAWKB_DEBUG re-raises it)."""
    if isinstance(exc, CommandExit):
        return exc.code
    if isinstance(exc, LawkbError):
        report_error(exc)
        return int(exc.exit_code)
    if isinstance(exc, BrokenPipeError):
        return 0
    if isinstance(exc, OutputClosedError):
        echo(f"lawkb: error[output-unwritable]: {exc}", err=True)
        return int(ExitCode.USAGE)
    # The last line of defence: a bug must not show a traceback.
    if os.environ.get("LAWKB_DEBUG"):
        raise exc
    echo(f"lawkb: error[internal]: {type(exc).__name__}: {exc}", err=True)
    echo("    hint: this is a bug in lawkb; run again with LAWKB_DEBUG=1 to see where it happened", err=True)
    return int(ExitCode.INVALID)


def load_kb_or_fail(kb_path: str | None) -> Any:
    """Load the knowledge base for a query, from the cache when no file changed; refuse to answer from invalid data."""
    from .. import cache
    from ..errors import InvalidDataError
    from ..load import display_path, load_kb, resolve_kb_path

    root = resolve_kb_path(kb_path)
    fresh = cache.open_fresh(root, cache.active_directory(), lambda: load_kb(root, cache_dir=None).kb.records)
    if fresh is not None:
        if fresh.errors and fresh.first_error is not None:
            rel, line, col, message = fresh.first_error
            raise InvalidDataError("kb-invalid", f"the knowledge base at {root} has {fresh.errors} error(s); first: "
                                   f"{display_path(root / rel)}:{line}:{col}: {message}", "run 'lawkb validate' to see them all")
        return fresh.kb
    result = load_kb(root)
    if result.errors:
        first = result.errors[0]
        raise InvalidDataError("kb-invalid", f"the knowledge base at {root} has {len(result.errors)} error(s); first: "
                               f"{first.file}:{first.line}:{first.col}: {first.message}", "run 'lawkb validate' to see them all")
    return result.kb


def print_json(obj: object) -> None:
    from ..report import dumps

    echo(dumps(obj))
