"""What is searchable in each kind of record, with how much each place weighs: the one field list both indexes use."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from .index import Entry, _display, fold
from .model import Article, KnowledgeBase, Record

# Weights of where a text sits in its record: names count most, notes least.
W_NAME, W_ALIAS, W_ID, W_TITLE, W_ELEMENT, W_TEXT, W_SUMMARY, W_NOTE = 5.0, 4.0, 3.0, 4.0, 2.5, 2.0, 1.5, 0.8

# ---- the fields of each kind -------------------------------------------------------------


def _bi(value: Any, label: str, weight: float) -> Iterator[tuple[str, float, str]]:
    if isinstance(value, dict):
        for lang in ("ko", "en"):
            if value.get(lang):
                yield f"{label}.{lang}", weight, value[lang]
    elif isinstance(value, str) and value:
        yield label, weight, value


def _common(rec: Record) -> Iterator[tuple[str, float, str]]:
    d = rec.data
    yield "id", W_ID, rec.id
    for key in ("name", "title"):
        yield from _bi(d.get(key), key, W_NAME)
    for i, a in enumerate(d.get("aliases") or ()):
        yield f"aliases[{i}]", W_ALIAS, a
    yield from _bi(d.get("summary"), "summary", W_SUMMARY)
    for i, n in enumerate(d.get("notes") or ()):
        yield from _bi(n, f"notes[{i}]", W_NOTE)
    for i, n in enumerate(d.get("teaching_notes") or ()):
        yield from _bi(n, f"teaching_notes[{i}]", W_NOTE)
    for i, u in enumerate(d.get("unconfirmed") or ()):
        yield from _bi(u.get("note"), f"unconfirmed[{i}]", W_NOTE * 0.6)


def _article(art: Article) -> Iterator[tuple[str, float, str]]:
    for v in reversed(art.versions):
        tag = f"Act {v.act_number}"
        yield from _bi(dict(v.title), f"{tag} title", W_TITLE)
        for p in v.paragraphs:
            if p.role == "deleted":
                continue
            where = f"{tag} paragraph {p.number}"
            yield f"{where} text", W_TEXT, p.text_ko
            yield f"{where} summary", W_SUMMARY, p.summary_en
            for item in p.items:
                yield f"{where} item {item['number']}", W_TEXT, item["text_ko"]
                if item.get("summary_en"):
                    yield f"{where} item {item['number']} summary", W_SUMMARY, item["summary_en"]
        if v.note:
            yield from _bi(dict(v.note), f"{tag} note", W_NOTE)


def _specific(rec: Record) -> Iterator[tuple[str, float, str]]:
    d = rec.data
    k = rec.kind
    if k == "act":
        for a in [*d.get("abbreviations", []), *d.get("slugs", [])]:
            yield "abbreviation", W_ALIAS, a
    elif k == "amendment":
        yield "act number", W_ID, f"법률 제{d['act_number']}호 Act No. {d['act_number']} {d['type']}"
    elif k == "bill":
        if d.get("bill_number"):
            yield "bill number", W_ID, d["bill_number"]
        yield from _bi(d.get("proposer"), "proposer", W_NOTE)
        yield from _bi(d.get("outcome"), "outcome", W_NOTE)
        for i, c in enumerate(d["changes"]):
            if c.get("text_ko"):
                yield f"changes[{i}] text", W_TEXT, c["text_ko"]
            yield f"changes[{i}] summary", W_SUMMARY, c["summary_en"]
    elif k == "offence":
        for i, e in enumerate(d["elements"]):
            yield from _bi(e, f"elements[{i}]", W_ELEMENT)
        for i, p in enumerate(d["provisions"]):
            yield from _bi(p.get("note"), f"provisions[{i}] note", W_NOTE)
    elif k == "guideline":
        yield from _bi(d.get("body"), "body", W_NOTE)
        yield from _bi(d["date_rule"].get("text"), "date rule", W_NOTE)
        for g in d["groups"]:
            yield from _bi(g["name"], f"group {g['id']}", W_TITLE)
            yield from _bi(g.get("note"), f"group {g['id']} note", W_NOTE)
            for t in g["types"]:
                yield from _bi(t["name"], f"type {t['id']}", W_TITLE)
                yield from _bi(t.get("description"), f"type {t['id']} description", W_SUMMARY)
                yield from _bi(t.get("note"), f"type {t['id']} note", W_NOTE)
            for kind in ("factors", "probation_factors"):
                for f in g[kind]:
                    yield from _bi(f["name"], f"factor {f['id']}", W_ELEMENT)
                    yield from _bi(f.get("description"), f"factor {f['id']} description", W_SUMMARY)
        for r in d["rules"]:
            yield from _bi(r["name"], f"rule {r['id']}", W_ELEMENT)
            yield from _bi(r["text"], f"rule {r['id']} text", W_SUMMARY)
    elif k == "directive":
        yield from _bi(d.get("issuer"), "issuer", W_NOTE)
        for r in d["rules"]:
            yield from _bi(r["role"], f"rule {r['id']}", W_ELEMENT)
            yield from _bi((r.get("demand") or {}).get("text"), f"rule {r['id']} demand", W_SUMMARY)
            yield from _bi(r.get("detention"), f"rule {r['id']} detention", W_SUMMARY)
            yield from _bi(r.get("conditions"), f"rule {r['id']} conditions", W_SUMMARY)
    elif k == "case":
        yield from _bi(d.get("defendant"), "defendant", W_ALIAS)
        for i, c in enumerate(d["charges"]):
            yield from _bi(c, f"charges[{i}]", W_ELEMENT)
        yield from _bi(d.get("offence_period"), "offence period", W_NOTE)
        for inst in d["instances"]:
            where = f"{inst['level']} instance"
            if inst.get("case_number"):
                yield f"{where} case number", W_ID, inst["case_number"]
            yield from _bi(inst["court"], f"{where} court", W_NOTE)
            yield from _bi(inst["outcome"], f"{where} outcome", W_SUMMARY)
            for s in ("demand", "sentence"):
                yield from _bi((inst.get(s) or {}).get("text"), f"{where} {s}", W_NOTE)
    elif k == "report":
        yield from _bi(d.get("publisher"), "publisher", W_NOTE)

        def figures(items: list[dict[str, Any]], prefix: str) -> Iterator[tuple[str, float, str]]:
            for fig in items:
                yield from _bi(fig["label"], f"{prefix}{fig['id']}", W_ELEMENT)
                yield from figures(fig.get("breakdown") or [], f"{prefix}{fig['id']}/")

        yield from figures(d["figures"], "figure ")
    elif k == "term":
        yield "ko", W_NAME, d["ko"]
        yield "en", W_NAME, d["en"]
        if d.get("hanja"):
            yield "hanja", W_ALIAS, d["hanja"]
        yield from _bi(d.get("definition"), "definition", W_SUMMARY)


def indexed_records(kb: KnowledgeBase) -> Iterator[tuple[Entry, dict[int, str] | None, list[tuple[str, float, str, str]]]]:
    """Each record in index order (by kind, then id): its entry, its paragraphs (articles only) and its searchable fields.

    A field is (label, weight, text, folded); a text whose folded form is empty or already seen in the record is left out.
    """
    from .query import act_short_name

    for rec in sorted(kb, key=lambda r: (r.kind, r.id)):
        name_ko, name_en = rec.name("ko"), rec.name("en")
        act = number = None
        paragraphs = None
        if isinstance(rec, Article):
            latest = rec.versions[-1]
            act, number = rec.act, rec.number
            name_ko = f"{act_short_name(kb, rec.act)} {rec.label('ko')} ({latest.title.get('ko', '')})"
            name_en = f"{act_short_name(kb, rec.act, 'en')} {rec.label('en')} ({latest.title.get('en', '')})"
            # The newest text of each paragraph number, deleted ones left out, for quoting a referenced paragraph.
            paragraphs = {p.number: _display(p.text_ko) for v in rec.versions for p in v.paragraphs if p.role != "deleted"}
        parts = list(_common(rec)) + list(_article(rec) if isinstance(rec, Article) else _specific(rec))
        fields: list[tuple[str, float, str, str]] = []
        seen: set[str] = set()
        for label, weight, raw in parts:
            text = _display(raw)
            folded = fold(text)
            if not folded or folded in seen:
                continue
            seen.add(folded)
            fields.append((label, weight, text, folded))
        yield Entry(rec.id, rec.kind, name_ko, name_en, act, number), paragraphs, fields
