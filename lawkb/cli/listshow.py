"""`lawkb list KIND` and `lawkb show ID|REF`."""

from __future__ import annotations

import enum

import typer

from .app import app, guarded, kb_option, load_kb_or_fail, print_json


class OutputFormat(str, enum.Enum):
    text = "text"
    json = "json"


class Lang(str, enum.Enum):
    ko = "ko"
    en = "en"
    both = "both"


LANG_HELP = "Language of names, summaries and notes: ko, en or both (statute text is always quoted in Korean where shown)."


@app.command("list")
@guarded
def list_records(
    kind: str = typer.Argument(
        ..., help="Record kind: act, article, amendment, bill, offence, guideline, "
        "directive, case, report or term (plurals work too)."),
    act: str | None = typer.Option(None, "--act", help="Only records of or about this act (any name, abbreviation or slug, e.g. 아청법)."),
    victim: str | None = typer.Option(None, "--victim", help="Only records about offences against child_youth or any_person."),
    in_force: str | None = typer.Option(
        None, "--in-force", metavar="DATE", help="Only records in force on DATE (articles, amendments, "
        "offences, guidelines, directives)."),
    category: str | None = typer.Option(
        None, "--category", help="Only records about offences of this category (csem, filming, "
        "deepfake, threat, grooming, organised, obscene)."),
    lang: Lang = typer.Option(Lang.both, "--lang", help=LANG_HELP),
    fmt: OutputFormat = typer.Option(OutputFormat.text, "--format", "-f", help="text or json."),
    kb: str | None = kb_option(),
) -> None:
    """List the records of one kind, with filters by act, victim, date in force and category."""
    from ..query import check_kind, select_records
    from ..render.listing import list_doc, list_row
    from ..report import envelope

    kind = check_kind(kind)
    base = load_kb_or_fail(kb)
    records = select_records(base, kind, act=act, victim=victim, category=category, in_force=in_force)
    rows = [list_row(base, r) for r in records]
    filters = {"act": act, "victim": victim, "in_force": in_force, "category": category}
    if fmt is OutputFormat.json:
        print_json(envelope("list", record_kind=kind, filters={k: v for k, v in filters.items() if v is not None}, count=len(rows), records=rows))
        return
    from ..console import print_doc

    print_doc(list_doc(kind, rows, filters, lang.value))


@app.command()
@guarded
def show(
    words: list[str] = typer.Argument(
        ..., metavar="ID|REF", help="A record id, an act or offence name or alias, or an article "
        "reference such as 청소년성보호법:11(5) or 'Art. 14-2(4)'; several words are read as one."),
    as_of: str | None = typer.Option(
        None, "--as-of", metavar="DATE", help="Date (YYYY-MM-DD) that selects the article version and the "
        "provisions of an offence; default: today."),
    lang: Lang = typer.Option(Lang.both, "--lang", help=LANG_HELP),
    fmt: OutputFormat = typer.Option(OutputFormat.text, "--format", "-f", help="text or json."),
    kb: str | None = kb_option(),
) -> None:
    """Show one record in full: an article as in force on a date, an offence with its provisions, or any other record."""
    from . import queries

    queries.show(words, as_of, lang.value, fmt.value, kb)
