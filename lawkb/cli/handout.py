"""`lawkb handout`: a dated, cited, bilingual handout for trainers as Markdown, HTML, PDF or JSON."""

from __future__ import annotations

import enum

import typer

from ..errors import UsageError
from .app import app, echo, guarded, kb_option, load_kb_or_fail


class HandoutFormat(str, enum.Enum):
    md = "md"
    html = "html"
    pdf = "pdf"
    json = "json"


class Lang(str, enum.Enum):
    ko = "ko"
    en = "en"
    both = "both"


class Audience(str, enum.Enum):
    student = "student"
    trainer = "trainer"


@app.command()
@guarded
def handout(
    ids: list[str] = typer.Argument(..., metavar="ID", help="Offences, acts, articles (e.g. 청소년성보호법:11(5)), guidelines, directives, cases, "
                                    "or topics: csem, filming, deepfake, threat, grooming, organised, obscene."),
    as_of: str | None = typer.Option(None, "--as-of", metavar="DATE", help="State the law in force on this date (default: today)."),
    lang: Lang = typer.Option(Lang.both, "--lang", help="ko, en, or both."),
    audience: Audience = typer.Option(Audience.student, "--audience",
                                      help="student: the handout to give out; trainer: adds teaching notes, statute text, detention rules, "
                                           "general factors, case summaries and the quiz answer key."),
    fmt: HandoutFormat | None = typer.Option(None, "--format", "-f", help="md, html, pdf or json (default: from the -o suffix, else md)."),
    output: str | None = typer.Option(None, "--output", "-o", metavar="FILE", help="File to write; '-' or none prints to standard output (not for pdf)."),
    force: bool = typer.Option(False, "--force", help="Replace FILE if it already exists."),
    quiz: int = typer.Option(0, "--quiz", min=0, metavar="N", help="Add N quiz questions made from the knowledge base (the same for the same date)."),
    today: str | None = typer.Option(None, "--today", metavar="DATE",
                                     help="Take this date as today (pending amendments, the Prepared line); for reproducible output."),
    kb: str | None = kb_option(),
) -> None:
    """Write a printable handout: the law on a date, penalties, guideline ranges, prosecution demands, a timeline, cases and sources."""
    from ..render.handout_output import check_target, format_for, write_file

    chosen = fmt.value if fmt is not None else format_for(output) or "md"
    to_stdout = output is None or output == "-"
    if chosen == "pdf" and to_stdout:
        raise UsageError("output-missing", "PDF output needs -o FILE", "e.g. lawkb handout csem-possession -o handout.pdf")
    if not to_stdout:
        assert output is not None
        check_target(output, force=force)
    from ..handout import build

    base = load_kb_or_fail(kb)
    h = build(base, ids, as_of=as_of, lang=lang.value, audience=audience.value, quiz=quiz, now=today)
    if chosen == "json":
        from ..report import dumps, envelope

        text = dumps(envelope("handout", **h.as_dict())) + "\n"
        data = text.encode("utf-8")
    elif chosen == "md":
        from ..render.handout_md import render_markdown

        text = render_markdown(h)
        data = text.encode("utf-8")
    else:
        from ..render.handout_html import render_html

        text = render_html(h)
        if chosen == "pdf":
            from ..render.handout_pdf import render_pdf

            data = render_pdf(text)
        else:
            data = text.encode("utf-8")
    if h.quiz_note is not None:
        echo(f"lawkb: warning: {h.quiz_note.en}", err=True)
    if to_stdout:
        echo(text.rstrip("\n"))
        return
    assert output is not None
    path = write_file(output, data, force=force)
    echo(f"wrote {path} ({chosen}, as of {h.as_of}: {len(h.offences)} offence(s), {len(h.sources)} source(s))")
