"""`lawkb bills`: revision bills with their number, proposer, dates, status and outcome."""

from __future__ import annotations

import enum
from pathlib import Path

import typer

from .app import app, guarded, kb_option, load_kb_or_fail
from .diff import FORCE_HELP, FORMAT_HELP, OUTPUT_HELP, CompareFormat, write_view


class BillStatus(str, enum.Enum):
    pending = "pending"
    passed = "passed"
    merged = "merged"
    lapsed = "lapsed"
    withdrawn = "withdrawn"
    rejected = "rejected"


@app.command()
@guarded
def bills(
    status: BillStatus | None = typer.Option(None, "--status", help="Only bills with this status."),
    act: str | None = typer.Option(None, "--act", help="Only bills amending this act (any name, abbreviation or slug, e.g. 아청법)."),
    fmt: CompareFormat = typer.Option(CompareFormat.text, "--format", "-f", help=FORMAT_HELP),
    output: Path | None = typer.Option(None, "--output", "-o", metavar="FILE", help=OUTPUT_HELP),
    force: bool = typer.Option(False, "--force", help=FORCE_HELP),
    kb: str | None = kb_option(),
) -> None:
    """List revision bills, oldest first: number, proposer, dates, status, outcome and the act they became."""
    from ..compare import bill_as_dict, list_bills

    base = load_kb_or_fail(kb)
    found = [bill_as_dict(base, b) for b in list_bills(base, status=status.value if status else None, act=act)]
    filters = {k: v for k, v in {"status": status.value if status else None, "act": act}.items() if v is not None}
    write_view("bills", found, lambda: {"filters": filters, "count": len(found), "bills": found}, fmt, output, force)
