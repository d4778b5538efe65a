"""The law part of a handout: penalties by version, guideline ranges and factors, prosecution demands."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Mapping
from typing import Any

from . import wording
from .errors import NotFoundError
from .handout_context import (
    CATEGORIES,
    FLAGGED,
    SELECTS_BY,
    VICTIMS,
    ZONES,
    Bi,
    DemandEntry,
    Factor,
    GuidelineEntry,
    OffenceSection,
    PenaltyRow,
    ProvisionSection,
    SourceRegistry,
    Zone,
)
from .model import Article, ArticleVersion, KnowledgeBase, Penalty, Record
from .query import ProvisionAnswer, Ref, nfc_dots

# ---- penalties ----------------------------------------------------------------------------------------------


def _day_before(date: str) -> str:
    return (_dt.date.fromisoformat(date) - _dt.timedelta(days=1)).isoformat()


def _replaced_on(article: Article, number: int, version: ArticleVersion, start: str) -> str | None:
    """The first date after `start` on which another text (or none) applies to the paragraph."""
    dates = sorted({d for v in article.versions for d in (v.in_force, *(p.in_force for p in v.paragraphs if p.in_force)) if d and d > start})
    if article.data.get("repealed") and article.data["repealed"] > start:
        dates = sorted({*dates, article.data["repealed"]})
    for d in dates:
        found = article.paragraph_as_of(number, d)
        if found is None or found[0] is not version:
            return d
    return None


def provision_label(kb: KnowledgeBase, article: Article, number: int) -> Bi:
    ref = Ref(article.act, article.number, number or None)
    return Bi(ref.label(kb, "ko"), ref.label(kb, "en"))


def penalty_text(p: Penalty) -> Bi:
    return Bi(p.text_ko, wording.penalty_en(p))


def _period(start: str, replaced: str | None, now: str) -> Bi:
    if replaced is None:
        return Bi(f"{start} ~ (현행)", f"from {start} (current)")
    until = _day_before(replaced)
    if replaced > now:
        return Bi(f"{start} ~ {until} ({replaced} 개정 시행 예정)", f"{start} to {until} (amended from {replaced}, not yet in force)")
    return Bi(f"{start} ~ {until}", f"{start} to {until}")


def _penalty_row(kb: KnowledgeBase, ans: ProvisionAnswer, reg: SourceRegistry, now: str, audience: str) -> PenaltyRow:
    art, v, para = ans.article, ans.version, ans.paragraph
    pen = para.penalty
    start = v.paragraph_in_force(para)
    replaced = _replaced_on(art, para.number, v, start)
    if pen is None:
        attempt = Bi("—", "—")
        habitual = None
    else:
        attempt = (Bi(f"미수범 처벌 ({pen.attempt_basis})", f"attempts punishable ({pen.attempt_basis})") if pen.attempt_punishable
                   else Bi("미수범 처벌 규정 없음", "attempts not punishable"))
        habitual = (Bi(f"상습범은 형의 2분의 1까지 가중 ({pen.habitual_basis})", f"habitual offenders: up to one half more ({pen.habitual_basis})")
                    if pen.habitual_basis else None)
    refs = reg.cite(art, v.cite) or reg.cite(art, [s.key for s in art.sources])
    return PenaltyRow(
        article_id=art.id,
        paragraph=para.number,
        provision=provision_label(kb, art, para.number),
        title=Bi(v.title.get("ko"), v.title.get("en")),
        penalty=penalty_text(pen) if pen else Bi("—", "—"),
        statute_text=para.text_ko if audience == "trainer" else None,
        summary_en=para.summary_en,
        act_number=v.act_number,
        promulgated=v.promulgated,
        in_force=start,
        until=_day_before(replaced) if replaced else None,
        replaced_pending=bool(replaced and replaced > now),
        period=_period(start, replaced, now),
        version=Bi(f"법률 제{v.act_number}호 ({v.promulgated} 공포, {start} 시행)",
                   f"Act No. {v.act_number} (promulgated {v.promulgated}, in force {start})"),
        attempt=attempt,
        attempt_punishable=bool(pen and pen.attempt_punishable),
        habitual=habitual,
        notes=tuple(Bi(n.get("ko"), n.get("en")) for n in ans.notes),
        refs=refs,
        life=bool(pen and pen.life),
        min_months=pen.term_min_months if pen else None,
        max_months=pen.term_max_months if pen else None,
        fine_max_won=pen.fine_max_won if pen else None,
        fine_combination=pen.fine_combination if pen else None,
    )


# ---- guideline ranges and directives ------------------------------------------------------------------------


def flagged(confidence: str | None, pointer: str, unconfirmed_fields: Iterable[str]) -> bool:
    if confidence in FLAGGED:
        return True
    return any(f.startswith("/") and (f == pointer or f.startswith(pointer + "/") or pointer.startswith(f + "/")) for f in unconfirmed_fields)


def uc_fields(rec: Record) -> list[str]:
    return [u["field"] for u in rec.data.get("unconfirmed") or ()]


def zone_text(r: Mapping[str, Any]) -> Bi:
    lo, hi = r.get("min_months"), r["max_months"]
    if lo is None:
        return Bi(f"징역 {wording.months_ko(hi)} 이하", f"up to {wording.months_en(hi)}")
    return Bi(wording.range_ko(lo, hi), wording.range_en(lo, hi))


def _guideline_entries(g: Record, off: Record, reg: SourceRegistry, audience: str) -> list[GuidelineEntry]:
    d = g.data
    fields = uc_fields(g)
    out = []
    for gi, grp in enumerate(d["groups"]):
        for ti, t in enumerate(grp["types"]):
            if off.id not in t["offences"]:
                continue
            tptr = f"/groups/{gi}/types/{ti}"
            refs = reg.cite(g, t["cite"])
            zones = []
            for zone in ("mitigated", "basic", "aggravated"):
                r = t["ranges"][zone]
                zones.append(Zone(zone, ZONES[zone], zone_text(r), r.get("min_months"), r["max_months"], r["confidence"],
                                  flagged(r["confidence"], f"{tptr}/ranges/{zone}", fields), reg.cite(g, r["cite"])))
            factors: dict[tuple[str, str], list[Factor]] = {}
            for fi, f in enumerate(grp["factors"]):
                if f.get("types") and t["id"] not in f["types"]:
                    continue
                if f["level"] == "general" and audience != "trainer":
                    continue
                factors.setdefault((f["level"], f["direction"]), []).append(
                    Factor(Bi.of(f["name"]) or Bi(), f["level"], f["direction"], f["category"],
                           flagged(f["confidence"], f"/groups/{gi}/factors/{fi}", fields), reg.cite(g, f["cite"])))
            rule = d["date_rule"]
            out.append(GuidelineEntry(
                guideline_id=g.id, guideline=Bi.of(d["name"]) or Bi(), body=Bi.of(d["body"]) or Bi(), adopted=d["adopted"],
                effective=d["effective"], selects_by=SELECTS_BY[rule["selects_by"]], selection=Bi.of(rule["text"]) or Bi(),
                type_id=t["id"],
                type_label=Bi(nfc_dots(f"{grp['number']}-{t['number']}. {grp['name']['ko']} — {t['name']['ko']}"),
                              f"{grp['number']}-{t['number']}. {grp['name']['en']} — {t['name']['en']}"),
                zones=tuple(zones), habitual=bool(t["habitual"]), note=Bi.of(t.get("note")) if audience == "trainer" else None,
                special_aggravating=tuple(factors.get(("special", "aggravating"), ())),
                special_mitigating=tuple(factors.get(("special", "mitigating"), ())),
                general_aggravating=tuple(factors.get(("general", "aggravating"), ())),
                general_mitigating=tuple(factors.get(("general", "mitigating"), ())),
                refs=refs + tuple(n for n in reg.cite(g, rule["cite"]) if n not in refs),
            ))
    return out


def _applies(start: str, end: str | None, date: str) -> bool:
    return start <= date and (end is None or date < end)


def _guideline_part(kb: KnowledgeBase, off: Record, as_of: str, reg: SourceRegistry, audience: str) -> tuple[list[GuidelineEntry], list[Bi]]:
    entries: list[GuidelineEntry] = []
    later: list[Record] = []
    covering = [g for g in kb.of_kind("guideline") if any(off.id in t["offences"] for grp in g.data["groups"] for t in grp["types"])]
    for g in covering:
        if _applies(g.data["effective"], g.data.get("superseded"), as_of):
            entries.extend(_guideline_entries(g, off, reg, audience))
        else:
            later.append(g)
    notes: list[Bi] = []
    if not covering:
        notes.append(Bi("지식베이스의 양형기준에는 이 범죄의 유형이 없다. 법원은 법정형 안에서 형을 정한다.",
                        "No sentencing guideline in the knowledge base has a type for this offence; courts sentence within the statutory range."))
    elif not entries:
        g = later[0]
        sel = SELECTS_BY[g.data["date_rule"]["selects_by"]]
        notes.append(Bi(nfc_dots(f"기준일에는 아직 시행 전이다: {g.data['name']['ko']} ({g.data['effective']} 시행, {sel.ko})."),
                        f"The {g.data['name']['en']} takes effect on {g.data['effective']} ({sel.en}); it did not apply on the as-of date."))
    return entries, notes


def _demand_part(kb: KnowledgeBase, off: Record, as_of: str, reg: SourceRegistry, audience: str) -> tuple[list[DemandEntry], list[Bi]]:
    out: list[DemandEntry] = []
    later: list[str] = []
    for d in sorted(kb.of_kind("directive"), key=lambda r: (r.data["issued"], r.id)):
        dd = d.data
        rules = [(i, r) for i, r in enumerate(dd["rules"]) if off.id in r["offences"]]
        if not rules:
            continue
        if not _applies(dd["issued"], dd.get("superseded"), as_of):
            if dd["issued"] > as_of:
                later.append(dd["issued"])
            continue
        fields = uc_fields(d)
        for i, r in rules:
            demand = r.get("demand")
            out.append(DemandEntry(
                directive_id=d.id, directive=Bi.of(dd["title"]) or Bi(), issuer=Bi.of(dd["issuer"]) or Bi(), issued=dd["issued"],
                rule_id=r["id"], role=Bi.of(r["role"]) or Bi(), demand=Bi.of(demand["text"]) if demand else None,
                detention=Bi.of(r.get("detention")) if audience == "trainer" else None,
                conditions=Bi.of(r.get("conditions")) if audience == "trainer" else None,
                confidence=r["confidence"], flagged=flagged(r["confidence"], f"/rules/{i}", fields), refs=reg.cite(d, r["cite"]),
            ))
    notes: list[Bi] = []
    if not out:
        if later:
            notes.append(Bi(f"기준일에 적용되는 검찰 사건처리기준이 없다 (가장 이른 기준: {min(later)}).",
                            f"No prosecution directive applied on the as-of date (the earliest is dated {min(later)})."))
        else:
            notes.append(Bi("지식베이스에 이 범죄에 대한 검찰 구형 기준이 없다.",
                            "The knowledge base has no prosecution directive for this offence."))
    return out, notes


def offence_section(kb: KnowledgeBase, off: Record, answers: list[ProvisionAnswer], as_of: str, now: str, reg: SourceRegistry,
                     audience: str) -> OffenceSection:
    d = off.data
    refs = reg.cite(off, d["cite"])
    rows = tuple(_penalty_row(kb, a, reg, now, audience) for a in answers)
    guideline, gnotes = _guideline_part(kb, off, as_of, reg, audience)
    demands, dnotes = _demand_part(kb, off, as_of, reg, audience)
    return OffenceSection(
        id=off.id, name=Bi.of(d["name"]) or Bi(), category=d["category"], category_label=CATEGORIES.get(d["category"], Bi(d["category"], d["category"])),
        victim=VICTIMS.get(d["victim"], Bi(d["victim"], d["victim"])), summary=Bi.of(d["summary"]) or Bi(),
        elements=tuple(Bi.of(e) or Bi() for e in d["elements"]), penalties=rows,
        guideline=tuple(guideline), guideline_notes=tuple(gnotes), demands=tuple(demands), demand_notes=tuple(dnotes),
        teaching_notes=tuple(Bi.of(n) or Bi() for n in d.get("teaching_notes") or ()) if audience == "trainer" else (),
        refs=refs,
    )


def article_section(kb: KnowledgeBase, art: Article, number: int | None, as_of: str, now: str, reg: SourceRegistry,
                     audience: str) -> ProvisionSection:
    from .query import provision_as_of

    version = art.version_as_of(as_of)
    numbers = [number] if number is not None else [p.number for p in (version.paragraphs if version else ()) if p.role == "offence"]
    if number is None and not numbers:
        raise NotFoundError("not-in-force", f"{art.id} has no offence paragraph in force on {as_of}",
                            f"{art.label('ko')} defines no offence on that date")
    rows = tuple(_penalty_row(kb, provision_as_of(art, n, as_of, now=now), reg, now, audience) for n in numbers)
    return ProvisionSection(provision_label(kb, art, number or 0) if number is not None else Bi(
        Ref(art.act, art.number).label(kb, "ko"), Ref(art.act, art.number).label(kb, "en")), rows)
