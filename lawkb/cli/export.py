"""`lawkb export --format json|csv|sqlite -o PATH`."""

from __future__ import annotations

import enum
from pathlib import Path

import typer

from .app import app, echo, guarded, kb_option, load_kb_or_fail, print_json


class ExportFormat(str, enum.Enum):
    json = "json"
    csv = "csv"
    sqlite = "sqlite"


@app.command()
@guarded
def export(
    fmt: ExportFormat = typer.Option(..., "--format", "-f", help="json (one document), csv (a folder with one file per table) or sqlite (one database)."),
    output: Path | None = typer.Option(None, "--output", "-o", metavar="PATH", help="Where to write; for json, '-' or no -o prints to standard output."),
    force: bool = typer.Option(False, "--force", help="Replace PATH if it already exists."),
    kb: str | None = kb_option(),
) -> None:
    """Export the whole knowledge base for other tools (Datasette, sqlite-utils, spreadsheets, scripts)."""
    from ..errors import UsageError
    from ..export import as_document, export_kb

    if output is None or str(output) == "-":
        if fmt is not ExportFormat.json:
            raise UsageError("output-missing", f"--format {fmt.value} needs -o PATH", f"e.g. lawkb export --format {fmt.value} -o lawkb."
                             + ("sqlite" if fmt is ExportFormat.sqlite else "csv"))
        print_json(as_document(load_kb_or_fail(kb)))
        return
    base = load_kb_or_fail(kb)
    result = export_kb(base, fmt.value, output, force=force)
    tables = ", ".join(f"{name} {n:,}" for name, n in result.tables.items())
    what = "tables" if fmt is not ExportFormat.json else "records by kind"
    echo(f"wrote {result.path} ({fmt.value}): {result.records:,} records; {what}: {tables}")
