"""Statutory layer for the case as a whole: concurrent crimes (Art. 38) and discretionary mitigation (Art. 53)."""

from __future__ import annotations

from fractions import Fraction

from .criminal_act import READINGS
from .request import Count
from .statutory import StatutoryLayer, _rule, describe
from .terms import Punishment, Span, weakest
from .trace import OK, SourceRef, Step


class CaseStatutory(StatutoryLayer):
    """Adds the steps that take all the offences together."""

    def concurrent(self, counts: list[Count], ps: list[Punishment]) -> tuple[Punishment, Step]:
        def severity(p: Punishment) -> tuple[int, Fraction, Fraction]:
            if p.life:
                return (2, Fraction(0), Fraction(0))
            if p.term is not None:
                return (1, p.term.hi, p.term.lo or Fraction(0))
            return (0, p.fine_max_won or Fraction(0), Fraction(0))

        heaviest = max(range(len(ps)), key=lambda i: severity(ps[i]))
        h = ps[heaviest]
        notes: list[dict[str, str]] = []
        conf = "high"
        art = "criminal-act.38"
        if h.life:
            out = Punishment(life=True)
            rule_ko, rule_en, item = "형법 제38조제1항제1호: 가장 무거운 죄의 형(무기)으로 처벌", "Art. 38(1)1: the heaviest crime's penalty (life) alone", 1
        else:
            raise_ = self.ca.value("concurrent_raise")
            cap = self.ca.value("aggravated_max_months")
            terms = [(i, p.term) for i, p in enumerate(ps) if p.term is not None]
            fines = [(i, p.fine_max_won) for i, p in enumerate(ps) if p.fine_max_won is not None]
            term = None
            if terms:
                hi_i, ht = max(terms, key=lambda t: (t[1].hi, t[1].lo or 0))
                if len(terms) > 1:
                    hi = min(ht.hi * (1 + raise_), sum((t.hi for _, t in terms), Fraction(0)), cap)
                    term = Span(ht.lo, hi)
                    others = [t.lo for i, t in terms if i != hi_i and t.lo is not None and ht.lo is not None and t.lo > ht.lo]
                    if others:
                        r = READINGS["concurrent-lower-bound"]
                        conf = weakest(conf, r.confidence)
                        notes.append({"code": "concurrent-lower-bound", "ko": r.ko, "en": r.en})
                else:
                    term = ht
            fine = None
            if fines:
                fmax = max(f for _, f in fines)
                fine = min(fmax * (1 + raise_), sum((f for _, f in fines), Fraction(0))) if len(fines) > 1 else fmax
            out = Punishment(False, term, fine)
            if terms and fines:
                rule_ko, rule_en, item = "형법 제38조제1항제3호: 다른 종류의 형은 병과", "Art. 38(1)3: penalties of different types are imposed together", 3
            else:
                rule_ko = f"형법 제38조제1항제2호: 가장 무거운 죄의 장기(다액)에 {raise_}까지 가중, 각 죄의 장기(다액)의 합 이하"
                rule_en = f"Art. 38(1)2: the heaviest maximum raised by up to {raise_}, not above the sum of the maxima"
                item = 2
        srcs = [self._art_src(art, 1, item), self._art_src("criminal-act.50", 0), self._art_src("criminal-act.56", 0)]
        if not h.life:
            srcs += self._ca_src("concurrent_raise", "aggravated_max_months")
        ko, en = describe(out, alternatives=False)
        step = Step(
            "concurrent-crimes",
            "경합범 가중",
            "Concurrent crimes",
            _rule(f"criminal-act.38(1){item}", rule_ko, rule_en),
            {"counts": [{"offence": c.label, **p.as_dict()} for c, p in zip(counts, ps, strict=True)], "heaviest": counts[heaviest].label},
            out.as_dict(),
            srcs,
            conf,
            OK,
            None,
            summary_ko=f"가장 무거운 죄: {counts[heaviest].label} → {ko}",
            summary_en=f"heaviest crime: {counts[heaviest].label} → {en}",
        )
        step.notes.extend(notes)
        if h.life and len(ps) > 1:
            step.note("다른 죄의 형은 흡수된다.", "The other crimes' penalties are absorbed.", "absorbed")
        return out, step

    def discretionary(self, p: Punishment) -> tuple[Punishment, Step]:
        out, notes, conf = self.mitigate(p, discretionary=True)
        srcs = [self._art_src("criminal-act.53", 0), self._art_src("criminal-act.56", 0)]
        srcs += self._ca_src(*self._scale_keys(p, 1))
        srcs.append(SourceRef(READINGS["discretionary-scale"].source))
        ko, en = describe(out, alternatives=False)
        step = Step(
            "discretionary-mitigation",
            "정상참작감경",
            "Discretionary mitigation",
            _rule("criminal-act.53", "형법 제53조 (정상참작감경), 제55조제1항의 예에 따라", "Criminal Act Art. 53, on the scale of Art. 55(1)"),
            {"before": p.as_dict()},
            out.as_dict(),
            srcs,
            conf,
            OK,
            None,
            summary_ko=f"→ {ko}",
            summary_en=f"→ {en}",
        )
        step.notes.extend(notes)
        return out, step
