"""The prosecution's demand (구형) for a role under the directives in force on the indictment date."""

from __future__ import annotations

from typing import Any

from ..errors import UsageError
from ..model import KnowledgeBase, Record
from ..wording import months_exact_en, months_exact_ko, won_ko
from .request import Count, SentenceRequest, find_count, split_target
from .terms import Punishment, fraction, weakest
from .trace import NOT_APPLICABLE, NOT_DETERMINED, OK, SourceRef, Step, record_sources

DATE_WHY = {
    "ko": "구형은 공소제기 후 공판에서 하므로 공소제기일에 시행 중인 지침을 적용하였다. "
    "지침은 발령일부터 수사·재판 중인 사건에도 적용되며 범행일과는 관계가 없다.",
    "en": "The demand is made at trial, after the indictment, so the directives in force on the indictment date are used. A directive applies "
    "from its issue date to cases then under investigation or on trial; the offence date does not matter.",
}


def _rules_for(kb: KnowledgeBase, count: Count) -> list[tuple[Record, dict[str, Any]]]:
    return [(d, r) for d in kb.of_kind("directive") for r in d.data["rules"] if count.offence_id in r["offences"]]


def assign_roles(kb: KnowledgeBase, counts: list[Count], req: SentenceRequest) -> None:
    """--role ROLE (every offence the role's rule covers) or OFFENCE=ROLE; unknown roles exit 2 with the valid ones."""
    for value in req.roles:
        target, role = split_target(value)
        pool = [find_count(counts, target, "--role")] if target else counts
        hits = [c for c in pool if any(r["id"] == role for _, r in _rules_for(kb, c))]
        if not hits:
            valid = sorted({r["id"] for c in pool for _, r in _rules_for(kb, c)})
            where = pool[0].label if target else ", ".join(c.label for c in counts)
            raise UsageError(
                "role-unknown",
                f"--role '{role}' is not a role the prosecution directives give for {where}",
                ("roles: " + ", ".join(valid)) if valid else "no directive in the knowledge base names these offences",
            )
        for c in hits:
            if role not in c.roles:
                c.roles.append(role)


def _demand_text(demand: dict[str, Any]) -> tuple[str, str]:
    ko, en = [], []
    lo, hi = demand.get("min_months"), demand.get("max_months")
    if lo is not None and hi is not None:
        ko.append(f"징역 {months_exact_ko(fraction(lo))} ~ {months_exact_ko(fraction(hi))}")
        en.append(f"imprisonment of {months_exact_en(fraction(lo))} to {months_exact_en(fraction(hi))}")
    elif lo is not None:
        ko.append(f"징역 {months_exact_ko(fraction(lo))} 이상")
        en.append(f"imprisonment of at least {months_exact_en(fraction(lo))}")
    if demand.get("life"):
        ko.append("무기징역까지")
        en.append("up to life imprisonment")
    if demand.get("fine_won"):
        ko.append(f"벌금 {won_ko(int(demand['fine_won']))}")
        en.append(f"a fine of {int(demand['fine_won']):,} won")
    return (", ".join(ko) or demand["text"].get("ko", "")), (", ".join(en) or demand["text"].get("en", ""))


def demand_steps(kb: KnowledgeBase, counts: list[Count], disposable: Punishment, req: SentenceRequest, today: str) -> list[Step]:
    title = ("검찰 구형 기준", "Prosecution demand")
    rule = {"id": "directive-date", "name": {"ko": "지침은 발령일부터 적용", "en": "A directive applies from its issue date"}}
    date = req.indictment_date
    if date is None:
        return [
            Step(
                "prosecution-demand",
                *title,
                rule,
                {"indictment_date": None},
                {"demand": None},
                [SourceRef("lawkb DESIGN: directives apply from their issue date")],
                "high",
                NOT_DETERMINED,
                summary_ko="공소제기일(--indictment-date)이 없어 적용할 지침을 정할 수 없다",
                summary_en="no --indictment-date, so the directive in force cannot be chosen",
            )
        ]
    directives = kb.of_kind("directive")
    in_force = [d for d in directives if d.data["issued"] <= date and not (d.data.get("superseded") and d.data["superseded"] <= date)]
    later = [d for d in directives if date < d.data["issued"] <= today]
    unknown_content = [d for d in in_force if not d.data["rules"]]
    steps = []
    for c in counts:
        available = [(d, r) for d, r in _rules_for(kb, c) if d in in_force]
        inputs = {
            "indictment_date": date,
            "date_used": "indictment",
            "roles": list(c.roles),
            "directives_in_force": [d.id for d in in_force],
            "available_roles": sorted({f"{r['id']} ({d.id})" for d, r in available}),
        }
        if not c.roles:
            steps.append(
                Step(
                    "prosecution-demand",
                    *title,
                    rule,
                    inputs,
                    {"demand": None},
                    [SourceRef(d.id, d.id) for d in in_force] or [SourceRef("—")],
                    "high",
                    NOT_DETERMINED if available else NOT_APPLICABLE,
                    c.label,
                    summary_ko="역할(--role)이 주어지지 않음"
                    + (f"; 가능한 역할: {', '.join(r['id'] for _, r in available)}" if available else "; 이 범죄에 대한 지침 규정 없음"),
                    summary_en="no --role given"
                    + (f"; roles: {', '.join(r['id'] for _, r in available)}" if available else "; no directive rule covers this offence"),
                )
            )
            continue
        for role in c.roles:
            matched = [(d, r) for d, r in available if r["id"] == role]
            if not matched:
                defined = [d.id for d, r in _rules_for(kb, c) if r["id"] == role]
                steps.append(
                    Step(
                        "prosecution-demand",
                        *title,
                        rule,
                        {**inputs, "role": role},
                        {"demand": None},
                        [SourceRef(i, i) for i in defined],
                        "high",
                        NOT_DETERMINED,
                        c.label,
                        summary_ko=f"역할 '{role}'을 정한 지침({', '.join(defined)})은 {date}에 시행 중이 아니다",
                        summary_en=f"the directive defining role '{role}' ({', '.join(defined)}) is not in force on {date}",
                    )
                )
                continue
            for d, r in matched:
                steps.append(_one(d, r, c, role, inputs, disposable, unknown_content, later, rule, title))
    return steps


