"""Guideline layer for the case as a whole: the multiple-crimes rule, clipping to the disposable range, the life option."""

from __future__ import annotations

from fractions import Fraction

from ..wording import months_exact_en, months_exact_ko
from .criminal_act import READINGS
from .guideline import ORDINALS, CountGuideline, GuidelineLayer, span_text
from .request import Count
from .rulebook import MissingRuleData
from .terms import Punishment, Span, weakest
from .trace import NOT_APPLICABLE, NOT_DETERMINED, OK, Step


class CaseGuideline(GuidelineLayer):
    """Adds the steps that take all the offences together."""

    def multiple(self, cgs: list[CountGuideline], steps: list[Step]) -> tuple[Span | None, str]:
        out: list[tuple[Span | None, str]] = [(None, "unconfirmed")]

        def run() -> Step:
            rid = "multiple-crimes"
            usable = [cg for cg in cgs if cg.span is not None]
            missing = [cg for cg in cgs if cg.span is None]
            if missing and self.rb.param(rid, "requires_guideline_for_all") is True:
                why_ko = "; ".join(f"{cg.count.label}: {(cg.reason or {}).get('ko', '권고형 미정')}" for cg in missing)
                why_en = "; ".join(f"{cg.count.label}: {(cg.reason or {}).get('en', 'no recommended range')}" for cg in missing)
                status = NOT_APPLICABLE if all(cg.status == NOT_APPLICABLE for cg in missing) else NOT_DETERMINED
                return Step(
                    "multiple-crimes",
                    "다수범죄 처리기준",
                    "Multiple crimes",
                    self.rb.ref(rid),
                    {"without_range": [cg.count.label for cg in missing]},
                    {"applies": False},
                    self.rb.sources(rid),
                    self.rb.confidence(rid),
                    status,
                    None,
                    summary_ko=f"모든 범죄에 권고형이 있어야 적용된다 — {why_ko}",
                    summary_en=f"applies only when every crime has a recommended range — {why_en}",
                )
            if self.rb.param(rid, "base") != "highest_upper":
                raise MissingRuleData(self.g.id, f"rule '{rid}' params.base = {self.rb.param(rid, 'base')!r}; only 'highest_upper' is known")
            order = sorted(usable, key=lambda cg: (-(cg.span.hi if cg.span else 0), cg.count.index))
            conf = weakest(self.rb.confidence(rid), *(cg.confidence for cg in usable))
            hi = order[0].span.hi if order[0].span else Fraction(0)
            parts = []
            for k, cg in enumerate(order[1:], start=1):
                if k >= len(ORDINALS):
                    raise MissingRuleData(self.g.id, f"rule '{rid}' covers at most {len(ORDINALS)} crimes")
                key = f"{ORDINALS[k]}_fraction"
                f = self.rb.frac(rid, key)
                conf = weakest(conf, self.rb.confidence(rid, key.removesuffix("_fraction") + "_fraction"))
                assert cg.span is not None
                hi += cg.span.hi * f
                parts.append({"offence": cg.count.label, "upper": months_exact_ko(cg.span.hi), "fraction": str(f)})
            how = self.rb.param(rid, "lower_bound")
            los = [cg.span.lo for cg in order if cg.span is not None and cg.span.lo is not None]
            if how == "max":
                lo = max(los) if los else None
            elif how == "base":
                lo = order[0].span.lo if order[0].span else None
            else:
                raise MissingRuleData(self.g.id, f"rule '{rid}' params.lower_bound = {how!r}; expected max or base")
            conf = weakest(conf, self.rb.confidence(rid, "lower_bound"))
            span = Span(lo, hi)
            out[0] = (span, conf)
            ko, en = span_text(span)
            base = order[0].count.label
            step = Step(
                "multiple-crimes",
                "다수범죄 처리기준",
                "Multiple crimes",
                self.rb.ref(rid),
                {"base": base, "base_upper": months_exact_ko(order[0].span.hi if order[0].span else None), "added": parts, "lower_bound_rule": how},
                span.as_dict(),
                self.rb.sources(rid),
                conf,
                OK,
                None,
                summary_ko=f"기본범죄 {base} 상한 + " + " + ".join(f"{p['offence']} 상한의 {p['fraction']}" for p in parts) + f" → {ko}",
                summary_en=f"base crime {base}'s upper bound + " + " + ".join(f"{p['fraction']} of {p['offence']}'s" for p in parts) + f" → {en}",
            )
            return step

        self._guarded(steps, "multiple-crimes", ("다수범죄 처리기준", "Multiple crimes"), None, run)
        return out[0]

    def clip(self, span: Span, conf: str, disposable: Punishment, steps: list[Step]) -> tuple[Span | None, str, str]:
        out: list[tuple[Span | None, str, str]] = [(None, conf, NOT_DETERMINED)]

        def run() -> Step:
            rid = "clip-to-disposable"
            if self.rb.param(rid, "mode") != "clip":
                raise MissingRuleData(self.g.id, f"rule '{rid}' params.mode = {self.rb.param(rid, 'mode')!r}; only 'clip' is known")
            d = disposable.term
            if d is None:
                why = (
                    (
                        "처단형이 무기징역뿐이어서 유기징역의 권고형을 쓸 수 없다",
                        "the disposable range is life imprisonment only; a fixed-term range cannot be used",
                    )
                    if disposable.life
                    else ("처단형에 징역형이 없다", "the disposable range has no imprisonment")
                )
                out[0] = (None, conf, NOT_APPLICABLE)
                return Step(
                    "clip",
                    "처단형과의 관계",
                    "Clipping to the disposable range",
                    self.rb.ref(rid),
                    {"recommended": span.as_dict()},
                    {"applies": False},
                    self.rb.sources(rid),
                    self.rb.confidence(rid),
                    NOT_APPLICABLE,
                    None,
                    summary_ko=why[0],
                    summary_en=why[1],
                )
            assert d.lo is not None
            lo = d.lo if span.lo is None else max(span.lo, d.lo)
            hi = min(span.hi, d.hi)
            c = conf
            note = None
            if lo > hi:
                r = READINGS["clip-collapse"]
                lo = hi = d.hi if (span.lo or d.lo) > d.hi else d.lo
                c = weakest(c, r.confidence)
                note = r
            clipped = Span(lo, hi)
            if clipped != Span(span.lo, span.hi):
                c = weakest(c, self.rb.confidence(rid))
            out[0] = (clipped, c, OK)
            ko, en = span_text(clipped)
            step = Step(
                "clip",
                "처단형과의 관계",
                "Clipping to the disposable range",
                self.rb.ref(rid),
                {"recommended": span.as_dict(), "disposable": d.as_dict()},
                {"changed": clipped != span, **clipped.as_dict()},
                self.rb.sources(rid),
                c,
                OK,
                None,
                summary_ko=f"최종 권고형 {ko}",
                summary_en=f"final recommended range: {en}",
            )
            if span.lo is None:
                step.note(
                    "권고 범위에 하한이 없으므로 처단형의 하한을 쓴다.",
                    "The recommended range has no lower bound, so the disposable minimum is used.",
                    "open-bound",
                )
            if note:
                step.note(note.ko, note.en, "clip-collapse")
            return step

        self._guarded(steps, "clip", ("처단형과의 관계", "Clipping to the disposable range"), None, run)
        return out[0]

    def life_option(self, span: Span, counts: list[Count], steps: list[Step]) -> None:
        def run() -> Step | None:
            rid = "life-threshold"
            over = self.rb.frac(rid, "over_months")
            life_law = [c.label for c in counts if c.penalty.life]
            above = span.hi > over
            if not above and not life_law:
                return None
            if above and life_law:
                ko, en = (
                    f"상한 {months_exact_ko(span.hi)}이 {months_exact_ko(over)}을 넘으므로 무기징역을 선택할 수 있다 ({', '.join(life_law)})",
                    f"the upper bound {months_exact_en(span.hi)} exceeds {months_exact_en(over)}, so life imprisonment may be chosen ({', '.join(life_law)})",
                )
            elif above:
                ko, en = "상한이 기준을 넘지만 법정형에 무기징역이 없다", "the upper bound exceeds the threshold but the statute provides no life imprisonment"
            else:
                ko, en = (
                    f"상한이 {months_exact_ko(over)} 이하: 무기징역 선택 사유 아님",
                    f"the upper bound does not exceed {months_exact_en(over)}: no life option",
                )
            return Step(
                "life-threshold",
                "무기징역 선택",
                "Life imprisonment option",
                self.rb.ref(rid),
                {"upper": months_exact_ko(span.hi), "threshold_months": int(over)},
                {"life_selectable": bool(above and life_law)},
                self.rb.sources(rid),
                self.rb.confidence(rid),
                OK,
                None,
                summary_ko=ko,
                summary_en=en,
            )

        self._guarded(steps, "life-threshold", ("무기징역 선택", "Life imprisonment option"), None, run)
