"""The watcher: it vouches for a cache file only while no record file changed since it proved it fresh, and queries
that ask it answer exactly as queries that check every file themselves."""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from lawkb import cache, watch
from lawkb.errors import LawkbError, MissingDependencyError, NotFoundError, UsageError
from lawkb.load import load_kb, record_files

OFFENCE = Path("statutes/offences/csem-possession.yaml")
TERM = Path("statutes/glossary/term-beopjeonghyeong.yaml")
SAME_SIZE = (b"Buying, possessing", b"Paying, possessing")  # a same-size edit that keeps the record valid


def settle(root: Path) -> None:
    """Date every file and folder an hour back, as in a knowledge base nobody touched lately."""
    old = time.time() - 3600
    for p in [*sorted(root.rglob("*"), key=lambda p: len(p.parts), reverse=True), root]:
        os.utime(p, (old, old), follow_symlinks=False)


def current_token(root: Path, cache_dir: Path) -> bytes:
    store = cache.open_store(cache_dir, root)
    assert store is not None and store.snapshot is not None
    try:
        return watch.token(store.snapshot)
    finally:
        store.close()


class Watcher:
    """A watcher serving in a thread of the test, and the questions a query asks it."""

    def __init__(self, root: Path, cache_dir: Path) -> None:
        self.root = root
        self.cache_dir = cache_dir
        self.cache_file = cache.cache_path(cache_dir, root)
        self.socket = watch.socket_path(self.cache_file)
        self.failures: list[BaseException] = []
        self.folders = -1
        self.stop = threading.Event()
        self._ready = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)

    def _serve(self) -> None:
        def ready(folders: int) -> None:
            self.folders = folders
            self._ready.set()

        try:
            watch.serve(self.root, self.cache_dir, ready=ready, stop=self.stop)
        except BaseException as exc:  # the test looks at it
            self.failures.append(exc)
        finally:
            self._ready.set()

    def start(self) -> Watcher:
        self.thread.start()
        assert self._ready.wait(10)
        return self

    def join(self) -> None:
        self.stop.set()
        self.thread.join(10)
        assert not self.thread.is_alive()

    def token(self) -> bytes:
        return current_token(self.root, self.cache_dir)

    def vouches(self, token: bytes | None = None) -> bool:
        return watch.vouches(self.cache_file, token if token is not None else self.token())

    def reload(self) -> None:
        assert load_kb(self.root, cache_dir=self.cache_dir).cache_problem is None


@pytest.fixture
def short_dir() -> Iterator[Path]:
    """A folder with a short path, so that the socket's path fits the system's limit (the test's own tmp_path may not)."""
    where = Path(tempfile.mkdtemp(prefix="lw", dir="/tmp"))
    yield where
    shutil.rmtree(where, ignore_errors=True)


@contextlib.contextmanager
def watching(root: Path, cache_dir: Path, *, settled: bool = True) -> Iterator[Watcher]:
    if settled:
        settle(root)
    assert load_kb(root, cache_dir=cache_dir).cache_problem is None
    running = Watcher(root, cache_dir).start()
    try:
        yield running
    finally:
        running.join()


@pytest.fixture
def watcher(kb: Path, short_dir: Path) -> Iterator[Watcher]:
    with watching(kb, short_dir / "c") as running:
        yield running
    assert running.failures == []


