"""`lawkb penalty REF|OFFENCE --as-of DATE`."""

from __future__ import annotations

import typer

from .app import app, guarded, kb_option
from .listshow import LANG_HELP, Lang, OutputFormat


@app.command()
@guarded
def penalty(
    words: list[str] = typer.Argument(
        ..., metavar="REF|OFFENCE", help="An offence id, name or alias (e.g. csem-possession, 딥페이크 유포) or an "
        "article reference (e.g. 청소년성보호법:11(5), 'Art. 14-2(4)'); several words are read as one."),
    as_of: str | None = typer.Option(
        None, "--as-of", metavar="DATE", help="Offence date (YYYY-MM-DD) that selects the "
        "version in force; default: today."),
    lang: Lang = typer.Option(Lang.both, "--lang", help=LANG_HELP),
    fmt: OutputFormat = typer.Option(OutputFormat.text, "--format", "-f", help="text or json."),
    kb: str | None = kb_option(),
) -> None:
    """The statutory penalty in force on a date, in the statute's words and in plain English, with the version used and its sources."""
    from . import queries

    queries.penalty(words, as_of, lang.value, fmt.value, kb)
