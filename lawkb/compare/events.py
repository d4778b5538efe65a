"""The merged timeline: amendments, bills, guidelines, directives, cases and reports as dated events, oldest first."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ..errors import UsageError
from ..model import Article, KnowledgeBase, Record, Source
from ..query import act_short_name
from .bill_records import bill_base_date, enacted_amendment, status_ko
from .dates import check_dates, check_order, period_of
from .delta import penalty_delta
from .law import changed_paragraphs
from .scope import Scope
from .table import section_label

EVENT_KINDS = ("amendment", "bill", "guideline", "directive", "case", "report")
_KIND_ORDER = {k: i for i, k in enumerate(EVENT_KINDS)}
_EVENT_ORDER = {e: i for i, e in enumerate(("promulgated", "in_force", "proposed", "passed", "merged", "lapsed", "withdrawn", "rejected",
                                             "adopted", "effective", "superseded", "issued", "indictment", "first", "appeal", "supreme", "published"))}
_LEVEL_EN = {"indictment": "indictment", "first": "first instance", "appeal": "appeal", "supreme": "Supreme Court"}
_LEVEL_KO = {"indictment": "기소", "first": "1심", "appeal": "항소심", "supreme": "상고심"}
_TYPE_EN = {"제정": "enactment", "일부개정": "partial amendment", "전부개정": "full revision", "타법개정": "amendment by another act",
            "타법폐지": "repeal by another act"}


@dataclass(frozen=True)
class Event:
    """One dated happening: an amendment promulgated or brought into force, a bill, a guideline, a directive, a case, a report."""

    date: str | None  # YYYY, YYYY-MM or YYYY-MM-DD; None when the source gives no date
    kind: str
    event: str
    record: str
    title_en: str
    title_ko: str
    detail_en: str = ""
    detail_ko: str = ""
    status: str | None = None
    touches: tuple[str, ...] = ()
    changes: tuple[Mapping[str, Any], ...] = ()
    sources: tuple[Source, ...] = ()
    confidence: str | None = None

    def sort_key(self) -> tuple[str, int, int, str, int]:
        """Date order; a date known only to the month or year sorts at the end of that period (an appeal dated '2021'
        after a first instance dated '2021-01'), after the events dated within it."""
        end = period_of(self.date)[1] if self.date else "9999-12-31"
        return (end, -len(self.date or ""), _KIND_ORDER.get(self.kind, 9), self.record, _EVENT_ORDER.get(self.event, 99))

    def as_dict(self) -> dict[str, Any]:
        return {"date": self.date, "kind": self.kind, "event": self.event, "record": self.record, "title_en": self.title_en,
                "title_ko": self.title_ko, "detail_en": self.detail_en, "detail_ko": self.detail_ko, "status": self.status,
                "touches": list(self.touches), "changes": [dict(c) for c in self.changes], "confidence": self.confidence,
                "sources": [s.as_dict() for s in self.sources]}


@dataclass
class Timeline:
    scope: Scope
    date_from: str | None
    date_to: str | None
    kinds: list[str]
    events: list[Event]
    undated: list[Event]
    today: str

    def as_dict(self) -> dict[str, Any]:
        return {"scope": self.scope.as_dict(), "from": self.date_from, "to": self.date_to, "kinds": self.kinds, "today": self.today,
                "events": [e.as_dict() for e in self.events], "undated": [e.as_dict() for e in self.undated]}


def timeline(kb: KnowledgeBase, scope: Scope, *, date_from: str | None = None, date_to: str | None = None,
             kinds: Iterable[str] = (), now: str) -> Timeline:
    """Every dated event in scope between two dates, oldest first; undated case instances listed apart."""
    date_from, date_to = check_dates(date_from, date_to)
    if date_from and date_to:
        check_order(date_from, date_to)
    chosen = list(dict.fromkeys(kinds)) or list(EVENT_KINDS)
    for k in chosen:
        if k not in EVENT_KINDS:
            raise UsageError("kind-unknown", f"unknown event kind '{k}'", "kinds: " + ", ".join(EVENT_KINDS))
    collect = {"amendment": _amendment_events, "bill": _bill_events, "guideline": _guideline_events, "directive": _directive_events,
               "case": _case_events, "report": _report_events}
    events = [e for kind in EVENT_KINDS if kind in chosen for e in collect[kind](kb, scope, now)]
    dated = sorted((e for e in events if e.date is not None and _overlaps(e.date, date_from, date_to)), key=Event.sort_key)
    # An event without a date cannot be placed inside a range: it is listed only when no range was asked for.
    undated = sorted((e for e in events if e.date is None), key=Event.sort_key) if not (date_from or date_to) else []
    return Timeline(scope, date_from, date_to, chosen, dated, undated, now)


def _either(text: Mapping[str, Any], lang: str) -> Any:
    """The text in one language, else in the other."""
    return text.get(lang) or text.get("ko" if lang == "en" else "en")


def _overlaps(date: str | None, date_from: str | None, date_to: str | None) -> bool:
    if date is None:
        return True
    start, end = period_of(date)
    return (date_from is None or end >= date_from) and (date_to is None or start <= date_to)


def _amendment_changes(kb: KnowledgeBase, scope: Scope, amendment: Record) -> list[dict[str, Any]]:
    """The paragraphs an amendment changed (within the scope), each with its in-force date, change and penalty delta."""
    changes: list[dict[str, Any]] = []
    for art in kb.of_kind("article"):
        if not isinstance(art, Article):
            continue
        for i, v in enumerate(art.versions):
            if v.amendment != amendment.id:
                continue
            prev = art.versions[i - 1] if i else None
            for n, date in changed_paragraphs(prev, v):
                p = v.paragraph(n)
                old_p = prev.paragraph(n) if prev else None
                is_offence = any(x is not None and x.role == "offence" for x in (p, old_p))
                tags = {art.id} if scope.everything else scope.touched(art.id, n, date, is_offence=is_offence)
                if not tags:
                    continue
                gone = p is None or p.role == "deleted"
                if old_p is not None and old_p.role == "deleted":
                    old_p = None
                if old_p is not None and p is not None and old_p.role != p.role and not gone:
                    old_p = None  # the number now holds another provision: for this paragraph it is new
                kind = "added" if old_p is None else "removed" if gone else "modified"
                delta = penalty_delta(old_p.penalty if old_p else None, None if gone or p is None else p.penalty)
                changes.append({"article": art.id, "paragraph": n, "in_force": date,
                                "label_ko": section_label(kb, art, "ko") + (f"제{n}항" if n else ""),
                                "label_en": section_label(kb, art, "en") + (f"({n})" if n else ""), "change": kind,
                                "penalty": delta.as_dict() if delta and delta.status != "unchanged" else None,
                                "touches": sorted(tags) if not scope.everything else []})
    return changes


def _amendment_events(kb: KnowledgeBase, scope: Scope, now: str) -> list[Event]:
    out: list[Event] = []
    for am in kb.of_kind("amendment"):
        d = am.data
        changes = _amendment_changes(kb, scope, am)
        tags: set[str] = set()
        for c in changes:
            tags |= set(c["touches"])
        tags |= scope.acts.get(d["act"], set())
        if not scope.everything and not tags:
            continue
        exceptions = {e["in_force"]: e for e in d.get("in_force_exceptions") or ()}
        dates = {c["in_force"] for c in changes}
        if scope.everything or d["act"] in scope.acts:
            dates |= {d["in_force"], *exceptions}
        name_ko = f"{act_short_name(kb, d['act'])} 법률 제{d['act_number']}호({d['type']})"
        name_en = f"{act_short_name(kb, d['act'], 'en')}, Act No. {d['act_number']} ({_TYPE_EN.get(d['type'], d['type'])})"
        touches = tuple(sorted(tags)) if not scope.everything else ()
        sources = tuple(am.cited(d["cite"]))
        first = min(dates) if dates else d["in_force"]
        out.append(Event(d["promulgated"], "amendment", "promulgated", am.id, f"{name_en} promulgated", f"{name_ko} 공포",
                         d["summary"].get("en", ""), d["summary"].get("ko", ""),
                         f"not yet in force (from {first})" if first > now else None, touches, (), sources))
        for date in sorted(dates):
            exc = exceptions.get(date) if date != d["in_force"] else None
            provisions = exc["provisions"] if exc else {}
            out.append(Event(date, "amendment", "in_force", am.id, f"{name_en} in force", f"{name_ko} 시행",
                             f"brought into force by the addenda: {_either(provisions, 'en')}" if exc else "",
                             f"부칙에 따른 시행: {_either(provisions, 'ko')}" if exc else "",
                             "not yet in force" if date > now else None, touches,
                             tuple(c for c in changes if c["in_force"] == date), sources))
    return out


def _bill_events(kb: KnowledgeBase, scope: Scope, now: str) -> list[Event]:
    out = []
    for b in kb.of_kind("bill"):
        d = b.data
        tags: set[str] = set()
        for c in d["changes"]:
            tags |= scope.touched(c["article"], c["paragraph"], is_offence=_bill_change_is_offence(kb, b, c))
        tags |= scope.acts.get(d["act"], set())
        if not scope.everything and not tags:
            continue
        number = d.get("bill_number") or b.id
        proposer = d["proposer"]
        touches = tuple(sorted(tags))
        sources = tuple(b.cited(d["cite"]))
        out.append(Event(str(d["proposed"]), "bill", "proposed", b.id,
                         f"Bill {number} proposed by {_either(proposer, 'en')}: {d['title']['en']}",
                         f"의안 {number} 발의({_either(proposer, 'ko')}): {d['title']['ko']}",
                         d["summary"].get("en", ""), d["summary"].get("ko", ""), "pending" if d["status"] == "pending" else None, touches, (), sources))
        if d["status"] != "pending":
            outcome = d.get("outcome") or {}
            enacted = enacted_amendment(kb, b)
            out.append(Event(str(d["decided"]) if d.get("decided") else None, "bill", d["status"], b.id,
                             f"Bill {number} {d['status']}", f"의안 {number} {status_ko(d['status'])}",
                             " ".join(x for x in (outcome.get("en", ""), f"Enacted as Act No. {enacted.data['act_number']}." if enacted else "") if x),
                             " ".join(x for x in (outcome.get("ko", ""), f"법률 제{enacted.data['act_number']}호로 공포." if enacted else "") if x),
                             None, touches, (), sources))
    return out


def _bill_change_is_offence(kb: KnowledgeBase, bill: Record, change: Mapping[str, Any]) -> bool:
    """Whether a bill's change concerns an offence: it proposes a penalty, or the paragraph it changes defines one."""
    if change.get("penalty"):
        return True
    art = kb.article(change["article"])
    found = art.paragraph_as_of(change["paragraph"], bill_base_date(bill)[0]) if art else None
    return found is not None and found[1].role == "offence"


