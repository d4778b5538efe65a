"""Quiz questions for a handout, made from the knowledge base and the same for the same KB and as-of date."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .model import Article, KnowledgeBase

if TYPE_CHECKING:
    from .handout_context import Bi, OffenceSection, QuizQuestion

LETTERS = "ABCD"


@dataclass
class _Candidate:
    key: str
    kind: str
    question: Bi
    correct: Bi
    distractors: list[Bi]
    explanation: Bi
    refs: tuple[int, ...]
    fixed_order: bool = False


def _hash(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


def _distinct(correct: Bi, pool: list[Bi], salt: str, first: list[Bi] | None = None, limit: int = 3) -> list[Bi]:
    """Up to `limit` options unlike the correct one: `first` in order, then the pool in a seeded order."""
    out: list[Bi] = []
    seen = {correct.ko, correct.en}
    for b in (first or []) + sorted(pool, key=lambda b: _hash(salt, b.ko or "", b.en or "")):
        if b.ko in seen or b.en in seen:
            continue
        seen.update((b.ko, b.en))
        out.append(b)
        if len(out) == limit:
            break
    return out


def _penalty_pool(kb: KnowledgeBase) -> list[Bi]:
    from .handout_law import penalty_text

    pool: list[Bi] = []
    for art in kb.of_kind("article"):
        if isinstance(art, Article):
            pool.extend(penalty_text(p.penalty) for v in art.versions for p in v.paragraphs
                        if p.role == "offence" and p.penalty and (p.penalty.has_term or p.penalty.life))
    return pool


def _candidates(kb: KnowledgeBase, sections: list[OffenceSection] | tuple[OffenceSection, ...], as_of: str) -> list[_Candidate]:
    from .handout_context import Bi
    from .handout_law import penalty_text, zone_text

    yes_no = [Bi("맞다", "True"), Bi("틀리다", "False")]
    penalties = _penalty_pool(kb)
    basic_pool = [zone_text(t["ranges"][z]) for g in kb.of_kind("guideline") for grp in g.data["groups"] for t in grp["types"]
                  for z in ("basic", "mitigated", "aggravated")]
    demand_pool = [Bi(r["demand"]["text"].get("ko"), r["demand"]["text"].get("en")) for d in kb.of_kind("directive")
                   for r in d.data["rules"] if r.get("demand")]
    out: list[_Candidate] = []
    for s in sections:
        for row in s.penalties:
            base = f"{s.id}|{row.article_id}|{row.paragraph}"
            art = kb.article(row.article_id)
            same = [penalty_text(p.penalty) for v in (art.versions if art else ()) if (p := v.paragraph(row.paragraph)) and p.penalty]
            out.append(_Candidate(
                f"{base}|penalty", "penalty",
                Bi(f"{as_of} 기준으로 {row.provision.ko}({s.name.ko})의 법정형은?",
                   f"As of {as_of}, what penalty does {row.provision.en} ({s.name.en}) carry?"),
                row.penalty, _distinct(row.penalty, penalties, base, first=same),
                Bi(f"{row.provision.ko}: {row.penalty.ko} — {row.version.ko}", f"{row.provision.en}: {row.penalty.en} — {row.version.en}"),
                row.refs))
            if art is not None:
                dates = [Bi(d, d) for v in art.versions for d in (v.in_force, v.promulgated)]
                out.append(_Candidate(
                    f"{base}|in-force", "in_force",
                    Bi(f"{as_of}에 적용되는 {row.provision.ko}의 시행일은?",
                       f"The version of {row.provision.en} that applies on {as_of} has been in force since when?"),
                    Bi(row.in_force, row.in_force), _distinct(Bi(row.in_force, row.in_force), dates, base), row.version, row.refs))
            if row.max_months is not None or row.fine_max_won is not None:
                fine_only = row.fine_combination == "alternative"
                out.append(_Candidate(
                    f"{base}|fine", "true_false",
                    Bi(f"{as_of} 기준으로 {s.name.ko}에 대해 법원은 징역 대신 벌금형만 선고할 수 있다.",
                       f"As of {as_of}, a court may impose a fine alone, instead of imprisonment, for {s.name.en}."),
                    yes_no[0] if fine_only else yes_no[1], [yes_no[1] if fine_only else yes_no[0]],
                    Bi(f"{row.provision.ko}: {row.penalty.ko}", f"{row.provision.en}: {row.penalty.en}"), row.refs, fixed_order=True))
            out.append(_Candidate(
                f"{base}|attempt", "true_false",
                Bi(f"{as_of} 기준으로 {s.name.ko}의 미수범도 처벌된다.", f"As of {as_of}, an attempt at {s.name.en} is punishable."),
                yes_no[0] if row.attempt_punishable else yes_no[1], [yes_no[1] if row.attempt_punishable else yes_no[0]],
                Bi(f"{row.provision.ko}: {row.attempt.ko}", f"{row.provision.en}: {row.attempt.en}"), row.refs, fixed_order=True))
        for g in s.guideline:
            basic = next(z for z in g.zones if z.zone == "basic")
            if basic.flagged:
                continue
            others = [z.text for z in g.zones if z.zone != "basic" and not z.flagged]
            zones_ko = " / ".join(f"{z.label.ko} {z.text.ko}" for z in g.zones)
            zones_en = "; ".join(f"{z.label.en}: {z.text.en}" for z in g.zones)
            out.append(_Candidate(
                f"{s.id}|{g.guideline_id}|{g.type_id}|basic", "guideline",
                Bi(f"양형기준 유형 '{g.type_label.ko}'의 기본영역은?", f"What is the basic range of the guideline type '{g.type_label.en}'?"),
                basic.text, _distinct(basic.text, basic_pool, g.type_id, first=others), Bi(zones_ko, zones_en), basic.refs))
        for d in s.demands:
            if d.demand is None or d.flagged:
                continue
            out.append(_Candidate(
                f"{s.id}|{d.directive_id}|{d.rule_id}|demand", "demand",
                Bi(f"검찰 사건처리기준({d.issued})에서 '{d.role.ko}'에 대한 구형 기준은?",
                   f"Under the prosecution directive of {d.issued}, what sentence are prosecutors told to demand for '{d.role.en}'?"),
                d.demand, _distinct(d.demand, demand_pool, d.rule_id), Bi(f"{d.directive.ko}: {d.demand.ko}", f"{d.directive.en}: {d.demand.en}"),
                d.refs))
    return [c for c in out if c.distractors]


def make_quiz(kb: KnowledgeBase, sections: list[OffenceSection] | tuple[OffenceSection, ...], as_of: str, count: int,
              audience: str) -> tuple[QuizQuestion, ...]:
    """Pick `count` questions in a seeded order (seed: the as-of date), keep them in handout order, shuffle their options."""
    from .handout_context import QuizOption, QuizQuestion

    if count <= 0:
        return ()
    cands = _candidates(kb, sections, as_of)
    picked = set(sorted(range(len(cands)), key=lambda i: _hash(as_of, cands[i].key))[:count])
    out: list[QuizQuestion] = []
    for c in (c for i, c in enumerate(cands) if i in picked):
        options = [c.correct, *c.distractors]
        if not c.fixed_order:
            options.sort(key=lambda b: _hash(as_of, c.key, b.ko or "", b.en or ""))
        letters = [QuizOption(LETTERS[i], b) for i, b in enumerate(options[: len(LETTERS)])]
        answer = next(o.letter for o in letters if o.text == c.correct)
        trainer = audience == "trainer"
        out.append(QuizQuestion(len(out) + 1, c.kind, c.question, tuple(letters), answer if trainer else None,
                                c.explanation if trainer else None, c.refs))
    return tuple(out)
