"""The compiled cache: each file's parse and check results and the last loaded knowledge base, one SQLite file per KB.

A cache file is written whole under a temporary name and renamed into place, never changed after, so
readers open it immutable and two lawkb processes may write at once (the last rename wins, both files
complete). A file that is missing, foreign, of another format or damaged is ignored and rebuilt.
Every file is keyed on its path, size, mtime and content hash: a changed size or mtime costs a read and a
hash, and only a changed hash costs a parse and a check. Files modified within RACY_NS of the cache's
creation are hashed every time, since a same-size edit within the file system's timestamp granularity
leaves size and mtime as they were.
"""

from __future__ import annotations

import marshal
import os
import time
from collections.abc import Callable, Iterator, Mapping, MutableMapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from .errors import Diagnostic, Severity
from .model import KnowledgeBase, Record, make_record

if TYPE_CHECKING:
    from array import array

try:
    from _blake2 import blake2b  # what hashlib.blake2b is, without loading OpenSSL on every start
except ImportError:  # pragma: no cover - other interpreters
    from hashlib import blake2b

FORMAT = 2
MAGIC = "lawkb-cache"
ENV_DIR = "LAWKB_CACHE_DIR"
ENV_OFF = "LAWKB_NO_CACHE"
RACY_NS = 2_000_000_000
PREFIX = "kb-"
SUFFIX = ".sqlite"

# The code that decides what a file's check gives (the core modules and the schemas): any change retires the cache.
_DECIDERS = (("", ".py"), ("schemas", ".json"))

_UNSET: Any = object()
_DEFAULT: Any = object()
_configured: Any = _UNSET


def configure(directory: str | os.PathLike[str] | None = None, *, enabled: bool = True) -> None:
    """Turn the cache on for this process (the CLI does); library callers get no cache unless they ask."""
    global _configured
    if not enabled:
        _configured = None
    else:
        _configured = Path(directory).expanduser() if directory else _DEFAULT


def reset() -> None:
    """Back to no cache, as before configure()."""
    global _configured
    _configured = _UNSET


def default_directory() -> Path:
    """LAWKB_CACHE_DIR, else the user cache directory of the platform."""
    env = os.environ.get(ENV_DIR)
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_cache_dir("lawkb", appauthor=False))


def active_directory() -> Path | None:
    """Where the cache lives for this process, or None when caching is off."""
    if _configured is _UNSET or _configured is None:
        return None
    if os.environ.get(ENV_OFF, "").strip().lower() not in ("", "0", "false", "no", "off"):
        return None
    if _configured is _DEFAULT:
        return default_directory()
    assert isinstance(_configured, Path)
    return _configured


def hash_bytes(raw: bytes) -> bytes:
    return blake2b(raw, digest_size=16).digest()


def cache_path(directory: Path, root: Path) -> Path:
    """One cache file per knowledge base folder."""
    name = blake2b(os.path.abspath(root).encode("utf-8", "surrogateescape"), digest_size=8).hexdigest()
    return directory / f"{PREFIX}{name}{SUFFIX}"


def code_key() -> str:
    """Identifies the code that produced a cache: the format, and size and mtime of every core module and schema."""
    here = Path(__file__).resolve().parent
    parts = [f"{MAGIC}/{FORMAT}"]
    for folder, suffix in _DECIDERS:
        try:
            with os.scandir(here / folder) as entries:
                names = sorted(e.name for e in entries if e.name.endswith(suffix) and e.is_file())
        except OSError:
            parts.append(f"{folder}:?")
            continue
        for name in names:
            try:
                st = os.stat(here / folder / name)
                parts.append(f"{folder}/{name}:{st.st_size}:{st.st_mtime_ns}")
            except OSError:
                parts.append(f"{folder}/{name}:?")
    return "|".join(parts)


# ---- diagnostics without their file name (the display name depends on the working directory) ----


def pack_diagnostics(diags: list[Diagnostic]) -> list[tuple[Any, ...]]:
    return [(d.code, d.severity.value, d.message, d.line, d.col, d.pointer, d.hint) for d in diags]


def unmarshal(blob: bytes) -> Any:
    """marshal.loads for data read from a cache file: damage surfaces as CacheCorrupt."""
    try:
        return marshal.loads(blob)
    except (ValueError, EOFError, TypeError) as exc:
        raise CacheCorrupt(f"unreadable cache data: {exc}") from None


