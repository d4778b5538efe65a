"""Guideline layer: type, zone, special adjustment and habitual range per offence; multiple crimes; clipping; life option."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..model import KnowledgeBase, Record
from ..wording import span_en, span_ko
from .request import Count
from .rulebook import MissingRuleData, RuleBook, TypeMatch, find_type, penalty_at, same_penalty
from .terms import Span, fraction, weakest
from .trace import JUDGE, NOT_APPLICABLE, NOT_DETERMINED, OK, SourceRef, Step, record_sources

ZONE_KO = {"mitigated": "감경영역", "basic": "기본영역", "aggravated": "가중영역"}
ZONE_EN = {"mitigated": "mitigated zone", "basic": "basic zone", "aggravated": "aggravated zone"}
ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth")
# Keys of the not-applicable rule that the engine reads as findings; any other true key is listed as an assumption.
FINDING_KEYS = {"fine_chosen", "attempt", "accessory"}


@dataclass
class CountGuideline:
    count: Count
    kind: str
    match: TypeMatch | None = None
    span: Span | None = None
    zone: str | None = None
    candidates: dict[str, Span] = field(default_factory=dict)
    confidence: str = "high"
    status: str = OK
    reason: dict[str, str] | None = None


def _span(cell: dict[str, Any]) -> Span:
    lo = cell.get("min_months")
    return Span(None if lo is None else fraction(lo), fraction(cell["max_months"]))


def span_text(s: Span | None) -> tuple[str, str]:
    if s is None:
        return "—", "—"
    return span_ko(s.lo, s.hi), span_en(s.lo, s.hi)


class GuidelineLayer:
    def __init__(self, kb: KnowledgeBase, guideline: Record) -> None:
        self.kb = kb
        self.g = guideline
        self.rb = RuleBook(guideline)
        self.gaps: list[str] = []

    def _guarded(self, steps: list[Step], name: str, title: tuple[str, str], offence: str | None, fn: Callable[[], Step | None]) -> bool:
        """Run one step; a missing rule or parameter makes it 'not determined' and is reported as a data gap."""
        try:
            step = fn()
        except MissingRuleData as gap:
            self.gaps.append(str(gap))
            step = Step(
                name,
                title[0],
                title[1],
                {"id": None, "guideline": self.g.id},
                {},
                {"missing": gap.what},
                [SourceRef(f"{self.g.name('ko')} ({self.g.id})", self.g.id)],
                "unconfirmed",
                NOT_DETERMINED,
                offence,
                summary_ko=f"판단 불가 — 양형기준 자료에 없음: {gap.what}",
                summary_en=f"not determined — the guideline data lacks: {gap.what}",
            )
            steps.append(step)
            return False
        if step is not None:
            steps.append(step)
        return True

    # ---- one offence -------------------------------------------------------------------------------

    def count(self, c: Count, kind: str, steps: list[Step]) -> CountGuideline:
        cg = CountGuideline(c, kind)
        if not self._guarded(steps, "guideline-type", ("양형기준 유형의 결정", "Guideline type"), c.label, lambda: self._type(cg)):
            cg.status = NOT_DETERMINED
        if cg.status != OK:
            return cg
        hab_first = c.habitual and self.rb.has("habitual", "after_special_adjustment") and not self.rb.param("habitual", "after_special_adjustment")
        order = [self._zone, self._habitual, self._adjust] if hab_first else [self._zone, self._adjust, self._habitual]
        names = {
            self._zone: ("zone", "권고영역의 결정", "Zone"),
            self._adjust: ("special-adjustment", "형량범위의 특별조정", "Special adjustment"),
            self._habitual: ("guideline-habitual", "상습범 형량범위", "Habitual range"),
        }
        for fn in order:
            name, ko, en = names[fn]
            if not self._guarded(steps, name, (ko, en), c.label, lambda fn=fn: fn(cg)):  # type: ignore[misc]
                cg.status, cg.span = NOT_DETERMINED, None
            if cg.status != OK:
                break
        return cg

    def _type(self, cg: CountGuideline) -> Step:
        c = cg.count
        cg.match = find_type(self.g, c)
        na = self.rb.rule("not-applicable")
        params = na.get("params") or {}
        reasons = []
        if cg.match is None:
            reasons.append(("이 양형기준에는 이 범죄의 유형이 없다", "the guideline has no type for this offence"))
        if cg.kind == "fine" and params.get("fine_chosen"):
            reasons.append(("벌금형을 선택한 경우", "a fine is chosen"))
        if c.attempt and params.get("attempt"):
            reasons.append(("미수범", "the offence is an attempt"))
        if "accessory" in c.grounds and params.get("accessory"):
            reasons.append(("방조범(종범)", "the defendant is an accessory"))
        srcs = self.rb.sources("not-applicable")
        rule = self.rb.ref("not-applicable")
        if reasons:
            cg.status = NOT_APPLICABLE
            cg.reason = {"ko": "; ".join(r[0] for r in reasons), "en": "; ".join(r[1] for r in reasons)}
            return Step(
                "guideline-type",
                "양형기준 유형의 결정",
                "Guideline type",
                rule,
                {"offence": c.label, "penalty_type": cg.kind},
                {"applies": False, "reasons": cg.reason},
                srcs,
                self.rb.confidence("not-applicable"),
                NOT_APPLICABLE,
                c.label,
                summary_ko=f"양형기준 적용 없음: {cg.reason['ko']}",
                summary_en=f"the guideline does not apply: {cg.reason['en']}",
            )
        assert cg.match is not None
        m = cg.match
        step = Step(
            "guideline-type",
            "양형기준 유형의 결정",
            "Guideline type",
            {"id": "type", "guideline": self.g.id, "name": {"ko": "유형의 결정", "en": "Choosing the type"}},
            {"offence": c.label, "provision": f"{c.article.id}({c.paragraph.number})"},
            {"applies": True, "group": m.group["id"], "type": m.type["id"], "label": {"ko": m.label_ko, "en": m.label_en}},
            record_sources(self.g, m.type.get("cite"), f"{self.g.name('ko')} — {m.label_ko}"),
            "high",
            OK,
            c.label,
            summary_ko=m.label_ko,
            summary_en=m.label_en,
        )
        then = penalty_at(c, self.g.data["adopted"])
        if not same_penalty(then, c.penalty):
            then_ko = then.text_ko if then else "해당 조항 없음"
            step.note(
                f"이 유형의 형량범위는 {self.g.data['adopted']} 의결 당시의 법정형({then_ko})을 전제로 정해졌다. "
                f"적용 법정형은 {c.penalty.text_ko}(법률 제{c.version.act_number}호)이다.",
                f"This type's ranges were set when the provision carried {then.text_ko if then else 'no such offence'} (guideline adopted "
                f"{self.g.data['adopted']}); the penalty applied is {c.penalty.text_ko} (Act No. {c.version.act_number}).",
                "guideline-statute-mismatch",
            )
        if m.type.get("note"):
            step.notes.append({"code": "type-note", **{k: str(v) for k, v in m.type["note"].items()}})
        return step

    def _zone(self, cg: CountGuideline) -> Step:
        c, m = cg.count, cg.match
        assert m is not None
        agg = [f for f in c.aggravating if f["level"] == "special"]
        mit = [f for f in c.mitigating if f["level"] == "special"]
        general = [f["id"] for f in c.aggravating + c.mitigating if f["level"] == "general"]
        zone, branch, conf, rules = self._decide(agg, mit)
        srcs = [s for r in rules for s in self.rb.sources(r)]
        inputs = {
            "special_aggravating": [{"id": f["id"], "category": f["category"]} for f in agg],
            "special_mitigating": [{"id": f["id"], "category": f["category"]} for f in mit],
            "general": general,
        }
        rule = self.rb.ref(rules[-1])
        if zone == JUDGE:
            cg.candidates = {z: _span(m.type["ranges"][z]) for z in ZONE_KO}
            cg.status, cg.confidence = JUDGE, weakest(cg.confidence, conf)
            text = ", ".join(f"{ZONE_KO[z]} {span_text(s)[0]}" for z, s in cg.candidates.items())
            step = Step(
                "zone",
                "권고영역의 결정",
                "Zone",
                rule,
                inputs,
                {"zone": None, "candidates": {z: s.as_dict() for z, s in cg.candidates.items()}},
                srcs,
                conf,
                JUDGE,
                c.label,
                summary_ko=f"원칙 ①②로 정해지지 않아 법관이 종합 평가(원칙 ③): 후보 {text}",
                summary_en="principles 1 and 2 do not decide; the judge weighs all the special factors (principle 3): candidates "
                + ", ".join(f"{ZONE_EN[z]} {span_text(s)[1]}" for z, s in cg.candidates.items()),
            )
        else:
            cell = m.type["ranges"][zone]
            cg.zone, cg.span = zone, _span(cell)
            conf = weakest(conf, cell.get("confidence"))
            cg.confidence = weakest(cg.confidence, conf)
            srcs += record_sources(self.g, cell.get("cite"), f"{self.g.name('ko')} — {m.label_ko} {ZONE_KO[zone]}")
            ko, en = span_text(cg.span)
            why_ko = {
                "a": "특별양형인자 없음 (주어진 인자 없음)",
                "b": "한쪽 특별양형인자만 있음",
                "c": "가중·감경 인자가 상쇄되어 균형",
                "d": "같은 종류끼리 상쇄 후 한쪽만 남음",
                "e": "행위인자가 같은 수 이상의 행위자/기타인자보다 중함",
            }[branch]
            why_en = {
                "a": "no special factors found (none given)",
                "b": "special factors on one side only",
                "c": "the factors cancel out",
                "d": "one side is left after cancelling like with like",
                "e": "act factors outweigh as many or fewer actor factors",
            }[branch]
            step = Step(
                "zone",
                "권고영역의 결정",
                "Zone",
                rule,
                inputs,
                {"zone": zone, "branch": branch, **cg.span.as_dict()},
                srcs,
                conf,
                OK,
                c.label,
                summary_ko=f"{why_ko} → {ZONE_KO[zone]} {ko}",
                summary_en=f"{why_en} → {ZONE_EN[zone]}: {en}",
            )
        if general:
            step.note(
                "일반양형인자는 권고영역을 바꾸지 않고 그 안에서 선고형을 정할 때 고려된다: " + ", ".join(general),
                "General factors do not move the zone; they place the sentence within it: " + ", ".join(general),
                "general-factors",
            )
        self._victim_wish(step, agg, mit, zone)
        return step

    def _decide(self, agg: list[dict[str, Any]], mit: list[dict[str, Any]]) -> tuple[str, str, str, list[str]]:
        """Zone from the special factors: (zone or JUDGE, branch a–e, confidence, rule ids used)."""
        base = self.rb.confidence("zone-selection")
        if not agg and not mit:
            return "basic", "a", base, ["zone-selection"]
        if agg and not mit:
            return "aggravated", "b", base, ["zone-selection"]
        if mit and not agg:
            return "mitigated", "b", base, ["zone-selection"]
        rid = "zone-balance"
        conf = weakest(base, self.rb.confidence(rid))
        if self.rb.param(rid, "cancel_same_category") is not True:
            raise MissingRuleData(self.g.id, "rule 'zone-balance' params.cancel_same_category is not true; no other weighing is known")
        a_act, a_oth = sum(f["category"] == "act" for f in agg), sum(f["category"] == "actor" for f in agg)
        m_act, m_oth = sum(f["category"] == "act" for f in mit), sum(f["category"] == "actor" for f in mit)
        k = min(a_act, m_act)
        a_act, m_act = a_act - k, m_act - k
        k = min(a_oth, m_oth)
        a_oth, m_oth = a_oth - k, m_oth - k
        if a_act + a_oth == 0 and m_act + m_oth == 0:
            return str(self.rb.param(rid, "balanced_zone")), "c", conf, ["zone-selection", rid]
        if m_act + m_oth == 0:
            return "aggravated", "d", conf, ["zone-selection", rid]
        if a_act + a_oth == 0:
            return "mitigated", "d", conf, ["zone-selection", rid]
        prevails = self.rb.param(rid, "act_prevails_if_count_at_least") is True
        undecided = self.rb.param(rid, "undecided")
        if a_act > 0 and prevails and a_act >= m_oth:
            return "aggravated", "e", conf, ["zone-selection", rid]
        if m_act > 0 and prevails and m_act >= a_oth:
            return "mitigated", "e", conf, ["zone-selection", rid]
        if undecided != "judge":
            raise MissingRuleData(self.g.id, f"rule 'zone-balance' params.undecided = {undecided!r}; only 'judge' is known")
        return JUDGE, "e", conf, ["zone-selection", rid]

    def _victim_wish(self, step: Step, agg: list[dict[str, Any]], mit: list[dict[str, Any]], zone: str) -> None:
        """Principle ① proviso: the victim's wish not to punish (처벌불원) may be weighed like an act factor."""
        if not self.rb.has("zone-selection", "victim_wish_may_count_as_act") or self.rb.param("zone-selection", "victim_wish_may_count_as_act") is not True:
            return
        wish = [f for f in mit if f["category"] == "actor" and "처벌불원" in f["name"]["ko"]]
        if not wish:
            return
        alt = [dict(f, category="act") if f in wish else f for f in mit]
        try:
            other = self._decide(agg, alt)[0]
        except MissingRuleData:
            return
        if other != zone:
            step.note(
                f"처벌불원을 행위인자와 동등하게 평가하면(원칙 ① 단서) 결과는 {ZONE_KO.get(other, '법관의 종합 평가')}이다.",
                "If the court weighs the victim's wish like an act factor (principle 1, proviso), "
                f"the result is the {ZONE_EN.get(other, 'judge’s overall weighing')}.",
                "victim-wish",
            )

    def _adjust(self, cg: CountGuideline) -> Step:
        c = cg.count
        rid = "special-adjustment"
        assert cg.span is not None and cg.zone is not None
        margin = fraction(self.rb.param(rid, "trigger_margin"))
        basis = self.rb.param(rid, "count_basis")
        if basis != "raw":
            raise MissingRuleData(self.g.id, f"rule '{rid}' params.count_basis = {basis!r}; only 'raw' counts are known")
        n_agg = sum(f["level"] == "special" for f in c.aggravating)
        n_mit = sum(f["level"] == "special" for f in c.mitigating)
        before = cg.span
        note = None
        if cg.zone == "aggravated" and n_agg - n_mit >= margin:
            cg.span = before.scale(None, self.rb.frac(rid, "upper_factor"))
        elif cg.zone == "mitigated" and n_mit - n_agg >= margin:
            if before.lo is None and self.rb.param(rid, "open_bounds_unchanged") is True:
                note = ("하한이 정해지지 않은 범위는 달라지지 않는다.", "An open lower bound is not changed.")
            else:
                cg.span = before.scale(self.rb.frac(rid, "lower_factor"), None)
        adjusted = cg.span != before
        conf = self.rb.confidence(rid)
        if adjusted:
            cg.confidence = weakest(cg.confidence, conf)
        ko, en = span_text(cg.span)
        step = Step(
            "special-adjustment",
            "형량범위의 특별조정",
            "Special adjustment",
            self.rb.ref(rid),
            {"zone": cg.zone, "special_aggravating": n_agg, "special_mitigating": n_mit, "trigger_margin": int(margin), "before": before.as_dict()},
            {"adjusted": adjusted, **cg.span.as_dict()},
            self.rb.sources(rid),
            conf if adjusted else "high",
            OK,
            c.label,
            summary_ko=(f"특별조정 → {ko}" if adjusted else f"특별조정 없음 (가중 {n_agg}개, 감경 {n_mit}개) → {ko}"),
            summary_en=(f"special adjustment → {en}" if adjusted else f"no special adjustment ({n_agg} aggravating, {n_mit} mitigating) → {en}"),
        )
        if note:
            step.note(note[0], note[1], "open-bound")
        return step

    def _habitual(self, cg: CountGuideline) -> Step | None:
        c = cg.count
        if not c.habitual:
            return None
        rid = "habitual"
        assert cg.match is not None and cg.span is not None
        if not cg.match.type.get("habitual"):
            return Step(
                "guideline-habitual",
                "상습범 형량범위",
                "Habitual range",
                self.rb.ref(rid),
                {"type": cg.match.type["id"]},
                {"applied": False},
                self.rb.sources(rid),
                "high",
                NOT_APPLICABLE,
                c.label,
                summary_ko="이 유형에는 상습범 형량범위가 없다",
                summary_en="this type has no habitual range",
            )
        factor = self.rb.frac(rid, "factor")
        applies = self.rb.param(rid, "applies_to")
        if applies not in ("both_bounds", "upper", "lower"):
            raise MissingRuleData(self.g.id, f"rule '{rid}' params.applies_to = {applies!r}; expected both_bounds, upper or lower")
        before = cg.span
        cg.span = before.scale(factor if applies != "upper" else None, factor if applies != "lower" else None)
        conf = self.rb.confidence(rid)
        cg.confidence = weakest(cg.confidence, conf)
        ko, en = span_text(cg.span)
        return Step(
            "guideline-habitual",
            "상습범 형량범위",
            "Habitual range",
            self.rb.ref(rid),
            {"before": before.as_dict(), "factor": str(factor), "applies_to": applies},
            {"applied": True, **cg.span.as_dict()},
            self.rb.sources(rid),
            conf,
            OK,
            c.label,
            summary_ko=f"×{factor} → {ko}",
            summary_en=f"×{factor} → {en}",
        )
