"""Bills side by side: the law when they were proposed, each bill's proposal, and what was enacted."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import Any

from ..errors import UsageError
from ..model import Article, ArticleVersion, KnowledgeBase, Penalty, Record, Source
from ..query import paragraph_label
from .articles import enacted_sections
from .bill_records import bill_articles, bill_as_dict, bill_base_date, bills_on_article, enacted_amendment, status_ko
from .law import enacted_version, paragraphs_on, version_cells
from .paragraphs import article_section
from .table import Cell, Column, Comparison, Section, add_sources, note, section_label
from .target import Target, subject


def bill_cells(kb: KnowledgeBase, bill: Record, article: Article, base_date: str) -> tuple[list[Cell], list[dict[str, str]]]:
    """The article as the bill would have it: the law on `base_date` with the bill's changes applied.

    amend and delete name paragraphs in the law's numbering; add inserts at its number, and where the law already
    has that number the law's paragraphs from there on move up by one (the bill record does not say otherwise).
    """
    by_number: dict[int, Cell] = {c.number: c for c in paragraphs_on(article, base_date)}
    notes: list[dict[str, str]] = []
    changes = [c for c in bill.data["changes"] if c["article"] == article.id]
    bill_sources = tuple(bill.sources)
    for ch in changes:
        if ch["action"] == "add":
            continue
        n = ch["paragraph"]
        if ch["action"] == "delete":
            by_number.pop(n, None)
            continue
        old = by_number.get(n)
        by_number[n] = _bill_cell(bill, article, ch, old, bill_sources)
        if old is None:
            notes.append(note("bill-amends-missing", f"{bill.id} amends {paragraph_label(article, n, lang='en')}, which the law on {base_date} does not have.",
                              f"{bill.id}가 개정하는 {paragraph_label(article, n)}은(는) {base_date} 시행 법률에 없다."))
    for ch in sorted((c for c in changes if c["action"] == "add"), key=lambda c: c["paragraph"]):
        n = ch["paragraph"]
        if n in by_number and by_number[n].bill_action is None:
            moved = {}
            for m in sorted(by_number, reverse=True):
                if m >= n and by_number[m].bill_action is None:
                    moved[m + 1] = dataclasses.replace(by_number.pop(m), number=m + 1, bill_action="renumber")
            by_number.update(moved)
            notes.append(note("bill-insert-shift",
                              f"{bill.id} adds {paragraph_label(article, n, lang='en')}; the law's paragraphs from {n} on are shown one up.",
                              f"{bill.id}가 {paragraph_label(article, n)}을(를) 신설하므로 종전 제{n}항 이하는 한 항씩 밀린 것으로 표시한다."))
        by_number[n] = _bill_cell(bill, article, ch, None, bill_sources)
    return [by_number[n] for n in sorted(by_number)], notes


def _bill_cell(bill: Record, article: Article, ch: Mapping[str, Any], old: Cell | None, sources: tuple[Source, ...]) -> Cell:
    pen: Mapping[str, Any] | None = ch.get("penalty")
    penalty = Penalty.from_dict(pen) if pen else None
    if pen and penalty is not None and "habitual" not in pen and old is not None and old.penalty is not None and old.penalty.habitual_basis:
        # A bill's penalty that does not mention the habitual rule leaves it as it is; it does not repeal it.
        penalty = dataclasses.replace(penalty, habitual_basis=old.penalty.habitual_basis)
    recorded = pen is not None or (old is not None and old.penalty is None)
    role = "offence" if penalty else (old.role if old else "rule")
    cited = tuple(bill.cited(ch.get("cite"))) or sources
    return Cell(article, ch["paragraph"], ch.get("text_ko"), ch["summary_en"], role, penalty, recorded, None, None, ch["action"], (), cited)


def compare_bills(kb: KnowledgeBase, bills: Sequence[Record], *, articles: Sequence[Article] | None = None, paragraph: int | None = None,
                  base_date: str | None = None, with_enacted: bool = True, now: str) -> Comparison:
    """Bills against the law on the day they were proposed (and the first bill against what was enacted), one column each."""
    if not bills:
        raise UsageError("bill-missing", "no bill to compare", "name a bill, e.g. lawkb diff BILL, or lawkb diff REF --bill BILL")
    primary = bills[0]
    if articles is None:
        articles = bill_articles(kb, primary)
    if not articles:
        return _bill_without_text(kb, primary, base_date, with_enacted, now)
    starts = {b.id: bill_base_date(b) for b in bills}
    base = base_date or min(s for s, _ in starts.values())
    law_col = Column("law", f"law {base}", f"{base} 시행 법률", base,
                     detail_en="the law in force on " + (f"{base}, the day the bill was proposed" if base_date is None and len(bills) == 1 else base),
                     detail_ko=f"{base} 시행 법률")
    columns = [law_col] + [_bill_column(kb, b) for b in bills]
    pairs = [(0, k) for k in range(1, len(columns))]
    enacted = enacted_amendment(kb, primary) if with_enacted else None
    if enacted is not None:
        columns.append(_enacted_column(enacted))
        pairs += [(0, len(columns) - 1), (1, len(columns) - 1)]
    if len(bills) == 1:
        comp = Comparison("bill", subject(kb, Target("bill", primary)), columns, pairs, [], paragraph=paragraph, bills=[bill_as_dict(kb, primary)])
    else:
        about = {"type": "bills", "id": ",".join(b.id for b in bills), "label_ko": " · ".join(b.name("ko") for b in bills),
                 "label_en": " · ".join(b.name("en") for b in bills)}
        comp = Comparison("bills", about, columns, pairs, [], paragraph=paragraph, bills=[bill_as_dict(kb, b) for b in bills])
    for b in bills:
        start, end = starts[b.id]
        if start != end:
            comp.notes.append(note("partial-date", f"{b.id} gives its proposal date as {b.data['proposed']}; the law is read as in force on {start}.",
                                   f"{b.id}의 발의일은 {b.data['proposed']}까지만 알려져 있어 {start} 시행 법률과 비교한다."))
        if b.data["status"] not in ("passed", "merged"):
            when_en = f" on {b.data['decided']}" if b.data.get("decided") else ""
            when_ko = f"({b.data['decided']})" if b.data.get("decided") else ""
            comp.notes.append(note("bill-not-enacted", f"{b.id}: {b.data['status']}{when_en}; not enacted as proposed.",
                                   f"{b.id}: {status_ko(b.data['status'])}{when_ko}"))
    if with_enacted and enacted is None and primary.data.get("enacted_as"):
        comp.notes.append(note("enacted-missing", f"{primary.id} names {primary.data['enacted_as']}, which the knowledge base does not hold.",
                               f"{primary.data['enacted_as']} 기록이 지식베이스에 없다."))
    for art in articles:
        missing = [b.id for b in bills if not any(c["article"] == art.id for c in b.data["changes"])]
        if missing and len(articles) == 1:
            raise UsageError("bill-not-on-article", f"{', '.join(missing)} does not change {section_label(kb, art, 'ko')}",
                             "bills on this article: " + (", ".join(b.id for b in bills_on_article(kb, art)) or "none"))
        section = _bill_section(kb, art, bills, missing, starts, base, enacted, pairs, now, [c.date for c in columns])
        if paragraph is not None:
            section.keep_paragraph(paragraph)
        comp.sections.append(section)
    return comp


def _bill_section(kb: KnowledgeBase, art: Article, bills: Sequence[Record], missing: list[str], starts: Mapping[str, tuple[str, str]], base: str,
                  enacted: Record | None, pairs: Sequence[tuple[int, int]], now: str, dates: Sequence[str | None]) -> Section:
    """One article: the law on `base`, each bill's version of it, and the enacted text."""
    cols: list[Sequence[Cell]] = [paragraphs_on(art, base)]
    versions: list[ArticleVersion | None] = [art.version_as_of(base)]
    notes = [note("bill-not-on-article", f"{m} does not change {section_label(kb, art, 'en')}; its column repeats the law.",
                  f"{m}는 {section_label(kb, art, 'ko')}를 개정하지 않는다.") for m in missing]
    for b in bills:
        start, end = starts[b.id]
        cells, bill_notes = bill_cells(kb, b, art, start)
        if b.id not in missing and not _same_cells(paragraphs_on(art, start), cols[0]):
            other = art.version_as_of(start)
            notes.append(note("bill-other-base", f"{b.id} was proposed on {b.data['proposed']}, when {section_label(kb, art, 'en')} read as in "
                              f"Act No. {other.act_number if other else '?'}, not as in the law column; its column also shows the changes "
                              f"made since (use --from {start} to compare from its date).",
                              f"{b.id}는 {b.data['proposed']} 발의 당시 조문(법률 제{other.act_number if other else '?'}호)을 기준으로 하므로 "
                              "그 열에는 그 사이의 법률 개정도 함께 나타난다."))
        if start != end and not _same_cells(paragraphs_on(art, start), paragraphs_on(art, end)):
            notes.append(note("partial-date-ambiguous", f"{section_label(kb, art, 'en')} changed during {b.data['proposed']}, so the text {b.id} "
                              "was drafted against is uncertain.", f"{b.data['proposed']} 중에 조문이 바뀌어 {b.id}의 기준 조문이 불확실하다."))
        cols.append(cells)
        versions.append(art.version_as_of(start))
        notes += [n for n in bill_notes if n not in notes]
    if enacted is not None:
        number = enacted.data["act_number"]
        ev = enacted_version(art, enacted.id)
        if ev is None:
            cols.append(paragraphs_on(art, enacted.data["in_force"]))
            versions.append(art.version_as_of(enacted.data["in_force"]))
            notes.append(note("enacted-unchanged", f"Act No. {number} did not change {section_label(kb, art, 'en')}; the enacted column "
                              f"shows the text in force on {enacted.data['in_force']}.",
                              f"법률 제{number}호는 {section_label(kb, art, 'ko')}를 개정하지 않았다."))
        else:
            cols.append(version_cells(art, ev))
            versions.append(ev)
    section = article_section(kb, art, cols, versions, pairs, now, dates)
    section.notes = notes + section.notes
    for b in bills:
        add_sources(section.sources, b.cited(b.data.get("cite")))
    return section


