"""The whole computation: statutory range -> disposable range -> guideline range -> probation and prosecution demand."""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field
from typing import Any

from ..errors import UsageError
from ..model import KnowledgeBase, Record
from ..query import today as _today
from . import probation
from .criminal_act import CriminalAct
from .directive import assign_roles, demand_steps
from .factors import assign_factors, type_tables
from .guideline import FINDING_KEYS, CountGuideline, span_text
from .guideline_case import CaseGuideline
from .request import Count, SentenceRequest, apply_simple_findings, resolve_counts, validate_dates
from .rulebook import RuleBook, relevant_guidelines, selecting_date
from .statutory import apply_grounds, describe
from .statutory_case import CaseStatutory
from .terms import Punishment, Span, is_weak, weakest
from .trace import NOT_APPLICABLE, NOT_DETERMINED, OK, SourceRef, Step, record_sources

# Every offence whose statute leaves the penalty type open doubles the branches; past six such offences the worksheet
# would take minutes and gigabytes and no reader could follow it.
MAX_BRANCHES = 64

KIND_KO = {"life": "무기징역", "term": "유기징역", "fine": "벌금"}


@dataclass
class Branch:
    choices: list[tuple[str, str]]
    steps: list[Step] = field(default_factory=list)
    disposable: Punishment | None = None
    disposable_confidence: str = "high"
    recommended: Span | None = None
    recommended_status: str = NOT_DETERMINED
    recommended_confidence: str = "high"
    probation_possible: bool | None = None

    @property
    def label(self) -> dict[str, str]:
        return {"ko": ", ".join(f"{o}: {KIND_KO[k]}" for o, k in self.choices), "en": ", ".join(f"{o}: {k}" for o, k in self.choices)}

    @property
    def unconfirmed(self) -> bool:
        return is_weak(self.disposable_confidence) or (self.recommended is not None and is_weak(self.recommended_confidence))

    def as_dict(self) -> dict[str, Any]:
        d = self.disposable or Punishment()
        ko, en = describe(d, alternatives=False)
        rko, ren = span_text(self.recommended)
        return {
            "choices": [{"offence": o, "penalty_type": k} for o, k in self.choices],
            "label": self.label,
            "disposable": {
                **d.as_dict(),
                "text": {"ko": ko, "en": en},
                "confidence": self.disposable_confidence,
                "unconfirmed": is_weak(self.disposable_confidence),
            },
            "recommended": None
            if self.recommended is None
            else {
                **self.recommended.as_dict(),
                "text": {"ko": rko, "en": ren},
                "confidence": self.recommended_confidence,
                "unconfirmed": is_weak(self.recommended_confidence),
            },
            "recommended_status": self.recommended_status,
            "probation_possible": self.probation_possible,
            "unconfirmed": self.unconfirmed,
            "trace": [s.as_dict() for s in self.steps],
        }


@dataclass
class Worksheet:
    request: SentenceRequest
    counts: list[Count]
    guideline: Record | None
    guideline_step: Step
    branches: list[Branch]
    missing: list[dict[str, str]] = field(default_factory=list)
    assumed: list[dict[str, str]] = field(default_factory=list)
    gaps: list[str] = field(default_factory=list)

    @property
    def unconfirmed(self) -> bool:
        return any(b.unconfirmed for b in self.branches)

    def flags(self) -> list[dict[str, str]]:
        seen, out = set(), []
        for b in self.branches:
            for s in b.steps:
                for n in s.notes:
                    if n.get("code") in ("guideline-statute-mismatch", "lighter-later-law") and (n["code"], s.offence) not in seen:
                        seen.add((n["code"], s.offence))
                        out.append({"code": n["code"], "offence": s.offence or "", "ko": n.get("ko", ""), "en": n.get("en", "")})
        return out

    def as_dict(self) -> dict[str, Any]:
        return {
            "findings": self.request.as_dict(),
            "offences": [
                {
                    "index": c.index,
                    "given": c.given,
                    "offence": c.offence_id,
                    "article": c.article.id,
                    "paragraph": c.paragraph.number,
                    "penalty_ko": c.penalty.text_ko,
                    "version": c.version.as_dict(),
                    "lighter_later_law": c.lighter_law,
                    "habitual": c.habitual,
                    "attempt": c.attempt,
                    "statutory_mitigation": list(c.grounds),
                    "aggravating": [f["id"] for f in c.aggravating],
                    "mitigating": [f["id"] for f in c.mitigating],
                    "probation_factors": [f["id"] for f in c.probation_factors],
                    "roles": list(c.roles),
                    "penalty_types": list(c.penalty_types),
                }
                for c in self.counts
            ],
            "guideline": None
            if self.guideline is None
            else {"id": self.guideline.id, "effective": self.guideline.data["effective"], "selects_by": self.guideline.data["date_rule"]["selects_by"]},
            "missing": self.missing,
            "assumed": self.assumed,
            "flags": self.flags(),
            "data_gaps": self.gaps,
            "unconfirmed": self.unconfirmed,
            "branches": [b.as_dict() for b in self.branches],
        }


