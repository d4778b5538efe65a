"""Records related to an offence, and choosing the records `list` shows by act, victim, category and date in force."""

from __future__ import annotations

import difflib

from .asof import offence_provisions
from .dates import check_date
from .errors import NotFoundError, UsageError
from .model import Article, KnowledgeBase, Record
from .refs import number_key, resolve_act


def related(kb: KnowledgeBase, offence_id: str) -> dict[str, list[dict[str, str]]]:
    """Guideline types and directive rules that name an offence (the data points at offences, not back)."""
    types = []
    for g in kb.of_kind("guideline"):
        for grp in g.data["groups"]:
            for t in grp["types"]:
                if offence_id in t["offences"]:
                    types.append({"guideline": g.id, "group": grp["id"], "type": t["id"], "name_ko": t["name"]["ko"], "name_en": t["name"]["en"]})
    rules = []
    for d in kb.of_kind("directive"):
        for r in d.data["rules"]:
            if offence_id in r["offences"]:
                rules.append({"directive": d.id, "issued": d.data["issued"], "rule": r["id"], "role_ko": r["role"]["ko"], "role_en": r["role"]["en"]})
    cases = [{"case": c.id, "name_en": c.data["name"]["en"]} for c in kb.of_kind("case") if offence_id in c.data["offences"]]
    return {"guideline_types": types, "directive_rules": rules, "cases": cases}


# ---- choosing records for `list` ---------------------------------------------------------------------------

LIST_FILTERS = {
    "act": ("act", "article", "amendment", "bill", "offence", "guideline", "directive", "case", "report"),
    "victim": ("article", "offence", "guideline", "directive", "case", "report"),
    "category": ("article", "offence", "guideline", "directive", "case", "report"),
    "in_force": ("article", "amendment", "offence", "guideline", "directive"),
}


def linked_offences(kb: KnowledgeBase, rec: Record) -> list[Record]:
    """The offences a record concerns: itself, those that use an article, or those a guideline, directive, case or report names."""
    d = rec.data
    ids: list[str] = []
    if rec.kind == "offence":
        return [rec]
    if rec.kind == "article":
        ids = [o.id for o in kb.of_kind("offence") if any(p["article"] == rec.id for p in o.data["provisions"])]
    elif rec.kind == "guideline":
        ids = [oid for g in d["groups"] for t in g["types"] for oid in t["offences"]]
    elif rec.kind == "directive":
        ids = [oid for r in d["rules"] for oid in r["offences"]]
    elif rec.kind in ("case", "report"):
        ids = list(d.get("offences") or ())
    return [o for oid in dict.fromkeys(ids) if (o := kb.get(oid)) is not None]


def record_acts(kb: KnowledgeBase, rec: Record) -> set[str]:
    """The acts a record belongs to or relies on."""
    d = rec.data
    if rec.kind == "act":
        return {rec.id}
    if rec.kind in ("article", "amendment", "bill"):
        return {d["act"]}
    acts: set[str] = set()
    if rec.kind == "guideline":
        acts |= {str(p["article"]).split(".")[0] for g in d["groups"] for t in g["types"] for p in t.get("provisions") or ()}
    for off in linked_offences(kb, rec):
        acts |= {str(p["article"]).split(".")[0] for p in off.data["provisions"]}
    return acts


def in_force_on(kb: KnowledgeBase, rec: Record, date: str) -> bool:
    d = rec.data
    if isinstance(rec, Article):
        return rec.version_as_of(date) is not None and not (d.get("repealed") and date >= d["repealed"])
    if rec.kind == "amendment":
        return bool(d["in_force"] <= date)
    if rec.kind == "offence":
        try:
            return bool(offence_provisions(kb, rec, date, now=date))
        except NotFoundError:
            return False
    if rec.kind == "guideline":
        return bool(d["effective"] <= date and not (d.get("superseded") and date >= d["superseded"]))
    if rec.kind == "directive":
        return bool(d["issued"] <= date and not (d.get("superseded") and date >= d["superseded"]))
    return False


KIND_PLURALS = {"acts": "act", "articles": "article", "amendments": "amendment", "bills": "bill", "offences": "offence", "offenses": "offence",
                "offense": "offence", "guidelines": "guideline", "directives": "directive", "cases": "case", "reports": "report", "terms": "term",
                "glossary": "term"}


def check_kind(kind: str) -> str:
    from .schemas import KINDS

    k = KIND_PLURALS.get(kind.strip().lower(), kind.strip().lower())
    if k not in KINDS:
        near = difflib.get_close_matches(k, list(KINDS), n=2, cutoff=0.5)
        raise UsageError("unknown-kind", f"unknown kind '{kind}'", ("did you mean: " + ", ".join(near) + "? " if near else "") + "kinds: " + ", ".join(KINDS))
    return k


def select_records(kb: KnowledgeBase, kind: str, *, act: str | None = None, victim: str | None = None, category: str | None = None,
                   in_force: str | None = None) -> list[Record]:
    """The records of one kind that pass every filter given; a filter that cannot apply to the kind is a usage error."""
    kind = check_kind(kind)
    given = {"act": act, "victim": victim, "category": category, "in_force": in_force}
    for name, value in given.items():
        if value is not None and kind not in LIST_FILTERS[name]:
            option = "--" + name.replace("_", "-")
            raise UsageError("filter-not-applicable", f"{option} does not apply to {kind} records",
                             f"{option} filters: " + ", ".join(LIST_FILTERS[name]))
    act_id = resolve_act(kb, act) if act is not None else None
    if victim is not None and victim not in ("child_youth", "any_person"):
        raise UsageError("victim-invalid", f"--victim '{victim}' is not a victim group", "use child_youth or any_person")
    categories = sorted({str(o.data["category"]) for o in kb.of_kind("offence")})
    if category is not None and category not in categories:
        from .schemas import schema

        allowed = schema("offence")["properties"]["category"]["enum"]
        if category not in allowed:
            raise UsageError("category-invalid", f"--category '{category}' is not an offence category", "categories: " + ", ".join(allowed))
    date = check_date(in_force, "--in-force") if in_force is not None else None
    out = []
    for rec in kb.of_kind(kind):
        if act_id is not None and act_id not in record_acts(kb, rec):
            continue
        if victim is not None and not any(o.data["victim"] == victim for o in linked_offences(kb, rec)):
            continue
        if category is not None and not any(o.data["category"] == category for o in linked_offences(kb, rec)):
            continue
        if date is not None and not in_force_on(kb, rec, date):
            continue
        out.append(rec)
    if kind == "article":
        out.sort(key=lambda r: (r.data["act"], number_key(r.data["number"])))
    return out
