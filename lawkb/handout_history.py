"""The history part of a handout: a short timeline, key cases as of the date, and the values left unconfirmed."""

from __future__ import annotations

import re
from typing import Any

from . import wording
from .handout_context import LEVELS, SELECTS_BY, Bi, CaseEntry, CaseInstance, SourceRegistry, TimelineEvent, UnconfirmedNote
from .handout_law import flagged, provision_label, uc_fields
from .model import Article, ArticleVersion, KnowledgeBase, Paragraph, Penalty, Record
from .query import nfc_dots

# ---- timeline -----------------------------------------------------------------------------------------------


_KIND_ORDER = {"amendment": 0, "guideline": 1, "directive": 2, "case": 3}


def _penalty_key(p: Penalty) -> tuple[Any, ...]:
    return (p.death, p.life, p.imprisonment_type, p.min_months, p.max_months, p.fine_min_won, p.fine_max_won, p.fine_combination,
            p.attempt_punishable, p.habitual_basis is not None)


# The knowledge base records article texts from this date on (docs/data.md); an older first version did not create the article.
RECORDING_STARTS = "2012-01-01"


def _predates_record(kb: KnowledgeBase, art: Article, v: ArticleVersion) -> bool:
    """Whether the first recorded version may continue an older text (so it is not shown as newly created)."""
    amendment = kb.get(v.amendment)
    full_revision = amendment is not None and amendment.data.get("type") == "전부개정"
    return bool(art.data.get("recorded_from")) or v.in_force <= RECORDING_STARTS or full_revision


_GENERAL_LIMIT_NOTE = re.compile(r" \((?:30 years at most|1 month at least) under Criminal Act Art\. 42\)")


def _penalty_brief_en(p: Penalty) -> str:
    """The English penalty without the Art. 42 general-limit notes, which the penalty table already gives."""
    return _GENERAL_LIMIT_NOTE.sub("", wording.penalty_en(p))


def _change(prev: Paragraph | None, cur: Paragraph | None, first: bool) -> Bi | None:
    if cur is None or cur.role == "deleted":
        return None if prev is None else Bi("삭제", "deleted")
    pen = cur.penalty
    now_ko = pen.text_ko if pen else cur.text_ko
    now_en = _penalty_brief_en(pen) if pen else cur.summary_en
    if prev is None or prev.role == "deleted":
        return Bi(f"기록된 첫 판: {now_ko}", f"first version on record: {now_en}") if first else Bi(f"신설: {now_ko}", f"created: {now_en}")
    old = prev.penalty
    if pen and old and old.text_ko != pen.text_ko:
        if _penalty_key(old) == _penalty_key(pen):
            return Bi(f"법정형 문구 {old.text_ko} → {pen.text_ko} (형은 같음)", "penalty wording changed; same penalty")
        return Bi(f"법정형 {old.text_ko} → {pen.text_ko}", f"penalty: {_penalty_brief_en(old)} → {now_en}")
    if prev.text_ko != cur.text_ko:
        return Bi("문언 변경 (법정형 같음)", "wording changed (same penalty)")
    return None


def _short_en(label: Bi) -> str:
    """'Act on ... Art. 11(5)' -> 'Art. 11(5)': the act is named once per timeline event."""
    text = label.en or ""
    return text[text.rindex("Art. "):] if "Art. " in text else text


def amendment_events(kb: KnowledgeBase, offences: list[Record], as_of: str, reg: SourceRegistry) -> list[TimelineEvent]:
    changes: dict[tuple[str, str], list[tuple[Bi, Bi, ArticleVersion, Article]]] = {}
    seen: set[tuple[str, int]] = set()
    for off in offences:
        for prov in off.data["provisions"]:
            art = kb.article(prov["article"])
            key = (prov["article"], prov["paragraph"])
            if art is None or key in seen:
                continue
            seen.add(key)
            prev: Paragraph | None = None
            for i, v in enumerate(art.versions):
                cur = v.paragraph(prov["paragraph"])
                change = _change(prev, cur, i == 0 and _predates_record(kb, art, v))
                if cur is not None or prev is not None:
                    prev = cur
                if change is None:
                    continue
                date = v.paragraph_in_force(cur) if cur is not None else v.in_force
                if v.promulgated > as_of:
                    continue
                changes.setdefault((date, v.amendment), []).append((provision_label(kb, art, prov["paragraph"]), change, v, art))
    out = []
    for (date, _), items in changes.items():
        v, art = items[0][2], items[0][3]
        act = kb.get(art.act)
        act_en = act.data["name"]["en"] if act else art.act
        ko = "; ".join(f"{lab.ko}: {ch.ko}" for lab, ch, _, _ in items)
        en = "; ".join(f"{_short_en(lab)}: {ch.en}" for lab, ch, _, _ in items)
        refs = tuple(sorted({n for _, _, ver, a in items for n in reg.cite(a, ver.cite)}))
        pending = date > as_of
        out.append(TimelineEvent(date, "amendment",
                                 Bi(f"법률 제{v.act_number}호 ({v.promulgated} 공포{', ' + date + ' 시행 예정' if pending else ''}) — {ko}",
                                    f"Act No. {v.act_number}, {act_en} (promulgated {v.promulgated}"
                                    f"{', in force from ' + date if pending else ''}) — {en}"),
                                 pending, refs))
    return out


