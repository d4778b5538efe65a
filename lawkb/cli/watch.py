"""`lawkb watch`: keep a watcher running so that queries need not check every record file."""

from __future__ import annotations

import typer

from .app import app, echo, guarded, kb_option, print_json
from .listshow import OutputFormat


@app.command()
@guarded
def watch(
    fmt: OutputFormat = typer.Option(OutputFormat.text, "--format", "-f",
                                    help="text (one line on standard error), or json (one object on standard output once watching)."),
    kb: str | None = kb_option(),
) -> None:
    """Watch the knowledge base's folders (Linux inotify) and tell queries when nothing changed, until Ctrl-C or SIGTERM."""
    import sys

    from .. import cache as kbcache
    from ..errors import LawkbError, UsageError
    from ..load import load_kb, resolve_kb_path
    from ..report import envelope
    from ..watch import checked_socket_path, serve

    directory = kbcache.active_directory()
    if directory is None:
        raise UsageError("watch-no-cache", "the cache is off (--no-cache or LAWKB_NO_CACHE), and a watcher serves the cache",
                         "run 'lawkb watch' with the cache on")
    root = resolve_kb_path(kb)
    where = checked_socket_path(kbcache.cache_path(directory, root))  # before the load: refuse before any work
    result = load_kb(root)  # writes the cache file the watcher then vouches for, whether the knowledge base is valid or not
    if result.cache_problem is not None:
        raise LawkbError("watch-no-cache", result.cache_problem, "choose a writable cache directory with --cache-dir")
    errors = len(result.errors)
    del result  # the watcher needs none of it, and may run for days

    def ready(folders: int) -> None:
        if fmt is OutputFormat.json:
            print_json(envelope("watch", knowledge_base=str(root), folders=folders, errors=errors,
                                socket=str(where)))
            sys.stdout.flush()
            return
        invalid = f" (it has {errors} error{'' if errors == 1 else 's'}: queries refuse to answer until they are fixed)" if errors else ""
        echo(f"lawkb: watching {folders} folders of {root}{invalid}; queries skip the per-file check while this runs (Ctrl-C stops)",
             err=True)

    serve(root, directory, ready=ready)
