"""Find, parse, validate and cross-check a knowledge base; returns the model and every diagnostic, never prints."""

from __future__ import annotations

import marshal
import os
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import Diagnostic, LawkbError, Severity, error
from .model import KnowledgeBase

if TYPE_CHECKING:
    from . import yamlio

KB_DIRS = ("statutes", "guidelines")
ENV_VAR = "LAWKB_PATH"


def bundled_kb_path() -> Path:
    """The KB shipped in the wheel (lawkb/kb), or the repository's own folders in a source checkout."""
    here = Path(__file__).resolve().parent
    installed = here / "kb"
    if (installed / "statutes").is_dir():
        return installed
    return here.parent


def is_kb_root(path: Path) -> bool:
    return any((path / d).is_dir() for d in KB_DIRS)


def resolve_kb_path(explicit: str | None = None) -> Path:
    """--kb wins over LAWKB_PATH, which wins over the bundled KB."""
    chosen = explicit or os.environ.get(ENV_VAR) or None
    if chosen is None:
        return bundled_kb_path()
    path = Path(chosen).expanduser()
    if path.exists() and not path.is_dir():
        raise LawkbError("kb-not-a-kb", f"not a knowledge base: {chosen} is a file, not a folder",
                         "pass a folder that holds statutes/ and guidelines/ (with --kb or LAWKB_PATH)")
    if not path.is_dir():
        raise LawkbError("kb-not-found", f"knowledge base folder not found: {chosen}",
                         "pass a folder that holds statutes/ and guidelines/ (with --kb or LAWKB_PATH)")
    if not is_kb_root(path):
        raise LawkbError("kb-not-a-kb", f"not a knowledge base: {chosen} has neither statutes/ nor guidelines/",
                         "a knowledge base folder holds statutes/ and guidelines/ with YAML records")
    return path


def record_files(root: Path, *, ordered: bool = True, folders: list[tuple[str, int]] | None = None) -> list[tuple[str, bool]]:
    """Every record file under root's statutes/ and guidelines/, as (path relative to root, is a symlink).

    Walks as os.walk does (hidden names skipped, linked folders not entered) and orders as sorted Paths do.
    """
    found = [(rel, link) for rel, link, _ in _walk_records(root, stat=False, folders=folders)]
    if ordered:
        # Paths sort by their parts; a NUL in place of each separator gives the same order as plain strings.
        found.sort(key=lambda item: item[0].replace(os.sep, "\0"))
    return found


def record_stats(root: Path) -> dict[str, tuple[int, int]]:
    """Size and mtime of every record file, by path relative to root ((-1, -1) where stat fails)."""
    return {rel: st for rel, _, st in _walk_records(root, stat=True)}


def _walk_records(root: Path, *, stat: bool, folders: list[tuple[str, int]] | None = None) -> list[tuple[str, bool, tuple[int, int]]]:
    """The record files under root; with `folders`, also the mtime of the root and of every folder walked, each read
    before the folder is listed, so that a file added after the listing always leaves a newer mtime than the one kept."""
    base = os.fspath(root)
    sep = os.sep
    found: list[tuple[str, bool, tuple[int, int]]] = []
    add = found.append
    no_stat = (-1, -1)

    def walk(folder: str, rel: str) -> None:
        if folders is not None:
            try:
                folders.append((os.path.abspath(folder), os.stat(folder).st_mtime_ns))
            except OSError:
                folders.append((os.path.abspath(folder), -1))
        try:
            with os.scandir(folder) as entries:
                listing = list(entries)
        except OSError:
            return
        for entry in listing:
            name = entry.name
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            if is_dir:
                if not name.startswith(".") and not entry.is_symlink():
                    walk(entry.path, f"{rel}{sep}{name}")
            elif name.endswith((".yaml", ".yml")) and not name.startswith("."):
                st = no_stat
                if stat:
                    try:
                        s = entry.stat()
                        st = (s.st_size, s.st_mtime_ns)
                    except OSError:
                        pass
                add((f"{rel}{sep}{name}", entry.is_symlink(), st))

    if folders is not None:
        try:  # a statutes/ or guidelines/ folder created later changes the root's mtime
            folders.append((os.path.abspath(base), os.stat(base).st_mtime_ns))
        except OSError:
            folders.append((os.path.abspath(base), -1))
    for sub in KB_DIRS:
        top = os.path.join(base, sub)
        if os.path.isdir(top):
            walk(top, sub)
    return found


