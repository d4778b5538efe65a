"""The findings of a case as given, and each offence resolved to the provision that applies on the offence date."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..errors import NotFoundError, UsageError
from ..model import Article, ArticleVersion, KnowledgeBase, Paragraph, Penalty, Record
from ..query import ProvisionAnswer, Ref, check_date, offence_provisions, provision_as_of, resolve, today
from ..wording import a_kind
from .terms import fraction

PENALTY_TYPES = ("life", "term", "fine")


@dataclass
class SentenceRequest:
    """What the user found: offences, dates and the findings options (targets as 'OFFENCE=VALUE' or 'N=VALUE')."""

    offences: list[str]
    offence_date: str | None = None
    indictment_date: str | None = None
    aggravating: list[str] = field(default_factory=list)
    mitigating: list[str] = field(default_factory=list)
    probation_factors: list[str] = field(default_factory=list)
    habitual: bool = False
    repeat_offender: bool = False
    attempt: bool = False
    attempt_of: list[str] = field(default_factory=list)
    statutory_mitigation: list[str] = field(default_factory=list)
    discretionary_mitigation: bool = False
    roles: list[str] = field(default_factory=list)
    penalty_types: list[str] = field(default_factory=list)
    now: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "offences": list(self.offences),
            "offence_date": self.offence_date,
            "indictment_date": self.indictment_date,
            "aggravating": list(self.aggravating),
            "mitigating": list(self.mitigating),
            "probation_factors": list(self.probation_factors),
            "habitual": self.habitual,
            "repeat_offender": self.repeat_offender,
            "attempt": self.attempt,
            "attempt_of": list(self.attempt_of),
            "statutory_mitigation": list(self.statutory_mitigation),
            "discretionary_mitigation": self.discretionary_mitigation,
            "roles": list(self.roles),
            "penalty_types": list(self.penalty_types),
        }


@dataclass
class Count:
    """One offence of the case, with the provision and penalty that apply to it."""

    index: int
    given: str
    offence: Record | None
    answer: ProvisionAnswer
    version: ArticleVersion
    paragraph: Paragraph
    penalty: Penalty
    lighter_law: bool = False
    habitual: bool = False
    attempt: bool = False
    grounds: list[str] = field(default_factory=list)
    penalty_types: list[str] = field(default_factory=list)
    aggravating: list[dict[str, Any]] = field(default_factory=list)
    mitigating: list[dict[str, Any]] = field(default_factory=list)
    probation_factors: list[dict[str, Any]] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)

    @property
    def offence_id(self) -> str | None:
        return self.offence.id if self.offence else None

    @property
    def article(self) -> Article:
        return self.answer.article

    @property
    def label(self) -> str:
        return self.offence_id or self.given

    @property
    def provision(self) -> tuple[str, int]:
        return self.article.id, self.paragraph.number

    def options(self) -> list[str]:
        """The penalty types the statute leaves to the court for this count, in the order of Art. 41."""
        p = self.penalty
        out = []
        if p.life:
            out.append("life")
        if p.has_term:
            out.append("term")
        if p.fine_max_won is not None and p.fine_combination == "alternative":
            out.append("fine")
        return out

    def habitual_fraction(self) -> Any:
        """The statute's own habitual aggravation ('1/2') read from the penalty record, or None."""
        raw = _raw_paragraph(self.article, self.version, self.paragraph.number)
        hab = ((raw or {}).get("penalty") or {}).get("habitual") or {}
        value = hab.get("aggravation")
        return fraction(value) if value is not None else None


def _raw_paragraph(article: Article, version: ArticleVersion, number: int) -> dict[str, Any] | None:
    for v in article.data.get("versions") or ():
        if v.get("in_force") == version.in_force and v.get("amendment") == version.amendment:
            for p in v.get("paragraphs") or ():
                if p.get("number") == number:
                    return dict(p)
    return None


def validate_dates(req: SentenceRequest) -> None:
    if req.offence_date is not None:
        req.offence_date = check_date(req.offence_date, "--offence-date")
    if req.indictment_date is not None:
        req.indictment_date = check_date(req.indictment_date, "--indictment-date")
    if req.offence_date and req.indictment_date and req.indictment_date < req.offence_date:
        raise UsageError(
            "dates-inverted",
            f"--indictment-date {req.indictment_date} is before --offence-date {req.offence_date}",
            "an indictment follows the offence; check the dates",
        )


