"""The watcher: a resident process that follows a knowledge base's folders with inotify and tells queries that no record
file changed since it proved their cache file fresh, so that a query need not stat every record file itself.

The guarantee is the one queries give on their own. The watcher vouches for a cache file only after proving it fresh (as
a query does) with its watches already in place, and only while no event that could concern a record file has arrived
since. inotify queues an event inside the system call that makes the change, and the watcher reads every queued event
before it answers, so a change that was complete before a query asked is always seen. Whatever goes wrong between a
query and the watcher (none running, a stale socket, a timeout), the query proves freshness itself, as without one.

Importing this module stays cheap (queries import it): ctypes, socket and select are imported where they are used.
"""

from __future__ import annotations

import errno
import os
import stat
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import LawkbError, MissingDependencyError, NotFoundError, UsageError
from .load import KB_DIRS

if TYPE_CHECKING:
    import threading

    from .cache import Snapshot, Store

SOCKET_SUFFIX = ".watch"
MAX_SOCKET_PATH = 107  # sun_path holds 108 bytes on Linux, the last of them the terminating NUL
REQUEST = b"lawkb-watch/1 "  # then one byte giving the token's length, then the token
YES = b"y"
NO = b"n"
TIMEOUT = 1.0  # a client's patience: well above what proving a 100k-file knowledge base takes the watcher
_CLIENT_TIMEOUT = 0.5  # the watcher's patience with a client that connects and says nothing
_QUIET = 0.1  # seconds without events after which the watcher proves a changed cache file on its own
_TICK = 0.1  # how often a watcher given a `stop` event looks at it

# inotify(7)
IN_MODIFY = 0x00000002
IN_ATTRIB = 0x00000004
IN_CLOSE_WRITE = 0x00000008
IN_MOVED_FROM = 0x00000040
IN_MOVED_TO = 0x00000080
IN_CREATE = 0x00000100
IN_DELETE = 0x00000200
IN_DELETE_SELF = 0x00000400
IN_MOVE_SELF = 0x00000800
IN_UNMOUNT = 0x00002000
IN_Q_OVERFLOW = 0x00004000
IN_IGNORED = 0x00008000
IN_ONLYDIR = 0x01000000
IN_MASK_ADD = 0x20000000
IN_ISDIR = 0x40000000

_CHANGES = IN_MODIFY | IN_ATTRIB | IN_CLOSE_WRITE | IN_DELETE_SELF | IN_MOVE_SELF
# IN_MASK_ADD: a file and a folder watch that turn out to be one inode (a link retargeted under the watcher's feet)
# must add up to both masks, never have one replace the other.
FOLDER_MASK = _CHANGES | IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO | IN_ONLYDIR | IN_MASK_ADD
FILE_MASK = _CHANGES | IN_MASK_ADD
_GONE = IN_DELETE_SELF | IN_MOVE_SELF | IN_UNMOUNT | IN_IGNORED
_KB_DIRS = tuple(os.fsencode(name) for name in KB_DIRS)  # what a load walks in the root


def socket_path(cache_file: Path) -> Path:
    """Where the watcher of a knowledge base listens: beside its cache file."""
    return cache_file.with_name(cache_file.name + SOCKET_SUFFIX)


def checked_socket_path(cache_file: Path) -> Path:
    """The socket path of a watcher for this cache file, or a UsageError if it is too long for the system."""
    where = socket_path(cache_file)
    size = len(os.fsencode(where))
    if size > MAX_SOCKET_PATH:
        raise UsageError("watch-socket-path", f"the watcher's socket path would be {size} bytes, over the system's limit of "
                         f"{MAX_SOCKET_PATH}: {where}", "choose a shorter cache directory with --cache-dir")
    return where


def token(snapshot: Snapshot) -> bytes:
    """Identifies one whole load, so one cache file: when it was made and what it found."""
    return snapshot.created_ns.to_bytes(8, "big", signed=True) + snapshot.signature


