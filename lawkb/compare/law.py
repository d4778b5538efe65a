"""The law's own paragraphs as cells (on a date, or of one version), and the dates on which they changed."""

from __future__ import annotations

from ..model import Article, ArticleVersion, Paragraph
from .delta import penalty_data_key
from .table import Cell
from .words import same_text


def law_cell(article: Article, version: ArticleVersion, p: Paragraph) -> Cell:
    return Cell(article, p.number, p.text_ko, p.summary_en, p.role, p.penalty, True, version, version.paragraph_in_force(p),
                None, p.items, tuple(article.cited(version.cite)))


def paragraphs_on(article: Article, date: str) -> list[Cell]:
    """The article's paragraphs in force on a date, each from the version that governs it."""
    if article.version_as_of(date) is None:
        return []
    cells = []
    numbers = sorted({p.number for v in article.versions if v.in_force <= date for p in v.paragraphs})
    for n in numbers:
        found = article.paragraph_as_of(n, date)
        if found is not None:
            cells.append(law_cell(article, *found))
    return cells


def version_on(article: Article, date: str) -> ArticleVersion | None:
    """The version in force on a date; None before the first one and once the article is repealed."""
    repealed = article.data.get("repealed")
    return None if repealed and date >= repealed else article.version_as_of(date)


def version_cells(article: Article, version: ArticleVersion) -> list[Cell]:
    """The paragraphs of one version as it was enacted."""
    return [law_cell(article, version, p) for p in version.paragraphs if p.role != "deleted"]


def enacted_version(article: Article, amendment_id: str) -> ArticleVersion | None:
    """The article's version that an amending act enacted, if it changed the article."""
    return next((v for v in article.versions if v.amendment == amendment_id), None)


def paragraph_changed(prev: ArticleVersion, v: ArticleVersion, n: int) -> bool:
    """Whether paragraph n took a new text, role, own in-force date or penalty from one version to the next."""
    new, old = v.paragraph(n), prev.paragraph(n)
    if new is None or old is None:
        return (new is None) != (old is None)
    if not same_text(old.text_ko, new.text_ko) or old.role != new.role or new.in_force not in (None, v.in_force):
        return True
    if (old.penalty is None) != (new.penalty is None):
        return True
    return old.penalty is not None and new.penalty is not None and penalty_data_key(old.penalty) != penalty_data_key(new.penalty)


def changed_paragraphs(prev: ArticleVersion | None, v: ArticleVersion, only: int | None = None) -> list[tuple[int, str]]:
    """The paragraphs version v changed (all of them for the first version), each with the date it took effect.

    With `only`, that paragraph alone is asked about; the first version counts as changing it even where it lacks it.
    """
    numbers = [only] if only is not None else sorted({p.number for p in v.paragraphs} | {p.number for p in (prev.paragraphs if prev else ())})
    out = []
    for n in numbers:
        if prev is None or paragraph_changed(prev, v, n):
            p = v.paragraph(n)
            out.append((n, v.paragraph_in_force(p) if p else v.in_force))
    return out


def change_dates(article: Article, paragraph: int | None = None) -> list[str]:
    """The dates on which the article (or one paragraph of it) took a new text or penalty, the first version included."""
    dates = {date for i, v in enumerate(article.versions) for _, date in changed_paragraphs(article.versions[i - 1] if i else None, v, paragraph)}
    return sorted(dates)