def unpack_diagnostics(packed: list[tuple[Any, ...]], file: str) -> list[Diagnostic]:
    try:
        return [Diagnostic(c, Severity(s), m, file, ln, col, p, h) for c, s, m, ln, col, p, h in packed]
    except (ValueError, TypeError) as exc:
        raise CacheCorrupt(f"unreadable diagnostics: {exc}") from None


def pack_full(diags: list[Diagnostic]) -> list[tuple[Any, ...]]:
    return [(d.code, d.severity.value, d.message, d.file, d.line, d.col, d.pointer, d.hint) for d in diags]


def unpack_full(packed: list[tuple[Any, ...]]) -> list[Diagnostic]:
    try:
        return [Diagnostic(c, Severity(s), m, f, ln, col, p, h) for c, s, m, f, ln, col, p, h in packed]
    except (ValueError, TypeError) as exc:
        raise CacheCorrupt(f"unreadable diagnostics: {exc}") from None


# ---- the stored file ----


class CacheCorrupt(Exception):
    """The cache file cannot be read as it should; callers drop it and carry on without it."""


class Entry(NamedTuple):
    """What the cache remembers of one file."""

    size: int
    mtime_ns: int
    digest: bytes
    kind: str | None
    has_data: bool
    diags: bytes


class Snapshot(NamedTuple):
    """The last whole load of the knowledge base: enough to answer queries without reading any YAML.

    Every file's size and mtime are stored beside it (`Store.stats`, `Store.probe`), read only when needed.
    """

    created_ns: int
    signature: bytes
    files: int  # how many record files the load found
    cross: list[tuple[Any, ...]]  # the cross-file diagnostics, with their file names as shown
    errors: int
    first_error: tuple[str, int, int, str] | None  # relative path, line, column, message
    counts: dict[str, int]
    records: int
    racy: list[str]  # files modified too close to created_ns for their stat to be trusted
    folders: list[tuple[str, int]] | None  # the root and every folder walked, with mtimes; None if one was too recent

    def as_marshal(self) -> bytes:
        return marshal.dumps(tuple(self))

    @classmethod
    def from_marshal(cls, blob: bytes) -> Snapshot:
        return cls(*marshal.loads(blob))