def vouches(cache_file: Path, token: bytes, timeout: float = TIMEOUT) -> bool:
    """Whether a watcher running for this cache file answers that no record file changed since the load `token` names.

    Never raises: no watcher, a stale socket, a watcher of another user, a timeout or any error is simply False.
    """
    if not 0 < len(token) < 256:
        return False
    try:
        conn = _connect(cache_file, timeout)
        if conn is None:
            return False
        with conn:
            conn.sendall(REQUEST + bytes([len(token)]) + token)
            return bool(conn.recv(1) == YES)
    except Exception:  # whatever fails here, the query falls back to proving freshness itself
        return False


def listening(cache_file: Path, timeout: float = 0.2) -> bool:
    """Whether a watcher of this user answers at the socket of this cache file (for `lawkb cache info`)."""
    try:
        conn = _connect(cache_file, timeout)
    except Exception:  # as in vouches: no answer is the answer
        return False
    if conn is None:
        return False
    conn.close()
    return True


def _connect(cache_file: Path, timeout: float) -> Any:
    """A connection to the watcher of this cache file if one of this user listens there, else None; may raise OSError.

    Without a socket file it returns before importing `socket`: queries pay nothing when no watcher runs."""
    where = os.fsencode(socket_path(cache_file))
    if len(where) > MAX_SOCKET_PATH:
        return None
    st = os.stat(where)
    if not stat.S_ISSOCK(st.st_mode) or st.st_uid != os.getuid():
        return None
    import socket
    import struct

    conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        conn.settimeout(timeout)
        conn.connect(where)
        cred = conn.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
        if struct.unpack("3i", cred)[1] != os.getuid():
            conn.close()
            return None
    except BaseException:
        conn.close()
        raise
    return conn


# ---- the watcher ----


class _Stopped(Exception):
    """SIGTERM arrived."""


def _on_sigterm(_signum: int, _frame: Any) -> None:
    raise _Stopped


def serve(root: Path, cache_dir: Path, *, ready: Callable[[int], None] | None = None, stop: threading.Event | None = None) -> None:
    """Watch the knowledge base at root and answer the queries that use its cache file in cache_dir, until stopped.

    `ready(number of folders watched)` is called once the watches are in place, the socket listens and the current cache
    file has been proven (or found stale). Returns when `stop` is set or, in the main thread, on SIGTERM or Ctrl-C;
    raises LawkbError when it cannot watch (not Linux, inotify's limits, a socket path too long, another watcher of
    the same knowledge base) or when the knowledge base folder is removed or moved. Its socket is removed on the way out.
    """
    import signal
    import threading

    watcher = _Watcher(Path(root), Path(cache_dir))
    main = threading.current_thread() is threading.main_thread()
    previous: Any = signal.signal(signal.SIGTERM, _on_sigterm) if main else None
    try:
        watcher.start()
        if ready is not None:
            ready(len(watcher.folders))
        watcher.run(stop)
    except (_Stopped, KeyboardInterrupt):
        if not main:
            raise
    finally:
        watcher.close()
        if main:
            signal.signal(signal.SIGTERM, previous if previous is not None else signal.SIG_DFL)


def _limit_error(exc: OSError, what: str) -> LawkbError | None:
    """inotify's per-user limits, said so that the user can raise them."""
    if exc.errno == errno.ENOSPC:
        return LawkbError("watch-limit", f"cannot watch {what}: the system's limit on inotify watches is reached",
                          "raise fs.inotify.max_user_watches (e.g. sudo sysctl fs.inotify.max_user_watches=524288) or stop other watchers")
    if exc.errno == errno.EMFILE:
        return LawkbError("watch-limit", f"cannot watch {what}: the system's limit on inotify instances is reached",
                          "raise fs.inotify.max_user_instances (e.g. sudo sysctl fs.inotify.max_user_instances=512) or stop other watchers")
    return None


