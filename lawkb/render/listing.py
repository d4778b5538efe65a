"""What `list` shows for each record: one row per record, the same columns for text and JSON."""

from __future__ import annotations

from typing import Any

from .. import query
from ..model import Article, KnowledgeBase, Record
from .doc import Doc, Line, Span, Table, bi_line


def list_row(kb: KnowledgeBase, rec: Record) -> dict[str, Any]:
    """The columns `list` shows for a record (the same for text and JSON)."""
    d = rec.data
    row: dict[str, Any] = {"id": rec.id, "kind": rec.kind}
    if isinstance(rec, Article):
        latest = rec.versions[-1]
        row.update(name={"ko": f"{rec.label('ko')} {latest.title.get('ko', '')}", "en": f"{rec.label('en')} {latest.title.get('en', '')}"},
                   act=rec.act, number=rec.number, versions=len(rec.versions), first_in_force=rec.versions[0].in_force,
                   latest_in_force=latest.in_force, pending=[v.act_number for v in rec.pending(query.today())])
    elif rec.kind == "term":
        row.update(name={"ko": d["ko"], "en": d["en"]})
    elif rec.kind == "amendment":
        row.update(name={"ko": f"{query.act_short_name(kb, d['act'])} 법률 제{d['act_number']}호 ({d['type']})",
                         "en": f"{query.act_short_name(kb, d['act'], 'en')}, Act No. {d['act_number']}"})
    else:
        name = d.get("name") or d.get("title") or {}
        row.update(name={"ko": name.get("ko"), "en": name.get("en")})
    extra = {
        "act": lambda: {"abbreviations": d.get("abbreviations") or []},
        "amendment": lambda: {"act": d["act"], "act_number": d["act_number"], "type": d["type"], "promulgated": d["promulgated"], "in_force": d["in_force"]},
        "bill": lambda: {"act": d["act"], "status": d["status"], "proposed": d["proposed"]},
        "offence": lambda: {"category": d["category"], "victim": d["victim"],
                            "provisions": [f"{p['article']}({p['paragraph']})" for p in d["provisions"]]},
        "guideline": lambda: {"effective": d["effective"], "superseded": d.get("superseded")},
        "directive": lambda: {"issued": d["issued"], "superseded": d.get("superseded")},
        "case": lambda: {"offences": d["offences"]},
        "report": lambda: {"published": d["published"]},
    }.get(rec.kind)
    if extra:
        row.update(extra())
    return row


_LIST_COLUMNS = {
    "article": [("Act", "act"), ("Versions", "versions"), ("Latest in force", "latest_in_force")],
    "amendment": [("Act No.", "act_number"), ("Type", "type"), ("Promulgated", "promulgated"), ("In force", "in_force")],
    "bill": [("Act", "act"), ("Status", "status"), ("Proposed", "proposed")],
    "offence": [("Category", "category"), ("Victim", "victim"), ("Provisions", "provisions")],
    "guideline": [("Effective", "effective")],
    "directive": [("Issued", "issued")],
    "case": [("Offences", "offences")],
    "report": [("Published", "published")],
    "act": [("Abbreviations", "abbreviations")],
}


def list_doc(kind: str, rows: list[dict[str, Any]], filters: dict[str, str | None], lang: str) -> Doc:
    given = ", ".join(f"{k.replace('_', '-')}={v}" for k, v in filters.items() if v is not None)
    doc = Doc(title=[Span(f"{len(rows)} {kind} record{'s' if len(rows) != 1 else ''}", "strong")],
              subtitle=[Span(f"filters: {given}", "muted")] if given else [])
    cols = _LIST_COLUMNS.get(kind, [])
    table = Table(["Id", "Name", *(c for c, _ in cols)])
    for r in rows:
        cells: list[Line] = []
        for _, key in cols:
            v = r.get(key)
            text = ", ".join(map(str, v)) if isinstance(v, list) else ("—" if v is None else str(v))
            if key == "latest_in_force" and r.get("pending"):
                text += " (pending: " + ", ".join(map(str, r["pending"])) + ")"
            cells.append([Span(text)])
        table.add(r["id"], bi_line(r["name"], lang), *cells)
    doc.section("", table)
    return doc