def discover(root: Path) -> list[Path]:
    return [root / rel for rel, _ in record_files(root)]


def expand(paths: Iterable[Path]) -> list[Path]:
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            for dirpath, dirnames, filenames in os.walk(p):
                dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
                out.extend(Path(dirpath) / f for f in sorted(filenames) if f.endswith((".yaml", ".yml")) and not f.startswith("."))
        else:
            out.append(p)
    return out


def display_path(path: Path) -> str:
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return str(path)
    return str(path) if rel.startswith("..") else rel


def display_prefix(root: Path) -> str | None:
    """What display_path puts before a path relative to root ('' for the working directory; None: ask per file)."""
    try:
        rel = os.path.relpath(root)
    except ValueError:
        return None
    if rel.startswith(".."):
        return os.path.join(os.fspath(root), "")
    return "" if rel == "." else rel + os.sep


class Locator:
    """Maps a JSON pointer in a file to line and column, re-reading the file with positions only when asked."""

    def __init__(self) -> None:
        self._real: dict[str, str] = {}
        self._parsed: dict[str, yamlio.ParsedFile] = {}

    def register(self, display: str, real: str, parsed: yamlio.ParsedFile | None = None) -> None:
        self._real[display] = real
        if parsed is not None and parsed.positions is not None:
            self._parsed[display] = parsed

    def __call__(self, display: str, pointer: str, key: bool = False) -> tuple[int, int]:
        parsed = self._parsed.get(display)
        if parsed is None:
            from . import yamlio

            parsed = yamlio.read_file(self._real.get(display, display), display=display, positions=True)
            self._parsed[display] = parsed
        return parsed.position(pointer, key=key)


@dataclass
class LoadResult:
    kb: KnowledgeBase
    diagnostics: list[Diagnostic] = field(default_factory=list)
    files: int = 0
    # Why the cache could not be written (read-only directory, disk full); the load itself is complete.
    cache_problem: str | None = None

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.WARNING]


def check_file(real: str | os.PathLike[str], display: str, locate: Locator, raw: bytes | None = None) -> tuple[dict | None, str | None, list[Diagnostic]]:
    """Parse and schema-check one file (from `raw` when its bytes are already read): (data if valid, kind, diagnostics)."""
    from . import fastcheck, schemas, yamlio

    path = os.fspath(real)
    parsed = yamlio.read_file(path, display=display) if raw is None else yamlio.parse_bytes(raw, display)
    diags = list(parsed.diagnostics)
    locate.register(display, path)
    if parsed.data is None or any(d.severity is Severity.ERROR for d in diags):
        return None, None, diags
    data = parsed.data
    kind = data.get("kind")
    if kind not in schemas.KINDS:
        line, col = locate(display, "/kind" if "kind" in data else "")
        found = f"unknown kind {kind!r}" if "kind" in data else "record has no 'kind'"
        diags.append(error("kind-unknown", found, display, line, col, "/kind", "kind is one of: " + ", ".join(schemas.KINDS)))
        return None, None, diags
    problems = fastcheck.problems(kind, data)
    for pointer, code, message, hint, at_key in problems:
        line, col = locate(display, pointer, key=at_key)
        diags.append(error(code, message, display, line, col, pointer, hint))
    return (data if not problems else None), kind, diags


class _UseConfigured:
    """load_kb's default: the cache directory the process configured (none, unless the CLI turned it on)."""


CONFIGURED_CACHE: Any = _UseConfigured()


@dataclass(slots=True)
class _Checked:
    """One file of a load: where it is, its stat and digest, and what its check found (data read later if cached)."""

    path: str
    display: str
    absolute: str
    rel: str | None
    size: int = -1
    mtime_ns: int = -1
    digest: bytes | None = None
    kind: str | None = None
    data: dict | None = None
    diags: list[Diagnostic] = field(default_factory=list)
    cached: bool = False
    has_data: bool = False


