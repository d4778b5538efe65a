"""`lawkb sentence OFFENCE… --offence-date D [--indictment-date D] [findings]`: the sentencing worksheet."""

from __future__ import annotations

import enum
import sys

import typer

from .app import app, echo, guarded, kb_option, load_kb_or_fail, print_json


class SentenceFormat(str, enum.Enum):
    text = "text"
    json = "json"
    md = "md"


class SentenceLang(str, enum.Enum):
    ko = "ko"
    en = "en"
    both = "both"


EPILOG = """\b
Several offences are concurrent crimes (Criminal Act Art. 37, 38), numbered 1, 2, … in the
order given. Options that belong to one offence take a target: N=VALUE or OFFENCE=VALUE
(e.g. --aggravating 1=csem-bad-method, --penalty-type csem-production=term). Without a target
a factor goes to the one offence whose guideline type has it (exit 2 if several do); a penalty
type, a ground of mitigation or a role applies to every offence it fits.

\b
Dates: --offence-date is required (the statute in force when the act ended, Art. 1; asked for
at a terminal). Without --indictment-date the worksheet still gives the statutory and
disposable ranges, marks the guideline and prosecution steps "not determined" and lists the
date under missing findings. The guideline is chosen by its own date rule (the indictment
date for the digital sex crime guideline); the prosecution directives in force on the
indictment date are used, since a demand is made at trial and a directive applies from its
issue date to pending cases.

\b
Findings not given are assumed absent and listed ("no special factors found (none given)").
Where the statute leaves the penalty type to the court (life or a term, a term or a fine) and
--penalty-type does not choose, each choice is shown as its own branch. Results that rest on
a low-confidence or unconfirmed rule are marked unconfirmed.

\b
Grounds for --statutory-mitigation: diminished-capacity (Art. 10(2)), deaf-mute (Art. 11),
attempt (Art. 25(2)), voluntary-abandonment (Art. 26), accessory (Art. 32(2)), surrender
(Art. 52(1)), or a number of unnamed grounds (e.g. 2); each halves the penalty (Art. 55).
"""


def _interactive() -> bool:
    """Ask for missing dates only when a person is at the keyboard; scripts get exit 2 or 'not determined' instead."""
    return sys.stdin is not None and sys.stdin.isatty()


def _ask(question: str, **options: object) -> str | None:
    """A date asked at the terminal; end of input or Ctrl-C leaves it not given (so the usual message and exit code follow)."""
    try:
        return typer.prompt(question, **options) or None  # type: ignore[arg-type]
    except typer.Abort:
        echo("", err=True)
        return None


@app.command(epilog=EPILOG)
@guarded
def sentence(
    offences: list[str] = typer.Argument(
        ..., metavar="OFFENCE...", help="Offence ids (e.g. csem-production) or article references (e.g. 청소년성보호법:11(1)); several are concurrent crimes."
    ),
    offence_date: str | None = typer.Option(
        None, "--offence-date", metavar="DATE", help="When the act ended (YYYY-MM-DD): selects the statute version (Criminal Act Art. 1)."
    ),
    indictment_date: str | None = typer.Option(
        None, "--indictment-date", metavar="DATE", help="Date of the indictment (공소제기): selects the guideline version and the prosecution directives."
    ),
    aggravating: list[str] | None = typer.Option(
        None, "--aggravating", metavar="[N=]FACTOR", help="A special (or general) aggravating factor id of the guideline; repeatable."
    ),
    mitigating: list[str] | None = typer.Option(
        None, "--mitigating", metavar="[N=]FACTOR", help="A special (or general) mitigating factor id of the guideline; repeatable."
    ),
    probation_factor: list[str] | None = typer.Option(
        None, "--probation-factor", metavar="[N=]FACTOR", help="A probation factor id of the guideline (major/general, positive/negative); repeatable."
    ),
    habitual: bool = typer.Option(False, "--habitual", help="Habitual offender (상습): applied to every offence whose act has a habitual clause."),
    repeat_offender: bool = typer.Option(False, "--repeat-offender", help="Repeat offender (누범, Criminal Act Art. 35)."),
    attempt: bool = typer.Option(False, "--attempt", help="Every offence is an attempt (the guideline then does not apply)."),
    attempt_of: list[str] | None = typer.Option(None, "--attempt-of", metavar="N|OFFENCE", help="Only this offence is an attempt; repeatable."),
    statutory_mitigation: list[str] | None = typer.Option(
        None, "--statutory-mitigation", metavar="[N=]GROUND|COUNT", help="A ground of statutory mitigation (see below) or a number of grounds; repeatable."
    ),
    discretionary_mitigation: bool = typer.Option(
        False, "--discretionary-mitigation", help="Discretionary mitigation (정상참작감경, Criminal Act Art. 53), applied last."
    ),
    role: list[str] | None = typer.Option(
        None, "--role", metavar="[N=]ROLE", help="The defendant's role in the prosecution directive (a directive rule id, e.g. ringleader, producer)."
    ),
    penalty_type: list[str] | None = typer.Option(
        None, "--penalty-type", metavar="[N=]life|term|fine", help="The penalty type where the statute leaves the choice; default: every choice as a branch."
    ),
    lang: SentenceLang = typer.Option(SentenceLang.both, "--lang", help="Language of the text and md output: ko, en or both."),
    fmt: SentenceFormat = typer.Option(SentenceFormat.text, "--format", "-f", help="text, json, or md (a handout)."),
    kb: str | None = kb_option(),
) -> None:
    """Work out a sentence range step by step: statutory range, disposable range, guideline range, probation and prosecution demand."""
    from ..report import envelope
    from ..sentencing import SentenceRequest, compute_worksheet

    interactive = _interactive() and fmt is not SentenceFormat.json
    if offence_date is None and interactive:
        offence_date = _ask("Offence date (YYYY-MM-DD)")
        interactive = offence_date is not None
    if indictment_date is None and interactive:
        indictment_date = _ask("Indictment date (YYYY-MM-DD; empty if unknown)", default="", show_default=False)
    req = SentenceRequest(
        offences=list(offences),
        offence_date=offence_date,
        indictment_date=indictment_date,
        aggravating=list(aggravating or []),
        mitigating=list(mitigating or []),
        probation_factors=list(probation_factor or []),
        habitual=habitual,
        repeat_offender=repeat_offender,
        attempt=attempt,
        attempt_of=list(attempt_of or []),
        statutory_mitigation=list(statutory_mitigation or []),
        discretionary_mitigation=discretionary_mitigation,
        roles=list(role or []),
        penalty_types=list(penalty_type or []),
    )
    base = load_kb_or_fail(kb)
    sheet = compute_worksheet(base, req)
    data = sheet.as_dict()
    if fmt is SentenceFormat.json:
        print_json(envelope("sentence", **data))
    elif fmt is SentenceFormat.md:
        from ..render.sentence_md import worksheet_markdown

        echo(worksheet_markdown(data, lang.value).removesuffix("\n"))
    else:
        from ..console import print_doc
        from ..render.sentence_text import worksheet_doc

        print_doc(worksheet_doc(data, lang.value))
    if sheet.missing and fmt is not SentenceFormat.json:
        echo("lawkb: note: missing findings: " + ", ".join(m["finding"] for m in sheet.missing), err=True)
