"""Writing a handout file safely: never over an existing file unless asked, and never half-written."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from ..errors import UsageError

SUFFIXES = {".md": "md", ".markdown": "md", ".html": "html", ".htm": "html", ".pdf": "pdf", ".json": "json"}


def format_for(path: str | None) -> str | None:
    """The format a file name asks for by its suffix, if any."""
    if not path or path == "-":
        return None
    return SUFFIXES.get(Path(path).suffix.lower())


def check_target(path: str, *, force: bool) -> Path:
    """Refuse early (before any work) what write_file would refuse."""
    target = Path(path)
    if target.is_dir():
        raise UsageError("output-is-folder", f"{path} is a folder", "give a file name, e.g. -o handout.html")
    if (target.exists() or target.is_symlink()) and not force:
        raise UsageError("output-exists", f"{path} already exists", "pass --force to replace it, or choose another -o FILE")
    parent = target.parent
    if not parent.is_dir():
        raise UsageError("output-folder-missing", f"the folder {parent} does not exist", "create it first, or choose another -o FILE")
    return target


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_file(path: str, data: bytes, *, force: bool) -> Path:
    """Write through a temporary file in the same folder, then move it into place in one step."""
    target = check_target(path, force=force)
    try:
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        raise UsageError("output-unwritable", f"cannot write in {target.parent}: {exc.strerror}", "choose another -o FILE") from None
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o666 & ~_umask())
        if force:
            os.replace(tmp, target)
        else:
            try:
                os.link(tmp, target)  # fails if the file appeared meanwhile, so nothing is ever replaced
            except FileExistsError:
                raise UsageError("output-exists", f"{path} already exists", "pass --force to replace it, or choose another -o FILE") from None
            except OSError:  # a file system without hard links
                if target.exists():
                    raise UsageError("output-exists", f"{path} already exists", "pass --force to replace it") from None
                os.replace(tmp, target)
    except OSError as exc:
        raise UsageError("output-unwritable", f"cannot write {path}: {exc.strerror}", "choose another -o FILE") from None
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return target