def _guideline_events(kb: KnowledgeBase, scope: Scope, now: str) -> list[Event]:
    out = []
    for g in kb.of_kind("guideline"):
        d = g.data
        tags: set[str] = set()
        for grp in d["groups"]:
            for t in grp["types"]:
                tags |= scope.offence_tags(t["offences"])
                for p in t.get("provisions") or ():
                    tags |= scope.touched(p["article"], p.get("paragraph"))
        if not scope.everything and not tags:
            continue
        rule = d["date_rule"]["text"]
        common: dict[str, Any] = {"record": g.id, "touches": tuple(sorted(tags)), "sources": tuple(g.cited(d["cite"]))}
        out.append(Event(d["adopted"], "guideline", "adopted", title_en=f"{d['name']['en']} adopted", title_ko=f"{d['name']['ko']} 의결",
                         detail_en=f"by the {d['body']['en']}", detail_ko=f"{d['body']['ko']} 의결", **common))
        out.append(Event(d["effective"], "guideline", "effective", title_en=f"{d['name']['en']} takes effect", title_ko=f"{d['name']['ko']} 시행",
                         detail_en=rule.get("en", ""), detail_ko=rule.get("ko", ""), confidence=d["date_rule"]["confidence"], **common))
        if d.get("superseded"):
            out.append(Event(d["superseded"], "guideline", "superseded", title_en=f"{d['name']['en']} superseded",
                             title_ko=f"{d['name']['ko']} 개정으로 대체", **common))
    return out


