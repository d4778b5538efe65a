"""Pieces shared by the sentence worksheet's terminal and Markdown renderings (they read the worksheet's JSON form)."""

from __future__ import annotations

from typing import Any

STATUS = {
    "ok": ("", ""),
    "not-determined": ("판단 불가", "not determined"),
    "not-applicable": ("적용 없음", "not applicable"),
    "judge-decides": ("법관이 정함", "judge decides"),
}
CONF_KO = {"high": "높음", "medium": "보통", "low": "낮음", "unconfirmed": "미확인"}


def pick(ko: str, en: str, lang: str) -> list[tuple[str, str]]:
    """The (text, style) lines to show for one bilingual value."""
    if lang == "ko":
        return [(ko or en, "ko")]
    if lang == "en":
        return [(en or ko, "en")]
    return [(t, s) for t, s in ((ko, "ko"), (en, "en")) if t]


def step_heading(i: int, step: dict[str, Any]) -> str:
    who = f" — {step['offence']}" if step.get("offence") else ""
    return f"{i}. {step['title']['ko']} · {step['title']['en']}{who}"


def badge(step: dict[str, Any]) -> str:
    parts = []
    ko, en = STATUS.get(step["status"], (step["status"], step["status"]))
    if ko:
        parts.append(f"{ko} {en}")
    parts.append(f"{CONF_KO.get(step['confidence'], step['confidence'])} {step['confidence']}")
    if step.get("unconfirmed"):
        parts.append("미확인 결과 unconfirmed")
    return "[" + " · ".join(parts) + "]"


def rule_text(step: dict[str, Any]) -> tuple[str, str]:
    rule = step.get("rule") or {}
    name = rule.get("name") or {}
    where = f" ({rule['guideline']}#{rule['id']})" if rule.get("guideline") and rule.get("id") else ""
    return name.get("ko", "") + where, name.get("en", "") + where


def source_lines(sources: list[dict[str, Any]]) -> list[tuple[str, list[str]]]:
    """Sources grouped by what they support: (citation, [urls]) in first-seen order."""
    out: dict[str, list[str]] = {}
    for src in sources:
        urls = out.setdefault(src["cite"], [])
        if src.get("url") and src["url"] not in urls:
            urls.append(src["url"])
    return list(out.items())


def probation_text(branch: dict[str, Any]) -> tuple[str, str]:
    steps = {s["step"]: s for s in branch["trace"]}
    out_ko, out_en = [], []
    for key in ("probation-statute", "probation-guideline"):
        s = steps.get(key)
        if s:
            out_ko.append(s["summary"]["ko"])
            out_en.append(s["summary"]["en"])
    return " / ".join(out_ko) or "—", " / ".join(out_en) or "—"


def demand_text(branch: dict[str, Any]) -> list[tuple[str, str]]:
    return [
        (
            f"{s['offence']}: {s['summary']['ko']}" + (" [미확인]" if s["unconfirmed"] else ""),
            f"{s['offence']}: {s['summary']['en']}" + (" [unconfirmed]" if s["unconfirmed"] else ""),
        )
        for s in branch["trace"]
        if s["step"] == "prosecution-demand"
    ]


def recommended_text(branch: dict[str, Any]) -> tuple[str, str]:
    rec = branch.get("recommended")
    if rec is None:
        ko, en = STATUS.get(branch["recommended_status"], ("—", "—"))
        return ko or "—", en or "—"
    mark = " [미확인 unconfirmed]" if rec["unconfirmed"] else ""
    return rec["text"]["ko"] + mark, rec["text"]["en"] + mark
