"""What `show` and `list` say about each kind of record: documents for the terminal and plain data for JSON."""

from __future__ import annotations

from typing import Any

from .. import query, wording
from ..errors import NotFoundError
from ..model import KnowledgeBase, Paragraph, Penalty, Record
from .doc import Cell, Doc, Line, Lines, Span, Table, bi, bi_line, pair

_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_STATUS = {
    "selected": ("in force on the date", "ok"),
    "superseded": ("superseded", "muted"),
    "later": ("later version", "muted"),
    "pending": ("pending: promulgated, not yet in force", "warn"),
}
_AUTHORITY = {"statute": "statute text", "court": "court judgment", "official_guideline": "official guideline",
              "official_press_release": "official press release", "official_record": "official record", "news_report": "news report",
              "commentary": "commentary", "unofficial_translation": "unofficial translation"}


def para_mark(number: int) -> str:
    return _CIRCLED[number - 1] if 1 <= number <= len(_CIRCLED) else (f"({number})" if number else "")


def months_range(lo: float | None, hi: float | None, lang: str, *, life: bool = False) -> Line:
    ko = wording.range_ko(lo, hi, life=life) if lo is not None or hi is not None or life else "—"
    en = wording.range_en(lo, hi, life=life) if lo is not None or hi is not None or life else "—"
    return bi_line({"ko": ko, "en": en}, lang)


def penalty_lines(p: Penalty | None, lang: str) -> list[Line]:
    """The statute's own penalty words and our plain-English rendering."""
    if p is None:
        return []
    return pair(p.text_ko, wording.penalty_en(p), lang)


def version_line(v: Any, lang: str) -> Line:
    if lang == "ko":
        return [Span(f"법률 제{v.act_number}호 · {v.promulgated} 공포 · {v.in_force} 시행")]
    return [Span(f"Act No. {v.act_number} · promulgated {v.promulgated} · in force {v.in_force}")]


def add_common_tail(doc: Doc, rec: Record, lang: str, cite: Any = None) -> None:
    """Notes, what is unconfirmed, and the sources (those cited by `cite` first when given)."""
    notes = Lines(bullet="•")
    for n in rec.data.get("notes") or ():
        for ln in bi(n, lang):
            notes.add(ln)
    if notes.lines:
        doc.section("Notes", notes)
    unc = Lines(bullet="•")
    for u in rec.data.get("unconfirmed") or ():
        unc.add(Span(u["field"], "strong"), Span(": "), bi_line(u["note"], lang))
        for c in u.get("claims") or ():
            unc.add(Span("    says: ", "muted"), c["says"], Span(" [" + ", ".join(c["cite"]) + "]", "muted"))
    if unc.lines:
        doc.section("Unconfirmed", unc)
    doc.sections.append(sources_section(rec.cited(cite) if cite else list(rec.sources)))


def sources_section(sources: list[Any]) -> Any:
    from .doc import Section

    lines = Lines()
    for s in sources:
        meta = ", ".join(x for x in (s.publisher, s.date) if x)
        lines.add(Span("• "), Span(s.title, "strong"), Span(f" — {meta}" if meta else ""),
                  Span(f" [{_AUTHORITY.get(s.authority, s.authority)}]", "muted"))
        lines.add(Span("  " + s.url, "link"))
    return Section("Sources", [lines])


def record_head(rec: Record, lang: str, kind_label: str | None = None) -> Doc:
    names = bi(rec.data.get("name") or rec.data.get("title"), lang) if rec.kind != "term" else pair(rec.data["ko"], rec.data["en"], lang)
    title = names[0] if names else [Span(rec.id)]
    doc = Doc(title=title, subtitle=names[1] if len(names) > 1 else [])
    doc.header.add("Id", Span(f"{rec.id} ({kind_label or rec.kind})", "muted"))
    return doc


# ---- articles ---------------------------------------------------------------------------------------------


