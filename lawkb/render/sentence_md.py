"""The sentence worksheet as a Markdown handout: findings, a results table per branch, then every step with its sources."""

from __future__ import annotations

from typing import Any

from .sentence_common import badge, demand_text, pick, probation_text, recommended_text, rule_text, source_lines, step_heading


def _esc(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _bi(ko: str, en: str, lang: str) -> str:
    return " / ".join(t for t, _ in pick(ko, en, lang))


def worksheet_markdown(data: dict[str, Any], lang: str = "both") -> str:
    f = data["findings"]
    out = ["# 양형 계산표 · Sentencing worksheet", ""]
    out.append(f"- 범행일 · Offence date: {f['offence_date'] or '—'}")
    out.append(f"- 공소제기일 · Indictment date: {f['indictment_date'] or '— (not given)'}")
    g = data.get("guideline")
    out.append(
        f"- 양형기준 · Guideline: {g['id'] + ' (effective ' + g['effective'] + ', selected by the ' + g['selects_by'] + ' date)' if g else 'none applied'}"
    )
    if data["unconfirmed"]:
        out.append("- **주의 · Note:** some results rest on unconfirmed or low-confidence rules (marked).")
    out += ["", "## 범죄 · Offences", ""]
    for o in data["offences"]:
        v = o["version"]
        out.append(f"{o['index']}. **{o['given']}** — `{o['article']}({o['paragraph']})`, 법률 제{v['act_number']}호 ({v['in_force']} 시행): {o['penalty_ko']}")
    for key, title in (("assumed", "가정한 사실 · Findings assumed (not given)"), ("missing", "빠진 사실 · Missing findings"), ("flags", "주의 · Flags")):
        if data[key]:
            out += ["", f"## {title}", ""]
            out += [f"- {(a.get('offence') + ': ') if key == 'flags' and a.get('offence') else ''}{_bi(a['ko'], a['en'], lang)}" for a in data[key]]
    if data["data_gaps"]:
        out += ["", "## 자료 부족 · Data gaps", ""] + [f"- {gap}" for gap in data["data_gaps"]]
    n = len(data["branches"])
    for k, b in enumerate(data["branches"], start=1):
        out += ["", f"## 분기 {k}/{n} · Branch {k} of {n}: {b['label']['ko']}" if n > 1 else "## 결과 · Result", ""]
        out += ["| | |", "|---|---|"]
        d = b["disposable"]
        mark = " *(미확인 · unconfirmed)*" if d["unconfirmed"] else ""
        out.append(f"| 처단형 · Disposable range | {_esc(_bi(d['text']['ko'], d['text']['en'], lang))}{mark} |")
        out.append(f"| 권고형 · Recommended range | {_esc(_bi(*recommended_text(b), lang))} |")
        out.append(f"| 집행유예 · Probation | {_esc(_bi(*probation_text(b), lang))} |")
        for dko, den in demand_text(b):
            out.append(f"| 구형 · Prosecution demand | {_esc(_bi(dko, den, lang))} |")
        out += ["", "### 단계 · Steps", ""]
        for i, s in enumerate(b["trace"], start=1):
            out.append(f"**{step_heading(i, s)}** {badge(s)}")
            out.append("")
            for text, _ in pick(s["summary"]["ko"], s["summary"]["en"], lang):
                out.append(f"- {text}")
            rko, ren = rule_text(s)
            out.append(f"- rule: {_bi(rko, ren, lang)}")
            for cite, urls in source_lines(s["sources"]):
                out.append(f"- source: {cite}" + (" — " + ", ".join(f"<{u}>" for u in urls) if urls else ""))
            for note in s["notes"]:
                out.append(f"- note: {_bi(note.get('ko', ''), note.get('en', ''), lang)}")
            out.append("")
    return "\n".join(out).rstrip() + "\n"
