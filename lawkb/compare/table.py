"""What a comparison returns: columns, cells, rows of aligned paragraphs with their changes, sections, and notes."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..model import Article, ArticleVersion, KnowledgeBase, Penalty, Source
from ..query import Ref, paragraph_label
from .delta import PenaltyDelta
from .words import Segment, same_text, word_diff


@dataclass(frozen=True)
class Cell:
    """One paragraph as one column shows it: law in force, a bill's proposal, or the enacted text."""

    article: Article
    number: int
    text_ko: str | None
    summary_en: str
    role: str
    penalty: Penalty | None
    penalty_recorded: bool = True
    version: ArticleVersion | None = None
    in_force: str | None = None
    bill_action: str | None = None
    items: tuple[Mapping[str, Any], ...] = ()
    sources: tuple[Source, ...] = ()
    act_name: str = ""  # the act's short name, set where cells of several articles share one table (offences)

    @property
    def full_text(self) -> str | None:
        """The paragraph with its items (호), as one text to compare."""
        if self.text_ko is None:
            return None
        lines = [self.text_ko] + [f"{it['number']}. {it['text_ko']}" for it in self.items]
        return "\n".join(lines)

    def label(self, lang: str = "ko") -> str:
        text = paragraph_label(self.article, self.number, lang=lang)
        return f"{self.act_name} {text}" if self.act_name and lang == "ko" else text

    def as_dict(self) -> dict[str, Any]:
        return {
            "article": self.article.id,
            "act": self.article.act,
            "article_number": self.article.number,
            "paragraph": self.number,
            "label_ko": self.label("ko"),
            "label_en": self.label("en"),
            "role": self.role,
            "text_ko": self.full_text,
            "summary_en": self.summary_en,
            "penalty": self.penalty.as_dict() if self.penalty else None,
            "penalty_recorded": self.penalty_recorded,
            "version": self.version.as_dict() if self.version else None,
            "in_force": self.in_force,
            "bill_action": self.bill_action,
        }


def in_force_marker(cell: Cell, column_date: str | None) -> str | None:
    """The paragraph's own in-force date where the addenda set one and it matters for the column's date, else None."""
    if cell.version is None or not cell.in_force or cell.in_force == cell.version.in_force:
        return None
    return cell.in_force if column_date is None or cell.in_force >= column_date else None


def article_order(article: Article) -> tuple[int, int]:
    """Article 14-2 comes after 14 and before 15."""
    main, _, sub = article.number.partition("-")
    return int(main), int(sub or 0)


def section_label(kb: KnowledgeBase, article: Article, lang: str) -> str:
    return Ref(article.act, article.number).label(kb, lang)


def note(code: str, en: str, ko: str) -> dict[str, str]:
    return {"code": code, "en": en, "ko": ko}


def add_sources(sources: list[Source], more: Iterable[Source]) -> None:
    """Append the sources not yet listed."""
    sources += [s for s in more if s not in sources]


@dataclass(frozen=True)
class Change:
    """How the cell of column `col` differs from the cell of column `base` in the same row."""

    base: int
    col: int
    change: str  # unchanged, modified, renumbered, added, removed
    old_number: int | None
    new_number: int | None
    text_changed: bool | None
    similarity: float | None
    words: tuple[Segment, ...] = ()
    penalty: PenaltyDelta | None = None
    note: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "from_column": self.base,
            "to_column": self.col,
            "change": self.change,
            "old_paragraph": self.old_number,
            "new_paragraph": self.new_number,
            "text_changed": self.text_changed,
            "similarity": None if self.similarity is None else round(self.similarity, 3),
            "words": [s.as_dict() for s in self.words],
            "penalty": self.penalty.as_dict() if self.penalty else None,
            "note": self.note,
        }


@dataclass
class Row:
    cells: list[Cell | None]
    changes: list[Change] = field(default_factory=list)

    def change(self, base: int, col: int) -> Change | None:
        for c in self.changes:
            if c.base == base and c.col == col:
                return c
        return None

    @property
    def unchanged(self) -> bool:
        return all(c.change == "unchanged" for c in self.changes)

    def has_paragraph(self, number: int) -> bool:
        return any(c is not None and c.number == number for c in self.cells)

    def as_dict(self) -> dict[str, Any]:
        return {"cells": [c.as_dict() if c else None for c in self.cells], "changes": [c.as_dict() for c in self.changes]}


@dataclass(frozen=True)
class Column:
    """One side of a comparison: the law on a date, a bill's proposal, or the enacted text."""

    kind: str  # law, bill, enacted
    label_en: str
    label_ko: str
    date: str | None = None
    bill: str | None = None
    amendment: str | None = None
    detail_en: str = ""
    detail_ko: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "label_en": self.label_en, "label_ko": self.label_ko, "date": self.date,
                "bill": self.bill, "amendment": self.amendment, "detail_en": self.detail_en, "detail_ko": self.detail_ko}


@dataclass
class Section:
    """The rows of one article (or of one offence's provisions) across the columns."""

    id: str
    kind: str  # article, offence
    label_ko: str
    label_en: str
    titles: list[Mapping[str, str] | None]
    versions: list[ArticleVersion | None]
    rows: list[Row]
    notes: list[dict[str, str]] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)

    @property
    def unchanged(self) -> bool:
        titles = [t["ko"] for t in self.titles if t]
        return all(r.unchanged for r in self.rows) and len(set(titles)) <= 1

    def title_words(self, base: int, col: int) -> tuple[Segment, ...]:
        a, b = self.titles[base], self.titles[col]
        if not a or not b or same_text(a["ko"], b["ko"]):
            return ()
        return word_diff(a["ko"], b["ko"])

    def keep_paragraph(self, number: int) -> None:
        """Drop the rows in which no column has this paragraph."""
        self.rows = [r for r in self.rows if r.has_paragraph(number)]

    def as_dict(self, pairs: Sequence[tuple[int, int]]) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "label_ko": self.label_ko,
            "label_en": self.label_en,
            "titles": [dict(t) if t else None for t in self.titles],
            "title_changes": [{"from_column": a, "to_column": b, "words": [s.as_dict() for s in words]}
                              for a, b in pairs if (words := self.title_words(a, b))],
            "versions": [v.as_dict() if v else None for v in self.versions],
            "unchanged": self.unchanged,
            "paragraphs": [r.as_dict() for r in self.rows],
            "notes": self.notes,
            "sources": [s.as_dict() for s in self.sources],
        }


@dataclass
class Comparison:
    """A whole comparison: what was compared, the columns, and one section per article or offence."""

    mode: str  # dates, bill, bills, amendment
    subject: dict[str, Any]
    columns: list[Column]
    pairs: list[tuple[int, int]]
    sections: list[Section]
    unchanged_sections: list[str] = field(default_factory=list)
    notes: list[dict[str, str]] = field(default_factory=list)
    paragraph: int | None = None
    bills: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "mode": self.mode,
            "subject": self.subject,
            "bills": self.bills,
            "paragraph": self.paragraph,
            "columns": [c.as_dict() for c in self.columns],
            "pairs": [{"from_column": a, "to_column": b} for a, b in self.pairs],
            "sections": [s.as_dict(self.pairs) for s in self.sections],
            "unchanged_sections": self.unchanged_sections,
            "notes": self.notes,
        }
