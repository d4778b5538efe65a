"""`lawkb diff`: the law on two dates, or bills against the law and the enacted text, side by side."""

from __future__ import annotations

import enum
from collections.abc import Callable
from pathlib import Path
from typing import Any

import typer

from .app import app, echo, guarded, kb_option, load_kb_or_fail


class CompareFormat(str, enum.Enum):
    text = "text"
    json = "json"
    md = "md"
    html = "html"


FORMAT_HELP = "text (terminal), json, md (Markdown) or html (one self-contained page)."
OUTPUT_HELP = "Write to this file instead of standard output."
FORCE_HELP = "Replace FILE if it already exists."
REF_HELP = ("An article or paragraph (청소년성보호법:11, '성폭력처벌법 제14조의2제4항'), an act, an offence, an amendment, "
            "or a bill (id or bill number).")
FROM_HELP = "The earlier date (default: the day before the latest change; for bills: the day the bill was proposed)."


def write_output(text: str, output: Path | None, force: bool = False) -> None:
    """Print, or write the file (never over an existing one without --force, never half-written) and say so on standard error."""
    from ..errors import UsageError
    from ..outfile import write_bytes

    if output is None:
        echo(text)
        return
    if output.is_dir():
        raise UsageError("output-unwritable", f"cannot write {output}: it is a folder", "give a file name with -o")
    try:
        write_bytes(output, (text + "\n").encode("utf-8"), force=force)
    except FileExistsError:
        raise UsageError("output-exists", f"{output} already exists", "pass --force to replace it, or choose another -o FILE") from None
    except OSError as exc:
        raise UsageError("output-unwritable", f"cannot write {output}: {exc.strerror or exc}", "choose a writable path with -o") from None
    echo(f"wrote {output}", err=True)


def write_view(name: str, value: object, json_body: Callable[[], dict[str, Any]], fmt: CompareFormat, output: Path | None,
               force: bool, **options: Any) -> None:
    """Write a comparison view (diff, bills, timeline) in the chosen format.

    The renderers follow one naming scheme: <name>_markdown and <name>_html take the value, <name>_renderable takes the
    value, plainness and width; options go to all three.
    """
    if fmt is CompareFormat.json:
        from ..report import dumps, envelope

        text = dumps(envelope(name, **json_body()))
    elif fmt is CompareFormat.md:
        from ..render import compare_md

        text = getattr(compare_md, f"{name}_markdown")(value, **options)
    elif fmt is CompareFormat.html:
        from ..render import compare_html

        text = getattr(compare_html, f"{name}_html")(value, **options)
    else:
        from ..render import compare_text

        renderable = getattr(compare_text, f"{name}_renderable")
        text = compare_text.to_text(lambda plain, width: renderable(value, plain, width, **options))
    write_output(text, output, force)


@app.command()
@guarded
def diff(
    ref: str = typer.Argument(..., metavar="REF", help=REF_HELP),
    date_from: str | None = typer.Option(None, "--from", metavar="DATE", help=FROM_HELP),
    date_to: str | None = typer.Option(None, "--to", metavar="DATE", help="The later date (default: today)."),
    bills: list[str] | None = typer.Option(None, "--bill", metavar="BILL", help="Compare this bill on REF's article; repeat for one column per bill."),
    all_bills: bool = typer.Option(False, "--all-bills", help="Add every bill in the knowledge base that changes the same article."),
    full: bool = typer.Option(False, "--full", help="Show unchanged paragraphs in the table as well."),
    fmt: CompareFormat = typer.Option(CompareFormat.text, "--format", "-f", help=FORMAT_HELP),
    output: Path | None = typer.Option(None, "--output", "-o", metavar="FILE", help=OUTPUT_HELP),
    force: bool = typer.Option(False, "--force", help=FORCE_HELP),
    kb: str | None = kb_option(),
) -> None:
    """Compare the law in force on two dates paragraph by paragraph (text and penalty), or a bill against the law and what was enacted."""
    from .. import query
    from ..compare import diff as compare

    base = load_kb_or_fail(kb)
    now = query.today()
    comp = compare(base, ref, date_from=date_from, date_to=date_to, bills=bills or (), all_bills=all_bills, now=now)
    write_view("diff", comp, lambda: {"today": now, **comp.as_dict()}, fmt, output, force, full=full, today=now)
