"""The law on two dates side by side (an article, a paragraph, an act or an offence), and what one amending act changed."""

from __future__ import annotations

import dataclasses

from ..errors import NotFoundError, UsageError
from ..model import Article, KnowledgeBase, Record, Source
from ..query import act_short_name, day_before, paragraph_label
from ..wording import a_kind
from .dates import check_order
from .law import enacted_version, law_cell, paragraphs_on, version_cells, version_on
from .paragraphs import article_section, build_rows
from .table import Cell, Column, Comparison, Section, add_sources, article_order, note, section_label
from .target import Target, subject


def compare_dates(kb: KnowledgeBase, target: Target, date_from: str, date_to: str, *, now: str) -> Comparison:
    """The law in force on two dates side by side, for an article, a paragraph, a whole act or an offence."""
    check_order(date_from, date_to)
    columns = [
        Column("law", f"in force {date_from}", f"{date_from} 시행", date_from),
        Column("law", f"in force {date_to}", f"{date_to} 시행", date_to),
    ]
    pairs = [(0, 1)]
    about = subject(kb, target)
    comp = Comparison("dates", about, columns, pairs, [], paragraph=target.paragraph)

    def section_of(art: Article, old: list[Cell], new: list[Cell]) -> Section:
        return article_section(kb, art, [old, new], [version_on(art, date_from), version_on(art, date_to)], pairs, now, [date_from, date_to])

    if target.kind == "article":
        assert target.article is not None
        art = target.article
        old, new = paragraphs_on(art, date_from), paragraphs_on(art, date_to)
        if not old and not new:
            first = art.versions[0].in_force if art.versions else None
            raise NotFoundError("not-in-force", f"{section_label(kb, art, 'ko')} was in force on neither {date_from} nor {date_to}",
                                f"its first recorded version came into force on {first}" if first else "")
        section = section_of(art, old, new)
        if target.paragraph is not None:
            section.keep_paragraph(target.paragraph)
            if not section.rows:
                raise NotFoundError("not-in-force", f"{paragraph_label(art, target.paragraph)} of {section_label(kb, art, 'ko')} "
                                    f"was in force on neither {date_from} nor {date_to}",
                                    "paragraphs: " + ", ".join(str(c.number) for c in (new or old)))
        comp.sections.append(section)
    elif target.kind in ("act", "amendment"):
        if target.kind == "act":
            articles = sorted((a for a in kb.of_kind("article") if isinstance(a, Article) and a.act == target.act), key=article_order)
        else:
            assert target.record is not None
            articles = [a for aid in target.record.data["articles"] if (a := kb.article(aid)) is not None]
        if not articles:
            raise NotFoundError("act-empty", f"the knowledge base records no article of {about['id']}")
        for art in articles:
            old, new = paragraphs_on(art, date_from), paragraphs_on(art, date_to)
            if not old and not new:
                continue
            section = section_of(art, old, new)
            if section.unchanged:
                comp.unchanged_sections.append(art.id)
            else:
                comp.sections.append(section)
        if not comp.sections:
            comp.notes.append(note("no-change", f"No recorded article of {about['id']} changed between {date_from} and {date_to}.",
                                   f"{date_from}부터 {date_to}까지 변경된 조문이 없다."))
    elif target.kind == "offence":
        assert target.record is not None
        old, new = _offence_cells(kb, target.record, date_from), _offence_cells(kb, target.record, date_to)
        if not old and not new:
            raise NotFoundError("not-in-force", f"{target.record.id} had no provision in force on {date_from} or {date_to}")
        rows = build_rows([old, new], pairs)
        versions_used = {(c.article.id, c.version.act_number): c for r in rows for c in r.cells if c and c.version}
        sources: list[Source] = []
        for c in versions_used.values():
            add_sources(sources, c.sources)
        comp.sections.append(Section(target.record.id, "offence", target.record.name("ko"), target.record.name("en"), [None, None],
                                     [None, None], rows, [], sources))
    else:
        raise UsageError("ref-kind", f"--from/--to compare the law on two dates; {about['id']} is {a_kind(target.kind)}")
    return comp


def _offence_cells(kb: KnowledgeBase, offence: Record, date: str) -> list[Cell]:
    cells = []
    for prov in offence.data["provisions"]:
        art = kb.article(prov["article"])
        if art is None:
            continue
        if (prov.get("from") and date < prov["from"]) or (prov.get("until") and date > prov["until"]):
            continue
        found = art.paragraph_as_of(prov["paragraph"], date)
        # A paragraph number can hold another rule before the offence was put there (a habitual rule that moved on).
        if found is not None and found[1].role == "offence":
            cells.append(dataclasses.replace(law_cell(art, *found), act_name=act_short_name(kb, art.act)))
    return cells


def enacted_sections(kb: KnowledgeBase, amendment: Record, pairs: list[tuple[int, int]], now: str, base: str | None = None) -> list[Section]:
    """Each article an amending act changed, as it read on `base` (by default the day before) and as enacted."""
    sections = []
    for aid in amendment.data["articles"]:
        art = kb.article(aid)
        version = enacted_version(art, amendment.id) if art else None
        if art is None or version is None:
            continue
        before = base or day_before(version.in_force)
        sections.append(article_section(kb, art, [paragraphs_on(art, before), version_cells(art, version)],
                                        [art.version_as_of(before), version], pairs, now, [before, version.in_force]))
    return sections


def compare_amendment(kb: KnowledgeBase, amendment: Record, *, now: str) -> Comparison:
    """What one amending act changed: each of its articles just before and as enacted."""
    d = amendment.data
    columns = [Column("law", f"before Act No. {d['act_number']}", f"법률 제{d['act_number']}호 이전", day_before(d["in_force"])),
               Column("enacted", f"Act No. {d['act_number']}", f"법률 제{d['act_number']}호", d["in_force"], amendment=amendment.id)]
    pairs = [(0, 1)]
    return Comparison("amendment", subject(kb, Target("amendment", amendment)), columns, pairs, enacted_sections(kb, amendment, pairs, now))
