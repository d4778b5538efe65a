"""`lawkb search TEXT`."""

from __future__ import annotations

import typer

from .app import app, guarded, kb_option
from .listshow import LANG_HELP, Lang, OutputFormat


@app.command()
@guarded
def search(
    text: list[str] = typer.Argument(
        ..., metavar="TEXT...", help="Words or a phrase in Korean or English (quote a phrase to keep it "
        "whole), or an article reference such as 제14조의2."),
    kind: str | None = typer.Option(
        None, "--kind", "-k", help="Only records of this kind (act, article, amendment, bill, "
        "offence, guideline, directive, case, report, term)."),
    limit: int = typer.Option(20, "--limit", "-n", help="At most this many results."),
    lang: Lang = typer.Option(Lang.both, "--lang", help=LANG_HELP),
    fmt: OutputFormat = typer.Option(OutputFormat.text, "--format", "-f", help="text or json."),
    kb: str | None = kb_option(),
) -> None:
    """Search names, statute text, summaries, elements, factors and notes in Korean and English; two-syllable words work."""
    from . import queries

    queries.search(text, kind, limit, lang.value, fmt.value, kb)