def _bill_without_text(kb: KnowledgeBase, bill: Record, base_date: str | None, with_enacted: bool, now: str) -> Comparison:
    """A bill whose proposed text is not recorded: say so, and show the law when it was proposed against what was enacted."""
    base = base_date or bill_base_date(bill)[0]
    enacted = enacted_amendment(kb, bill) if with_enacted else None
    columns = [Column("law", f"law {base}", f"{base} 시행 법률", base, detail_en=f"the law in force on {base}", detail_ko=f"{base} 시행 법률")]
    comp = Comparison("bill", subject(kb, Target("bill", bill)), columns, [], [], bills=[bill_as_dict(kb, bill)])
    comp.notes.append(note("bill-text-missing", f"The knowledge base does not record the text {bill.id} proposed; see its summary.",
                           f"{bill.id}의 법안 조문은 기록되어 있지 않다."))
    if enacted is None:
        return comp
    number = enacted.data["act_number"]
    comp.columns.append(_enacted_column(enacted))
    comp.pairs.append((0, 1))
    comp.notes.append(note("bill-enacted-shown", f"Shown instead: what Act No. {number} enacted, against the law on {base}.",
                           f"대신 법률 제{number}호로 공포된 조문을 {base} 시행 법률과 비교한다."))
    comp.sections += enacted_sections(kb, enacted, comp.pairs, now, base)
    return comp


