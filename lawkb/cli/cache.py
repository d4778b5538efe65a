"""`lawkb cache info` and `lawkb cache clear`."""

from __future__ import annotations

import enum

import typer

from .app import app, echo, guarded, kb_option, print_json

cache_app = typer.Typer(name="cache", help="The compiled cache: where it is, what it holds, and clearing it.", no_args_is_help=True,
                        add_completion=False, rich_markup_mode=None)
app.add_typer(cache_app, name="cache")


class CacheFormat(str, enum.Enum):
    text = "text"
    json = "json"


def _size(n: int) -> str:
    return f"{n / 1e6:.1f} MB" if n >= 100_000 else f"{n / 1e3:.1f} kB"


@cache_app.command("info")
@guarded
def info(
    fmt: CacheFormat = typer.Option(CacheFormat.text, "--format", "-f", help="text or json."),
    kb: str | None = kb_option(),
) -> None:
    """Where the cache is, what it holds for the knowledge base, and whether it is up to date."""
    from .. import cache as kbcache
    from ..load import resolve_kb_path
    from ..report import envelope

    root = resolve_kb_path(kb)
    facts = kbcache.info(kbcache.active_directory(), root)
    if facts["enabled"]:
        from pathlib import Path

        from ..watch import listening

        facts["cache"]["watcher"] = listening(Path(facts["cache"]["file"]))
    if fmt is CacheFormat.json:
        print_json(envelope("cache", **facts))
        return
    validator = "jsonschema-rs (installed)" if facts["compiled_validator"] else "not installed; install lawkb[fast] for faster checks"
    echo(f"knowledge base:     {facts['knowledge_base']}")
    echo(f"compiled validator: {validator}")
    if not facts["enabled"]:
        echo("cache:              off (--no-cache or LAWKB_NO_CACHE)")
        return
    where = "writable" if facts["writable"] else "not writable: lawkb works without caching"
    count = facts["files"]
    echo(f"cache directory:    {facts['directory']} ({where}; {count} file{'' if count == 1 else 's'}, {_size(facts['bytes'])})")
    entry = facts["cache"]
    if not entry["exists"]:
        echo("cache file:         none yet (the next command writes it)")
        return
    echo(f"cache file:         {entry['file']} ({_size(entry['bytes'])})")
    echo(f"state:              {entry['state']}")
    echo(f"watcher:            {'running: queries skip the per-file check' if entry['watcher'] else 'none (lawkb watch starts one)'}")
    if "written" in entry:
        echo(f"written:            {entry['written']}: {entry['records']:,} records in {entry['files']:,} files, {entry['errors']:,} errors")
    if "search_index" in entry:
        echo(f"search index:       {'stored' if entry['search_index'] else 'not stored yet (the next search stores it)'}")


@cache_app.command("clear")
@guarded
def clear(
    fmt: CacheFormat = typer.Option(CacheFormat.text, "--format", "-f", help="text or json."),
    kb: str | None = kb_option(),
) -> None:
    """Delete the cache of the knowledge base named with --kb, or of every knowledge base when none is named."""
    from .. import cache as kbcache
    from ..load import resolve_kb_path
    from ..report import envelope

    directory = kbcache.active_directory()
    root = resolve_kb_path(kb) if kb else None
    files, size = kbcache.clear(directory, root)
    if fmt is CacheFormat.json:
        print_json(envelope("cache-clear", directory=str(directory) if directory else None,
                            knowledge_base=str(root) if root else None, files=files, bytes=size))
        return
    if directory is None:
        echo("cache is off (--no-cache or LAWKB_NO_CACHE): nothing to clear")
        return
    echo(f"removed {files} file{'' if files == 1 else 's'} ({_size(size)}) from {directory}")