def _files(root: Path, paths: Iterable[Path] | None, folders: list[tuple[str, int]] | None = None) -> tuple[list[_Checked], int]:
    """The files of a load in order, each once (by real path), and how many of them are the KB's own."""
    out: list[_Checked] = []
    seen: set[str] = set()
    if is_kb_root(root):
        base = os.path.join(os.fspath(root), "")
        base_abs = os.path.join(os.path.abspath(root), "")
        prefix = display_prefix(root)
        real_dirs: dict[str, str] = {}
        sep = os.sep
        for rel, link in record_files(root, folders=folders):
            path = base + rel
            absolute = base_abs + rel
            if link:
                real = os.path.realpath(absolute)
            else:
                folder, _, name = rel.rpartition(sep)
                real_dir = real_dirs.get(folder)
                if real_dir is None:
                    real_dir = real_dirs[folder] = os.path.join(os.path.realpath(base_abs + folder), "")
                real = real_dir + name
            if real not in seen:
                seen.add(real)
                out.append(_Checked(path, prefix + rel if prefix is not None else display_path(Path(path)), absolute, rel))
    own = len(out)
    for p in expand(paths or []):
        real = str(p.resolve())
        if real not in seen:
            seen.add(real)
            out.append(_Checked(os.fspath(p), display_path(p), os.path.abspath(p), None))
    return out, own


_NO_DIAGNOSTICS = marshal.dumps([])


def _check_all(files: list[_Checked], entries: dict[str, Any], racy_after: int, locate: Locator) -> None:
    """Fill in every file's outcome: from its cache entry when size and mtime, or else content, are unchanged."""
    from . import yamlio
    from .cache import hash_bytes, unmarshal, unpack_diagnostics

    for c in files:
        locate.register(c.display, c.path)
        try:
            st = os.stat(c.path)
            c.size, c.mtime_ns = st.st_size, st.st_mtime_ns
        except OSError:
            pass
        entry = entries.get(c.absolute)
        if entry is None or c.size < 0 or entry.size != c.size or entry.mtime_ns != c.mtime_ns or c.mtime_ns >= racy_after:
            raw, failed = yamlio.read_raw(c.path, display=c.display)
            if raw is None:
                assert failed is not None
                c.diags = list(failed.diagnostics)
                continue
            c.digest = hash_bytes(raw)
            if entry is None or entry.digest != c.digest:
                c.data, c.kind, c.diags = check_file(c.path, c.display, locate, raw=raw)
                c.has_data = c.data is not None
                continue
        c.digest, c.kind, c.has_data, c.cached = entry.digest, entry.kind, entry.has_data, True
        if entry.diags != _NO_DIAGNOSTICS:
            c.diags = unpack_diagnostics(unmarshal(entry.diags), c.display)


def _signature(checked: list[_Checked]) -> bytes:
    """Identifies a load: the code, and every file's name (as shown) and content, in order."""
    from .cache import blake2b, code_key

    h = blake2b(code_key().encode(), digest_size=16)
    for c in checked:
        h.update(c.display.encode("utf-8", "surrogateescape") + b"\0" + (c.digest or b"-") + b"\n")
    return h.digest()


def load_kb(root: Path, paths: Iterable[Path] | None = None, *, only: Iterable[Path] | None = None,
            cache_dir: Path | None = CONFIGURED_CACHE) -> LoadResult:
    """Load every record under root (plus extra paths); with `only`, report diagnostics for those files alone.

    With a cache directory (by default the one the CLI configured), unchanged files are not read again, and
    when no file changed at all neither are the cross-file checks: the result's knowledge base then reads its
    records from the cache as they are asked for.
    """
    import gc

    from . import cache as kbcache

    directory = kbcache.active_directory() if isinstance(cache_dir, _UseConfigured) else cache_dir
    # A load makes millions of objects that nearly all live on (at 10k records the cycles it leaves behind are about
    # 10k small tuples), so the cyclic collector would only walk an ever larger heap, again and again: a sixth of the
    # time at 10k records, more as the knowledge base grows. It is paused for the load and resumed as it was.
    collecting = gc.isenabled()
    gc.disable()
    try:
        if directory is not None:
            try:
                return _load(root, paths, only, directory, use_store=True)
            except kbcache.CacheCorrupt:
                # The cache file is damaged beyond what opening it shows: drop it and load as if it were not there.
                try:
                    kbcache.cache_path(directory, root).unlink()
                except OSError:
                    pass
        return _load(root, paths, only, directory, use_store=False)
    finally:
        if collecting:
            gc.enable()


