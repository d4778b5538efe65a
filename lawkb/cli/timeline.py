"""`lawkb timeline`: amendments, bills, guidelines, directives, cases and reports in date order."""

from __future__ import annotations

from pathlib import Path

import typer

from .app import app, guarded, kb_option, load_kb_or_fail
from .diff import FORCE_HELP, FORMAT_HELP, OUTPUT_HELP, CompareFormat, write_view

REFS_HELP = "Offences, articles or paragraphs (청소년성보호법:11(5)) or acts; none for everything."
CATEGORY_HELP = "Every offence of this category (csem, filming, deepfake, threat, grooming, organised, obscene)."
KIND_HELP = "Only these kinds (repeat or separate by commas): amendment, bill, guideline, directive, case, report."


@app.command()
@guarded
def timeline(
    refs: list[str] | None = typer.Argument(None, metavar="[REF|OFFENCE]...", help=REFS_HELP),
    category: str | None = typer.Option(None, "--category", help=CATEGORY_HELP),
    date_from: str | None = typer.Option(None, "--from", metavar="DATE", help="First day shown."),
    date_to: str | None = typer.Option(None, "--to", metavar="DATE", help="Last day shown."),
    kinds: list[str] | None = typer.Option(None, "--kind", metavar="KIND", help=KIND_HELP),
    fmt: CompareFormat = typer.Option(CompareFormat.text, "--format", "-f", help=FORMAT_HELP),
    output: Path | None = typer.Option(None, "--output", "-o", metavar="FILE", help=OUTPUT_HELP),
    force: bool = typer.Option(False, "--force", help=FORCE_HELP),
    kb: str | None = kb_option(),
) -> None:
    """One chronological view: amendments (promulgated and in force), bills, guidelines, directives, cases and reports."""
    from .. import query
    from ..compare import timeline as build
    from ..compare import timeline_scope

    base = load_kb_or_fail(kb)
    now = query.today()
    wanted = [k.strip() for item in kinds or () for k in item.split(",") if k.strip()]
    scope = timeline_scope(base, refs or (), category)
    tl = build(base, scope, date_from=date_from, date_to=date_to, kinds=wanted, now=now)
    write_view("timeline", tl, tl.as_dict, fmt, output, force)
