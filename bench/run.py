"""Benchmark lawkb against its floors and its peers on synthetic knowledge bases, in one run.

    python bench/run.py --sizes 1k,10k            # the usual run: about fifteen minutes on two cores, mostly the peers
    python bench/run.py --sizes 100k --no-peers   # the big one: about a quarter of an hour more

Floors are the least the same work can cost: a bare interpreter, a minimal typer app, libyaml parsing every
file, libyaml plus a cached jsonschema validator, libyaml plus the compiled validator. Peers are other tools
doing part of it (check-jsonschema, yamllint), installed into bench/.venv-peers, never into lawkb's own
environment. Every figure is a whole process, timed from outside, with its peak memory (max RSS); each is
printed with its ratio to what it is measured against, and with the goal where there is one.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
KBS = HERE / ".kbs"
WORK = HERE / ".work"
PEERS = HERE / ".venv-peers"
PY = sys.executable
LAWKB = [PY, "-c", "from lawkb.cli import main; main()"]
SIZES = {"1k": 1_000, "10k": 10_000, "100k": 100_000}
KO_TERM = "촬영"  # two syllables: the case trigram indexes miss


@dataclass
class Run:
    seconds: float
    peak_mib: float
    code: int
    out: str
    err: str


@dataclass
class Row:
    size: str
    figure: str
    run: Run | None
    against: str = ""
    base: float | None = None
    goal: float | None = None
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if self.run is None or not self.base:
            return None
        return self.run.seconds / self.base

    @property
    def met(self) -> bool | None:
        return None if self.goal is None or self.ratio is None else self.ratio <= self.goal


@dataclass
class Report:
    rows: list[Row] = field(default_factory=list)
    checks: list[tuple[str, bool, str]] = field(default_factory=list)

    def add(self, row: Row) -> Row:
        self.rows.append(row)
        line = f"  {row.size:>5}  {row.figure:<46} {fmt_time(row.run)}"
        if row.ratio is not None:
            line += f"  {row.ratio:6.2f}x {row.against}"
        print(line, flush=True)
        return row


def child_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of every measured process: byte-code is cached as in any installed package."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "LAWKB_CACHE_DIR", "LAWKB_NO_CACHE", "LAWKB_PATH")}
    return {**env, **(extra or {})}


def run_timed(cmd: list[str], *, env: dict[str, str] | None = None, cwd: Path = REPO) -> Run:
    """One process: its wall time, and its own peak resident memory (reaped with os.wait4 to read it)."""
    full_env = child_env(env)
    out_path, err_path = WORK / "stdout.txt", WORK / "stderr.txt"
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=full_env, stdout=out, stderr=err, stdin=subprocess.DEVNULL)
        _pid, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
    return Run(seconds, usage.ru_maxrss / 1024, proc.returncode, out_path.read_text("utf-8", "replace"),
               err_path.read_text("utf-8", "replace"))


def best(cmd: list[str], repeat: int, **kw: object) -> Run:
    """The median of `repeat` runs (the first counted too: the page cache is warm from the runs before)."""
    runs = [run_timed(cmd, **kw) for _ in range(repeat)]  # type: ignore[arg-type]
    runs.sort(key=lambda r: r.seconds)
    middle = runs[len(runs) // 2]
    return Run(statistics.median(r.seconds for r in runs), max(r.peak_mib for r in runs), middle.code, middle.out, middle.err)


def fmt_time(run: Run | None) -> str:
    if run is None:
        return "     n/a"
    s = run.seconds
    text = f"{s * 1000:7.0f} ms" if s < 1 else f"{s:8.2f} s"
    return f"{text}  {run.peak_mib:7.0f} MiB"


def ensure_kb(size: str, invalid: bool) -> Path:
    """Generate the KB once (keyed on the generator's text), files and folders with mtimes an hour old, as a KB edited earlier has."""
    name = size + ("-invalid" if invalid else "")
    root = KBS / name
    stamp = root / ".stamp"
    gen = HERE / "generate.py"
    key = f"{gen.stat().st_size}:{hash_text(gen.read_bytes())}:{size}:{invalid}"
    if stamp.is_file() and stamp.read_text() == key:
        return root
    print(f"  generating {name} ...", flush=True)
    args = [PY, str(gen), size, str(root)] + (["--invalid-percent", "1"] if invalid else [])
    subprocess.run(args, check=True, cwd=REPO)
    stamp.write_text(key)
    old = time.time() - 3600
    for dirpath, _dirs, names in os.walk(root, topdown=False):  # folders after their files, as they were last changed
        for n in names:
            os.utime(os.path.join(dirpath, n), (old, old))
        os.utime(dirpath, (old, old))
    return root


def hash_text(raw: bytes) -> str:
    import hashlib

    return hashlib.sha256(raw).hexdigest()[:16]


def lawkb(cache: Path | None, *args: str) -> list[str]:
    opts = ["--cache-dir", str(cache)] if cache is not None else ["--no-cache"]
    return [*LAWKB, *opts, *args]


def start_watcher(cache: Path, root: Path) -> subprocess.Popen[bytes] | None:
    """`lawkb watch` in the background, once it says it is watching (None if it could not start)."""
    proc = subprocess.Popen(lawkb(cache, "watch", "--kb", str(root)), cwd=REPO, env=child_env(None), stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert proc.stderr is not None
    for raw in proc.stderr:
        if b"watching" in raw:
            return proc
    proc.wait()
    return None


def stop_watcher(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def pick_ids(root: Path) -> dict[str, str]:
    """An offence, an article and a case that exist in the generated KB."""
    offence = sorted((root / "statutes/offences").iterdir())[0].stem
    article_file = sorted((root / "statutes/articles").rglob("*.yaml"))[0]
    article = f"{article_file.parent.name}.{article_file.stem}"
    return {"offence": offence, "article": article}


def peers_python() -> Path | None:
    """The interpreter of bench/.venv-peers, made and filled on first use; None if that fails."""
    python = PEERS / "bin" / "python"
    if (PEERS / ".ready").is_file():
        return python
    print("  installing check-jsonschema and yamllint into bench/.venv-peers ...", flush=True)
    try:
        subprocess.run([PY, "-m", "venv", str(PEERS)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", "check-jsonschema", "yamllint"], check=True)
    except (subprocess.CalledProcessError, OSError) as exc:
        print(f"  peers not installed ({exc}); their rows are skipped", flush=True)
        return None
    (PEERS / ".ready").write_text("ok")
    return python


def by_kind(root: Path) -> dict[str, list[str]]:
    """Files grouped by record kind (from their folder), for tools that take one schema per run."""
    folders = {"acts": "act", "amendments": "amendment", "articles": "article", "offences": "offence", "glossary": "term",
               "bills": "bill", "cases": "case", "directives": "directive", "reports": "report", "sentencing": "guideline"}
    out: dict[str, list[str]] = {}
    for sub in ("statutes", "guidelines"):
        base = root / sub
        if not base.is_dir():
            continue
        for folder in sorted(base.iterdir()):
            kind = folders.get(folder.name)
            if kind:
                out.setdefault(kind, []).extend(str(p) for p in sorted(folder.rglob("*.yaml")))
    return out


def check_jsonschema_cmd(python: Path, root: Path) -> list[str]:
    """One shell command running check-jsonschema once per kind, with lawkb's bundled schema of that kind."""
    from lawkb import schemas

    WORK.mkdir(exist_ok=True)
    parts = []
    for kind, files in by_kind(root).items():
        schema = WORK / f"{kind}.schema.json"
        schema.write_text(json.dumps(schemas.bundled(kind), ensure_ascii=False), encoding="utf-8")
        listing = WORK / f"{kind}.files"
        listing.write_text("\n".join(files), encoding="utf-8")
        exe = python.parent / "check-jsonschema"
        parts.append(f"xargs -a {listing} -d '\\n' {exe} --schemafile {schema} > /dev/null")
    return ["bash", "-c", " ; ".join(parts) + " ; true"]


LIKE_BASELINE = """
import json, sqlite3, sys
from pathlib import Path
from lawkb.index import build_index
from lawkb.load import load_kb
index = build_index(load_kb(Path(sys.argv[1]), cache_dir=None).kb)
db = sqlite3.connect(":memory:")
db.execute("CREATE TABLE t (record TEXT, text TEXT)")
db.executemany("INSERT INTO t VALUES (?, ?)", ((f.record, f.text) for f in index.fields))
print(json.dumps(sorted(r for (r,) in db.execute("SELECT DISTINCT record FROM t WHERE text LIKE ?", (f"%{sys.argv[2]}%",)))))
"""


def like_baseline(root: Path, term: str) -> set[str]:
    """Records one of whose searchable texts contains the term, found the plain way: SQLite LIKE '%term%'.

    In a child process: the benchmark's own process stays small, since a child's peak memory as the
    kernel reports it starts from its parent's size when it was forked.
    """
    done = run_timed([PY, "-c", LIKE_BASELINE, str(root), term])
    return set(json.loads(done.out)) if done.code == 0 else set()


def bench_size(size: str, report: Report, floors: dict[str, float], args: argparse.Namespace, cold_by_size: dict[str, Run]) -> None:
    print(f"\n== {size} records", flush=True)
    root = ensure_kb(size, invalid=False)
    cache = WORK / f"cache-{size}"
    heavy = SIZES[size] >= 10_000
    reps = 1 if SIZES[size] >= 100_000 else (3 if heavy else 5)

    parse = report.add(Row(size, "floor: libyaml parse of every file", best([PY, str(HERE / "floors.py"), "parse", str(root)], reps)))
    jss = report.add(Row(size, "floor: libyaml + cached jsonschema validator",
                         best([PY, str(HERE / "floors.py"), "jsonschema", str(root)], 1 if heavy else reps)))
    floor = report.add(Row(size, "floor: libyaml + compiled validator", best([PY, str(HERE / "floors.py"), "compiled", str(root)], reps)))
    del parse, jss

    colds = []
    for _ in range(max(reps, 3)):  # the median of three even at 100k: a single 35-second run moves by a tenth between runs
        shutil.rmtree(cache, ignore_errors=True)
        colds.append(run_timed(lawkb(cache, "validate", "--kb", str(root), "--format", "json")))
        assert colds[-1].code == 0, colds[-1].err[-2000:]
    cold = sorted(colds, key=lambda r: r.seconds)[len(colds) // 2]
    cold_by_size[size] = cold
    report.add(Row(size, "lawkb validate, cold (empty cache)", cold, "floor: libyaml + compiled", floor.run.seconds if floor.run else None,
                   1.2 if size == "10k" else None))
    nocache = best(lawkb(None, "validate", "--kb", str(root)), reps)
    report.add(Row(size, "lawkb validate --no-cache", nocache, "floor: libyaml + compiled", floor.run.seconds if floor.run else None))
    warm = best(lawkb(cache, "validate", "--kb", str(root)), reps)
    report.add(Row(size, "lawkb validate, nothing changed", warm, "validate cold", cold.seconds, 0.1 if size == "10k" else None))

    target = sorted((root / "statutes/offences").iterdir())[0]
    original = target.read_bytes()
    edits = []
    try:
        for i in range(reps):
            target.write_bytes(original + f"# edit {i}\n".encode())
            edits.append(run_timed(lawkb(cache, "validate", "--kb", str(root))))
    finally:
        target.write_bytes(original)
        old = time.time() - 3600
        os.utime(target, (old, old))
    edited = sorted(edits, key=lambda r: r.seconds)[len(edits) // 2]
    report.add(Row(size, "lawkb validate, one file edited", edited, "validate cold", cold.seconds))
    run_timed(lawkb(cache, "validate", "--kb", str(root)))  # back to the original file

    ids = pick_ids(root)
    trivial = floors["typer trivial"]
    queries = (("penalty", ["penalty", ids["offence"], "--as-of", "2021-01-01"]), ("show", ["show", ids["article"]]),
               ("search", ["search", KO_TERM]))
    quick = max(reps, 5)  # short runs: the median of five even at 100k
    for name, cmd in queries:
        full = lawkb(cache, *cmd, "--kb", str(root))
        first = run_timed(full)  # the first search after a change builds and stores the index
        assert first.code == 0, first.err[-2000:]
        if name == "search":
            report.add(Row(size, "lawkb search, first (builds the search index)", first, "typer trivial command", trivial))
        timed = best(full, quick)
        report.add(Row(size, f"lawkb {name}, warm cache", timed, "typer trivial command", trivial, 1.15 if size == "100k" else None))
    watcher = start_watcher(cache, root)
    if watcher is None:
        report.checks.append((f"{size}: lawkb watch starts (for the figures with a watcher)", False, "it did not"))
    else:
        try:
            for name, cmd in queries:
                full = lawkb(cache, *cmd, "--kb", str(root))
                run_timed(full)  # the watcher proves the cache fresh once, on the first question it gets
                timed = best(full, quick)
                assert timed.code == 0, timed.err[-2000:]
                report.add(Row(size, f"lawkb {name}, warm, lawkb watch running", timed, "typer trivial command", trivial,
                               1.15 if size == "100k" else None))
        finally:
            stop_watcher(watcher)
    report.add(Row(size, "floor: one stat per record file (python)", best([PY, str(HERE / "floors.py"), "stat", str(root)], reps),
                   "typer trivial command", trivial))

    if args.peers and SIZES[size] <= SIZES[args.peers_max]:
        python = peers_python()
        if python is not None:
            cj = run_timed(check_jsonschema_cmd(python, root))
            report.add(Row(size, "peer: check-jsonschema (one run per kind)", cj, "lawkb validate cold", cold.seconds))
            yl = run_timed([str(python.parent / "yamllint"), "-f", "parsable", str(root)])
            report.add(Row(size, "peer: yamllint", yl, "lawkb validate cold", cold.seconds))
            if size == "10k":
                ratio = cj.seconds / cold.seconds
                report.checks.append(("10k validate cold at least 10x faster than check-jsonschema", ratio >= 10, f"{ratio:.1f}x faster"))

    # The broken variant only up to 10k: its dangling references make the cross-checks' suggestions slow (see docs).
    small_enough = [s for s in args.sizes if SIZES[s] <= 10_000]
    if small_enough and size == max(small_enough, key=SIZES.__getitem__):
        korean_check(root, cache, report)
        invalid_check(size, report, floor.run.seconds if floor.run else None)


def korean_check(root: Path, cache: Path, report: Report) -> None:
    found = run_timed(lawkb(cache, "search", KO_TERM, "--limit", "1000000", "--format", "json", "--kb", str(root)))
    hits = {h["id"] for h in json.loads(found.out)["hits"]} if found.code == 0 else set()
    like = like_baseline(root, KO_TERM)
    missing = like - hits
    report.checks.append((f"search '{KO_TERM}' returns what LIKE '%{KO_TERM}%' returns", not missing,
                          f"{len(hits)} hits, LIKE {len(like)}, missing {len(missing)}"))


def invalid_check(size: str, report: Report, floor: float | None) -> None:
    root = ensure_kb(size, invalid=True)
    cache = WORK / f"cache-{size}-invalid"
    shutil.rmtree(cache, ignore_errors=True)
    run = run_timed(lawkb(cache, "validate", "--kb", str(root), "--format", "json"))
    report.add(Row(size, "lawkb validate, cold, 1 % files broken", run, "floor: libyaml + compiled", floor))
    result = json.loads(run.out)
    errors = [d for d in result["diagnostics"] if d["severity"] == "error"]
    positioned = [d for d in errors if d["file"] and d["line"] >= 1 and d["col"] >= 1]
    broken = {d["file"] for d in errors}
    report.checks.append(("every error of the 1 %-broken KB has file:line:col", run.code == 1 and len(positioned) == len(errors) > 0,
                          f"{len(errors)} errors in {len(broken)} files, {len(positioned)} with file:line:col"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1k,10k", help="comma-separated: 1k, 10k, 100k (default 1k,10k)")
    parser.add_argument("--no-peers", dest="peers", action="store_false", help="skip check-jsonschema and yamllint")
    parser.add_argument("--peers-max", default="10k", choices=sorted(SIZES), help="largest size the peers run on (default 10k)")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON to this file")
    args = parser.parse_args(argv)
    args.sizes = [s.strip() for s in args.sizes.split(",") if s.strip()]
    for s in args.sizes:
        if s not in SIZES:
            parser.error(f"unknown size {s!r}; choose from {', '.join(SIZES)}")
    WORK.mkdir(parents=True, exist_ok=True)
    subprocess.run([PY, "-m", "compileall", "-q", str(REPO / "lawkb")], env=child_env(), check=False, stdout=subprocess.DEVNULL)
    report = Report()
    print(f"lawkb benchmark: python {sys.version.split()[0]}, {os.cpu_count()} cores, sizes {', '.join(args.sizes)}")
    print(f"  {'size':>5}  {'figure':<46} {'time':>10}  {'peak':>11}  ratio")

    bare = report.add(Row("-", "floor: bare interpreter (python -c pass)", best([PY, "-c", "pass"], 7)))
    typer_help = report.add(Row("-", "floor: minimal typer app --help", best([PY, str(HERE / "mini_app.py"), "--help"], 7)))
    typer_trivial = report.add(Row("-", "floor: minimal typer app, trivial command", best([PY, str(HERE / "mini_app.py"), "hello"], 7)))
    assert bare.run and typer_help.run and typer_trivial.run
    floors = {"typer help": typer_help.run.seconds, "typer trivial": typer_trivial.run.seconds}
    report.add(Row("-", "lawkb --help", best([*LAWKB, "--help"], 7), "typer --help", floors["typer help"], 1.10))

    cold_by_size: dict[str, Run] = {}
    for size in args.sizes:
        bench_size(size, report, floors, args, cold_by_size)
    if "10k" in cold_by_size and "100k" in cold_by_size:
        big, small = cold_by_size["100k"], cold_by_size["10k"]
        report.checks.append(("100k validate cold within 11x of 10k", big.seconds <= 11 * small.seconds, f"{big.seconds / small.seconds:.1f}x"))
    if "100k" in cold_by_size:
        peak = cold_by_size["100k"].peak_mib
        report.checks.append(("100k validate cold peak memory at most 1 GiB", peak <= 1024, f"{peak:.0f} MiB"))

    print("\nGoals")
    for row in report.rows:
        if row.goal is not None and row.ratio is not None:
            print(f"  [{'met' if row.met else 'MISSED'}] {row.size} {row.figure}: {row.ratio:.2f}x {row.against} (goal <= {row.goal:.2f}x)")
    for text, ok, detail in report.checks:
        print(f"  [{'met' if ok else 'MISSED'}] {text}: {detail}")
    if args.json:
        args.json.write_text(json.dumps({
            "python": sys.version.split()[0], "cores": os.cpu_count(), "sizes": args.sizes,
            "rows": [{"size": r.size, "figure": r.figure, "seconds": r.run.seconds if r.run else None, "peak_mib": r.run.peak_mib if r.run else None,
                      "ratio": r.ratio, "against": r.against, "goal": r.goal, "met": r.met} for r in report.rows],
            "checks": [{"check": t, "met": ok, "detail": d} for t, ok, d in report.checks],
        }, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
