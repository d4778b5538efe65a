"""Comparisons, bills and timelines as Markdown: ~~deleted~~ and **inserted** words, one table per article."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from ..compare import Comparison, Row, Section, Segment, Timeline, in_force_marker
from . import compare_common as common

_SPECIAL = re.compile(r"([\\`*_~\[\]<>|#])")


def esc(text: str) -> str:
    """Text safe inside a Markdown table cell: specials escaped, line breaks as <br>."""
    return _SPECIAL.sub(r"\\\1", text).replace("\r", "").replace("\n", "<br>")


def md_words(segments: Sequence[Segment], ops: Sequence[str]) -> str:
    out = []
    for op, text, tail in common.shown_words(segments, ops):
        mark = "" if op == "equal" else "~~" if op == "delete" else "**"
        out.append(f"{mark}{esc(text)}{mark}{esc(tail)}")
    return "".join(out)


def diff_markdown(comp: Comparison, *, full: bool = False, today: str | None = None) -> str:
    ko, en = common.title(comp)
    lines = [f"# {esc(ko)}", "", f"*{esc(en)}*", "", "Legend: ~~deleted~~ **inserted** · = unchanged", ""]
    for bill in comp.bills:
        for text, style in common.bill_lines(bill):
            lines.append(f"**{esc(text)}**  " if style == "strong" else f"*{esc(text)}*  " if style in ("en", "muted") else f"{esc(text)}  ")
        lines.append("")
    for note in comp.notes:
        lines += [f"> {esc(note['en'])}", ""]
    for section in comp.sections:
        lines += _section(comp, section, full, today)
    if comp.unchanged_sections:
        lines += ["Unchanged: " + ", ".join(esc(s) for s in comp.unchanged_sections), ""]
    sources = common.all_sources(comp)
    if sources:
        lines += ["## Sources", ""] + [f"- {esc(s.title)} — {esc(s.publisher)}{', ' + s.date if s.date else ''} ({s.authority}): <{s.url}>"
                                       for s in sources] + [""]
    return "\n".join(lines).rstrip() + "\n"


def _section(comp: Comparison, section: Section, full: bool, today: str | None) -> list[str]:
    lines = [f"## {esc(section.label_ko)} · {esc(section.label_en)}", ""]
    if section.kind == "article":
        lines += [f"- **{esc(col.label_en)}**: {esc(common.column_line(col, v, today))}" for col, v in zip(comp.columns, section.versions, strict=True)]
        for a, b in comp.pairs:
            t = section.title_words(a, b)
            if t:
                label = common.pair_label(comp, a, b)
                lines.append("- title" + (f" ({esc(label)})" if label else "") + ": " + md_words(t, ("equal", "delete", "insert")))
        lines.append("")
    else:
        lines += [f"- **{esc(label)}**: {esc(line)}" for label, line in common.offence_versions(comp, section, today)] + [""]
    rows = section.rows if full else [r for r in section.rows if not r.unchanged]
    hidden = [r for r in section.rows if r not in rows]
    if rows:
        lines.append("| ¶ | " + " | ".join(esc(c.label_en) for c in comp.columns) + " |")
        lines.append("|---" * (len(comp.columns) + 1) + "|")
        two = len(comp.columns) == 2
        for row in rows:
            word = common.row_change(comp, row)
            head = esc(common.row_number(row)) + (f"<br>{word}" if word else "")
            cells = []
            for k in range(len(comp.columns)):
                cell, marker = row.cells[k], None
                if cell is not None:
                    marker = in_force_marker(cell, comp.columns[k].date)
                cells.append(_cell(section, row, k, two) + (f"<br>*(in force from {marker})*" if marker else ""))
            lines.append(f"| {head} | " + " | ".join(cells) + " |")
        lines.append("")
    if hidden:
        lines += ["Unchanged: " + ", ".join("¶" + common.row_number(r) for r in hidden), ""]
    pen = common.penalty_lines(comp, section)
    if pen:
        lines += ["### Penalty changes", ""]
        for label, pair, delta in pen:
            en, ko = common.delta_details(delta)
            lines.append(f"- **{esc(label)}**" + (f" ({esc(pair)})" if pair else "") + f": {esc(common.delta_head(delta))}")
            lines += [f"  - {esc(x)}" for x in (en, ko) if x]
        lines.append("")
    for note in section.notes:
        lines += [f"> {esc(note['en'])}", ""]
    return lines


def _cell(section: Section, row: Row, k: int, two: bool) -> str:
    cell = row.cells[k]
    prefix = f"*{esc(cell.label('ko'))}*<br>" if cell is not None and section.kind == "offence" else ""
    if k > 0 and common.moved_label(row, k):
        prefix += f"*{esc(common.moved_label(row, k))}*"
    if cell is None:
        return "— (deleted)" if k > 0 and row.cells[0] is not None else "—"
    text = cell.full_text
    ch = row.change(0, 1 if k == 0 else k) if (k > 0 or two) else None
    if text is None:
        return prefix + "*(Korean text not recorded)* " + esc(cell.summary_en)
    if k > 0 and ch is not None and ch.change == "unchanged":
        return prefix + "= unchanged"
    if k > 0 and ch is not None and ch.change == "renumbered" and not ch.text_changed:
        return prefix + "= unchanged text" + ("" if common.moved_label(row, k) else f" (was ¶{ch.old_number})")
    if ch is not None and ch.words:
        ops = ("equal", "delete") if k == 0 else (("equal", "insert") if two else ("equal", "delete", "insert"))
        return prefix + md_words(ch.words, ops)
    if ch is not None and k == 0 and ch.change == "removed":
        return prefix + f"~~{esc(text)}~~"
    if ch is not None and k > 0 and ch.change == "added":
        return prefix + f"**{esc(text)}**"
    return prefix + esc(text)


def bills_markdown(bills: Sequence[dict[str, Any]]) -> str:
    lines = [f"# Bills ({len(bills)})", ""]
    if not bills:
        return "\n".join(lines + ["No bills match.", ""])
    lines += ["| bill | proposed | status | title | proposer | outcome |", "|---|---|---|---|---|---|"]
    for b in bills:
        status = f"{b['status']} ({b['status_ko']})" + (f"<br>{b['decided']}" if b.get("decided") else "")
        if b.get("enacted"):
            status += f"<br>Act No. {b['enacted']['act_number']}"
        outcome = b.get("outcome") or {}
        lines.append(f"| {esc(b['bill_number'] or '—')}<br>{esc(b['id'])} | {b['proposed']} | {status} | {esc(b['title']['ko'])}<br>{esc(b['title']['en'])} | "
                     f"{esc(b['proposer'].get('ko') or b['proposer'].get('en'))} | {esc(outcome.get('en') or outcome.get('ko') or '')} |")
    return "\n".join(lines) + "\n"


def timeline_markdown(tl: Timeline) -> str:
    scope = ", ".join(tl.scope.refs) if tl.scope.refs else "everything in the knowledge base"
    lines = [f"# Timeline: {esc(scope)}", "",
             f"*{common.span(tl.date_from, tl.date_to)} · {', '.join(tl.kinds)} · today {tl.today} · {len(tl.events)} events*", ""]
    events = [*tl.events, *tl.undated]
    if not events:
        return "\n".join(lines + ["No events in this range.", ""])
    lines += ["| date | event | what |", "|---|---|---|"]
    several = len(tl.scope.refs) > 1
    for e in events:
        what = [esc(e.title_ko)] + [esc(text) for text, _ in common.event_lines(e, scoped=not tl.scope.everything, several=several)]
        lines.append(f"| {e.date or 'undated'} | {esc(common.event_label(e))} | {'<br>'.join(what)} |")
    sources = common.timeline_sources(tl)
    if sources:
        lines += ["", "## Sources", ""] + [f"- {esc(s.title)} — {esc(s.publisher)}{', ' + s.date if s.date else ''} ({s.authority}): <{s.url}>"
                                           for s in sources]
    return "\n".join(lines) + "\n"