def _enacted_column(enacted: Record) -> Column:
    e = enacted.data
    return Column("enacted", f"Act No. {e['act_number']}", f"법률 제{e['act_number']}호", e["in_force"], amendment=enacted.id,
                  detail_en=f"enacted: Act No. {e['act_number']}, promulgated {e['promulgated']}, in force {e['in_force']}",
                  detail_ko=f"법률 제{e['act_number']}호 ({e['promulgated']} 공포, {e['in_force']} 시행)")


def _bill_column(kb: KnowledgeBase, bill: Record) -> Column:
    d = bill.data
    proposer = d["proposer"]
    enacted = enacted_amendment(kb, bill)
    decided = f" {d['decided']}" if d.get("decided") else ""
    en = f"proposed {d['proposed']} by {(proposer.get('en') or proposer.get('ko')).rstrip('.')}; {d['status']}{decided}"
    ko = f"{d['proposed']} 발의({proposer.get('ko') or proposer.get('en')}); {status_ko(d['status'])}{decided}"
    if enacted is not None:
        en += f"; became Act No. {enacted.data['act_number']}"
        ko += f"; 법률 제{enacted.data['act_number']}호로 공포"
    label_en, label_ko = (f"bill {d['bill_number']}", f"의안 {d['bill_number']}") if d.get("bill_number") else (bill.id, bill.id)
    return Column("bill", label_en, label_ko, bill_base_date(bill)[0], bill=bill.id, detail_en=en, detail_ko=ko)


def _same_cells(a: Sequence[Cell], b: Sequence[Cell]) -> bool:
    return [(c.number, c.full_text) for c in a] == [(c.number, c.full_text) for c in b]
