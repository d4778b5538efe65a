"""The typer application, shared options and the one place where errors become exit codes."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

import typer

from .common import echo, failure_code, load_kb_or_fail, print_json

__all__ = ["app", "echo", "guarded", "kb_option", "load_kb_or_fail", "print_json"]  # echo and the rest: for the command modules

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


def guarded(func: F) -> F:
    """Run a command so that every failure is a message and an exit code, never a traceback."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except (typer.Exit, typer.Abort, typer.BadParameter, KeyboardInterrupt, SystemExit):
            raise
        except Exception as exc:
            raise typer.Exit(failure_code(exc)) from None

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
