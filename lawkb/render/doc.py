"""A small document model (sections of fields, tables and lines) that answers are built into before any terminal sees them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

LANGS = ("ko", "en", "both")


@dataclass(frozen=True)
class Span:
    """A run of text with a style name the renderer maps to colours: ko, en, muted, warn, strong, ok, link, match."""

    text: str
    style: str = ""
    highlights: tuple[tuple[int, int], ...] = ()


Line = list[Span]


@dataclass
class Fields:
    rows: list[tuple[str, list[Line]]] = field(default_factory=list)

    def add(self, label: str, *lines: Line | Span | str | None) -> None:
        out = [ln for ln in (_line(x) for x in lines) if ln]
        if out:
            self.rows.append((label, out))


@dataclass
class Cell:
    """A table cell of several lines."""

    lines: list[Line]


@dataclass
class Table:
    columns: list[str]
    rows: list[list[list[Line]]] = field(default_factory=list)
    show_header: bool = True

    def add(self, *cells: Cell | Line | Span | str | None) -> None:
        self.rows.append([c.lines if isinstance(c, Cell) else [_line(c)] for c in cells])


@dataclass
class Lines:
    lines: list[Line] = field(default_factory=list)
    bullet: str = ""

    def add(self, *parts: Line | Span | str | None) -> None:
        line: Line = []
        for p in parts:
            line += _line(p)
        if line:
            self.lines.append(line)


Block = Fields | Table | Lines


@dataclass
class Section:
    title: str
    blocks: list[Block] = field(default_factory=list)

    def __bool__(self) -> bool:
        return any((b.rows if not isinstance(b, Lines) else b.lines) for b in self.blocks)


@dataclass
class Doc:
    title: Line
    subtitle: Line = field(default_factory=list)
    header: Fields = field(default_factory=Fields)
    sections: list[Section] = field(default_factory=list)

    def section(self, title: str, *blocks: Block) -> Section:
        s = Section(title, list(blocks))
        self.sections.append(s)
        return s


def _line(x: Line | Span | str | None) -> Line:
    if x is None or x == "":
        return []
    if isinstance(x, Span):
        return [x] if x.text else []
    if isinstance(x, str):
        return [Span(x)]
    return [s for s in x if s.text]


def bi(value: Any, lang: str, *, sep: str | None = None) -> list[Line]:
    """A bilingual {ko, en} value as lines in the chosen language(s); the other language stands in when one is missing."""
    if value is None:
        return []
    if isinstance(value, str):
        return [[Span(value)]]
    ko, en = value.get("ko"), value.get("en")
    if lang == "ko":
        pick = [(ko, "ko")] if ko else [(en, "en")]
    elif lang == "en":
        pick = [(en, "en")] if en else [(ko, "ko")]
    else:
        pick = [(t, s) for t, s in ((ko, "ko"), (en, "en")) if t]
    lines = [[Span(str(t), s)] for t, s in pick if t]
    if sep is not None and len(lines) > 1:
        joined: Line = []
        for i, ln in enumerate(lines):
            if i:
                joined.append(Span(sep, "muted"))
            joined += ln
        return [joined]
    return lines


def bi_line(value: Any, lang: str) -> Line:
    """A bilingual value on one line ('한국어 · English' for both)."""
    lines = bi(value, lang, sep=" · ")
    return lines[0] if lines else []


def pair(ko: str | None, en: str | None, lang: str) -> list[Line]:
    return bi({k: v for k, v in (("ko", ko), ("en", en)) if v}, lang)