def _select_guideline(kb: KnowledgeBase, counts: list[Count], req: SentenceRequest) -> tuple[Record | None, Step, list[Record]]:
    rule = {"id": "date-rule", "name": {"ko": "양형기준의 적용 기준일", "en": "Which date selects the guideline"}}

    def step(inputs: dict[str, Any], result: dict[str, Any], srcs: list[SourceRef], confidence: str, status: str,
             ko: str, en: str) -> Step:
        return Step("guideline-version", "양형기준의 선택", "Guideline version", rule, inputs, result, srcs, confidence, status,
                    summary_ko=ko, summary_en=en)

    candidates = relevant_guidelines(kb, counts)
    if not candidates:
        none = [SourceRef("no guideline in the knowledge base has a type for these offences")]
        return None, step({}, {"guideline": None}, none, "high", NOT_APPLICABLE, "이 범죄들에 대한 양형기준이 지식베이스에 없다",
                          "no guideline in the knowledge base covers these offences"), []
    chosen, dates = None, {}
    for g in candidates:
        by, date = selecting_date(g, req.offence_date, req.indictment_date)
        dates[g.id] = (by, date)
        if date and g.data["effective"] <= date and not (g.data.get("superseded") and g.data["superseded"] <= date):
            chosen = g
    first = candidates[0]
    by, date = dates[(chosen or first).id]
    dr = (chosen or first).data["date_rule"]
    srcs = record_sources(chosen or first, dr["cite"], f"{(chosen or first).name('ko')} — 적용 기준")
    inputs = {"selects_by": by, "date": date, "offence_date": req.offence_date, "indictment_date": req.indictment_date}
    if chosen is not None:
        return chosen, step(inputs, {"guideline": chosen.id, "effective": chosen.data["effective"]}, srcs, dr["confidence"], OK,
                            f"{chosen.name('ko')} ({chosen.data['effective']} 시행) — {dr['text'].get('ko', '')}",
                            f"{chosen.name('en')} (effective {chosen.data['effective']}) — {dr['text'].get('en', '')}"), candidates
    if date is None:
        opt = "--indictment-date" if by == "indictment" else "--offence-date" if by == "offence" else "a judgment date"
        return None, step(inputs, {"guideline": None}, srcs, dr["confidence"], NOT_DETERMINED,
                          f"양형기준은 {by} 날짜로 정해지는데 그 날짜({opt})가 없다",
                          f"the guideline is selected by the {by} date, which was not given ({opt})"), candidates
    return None, step(inputs, {"guideline": None}, srcs, dr["confidence"], NOT_APPLICABLE,
                      f"{date}에는 시행 중인 양형기준이 없다 (최초 {first.name('ko')}: {first.data['effective']} 이후 사건부터). 법원이 참고할 수는 있다.",
                      f"no guideline governs a case selected by {date} (the first, {first.id}, applies from {first.data['effective']}); "
                      "courts may still consult it."), candidates