_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value BLOB);
CREATE TABLE files (path TEXT PRIMARY KEY, size INTEGER, mtime_ns INTEGER, digest BLOB, kind TEXT, data BLOB, diags BLOB);
CREATE TABLE records (seq INTEGER PRIMARY KEY, id TEXT NOT NULL, kind TEXT NOT NULL, path TEXT NOT NULL);
"""
_INDEXES = """
CREATE UNIQUE INDEX records_id ON records(id);
CREATE INDEX records_kind ON records(kind);
"""


def _uri(path: Path) -> str:
    from urllib.parse import quote

    return "file:" + quote(os.fsencode(os.path.abspath(path))) + "?immutable=1"


class Store:
    """A cache file opened for reading."""

    def __init__(self, path: Path, root: Path) -> None:
        import sqlite3

        self.path = path
        self.root = root
        self._sqlite = sqlite3
        try:
            size = os.path.getsize(path)
            self.db = sqlite3.connect(_uri(path), uri=True, check_same_thread=False)
        except (OSError, sqlite3.Error) as exc:
            raise CacheCorrupt(str(exc)) from None
        try:
            page_size = self.db.execute("PRAGMA page_size").fetchone()[0]
            pages = self.db.execute("PRAGMA page_count").fetchone()[0]
            if page_size * pages != size:
                raise CacheCorrupt("cache file is truncated or extended")
            meta = dict(self.db.execute("SELECT key, value FROM meta WHERE key IN ('format', 'root', 'snapshot')"))
        except sqlite3.Error as exc:
            self.db.close()
            raise CacheCorrupt(str(exc)) from None
        except CacheCorrupt:
            self.db.close()
            raise
        if meta.get("format") != code_key() or meta.get("root") != os.path.abspath(root):
            self.db.close()
            raise CacheCorrupt("cache written by another version of lawkb or for another folder")
        try:
            self.snapshot = Snapshot.from_marshal(meta["snapshot"]) if meta.get("snapshot") else None
        except (ValueError, TypeError, EOFError, KeyError) as exc:
            self.db.close()
            raise CacheCorrupt(str(exc)) from None

    def close(self) -> None:
        self.db.close()

    def _meta(self, key: str) -> Any:
        rows = self._rows("SELECT value FROM meta WHERE key = ?", (key,))
        if not rows:
            raise CacheCorrupt(f"cache has no {key}")
        return unmarshal(rows[0][0])

    def stats(self) -> dict[str, tuple[int, int]]:
        """Size and mtime of every record file of the last whole load, by path relative to the root."""
        stats = self._meta("stats")
        if not isinstance(stats, dict):
            raise CacheCorrupt("unreadable file list")
        return stats

    def probe(self) -> tuple[list[str], array, array]:
        """The same as `stats`, packed for a quick check: absolute paths, sizes and mtimes in one order."""
        from array import array

        try:
            joined, sizes, mtimes = self._meta("probe")
            paths = joined.split("\n") if joined else []
            size_array, mtime_array = array("q"), array("q")
            size_array.frombytes(sizes)
            mtime_array.frombytes(mtimes)
        except (TypeError, ValueError, AttributeError) as exc:
            raise CacheCorrupt(f"unreadable file list: {exc}") from None
        if not len(paths) == len(size_array) == len(mtime_array):
            raise CacheCorrupt("file list and stats differ in length")
        return paths, size_array, mtime_array

    def _rows(self, sql: str, args: tuple[Any, ...] = ()) -> list[Any]:
        try:
            return self.db.execute(sql, args).fetchall()
        except self._sqlite.Error as exc:
            raise CacheCorrupt(str(exc)) from None

    def entries(self) -> dict[str, Entry]:
        rows = self._rows("SELECT path, size, mtime_ns, digest, kind, data IS NOT NULL, diags FROM files")
        return {p: Entry(s, m, d, k, bool(h), g) for p, s, m, d, k, h, g in rows}

    def iter_data(self) -> Iterator[tuple[str, bytes]]:
        """Every stored record's data, a row at a time (a whole knowledge base of blobs is not held at once)."""
        try:
            yield from self.db.execute("SELECT path, data FROM files WHERE data IS NOT NULL")
        except self._sqlite.Error as exc:
            raise CacheCorrupt(str(exc)) from None

    def has(self, rid: str) -> bool:
        return bool(self._rows("SELECT 1 FROM records WHERE id = ?", (rid,)))

    def digest_of(self, path: str) -> bytes | None:
        rows = self._rows("SELECT digest FROM files WHERE path = ?", (path,))
        return rows[0][0] if rows else None

    def record(self, rid: str) -> tuple[str, str, bytes] | None:
        rows = self._rows("SELECT r.kind, r.path, f.data FROM records r JOIN files f ON f.path = r.path WHERE r.id = ?", (rid,))
        return rows[0] if rows else None

    def records_of_kind(self, kind: str | None) -> list[tuple[str, str, str, bytes]]:
        where = "" if kind is None else "WHERE r.kind = ?"
        return self._rows(f"SELECT r.id, r.kind, r.path, f.data FROM records r JOIN files f ON f.path = r.path {where} ORDER BY r.seq",
                          () if kind is None else (kind,))

    def ids(self) -> dict[str, str]:
        return dict(self._rows("SELECT id, kind FROM records ORDER BY seq"))


def open_store(directory: Path | None, root: Path) -> Store | None:
    if directory is None:
        return None
    path = cache_path(directory, root)
    if not path.is_file():
        return None
    try:
        return Store(path, root)
    except CacheCorrupt:
        return None


class FileRow(NamedTuple):
    """One file as it goes into a new cache file: new data is marshalled here, unchanged data is copied in SQL."""

    path: str
    size: int
    mtime_ns: int
    digest: bytes
    kind: str | None
    data: Any
    diags: bytes
    copy: bool


class Written(NamedTuple):
    path: Path | None
    problem: str | None = None


