"""The typer application, shared options and the one place where errors become exit codes."""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import typer

from ..errors import ExitCode, LawkbError

app = typer.Typer(
    name="lawkb",
    help="Korean law on digital sex crimes: statutes by date, penalties, sentencing guidelines, directives and cases.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

F = TypeVar("F", bound=Callable[..., Any])

FORMAT_HELP = "Output format."


def kb_option() -> Any:
    return typer.Option(None, "--kb", envvar="LAWKB_PATH", metavar="PATH",
                        help="Knowledge base folder (statutes/ and guidelines/); default: the bundled one. Env: LAWKB_PATH.")


class OutputClosedError(Exception):
    """Standard output is closed or cannot take more text (a closed descriptor, a full disk)."""


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


def guarded(func: F) -> F:
    """Run a command so that every failure is a message and an exit code, never a traceback."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except LawkbError as exc:
            report_error(exc)
            raise typer.Exit(int(exc.exit_code)) from None
        except (typer.Exit, typer.Abort, typer.BadParameter, KeyboardInterrupt, SystemExit):
            raise
        except BrokenPipeError:
            raise typer.Exit(0) from None
        except OutputClosedError as exc:
            echo(f"lawkb: error[output-unwritable]: {exc}", err=True)
            raise typer.Exit(int(ExitCode.USAGE)) from None
        except Exception as exc:  # the last line of defence: a bug must not show a traceback
            if os.environ.get("LAWKB_DEBUG"):
                raise
            echo(f"lawkb: error[internal]: {type(exc).__name__}: {exc}", err=True)
            echo("    hint: this is a bug in lawkb; run again with LAWKB_DEBUG=1 to see where it happened", err=True)
            raise typer.Exit(int(ExitCode.INVALID)) from None

    return wrapper  # type: ignore[return-value]


def _print_version(value: bool) -> None:
    if not value:
        return
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as package_version

    try:
        echo(f"lawkb {package_version('lawkb')}")
    except PackageNotFoundError:
        echo("lawkb (not installed; running from a source tree)")
    raise typer.Exit(0)


@app.callback()
def _global_options(
    ctx: typer.Context,
    cache_dir: str | None = typer.Option(None, "--cache-dir", envvar="LAWKB_CACHE_DIR", metavar="DIR", show_envvar=False,
                                         help="Where the compiled cache is kept (default: the user cache directory). Env: LAWKB_CACHE_DIR."),
    no_cache: bool = typer.Option(False, "--no-cache", envvar="LAWKB_NO_CACHE", show_envvar=False,
                                  help="Read and check every YAML file each time; neither read nor write the cache. Env: LAWKB_NO_CACHE."),
    version: bool = typer.Option(False, "--version", is_eager=True, callback=_print_version, help="Print lawkb's version and exit."),
) -> None:
    from .. import cache

    cache.configure(cache_dir, enabled=not no_cache)
    ctx.call_on_close(cache.reset)  # library calls after the command (as in tests) get no cache unless they ask


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