@pytest.fixture
def proofs(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Every proof a watcher makes, with its outcome."""
    made: list[bool] = []
    real = cache.proven_fresh

    def counting(store, *, ask_watcher=True):
        outcome = real(store, ask_watcher=ask_watcher)
        made.append(outcome)
        return outcome

    monkeypatch.setattr(cache, "proven_fresh", counting)
    return made


# ---- what the watcher vouches for ----


def test_vouches_while_nothing_changed(watcher, kb):
    walked: list[tuple[str, int]] = []
    record_files(kb, folders=walked)
    assert watcher.folders == len(walked)
    assert watcher.vouches()
    assert watcher.vouches()


def test_same_size_edit_is_never_vouched_however_soon_the_query_follows(watcher, kb):
    target = kb / OFFENCE
    original = target.read_bytes()
    edited = original.replace(*SAME_SIZE)
    assert len(edited) == len(original) and edited != original
    before = target.stat()
    token = watcher.token()
    for _ in range(100):
        target.write_bytes(original)
        os.utime(target, ns=(before.st_atime_ns, before.st_mtime_ns))
        assert watcher.vouches(token)  # the file is as the cache has it again: proven again, vouched
        target.write_bytes(edited)
        assert not watcher.vouches(token)


def test_the_answer_itself_reads_every_event_queued_before_the_question(kb, short_dir):
    """No loop runs here, so nothing but the answer drains the queue: an edit just made must be seen by the answer."""
    settle(kb)
    load_kb(kb, cache_dir=short_dir / "c")
    token = current_token(kb, short_dir / "c")
    server = watch._Watcher(kb, short_dir / "c")
    try:
        server.start()
        assert server.answer(token)
        _edit_same_size(kb)
        assert not server.answer(token)
    finally:
        server.close()


def _same_size_same_mtime(path: Path) -> None:
    """What an edit within the file system's timestamp granularity leaves: other bytes, the same size and mtime."""
    before = path.stat()
    path.write_bytes(path.read_bytes().replace(*SAME_SIZE))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))


def test_an_edit_that_keeps_size_and_mtime_of_a_recent_file_is_seen(watcher, kb):
    _append(kb)
    watcher.reload()  # the file is recent for this load: a query hashes it, and so does the watcher's proof
    token = watcher.token()
    assert watcher.vouches(token)
    _same_size_same_mtime(kb / OFFENCE)
    assert not watcher.vouches(token)


def _touch(kb: Path) -> None:
    os.utime(kb / OFFENCE)


def _append(kb: Path) -> None:
    with open(kb / OFFENCE, "a", encoding="utf-8") as handle:
        handle.write("# a comment\n")


def _new_file(kb: Path) -> None:
    shutil.copy(kb / TERM, kb / "statutes/glossary/another.yaml")


def _delete(kb: Path) -> None:
    (kb / TERM).unlink()


def _rename(kb: Path) -> None:
    (kb / TERM).rename(kb / "statutes/glossary/renamed.yaml")


def _hide(kb: Path) -> None:
    (kb / TERM).rename(kb / "statutes/glossary/.hidden.yaml")


def _new_folder_with_a_file(kb: Path) -> None:
    (kb / "statutes/glossary/more").mkdir()
    shutil.copy(kb / TERM, kb / "statutes/glossary/more/copy.yaml")


def _folder_moved_in(kb: Path) -> None:
    outside = kb.parent / "outside"
    (outside / "deeper").mkdir(parents=True)
    shutil.copy(kb / TERM, outside / "deeper/copy.yaml")
    outside.rename(kb / "guidelines/outside")


def _folder_removed(kb: Path) -> None:
    shutil.rmtree(kb / "statutes/glossary")


@pytest.mark.parametrize("edit", [_touch, _append, _new_file, _delete, _rename, _hide, _new_folder_with_a_file, _folder_moved_in,
                                  _folder_removed])
def test_any_change_to_the_records_is_not_vouched(watcher, kb, edit):
    token = watcher.token()
    assert watcher.vouches(token)
    edit(kb)
    assert not watcher.vouches(token)
    assert not cache.proven_fresh(cache.open_store(watcher.cache_dir, kb))  # what a query would have found on its own
    watcher.reload()
    assert watcher.token() != token
    assert watcher.vouches()  # the new cache file is proven, then vouched for
    assert not watcher.vouches(token)


def test_files_no_load_reads_change_nothing(watcher, kb, proofs):
    assert watcher.vouches()
    made = len(proofs)
    (kb / "statutes/offences/.csem-possession.yaml.swp").write_text("scratch", encoding="utf-8")
    (kb / "statutes/offences/NOTES.txt").write_text("notes", encoding="utf-8")
    (kb / "statutes/.git").mkdir()
    (kb / "README.md").write_text("a knowledge base", encoding="utf-8")
    assert watcher.vouches()
    assert len(proofs) == made  # nothing that could change a load arrived: no new proof was needed