def write_store(directory: Path, root: Path, rows: list[FileRow], records: list[tuple[str, str, str]] | None, snapshot: Snapshot,
                stats: dict[str, tuple[int, int]], old: Store | None) -> Written:
    """Write a complete cache file under a temporary name and rename it into place; never raises.

    Rows marked `copy` take their data from the old cache file; records None keeps the old file's records.
    """
    import sqlite3

    final = cache_path(directory, root)
    tmp = final.with_name(f"{final.name}.tmp-{os.getpid()}-{time.monotonic_ns() % 10**9}")
    try:
        directory.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(str(tmp), isolation_level=None)
    except (OSError, sqlite3.Error) as exc:
        return Written(None, f"cannot write the cache in {directory}: {exc}")
    try:
        db.execute("PRAGMA journal_mode = OFF")
        db.execute("PRAGMA synchronous = OFF")
        db.executescript(_SCHEMA)
        db.execute("BEGIN")
        copied = [(r.path, r.size, r.mtime_ns, r.digest) for r in rows if r.copy]
        if (copied or records is None) and old is None:
            raise ValueError("nothing to copy the unchanged files from")
        if old is not None:
            # The file at old.path may have been replaced by another lawkb since it was read: copy only rows
            # with the same content digest, written by the same code, and records only of the same load.
            db.execute("ATTACH DATABASE ? AS old", (_uri(old.path),))
            meta = dict(db.execute("SELECT key, value FROM old.meta WHERE key IN ('format', 'snapshot')"))
            if meta.get("format") != code_key():
                raise ValueError("the old cache was replaced by one of another version")
            if records is None and Snapshot.from_marshal(meta["snapshot"]).signature != snapshot.signature:
                raise ValueError("the old cache was replaced by one of another load")
            db.execute("CREATE TEMP TABLE keep (path TEXT PRIMARY KEY, size INTEGER, mtime_ns INTEGER, digest BLOB)")
            db.executemany("INSERT OR IGNORE INTO keep VALUES (?, ?, ?, ?)", copied)
            db.execute("INSERT INTO files (path, size, mtime_ns, digest, kind, data, diags) SELECT o.path, k.size, k.mtime_ns, "
                       "o.digest, o.kind, o.data, o.diags FROM old.files o JOIN keep k ON k.path = o.path AND k.digest = o.digest")
        # In path order, so that the primary key's index grows at its end instead of taking rows all over it in the order
        # folders happen to list them (at 100,000 files that index outgrows SQLite's page cache).
        db.executemany("INSERT INTO files VALUES (?, ?, ?, ?, ?, ?, ?)",
                       ((r.path, r.size, r.mtime_ns, r.digest, r.kind, None if r.data is None else marshal.dumps(r.data), r.diags)
                        for r in sorted((r for r in rows if not r.copy), key=_row_path)))
        if records is None:
            db.execute("INSERT INTO records SELECT * FROM old.records")
        else:
            db.executemany("INSERT INTO records (id, kind, path) VALUES (?, ?, ?)", records)
        for statement in _INDEXES.strip().split(";"):
            if statement.strip():
                db.execute(statement)
        db.executemany("INSERT INTO meta VALUES (?, ?)", [("format", code_key()), ("root", os.path.abspath(root)),
                                                           ("snapshot", snapshot.as_marshal()), ("stats", marshal.dumps(stats)),
                                                           ("probe", _pack_probe(root, stats))])
        (count,) = db.execute("SELECT count(*) FROM files").fetchone()
        if count != len(rows):
            raise sqlite3.DatabaseError("the old cache lost rows while they were copied")
        db.execute("COMMIT")
        if old is not None:
            db.execute("DETACH DATABASE old")
        db.close()
        os.replace(tmp, final)
        return Written(final)
    except (OSError, sqlite3.Error, ValueError, TypeError, EOFError, KeyError) as exc:
        try:
            db.close()
        except sqlite3.Error:
            pass
        try:
            tmp.unlink()
        except OSError:
            pass
        return Written(None, f"cannot write the cache {final}: {exc}")


def _row_path(row: FileRow) -> str:
    return row.path


def _pack_probe(root: Path, stats: dict[str, tuple[int, int]]) -> bytes:
    from array import array

    base = os.path.join(os.path.abspath(root), "")
    paths = "\n".join(base + rel for rel in stats)
    sizes = array("q", (s for s, _m in stats.values()))
    mtimes = array("q", (m for _s, m in stats.values()))
    return marshal.dumps((paths, sizes.tobytes(), mtimes.tobytes()))


# ---- the knowledge base as read from a cache ----