def timeline(kb: KnowledgeBase, offences: list[Record], amendments: list[TimelineEvent], cases: list[CaseEntry], as_of: str,
              reg: SourceRegistry) -> tuple[TimelineEvent, ...]:
    events = list(amendments)
    ids = {o.id for o in offences}
    for g in kb.of_kind("guideline"):
        if g.data["effective"] > as_of or not any(set(t["offences"]) & ids for grp in g.data["groups"] for t in grp["types"]):
            continue
        d = g.data
        sel = SELECTS_BY[d["date_rule"]["selects_by"]]
        events.append(TimelineEvent(d["effective"], "guideline",
                                    Bi(nfc_dots(f"{d['body']['ko']} '{d['name']['ko']}' 시행 ({d['adopted']} 의결, {sel.ko})"),
                                       f"{d['body']['en']}: '{d['name']['en']}' takes effect (adopted {d['adopted']}; "
                                       f"applied {sel.en})"),
                                    False, reg.cite(g, d["date_rule"]["cite"])))
    for directive in kb.of_kind("directive"):
        dd = directive.data
        rules = [r for r in dd["rules"] if set(r["offences"]) & ids]
        if dd["issued"] > as_of or not rules:
            continue
        refs = tuple(sorted({n for r in rules for n in reg.cite(directive, r["cite"])}))
        events.append(TimelineEvent(dd["issued"], "directive",
                                    Bi(nfc_dots(f"{dd['issuer']['ko']} '{dd['title']['ko']}' 시행"), f"{dd['issuer']['en']}: '{dd['title']['en']}' issued"),
                                    False, refs))
    for c in cases:
        dated = [i for i in c.instances if i.date]
        if not dated:
            continue
        last = dated[-1]
        result = last.sentence or last.outcome
        events.append(TimelineEvent(last.date or "", "case",
                                    Bi(f"{c.name.ko}: {last.court.ko} {last.level_label.ko}" + (f" — {result.ko or result.en}" if result else ""),
                                       f"{c.name.en}: {last.court.en}, {last.level_label.en.lower() if last.level_label.en else ''}"
                                       + (f" — {result.en or result.ko}" if result else "")),
                                    False, last.refs))
    unique: dict[tuple[str, str, str | None], TimelineEvent] = {}
    for e in events:
        unique.setdefault((e.date, e.kind, e.text.en), e)
    return tuple(sorted(unique.values(), key=lambda e: (e.date, _KIND_ORDER[e.kind], e.text.en or "")))


# ---- cases and unconfirmed values ---------------------------------------------------------------------------


def case_entries(kb: KnowledgeBase, ids: set[str], as_of: str, reg: SourceRegistry, audience: str) -> list[CaseEntry]:
    out = []
    for c in kb.of_kind("case"):
        d = c.data
        if not set(d["offences"]) & ids:
            continue
        fields = uc_fields(c)
        instances = []
        last_date: str | None = None
        for i, inst in enumerate(d["instances"]):
            last_date = inst.get("date") or last_date
            if last_date is None or last_date > as_of:
                continue
            demand, sentence = inst.get("demand"), inst.get("sentence")
            instances.append(CaseInstance(
                level=inst["level"], level_label=LEVELS[inst["level"]], court=Bi.of(inst["court"]) or Bi(), date=inst.get("date"),
                demand=Bi.of(demand["text"]) if demand else None, sentence=Bi.of(sentence["text"]) if sentence else None,
                outcome=Bi.of(inst.get("outcome")) if audience == "trainer" or not sentence else None,
                flagged=flagged(inst["confidence"], f"/instances/{i}", fields), refs=reg.cite(c, inst["cite"])))
        if instances:
            out.append(CaseEntry(c.id, Bi.of(d["name"]) or Bi(), Bi.of(d["summary"]) if audience == "trainer" else None,
                                 tuple(o for o in d["offences"] if o in ids), tuple(instances)))
    return sorted(out, key=lambda c: (c.instances[0].date or "", c.id))


def _shown_pointer(field: str, shown: set[str] | None) -> bool:
    """Whether an `unconfirmed` entry concerns something the handout shows (free-text labels always do)."""
    if shown is None or not field.startswith("/"):
        return True
    return any(field == p or field.startswith(p + "/") or p.startswith(field + "/") for p in shown)


def unconfirmed(records: list[tuple[Record, set[str] | None]], audience: str) -> tuple[UnconfirmedNote, ...]:
    out = []
    seen: set[str] = set()
    for rec, shown in records:
        if rec.id in seen:
            continue
        seen.add(rec.id)
        for u in rec.data.get("unconfirmed") or ():
            if not _shown_pointer(u["field"], shown):
                continue
            claims = tuple(c["says"] for c in u.get("claims") or ()) if audience == "trainer" else ()
            out.append(UnconfirmedNote(rec.id, u["field"], Bi.of(u["note"]) or Bi(), claims))
    return tuple(out)


def shown_in_guideline(g: Record, ids: set[str]) -> set[str]:
    shown = {"/date_rule", "/effective", "/adopted", "/superseded", "/summary", "/name", "/body"}
    for gi, grp in enumerate(g.data["groups"]):
        for ti, t in enumerate(grp["types"]):
            if set(t["offences"]) & ids:
                shown.add(f"/groups/{gi}/types/{ti}")
                tid = t["id"]
                shown.update(f"/groups/{gi}/factors/{fi}" for fi, f in enumerate(grp["factors"]) if not f.get("types") or tid in f["types"])
    return shown


def shown_in_directive(d: Record, ids: set[str]) -> set[str]:
    return {"/issued", "/superseded", "/title", "/issuer", "/summary"} | {f"/rules/{i}" for i, r in enumerate(d.data["rules"]) if set(r["offences"]) & ids}
