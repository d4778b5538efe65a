"""Probation: whether the statute allows a suspended sentence (Art. 62), and the guideline's probation criteria."""

from __future__ import annotations

from ..wording import months_exact_en, months_exact_ko, won_ko
from .criminal_act import CriminalAct
from .request import Count
from .rulebook import MissingRuleData, RuleBook
from .terms import Punishment, Span
from .trace import NOT_APPLICABLE, NOT_DETERMINED, OK, SourceRef, Step


def statute_step(ca: CriminalAct, disposable: Punishment, repeat_offender: bool) -> tuple[bool, Step]:
    term_max = ca.value("probation_max_term_months")
    fine = ca.get("probation_max_fine_won")
    srcs = [ca.source("probation_max_term_months")]
    rule = {
        "id": "criminal-act.62(1)",
        "name": {"ko": "형법 제62조제1항 (집행유예의 요건)", "en": "Criminal Act Art. 62(1): requirements for a suspended sentence"},
    }
    inputs = {
        "disposable": disposable.as_dict(),
        "repeat_offender": repeat_offender,
        "max_term_months": int(term_max),
        "max_fine_won": None if fine.value is None else int(fine.value),
    }
    if repeat_offender:
        srcs.append(ca.text("criminal-act.35", 1)[1])
        return False, Step(
            "probation-statute",
            "집행유예 가능성 (법률)",
            "Suspended sentence: the statute",
            rule,
            inputs,
            {"possible": False},
            srcs,
            "high",
            OK,
            summary_ko="누범은 제62조제1항 단서의 기간 안에 범한 죄이므로 집행유예를 할 수 없다",
            summary_en="a repeat offence falls within the period barred by the proviso to Art. 62(1): no suspended sentence",
        )
    reasons_ko, reasons_en = [], []
    possible = False
    if disposable.term is not None and disposable.term.lo is not None and disposable.term.lo <= term_max:
        possible = True
        reasons_ko.append(f"처단형 안에서 {months_exact_ko(term_max)} 이하의 징역을 선고할 수 있다")
        reasons_en.append(f"a term of {months_exact_en(term_max)} or less lies within the disposable range")
    elif disposable.term is not None:
        reasons_ko.append(f"처단형의 하한이 {months_exact_ko(term_max)}을 넘는다")
        reasons_en.append(f"the disposable minimum exceeds {months_exact_en(term_max)}")
    if disposable.fine_max_won is not None:
        if fine.value is not None:
            possible = possible or disposable.term is None
            reasons_ko.append(f"벌금은 {won_ko(int(fine.value))} 이하이면 집행유예할 수 있다")
            reasons_en.append(f"a fine of {int(fine.value):,} won or less may be suspended")
        else:
            reasons_ko.append("행위시 법률에는 벌금형의 집행유예가 없다")
            reasons_en.append("the law at the time had no suspended fines")
        srcs.append(fine.source)
    if disposable.life and disposable.term is None:
        reasons_ko.append("무기징역은 집행유예할 수 없다")
        reasons_en.append("life imprisonment cannot be suspended")
    return possible, Step(
        "probation-statute",
        "집행유예 가능성 (법률)",
        "Suspended sentence: the statute",
        rule,
        inputs,
        {"possible": possible},
        srcs,
        "high",
        OK,
        summary_ko=("가능: " if possible else "불가: ") + "; ".join(reasons_ko),
        summary_en=("possible: " if possible else "not possible: ") + "; ".join(reasons_en),
    )


def guideline_step(rb: RuleBook, counts: list[Count], final: Span | None, statute_possible: bool) -> Step:
    title = ("집행유예 기준 (양형기준)", "Probation criteria (guideline)")
    try:
        return _guideline_step(rb, counts, final, statute_possible, title)
    except MissingRuleData as gap:
        return Step(
            "probation-guideline",
            *title,
            {"id": None, "guideline": rb.g.id},
            {},
            {"missing": gap.what},
            [SourceRef(rb.g.id, rb.g.id)],
            "unconfirmed",
            NOT_DETERMINED,
            summary_ko=f"판단 불가 — 양형기준 자료에 없음: {gap.what}",
            summary_en=f"not determined — the guideline data lacks: {gap.what}",
        )