def resolve_counts(kb: KnowledgeBase, req: SentenceRequest) -> list[Count]:
    """Each offence argument as a Count: the paragraph in force on the offence date (Art. 1(1)), or a lighter later one (Art. 1(2))."""
    assert req.offence_date is not None
    if not req.offences:
        raise UsageError("no-offence", "name at least one offence", "e.g. lawkb sentence csem-production --offence-date 2021-03-10")
    counts = []
    for i, given in enumerate(req.offences, start=1):
        answer, offence = _provision_for(kb, given, req.offence_date, req.now or today())
        penalty = answer.penalty
        version, para = answer.version, answer.paragraph
        lighter = False
        if answer.lighter_later:
            # Art. 1(2): the lightest version enacted after the act applies.
            best = min(answer.lighter_later, key=lambda vp: vp[1].penalty.severity_key() if vp[1].penalty else (9,))
            version, para = best
            penalty = para.penalty
            lighter = True
        if penalty is None or (not penalty.has_term and not penalty.life and penalty.fine_max_won is None):
            text = penalty.text_ko if penalty else "—"
            raise UsageError(
                "penalty-not-numeric",
                f"{given}: the penalty '{text}' is not stated in numbers",
                "the provision punishes by reference to another crime; name that crime's offence instead",
            )
        counts.append(Count(i, given, offence, answer, version, para, penalty, lighter))
    return counts


def _provision_for(kb: KnowledgeBase, given: str, date: str, now: str) -> tuple[ProvisionAnswer, Record | None]:
    target = resolve(given, kb)
    if isinstance(target, Record) and target.kind == "offence":
        answers = [a for a in offence_provisions(kb, target, date, now=now) if a.paragraph.role == "offence" and a.penalty is not None]
        if not answers:
            raise NotFoundError("not-in-force", f"{target.id} has no offence provision in force on {date}")
        if len(answers) > 1:
            options = "; ".join(f"{a.article.id}({a.paragraph.number}): {a.penalty.text_ko if a.penalty else '—'}" for a in answers)
            raise UsageError(
                "offence-ambiguous",
                f"{target.id} covers several provisions on {date}: {options}",
                f"give the article reference instead, e.g. {answers[0].article.id}({answers[-1].paragraph.number})",
            )
        return answers[0], target
    if isinstance(target, Record) and target.kind == "article":
        target = Ref(str(target.data["act"]), str(target.data["number"]))
    if not isinstance(target, Ref):
        raise UsageError(
            "not-an-offence",
            f"'{given}' is {a_kind(target.kind)}, not an offence or an article",
            "give an offence id (see 'lawkb list offence') or an article reference such as 청소년성보호법:11(1)",
        )
    article = kb.article(target.article_id)
    if article is None:
        raise NotFoundError("article-not-found", f"{target.article_id} is not in the knowledge base")
    number = target.paragraph
    if number is None:
        version = article.version_as_of(date) or (article.versions[0] if article.versions else None)
        offence_paras = [p.number for p in (version.paragraphs if version else ()) if p.role == "offence"]
        if len(offence_paras) != 1:
            raise UsageError(
                "paragraph-needed",
                f"{given}: name the paragraph of {article.id}",
                "offence paragraphs: " + ", ".join(str(n) for n in offence_paras) if offence_paras else "",
            )
        number = offence_paras[0]
    answer = provision_as_of(article, number, date, now=now)
    if answer.paragraph.role != "offence" or answer.penalty is None:
        raise UsageError("not-an-offence", f"{given}: {article.id}({number}) defines no offence with a penalty", "give the paragraph that sets the penalty")
    return answer, _offence_of(kb, article.id, number, date)


