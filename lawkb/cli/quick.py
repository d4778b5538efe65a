"""The quick dispatcher: `penalty`, `show` and `search` answered without loading typer.

Loading typer (and the pydantic it converts parameters with) costs more than a warm query's own work, so the command
lines people type most are parsed here first. Only a plain subset is taken: the command's own options, each at most
once, with a value that needs no conversion beyond choosing from a list or reading a whole number. Anything else —
help, `--version`, an unknown option, a missing or odd value, a short option with its value attached, `--` — is left to
the typer application, which gives the usage errors and the help. What is taken runs the same code as the typer
command (`queries.py`), with the same defaults and environment variables; tests/cli/test_quick.py checks both the
option tables against the typer commands and the answers against the typer path, command line by command line.
"""

from __future__ import annotations

import os

VALUE = "value"
FLAG = "flag"
NUMBER = "number"
LANGS = ("ko", "en", "both")
FORMATS = ("text", "json")

# option name -> (parameter, what it takes: VALUE, FLAG, NUMBER or a tuple of choices)
GLOBAL: dict[str, tuple[str, object]] = {"--cache-dir": ("cache_dir", VALUE), "--no-cache": ("no_cache", FLAG)}
_SHARED: dict[str, tuple[str, object]] = {"--lang": ("lang", LANGS), "--format": ("fmt", FORMATS), "-f": ("fmt", FORMATS),
                                          "--kb": ("kb", VALUE)}
_DATED: dict[str, tuple[str, object]] = {"--as-of": ("as_of", VALUE), **_SHARED}  # penalty and show take the same options
COMMANDS: dict[str, dict[str, tuple[str, object]]] = {
    "penalty": _DATED,
    "show": _DATED,
    "search": {"--kind": ("kind", VALUE), "-k": ("kind", VALUE), "--limit": ("limit", NUMBER), "-n": ("limit", NUMBER), **_SHARED},
}
# each command's positional parameter (one or more words) and its option defaults
WORDS = {"penalty": "words", "show": "words", "search": "text"}
_DATED_DEFAULTS: dict[str, object] = {"as_of": None, "lang": "both", "fmt": "text", "kb": None}
DEFAULTS: dict[str, dict[str, object]] = {
    "penalty": _DATED_DEFAULTS,
    "show": _DATED_DEFAULTS,
    "search": {"kind": None, "limit": 20, "lang": "both", "fmt": "text", "kb": None},
}
# parameter -> environment variable read when the option is not given (an empty value counts as unset, as in typer)
ENVVARS = {"cache_dir": "LAWKB_CACHE_DIR", "kb": "LAWKB_PATH"}
_MAX_DIGITS = 9


class Parsed:
    __slots__ = ("command", "values", "cache_dir", "no_cache")

    def __init__(self, command: str, values: dict[str, object], cache_dir: str | None, no_cache: bool) -> None:
        self.command = command
        self.values = values
        self.cache_dir = cache_dir
        self.no_cache = no_cache


def _option(argv: list[str], i: int, table: dict[str, tuple[str, object]], seen: dict[str, object]) -> int | None:
    """Take the option at argv[i] into `seen`; the index after it, or None if it is not one this dispatcher takes."""
    token = argv[i]
    name, eq, inline = token.partition("=") if token.startswith("--") else (token, "", "")
    spec = table.get(name)
    if spec is None:
        return None
    param, takes = spec
    if param in seen:
        return None
    if takes is FLAG:
        if eq:
            return None
        seen[param] = True
        return i + 1
    if eq:
        value, after = inline, i + 1
    elif i + 1 < len(argv):
        value, after = argv[i + 1], i + 2
    else:
        return None
    if not value or value.startswith("-"):
        return None
    if takes is NUMBER:
        if len(value) > _MAX_DIGITS or not (value.isascii() and value.isdigit()):
            return None
        seen[param] = int(value)
    elif isinstance(takes, tuple):
        if value not in takes:
            return None
        seen[param] = value
    else:
        seen[param] = value
    return after


def parse(argv: list[str], environ: dict[str, str] | os._Environ[str] = os.environ) -> Parsed | None:
    """The command line as this dispatcher understands it, or None to leave it to typer."""
    if os.name != "posix" or environ.get("LAWKB_NO_CACHE") or environ.get("_LAWKB_COMPLETE"):
        return None  # typer reads the flag's many spellings, and answers shell completion
    glob: dict[str, object] = {}
    i = 0
    while i < len(argv) and argv[i] not in COMMANDS:
        after = _option(argv, i, GLOBAL, glob)
        if after is None:
            return None
        i = after
    if i >= len(argv):
        return None
    command = argv[i]
    table = COMMANDS[command]
    given: dict[str, object] = {}
    words: list[str] = []
    i += 1
    while i < len(argv):
        token = argv[i]
        if token.startswith("-"):
            after = _option(argv, i, table, given)
            if after is None:
                return None
            i = after
        else:
            words.append(token)
            i += 1
    if not words:
        return None
    values = {WORDS[command]: words, **DEFAULTS[command]}
    for param, env in ENVVARS.items():
        if param in values and param not in given:
            values[param] = environ.get(env) or None
    values.update(given)
    cache_dir = glob.get("cache_dir")
    if cache_dir is None:
        cache_dir = environ.get(ENVVARS["cache_dir"]) or None
    return Parsed(command, values, cache_dir if isinstance(cache_dir, str) else None, bool(glob.get("no_cache")))


def dispatch(argv: list[str]) -> int | None:
    """Run the command line if this dispatcher takes it and give its exit code; None to leave it to typer."""
    if os.environ.get("LAWKB_TYPER_ONLY"):
        return None
    parsed = parse(argv)
    if parsed is None:
        return None
    from .. import cache
    from .common import failure_code

    cache.configure(parsed.cache_dir, enabled=not parsed.no_cache)
    try:
        from . import queries

        getattr(queries, parsed.command)(**parsed.values)
        return 0
    except KeyboardInterrupt:
        return 130  # as typer ends on Ctrl-C: quietly, with 128 + SIGINT
    except Exception as exc:
        return failure_code(exc)
    finally:
        cache.reset()
