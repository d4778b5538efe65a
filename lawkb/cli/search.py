"""`lawkb search TEXT`."""

from __future__ import annotations

import typer

from .app import app, guarded, kb_option, load_kb_or_fail, print_json
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
    from ..cache import search_index
    from ..errors import ExitCode
    from ..query import check_kind
    from ..report import envelope
    from .app import echo

    query_text = " ".join(text)
    kind = check_kind(kind) if kind is not None else None
    base = load_kb_or_fail(kb)
    hits = search_index(base).search(query_text, kind=kind, limit=limit)
    if fmt is OutputFormat.json:
        print_json(envelope("search", query=query_text, record_kind=kind, limit=limit, count=len(hits), hits=[h.as_dict() for h in hits]))
    elif hits:
        from ..console import print_doc
        from ..render.search import search_doc

        print_doc(search_doc(query_text, hits, kind, lang.value))
    if not hits:
        # Also after the JSON (which says count 0): standard error names the problem in every format.
        where = f" among {kind} records" if kind else ""
        echo(f"lawkb: error[no-match]: nothing matches '{query_text}'{where}", err=True)
        echo("    hint: try fewer words, another spelling, or the other language", err=True)
        raise typer.Exit(int(ExitCode.NOT_FOUND))