def _offence_of(kb: KnowledgeBase, article_id: str, paragraph: int, date: str) -> Record | None:
    """The offence record whose provisions cover this paragraph on the date (None if no single one does)."""
    hits = []
    for off in kb.of_kind("offence"):
        for prov in off.data["provisions"]:
            if prov["article"] != article_id or prov["paragraph"] != paragraph:
                continue
            if (prov.get("from") and date < prov["from"]) or (prov.get("until") and date > prov["until"]):
                continue
            hits.append(off)
    return hits[0] if len(hits) == 1 else None


def split_target(value: str) -> tuple[str | None, str]:
    """'2=csem-bad-method' -> ('2', 'csem-bad-method'); 'csem-bad-method' -> (None, ...)."""
    if "=" in value:
        target, _, rest = value.partition("=")
        if not target.strip():
            raise UsageError("target-empty", f"'{value}': nothing before '='", "write N=VALUE or OFFENCE=VALUE, or the value alone")
        return target.strip(), rest.strip()
    return None, value.strip()


def find_count(counts: list[Count], target: str, option: str) -> Count:
    """The count a target names: its position (1, 2, ...), the offence as given, or its offence id."""
    if target.isascii() and target.isdigit():
        n = int(target) if len(target) <= 9 else None  # a longer number names no offence (and may be too long for int())
        if n is not None and 1 <= n <= len(counts):
            return counts[n - 1]
        raise UsageError(
            "target-unknown", f"{option} {target}=…: there is no offence number {target if n is None else n} (1 to {len(counts)})",
            "number the offences in the order given",
        )
    hits = [c for c in counts if target in (c.given, c.offence_id)]
    if len(hits) == 1:
        return hits[0]
    if not hits:
        raise UsageError(
            "target-unknown",
            f"{option} {target}=…: '{target}' is not one of the offences given",
            "offences: " + ", ".join(f"{c.index}={c.given}" for c in counts),
        )
    raise UsageError(
        "target-ambiguous",
        f"{option} {target}=…: '{target}' names several offences",
        "use the position instead: " + ", ".join(f"{c.index}={c.given}" for c in hits),
    )


def apply_simple_findings(counts: list[Count], req: SentenceRequest) -> None:
    """Attempt, habitual and penalty-type findings, checked against what each statute allows."""
    for c in counts:
        c.attempt = req.attempt
    for value in req.attempt_of:
        find_count(counts, value.strip(), "--attempt-of").attempt = True
    if req.habitual:
        eligible = [c for c in counts if c.habitual_fraction() is not None]
        if not eligible:
            raise UsageError(
                "habitual-not-provided",
                "--habitual: none of the offences has a habitual-offender clause on the offence date",
                "habitual aggravation exists only where the offence's own act provides it (e.g. 청소년성보호법 제11조제7항)",
            )
        for c in eligible:
            c.habitual = True
    for c in counts:
        if c.attempt and not c.penalty.attempt_punishable:
            raise UsageError(
                "attempt-not-punishable",
                f"{c.label}: an attempt is not punishable under {c.article.id}({c.paragraph.number})",
                "only provisions with an attempt clause punish attempts",
            )
    chosen: dict[int, str] = {}
    for value in req.penalty_types:
        target, kind = split_target(value)
        if kind not in PENALTY_TYPES:
            raise UsageError("penalty-type-unknown", f"--penalty-type '{kind}' is not one of life, term, fine", "e.g. --penalty-type term or 1=life")
        targets = [find_count(counts, target, "--penalty-type")] if target else [c for c in counts if kind in c.options()]
        if not targets:
            raise UsageError(
                "penalty-type-unavailable",
                f"--penalty-type {kind}: no offence provides {kind}",
                "; ".join(f"{c.label}: {', '.join(c.options())}" for c in counts),
            )
        for c in targets:
            if kind not in c.options():
                raise UsageError(
                    "penalty-type-unavailable",
                    f"--penalty-type {kind}: {c.label} does not provide {kind} ({c.penalty.text_ko})",
                    "types for this offence: " + ", ".join(c.options()),
                )
            if chosen.get(c.index, kind) != kind:
                raise UsageError("penalty-type-conflict", f"--penalty-type: {c.label} is given both {chosen[c.index]} and {kind}")
            chosen[c.index] = kind
    for c in counts:
        c.penalty_types = [chosen[c.index]] if c.index in chosen else c.options()
