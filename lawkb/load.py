"""Find, parse, validate and cross-check a knowledge base; returns the model and every diagnostic, never prints."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from . import yamlio
from .errors import Diagnostic, LawkbError, Severity, error
from .model import KnowledgeBase, make_record

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
    if not path.is_dir():
        raise LawkbError("kb-not-found", f"knowledge base folder not found: {chosen}",
                         "pass a folder that holds statutes/ and guidelines/ (with --kb or LAWKB_PATH)")
    if not is_kb_root(path):
        raise LawkbError("kb-not-a-kb", f"not a knowledge base: {chosen} has neither statutes/ nor guidelines/",
                         "a knowledge base folder holds statutes/ and guidelines/ with YAML records")
    return path


def discover(root: Path) -> list[Path]:
    files: list[Path] = []
    for sub in KB_DIRS:
        base = root / sub
        if base.is_dir():
            files.extend(expand([base]))
    return sorted(files)


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
            parsed = yamlio.read_file(self._real.get(display, display), display=display, positions=True)
            self._parsed[display] = parsed
        return parsed.position(pointer, key=key)


@dataclass
class LoadResult:
    kb: KnowledgeBase
    diagnostics: list[Diagnostic] = field(default_factory=list)
    files: int = 0

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.WARNING]


def check_file(real: Path, display: str, locate: Locator) -> tuple[dict | None, str | None, list[Diagnostic]]:
    """Parse and schema-check one file: (data if valid, kind, diagnostics)."""
    from . import schemas

    parsed = yamlio.read_file(str(real), display=display)
    diags = list(parsed.diagnostics)
    locate.register(display, str(real))
    if parsed.data is None or any(d.severity is Severity.ERROR for d in diags):
        return None, None, diags
    data = parsed.data
    kind = data.get("kind")
    if kind not in schemas.KINDS:
        line, col = locate(display, "/kind" if "kind" in data else "")
        found = f"unknown kind {kind!r}" if "kind" in data else "record has no 'kind'"
        diags.append(error("kind-unknown", found, display, line, col, "/kind", "kind is one of: " + ", ".join(schemas.KINDS)))
        return None, None, diags
    problems = schemas.problems(kind, data)
    for pointer, code, message, hint, at_key in problems:
        line, col = locate(display, pointer, key=at_key)
        diags.append(error(code, message, display, line, col, pointer, hint))
    return (data if not problems else None), kind, diags


def load_kb(root: Path, paths: Iterable[Path] | None = None, *, only: Iterable[Path] | None = None) -> LoadResult:
    """Load every record under root (plus extra paths); with `only`, report diagnostics for those files alone."""
    from .checks import cross_check

    kb = KnowledgeBase(str(root))
    result = LoadResult(kb)
    locate = Locator()
    files = discover(root) if is_kb_root(root) else []
    extra = expand(paths or [])
    seen: set[Path] = set()
    ordered: list[Path] = []
    for f in [*files, *extra]:
        rp = f.resolve()
        if rp not in seen:
            seen.add(rp)
            ordered.append(f)
    placed: list[tuple[str, str, dict]] = []
    for f in ordered:
        display = display_path(f)
        data, kind, diags = check_file(f, display, locate)
        result.diagnostics.extend(diags)
        if data is not None and kind is not None:
            placed.append((kind, display, data))
    result.files = len(ordered)
    result.diagnostics.extend(cross_check(kb, placed, locate))
    if only is not None:
        keep = {display_path(p) for p in expand(only)}
        result.diagnostics = [d for d in result.diagnostics if d.file in keep]
    result.diagnostics.sort(key=Diagnostic.sort_key)
    return result


def build_kb(kb: KnowledgeBase, placed: list[tuple[str, str, dict]]) -> None:
    for kind, display, data in placed:
        if data["id"] not in kb.records:
            kb.add(make_record(kind, data, display))