def article_doc(kb: KnowledgeBase, view: query.ArticleView, lang: str, *, focus: int | None = None) -> Doc:
    art = view.article
    v = view.version
    title_ko = f"{query.act_short_name(kb, art.act)} {art.label('ko')} ({v.title.get('ko', '')})"
    title_en = f"{query.act_short_name(kb, art.act, 'en')} {art.label('en')} ({v.title.get('en', '')})"
    names = pair(title_ko, title_en, lang)
    doc = Doc(title=names[0], subtitle=names[1] if len(names) > 1 else [])
    doc.header.add("Id", Span(f"{art.id} (article)", "muted"))
    act = kb.get(art.act)
    if act is not None:
        doc.header.add("Act", bi_line(act.data["name"], lang))
    doc.header.add("As of", view.as_of)
    doc.header.add("Version", version_line(v, lang), Span(f"amendment {v.amendment}", "muted"))
    if view.repealed:
        doc.header.add("Status", Span(f"repealed on {view.repealed}", "warn"))
    if art.data.get("recorded_from"):
        doc.header.add("Recorded from", Span(f"{art.data['recorded_from']} (earlier versions are not recorded here)", "muted"))
    paras = Table(["", ""], show_header=False)
    for st in view.paragraphs:
        p = st.paragraph
        marker = ("▶" if focus is not None and st.number == focus else "") + (para_mark(st.number) or "§")
        status: list[Span] = []
        if st.status == "not_yet_in_force":
            status = [Span(f"[not yet in force on {view.as_of}: from {st.in_force}] ", "warn")]
        elif st.status == "deleted":
            status = [Span(f"[deleted from {st.in_force}] ", "muted")]
        elif st.version is not v:
            status = [Span(f"[text of Act No. {st.version.act_number}, in force {st.in_force}] ", "muted")]
        elif st.in_force != v.in_force:
            status = [Span(f"[in force from {st.in_force}] ", "muted")]
        lines: list[Line] = []
        if status:
            lines.append(status)
        if lang in ("ko", "both"):
            lines.append([Span(p.text_ko, "ko")])
        if lang in ("en", "both"):
            lines.append([Span(p.summary_en, "en")])
        for item in p.items:
            if lang in ("ko", "both"):
                lines.append([Span(f"{item['number']}. ", "muted"), Span(item["text_ko"], "ko")])
            if lang in ("en", "both") and item.get("summary_en"):
                lines.append([Span(f"{item['number']}. ", "muted"), Span(item["summary_en"], "en")])
        if p.penalty is not None:
            for ln in penalty_lines(p.penalty, lang):
                lines.append([Span("penalty: ", "muted")] + ln)
            extra = _penalty_extras(p)
            if extra:
                lines.append([Span(extra, "muted")])
        paras.add(Span(marker, "strong"), Cell(lines))
    doc.section("Paragraphs" + ("" if lang == "ko" else " (English: our summary, not a translation)"), paras)
    if v.note:
        doc.section("Note on this version", Lines([ln for ln in bi(dict(v.note), lang)]))
    table = Table(["Act No.", "Promulgated", "In force", "Status"])
    for vs in view.versions:
        label, style = _STATUS[vs.status]
        table.add(f"{vs.version.act_number}", vs.version.promulgated, vs.version.in_force, Span(label, style))
    doc.section("Versions", table)
    add_common_tail(doc, art, lang, v.cite)
    return doc


def _penalty_extras(p: Paragraph) -> str:
    pen = p.penalty
    if pen is None:
        return ""
    bits = []
    if pen.attempt_punishable:
        bits.append(f"attempt punishable ({pen.attempt_basis})")
    if pen.habitual_basis:
        bits.append(f"habitual: up to +1/2 ({pen.habitual_basis})")
    return "; ".join(bits)


def article_json(kb: KnowledgeBase, view: query.ArticleView) -> dict[str, Any]:
    v = view.version
    return {
        "as_of": view.as_of,
        "version": {**v.as_dict(), "cite": list(v.cite)},
        "repealed": view.repealed,
        "recorded_from": view.article.data.get("recorded_from"),
        "paragraphs": [{"number": st.number, "status": st.status, "in_force": st.in_force, "act_number": st.version.act_number,
                        "role": st.paragraph.role, "text_ko": st.paragraph.text_ko, "summary_en": st.paragraph.summary_en,
                        "penalty": st.paragraph.penalty.as_dict() if st.paragraph.penalty else None,
                        "penalty_en": wording.penalty_en(st.paragraph.penalty) if st.paragraph.penalty else None}
                       for st in view.paragraphs],
        "versions": [{**vs.version.as_dict(), "status": vs.status} for vs in view.versions],
        "sources": [s.as_dict() for s in view.article.cited(v.cite)],
    }


