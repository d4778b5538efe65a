"""`lawkb validate`, `lawkb schema` and `lawkb stats`."""

from __future__ import annotations

import enum
from pathlib import Path

import typer

from ..errors import ExitCode, UsageError
from .app import app, echo, guarded, kb_option, load_kb_or_fail, print_json


class ValidateFormat(str, enum.Enum):
    text = "text"
    json = "json"
    github = "github"


class PlainFormat(str, enum.Enum):
    text = "text"
    json = "json"


@app.command()
@guarded
def validate(
    paths: list[Path] | None = typer.Argument(
        None, metavar="[PATH]...",
        help="Files or folders to check (default: the whole knowledge base). A folder holding statutes/ or guidelines/ is checked as a "
             "knowledge base of its own; other files are checked against the knowledge base given by --kb."),
    fmt: ValidateFormat = typer.Option(ValidateFormat.text, "--format", "-f", help="text, json, or github (workflow annotations)."),
    strict: bool = typer.Option(False, "--strict", help="Fail on warnings too."),
    kb: str | None = kb_option(),
) -> None:
    """Check records against the schemas, references, dates and ranges; report every problem in one pass."""
    from .. import report
    from ..load import is_kb_root, load_kb, resolve_kb_path

    diagnostics = []
    files = 0
    roots = [p for p in paths or [] if p.is_dir() and is_kb_root(p)]
    others = [p for p in paths or [] if p not in roots]
    for p in others:
        if not p.exists():
            raise UsageError("path-not-found", f"no such file or folder: {p}", "give files or folders inside a knowledge base")
    if not paths:
        result = load_kb(resolve_kb_path(kb))
        diagnostics, files = result.diagnostics, result.files
    for root in roots:
        result = load_kb(root)
        diagnostics += result.diagnostics
        files += result.files
    if others:
        result = load_kb(resolve_kb_path(kb), others, only=others)
        diagnostics += result.diagnostics
        from ..load import expand

        files += len(expand(others))
    errors = [d for d in diagnostics if d.severity.value == "error"]
    failed = bool(errors) or (strict and bool(diagnostics))
    if fmt is ValidateFormat.json:
        echo(report.as_json(diagnostics, files, not failed, strict))
    elif fmt is ValidateFormat.github:
        if diagnostics:
            echo(report.as_github(diagnostics))
        echo(report.summary(diagnostics, files))
    else:
        if diagnostics:
            echo(report.as_text(diagnostics))
        echo(report.summary(diagnostics, files))
    if failed:
        raise typer.Exit(int(ExitCode.INVALID))


@app.command()
@guarded
def schema(
    kind: str = typer.Argument(..., help="Record kind: act, article, amendment, bill, offence, guideline, directive, case, report, term, or common."),
    bundle: bool = typer.Option(False, "--bundle", help="Inline the shared definitions (one self-contained schema)."),
) -> None:
    """Print the JSON Schema of a record kind."""
    from .. import schemas
    from ..report import dumps

    if kind not in (*schemas.KINDS, "common"):
        raise UsageError("unknown-kind", f"unknown kind '{kind}'", "kinds: " + ", ".join((*schemas.KINDS, "common")))
    echo(dumps(schemas.bundled(kind)) if bundle else schemas.schema_text(kind).rstrip())


@app.command()
@guarded
def stats(
    fmt: PlainFormat = typer.Option(PlainFormat.text, "--format", "-f", help="text or json."),
    kb: str | None = kb_option(),
) -> None:
    """Count records by kind and list every value marked unconfirmed or of low confidence."""
    from ..report import envelope
    from ..stats import unconfirmed_values

    base = load_kb_or_fail(kb)
    counts = base.counts()
    items = unconfirmed_values(base)
    if fmt is PlainFormat.json:
        print_json(envelope("stats", records=len(base), counts=counts, unconfirmed=items))
        return
    echo(f"{len(base):,} records")
    for k, n in counts.items():
        echo(f"  {k:<10} {n:>5}")
    echo("")
    echo(f"{len(items)} values unconfirmed or of low confidence:")
    for it in items:
        echo(f"  [{it['confidence']}] {it['record']} {it['field']}: {it['note']}")
