"""The compiled cache: it never answers from a stale file, survives damage and rivals, and works when it cannot write."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from lawkb import cache, load
from lawkb.load import load_kb
from tests.conftest import INVALID, REPO, VALID_KB

OFFENCE = Path("statutes/offences/csem-possession.yaml")
CASE = Path("guidelines/cases/demo-case.yaml")


def settle(root: Path) -> None:
    """Date every file back, as if edited long before: the cache then trusts size and mtime alone."""
    old = time.time() - 3600
    for p in root.rglob("*.yaml"):
        os.utime(p, (old, old))


def parse_calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record every file that is parsed and checked (rather than taken from the cache)."""
    calls: list[str] = []
    real = load.check_file

    def counting(path, display, locate, raw=None):
        calls.append(Path(display).name)
        return real(path, display, locate, raw)

    monkeypatch.setattr(load, "check_file", counting)
    return calls


def records(result: load.LoadResult) -> dict[str, object]:
    return {r.id: (r.kind, r.file, dict(r.data)) for r in result.kb}


def as_text(result: load.LoadResult) -> list[str]:
    return [f"{d.file}:{d.line}:{d.col}: {d.severity.value}[{d.code}]: {d.message} | {d.hint}" for d in result.diagnostics]


def test_second_load_parses_nothing_and_answers_the_same(kb, cache_dir, monkeypatch):
    settle(kb)
    cold = load_kb(kb, cache_dir=cache_dir)
    assert cold.cache_problem is None and cache.cache_path(cache_dir, kb).is_file()
    calls = parse_calls(monkeypatch)
    warm = load_kb(kb, cache_dir=cache_dir)
    assert calls == []
    assert isinstance(warm.kb.records, cache.LazyRecords)
    assert as_text(warm) == as_text(cold) == as_text(load_kb(kb, cache_dir=None))
    assert records(warm) == records(cold)
    assert warm.kb.counts() == cold.kb.counts()
    assert [r.id for r in warm.kb.of_kind("article")] == [r.id for r in cold.kb.of_kind("article")]


def test_stale_file_is_parsed_again_and_only_it(kb, cache_dir, monkeypatch):
    settle(kb)
    load_kb(kb, cache_dir=cache_dir)
    target = kb / OFFENCE
    target.write_text(target.read_text(encoding="utf-8").replace("CSEM possession", "CSEM holding"), encoding="utf-8")
    calls = parse_calls(monkeypatch)
    result = load_kb(kb, cache_dir=cache_dir)
    assert calls == ["csem-possession.yaml"]
    assert "CSEM holding" in result.kb.get("csem-possession").data["aliases"]
    fresh = cache.open_fresh(kb, cache_dir)
    assert fresh is not None and "CSEM holding" in fresh.kb.get("csem-possession").data["aliases"]