class _Inotify:
    """Linux's inotify through libc: one instance, its watches, and its queued events."""

    def __init__(self) -> None:
        import ctypes

        unsupported = MissingDependencyError("watch-unsupported", f"lawkb watch needs Linux's inotify, which this system ({sys.platform}) lacks",
                                             "queries work without a watcher; they check every file themselves")
        if not sys.platform.startswith("linux"):
            raise unsupported
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            init1, add, rm = libc.inotify_init1, libc.inotify_add_watch, libc.inotify_rm_watch
        except (OSError, AttributeError):
            raise unsupported from None
        init1.argtypes, init1.restype = [ctypes.c_int], ctypes.c_int
        add.argtypes, add.restype = [ctypes.c_int, ctypes.c_char_p, ctypes.c_uint32], ctypes.c_int
        rm.argtypes, rm.restype = [ctypes.c_int, ctypes.c_int], ctypes.c_int
        fd = init1(os.O_NONBLOCK | os.O_CLOEXEC)
        if fd < 0:
            code = ctypes.get_errno()
            exc = OSError(code, os.strerror(code))
            raise _limit_error(exc, "the knowledge base") or LawkbError("watch-failed", f"cannot start inotify: {exc.strerror}") from None
        self.fd = fd
        self._add = add
        self._rm = rm
        self._errno = ctypes.get_errno

    def add(self, path: str, mask: int) -> int:
        """The watch descriptor of what path names (the same one again for an inode already watched); raises OSError."""
        wd = self._add(self.fd, os.fsencode(path), mask)
        if wd < 0:
            code = self._errno()
            raise OSError(code, os.strerror(code), path)
        return int(wd)

    def remove(self, wd: int) -> None:
        self._rm(self.fd, wd)  # a watch the kernel already dropped (its inode is gone) gives EINVAL: nothing to do

    def events(self) -> list[tuple[int, int, bytes]]:
        """Every event queued now, as (watch descriptor, mask, name), without waiting."""
        import struct

        out: list[tuple[int, int, bytes]] = []
        while True:
            try:
                buf = os.read(self.fd, 65536)
            except BlockingIOError:
                return out
            if not buf:
                return out
            at = 0
            while at + 16 <= len(buf):
                wd, mask, _cookie, length = struct.unpack_from("iIII", buf, at)
                out.append((wd, mask, buf[at + 16:at + 16 + length].split(b"\0", 1)[0]))
                at += 16 + length

    def close(self) -> None:
        os.close(self.fd)


# File systems whose files can change without this machine's kernel knowing (inotify reports only local changes).
_REMOTE = frozenset({"nfs", "nfs4", "cifs", "smb3", "smbfs", "ncpfs", "afs", "9p", "virtiofs", "ceph", "glusterfs", "lustre", "gpfs",
                     "fuse.sshfs", "fuse.rclone", "fuse.s3fs", "fuse.gcsfuse", "fuse.glusterfs", "fuse.davfs", "davfs"})


def _remote_devices() -> dict[int, str]:
    """The devices of the mounted remote file systems, with their types (from /proc/self/mountinfo)."""
    try:
        with open("/proc/self/mountinfo", encoding="utf-8", errors="replace") as handle:
            lines = handle.read().splitlines()
    except OSError:
        return {}
    out: dict[int, str] = {}
    for line in lines:
        left, sep, right = line.partition(" - ")
        fields, kinds = left.split(), right.split()
        if not sep or len(fields) < 5 or not kinds or kinds[0] not in _REMOTE:
            continue
        major, _, minor = fields[2].partition(":")
        try:
            out[os.makedev(int(major), int(minor))] = kinds[0]
        except ValueError:
            continue
    return out


def _refuse_remote(paths: list[str]) -> None:
    """A watcher on a network file system would miss edits made on other machines and vouch for stale files: refuse."""
    remote = _remote_devices()
    if not remote:
        return
    for path in paths:
        try:
            kind = remote.get(os.stat(path).st_dev)
        except OSError:
            continue
        if kind is not None:
            raise LawkbError("watch-remote-fs", f"{path} is on a {kind} file system, where inotify does not see changes made from "
                             "other machines", "queries work without a watcher: they check every file themselves")


def _matters(name: bytes, mask: int, at_root: bool) -> bool:
    """Whether an event about an entry of a walked folder can change what a load finds (load._walk_records' rules)."""
    if at_root:
        return name in _KB_DIRS
    if name.startswith(b"."):
        return False
    return bool(mask & IN_ISDIR) or name.endswith((b".yaml", b".yml"))