class LazyRecords(MutableMapping[str, Record]):
    """Records by id, each read from the cache file the first time it is asked for.

    Should the file turn out damaged half-way through a command, `fallback` loads the knowledge base
    from its YAML instead and the command carries on with that.
    """

    def __init__(self, store: Store, root: Path, fallback: Callable[[], Mapping[str, Record]] | None = None) -> None:
        self._store = store
        self._root = root
        self._fallback = fallback
        self._loaded: dict[str, Record] = {}
        self._ids: dict[str, str] | None = None
        self._complete = False
        self._prefix: str | None = None
        self._base = ""

    def _file(self, path: str) -> str:
        """The file name as a load shows it (relative to the working directory when under it)."""
        if self._prefix is None:
            from .load import display_path, display_prefix

            self._base = os.path.join(os.path.abspath(self._root), "")
            self._prefix = display_prefix(self._root)
            if self._prefix is None or not path.startswith(self._base):
                return display_path(Path(path))
        if path.startswith(self._base):
            return self._prefix + path[len(self._base):]
        from .load import display_path

        return display_path(Path(path))

    def _make(self, rid: str, kind: str, path: str, blob: bytes) -> Record:
        rec = make_record(kind, unmarshal(blob), self._file(path))
        self._loaded[rid] = rec
        return rec

    def _recover(self) -> None:
        """The cache file is damaged: drop it and take every record from the YAML files."""
        if self._fallback is None:
            raise
        try:
            self._store.path.unlink()
        except OSError:
            pass
        records = self._fallback()
        self._loaded = dict(records)
        self._ids = {rid: rec.kind for rid, rec in records.items()}
        self._complete = True

    def ids(self) -> dict[str, str]:
        if self._ids is None:
            try:
                self._ids = self._store.ids()
            except CacheCorrupt:
                self._recover()
        assert self._ids is not None
        return self._ids

    def __getitem__(self, rid: str) -> Record:
        rec = self._loaded.get(rid)
        if rec is not None:
            return rec
        if self._complete or not isinstance(rid, str):
            raise KeyError(rid)
        try:
            row = self._store.record(rid)
            if row is None:
                raise KeyError(rid)
            return self._make(rid, *row)
        except CacheCorrupt:
            self._recover()
            return self._loaded[rid]

    def __setitem__(self, rid: str, rec: Record) -> None:
        self.ids()[rid] = rec.kind
        self._loaded[rid] = rec

    def __delitem__(self, rid: str) -> None:
        del self.ids()[rid]
        self._loaded.pop(rid, None)

    def __iter__(self) -> Iterator[str]:
        return iter(list(self.ids()))

    def stored_counts(self) -> dict[str, int] | None:
        """Records by kind as the last load counted them, while nothing has been added or removed since."""
        if self._ids is None and self._store.snapshot is not None:
            return dict(sorted(self._store.snapshot.counts.items()))
        return None

    def __len__(self) -> int:
        if self._ids is None and self._store.snapshot is not None:
            return self._store.snapshot.records  # no need to read every id to count them (or to test `if kb:`)
        return len(self.ids())

    def __contains__(self, rid: object) -> bool:
        if rid in self._loaded:
            return True
        if self._ids is not None or self._complete:
            return rid in self.ids()
        try:
            return isinstance(rid, str) and self._store.has(rid)
        except CacheCorrupt:
            self._recover()
            return rid in self._loaded

    def of_kind(self, kind: str | None) -> list[Record]:
        """The records of one kind (all with None), in the order the knowledge base was loaded."""
        ids = self.ids()
        wanted = [rid for rid, k in ids.items() if kind is None or k == kind]
        if not self._complete and any(rid not in self._loaded for rid in wanted):
            try:
                for rid, k, path, blob in self._store.records_of_kind(kind):
                    if rid not in self._loaded:
                        self._make(rid, k, path, blob)
            except CacheCorrupt:
                self._recover()
                return self.of_kind(kind)
        if kind is None:
            self._complete = True
        return [self._loaded[rid] for rid in wanted if rid in self._loaded]

    def values(self) -> Any:
        return self.of_kind(None)

    def items(self) -> Any:
        records = self.of_kind(None)
        return [(r.id, r) for r in records]

    def copy(self) -> dict[str, Record]:
        return dict(self.items())

    def __repr__(self) -> str:
        return f"<records of {self._store.path}: {len(self._loaded)} read>"