# ---- offences ---------------------------------------------------------------------------------------------


def offence_doc(kb: KnowledgeBase, off: Record, as_of: str, lang: str, *, now: str | None = None) -> Doc:
    d = off.data
    doc = record_head(off, lang)
    doc.header.add("Category", d["category"])
    doc.header.add("Victim", {"child_youth": "children and youth (아동ㆍ청소년)", "any_person": "any person"}[d["victim"]])
    if d.get("aliases"):
        doc.header.add("Also called", ", ".join(d["aliases"]))
    doc.section("Summary", Lines(bi(d["summary"], lang)))
    elements = Table(["", ""], show_header=False)
    for i, e in enumerate(d["elements"], 1):
        elements.add(Span(f"{i}.", "muted"), Cell(bi(e, lang)))
    doc.section("Elements", elements)
    table = Table(["Provision", "Version", "Penalty"])
    try:
        answers = query.offence_provisions(kb, off, as_of, now=now)
    except NotFoundError as exc:
        answers = []
        doc.section(f"Provisions in force on {as_of}", Lines([[Span(exc.message, "warn")]]))
    for a in answers:
        label = bi_line({"ko": query.paragraph_label(a.article, a.paragraph.number, kb, "ko"),
                         "en": query.paragraph_label(a.article, a.paragraph.number, kb, "en")}, lang)
        pen: Line = []
        for i, ln in enumerate(penalty_lines(a.penalty, lang)):
            pen += ([Span(" / ", "muted")] if i else []) + ln
        if a.penalty is None:
            pen = [Span(f"({a.paragraph.role}: no penalty of its own)", "muted")]
        table.add(label, version_line(a.version, lang), pen)
    if answers:
        doc.section(f"Provisions in force on {as_of}", table)
        notes = Lines(bullet="!")
        for a in answers:
            for n in a.notes:
                for ln in bi({"ko": n["ko"], "en": n["en"]}, lang):
                    notes.add(ln)
        if notes.lines:
            doc.section("Notes on the date", notes)
    allp = Table(["Provision", "From", "Until", "Note"])
    for p in d["provisions"]:
        art = kb.article(p["article"])
        where = query.paragraph_label(art, p["paragraph"], kb, "ko" if lang != "en" else "en") if art else str(p["article"])
        allp.add(where, p.get("from") or "(first in force)", p.get("until") or "—", bi_line(p.get("note"), lang))
    doc.section("All provisions", allp)
    rel = query.related(kb, off.id)
    lines = Lines(bullet="•")
    for t in rel["guideline_types"]:
        lines.add(Span("guideline type ", "muted"), f"{t['guideline']} / {t['type']}: ", bi_line({"ko": t["name_ko"], "en": t["name_en"]}, lang))
    for r in rel["directive_rules"]:
        lines.add(Span("directive rule ", "muted"), f"{r['directive']} ({r['issued']}) / {r['rule']}: ",
                  bi_line({"ko": r["role_ko"], "en": r["role_en"]}, lang))
    for c in rel["cases"]:
        lines.add(Span("case ", "muted"), f"{c['case']}: {c['name_en']}")
    for oid in d.get("related") or ():
        other = kb.get(oid)
        lines.add(Span("offence ", "muted"), f"{oid}: ", bi_line(other.data["name"], lang) if other else "")
    doc.section("Related", lines)
    notes = Lines(bullet="•")
    for n in d.get("teaching_notes") or ():
        for ln in bi(n, lang):
            notes.add(ln)
    doc.section("Teaching notes", notes)
    add_common_tail(doc, off, lang)
    return doc


def offence_json(kb: KnowledgeBase, off: Record, as_of: str, *, now: str | None = None) -> dict[str, Any]:
    try:
        answers = [a.as_dict(kb) for a in query.offence_provisions(kb, off, as_of, now=now)]
        problem = None
    except NotFoundError as exc:
        answers, problem = [], {"code": exc.code, "message": exc.message}
    return {"as_of": as_of, "provisions_in_force": answers, "provisions_problem": problem, "related": query.related(kb, off.id)}