def test_same_size_edit_within_the_timestamp_granularity_is_seen(kb, cache_dir):
    """Edited right after the cache was written, same size, and the clock had not ticked: the hash catches it."""
    target = kb / OFFENCE
    os.utime(target, None)
    load_kb(kb, cache_dir=cache_dir)
    stat = target.stat()
    text = target.read_text(encoding="utf-8")
    target.write_text(text.replace("[성착취물 소지,", "[성착취물 구입,"), encoding="utf-8")
    os.utime(target, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert target.stat().st_size == stat.st_size and target.stat().st_mtime_ns == stat.st_mtime_ns
    assert cache.open_fresh(kb, cache_dir) is None
    assert load_kb(kb, cache_dir=cache_dir).kb.get("csem-possession").data["aliases"][0] == "성착취물 구입"


def test_touched_file_is_hashed_not_parsed(kb, cache_dir, monkeypatch):
    settle(kb)
    load_kb(kb, cache_dir=cache_dir)
    os.utime(kb / OFFENCE, None)
    assert cache.open_fresh(kb, cache_dir) is None  # the stat changed: a query goes through load_kb
    calls = parse_calls(monkeypatch)
    load_kb(kb, cache_dir=cache_dir)
    assert calls == []
    assert cache.open_fresh(kb, cache_dir) is not None  # the new stat was written down


def test_deleted_file_is_gone_and_its_references_dangle(kb, cache_dir):
    settle(kb)
    load_kb(kb, cache_dir=cache_dir)
    (kb / OFFENCE).unlink()
    assert cache.open_fresh(kb, cache_dir) is None
    result = load_kb(kb, cache_dir=cache_dir)
    assert result.kb.get("csem-possession") is None
    assert {d.code for d in result.errors} == {"ref-dangling"}
    assert as_text(result) == as_text(load_kb(kb, cache_dir=None))
    fresh = cache.open_fresh(kb, cache_dir)
    assert fresh is not None and fresh.errors == len(result.errors)


def test_added_file_is_found(kb, cache_dir):
    settle(kb)
    load_kb(kb, cache_dir=cache_dir)
    shutil.copy(kb / CASE, kb / "guidelines/cases/demo-case-2.yaml")
    assert cache.open_fresh(kb, cache_dir) is None
    result = load_kb(kb, cache_dir=cache_dir)
    assert [d.code for d in result.errors] == ["id-duplicate"]
    assert as_text(result) == as_text(load_kb(kb, cache_dir=None))


@pytest.mark.parametrize("damage", ["garbage", "truncated", "emptied", "foreign-version", "other-folder", "damaged-pages"])
def test_damaged_cache_is_rebuilt_without_a_traceback(kb, cache_dir, damage):
    settle(kb)
    expected = load_kb(kb, cache_dir=cache_dir)
    path = cache.cache_path(cache_dir, kb)
    raw = path.read_bytes()
    if damage == "garbage":
        path.write_bytes(b"not a database at all" * 100)
    elif damage == "truncated":
        path.write_bytes(raw[: len(raw) // 2])
    elif damage == "emptied":
        path.write_bytes(b"")
    elif damage in ("foreign-version", "other-folder"):
        db = sqlite3.connect(path)
        key = "format" if damage == "foreign-version" else "root"
        db.execute("UPDATE meta SET value = ? WHERE key = ?", ("something else", key))
        db.commit()
        db.close()
    else:
        # Keep the header and the size, scribble over every page after the first few.
        page = 4096
        path.write_bytes(raw[: 3 * page] + b"\xa5" * (len(raw) - 3 * page))
    fresh = cache.open_fresh(kb, cache_dir, lambda: load_kb(kb, cache_dir=None).kb.records)
    if fresh is not None:  # damage the header check cannot see: the lazy records fall back to the YAML
        assert records_of(fresh.kb) == records(expected)
    again = load_kb(kb, cache_dir=cache_dir)
    assert as_text(again) == as_text(expected) and records(again) == records(expected)
    rebuilt = cache.open_fresh(kb, cache_dir)
    assert rebuilt is not None and records_of(rebuilt.kb) == records(expected)


def records_of(kb) -> dict[str, object]:
    return {r.id: (r.kind, r.file, dict(r.data)) for r in kb}


def test_damaged_cache_through_the_cli_is_silent(kb, cache_dir, invoke):
    settle(kb)
    first = invoke("--cache-dir", str(cache_dir), "stats", "--kb", str(kb), "--format", "json")
    assert first.exit_code == 0, first.output
    cache.cache_path(cache_dir, kb).write_bytes(b"\x00" * 5000)
    second = invoke("--cache-dir", str(cache_dir), "stats", "--kb", str(kb), "--format", "json")
    assert second.exit_code == 0 and second.output == first.output
    assert "Traceback" not in second.output


CONCURRENT = """
import sys
from pathlib import Path
from lawkb.load import load_kb
root, where, low, high = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3]), int(sys.argv[-1])
for _ in range(3):
    result = load_kb(root, cache_dir=where)
    assert low <= len(result.kb) <= high and not result.errors, (len(result.kb), result.errors[:3])
print("ok", result.cache_problem)
"""

READER = """
import sys, time
from pathlib import Path
from lawkb import cache
root, where, expected = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
seen = 0
end = time.monotonic() + 5
while time.monotonic() < end:
    fresh = cache.open_fresh(root, where)
    if fresh is not None:
        assert len(list(fresh.kb)) == expected and fresh.errors == 0
        seen += 1
print("ok", seen > 0)
"""


def run_all(scripts: list[list[str]]) -> list[tuple[int, str, str]]:
    procs = [subprocess.Popen([sys.executable, "-c", *args], cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for args in scripts]
    return [(p.returncode, *p.communicate(timeout=300)) for p in procs]


def test_concurrent_writers_and_a_reader(kb, cache_dir):
    """Four processes build the cache at once while a fifth reads it: all answer right, one complete file remains."""
    expected = str(len(load_kb(kb, cache_dir=None).kb))
    args = [str(kb), str(cache_dir), expected]
    outcomes = run_all([[CONCURRENT, *args] for _ in range(4)] + [[READER, *args]])
    for _code, out, err in outcomes:
        assert out.startswith("ok"), err
    assert [out.split()[0] for _c, out, _e in outcomes] == ["ok"] * 5
    assert [p.name for p in cache_dir.iterdir()] == [cache.cache_path(cache_dir, kb).name]
    fresh = cache.open_fresh(kb, cache_dir)
    assert fresh is not None and len(list(fresh.kb)) == int(expected)


def test_concurrent_writers_of_a_changing_kb(kb, cache_dir):
    """Writers that each saw a different KB: whichever rename wins, the next load is right for the files as they are."""
    settle(kb)
    load_kb(kb, cache_dir=cache_dir)
    procs = []
    for i in range(4):
        (kb / f"guidelines/cases/extra-{i}.yaml").write_text((kb / CASE).read_text(encoding="utf-8").replace(
            "id: demo-case", f"id: demo-case-{i}"), encoding="utf-8")
        # Each writer sees 12 to 15 records, depending on when it looks.
        procs.append(subprocess.Popen([sys.executable, "-c", CONCURRENT, str(kb), str(cache_dir), str(12 + i), "15"], cwd=REPO,
                                      stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
    for p in procs:
        out, err = p.communicate(timeout=300)
        assert p.returncode == 0 and out.startswith("ok"), err
    final = load_kb(kb, cache_dir=cache_dir)
    assert len(final.kb) == 15 and not final.errors
    assert final.cache_problem is None
    fresh = cache.open_fresh(kb, cache_dir)
    assert fresh is not None and len(list(fresh.kb)) == 15
    assert [p.name for p in cache_dir.iterdir()] == [cache.cache_path(cache_dir, kb).name]


@pytest.fixture
def unwritable_dir(tmp_path: Path):
    """A directory no new file can be made in: a read-only folder, or /proc where even root cannot create files."""
    if os.geteuid() == 0:
        yield Path("/proc")
        return
    folder = tmp_path / "readonly"
    folder.mkdir()
    folder.chmod(0o555)
    yield folder
    folder.chmod(0o755)


def test_unwritable_cache_directory_works_without_caching(kb, unwritable_dir):
    result = load_kb(kb, cache_dir=unwritable_dir)
    assert result.cache_problem is not None and "cannot write the cache" in result.cache_problem
    assert as_text(result) == as_text(load_kb(kb, cache_dir=None))
    assert records(result) == records(load_kb(kb, cache_dir=None))
    assert not cache.cache_path(unwritable_dir, kb).exists()
    assert cache.open_fresh(kb, unwritable_dir) is None


def test_unwritable_cache_directory_through_the_cli(kb, unwritable_dir, invoke):
    result = invoke("--cache-dir", str(unwritable_dir), "stats", "--kb", str(kb))
    assert result.exit_code == 0, result.output
    assert result.output.startswith("11 records")


def test_read_only_cache_directory_still_serves_its_cache(kb, tmp_path):
    settle(kb)
    folder = tmp_path / "prebuilt"
    load_kb(kb, cache_dir=folder)
    folder.chmod(0o555)
    try:
        fresh = cache.open_fresh(kb, folder)
        assert fresh is not None and len(fresh.kb) == 11
        assert load_kb(kb, cache_dir=folder).cache_problem is None  # nothing changed, nothing to write
    finally:
        folder.chmod(0o755)


def test_validate_reuses_diagnostics_of_unchanged_invalid_files(tmp_path, invoke):
    """Extra files outside the KB are checked fresh; the KB's own files come from the cache; output identical."""
    where = str(tmp_path / "cache")
    args = ("validate", str(INVALID), "--format", "json")
    env = {"LAWKB_PATH": str(VALID_KB)}
    plain = invoke("--no-cache", *args, env=env)
    cold = invoke("--cache-dir", where, *args, env=env)
    warm = invoke("--cache-dir", where, *args, env=env)
    assert plain.exit_code == cold.exit_code == warm.exit_code == 1
    assert json.loads(plain.output) == json.loads(cold.output) == json.loads(warm.output)


def test_validate_of_a_kb_with_errors_is_the_same_warm_and_cold(tmp_path, invoke):
    root = tmp_path / "kb"
    shutil.copytree(VALID_KB, root)
    for name in ("missing-required.yaml", "duplicate-key.yaml", "dangling-reference.yaml", "unknown-key.yaml", "bom.yaml"):
        shutil.copy(INVALID / name, root / "statutes" / name)
    settle(root)
    where = str(tmp_path / "cache")
    outputs = [invoke(*opts, "validate", str(root)) for opts in (("--no-cache",), ("--cache-dir", where), ("--cache-dir", where))]
    assert {r.exit_code for r in outputs} == {1}
    assert outputs[0].output == outputs[1].output == outputs[2].output
    queries = [invoke(*opts, "stats", "--kb", str(root)) for opts in (("--no-cache",), ("--cache-dir", where))]
    assert queries[0].exit_code == queries[1].exit_code == 1
    assert queries[0].output == queries[1].output
    assert "has 4 error(s); first:" in queries[1].output


def test_cache_info_and_clear(kb, cache_dir, invoke):
    settle(kb)
    base = ("--cache-dir", str(cache_dir))
    none = invoke(*base, "cache", "info", "--kb", str(kb), "--format", "json")
    assert none.exit_code == 0 and json.loads(none.output)["cache"]["exists"] is False
    assert invoke(*base, "stats", "--kb", str(kb)).exit_code == 0
    info = json.loads(invoke(*base, "cache", "info", "--kb", str(kb), "--format", "json").output)
    assert info["kind"] == "cache" and info["schema_version"] == 1
    assert info["cache"]["state"] == "fresh" and info["cache"]["records"] == 11 and info["cache"]["errors"] == 0
    (kb / OFFENCE).write_text((kb / OFFENCE).read_text(encoding="utf-8") + "\n", encoding="utf-8")
    text = invoke(*base, "cache", "info", "--kb", str(kb))
    assert "state:              stale" in text.output
    cleared = invoke(*base, "cache", "clear", "--kb", str(kb))
    assert cleared.exit_code == 0 and cleared.output.startswith("removed 1 file (")
    assert list(cache_dir.iterdir()) == []
    off = invoke("--no-cache", "cache", "clear")
    assert off.exit_code == 0 and off.output.strip() == "cache is off (--no-cache or LAWKB_NO_CACHE): nothing to clear"


def test_clear_leaves_other_files_alone(tmp_path, invoke):
    folder = tmp_path / "shared"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine", encoding="utf-8")
    (folder / "kb-notes.txt").write_text("mine too", encoding="utf-8")
    result = invoke("--cache-dir", str(folder), "cache", "clear")
    assert result.exit_code == 0
    assert sorted(p.name for p in folder.iterdir()) == ["kb-notes.txt", "notes.txt"]


def test_library_loads_use_no_cache_unless_asked(kb, cache_dir, invoke):
    assert invoke("--cache-dir", str(cache_dir), "stats", "--kb", str(kb)).exit_code == 0
    assert cache.active_directory() is None  # the command's setting ended with the command
    result = load_kb(kb)
    assert result.cache_problem is None and type(result.kb.records) is dict


def test_search_index_is_kept_beside_the_cache(kb, cache_dir, monkeypatch):
    from lawkb import index, searchdb

    settle(kb)
    load_kb(kb, cache_dir=cache_dir)
    fresh = cache.open_fresh(kb, cache_dir)
    assert fresh is not None
    built = cache.search_index(fresh.kb)
    assert [h.id for h in built.search("소지")]
    monkeypatch.setattr(index, "build_index", lambda kb: pytest.fail("the stored index should have been used"))
    monkeypatch.setattr(searchdb, "write_index", lambda *args: pytest.fail("the stored index should have been used"))
    again = cache.open_fresh(kb, cache_dir)
    assert again is not None
    assert [h.id for h in cache.search_index(again.kb).search("소지")] == [h.id for h in built.search("소지")]
