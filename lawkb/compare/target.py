"""What a REF names: an act, an article (maybe one paragraph), an offence, an amendment or a bill."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..errors import NotFoundError, UsageError
from ..model import Article, KnowledgeBase, Record
from ..query import Ref, act_aliases, act_short_name, clean, normalize, resolve
from ..wording import a_kind


@dataclass(frozen=True)
class Target:
    """What the user named: an act, an article (maybe one paragraph), an offence, an amendment or a bill."""

    kind: str
    record: Record | None = None
    article: Article | None = None
    paragraph: int | None = None
    act: str | None = None


def resolve_target(kb: KnowledgeBase, text: str) -> Target:
    """Read a REF: a record id, an act alias, an offence name, or an article reference."""
    raw = clean(text)
    if not raw:
        raise UsageError("ref-empty", "no reference given", "name an article (청소년성보호법:11), an act, an offence or a bill")
    rec = kb.get(raw)
    if rec is None and re.fullmatch(r"\d{5,8}", raw):
        rec = next((b for b in kb.of_kind("bill") if b.data.get("bill_number") == raw), None)
    if rec is None:
        key = normalize(raw)
        aliases = act_aliases(kb)
        if key in aliases:
            return Target("act", kb.get(aliases[key]), act=aliases[key])
        found = resolve(raw, kb)
        if isinstance(found, Ref):
            art = kb.article(found.article_id)
            if art is None:
                raise NotFoundError("article-not-found", f"{found.label(kb)} is not in the knowledge base")
            return Target("article", art, art, found.paragraph, art.act)
        rec = found
    if isinstance(rec, Article):
        return Target("article", rec, rec, None, rec.act)
    if rec.kind == "act":
        return Target("act", rec, act=rec.id)
    if rec.kind in ("offence", "bill", "amendment"):
        return Target(rec.kind, rec, act=rec.data.get("act"))
    # Terms, guidelines, directives, cases and reports: each command says what it does with them.
    return Target(rec.kind, rec)


# Record kinds that appear in a timeline as events of their own (`lawkb timeline --kind KIND`).
EVENT_KINDS = ("guideline", "directive", "case", "report")


def wrong_kind_for_diff(target: Target) -> UsageError:
    """The error for a REF that names a record diff cannot compare (a term, guideline, directive, case or report)."""
    assert target.record is not None
    rid, kind = target.record.id, target.kind
    hint = f"try 'lawkb show {rid}'" + (f", or 'lawkb timeline --kind {kind}' for its place in time" if kind in EVENT_KINDS else "")
    return UsageError("ref-kind", f"{rid} is {a_kind(kind)}; diff compares articles, acts, offences, amendments and bills", hint)


def subject(kb: KnowledgeBase, target: Target) -> dict[str, Any]:
    """What a comparison is about, as its type, id and a label in each language."""
    if target.kind == "article" and target.article is not None:
        ref = Ref(target.article.act, target.article.number, target.paragraph)
        return {"type": "paragraph" if target.paragraph is not None else "article", "id": target.article.id,
                "label_ko": ref.label(kb, "ko"), "label_en": ref.label(kb, "en")}
    rec = target.record
    assert rec is not None
    if rec.kind == "amendment":
        d = rec.data
        short, name_en = act_short_name(kb, d["act"]), act_short_name(kb, d["act"], "en")
        return {"type": "amendment", "id": rec.id, "label_ko": f"{short} 법률 제{d['act_number']}호 ({d['promulgated']} 공포, {d['in_force']} 시행)",
                "label_en": f"{name_en}, Act No. {d['act_number']} (promulgated {d['promulgated']}, in force {d['in_force']})"}
    return {"type": target.kind, "id": rec.id, "label_ko": rec.name("ko"), "label_en": rec.name("en")}
