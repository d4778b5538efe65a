"""Writing an output file safely: never over an existing file unless asked, never half-written, devices written in place."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path


def is_special(path: Path) -> bool:
    """A device, pipe or socket (after following links), such as /dev/null or /dev/stdout: written in place, never replaced."""
    try:
        mode = path.stat().st_mode
    except (OSError, ValueError):
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_bytes(target: Path, data: bytes, *, force: bool) -> None:
    """Put `data` at `target` in one step: a temporary sibling, then a link (new file) or a rename (--force).

    Raises FileExistsError if target exists and force is false, and OSError when the file system refuses.
    A device or pipe is written to directly: renaming over it would swap the device node for a plain file.
    """
    if is_special(target):
        with open(target, "wb") as f:
            f.write(data)
        return
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
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
                raise
            except OSError:  # a file system without hard links
                if target.exists() or target.is_symlink():
                    raise FileExistsError(str(target)) from None
                os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
