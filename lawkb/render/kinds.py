"""What `show` says about acts, amendments, bills, guidelines, directives, cases, reports and glossary terms."""

from __future__ import annotations

from typing import Any

from .. import query
from ..model import Article, KnowledgeBase, Penalty, Record
from .doc import Doc, Line, Lines, Span, Table, bi, bi_line
from .records import add_common_tail, months_range, penalty_lines, record_head


def act_doc(kb: KnowledgeBase, act: Record, lang: str) -> Doc:
    d = act.data
    doc = record_head(act, lang)
    doc.header.add("Abbreviations", ", ".join(d.get("abbreviations") or ()))
    doc.header.add("Slugs", ", ".join(d.get("slugs") or ()))
    if d.get("law_id"):
        doc.header.add("Law ID", d["law_id"])
    if d.get("url"):
        doc.header.add("Text", Span(d["url"], "link"))
    doc.section("Summary", Lines(bi(d.get("summary"), lang)))
    arts = Table(["Article", "Title (latest)", "Versions", "First in force", "Latest in force"])
    for a in query.select_records(kb, "article", act=act.id):
        assert isinstance(a, Article)
        latest = a.versions[-1]
        arts.add(f"{a.label('ko')} ({a.id})", bi_line(dict(latest.title), lang), str(len(a.versions)), a.versions[0].in_force, latest.in_force)
    doc.section("Articles in the knowledge base", arts)
    ams = Table(["Act No.", "Type", "Promulgated", "In force", "Id"])
    for m in sorted(query.select_records(kb, "amendment", act=act.id), key=lambda r: (r.data["promulgated"], r.data["act_number"])):
        ams.add(str(m.data["act_number"]), m.data["type"], m.data["promulgated"], m.data["in_force"], m.id)
    doc.section("Amendments", ams)
    add_common_tail(doc, act, lang)
    return doc


def amendment_doc(kb: KnowledgeBase, am: Record, lang: str) -> Doc:
    d = am.data
    act = kb.get(d["act"])
    title = f"{act.data['name']['ko'] if act else d['act']} (법률 제{d['act_number']}호, {d['type']})"
    doc = Doc(title=[Span(title, "ko")])
    doc.header.add("Id", Span(f"{am.id} (amendment)", "muted"))
    doc.header.add("Act", d["act"])
    doc.header.add("Act No.", str(d["act_number"]))
    doc.header.add("Type", d["type"])
    doc.header.add("Promulgated", d["promulgated"])
    doc.header.add("In force", d["in_force"] + ("  (pending: not yet in force)" if d["in_force"] > query.today() else ""))
    for e in d.get("in_force_exceptions") or ():
        doc.header.add("Also in force", Span(f"{e['in_force']}: ", "strong"), bi_line(e["provisions"], lang))
    doc.section("Summary", Lines(bi(d["summary"], lang)))
    doc.section("Articles changed", Lines([[Span(a)] for a in d["articles"]], bullet="•"))
    if d.get("bills"):
        doc.section("Bills", Lines([[Span(b)] for b in d["bills"]], bullet="•"))
    add_common_tail(doc, am, lang)
    return doc


def bill_doc(kb: KnowledgeBase, bill: Record, lang: str) -> Doc:
    d = bill.data
    doc = record_head(bill, lang)
    doc.header.add("Bill No.", d.get("bill_number") or Span("not recorded", "muted"))
    doc.header.add("Act", d["act"])
    doc.header.add("Proposer", bi_line(d["proposer"], lang))
    doc.header.add("Proposed", d["proposed"])
    doc.header.add("Status", d["status"] + (f" ({d['decided']})" if d.get("decided") else ""))
    if d.get("enacted_as"):
        doc.header.add("Enacted as", d["enacted_as"])
    doc.section("Summary", Lines(bi(d["summary"], lang)))
    if d.get("outcome"):
        doc.section("Outcome", Lines(bi(d["outcome"], lang)))
    changes = Lines()
    for c in d["changes"]:
        art = kb.article(c["article"])
        label = query.paragraph_label(art, c["paragraph"], kb) if art else f"{c['article']}({c['paragraph']})"
        changes.add(Span(f"{c['action']} ", "strong"), Span(label, "strong"))
        if c.get("text_ko") and lang != "en":
            changes.add(Span("   "), Span(c["text_ko"], "ko"))
        if lang != "ko":
            changes.add(Span("   "), Span(c["summary_en"], "en"))
        if c.get("penalty"):
            for ln in penalty_lines(Penalty.from_dict(c["penalty"]), lang):
                changes.add(Span("   proposed penalty: ", "muted"), ln)
    doc.section("Proposed changes", changes)
    add_common_tail(doc, bill, lang)
    return doc