def _load(root: Path, paths: Iterable[Path] | None, only: Iterable[Path] | None, directory: Path | None, *, use_store: bool) -> LoadResult:
    from . import cache as kbcache
    from .checks import cross_check

    started = time.time_ns()
    kb = KnowledgeBase(str(root))
    result = LoadResult(kb)
    locate = Locator()
    folders: list[tuple[str, int]] = []
    checked, own = _files(root, paths, folders)
    whole = directory is not None and own > 0 and len(checked) == own

    store = kbcache.open_store(directory, root) if use_store else None
    entries: dict[str, Any] = store.entries() if store is not None else {}
    snap = store.snapshot if store is not None else None
    racy_after = snap.created_ns - kbcache.RACY_NS if snap is not None else 0
    _check_all(checked, entries, racy_after, locate)
    for c in checked:
        result.diagnostics.extend(c.diags)
    result.files = len(checked)
    signature = _signature(checked)

    if store is not None and snap is not None and snap.signature == signature:
        # Nothing changed since the last whole load: its cross-file findings and records stand.
        cross = kbcache.unpack_full(snap.cross)
        result.kb = kbcache.lazy_kb(root, store, lambda: load_kb(root, cache_dir=None).kb.records)
        records = None
        counts, n_records = snap.counts, snap.records
    else:
        placed = _placed(checked, store)
        cross = cross_check(kb, placed, locate)
        by_display = {c.display: c.absolute for c in checked}
        records = [(r.id, r.kind, by_display[r.file]) for r in kb.records.values()]
        counts, n_records = kb.counts(), len(kb)
        if directory is not None:
            result.kb = kbcache.remember(kb, kbcache.cache_path(directory, root), signature)
    result.diagnostics.extend(cross)

    stats = {c.rel: (c.size, c.mtime_ns) for c in checked if c.rel is not None}
    settled = started - kbcache.RACY_NS
    # Folder mtimes let a query skip listing folders; not when one changed too recently to be trusted.
    trusted = folders if all(0 <= m < settled for _f, m in folders) else None
    if whole and directory is not None and _needs_write(stats, trusted, store, signature, started):
        errors = sorted((d for d in result.diagnostics if d.severity is Severity.ERROR), key=Diagnostic.sort_key)
        rel_of = {c.display: c.rel or c.display for c in checked}
        first = (rel_of.get(errors[0].file, errors[0].file), errors[0].line, errors[0].col, errors[0].message) if errors else None
        snapshot = kbcache.Snapshot(started, signature, len(stats), kbcache.pack_full(cross), len(errors), first, counts, n_records,
                                    [rel for rel, (_s, m) in stats.items() if m >= settled], trusted)
        rows = [kbcache.FileRow(c.absolute, c.size, c.mtime_ns, c.digest, c.kind, c.data,
                                marshal.dumps(kbcache.pack_diagnostics(c.diags)), c.cached)
                for c in checked if c.digest is not None]
        written = kbcache.write_store(directory, root, rows, records, snapshot, stats, store)
        result.cache_problem = written.problem
    if store is not None and records is not None:
        store.close()  # the lazy knowledge base of an unchanged load keeps reading from it

    if only is not None:
        keep = {display_path(p) for p in expand(only)}
        result.diagnostics = [d for d in result.diagnostics if d.file in keep]
    result.diagnostics.sort(key=Diagnostic.sort_key)
    return result


def _placed(checked: list[_Checked], store: Any) -> list[tuple[str, str, dict]]:
    """Every file whose record passed its own checks, with its data (read back from the cache where it was not parsed)."""
    from .cache import unmarshal

    wanted = {c.absolute for c in checked if c.cached and c.has_data}
    stored: dict[str, dict] = {}
    if wanted and store is not None:
        for path, blob in store.iter_data():
            if path in wanted:
                stored[path] = unmarshal(blob)
    placed: list[tuple[str, str, dict]] = []
    for c in checked:
        data = stored.get(c.absolute) if c.cached else c.data
        if data is not None and c.kind is not None:
            placed.append((c.kind, c.display, data))
    return placed


def _needs_write(stats: dict[str, tuple[int, int]], folders: list[tuple[str, int]] | None, store: Any, signature: bytes,
                 started: int) -> bool:
    """A new cache file is due when anything changed, a file's or a folder's mtime alone included, or when recent files
    have settled (so that queries can trust their stat again)."""
    from .cache import RACY_NS, CacheCorrupt

    snap = store.snapshot if store is not None else None
    if snap is None or snap.signature != signature or snap.folders != folders:
        return True
    try:
        if stats != store.stats():
            return True
    except CacheCorrupt:
        return True
    return any(stats[rel][1] < started - RACY_NS for rel in snap.racy if rel in stats)
