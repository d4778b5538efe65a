"""What `penalty` says: per provision the version used, the statute's penalty words, our English, and the notes."""

from __future__ import annotations

from typing import Any

from .. import query
from ..model import Article, KnowledgeBase, Record
from .doc import Doc, Fields, Lines, Section, Span, bi, bi_line, pair
from .records import penalty_lines, sources_section, version_line


def penalty_doc(kb: KnowledgeBase, text: str, target: Record, answers: list[query.ProvisionAnswer], as_of: str, lang: str) -> Doc:
    if isinstance(target, Article):
        number = answers[0].paragraph.number if len(answers) == 1 else None
        names = pair(query.paragraph_label(target, number, kb, "ko"), query.paragraph_label(target, number, kb, "en"), lang)
    else:
        names = pair(target.name("ko"), target.name("en"), lang)
    doc = Doc(title=[Span(f"Penalty on {as_of}: ", "strong")] + names[0], subtitle=names[1] if len(names) > 1 else [])
    doc.header.add("Asked", text)
    doc.header.add("Resolved to", Span(f"{target.id} ({target.kind})", "muted"))
    doc.header.add("Offence date", f"{as_of} (Criminal Act Art. 1(1): the law in force when the act was committed)")
    doc.header.add("Provisions", str(len(answers)))
    for a in answers:
        label = bi_line({"ko": query.paragraph_label(a.article, a.paragraph.number, kb, "ko"),
                         "en": query.paragraph_label(a.article, a.paragraph.number, kb, "en")}, lang)
        f = Fields()
        f.add("Version", version_line(a.version, lang))
        starts = a.version.paragraph_in_force(a.paragraph)
        if starts != a.version.in_force:
            f.add("Paragraph from", starts)
        since = a.unchanged_since
        if since is not a.version:
            f.add("Unchanged since", f"Act No. {since.act_number} (in force {since.in_force}): this paragraph's wording and penalty")
        p = a.penalty
        if p is None:
            f.add("Role", Span(f"{a.paragraph.role}: no penalty of its own", "muted"))
            f.add("Text", *pair(a.paragraph.text_ko, a.paragraph.summary_en, lang))
        else:
            ko_en = penalty_lines(p, lang)
            if lang in ("ko", "both"):
                f.add("Penalty (ko)", ko_en[0])
            if lang in ("en", "both"):
                f.add("Penalty (en)", ko_en[-1])
            f.add("Attempt", f"punishable ({p.attempt_basis})" if p.attempt_punishable else "not punishable")
            f.add("Habitual", f"up to one half more ({p.habitual_basis})" if p.habitual_basis else "—")
        for later_v, later_p in a.lighter_later:
            f.add("Later, lighter", Span(f"Act No. {later_v.act_number} (in force {later_v.in_force}): "
                                         f"{later_p.penalty.text_ko if later_p.penalty else '—'}", "warn"))
        for pend_v, pend_p in a.pending:
            starts = pend_v.paragraph_in_force(pend_p) if pend_p is not None else pend_v.in_force
            what = (pend_p.penalty.text_ko if pend_p is not None and pend_p.penalty else
                    "the paragraph is deleted" if pend_p is None or pend_p.role == "deleted" else f"{pend_p.role}, no penalty of its own")
            f.add("Pending", Span(f"Act No. {pend_v.act_number}, promulgated {pend_v.promulgated}, not yet in force "
                                  f"(takes effect {starts}): {what}", "warn"))
        notes = Lines(bullet="!")
        for n in a.notes:
            for ln in bi({"ko": n["ko"], "en": n["en"]}, lang):
                notes.add(ln)
        src = sources_section(a.article.cited(a.version.cite) or list(a.article.sources))
        blocks = [f] + ([notes] if notes.lines else []) + [Lines([[Span("Sources", "strong")]])] + src.blocks
        doc.sections.append(Section("".join(s.text for s in label), blocks))
    return doc


def penalty_json(kb: KnowledgeBase, text: str, target: Record, answers: list[query.ProvisionAnswer], as_of: str) -> dict[str, Any]:
    name = {"ko": target.name("ko"), "en": target.name("en")}
    if isinstance(target, Article):
        name = {"ko": query.paragraph_label(target, None, kb, "ko"), "en": query.paragraph_label(target, None, kb, "en")}
    return {"query": text, "as_of": as_of, "today": query.today(), "target": {"kind": target.kind, "id": target.id, "name": name},
            "provisions": [a.as_dict(kb) for a in answers], "general_limits": {
                "min_months": 1, "max_months": 360, "aggravated_max_months": 600, "basis": "Criminal Act Art. 42"}}