def _one(
    d: Record,
    r: dict[str, Any],
    c: Count,
    role: str,
    inputs: dict[str, Any],
    disposable: Punishment,
    unknown: list[Record],
    later: list[Record],
    rule: dict[str, Any],
    title: tuple[str, str],
) -> Step:
    demand = r.get("demand")
    conf = r.get("confidence", "high")
    srcs = record_sources(d, r.get("cite"), f"{d.data['issuer']['ko']} 「{d.data['title']['ko']}」 ({d.data['issued']})")
    if demand:
        ko, en = _demand_text(demand)
        result: dict[str, Any] = {
            "directive": d.id,
            "rule": r["id"],
            "role": dict(r["role"]),
            "demand": {
                "min_months": demand.get("min_months"),
                "max_months": demand.get("max_months"),
                "life": demand.get("life", False),
                "fine_won": demand.get("fine_won"),
                "text": dict(demand["text"]),
            },
        }
    else:
        ko, en = "구형 수준이 정해져 있지 않다", "no demand level is set"
        result = {"directive": d.id, "rule": r["id"], "role": dict(r["role"]), "demand": None}
    step = Step(
        "prosecution-demand",
        *title,
        {"id": f"{d.id}#{r['id']}", "name": {"ko": f"{d.data['title']['ko']} — {r['role']['ko']}", "en": f"{d.data['title']['en']} — {r['role']['en']}"}},
        {**inputs, "role": role},
        result,
        srcs,
        conf,
        OK,
        c.label,
        summary_ko=f"{r['role']['ko']}: {ko}",
        summary_en=f"{r['role']['en']}: {en}",
    )
    step.notes.append({"code": "date-used", **DATE_WHY})
    for key in ("detention", "conditions"):
        if r.get(key):
            step.notes.append({"code": key, **{k: str(v) for k, v in r[key].items()}})
    idx = d.data["rules"].index(r)
    for u in d.data.get("unconfirmed") or ():
        if u["field"] in ("/superseded", f"/rules/{idx}") or u["field"].startswith(f"/rules/{idx}/"):
            step.confidence = weakest(step.confidence, "unconfirmed")
            step.notes.append({"code": "unconfirmed", **{k: str(v) for k, v in u["note"].items()}})
    for other in unknown:
        if other.id != d.id and other.data["issuer"] == d.data["issuer"] and other.data["issued"] > d.data["issued"]:
            step.confidence = weakest(step.confidence, "unconfirmed")
            step.note(
                f"{other.data['issued']}에 발령된 「{other.data['title']['ko']}」({other.id})의 내용이 확인되지 않아 이 구형 수준이 바뀌었을 수 있다.",
                f"{other.id} (issued {other.data['issued']}) is in force but its content was not found; it may have changed this level.",
                "directive-content-unknown",
            )
    for other in later:
        step.note(
            f"공소제기 후 발령된 {other.id}({other.data['issued']})가 구형 시점에 적용될 수 있다.",
            f"{other.id} (issued {other.data['issued']}, after the indictment) may apply if issued before the demand is made.",
            "later-directive",
        )
    if demand and demand.get("min_months") is not None and disposable.term is not None and fraction(demand["min_months"]) > disposable.term.hi:
        step.note("구형 하한이 처단형의 상한을 넘는다.", "The demanded minimum exceeds the disposable maximum.", "demand-above-disposable")
    if demand and demand.get("life") and not disposable.life:
        step.note(
            "무기징역 구형은 이 분기의 처단형(유기징역) 밖이다.",
            "A life demand lies outside this branch's disposable range (a fixed term).",
            "life-outside-branch",
        )
    return step
