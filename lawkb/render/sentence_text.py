"""The sentence worksheet as a terminal document: findings, then each branch step by step with its rule and sources."""

from __future__ import annotations

from typing import Any

from .doc import Doc, Fields, Lines, Span
from .sentence_common import badge, demand_text, pick, probation_text, recommended_text, rule_text, source_lines, step_heading


def _bi(lines: Lines, ko: str, en: str, lang: str, indent: str = "   ") -> None:
    for text, style in pick(ko, en, lang):
        lines.add(Span(indent), Span(text, style))


def worksheet_doc(data: dict[str, Any], lang: str = "both") -> Doc:
    f = data["findings"]
    doc = Doc(title=[Span("양형 계산표 · Sentencing worksheet", "strong")], subtitle=[Span(", ".join(f"{o['index']}. {o['given']}" for o in data["offences"]))])
    doc.header.add("범행일 Offence date", f["offence_date"] or "—")
    doc.header.add("공소제기일 Indictment date", f["indictment_date"] or Span("— (not given)", "warn"))
    g = data.get("guideline")
    doc.header.add("양형기준 Guideline", f"{g['id']} (effective {g['effective']}, selected by {g['selects_by']} date)" if g else Span("none applied", "muted"))
    doc.header.add("분기 Branches", str(len(data["branches"])))
    if data["unconfirmed"]:
        doc.header.add("주의 Note", Span("some results rest on unconfirmed or low-confidence rules (marked)", "warn"))

    offences = Lines()
    for o in data["offences"]:
        v = o["version"]
        offences.add(
            Span(f"{o['index']}. {o['given']}", "strong"),
            Span(f"  {o['article']}({o['paragraph']}) · 법률 제{v['act_number']}호, {v['in_force']} 시행 · {o['penalty_ko']}"),
        )
    doc.section("범죄 · Offences", offences)
    for key, title in (("assumed", "가정한 사실 · Findings assumed (not given)"), ("missing", "빠진 사실 · Missing findings")):
        lines = Lines(bullet="-")
        for a in data[key]:
            for text, style in pick(a["ko"], a["en"], lang):
                lines.add(Span(text, style))
        doc.section(title, lines)
    flags = Lines(bullet="!")
    for fl in data["flags"]:
        for text, _ in pick(fl["ko"], fl["en"], lang):
            flags.add(Span(f"{fl['offence']}: {text}", "warn"))
    doc.section("주의 · Flags", flags)
    gaps = Lines(bullet="!")
    for gap in data["data_gaps"]:
        gaps.add(Span(gap, "warn"))
    doc.section("자료 부족 · Data the method needs but the guideline record lacks", gaps)

    n = len(data["branches"])
    for k, b in enumerate(data["branches"], start=1):
        head = f"분기 {k}/{n} · Branch {k} of {n}: {b['label']['ko']}" if n > 1 else "계산 · Computation"
        lines = Lines()
        for i, s in enumerate(b["trace"], start=1):
            lines.add(Span(step_heading(i, s), "strong"), Span("  " + badge(s), "warn" if s["unconfirmed"] or s["status"] != "ok" else "muted"))
            _bi(lines, s["summary"]["ko"], s["summary"]["en"], lang)
            rko, ren = rule_text(s)
            for text, _ in pick(rko, ren, lang)[:1]:
                lines.add(Span("   rule: ", "muted"), Span(text))
            for cite, urls in source_lines(s["sources"]):
                lines.add(Span("   source: ", "muted"), Span(cite))
                for url in urls:
                    lines.add(Span("     "), Span(url, "link"))
            for note in s["notes"]:
                for text, style in pick(note.get("ko", ""), note.get("en", ""), lang)[:1]:
                    lines.add(Span("   note: ", "muted"), Span(text, style))
        result = Fields()
        d = b["disposable"]
        mark = " [미확인 unconfirmed]" if d["unconfirmed"] else ""
        result.add("처단형 Disposable", *[Span(t + mark, s) for t, s in pick(d["text"]["ko"], d["text"]["en"], lang)])
        rko, ren = recommended_text(b)
        result.add("권고형 Recommended", *[Span(t, s) for t, s in pick(rko, ren, lang)])
        pko, pen = probation_text(b)
        result.add("집행유예 Probation", *[Span(t, s) for t, s in pick(pko, pen, lang)])
        for dko, den in demand_text(b):
            result.add("구형 Demand", *[Span(t, s) for t, s in pick(dko, den, lang)])
        doc.section(head, lines, result)
    return doc