class _Watcher:
    """The state of one watcher: its watches, its socket, and the load it vouches for."""

    def __init__(self, root: Path, cache_dir: Path) -> None:
        from .cache import cache_path

        self.root = os.path.abspath(root)
        self.cache_dir = cache_dir
        self.cache_file = cache_path(cache_dir, Path(self.root))
        self.cache_name = os.fsencode(self.cache_file.name)
        self.socket_file = socket_path(self.cache_file)
        self.inotify: _Inotify | None = None
        self.listener: Any = None
        self.bound: tuple[int, int] | None = None  # device and inode of the socket this watcher made
        self.folders: dict[int, str] = {}  # watch descriptor -> folder a load walks
        self.links: dict[str, int] = {}  # record file that is a symlink -> watch on what it points to (-1: none)
        self.link_wds: dict[int, set[str]] = {}
        self.all_wds: set[int] = set()  # every watch this watcher holds
        self.root_wd = -1
        self.cache_wd = -1
        self.root_id: tuple[int, int] | None = None
        self.verified: bytes | None = None  # the load proven fresh with every watch in place, no event since
        self.stale: bytes | None = None  # the load proven not fresh, no event since
        self.expected: list[tuple[str, int, int]] = []  # the symlinked record files' size and mtime in the verified load
        self.pending = True  # a cache file may await proving

    # -- start and stop --

    def start(self) -> None:
        where = os.fsencode(checked_socket_path(self.cache_file))
        try:
            st = os.stat(self.root)
        except OSError:
            raise NotFoundError("kb-not-found", f"knowledge base folder not found: {self.root}") from None
        self.root_id = (st.st_dev, st.st_ino)
        self.inotify = _Inotify()
        self._listen(where)
        try:
            self.cache_wd = self.inotify.add(os.fspath(self.cache_dir), FOLDER_MASK)
        except OSError as exc:
            raise _limit_error(exc, str(self.cache_dir)) or LawkbError("watch-failed", f"cannot watch the cache folder {self.cache_dir}: "
                                                                       f"{exc.strerror}") from None
        self.rewalk()
        self.prove()

    def _listen(self, where: bytes) -> None:
        import socket

        try:
            self.cache_dir.mkdir(parents=True, exist_ok=True)
            existing = os.lstat(where)
        except FileNotFoundError:
            existing = None
        except OSError as exc:
            raise LawkbError("watch-failed", f"cannot use the cache folder {self.cache_dir}: {exc.strerror}") from None
        if existing is not None:
            if not stat.S_ISSOCK(existing.st_mode):
                raise LawkbError("watch-failed", f"{self.socket_file} exists and is not a socket", "remove it, then start the watcher again")
            if listening(self.cache_file, timeout=1.0):
                raise self._already()
            try:  # nobody answers: the socket of a watcher that ended without removing it
                os.unlink(where)
            except FileNotFoundError:
                pass
            except OSError as exc:
                raise LawkbError("watch-failed", f"cannot replace the stale socket {self.socket_file}: {exc.strerror}") from None
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        mask = os.umask(0o177)  # only this user may connect
        try:
            listener.bind(where)
        except OSError as exc:
            listener.close()
            if exc.errno == errno.EADDRINUSE:
                raise self._already() from None
            raise LawkbError("watch-failed", f"cannot listen at {self.socket_file}: {exc.strerror}") from None
        finally:
            os.umask(mask)
        st = os.stat(where)
        self.bound = (st.st_dev, st.st_ino)
        listener.listen(16)
        listener.setblocking(False)
        self.listener = listener

    def _already(self) -> LawkbError:
        return UsageError("watch-running", f"{self.root} is already watched (a watcher answers at {self.socket_file})",
                          "queries already use that watcher; stop it first to start another")

    def close(self) -> None:
        if self.listener is not None:
            self.listener.close()
            self.listener = None
        if self.bound is not None:
            try:  # only the socket this watcher made: a later watcher may have replaced it
                st = os.stat(self.socket_file)
                if (st.st_dev, st.st_ino) == self.bound:
                    os.unlink(self.socket_file)
            except OSError:
                pass
            self.bound = None
        if self.inotify is not None:
            self.inotify.close()
            self.inotify = None

    # -- the watches --

    def _add(self, path: str, mask: int, *, link: bool = False) -> int:
        """Watch path; -1 when it vanished, is no folder or cannot be read, as a load would find it (the events of the
        folder that holds it tell when that changes), or for a link that leads nowhere readable (never vouched for)."""
        assert self.inotify is not None
        try:
            return self.inotify.add(path, mask)
        except OSError as exc:
            limit = _limit_error(exc, path)
            if limit is not None:
                raise limit from None
            if link or exc.errno in (errno.ENOENT, errno.ENOTDIR, errno.EACCES):
                return -1
            raise LawkbError("watch-failed", f"cannot watch {path}: {exc.strerror}") from None

    def rewalk(self) -> None:
        """Watch every folder a load walks and every symlinked record file, and nothing else of the knowledge base.

        Each folder is listed again after its watch is in place, until a listing finds no folder unwatched: a folder
        created before its parent was watched is then found by the listing, one created after by the parent's event.
        """
        from .load import record_files

        fresh: dict[str, int] = {}
        while True:
            walked: list[tuple[str, int]] = []
            found = record_files(Path(self.root), ordered=False, folders=walked)
            new = [folder for folder, _mtime in walked if folder not in fresh]
            for folder in new:
                fresh[folder] = self._add(folder, FOLDER_MASK)
            if not new:
                break
        if fresh.get(self.root, -1) < 0:
            raise self._root_gone()
        listed = {folder for folder, _mtime in walked}
        kept = {folder: wd for folder, wd in fresh.items() if folder in listed and wd >= 0}
        self.root_wd = kept[self.root]
        linked = {os.path.join(self.root, rel) for rel, link in found if link}
        _refuse_remote([*kept, *linked])
        for path in set(self.links) - linked:
            self._drop_link(path)
        for path in linked:
            self._watch_link(path)
        self.folders = {wd: folder for folder, wd in kept.items()}
        self._forget_unused()

    def _forget_unused(self) -> None:
        assert self.inotify is not None
        used = set(self.folders) | set(self.link_wds) | {self.cache_wd}
        for wd in self.all_wds - used:
            self.inotify.remove(wd)
        self.all_wds = used

    def _watch_link(self, path: str) -> None:
        """Watch what a symlinked record file points to (inotify follows the link); again after it may have changed."""
        wd = self._add(path, FILE_MASK, link=True)
        old = self.links.get(path)
        if old is not None and old != wd:
            self._drop_link(path)
        self.links[path] = wd
        if wd >= 0:
            self.link_wds.setdefault(wd, set()).add(path)
            self.all_wds.add(wd)

    def _drop_link(self, path: str) -> None:
        wd = self.links.pop(path, -1)
        users = self.link_wds.get(wd)
        if users is not None:
            users.discard(path)
            if not users:
                del self.link_wds[wd]

    def _recheck(self, path: str) -> None:
        """A record name in a watched folder changed: it may be a symlink now, or no longer one."""
        if os.path.islink(path):
            self._watch_link(path)
        elif path in self.links:
            self._drop_link(path)

    def _root_gone(self) -> NotFoundError:
        return NotFoundError("watch-root-gone", f"the knowledge base folder {self.root} was removed or moved; the watcher stops",
                             "start 'lawkb watch' again where the knowledge base now is")

    def drain(self) -> bool:
        """Read every queued event and keep the watches complete; True if any event could concern a record file."""
        assert self.inotify is not None
        events = self.inotify.events()
        if not events:
            return False
        changed = rewalk = False
        touched: set[str] = set()
        for wd, mask, name in events:
            if mask & IN_Q_OVERFLOW:  # events were lost: assume anything happened
                changed = rewalk = True
                continue
            if wd == self.cache_wd:
                if name == self.cache_name:
                    self.pending = True
                elif not name and mask & _GONE:
                    raise NotFoundError("watch-cache-gone", f"the cache folder {self.cache_dir} was removed; the watcher stops",
                                        "start 'lawkb watch' again")
            folder = self.folders.get(wd)
            if folder is not None:
                if not name:  # the folder itself: its mode, or it went away
                    if wd == self.root_wd and mask & _GONE:
                        raise self._root_gone()
                    changed = True
                    rewalk = rewalk or bool(mask & _GONE)
                elif _matters(name, mask, wd == self.root_wd):
                    changed = True
                    if mask & IN_ISDIR or wd == self.root_wd:
                        rewalk = True
                    else:
                        touched.add(os.path.join(folder, os.fsdecode(name)))
            users = self.link_wds.get(wd)
            if users:  # what a symlinked record file points to changed, or was replaced: watch it afresh
                changed = True
                touched.update(users)
        if rewalk:
            self.rewalk()
        else:
            for path in touched:
                self._recheck(path)
            self._forget_unused()
        if changed:
            self.verified = self.stale = None
            self.expected = []
            self.pending = True
        return changed

    # -- proofs and answers --

    def prove(self, wanted: bytes | None = None) -> None:
        """Prove the current cache file fresh, or stale, as a query would, the watches being in place (only if its load
        is `wanted`, when given)."""
        from .cache import CacheCorrupt, open_store, proven_fresh

        self.pending = wanted is not None and self.pending
        store = open_store(self.cache_dir, Path(self.root))
        if store is None:
            return
        try:
            if store.snapshot is None:
                return
            current = token(store.snapshot)
            if current in (self.verified, self.stale) or (wanted is not None and current != wanted):
                return
            for path, wd in list(self.links.items()):
                if wd < 0:
                    self._watch_link(path)
            if any(wd < 0 for wd in self.links.values()):
                return  # a record file whose target cannot be watched: no vouching for it
            fresh = proven_fresh(store, ask_watcher=False)
            expected = self._link_stats(store) if fresh and self.links else []
        except CacheCorrupt:
            return
        finally:
            store.close()
        if self.drain():
            return  # something changed while the proof ran, which it may have missed
        if fresh and expected is not None:
            self.verified, self.expected = current, expected
        else:
            self.stale = current

    def _link_stats(self, store: Store) -> list[tuple[str, int, int]] | None:
        """Size and mtime of each symlinked record file in the proven load: what the link resolves to is checked on every
        answer, since a link can be made to resolve elsewhere (a linked folder on its way) without an event here."""
        stats = store.stats()
        out: list[tuple[str, int, int]] = []
        for path in self.links:
            found = stats.get(os.path.relpath(path, self.root))
            if found is None:
                return None
            out.append((path, *found))
        return out

    def in_place(self) -> bool:
        """What no watch sees: the root folder is still the one watched, links still resolve to what was proven."""
        try:
            st = os.stat(self.root)
            if (st.st_dev, st.st_ino) != self.root_id:
                raise self._root_gone()
            for path, size, mtime in self.expected:
                st = os.stat(path)
                if st.st_size != size or st.st_mtime_ns != mtime:
                    return False
        except OSError:
            return False
        return True

    def answer(self, asked: bytes) -> bool:
        self.drain()  # every change complete before the question was asked is queued by now
        if self.verified != asked and self.stale != asked:
            self.prove(asked)
        if self.verified != asked:
            return False
        if not self.in_place():
            self.verified = None
            return False
        return True

    def _reply(self) -> None:
        assert self.listener is not None
        try:
            conn, _addr = self.listener.accept()
        except OSError:
            return
        with conn:
            try:
                conn.settimeout(_CLIENT_TIMEOUT)
                head = _receive(conn, len(REQUEST) + 1)
                if head is None or head[:-1] != REQUEST:
                    return
                asked = _receive(conn, head[-1])
                if asked is None:
                    return
                conn.sendall(YES if self.answer(asked) else NO)
            except OSError:
                return

    def run(self, stop: threading.Event | None) -> None:
        import select

        assert self.inotify is not None and self.listener is not None
        poller = select.poll()
        poller.register(self.inotify.fd, select.POLLIN)
        poller.register(self.listener.fileno(), select.POLLIN)
        while stop is None or not stop.is_set():
            wait = _QUIET if self.pending else (_TICK if stop is not None else None)
            ready = poller.poll(None if wait is None else int(wait * 1000))
            if not ready:
                if self.pending:
                    self.prove()
                continue
            for fd, _event in ready:
                if fd == self.inotify.fd:
                    self.drain()
                else:
                    self._reply()


def _receive(conn: Any, n: int) -> bytes | None:
    """Exactly n bytes from a client, or None if it stops short."""
    data = b""
    while len(data) < n:
        chunk = conn.recv(n - len(data))
        if not chunk:
            return None
        data += chunk
    return data
