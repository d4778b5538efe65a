"""Statutory layer: from each offence's statutory range (법정형) to the disposable range (처단형), in the order of Art. 56."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from ..errors import UsageError
from ..model import KnowledgeBase
from ..wording import months_exact_en, months_exact_ko, penalty_en, span_en, span_ko, won_ko
from .criminal_act import READINGS, CriminalAct
from .request import Count, SentenceRequest, find_count, split_target
from .terms import Punishment, Span, weakest
from .trace import OK, SourceRef, Step, provision_label, record_sources


@dataclass(frozen=True)
class Ground:
    """A ground of statutory mitigation (법률상 감경): the article that gives it and whether the court must apply it."""

    article: str
    ko: str
    en: str
    mandatory: bool


# Grounds of statutory mitigation in the general part of the Criminal Act (no numbers: the amount is Art. 55's).
STATUTORY_GROUNDS: dict[str, Ground] = {
    "diminished-capacity": Ground("형법 제10조제2항", "심신미약", "diminished capacity", False),
    "deaf-mute": Ground("형법 제11조", "청각 및 언어 장애인", "hearing and speech impairment", True),
    "attempt": Ground("형법 제25조제2항", "미수", "attempt", False),
    "voluntary-abandonment": Ground("형법 제26조", "중지미수", "voluntary abandonment of an attempt", True),
    "accessory": Ground("형법 제32조제2항", "종범", "accessory", True),
    "surrender": Ground("형법 제52조제1항", "자수", "voluntary surrender", False),
}
UNNAMED_GROUND = "unnamed"
# Each ground halves the penalty (Art. 55(1)); ten take 600 months (50 years) under one month, and a count in the
# millions would only spend memory.
MAX_GROUNDS = 10


def apply_grounds(counts: list[Count], req: SentenceRequest) -> None:
    """--statutory-mitigation: a named ground or a number of grounds, for one offence (TARGET=) or for all."""
    for value in req.statutory_mitigation:
        target, ground = split_target(value)
        targets = [find_count(counts, target, "--statutory-mitigation")] if target else counts
        if ground.isascii() and ground.isdigit():
            count = int(ground) if len(ground) <= 9 else MAX_GROUNDS + 1
            if not 1 <= count <= MAX_GROUNDS:
                raise UsageError(
                    "ground-count",
                    f"--statutory-mitigation {ground}: give from 1 to {MAX_GROUNDS} grounds",
                    f"each ground halves the penalty (Art. 55); {MAX_GROUNDS} already take a 50-year term under a month",
                )
            names = [UNNAMED_GROUND] * count
        elif ground in STATUTORY_GROUNDS:
            names = [ground]
        else:
            raise UsageError(
                "ground-unknown",
                f"--statutory-mitigation '{ground}' is not a ground of statutory mitigation",
                "grounds: " + ", ".join(STATUTORY_GROUNDS) + "; or a number of grounds, e.g. 2",
            )
        for c in targets:
            for name in names:
                if name in ("attempt", "voluntary-abandonment"):
                    if not c.penalty.attempt_punishable:
                        raise UsageError(
                            "attempt-not-punishable",
                            f"{c.label}: an attempt is not punishable under {c.article.id}({c.paragraph.number})",
                            "attempt mitigation needs a punishable attempt",
                        )
                    c.attempt = True
                c.grounds.append(name)


def describe(p: Punishment, *, alternatives: bool = True) -> tuple[str, str]:
    """'무기징역 또는 징역 5년 ~ 30년' for alternatives; '징역 … + 벌금 …' for penalties imposed together."""
    ko, en = [], []
    if p.life:
        ko.append("무기징역")
        en.append("life imprisonment")
    if p.term is not None:
        ko.append(span_ko(p.term.lo, p.term.hi))
        en.append(span_en(p.term.lo, p.term.hi))
    if p.fine_max_won is not None:
        ko.append(f"벌금 {won_ko(int(p.fine_max_won))} 이하")
        en.append(f"a fine of up to {int(p.fine_max_won):,} won")
    joiner_ko, joiner_en = (" 또는 ", " or ") if alternatives else (" 및 ", " and ")
    return joiner_ko.join(ko) or "—", joiner_en.join(en) or "—"


def _rule(rid: str, ko: str, en: str) -> dict[str, Any]:
    return {"id": rid, "name": {"ko": ko, "en": en}}


class StatutoryLayer:
    """Per-offence steps ①–④ of Art. 56, then concurrent crimes ⑤ and discretionary mitigation ⑥."""

    def __init__(self, kb: KnowledgeBase, ca: CriminalAct) -> None:
        self.kb = kb
        self.ca = ca

    def _ca_src(self, *keys: str) -> list[SourceRef]:
        out: list[SourceRef] = []
        for k in keys:
            s = self.ca.source(k)
            if all(s.cite != o.cite for o in out):
                out.append(s)
        return out

    def _art_src(self, article: str, paragraph: int = 0, item: int | None = None) -> SourceRef:
        return self.ca.text(article, paragraph, item)[1]

    # ---- per offence ------------------------------------------------------------------------------

    def statutory_range(self, c: Count) -> tuple[Punishment, Step]:
        p = c.penalty
        tmin, tmax = self.ca.value("term_min_months"), self.ca.value("term_max_months")
        term = None
        if p.has_term:
            lo = Fraction(str(p.min_months)) if p.min_months is not None else tmin
            hi = Fraction(str(p.max_months)) if p.max_months is not None else tmax
            term = Span(lo, hi)
        fine = Fraction(p.fine_max_won) if p.fine_max_won is not None and p.fine_combination == "alternative" else None
        result = Punishment(life=p.life, term=term, fine_max_won=fine)
        label = provision_label(self.kb, c.article.id, c.paragraph.number)
        ans = c.answer
        srcs = record_sources(c.article, c.version.cite, f"{label} (법률 제{c.version.act_number}호, {c.version.in_force} 시행)")
        srcs.append(self._art_src("criminal-act.1", 2 if c.lighter_law else 1))
        if p.min_months is None or p.max_months is None:
            srcs.extend(self._ca_src("term_min_months"))
        ko, en = describe(result)
        step = Step(
            "statutory-range",
            "법정형",
            "Statutory range",
            _rule(
                "criminal-act.1(2)" if c.lighter_law else "criminal-act.1(1)",
                "형법 제1조제2항 (신법이 가벼운 경우 신법)" if c.lighter_law else "형법 제1조제1항 (행위시법)",
                "Criminal Act Art. 1(2): a lighter later law applies" if c.lighter_law else "Criminal Act Art. 1(1): the law at the time of the act",
            ),
            {
                "offence_date": ans.as_of,
                "provision": f"{c.article.id}({c.paragraph.number})",
                "version_at_offence_date": ans.version.as_dict(),
                "penalty_at_offence_date": ans.penalty.text_ko if ans.penalty else None,
            },
            {"penalty_ko": p.text_ko, "version": c.version.as_dict(), **result.as_dict()},
            srcs,
            "high",
            OK,
            c.label,
            summary_ko=f"{label}: {p.text_ko} → {ko}",
            summary_en=f"{label}: {penalty_en(p)} → {en}",
        )
        if c.lighter_law:
            step.note(
                f"범죄 후 법률이 변경되어 형이 가벼워졌으므로 신법(법률 제{c.version.act_number}호, {c.version.in_force} 시행)에 따른다. "
                f"행위시 법정형: {ans.penalty.text_ko if ans.penalty else '—'}.",
                f"The penalty became lighter after the act, so the new law applies (Act No. {c.version.act_number}, in force {c.version.in_force}); "
                f"at the offence date it was: {ans.penalty.text_ko if ans.penalty else '—'}.",
                "lighter-later-law",
            )
            if len(ans.lighter_later) > 1:
                r = READINGS["intermediate-law"]
                step.confidence = weakest(step.confidence, r.confidence)
                step.note(r.ko, r.en, "intermediate-law")
        if p.fine_max_won is not None and p.fine_combination != "alternative":
            step.note(
                "벌금은 징역과 함께 과할 수 있는 형(병과)으로 규정되어 있어 형종 선택의 대상이 아니다.",
                "The fine is one the court may add to imprisonment, not an alternative to it.",
                "fine-cumulative",
            )
        return result, step

    def habitual(self, c: Count, p: Punishment) -> tuple[Punishment, Step]:
        frac = c.habitual_fraction()
        factor = 1 + frac
        cap = self.ca.value("aggravated_max_months")
        term = p.term.scale(factor, factor).cap(cap) if p.term else None
        fine = p.fine_max_won * factor if p.fine_max_won is not None else None
        out = Punishment(p.life, term, fine)
        basis = c.penalty.habitual_basis or "상습범 조항"
        r = READINGS["habitual-lower-bound"]
        conf = r.confidence
        act = self.kb.get(c.article.act)
        act_name = (act.data.get("abbreviations") or [c.article.act])[0] if act else c.article.act
        srcs = record_sources(c.article, c.version.cite, f"{act_name} {basis}")
        srcs += self._ca_src("aggravated_max_months")
        srcs.append(SourceRef(r.source))
        ko, en = describe(out)
        step = Step(
            "habitual",
            "각칙 조문에 따른 가중 (상습)",
            "Habitual aggravation under the offence's own act",
            _rule(
                "criminal-act.56(1)",
                f"형법 제56조제1호: 각칙 조문에 따른 가중 — {act_name} {basis}",
                f"Art. 56 item 1: aggravation under the special part ({act_name} {basis})",
            ),
            {"before": p.as_dict(), "aggravation": str(frac)},
            out.as_dict(),
            srcs + [self._art_src("criminal-act.56", 0)],
            conf,
            OK,
            c.label,
            summary_ko=f"형의 {frac}까지 가중 → {ko}",
            summary_en=f"penalty raised by up to {frac} → {en}",
        )
        step.note(r.ko, r.en, "habitual-lower-bound")
        if p.fine_max_won is not None:
            rf = READINGS["habitual-fine"]
            step.confidence = weakest(step.confidence, rf.confidence)
            step.note(rf.ko, rf.en, "habitual-fine")
        if p.life:
            step.note("무기징역은 가중하지 않는다.", "Life imprisonment is not aggravated.", "life-unchanged")
        return out, step

    def choose_type(self, c: Count, p: Punishment, kind: str, branched: bool) -> tuple[Punishment, Step]:
        out = Punishment(life=kind == "life", term=p.term if kind == "term" else None, fine_max_won=p.fine_max_won if kind == "fine" else None)
        options = c.options()
        if len(options) == 1:
            how_ko, how_en = "법정형에 정한 형이 한 종류뿐이다", "the statute provides only one type"
        elif branched:
            how_ko, how_en = (
                f"법원이 정할 선택({', '.join(options)}) — 이 분기에서는 {kind}",
                f"a choice left to the court ({', '.join(options)}); this branch takes {kind}",
            )
        else:
            how_ko, how_en = f"선택됨(--penalty-type {kind})", f"chosen with --penalty-type {kind}"
        ko, en = describe(out)
        step = Step(
            "penalty-type",
            "형종의 선택",
            "Choice of penalty type",
            _rule(
                "criminal-act.54",
                "형법 제54조: 한 개의 죄에 정한 형이 여러 종류인 때에는 먼저 적용할 형을 정하고 그 형을 감경한다",
                "Criminal Act Art. 54: where several types are provided, the type is chosen first and then mitigated",
            ),
            {"options": options, "chosen": kind},
            out.as_dict(),
            [SourceRef("형법 제54조 (선택형과 작량감경)")],
            "high",
            OK,
            c.label,
            summary_ko=f"{how_ko} → {ko}",
            summary_en=f"{how_en} → {en}",
        )
        return out, step

    def repeat_offender(self, c: Count, p: Punishment) -> tuple[Punishment, Step]:
        factor = self.ca.value("repeat_max_factor")
        cap = self.ca.value("aggravated_max_months")
        r = READINGS["repeat-lower-unchanged"]
        order = READINGS["type-before-repeat"]
        out = p
        conf = order.confidence if len(c.options()) > 1 else "high"
        if p.term is not None:
            out = Punishment(p.life, Span(p.term.lo, min(p.term.hi * factor, cap)), p.fine_max_won)
            conf = weakest(conf, r.confidence)
        ko, en = describe(out)
        step = Step(
            "repeat-offender",
            "누범 가중",
            "Repeat-offence aggravation",
            _rule(
                "criminal-act.35(2)",
                f"형법 제35조제2항: 장기의 {factor}배까지 가중 (제42조 단서: {months_exact_ko(cap)}까지)",
                f"Criminal Act Art. 35(2): maximum term up to {factor} times (Art. 42 proviso: at most {months_exact_en(cap)})",
            ),
            {"before": p.as_dict(), "factor": str(factor), "cap_months": int(cap)},
            out.as_dict(),
            self._ca_src("repeat_max_factor", "aggravated_max_months")
            + [SourceRef(r.source), self._art_src("criminal-act.56", 0)]
            + ([SourceRef(order.source)] if len(c.options()) > 1 else []),
            conf,
            OK,
            c.label,
            summary_ko=f"→ {ko}",
            summary_en=f"→ {en}",
        )
        if len(c.options()) > 1:
            step.note(order.ko, order.en, "type-before-repeat")
        if p.term is not None:
            step.note(r.ko, r.en, "repeat-lower-unchanged")
        elif p.life:
            step.note("무기징역에는 누범 가중이 없다.", "Life imprisonment is not aggravated for a repeat offence.", "life-unchanged")
        else:
            step.note(
                "누범 가중은 징역의 장기를 가중하는 것이어서 벌금에는 적용되지 않는다.",
                "Repeat-offence aggravation raises the maximum term; it does not apply to a fine.",
                "fine-unchanged",
            )
        return out, step

    @staticmethod
    def _scale_keys(p: Punishment, times: int) -> list[str]:
        """The items of Art. 55(1) a mitigation of `p` uses (life: item 2, then item 3 for further grounds; term: 3; fine: 6)."""
        keys = []
        if p.life:
            keys.append("life_mitigated_min_months")
        if p.term is not None or (p.life and times > 1):
            keys.append("mitigation_term")
        if p.fine_max_won is not None:
            keys.append("mitigation_fine")
        return keys

    def mitigate(self, p: Punishment, *, discretionary: bool) -> tuple[Punishment, list[dict[str, str]], str]:
        """One application of the Art. 55(1) scale: life to 10–50 years, a term and a fine's maximum halved."""
        notes: list[dict[str, str]] = []
        conf = "high"
        term = p.term
        if p.life:
            term = Span(self.ca.value("life_mitigated_min_months"), self.ca.value("life_mitigated_max_months"))
        elif term is not None:
            half = self.ca.value("mitigation_term")
            if term.lo is not None and term.lo <= self.ca.value("term_min_months"):
                r = READINGS["halving-one-month"]
                conf = weakest(conf, r.confidence)
                notes.append({"code": "halving-one-month", "ko": r.ko, "en": r.en})
            term = term.scale(half, half)
        fine = p.fine_max_won * self.ca.value("mitigation_fine") if p.fine_max_won is not None else None
        if discretionary:
            r = READINGS["discretionary-scale"]
            conf = weakest(conf, r.confidence)
            notes.append({"code": "discretionary-scale", "ko": r.ko, "en": r.en})
        return Punishment(False, term, fine), notes, conf

    def statutory_mitigation(self, c: Count, p: Punishment) -> tuple[Punishment, Step]:
        out = p
        conf = "high"
        notes: list[dict[str, str]] = []
        for _ in c.grounds:
            out, n, cf = self.mitigate(out, discretionary=False)
            notes += n
            conf = weakest(conf, cf)
        names_ko = [STATUTORY_GROUNDS[g].ko if g in STATUTORY_GROUNDS else "감경사유" for g in c.grounds]
        names_en = [STATUTORY_GROUNDS[g].en if g in STATUTORY_GROUNDS else "a ground" for g in c.grounds]
        srcs = [SourceRef(STATUTORY_GROUNDS[g].article) for g in dict.fromkeys(c.grounds) if g in STATUTORY_GROUNDS]
        srcs += self._ca_src(*self._scale_keys(p, len(c.grounds)))
        if len(c.grounds) > 1:
            srcs.append(self._art_src("criminal-act.55", 2))
        ko, en = describe(out)
        step = Step(
            "statutory-mitigation",
            "법률상 감경",
            "Statutory mitigation",
            _rule(
                "criminal-act.55",
                f"형법 제55조 (법률상 감경){' 및 제2항 (거듭 감경)' if len(c.grounds) > 1 else ''}",
                "Criminal Act Art. 55 (statutory mitigation)" + (" and (2) (repeated)" if len(c.grounds) > 1 else ""),
            ),
            {"before": p.as_dict(), "grounds": list(c.grounds), "times": len(c.grounds)},
            out.as_dict(),
            srcs + [self._art_src("criminal-act.56", 0)],
            conf,
            OK,
            c.label,
            summary_ko=f"{', '.join(names_ko)}: {len(c.grounds)}회 감경 → {ko}",
            summary_en=f"{', '.join(names_en)}: mitigated {len(c.grounds)} time(s) → {en}",
        )
        step.notes.extend(notes)
        for g in dict.fromkeys(c.grounds):
            if g in STATUTORY_GROUNDS and not STATUTORY_GROUNDS[g].mandatory:
                step.note(
                    f"{STATUTORY_GROUNDS[g].ko}는 임의적 감경사유이다. 법원이 감경하는 경우의 계산이다.",
                    f"{STATUTORY_GROUNDS[g].en.capitalize()} is an optional ground; this assumes the court applies it.",
                    "optional-ground",
                )
            if g == "voluntary-abandonment":
                step.note(
                    "형의 면제도 가능하나 이 계산은 감경만 다룬다.", "Exemption from punishment is also possible; only mitigation is computed.", "exemption"
                )
        return out, step
