"""Writing a handout file safely: never over an existing file unless asked, and never half-written."""

from __future__ import annotations

from pathlib import Path

from ..errors import UsageError
from ..outfile import is_special, write_bytes

SUFFIXES = {".md": "md", ".markdown": "md", ".html": "html", ".htm": "html", ".pdf": "pdf", ".json": "json"}


def format_for(path: str | None) -> str | None:
    """The format a file name asks for by its suffix, if any."""
    if not path or path == "-":
        return None
    return SUFFIXES.get(Path(path).suffix.lower())


def check_target(path: str, *, force: bool) -> Path:
    """Refuse early (before any work) what write_file would refuse."""
    if not path.strip():
        raise UsageError("output-empty", "-o was given an empty file name", "give a file name, e.g. -o handout.html, or '-' for standard output")
    target = Path(path)
    if target.is_dir():
        raise UsageError("output-is-folder", f"{path} is a folder", "give a file name, e.g. -o handout.html")
    if (target.exists() or target.is_symlink()) and not force and not is_special(target):
        raise UsageError("output-exists", f"{path} already exists", "pass --force to replace it, or choose another -o FILE")
    parent = target.parent
    if not parent.is_dir():
        raise UsageError("output-folder-missing", f"the folder {parent} does not exist", "create it first, or choose another -o FILE")
    return target


def write_file(path: str, data: bytes, *, force: bool) -> Path:
    """Write through a temporary file in the same folder, then move it into place in one step (a device is written in place)."""
    target = check_target(path, force=force)
    try:
        write_bytes(target, data, force=force)
    except FileExistsError:
        raise UsageError("output-exists", f"{path} already exists", "pass --force to replace it, or choose another -o FILE") from None
    except OSError as exc:
        raise UsageError("output-unwritable", f"cannot write {path}: {exc.strerror or exc}", "choose another -o FILE") from None
    return target