def _directive_events(kb: KnowledgeBase, scope: Scope, now: str) -> list[Event]:
    out = []
    for r in kb.of_kind("directive"):
        d = r.data
        tags = scope.offence_tags(o for rule in d["rules"] for o in rule["offences"])
        if not scope.everything and not tags:
            continue
        common: dict[str, Any] = {"record": r.id, "touches": tuple(sorted(tags)), "sources": tuple(r.cited(d["cite"]))}
        demands = [rule for rule in d["rules"] if rule.get("demand") and (scope.everything or scope.offence_tags(rule["offences"]))]
        demands_en = "\n".join(f"{rule['role']['en']}: {_either(rule['demand']['text'], 'en')}" for rule in demands)
        demands_ko = "\n".join(f"{rule['role']['ko']}: {_either(rule['demand']['text'], 'ko')}" for rule in demands)
        out.append(Event(d["issued"], "directive", "issued", title_en=f"{d['issuer']['en']}: {d['title']['en']} issued",
                         title_ko=f"{d['issuer']['ko']} {d['title']['ko']} 시행", detail_en=demands_en, detail_ko=demands_ko, **common))
        if d.get("superseded"):
            out.append(Event(d["superseded"], "directive", "superseded", title_en=f"{d['title']['en']} superseded",
                             title_ko=f"{d['title']['ko']} 대체", **common))
    return out