def _guideline_step(rb: RuleBook, counts: list[Count], final: Span | None, statute_possible: bool, title: tuple[str, str]) -> Step:
    rid = "probation-counting"
    threshold = rb.frac("probation-threshold", "max_months")
    srcs = rb.sources("probation-threshold") + rb.sources(rid)
    rule = rb.ref(rid)
    given = [{"id": f["id"], "weight": f["weight"], "direction": f["direction"]} for c in counts for f in c.probation_factors]
    inputs = {"factors": given, "threshold_months": int(threshold)}

    def outcome(status: str, ko: str, en: str, result: dict[str, object] | None = None, conf: str | None = None) -> Step:
        return Step(
            "probation-guideline",
            *title,
            rule,
            inputs,
            result or {"recommendation": None},
            srcs,
            conf or rb.confidence(rid),
            status,
            summary_ko=ko,
            summary_en=en,
        )

    if not statute_possible:
        return outcome(
            NOT_APPLICABLE, "법률상 집행유예를 할 수 없으므로 기준을 적용하지 않는다", "the statute bars a suspended sentence, so the criteria do not arise"
        )
    if len(counts) > 1 and rb.param(rid, "single_crime_only") is True:
        return outcome(
            NOT_DETERMINED,
            "집행유예 기준은 한 가지 범죄를 전제로 한 기준이다 — 여러 범죄에 대한 평가 방법은 자료에 없다",
            "the probation criteria are written for a single crime; how they apply to several crimes is not in the data",
        )
    if final is None:
        return outcome(
            NOT_DETERMINED, "최종 권고형이 정해지지 않아 기준 적용 여부를 판단할 수 없다", "no final recommended range, so whether the criteria apply is open"
        )
    if final.lo is not None and final.lo > threshold:
        return outcome(
            NOT_APPLICABLE,
            f"권고형의 하한이 {months_exact_ko(threshold)}을 넘어 기준이 적용되지 않는다",
            f"every sentence in the recommended range exceeds {months_exact_en(threshold)}, so the criteria do not arise",
        )
    mp = sum(f["weight"] == "major" and f["direction"] == "positive" for f in given)
    mn = sum(f["weight"] == "major" and f["direction"] == "negative" for f in given)
    gp = sum(f["weight"] == "general" and f["direction"] == "positive" for f in given)
    gn = sum(f["weight"] == "general" and f["direction"] == "negative" for f in given)
    margin = rb.frac(rid, "major_margin")
    only_min = rb.frac(rid, "only_major_min")
    overrides = rb.param(rid, "general_surplus_overrides") is True
    suspend = (mn == 0 and mp >= only_min) or (mp - mn >= margin)
    prison = (mp == 0 and mn >= only_min) or (mn - mp >= margin)
    counts_d = {"major_positive": mp, "major_negative": mn, "general_positive": gp, "general_negative": gn}
    if suspend and not (overrides and gn - gp > mp - mn):
        return outcome(
            OK,
            f"집행유예 권고 (주요긍정 {mp}, 주요부정 {mn})",
            f"suspension recommended ({mp} major positive, {mn} major negative)",
            {"recommendation": "suspension", **counts_d},
        )
    if prison and not (overrides and gp - gn > mn - mp):
        return outcome(
            OK,
            f"실형 권고 (주요부정 {mn}, 주요긍정 {mp})",
            f"prison recommended ({mn} major negative, {mp} major positive)",
            {"recommendation": "prison", **counts_d},
        )
    none_given = "주어진 참작사유 없음; " if not given else ""
    none_given_en = "no probation factors given; " if not given else ""
    return outcome(
        OK,
        f"{none_given}어느 쪽도 권고하지 않음 — 법관이 참작사유 전체를 비교하여 정한다",
        f"{none_given_en}neither is recommended; the judge weighs all the factors",
        {"recommendation": "neither", **counts_d},
    )
