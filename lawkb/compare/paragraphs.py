"""Matching paragraphs across columns (a moved paragraph shows as renumbered) into rows, and an article's section of rows."""

from __future__ import annotations

from collections.abc import Sequence

from ..model import Article, ArticleVersion, KnowledgeBase, Source
from .delta import PenaltyDelta, penalty_delta
from .table import Cell, Change, Row, Section, add_sources, article_order, in_force_marker, note, section_label
from .words import Segment, same_text, similarity, word_diff

# Pairing rules: identical text first (a move shows as renumbered), then the most similar pairs; a paragraph that
# keeps its number needs little likeness to count as the same paragraph, one that changes number needs a lot.
SAME_NUMBER_MIN = 0.25
MOVED_MIN = 0.6


def align(base: Sequence[Cell], other: Sequence[Cell]) -> list[tuple[int | None, int | None, float | None]]:
    """Pair paragraphs of two texts: (index in base, index in other, similarity); unpaired ones stand alone."""
    pairs: dict[int, tuple[int, float]] = {}
    used: set[int] = set()

    def key(c: Cell) -> tuple[str, int]:
        return (c.article.id, c.number)

    for i, a in enumerate(base):
        for prefer_same in (True, False):
            if i in pairs:
                break
            for j, b in enumerate(other):
                if j in used or (prefer_same and key(a) != key(b)):
                    continue
                if a.full_text is not None and same_text(a.full_text, b.full_text):
                    pairs[i] = (j, 1.0)
                    used.add(j)
                    break
    candidates = []
    for i, a in enumerate(base):
        if i in pairs:
            continue
        for j, b in enumerate(other):
            if j in used:
                continue
            same = key(a) == key(b)
            if a.full_text is None or b.full_text is None:
                sim = 0.0
                if not same:
                    continue
            else:
                sim = similarity(a.full_text, b.full_text)
            if (same and (sim >= SAME_NUMBER_MIN or a.full_text is None or b.full_text is None)) or sim >= MOVED_MIN:
                candidates.append((sim + (0.15 if same else 0.0) + (0.05 if a.role == b.role else 0.0), i, j, sim))
    for _, i, j, sim in sorted(candidates, key=lambda c: (-c[0], c[1], c[2])):
        if i in pairs or j in used:
            continue
        pairs[i] = (j, sim)
        used.add(j)
    out: list[tuple[int | None, int | None, float | None]] = [(i, pairs[i][0], pairs[i][1]) if i in pairs else (i, None, None)
                                                              for i in range(len(base))]
    out += [(None, j, None) for j in range(len(other)) if j not in used]
    return out


def build_rows(columns: Sequence[Sequence[Cell]], pairs: Sequence[tuple[int, int]]) -> list[Row]:
    """Rows across any number of columns, aligned on column 0; paragraphs column 0 lacks are grouped by likeness."""
    rows: list[Row] = [Row([c] + [None] * (len(columns) - 1)) for c in columns[0]]
    for k in range(1, len(columns)):
        base_rows = [r for r in rows if r.cells[0] is not None]
        for i, j, _ in align([r.cells[0] for r in base_rows if r.cells[0] is not None], columns[k]):
            if i is not None and j is not None:
                base_rows[i].cells[k] = columns[k][j]
        placed = {id(r.cells[k]) for r in rows if r.cells[k] is not None}
        rest = [c for c in columns[k] if id(c) not in placed]
        if not rest:
            continue
        loose = [r for r in rows if r.cells[0] is None and r.cells[k] is None]
        reps = [next(c for c in r.cells if c is not None) for r in loose]
        for i, j, _ in align(reps, rest):
            if j is None:
                continue
            if i is not None:
                loose[i].cells[k] = rest[j]
            else:
                cells: list[Cell | None] = [None] * len(columns)
                cells[k] = rest[j]
                rows.append(Row(cells))
    for row in rows:
        row.changes = [c for a, b in pairs if (c := _change(row.cells[a], row.cells[b], a, b)) is not None]

    def order(row: Row) -> tuple[tuple[int, int, int], int]:
        last = max(i for i, c in enumerate(row.cells) if c is not None)
        cell = row.cells[last]
        assert cell is not None
        return (*article_order(cell.article), cell.number), last

    rows.sort(key=order)
    return rows


def _change(a: Cell | None, b: Cell | None, ia: int, ib: int) -> Change | None:
    if a is None and b is None:
        return None
    if a is None:
        assert b is not None
        return Change(ia, ib, "added", None, b.number, None, None, (), _delta(None, b))
    if b is None:
        return Change(ia, ib, "removed", a.number, None, None, None, (), _delta(a, None))
    ta, tb = a.full_text, b.full_text
    text_changed: bool | None = None
    words: tuple[Segment, ...] = ()
    sim: float | None = None
    remark = None
    if ta is not None and tb is not None:
        text_changed = not same_text(ta, tb)
        words = word_diff(ta, tb) if text_changed else ()
        sim = similarity(ta, tb)
    else:
        remark = "the proposed Korean text is not recorded; compare the summaries"
    delta = _delta(a, b)
    if (a.article.id, a.number) != (b.article.id, b.number):
        change = "renumbered"
    elif text_changed is False and (delta is None or not delta.changed) and a.role == b.role:
        change = "unchanged"
    else:
        change = "modified"
    return Change(ia, ib, change, a.number, b.number, text_changed, sim, words, delta, remark)


def _delta(a: Cell | None, b: Cell | None) -> PenaltyDelta | None:
    if (a is not None and not a.penalty_recorded) or (b is not None and not b.penalty_recorded):
        return None
    return penalty_delta(a.penalty if a else None, b.penalty if b else None)


def article_section(kb: KnowledgeBase, art: Article, columns: Sequence[Sequence[Cell]], versions: Sequence[ArticleVersion | None],
                    pairs: Sequence[tuple[int, int]], now: str, dates: Sequence[str | None]) -> Section:
    """One article across the columns, with the notes a reader needs: repeal, versions not yet in force, own in-force dates."""
    rows = build_rows(columns, pairs)
    sources: list[Source] = []
    for v in versions:
        if v is not None:
            add_sources(sources, art.cited(v.cite))
    for col in columns:
        for c in col:
            add_sources(sources, c.sources)
    notes = []
    repealed = art.data.get("repealed")
    if repealed and any(d and d >= repealed for d in dates):
        notes.append(note("repealed", f"{section_label(kb, art, 'en')} was repealed with effect from {repealed}.",
                          f"{section_label(kb, art, 'ko')}는 {repealed}부터 삭제되었다."))
    for v in versions:
        if v is not None and v.in_force > now:
            notes.append(note("pending-version", f"Act No. {v.act_number} (promulgated {v.promulgated}) is not yet in force; it takes effect on {v.in_force}.",
                              f"법률 제{v.act_number}호({v.promulgated} 공포)는 {v.in_force}부터 시행 예정이다."))
    for col, date in zip(columns, dates, strict=True):
        for c in col:
            if in_force_marker(c, date):
                assert c.version is not None
                marker = note("paragraph-in-force", f"{c.label('en')} of Act No. {c.version.act_number} is in force from {c.in_force} (addenda).",
                              f"법률 제{c.version.act_number}호 {c.label('ko')}는 부칙에 따라 {c.in_force}부터 시행한다.")
                if marker not in notes:
                    notes.append(marker)
    return Section(art.id, "article", section_label(kb, art, "ko"), section_label(kb, art, "en"),
                   [v.title if v else None for v in versions], list(versions), rows, notes, sources)