class CachedKnowledgeBase(KnowledgeBase):
    """A KnowledgeBase whose records come from the cache as they are needed; it remembers which load it is."""

    cache_file: Path | None = None
    signature: bytes | None = None

    def of_kind(self, kind: str) -> list[Record]:
        records = self.records
        if isinstance(records, LazyRecords):
            return sorted(records.of_kind(kind), key=lambda r: r.id)
        return super().of_kind(kind)

    def counts(self) -> dict[str, int]:
        records = self.records
        if isinstance(records, LazyRecords):
            stored = records.stored_counts()
            if stored is not None:
                return stored
            out: dict[str, int] = {}
            for kind in records.ids().values():
                out[kind] = out.get(kind, 0) + 1
            return dict(sorted(out.items()))
        return super().counts()

    def __iter__(self) -> Iterator[Record]:
        return iter(list(self.records.values()))


def lazy_kb(root: Path, store: Store, fallback: Callable[[], Mapping[str, Record]] | None = None) -> CachedKnowledgeBase:
    kb = CachedKnowledgeBase(str(root), LazyRecords(store, root, fallback))  # type: ignore[arg-type]
    kb.cache_file = store.path
    kb.signature = store.snapshot.signature if store.snapshot else None
    return kb


def remember(kb: KnowledgeBase, cache_file: Path | None, signature: bytes) -> CachedKnowledgeBase:
    """The loaded knowledge base, marked with the load it came from so that derived data can be cached beside it."""
    out = CachedKnowledgeBase(kb.root, kb.records)
    out.cache_file = cache_file
    out.signature = signature
    return out


# ---- queries: is the cache still the knowledge base? ----


def scan(root: Path) -> dict[str, tuple[int, int]]:
    """Size and mtime of every record file, by path relative to root, found as a load finds them."""
    from .load import record_stats

    return record_stats(root)


class Fresh(NamedTuple):
    """A knowledge base answered from the cache, with what the last full load found wrong in it."""

    kb: CachedKnowledgeBase
    errors: int
    first_error: tuple[str, int, int, str] | None
    store: Store


def _unchanged(store: Store, *, ask_watcher: bool = True) -> bool:
    """Whether every record file is as the last whole load found it, proven with as few system calls as can prove it.

    A running `lawkb watch` that proved this very load fresh and has seen no change since settles it with one question.
    When no folder's mtime moved, no file was added, removed or renamed in them, so the stored paths are still every
    record file and one stat each settles it. Otherwise the folders are listed again, as a load lists them.
    """
    snap = store.snapshot
    assert snap is not None
    if ask_watcher:
        from . import watch

        if watch.vouches(store.path, watch.token(snap)):
            return True
    if snap.folders is not None:
        stat = os.stat
        try:
            if all(stat(folder).st_mtime_ns == mtime for folder, mtime in snap.folders):
                paths, sizes, mtimes = store.probe()
                for path, size, mtime in zip(paths, sizes, mtimes, strict=True):
                    st = stat(path)
                    if st.st_mtime_ns != mtime or st.st_size != size:
                        return False
                return True
        except OSError:
            return False
    return scan(store.root) == store.stats()


def open_fresh(root: Path, directory: Path | None, fallback: Callable[[], Mapping[str, Record]] | None = None) -> Fresh | None:
    """The cached knowledge base if no file changed since it was written, else None (the caller loads and rewrites)."""
    store = open_store(directory, root)
    if store is None or store.snapshot is None:
        return None
    snap = store.snapshot
    if not proven_fresh(store):
        store.close()
        return None
    return Fresh(lazy_kb(root, store, fallback), snap.errors, snap.first_error, store)


def proven_fresh(store: Store, *, ask_watcher: bool = True) -> bool:
    """Whether the cache file still is the knowledge base: it holds a snapshot, no record file changed since, and the files
    too recent for their stat to be trusted still hash as stored. What `open_fresh` proves; the watcher proves it too,
    without asking itself."""
    snap = store.snapshot
    if snap is None:
        return False
    try:
        if not _unchanged(store, ask_watcher=ask_watcher):
            return False
        base = os.path.abspath(store.root)
        for rel in snap.racy:
            full = os.path.join(base, rel)
            with open(full, "rb") as handle:
                if hash_bytes(handle.read()) != store.digest_of(full):
                    return False
    except (OSError, CacheCorrupt):
        return False
    return True


# ---- the search index, kept beside the cache file of the load it indexes ----


def _index_file(kb: KnowledgeBase) -> Path | None:
    cache_file = getattr(kb, "cache_file", None)
    signature = getattr(kb, "signature", None)
    if cache_file is None or signature is None:
        return None
    return cache_file.with_name(f"{cache_file.name}.{signature.hex()[:20]}.index")