def test_files_in_a_folder_that_appeared_after_the_watcher_started_are_watched(watcher, kb):
    (kb / "statutes/glossary/more/deeper").mkdir(parents=True)
    watcher.reload()
    assert watcher.vouches()
    (kb / "statutes/glossary/more/deeper/new.yaml").write_text("kind: term\n", encoding="utf-8")
    assert not watcher.vouches()
    watcher.reload()
    assert watcher.vouches()
    with open(kb / "statutes/glossary/more/deeper/new.yaml", "a", encoding="utf-8") as handle:
        handle.write("id: x\n")
    assert not watcher.vouches()


def test_folder_moved_within_the_knowledge_base_is_followed(watcher, kb):
    (kb / "statutes/glossary").rename(kb / "guidelines/glossary")
    watcher.reload()
    assert watcher.vouches()
    with open(kb / "guidelines/glossary" / TERM.name, "a", encoding="utf-8") as handle:
        handle.write("# moved\n")
    assert not watcher.vouches()


def test_a_new_cache_file_is_proven_without_waiting_for_a_query(watcher, kb, proofs):
    _append(kb)
    watcher.reload()
    deadline = time.monotonic() + 5
    while True not in proofs and time.monotonic() < deadline:
        time.sleep(0.02)
    assert proofs[-1] is True
    made = len(proofs)
    assert watcher.vouches()
    assert len(proofs) == made


def test_symlinked_record_file_is_followed_to_its_target(kb, short_dir):
    elsewhere = short_dir / "elsewhere"
    elsewhere.mkdir()
    target = elsewhere / OFFENCE.name
    shutil.move(kb / OFFENCE, target)
    (kb / OFFENCE).symlink_to(target)
    with watching(kb, short_dir / "c") as running:
        assert running.vouches()
        _append(kb)  # through the link
        assert not running.vouches()
        running.reload()
        assert running.vouches()
        with open(target, "ab") as handle:  # the target itself, in a folder nobody walks
            handle.write(b"# edited\n")
        assert not running.vouches()
        running.reload()
        assert running.vouches()
        replacement = elsewhere / "replacement.yaml"  # an editor's save: a new file renamed over the target
        replacement.write_bytes(target.read_bytes() + b"# saved\n")
        replacement.replace(target)
        assert not running.vouches()
        running.reload()
        assert running.vouches()  # the new target is watched now
        with open(target, "ab") as handle:
            handle.write(b"# and edited again\n")
        assert not running.vouches()
        running.reload()
        token = running.token()
        assert running.vouches(token)
        _same_size_same_mtime(target)  # nothing a stat shows: only the watch on the target sees it
        assert not running.vouches(token)
    assert running.failures == []


def test_a_link_that_leads_nowhere_is_never_vouched_for_until_it_does(kb, short_dir):
    target = short_dir / "later.yaml"
    (kb / "statutes/glossary/linked.yaml").symlink_to(target)
    with watching(kb, short_dir / "c") as running:
        assert not running.vouches()
        shutil.copy(kb / TERM, target)
        (kb / TERM).unlink()
        running.reload()
        assert running.vouches()  # the link is watched now that it leads somewhere
        with open(target, "a", encoding="utf-8") as handle:
            handle.write("# edited\n")
        assert not running.vouches()
    assert running.failures == []


# ---- when there is nobody to ask ----


def _quick_false(cache_file: Path, token: bytes = b"x" * 24) -> None:
    started = time.monotonic()
    assert watch.vouches(cache_file, token) is False
    assert time.monotonic() - started < 0.5


def test_without_a_watcher_the_answer_is_no_at_once(short_dir):
    _quick_false(short_dir / "kb-0.sqlite")


def test_a_stale_socket_is_no_answer_and_a_new_watcher_replaces_it(kb, short_dir):
    cache_dir = short_dir / "c"
    cache_dir.mkdir()
    cache_file = cache.cache_path(cache_dir, kb)
    left = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    left.bind(os.fspath(watch.socket_path(cache_file)))
    left.close()  # its file stays behind, with nobody listening
    _quick_false(cache_file)
    with watching(kb, cache_dir) as running:
        assert running.vouches()
    assert running.failures == []


