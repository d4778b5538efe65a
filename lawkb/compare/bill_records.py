"""Revision bills as records: their statuses, lookups, the act each became, and the list `lawkb bills` prints."""

from __future__ import annotations

import difflib
from typing import Any

from ..errors import NotFoundError, UsageError
from ..model import Article, KnowledgeBase, Record
from ..query import clean, resolve_act
from .dates import period_of

BILL_STATUSES = ("pending", "passed", "merged", "lapsed", "withdrawn", "rejected")
_STATUS_KO = {"pending": "계류", "passed": "가결", "merged": "대안반영폐기", "lapsed": "임기만료폐기", "withdrawn": "철회", "rejected": "부결"}


def status_ko(status: str) -> str:
    return _STATUS_KO.get(status, status)


def bill_base_date(bill: Record) -> tuple[str, str]:
    """The first and last day the proposal date can mean (a partial date covers a month or a year)."""
    return period_of(str(bill.data["proposed"]))


def bill_order(bill: Record) -> tuple[str, str]:
    """Oldest proposal first, then by id."""
    return bill_base_date(bill)[0], bill.id


def enacted_amendment(kb: KnowledgeBase, bill: Record) -> Record | None:
    aid = bill.data.get("enacted_as")
    rec = kb.get(aid) if aid else None
    return rec if rec is not None and rec.kind == "amendment" else None


def bill_articles(kb: KnowledgeBase, bill: Record) -> list[Article]:
    seen: list[Article] = []
    for ch in bill.data["changes"]:
        art = kb.article(ch["article"])
        if art is not None and art not in seen:
            seen.append(art)
    return seen


def bills_on_article(kb: KnowledgeBase, article: Article, paragraph: int | None = None) -> list[Record]:
    return [b for b in kb.of_kind("bill") if any(c["article"] == article.id and (paragraph is None or c["paragraph"] == paragraph)
                                                   for c in b.data["changes"])]


def find_bill(kb: KnowledgeBase, text: str) -> Record:
    """A bill by id or by its bill number (의안번호)."""
    key = clean(text)
    rec = kb.get(key)
    if rec is not None and rec.kind == "bill":
        return rec
    for b in kb.of_kind("bill"):
        if b.data.get("bill_number") and b.data["bill_number"] == key:
            return b
    near = sorted(difflib.get_close_matches(key, [b.id for b in kb.of_kind("bill")], n=3, cutoff=0.5))
    raise NotFoundError("bill-not-found", f"no bill '{key}' in the knowledge base",
                        ("did you mean: " + ", ".join(near) + "?") if near else "list them with 'lawkb bills'")


def list_bills(kb: KnowledgeBase, *, status: str | None = None, act: str | None = None) -> list[Record]:
    """Bills, oldest proposal first, optionally of one status and one act (any alias)."""
    if status is not None and status not in BILL_STATUSES:
        raise UsageError("status-unknown", f"unknown bill status '{status}'", "statuses: " + ", ".join(BILL_STATUSES))
    act_id = resolve_act(kb, act) if act else None
    out = [b for b in kb.of_kind("bill") if (status is None or b.data["status"] == status) and (act_id is None or b.data["act"] == act_id)]
    return sorted(out, key=bill_order)


def bill_as_dict(kb: KnowledgeBase, bill: Record) -> dict[str, Any]:
    d = bill.data
    enacted = enacted_amendment(kb, bill)
    return {
        "id": bill.id,
        "bill_number": d.get("bill_number"),
        "title": dict(d["title"]),
        "act": d["act"],
        "proposer": dict(d["proposer"]),
        "proposed": d["proposed"],
        "status": d["status"],
        "status_ko": status_ko(d["status"]),
        "decided": d.get("decided"),
        "outcome": dict(d["outcome"]) if d.get("outcome") else None,
        "enacted_as": d.get("enacted_as"),
        "enacted": None if enacted is None else {"amendment": enacted.id, "act_number": enacted.data["act_number"],
                                                  "promulgated": enacted.data["promulgated"], "in_force": enacted.data["in_force"]},
        "changes": [{"article": c["article"], "paragraph": c["paragraph"], "action": c["action"]} for c in d["changes"]],
        "summary": dict(d["summary"]),
        "sources": [s.as_dict() for s in bill.sources],
    }