def compute_worksheet(kb: KnowledgeBase, req: SentenceRequest) -> Worksheet:
    """Run the whole method; raises UsageError (exit 2) for findings it cannot use or cannot do without."""
    validate_dates(req)
    if req.offence_date is None:
        raise UsageError(
            "findings-missing",
            "missing finding: --offence-date (it selects the statute version, Criminal Act Art. 1)",
            "give the date the act ended, e.g. --offence-date 2021-03-10",
        )
    now = req.now or _today()
    counts = resolve_counts(kb, req)
    apply_simple_findings(counts, req)
    apply_grounds(counts, req)
    guideline, gstep, candidates = _select_guideline(kb, counts, req)
    assign_factors(counts, type_tables([guideline] if guideline else candidates, counts), req)
    assign_roles(kb, counts, req)
    ca = CriminalAct(kb, req.offence_date)
    layer = CaseGuideline(kb, guideline) if guideline is not None else None
    sheet = Worksheet(req, counts, guideline, gstep, [])
    open_counts = [c for c in counts if len(c.penalty_types) > 1]
    total = math.prod(len(c.penalty_types) for c in counts)
    if total > MAX_BRANCHES:
        raise UsageError(
            "too-many-branches",
            f"the penalty type is left to the court for {len(open_counts)} offences: {total:,} branches to work out (at most {MAX_BRANCHES})",
            "choose it with --penalty-type, e.g. --penalty-type term for every offence or --penalty-type 2=term for offence 2",
        )
    combos = list(itertools.product(*[c.penalty_types for c in counts]))
    for combo in combos:
        sheet.branches.append(_branch(kb, ca, layer, counts, list(combo), req, gstep, now))
    _findings_notes(kb, sheet, candidates)
    if layer is not None:
        sheet.gaps = sorted(set(layer.gaps))
    return sheet


def _branch(
    kb: KnowledgeBase, ca: CriminalAct, layer: CaseGuideline | None, counts: list[Count], kinds: list[str], req: SentenceRequest, gstep: Step, now: str
) -> Branch:
    stat = CaseStatutory(kb, ca)
    br = Branch([(c.label, k) for c, k in zip(counts, kinds, strict=True)])
    ps = []
    # Confidence of the disposable range: every step it rests on (habitual aggravation of the term does not touch a life choice).
    contrib: list[str] = []
    for c, kind in zip(counts, kinds, strict=True):
        p, s = stat.statutory_range(c)
        br.steps.append(s)
        contrib.append(s.confidence)
        if c.habitual:
            p, s = stat.habitual(c, p)
            br.steps.append(s)
            if kind != "life":
                contrib.append(s.confidence)
        p, s = stat.choose_type(c, p, kind, branched=len(c.penalty_types) > 1)
        br.steps.append(s)
        contrib.append(s.confidence)
        for applies, fn in ((req.repeat_offender, stat.repeat_offender), (bool(c.grounds), stat.statutory_mitigation)):
            if applies:
                p, s = fn(c, p)
                br.steps.append(s)
                contrib.append(s.confidence)
        ps.append(p)
    disposable = ps[0]
    if len(counts) > 1:
        disposable, s = stat.concurrent(counts, ps)
        br.steps.append(s)
        contrib.append(s.confidence)
    if req.discretionary_mitigation:
        disposable, s = stat.discretionary(disposable)
        br.steps.append(s)
        contrib.append(s.confidence)
    br.disposable = disposable
    br.disposable_confidence = weakest(*contrib)
    ko, en = describe(disposable, alternatives=False)
    br.steps.append(
        Step(
            "disposable-range",
            "처단형",
            "Disposable range",
            {"id": "criminal-act.56", "name": {"ko": "형법 제56조 (가중·감경의 순서)", "en": "Criminal Act Art. 56: order of aggravation and mitigation"}},
            {},
            disposable.as_dict(),
            [ca.text("criminal-act.56", 0)[1]],
            br.disposable_confidence,
            OK,
            summary_ko=ko,
            summary_en=en,
        )
    )
    br.steps.append(gstep)
    cgs: list[CountGuideline] = []
    br.recommended_status = gstep.status if layer is None else NOT_DETERMINED
    if layer is not None:
        cgs = [layer.count(c, k, br.steps) for c, k in zip(counts, kinds, strict=True)]
        span, conf = (cgs[0].span, cgs[0].confidence) if len(cgs) == 1 else layer.multiple(cgs, br.steps)
        if span is not None:
            layer.life_option(span, counts, br.steps)
            br.recommended, br.recommended_confidence, br.recommended_status = layer.clip(span, conf, disposable, br.steps)
        else:
            br.recommended_status = cgs[0].status if len(cgs) == 1 else next(s.status for s in reversed(br.steps) if s.step == "multiple-crimes")
    possible, s = probation.statute_step(ca, disposable, req.repeat_offender)
    br.probation_possible = possible
    br.steps.append(s)
    if layer is not None and (len(cgs) != 1 or cgs[0].status not in (NOT_APPLICABLE,)):
        br.steps.append(probation.guideline_step(layer.rb, counts, br.recommended, possible))
    br.steps.extend(demand_steps(kb, counts, disposable, req, now))
    return br