def test_a_socket_path_over_the_limit_is_no_answer_and_no_watcher(kb, short_dir):
    deep = short_dir / ("d" * (watch.MAX_SOCKET_PATH - len(os.fsencode(short_dir))))
    _quick_false(cache.cache_path(deep, kb))
    with pytest.raises(UsageError) as caught:
        watch.serve(kb, deep)
    assert caught.value.code == "watch-socket-path"
    assert caught.value.hint == "choose a shorter cache directory with --cache-dir"
    assert not deep.exists()


def test_a_watcher_that_does_not_answer_costs_the_timeout_and_no_more(short_dir):
    cache_file = short_dir / "kb-0.sqlite"
    mute = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    mute.bind(os.fspath(watch.socket_path(cache_file)))
    mute.listen(1)  # the connection is queued, never accepted
    try:
        started = time.monotonic()
        assert watch.vouches(cache_file, b"x" * 24, timeout=0.2) is False
        assert time.monotonic() - started < 1.0
    finally:
        mute.close()


def test_a_second_watcher_of_the_same_knowledge_base_is_refused(watcher, kb):
    with pytest.raises(UsageError) as caught:
        watch.serve(kb, watcher.cache_dir)
    assert caught.value.code == "watch-running"
    assert caught.value.message == f"{os.path.abspath(kb)} is already watched (a watcher answers at {watcher.socket})"
    assert watcher.vouches()  # the refused one left the running one's socket alone


def test_the_watcher_removes_its_socket_when_it_stops(kb, short_dir):
    with watching(kb, short_dir / "c") as running:
        assert running.socket.exists()
        assert oct(running.socket.stat().st_mode & 0o777) == oct(0o600)
    assert not running.socket.exists()
    assert running.failures == []


@pytest.mark.parametrize("gone", [shutil.rmtree, lambda kb: kb.rename(kb.with_name("moved"))], ids=["removed", "moved"])
def test_the_watcher_stops_when_the_knowledge_base_folder_goes(kb, short_dir, gone):
    with watching(kb, short_dir / "c") as running:
        gone(kb)
        running.thread.join(5)
        assert not running.thread.is_alive()
    assert [type(f) for f in running.failures] == [NotFoundError]
    assert running.failures[0].code == "watch-root-gone"  # type: ignore[attr-defined]
    assert not running.socket.exists()


def test_the_watch_limit_is_named_and_the_socket_removed(kb, short_dir, monkeypatch):
    def full(self, path, mask):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), path)

    monkeypatch.setattr(watch._Inotify, "add", full)
    with pytest.raises(LawkbError) as caught:
        watch.serve(kb, short_dir / "c")
    assert caught.value.code == "watch-limit"
    assert "fs.inotify.max_user_watches" in caught.value.hint
    assert not watch.socket_path(cache.cache_path(short_dir / "c", kb)).exists()


def test_without_inotify_the_watcher_says_so(kb, short_dir, monkeypatch):
    monkeypatch.setattr(sys, "platform", "darwin")
    with pytest.raises(MissingDependencyError) as caught:
        watch.serve(kb, short_dir / "c")
    assert caught.value.message == "lawkb watch needs Linux's inotify, which this system (darwin) lacks"
    assert not watch.socket_path(cache.cache_path(short_dir / "c", kb)).exists()


def test_lost_events_make_the_watcher_prove_again(kb, short_dir, proofs, monkeypatch):
    settle(kb)
    load_kb(kb, cache_dir=short_dir / "c")
    token = current_token(kb, short_dir / "c")
    server = watch._Watcher(kb, short_dir / "c")
    try:
        server.start()
        assert server.answer(token)
        made = len(proofs)
        assert server.inotify is not None
        real = server.inotify.events
        monkeypatch.setattr(server.inotify, "events", lambda: [(-1, watch.IN_Q_OVERFLOW, b"")])
        assert server.drain()
        monkeypatch.setattr(server.inotify, "events", real)
        assert server.answer(token)
        assert len(proofs) == made + 1
    finally:
        server.close()