def _case_events(kb: KnowledgeBase, scope: Scope, now: str) -> list[Event]:
    out = []
    for c in kb.of_kind("case"):
        d = c.data
        tags = scope.offence_tags(d["offences"])
        if not scope.everything and not tags:
            continue
        for inst in d["instances"]:
            lvl = inst["level"]
            court = inst["court"]
            en, ko = [inst["outcome"].get("en", "")], [inst["outcome"].get("ko", "")]
            for key, word_en, word_ko in (("demand", "Demanded", "구형"), ("sentence", "Sentence", "선고")):
                if inst.get(key):
                    text = inst[key]["text"]
                    en.append(f"{word_en}: {_either(text, 'en')}.")
                    ko.append(f"{word_ko}: {_either(text, 'ko')}.")
            number = f" ({inst['case_number']})" if inst.get("case_number") else ""
            out.append(Event(inst.get("date"), "case", lvl, c.id, f"{d['name']['en']}: {_LEVEL_EN[lvl]}, {court['en']}{number}",
                             f"{d['name']['ko']}: {_LEVEL_KO[lvl]}, {court['ko']}{number}", " ".join(x for x in en if x),
                             " ".join(x for x in ko if x), None, tuple(sorted(tags)), (), tuple(c.cited(inst["cite"])), inst["confidence"]))
    return out


def _report_events(kb: KnowledgeBase, scope: Scope, now: str) -> list[Event]:
    out = []
    for r in kb.of_kind("report"):
        d = r.data
        tags = scope.offence_tags(d.get("offences") or ())
        if not scope.everything and not tags:
            continue
        out.append(Event(str(d["published"]), "report", "published", r.id, f"{d['publisher']['en']}: {d['title']['en']}",
                         f"{d['publisher']['ko']}: {d['title']['ko']}", d["summary"].get("en", ""), d["summary"].get("ko", ""),
                         None, tuple(sorted(tags)), (), tuple(r.cited(d["cite"]))))
    return out
