"""Comparisons, bills and timelines for the terminal: side-by-side tables at most 100 columns wide, word marks without colour."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from rich import box
from rich.cells import cell_len
from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from ..compare import Comparison, Row, Section, Segment, Timeline, in_force_marker
from . import compare_common as common

MAX_WIDTH = 100
MIN_WIDTH = 60
DEL = ("[-", "-]")
INS = ("{+", "+}")
STYLE = {"delete": "red strike", "insert": "bold green", "en": "cyan", "muted": "dim", "warn": "yellow", "head": "bold"}


def to_text(build: Callable[[bool, int], RenderableType]) -> str:
    """Render for stdout: colour only on a colour terminal; without colour, word changes are marked [-…-] and {+…+}."""
    from ..console import make_console

    console = make_console()
    plain = console.color_system is None or console.no_color
    width = max(MIN_WIDTH, min(console.width, MAX_WIDTH))
    with console.capture() as cap:
        console.print(build(plain, width), width=width)
    return "\n".join(line.rstrip() for line in cap.get().splitlines())


def _style(name: str, plain: bool) -> str:
    return "" if plain else STYLE.get(name, "")


def words(segments: Sequence[Segment], ops: Sequence[str], plain: bool) -> Text:
    """The segments of the given ops as one Text, changed runs styled or, without colour, between marks."""
    out = Text()
    for op, text, tail in common.shown_words(segments, ops):
        if op == "equal":
            out.append(text)
            continue
        marks = DEL if op == "delete" else INS
        out.append(f"{marks[0]}{text}{marks[1]}" if plain else text, style=_style(op, plain))
        out.append(tail)
    return out


# ---- diff -----------------------------------------------------------------------------------------------


def diff_renderable(comp: Comparison, plain: bool, width: int, *, full: bool = False, today: str | None = None) -> RenderableType:
    ko, en = common.title(comp)
    parts: list[RenderableType] = [Text(ko, style=_style("head", plain)), Text(en, style=_style("en", plain))]
    if plain:
        parts.append(Text("legend: " + common.LEGEND_PLAIN, style=_style("muted", plain)))
    for bill in comp.bills:
        parts.append(Text(""))
        for line, style in common.bill_lines(bill):
            parts.append(Text(line, style=_style(style if style != "strong" else "head", plain)))
    if comp.bills:
        parts.append(Text(""))
    for note in comp.notes:
        parts.append(Text(f"note: {note['en']}", style=_style("warn", plain)))
    for section in comp.sections:
        parts += [Text(""), *_section(comp, section, plain, width, full, today)]
    if comp.unchanged_sections:
        parts += [Text(""), Text("unchanged: " + ", ".join(comp.unchanged_sections), style=_style("muted", plain))]
    sources = common.all_sources(comp)
    if sources:
        parts += [Text(""), Text("Sources", style=_style("head", plain))]
        parts += [Padding(Text(common.source_line(s), style=_style("muted", plain)), (0, 0, 0, 2)) for s in sources]
    return Group(*parts)


def _section(comp: Comparison, section: Section, plain: bool, width: int, full: bool, today: str | None) -> list[RenderableType]:
    out: list[RenderableType] = [Text(f"{section.label_ko} · {section.label_en}", style="bold underline" if not plain else "")]
    if section.kind == "article":
        for col, version in zip(comp.columns, section.versions, strict=True):
            out.append(Padding(Text(f"{col.label_en}: {common.column_line(col, version, today)}"), (0, 0, 0, 2)))
        for a, b in comp.pairs:
            t = section.title_words(a, b)
            if t:
                label = common.pair_label(comp, a, b)
                out.append(Padding(Text("title" + (f" ({label})" if label else "") + ": ").append_text(words(t, ("equal", "delete", "insert"), plain)),
                                   (0, 0, 0, 2)))
    else:
        for label, line in common.offence_versions(comp, section, today):
            out.append(Padding(Text(f"{label}: {line}"), (0, 0, 0, 2)))
    rows = section.rows if full else [r for r in section.rows if not r.unchanged]
    hidden = [r for r in section.rows if r not in rows]
    if rows:
        out.append(_table(comp, section, rows, plain))
    if hidden:
        out.append(Padding(Text("unchanged: " + ", ".join("¶" + common.row_number(r) for r in hidden) + " (--full shows them)",
                                style=_style("muted", plain)), (0, 0, 0, 2)))
    lines = common.penalty_lines(comp, section)
    if lines:
        out.append(Text("Penalty changes", style=_style("head", plain)))
        # Short labels (¶2) stand in a column of their own; long ones (an offence's 제13조제1항→제14조제1항) head their entry.
        beside = max(cell_len(label) for label, _, _ in lines) <= 12
        grid = Table.grid(padding=(0, 2))
        if beside:
            grid.add_column(no_wrap=True)
        grid.add_column(overflow="fold")
        for label, pair, delta in lines:
            body = Text(common.delta_head(delta))
            if pair:
                body = Text(pair + ": ", style=_style("muted", plain)).append_text(body)
            en, ko = common.delta_details(delta)
            if en:
                body.append("\n" + en, style=_style("en", plain))
            if ko:
                body.append("\n" + ko)
            if beside:
                grid.add_row(Text(label), body)
            else:
                grid.add_row(Group(Text(label), Padding(body, (0, 0, 0, 4))))
        out.append(Padding(grid, (0, 0, 0, 2)))
    for note in section.notes:
        out.append(Padding(Text(f"note: {note['en']}", style=_style("warn", plain)), (0, 0, 0, 2)))
    return out


def _table(comp: Comparison, section: Section, rows: Sequence[Row], plain: bool) -> Table:
    table = Table(box=box.SQUARE, show_lines=True, expand=True, header_style="bold" if not plain else "", padding=(0, 1))
    table.add_column("¶", width=10 if len(comp.columns) == 2 else 4, overflow="fold")
    for col in comp.columns:
        table.add_column(col.label_en, ratio=1, overflow="fold")
    two = len(comp.columns) == 2
    for row in rows:
        head = Text(common.row_number(row))
        word = common.row_change(comp, row)
        if word:
            head.append("\n" + word, style=_style("muted", plain))
        cells = [_cell(comp, section, row, k, plain, two) for k in range(len(comp.columns))]
        table.add_row(head, *cells)
    return table


def _cell(comp: Comparison, section: Section, row: Row, k: int, plain: bool, two: bool) -> Text:
    cell = row.cells[k]
    base = row.cells[0]
    out = Text()
    if cell is not None and section.kind == "offence":
        out.append(cell.label("ko") + "\n", style=_style("muted", plain))
    if cell is not None and k > 0 and common.moved_label(row, k):
        out.append(common.moved_label(row, k), style=_style("warn", plain))
    if cell is None:
        gone = k > 0 and base is not None
        return out.append("— (deleted)" if gone else "—", style=_style("muted", plain))
    text = cell.full_text
    if k == 0:
        ch = row.change(0, 1) if two else None
        if text is None:
            out.append(cell.summary_en, style=_style("en", plain))
        elif ch is not None and ch.words:
            out.append_text(words(ch.words, ("equal", "delete"), plain))
        elif ch is not None and ch.change == "removed":
            out.append(text, style=_style("delete", plain))
        else:
            out.append(text)
    else:
        ch = row.change(0, k)
        if ch is not None and ch.change == "unchanged":
            return out.append("= unchanged", style=_style("muted", plain))
        if text is None:
            out.append("(Korean text not recorded) ", style=_style("muted", plain)).append(cell.summary_en, style=_style("en", plain))
        elif ch is not None and ch.change == "renumbered" and not ch.text_changed:
            out.append("= unchanged text" + ("" if common.moved_label(row, k) else f" (was ¶{ch.old_number})"), style=_style("muted", plain))
        elif ch is not None and ch.words:
            out.append_text(words(ch.words, ("equal", "insert") if two else ("equal", "delete", "insert"), plain))
        elif ch is not None and ch.change == "added":
            out.append(text, style=_style("insert", plain))
        else:
            out.append(text)
    marker = in_force_marker(cell, comp.columns[k].date)
    if marker:
        out.append(f"\n(in force from {marker})", style=_style("warn", plain))
    return out


# ---- bills ----------------------------------------------------------------------------------------------


def bills_renderable(bills: Sequence[dict[str, Any]], plain: bool, width: int) -> RenderableType:
    if not bills:
        return Text("no bills match", style=_style("muted", plain))
    table = Table(box=box.SIMPLE_HEAD, expand=True, show_edge=False, header_style="bold" if not plain else "")
    table.add_column("bill", overflow="fold", ratio=2)
    table.add_column("proposed", no_wrap=True)
    table.add_column("status", overflow="fold", ratio=2)
    table.add_column("title · proposer", overflow="fold", ratio=5)
    for b in bills:
        number = b["bill_number"] or "—"
        status = Text(f"{b['status']} ({b['status_ko']})")
        if b.get("decided"):
            status.append(f"\n{b['decided']}")
        if b.get("enacted"):
            status.append(f"\nAct No. {b['enacted']['act_number']}", style=_style("en", plain))
        what = Text(b["title"]["ko"])
        what.append("\n" + b["title"]["en"], style=_style("en", plain))
        proposer = b["proposer"].get("ko") or b["proposer"].get("en")
        what.append(f"\n{proposer}", style=_style("muted", plain))
        outcome = b.get("outcome")
        if outcome:
            what.append("\n" + (outcome.get("en") or outcome.get("ko")), style=_style("muted", plain))
        table.add_row(Text(f"{number}\n{b['id']}"), Text(b["proposed"]), status, what)
    return Group(Text(f"{len(bills)} bill{'s' if len(bills) != 1 else ''}", style=_style("head", plain)), table)


# ---- timeline -------------------------------------------------------------------------------------------


def timeline_renderable(tl: Timeline, plain: bool, width: int) -> RenderableType:
    scope = ", ".join(tl.scope.refs) if tl.scope.refs else "everything in the knowledge base"
    span = common.span(tl.date_from, tl.date_to)
    head = [Text(f"Timeline: {scope}", style=_style("head", plain)),
            Text(f"{span} · {', '.join(tl.kinds)} · today {tl.today} · {len(tl.events)} events", style=_style("muted", plain))]
    if not tl.events and not tl.undated:
        return Group(*head, Text("no events in this range", style=_style("muted", plain)))
    several = len(tl.scope.refs) > 1
    table = Table(box=box.SIMPLE_HEAD, expand=True, show_edge=False, header_style="bold" if not plain else "", padding=(0, 1))
    table.add_column("date", no_wrap=True, width=10)
    table.add_column("event", overflow="fold", width=12)
    table.add_column("what", overflow="fold", ratio=1)
    for e in [*tl.events, *tl.undated]:
        what = Text(e.title_ko)
        for line, style in common.event_lines(e, scoped=not tl.scope.everything, several=several, short=True):
            what.append("\n" + line, style=_style(style, plain))
        table.add_row(Text(e.date or "undated"), Text(common.event_label(e, "\n")), what)
    sources = common.timeline_sources(tl)
    foot = Text(f"{len(sources)} sources cited; --format md, html or json lists them with each event.", style=_style("muted", plain))
    return Group(*head, table, foot)