def _index_key() -> str:
    """The index format and the code that builds and reads it (the index modules and the alias rules of query)."""
    from . import index as index_module
    from . import searchdb

    parts = [str(index_module.INDEX_FORMAT), searchdb.LAYOUT]
    for name in ("index.py", "index_fields.py", "searchdb.py", "query.py", "refs.py", "model.py"):
        try:
            st = (Path(index_module.__file__).parent / name).stat()
            parts.append(f"{name}:{st.st_size}:{st.st_mtime_ns}")
        except OSError:
            parts.append(f"{name}:?")
    return "|".join(parts)


def search_index(kb: KnowledgeBase) -> Any:
    """The search index of a knowledge base: a SQLite file beside its cache file, queried in place (written when missing,
    foreign or damaged); with no cache file, an index built in memory."""
    from . import index

    where = _index_file(kb)
    if where is None:
        return index.build_index(kb)
    from .searchdb import IndexUnusable, StoredIndex, write_index

    key = _index_key()

    def instead() -> Any:
        """The file proved damaged while searching: drop it (the next search writes it again) and answer from memory."""
        where.unlink(missing_ok=True)
        return index.build_index(kb)

    try:
        return StoredIndex(where, key, instead)
    except IndexUnusable:
        pass
    for old in where.parent.glob(where.name.rsplit(".", 2)[0] + ".*.index"):
        if old != where:
            old.unlink(missing_ok=True)
    try:
        write_index(kb, where, key)
        return StoredIndex(where, key, instead)
    except IndexUnusable:  # an unwritable directory, or a rival's file damaged since: this search goes without
        return index.build_index(kb)


# ---- lawkb cache info | clear ----


def _ours(path: Path) -> bool:
    name = path.name
    return name.startswith(PREFIX) and (name.endswith(SUFFIX) or SUFFIX + "." in name)


def cache_files(directory: Path) -> list[Path]:
    """Every file this module wrote in the directory (caches, indexes beside them, leftovers of interrupted writes)."""
    try:
        return sorted(p for p in directory.iterdir() if p.is_file() and _ours(p))
    except OSError:
        return []


def writable(directory: Path) -> bool:
    probe = directory
    while not probe.exists() and probe.parent != probe:
        probe = probe.parent
    return os.access(probe, os.W_OK | os.X_OK)


def info(directory: Path | None, root: Path) -> dict[str, Any]:
    """What the cache holds for a knowledge base, as plain data."""
    from . import fastcheck

    out: dict[str, Any] = {"enabled": directory is not None, "directory": str(directory) if directory else None,
                           "writable": bool(directory and writable(directory)), "compiled_validator": fastcheck.available(),
                           "knowledge_base": os.path.abspath(root)}
    if directory is None:
        return out
    files = cache_files(directory)
    out["files"] = len(files)
    out["bytes"] = sum(p.stat().st_size for p in files if p.exists())
    path = cache_path(directory, root)
    entry: dict[str, Any] = {"file": str(path), "exists": path.is_file()}
    if path.is_file():
        entry["bytes"] = path.stat().st_size
        store = open_store(directory, root)
        if store is None:
            entry["state"] = "unusable (damaged, or written by another version); it will be rebuilt"
        else:
            snap = store.snapshot
            if snap is not None:
                entry["written"] = time.strftime("%Y-%m-%dT%H:%M:%S", time.localtime(snap.created_ns / 1e9))
                entry["records"] = snap.records
                entry["files"] = snap.files
                entry["errors"] = snap.errors
            store.close()
            fresh = open_fresh(root, directory)
            entry["state"] = "fresh" if fresh is not None else "stale (files changed since; the next command updates it)"
            if fresh is not None:
                index = _index_file(fresh.kb)
                entry["search_index"] = bool(index and index.is_file())
                fresh.store.close()
    out["cache"] = entry
    return out


def clear(directory: Path | None, root: Path | None = None) -> tuple[int, int]:
    """Remove the cache files of one knowledge base, or all of them; returns (files, bytes) removed."""
    if directory is None:
        return 0, 0
    files = cache_files(directory)
    if root is not None:
        stem = cache_path(directory, root).name
        files = [p for p in files if p.name == stem or p.name.startswith(stem + ".")]
    count = size = 0
    for p in files:
        try:
            n = p.stat().st_size
            p.unlink()
        except OSError:
            continue
        count += 1
        size += n
    return count, size