# ---- queries with a watcher answer as queries without one ----


def _edit_same_size(kb: Path) -> None:
    target = kb / OFFENCE
    target.write_bytes(target.read_bytes().replace(*SAME_SIZE))


def _break_in_place(kb: Path) -> None:
    with open(kb / OFFENCE, "a", encoding="utf-8") as handle:
        handle.write("unknown_field: 1\n")


def _new_term(kb: Path) -> None:
    text = (kb / TERM).read_text(encoding="utf-8").replace("term-beopjeonghyeong", "term-another")
    (kb / "statutes/glossary/more").mkdir()
    (kb / "statutes/glossary/more/another.yaml").write_text(text, encoding="utf-8")


@pytest.mark.parametrize(("edit", "shown", "code"), [
    (_edit_same_size, "csem-possession", 0),
    (_break_in_place, "csem-possession", 1),
    (_touch, "csem-possession", 0),
    (_new_term, "term-another", 0),
    (_delete, "term-beopjeonghyeong", 3),
    (_rename, "term-beopjeonghyeong", 0),
])
def test_queries_answer_as_without_a_watcher_after_each_kind_of_edit(watcher, kb, invoke, monkeypatch, edit, shown, code):
    asked: list[bool] = []
    real = watch.vouches

    def recording(*args, **kwargs):
        asked.append(real(*args, **kwargs))
        return asked[-1]

    monkeypatch.setattr(watch, "vouches", recording)
    where = ("--cache-dir", str(watcher.cache_dir))
    assert invoke(*where, "show", "csem-possession", "--kb", str(kb), "--format", "json").exit_code == 0
    assert asked == [True]
    edit(kb)
    served = invoke(*where, "show", shown, "--kb", str(kb), "--format", "json")
    uncached = invoke("--no-cache", "show", shown, "--kb", str(kb), "--format", "json")
    assert (served.exit_code, served.stdout, served.stderr) == (uncached.exit_code, uncached.stdout, uncached.stderr)
    assert served.exit_code == code
    assert asked == [True, False]
    again = invoke(*where, "show", shown, "--kb", str(kb), "--format", "json")
    assert (again.exit_code, again.stdout, again.stderr) == (uncached.exit_code, uncached.stdout, uncached.stderr)
    assert asked == [True, False, True]  # the reloaded cache file was proven and vouched for
    if edit is _edit_same_size:
        assert '"en": "Paying, possessing' in again.stdout
    if edit is _break_in_place:
        assert again.stderr.startswith(f"lawkb: error[kb-invalid]: the knowledge base at {kb} has ")


# ---- the command ----


def test_watch_refuses_without_the_cache(invoke, kb):
    result = invoke("--no-cache", "watch", "--kb", str(kb))
    assert result.exit_code == 2
    assert result.stderr == ("lawkb: error[watch-no-cache]: the cache is off (--no-cache or LAWKB_NO_CACHE), and a watcher serves the cache\n"
                             "    hint: run 'lawkb watch' with the cache on\n")


def test_watch_refuses_a_socket_path_over_the_limit_before_loading(invoke, kb, short_dir):
    deep = short_dir / ("d" * 100)
    result = invoke("--cache-dir", str(deep), "watch", "--kb", str(kb))
    assert result.exit_code == 2
    assert result.stderr.startswith("lawkb: error[watch-socket-path]: the watcher's socket path would be ")
    assert result.stderr.endswith("    hint: choose a shorter cache directory with --cache-dir\n")
    assert not deep.exists()


def test_cache_info_says_whether_a_watcher_answers(kb, short_dir, invoke):
    import json

    where = ("--cache-dir", str(short_dir / "c"))
    with watching(kb, short_dir / "c"):
        facts = json.loads(invoke(*where, "cache", "info", "--kb", str(kb), "--format", "json").stdout)
        assert (facts["cache"]["watcher"], facts["cache"]["state"]) == (True, "fresh")
        text = invoke(*where, "cache", "info", "--kb", str(kb)).stdout
        assert "\nwatcher:            running: queries skip the per-file check\n" in text
    facts = json.loads(invoke(*where, "cache", "info", "--kb", str(kb), "--format", "json").stdout)
    assert facts["cache"]["watcher"] is False
    assert "\nwatcher:            none (lawkb watch starts one)\n" in invoke(*where, "cache", "info", "--kb", str(kb)).stdout


