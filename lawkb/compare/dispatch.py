"""`lawkb diff` in one call: decide from REF and the options what to compare, then compare it."""

from __future__ import annotations

from collections.abc import Sequence

from ..errors import NotFoundError, UsageError
from ..model import Article, KnowledgeBase
from ..query import day_before
from .articles import compare_amendment, compare_dates
from .bill_records import bill_articles, bill_order, bills_on_article, find_bill
from .bills import compare_bills
from .dates import check_dates
from .law import change_dates
from .table import Comparison, section_label
from .target import Target, resolve_target, wrong_kind_for_diff


def diff(kb: KnowledgeBase, ref: str, *, date_from: str | None = None, date_to: str | None = None, bills: Sequence[str] = (),
         all_bills: bool = False, now: str) -> Comparison:
    """The one entry point of `lawkb diff`: decide what to compare from REF and the options, then compare it."""
    date_from, date_to = check_dates(date_from, date_to)
    target = resolve_target(kb, ref)
    if target.kind not in ("article", "act", "offence", "bill", "amendment"):
        raise wrong_kind_for_diff(target)
    extra = [find_bill(kb, b) for b in bills]
    if target.kind == "bill":
        assert target.record is not None
        if date_to is not None:
            raise UsageError("options-conflict", "--to does not apply to a bill",
                             "a bill is compared with the law on the day it was proposed; --from chooses another date")
        chosen = [target.record] + [b for b in extra if b.id != target.record.id]
        if all_bills:
            for art in bill_articles(kb, target.record):
                chosen += [b for b in bills_on_article(kb, art) if b not in chosen]
        return compare_bills(kb, chosen, base_date=date_from, with_enacted=True, now=now)
    if extra or all_bills:
        if target.kind != "article" or target.article is None:
            raise UsageError("options-conflict", "--bill and --all-bills compare bills on one article", "name an article, e.g. 청소년성보호법:11")
        if date_to is not None:
            raise UsageError("options-conflict", "--to does not apply when comparing bills", "use --from to choose the date of the law column")
        chosen = list(extra)
        if all_bills:
            chosen += [b for b in bills_on_article(kb, target.article, target.paragraph) if b not in chosen]
        if not chosen:
            raise NotFoundError("bill-none-on-article", f"no bill in the knowledge base changes {section_label(kb, target.article, 'ko')}")
        chosen.sort(key=bill_order)
        return compare_bills(kb, chosen, articles=[target.article], paragraph=target.paragraph, base_date=date_from,
                             with_enacted=False, now=now)
    if target.kind == "amendment" and date_from is None and date_to is None:
        assert target.record is not None
        return compare_amendment(kb, target.record, now=now)
    to = date_to or now
    if date_from is None:
        date_from = _default_from(kb, target, to)
    return compare_dates(kb, target, date_from, to, now=now)


def _default_from(kb: KnowledgeBase, target: Target, date_to: str) -> str:
    """Without --from: the day before the last change in force on --to that touched what was named."""
    touched: list[tuple[Article, int | None]] = []
    if target.article is not None:
        touched = [(target.article, target.paragraph)]
    elif target.kind == "act":
        touched = [(a, None) for a in kb.of_kind("article") if isinstance(a, Article) and a.act == target.act]
    elif target.kind == "offence" and target.record is not None:
        touched = [(a, p["paragraph"]) for p in target.record.data["provisions"] if (a := kb.article(p["article"])) is not None]
    dates = [d for art, n in touched for d in change_dates(art, n) if d <= date_to]
    if not dates:
        name = target.record.id if target.record else "it"
        raise NotFoundError("not-in-force", f"nothing of {name} was in force on {date_to}", "give --from and --to")
    return day_before(max(dates))