def guideline_doc(kb: KnowledgeBase, g: Record, lang: str) -> Doc:
    d = g.data
    doc = record_head(g, lang)
    doc.header.add("Body", bi_line(d["body"], lang))
    doc.header.add("Adopted", d["adopted"])
    doc.header.add("Effective", d["effective"])
    if d.get("superseded"):
        doc.header.add("Superseded", d["superseded"])
    doc.header.add("Selects by", f"{d['date_rule']['selects_by']} date ({d['date_rule']['confidence']} confidence)")
    doc.section("Which cases it governs", Lines(bi(d["date_rule"]["text"], lang)))
    doc.section("Summary", Lines(bi(d["summary"], lang)))
    for grp in d["groups"]:
        types = Table(["No.", "Type", "Offences", "Mitigated", "Basic", "Aggravated", "Habitual"])
        for t in grp["types"]:
            r = t["ranges"]
            types.add(str(t["number"]), bi_line(t["name"], lang), ", ".join(t["offences"]),
                      *(months_range(r[z]["min_months"], r[z]["max_months"], lang) + [Span(f" ({r[z]['confidence']})", "muted")]
                        for z in ("mitigated", "basic", "aggravated")),
                      "yes" if t["habitual"] else "no")
        factors = Table(["Level", "Direction", "Category", "Factor", "Types", "Confidence"])
        for f in grp["factors"]:
            factors.add(f["level"], f["direction"], f["category"], bi_line(f["name"], lang), ", ".join(f.get("types") or ("all",)), f["confidence"])
        prob = Table(["Weight", "Direction", "Factor", "Confidence"])
        for f in grp["probation_factors"]:
            prob.add(f["weight"], f["direction"], bi_line(f["name"], lang), f["confidence"])
        name = bi_line(grp["name"], lang)
        blocks = [types] + ([factors] if factors.rows else []) + ([prob] if prob.rows else [])
        doc.section(f"Group {grp['number']}: " + "".join(s.text for s in name), *blocks)
    rules = Lines()
    for r in d["rules"]:
        rules.add(Span(f"{r['id']}: ", "strong"), bi_line(r["name"], lang), Span(f" ({r['confidence']})", "muted"))
        for ln in bi(r["text"], lang):
            rules.add(Span("   "), ln)
        if r.get("params"):
            rules.add(Span("   params: " + ", ".join(f"{k}={v}" for k, v in r["params"].items()), "muted"))
    doc.section("General rules", rules)
    add_common_tail(doc, g, lang)
    return doc


def directive_doc(kb: KnowledgeBase, dr: Record, lang: str) -> Doc:
    d = dr.data
    doc = record_head(dr, lang)
    doc.header.add("Issuer", bi_line(d["issuer"], lang))
    doc.header.add("Issued", f"{d['issued']} (applies from its issue date)")
    if d.get("superseded"):
        doc.header.add("Superseded", d["superseded"])
    doc.section("Summary", Lines(bi(d["summary"], lang)))
    rules = Table(["Rule", "Role", "Offences", "Demand", "Confidence"])
    for r in d["rules"]:
        dem = r.get("demand")
        demand: Line = bi_line(dem["text"], lang) if dem else [Span("—", "muted")]
        rules.add(r["id"], bi_line(r["role"], lang), ", ".join(r["offences"]), demand, r["confidence"])
    doc.section("Rules", rules)
    more = Lines(bullet="•")
    for r in d["rules"]:
        for key in ("detention", "conditions"):
            if r.get(key):
                more.add(Span(f"{r['id']} ({key}): ", "strong"), bi_line(r[key], lang))
    doc.section("Detention and conditions", more)
    add_common_tail(doc, dr, lang)
    return doc


def _sentence(s: dict[str, Any] | None, lang: str) -> Line:
    if not s:
        return [Span("—", "muted")]
    return bi_line(s["text"], lang)


def case_doc(kb: KnowledgeBase, c: Record, lang: str) -> Doc:
    d = c.data
    doc = record_head(c, lang)
    doc.header.add("Defendant", bi_line(d["defendant"], lang))
    doc.header.add("Offences", ", ".join(d["offences"]))
    if d.get("offence_period"):
        doc.header.add("Offence period", bi_line(d["offence_period"], lang))
    doc.section("Summary", Lines(bi(d["summary"], lang)))
    charges = Lines(bullet="•")
    for ch in d["charges"]:
        charges.add(bi_line(ch, lang))
    doc.section("Charges", charges)
    inst = Table(["Level", "Court", "Date", "Case No.", "Demand", "Sentence", "Outcome"])
    for i in d["instances"]:
        inst.add(i["level"], bi_line(i["court"], lang), i.get("date") or "—", i.get("case_number") or "—", _sentence(i.get("demand"), lang),
                 _sentence(i.get("sentence"), lang), bi_line(i["outcome"], lang))
    doc.section("Instances", inst)
    add_common_tail(doc, c, lang)
    return doc


def report_doc(kb: KnowledgeBase, r: Record, lang: str) -> Doc:
    d = r.data
    doc = record_head(r, lang)
    doc.header.add("Publisher", bi_line(d["publisher"], lang))
    doc.header.add("Published", d["published"])
    if d.get("period"):
        doc.header.add("Period", f"{d['period']['from']} – {d['period']['to']}")
    if d.get("offences"):
        doc.header.add("Offences", ", ".join(d["offences"]))
    doc.section("Summary", Lines(bi(d["summary"], lang)))
    figs = Table(["Figure", "Value", "Unit", "Confidence"])

    def add(items: list[dict[str, Any]], depth: int) -> None:
        for f in items:
            value = f"{f['value']:,}" if isinstance(f["value"], int) or float(f["value"]).is_integer() else str(f["value"])
            figs.add([Span("  " * depth + ("└ " if depth else ""))] + bi_line(f["label"], lang), value, f["unit"], f["confidence"])
            add(f.get("breakdown") or [], depth + 1)

    add(d["figures"], 0)
    doc.section("Figures", figs)
    add_common_tail(doc, r, lang)
    return doc


def term_doc(kb: KnowledgeBase, t: Record, lang: str) -> Doc:
    d = t.data
    doc = record_head(t, lang, "glossary term")
    if d.get("hanja"):
        doc.header.add("Hanja", d["hanja"])
    doc.section("Definition", Lines(bi(d["definition"], lang)))
    if d.get("see_also"):
        doc.section("See also", Lines([[Span(x)] for x in d["see_also"]], bullet="•"))
    add_common_tail(doc, t, lang)
    return doc


BUILDERS = {"act": act_doc, "amendment": amendment_doc, "bill": bill_doc, "guideline": guideline_doc, "directive": directive_doc,
            "case": case_doc, "report": report_doc, "term": term_doc}


