"""Documents as rich renderables: a header panel, then titled sections of fields, tables and lines."""

from __future__ import annotations

from typing import Any

from rich import box
from rich.console import Group
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table as RichTable
from rich.text import Text

from .doc import Block, Doc, Fields, Line, Lines, Table

STYLES = {"ko": "", "en": "cyan", "muted": "dim", "warn": "bold yellow", "strong": "bold", "ok": "green", "link": "blue", "match": "bold"}
MATCH = "bold black on yellow"
# Without colours a match is shown between these marks, so that piped output still shows what matched.
OPEN, CLOSE = "«", "»"


def line_text(line: Line, *, plain: bool) -> Text:
    out = Text()
    for span in line:
        style = STYLES.get(span.style, "")
        if not span.highlights:
            out.append(span.text, style=style)
            continue
        pos = 0
        for a, b in span.highlights:
            out.append(span.text[pos:a], style=style)
            if plain:
                out.append(OPEN + span.text[a:b] + CLOSE, style=style)
            else:
                out.append(span.text[a:b], style=MATCH)
            pos = b
        out.append(span.text[pos:], style=style)
    return out


def _cell(lines: list[Line], plain: bool) -> Text:
    return Text("\n").join(line_text(ln, plain=plain) for ln in lines)


def fields_table(fields: Fields, *, plain: bool) -> RichTable:
    grid = RichTable.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")
    for label, lines in fields.rows:
        grid.add_row(Text(label), _cell(lines, plain))
    return grid


def block(b: Block, *, plain: bool) -> Any:
    if isinstance(b, Fields):
        return fields_table(b, plain=plain)
    if isinstance(b, Table):
        if b.show_header:
            t = RichTable(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, header_style="bold")
        else:
            t = RichTable.grid(padding=(0, 1))
        for c in b.columns:
            t.add_column(c, overflow="fold")
        for row in b.rows:
            t.add_row(*(_cell(cell, plain) for cell in row))
        return t
    assert isinstance(b, Lines)
    if b.bullet:
        # A grid keeps wrapped lines under their first word, not under the bullet.
        grid = RichTable.grid(padding=(0, 1))
        grid.add_column(no_wrap=True)
        grid.add_column(overflow="fold")
        for ln in b.lines:
            grid.add_row(Text(b.bullet), line_text(ln, plain=plain))
        return grid
    return Group(*(line_text(ln, plain=plain) for ln in b.lines))


def render_doc(doc: Doc, *, plain: bool) -> Group:
    title = line_text(doc.title, plain=plain)
    title.stylize("bold")
    head: list[Any] = [title]
    if doc.subtitle:
        head.append(line_text(doc.subtitle, plain=plain))
    if doc.header.rows:
        head += [Text(""), fields_table(doc.header, plain=plain)]
    parts: list[Any] = [Panel(Group(*head), box=box.ROUNDED, expand=False, padding=(0, 1))]
    for s in doc.sections:
        if not s:
            continue
        parts.append(Text(""))
        if s.title:
            parts.append(Text(s.title, style="bold underline"))
        for b in s.blocks:
            parts.append(Padding(block(b, plain=plain), (0, 0, 0, 2), expand=False))
    return Group(*parts)