def _findings_notes(kb: KnowledgeBase, sheet: Worksheet, candidates: list[Record]) -> None:
    """What the worksheet assumed for findings not given, and what it lacked."""
    req, counts = sheet.request, sheet.counts
    add = sheet.assumed.append
    for c in counts:
        has_type = any(_has_type(g, c) for g in candidates)
        if has_type and not c.aggravating and not c.mitigating:
            add(
                {
                    "code": "no-special-factors",
                    "offence": c.label,
                    "ko": f"{c.label}: 특별양형인자 없음 (주어진 인자 없음)",
                    "en": f"{c.label}: no special factors found (none given)",
                }
            )
    if not req.habitual and any(c.habitual_fraction() is not None for c in counts):
        add({"code": "not-habitual", "ko": "상습범 아님 (--habitual 없음)", "en": "not habitual (no --habitual)"})
    if not req.repeat_offender:
        add({"code": "not-repeat-offender", "ko": "누범 아님 (--repeat-offender 없음)", "en": "not a repeat offender (no --repeat-offender)"})
    if not any(c.grounds for c in counts):
        add({"code": "no-statutory-mitigation", "ko": "법률상 감경사유 없음", "en": "no ground of statutory mitigation"})
    if not req.discretionary_mitigation:
        add({"code": "no-discretionary-mitigation", "ko": "정상참작감경 없음", "en": "no discretionary mitigation"})
    if not any(c.attempt for c in counts):
        add({"code": "completed", "ko": "기수범 (미수 아님)", "en": "completed offences (no attempt)"})
    g = sheet.guideline or (candidates[-1] if candidates else None)
    if g is not None:
        rules = RuleBook(g).rules
        for key, on in ((rules.get("not-applicable") or {}).get("params") or {}).items():
            if on is True and key not in FINDING_KEYS:
                text = {
                    "defendant_under_19": ("피고인은 19세 이상", "the defendant is 19 or older"),
                    "concurrent_with_finally_judged": ("이미 판결이 확정된 죄와 함께 재판받지 않음", "no crime already finally judged is tried together"),
                }.get(key, (f"해당 없음: {key}", f"not the case: {key}"))
                add({"code": key, "ko": text[0], "en": text[1]})
    if req.indictment_date is None:
        sheet.missing.append(
            {
                "finding": "--indictment-date",
                "ko": "공소제기일: 양형기준의 선택과 검찰 구형 기준에 필요",
                "en": "indictment date: selects the guideline and the directive",
            }
        )
    if not any(c.roles for c in counts) and any(
        r for d in kb.of_kind("directive") for r in d.data["rules"] if any(c.offence_id in r["offences"] for c in counts)
    ):
        sheet.missing.append(
            {"finding": "--role", "ko": "피고인의 역할: 검찰 구형 기준에 필요", "en": "the defendant's role: needed for the prosecution demand"}
        )


def _has_type(g: Record, c: Count) -> bool:
    from .rulebook import find_type

    return find_type(g, c) is not None
