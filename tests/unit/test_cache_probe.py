"""A query's freshness check: one stat per folder and per record file, and the full listing only when a folder moved."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from lawkb import cache
from lawkb.load import load_kb

OFFENCE = Path("statutes/offences/csem-possession.yaml")


def settle_all(root: Path) -> None:
    """Date every file and folder back, as if the knowledge base had not been touched for an hour."""
    old = time.time() - 3600
    paths = sorted(root.rglob("*"), key=lambda p: len(p.parts), reverse=True)  # folders after what they hold
    for p in [*paths, root]:
        os.utime(p, (old, old))


@pytest.fixture
def listings(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every time a query falls back to listing the folders."""
    calls: list[Path] = []
    real = cache.scan

    def counting(root):
        calls.append(root)
        return real(root)

    monkeypatch.setattr(cache, "scan", counting)
    return calls


def cached(kb: Path, cache_dir: Path) -> cache.Snapshot:
    result = load_kb(kb, cache_dir=cache_dir)
    assert result.cache_problem is None and not result.errors
    store = cache.open_store(cache_dir, kb)
    assert store is not None and store.snapshot is not None
    snap = store.snapshot
    store.close()
    return snap


def fresh(kb: Path, cache_dir: Path) -> bool:
    found = cache.open_fresh(kb, cache_dir)
    if found is None:
        return False
    found.store.close()
    return True


def edit_in_place(path: Path, extra: str) -> None:
    """Rewrite a file's content without renaming it: its folder's mtime stays as it was."""
    folder_mtime = path.parent.stat().st_mtime_ns
    with open(path, "r+", encoding="utf-8") as handle:
        text = handle.read()
        handle.seek(0)
        handle.write(text + extra)
        handle.truncate()
    assert path.parent.stat().st_mtime_ns == folder_mtime


def test_settled_kb_is_proven_unchanged_without_listing_a_folder(kb, cache_dir, listings):
    settle_all(kb)
    snap = cached(kb, cache_dir)
    assert snap.folders is not None
    walked = {Path(f) for f, _ in snap.folders}
    assert {kb.resolve(), (kb / "statutes").resolve(), (kb / "statutes/offences").resolve()} <= {p.resolve() for p in walked}
    assert fresh(kb, cache_dir)
    assert listings == []


def test_edit_in_place_is_seen_though_no_folder_moved(kb, cache_dir, listings):
    settle_all(kb)
    cached(kb, cache_dir)
    edit_in_place(kb / OFFENCE, "# a comment\n")
    assert not fresh(kb, cache_dir)
    assert listings == []


def test_added_record_file_moves_its_folder_and_is_seen(kb, cache_dir, listings):
    settle_all(kb)
    cached(kb, cache_dir)
    shutil.copy(kb / OFFENCE, kb / "statutes/offences/copy.yaml")
    assert not fresh(kb, cache_dir)
    assert listings == [kb]


def test_removed_record_file_is_seen(kb, cache_dir):
    settle_all(kb)
    cached(kb, cache_dir)
    (kb / OFFENCE).unlink()
    assert not fresh(kb, cache_dir)


def test_record_file_in_a_new_subfolder_is_seen(kb, cache_dir):
    settle_all(kb)
    cached(kb, cache_dir)
    (kb / "statutes/offences/more").mkdir()
    shutil.copy(kb / OFFENCE, kb / "statutes/offences/more/copy.yaml")
    assert not fresh(kb, cache_dir)


def test_knowledge_base_folder_created_later_is_seen(kb, cache_dir):
    shutil.rmtree(kb / "guidelines")
    settle_all(kb)
    snap = cached(kb, cache_dir)
    assert snap.folders is not None
    (kb / "guidelines/terms").mkdir(parents=True)
    (kb / "guidelines/terms/x.yaml").write_text("kind: term\n", encoding="utf-8")
    assert not fresh(kb, cache_dir)


def test_folder_moved_by_a_file_that_is_no_record_still_answers_from_the_cache(kb, cache_dir, listings):
    settle_all(kb)
    cached(kb, cache_dir)
    (kb / "statutes/offences/.notes.swp").write_text("scratch", encoding="utf-8")
    (kb / "statutes/offences/README.txt").write_text("notes", encoding="utf-8")
    assert fresh(kb, cache_dir)
    assert listings == [kb]  # the folder moved, so the files were listed again, and they were all as stored


def test_validate_after_a_folder_moved_lets_queries_skip_the_listing_again(kb, cache_dir, listings):
    settle_all(kb)
    cached(kb, cache_dir)
    (kb / "statutes/offences/README.txt").write_text("notes", encoding="utf-8")
    settle_all(kb)
    snap = cached(kb, cache_dir)  # nothing but a folder's mtime changed: the cache is written again with it
    assert snap.folders is not None
    assert fresh(kb, cache_dir)
    assert listings == []


def test_recently_changed_folder_is_not_trusted(kb, cache_dir, listings):
    settle_all(kb)
    os.utime(kb / "statutes/offences")  # now: within the file system's timestamp granularity of the load
    snap = cached(kb, cache_dir)
    assert snap.folders is None
    assert fresh(kb, cache_dir)
    assert listings == [kb]


def test_query_refuses_after_an_in_place_edit_breaks_a_file(kb, cache_dir, invoke):
    settle_all(kb)
    first = invoke("--cache-dir", str(cache_dir), "show", "csem-possession", "--kb", str(kb))
    assert first.exit_code == 0, first.output
    edit_in_place(kb / OFFENCE, "unknown_field: 1\n")
    again = invoke("--cache-dir", str(cache_dir), "show", "csem-possession", "--kb", str(kb))
    assert again.exit_code == 1
    assert again.stderr.startswith(f"lawkb: error[kb-invalid]: the knowledge base at {kb} has ")