# Runs the command line as `lawkb` does, recording what the watcher answered and whether `socket` was imported.
PROBE = """
import sys
from lawkb import watch
answers = []
real = watch.vouches
def recording(*args, **kwargs):
    answers.append(real(*args, **kwargs))
    return answers[-1]
watch.vouches = recording
from lawkb.cli import main
try:
    main()
except SystemExit as exc:
    code = exc.code
print(f"ANSWERS:{answers} SOCKET:{'socket' in sys.modules} EXIT:{code}", file=sys.stderr)
"""


def _environment() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in ("LAWKB_NO_CACHE", "LAWKB_CACHE_DIR", "LAWKB_PATH")}


def _query(cache_dir: Path, kb: Path) -> str:
    done = subprocess.run([sys.executable, "-c", PROBE, "--cache-dir", str(cache_dir), "penalty", "csem-possession", "--as-of", "2021-01-01",
                           "--kb", str(kb)], capture_output=True, text=True, timeout=60, env=_environment())
    return done.stderr.strip().splitlines()[-1]


def _line(stream, seconds: float = 20) -> str:
    """The next line of a child's stream, without waiting forever."""
    got: list[str] = []
    reader = threading.Thread(target=lambda: got.append(stream.readline()), daemon=True)
    reader.start()
    reader.join(seconds)
    assert got, "no line in time"
    return got[0]


def test_lawkb_watch_serves_queries_until_sigterm(kb, short_dir):
    cache_dir = short_dir / "c"
    settle(kb)
    cold = _query(cache_dir, kb)
    assert cold.startswith("ANSWERS:[] ") and cold.endswith(" EXIT:0")  # cold: loads (which may import socket), nothing to ask
    assert _query(cache_dir, kb) == "ANSWERS:[False] SOCKET:False EXIT:0"  # warm, no watcher: asked nobody, proved itself
    walked: list[tuple[str, int]] = []
    record_files(kb, folders=walked)
    child = subprocess.Popen([sys.executable, "-c", "from lawkb.cli import main; main()", "--cache-dir", str(cache_dir), "watch", "--kb", str(kb)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_environment())
    try:
        assert _line(child.stderr) == (f"lawkb: watching {len(walked)} folders of {kb}; queries skip the per-file check while this runs "
                                       "(Ctrl-C stops)\n")
        assert _query(cache_dir, kb) == "ANSWERS:[True] SOCKET:True EXIT:0"
        child.send_signal(signal.SIGTERM)
        assert child.wait(10) == 0
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert child.stdout is not None and child.stderr is not None
    assert child.stdout.read() == "" and child.stderr.read() == ""
    assert not watch.socket_path(cache.cache_path(cache_dir, kb)).exists()


def test_lawkb_watch_in_json_says_when_it_watches_and_stops_on_ctrl_c(kb, short_dir):
    import json

    cache_dir = short_dir / "c"
    child = subprocess.Popen([sys.executable, "-c", "from lawkb.cli import main; main()", "--cache-dir", str(cache_dir), "watch", "--kb", str(kb),
                              "--format", "json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_environment())
    try:
        first = _line(child.stdout)
        lines = [first]
        while lines[-1].strip() != "}":
            lines.append(_line(child.stdout))
        said = json.loads("".join(lines))
        where = watch.socket_path(cache.cache_path(cache_dir, kb))
        assert said["kind"] == "watch" and "schema_version" in said
        assert (said["knowledge_base"], said["errors"], said["socket"]) == (str(kb), 0, str(where))
        assert where.exists()
        child.send_signal(signal.SIGINT)
        assert child.wait(10) == 0
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert child.stderr is not None and child.stderr.read() == ""
    assert not where.exists()
