"""Comparisons, bills and timelines as one self-contained HTML page: inline CSS, no scripts, every text escaped."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import Any

from ..compare import Comparison, Row, Section, Segment, Timeline, in_force_marker
from ..model import Source
from . import compare_common as common

CSS = """
body{font-family:"Noto Sans KR","Malgun Gothic","Apple SD Gothic Neo",sans-serif;margin:2rem auto;max-width:72rem;padding:0 1rem;
line-height:1.55;color:#1b1b1b}
h1{font-size:1.4rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #ccc}h3{font-size:1rem}
.en{color:#2b5d7d}.muted{color:#666}.warn{color:#8a5a00}
table{border-collapse:collapse;width:100%;table-layout:fixed;margin:.5rem 0 1rem}
th,td{border:1px solid #bbb;padding:.4rem .5rem;vertical-align:top;text-align:left;word-break:keep-all;overflow-wrap:anywhere}
th{background:#f2f2f2}td.num{width:6.5rem}col.num{width:6.5rem}
del{background:#fde2e2;color:#8b0000}ins{background:#dcf5dc;color:#0b5d1e;text-decoration:none;font-weight:600}
.added{background:#f0fbf0}.removed{background:#fdf0f0}
ul.pen li{margin-bottom:.4rem}
""".strip()


def page(title: str, body: Sequence[str]) -> str:
    return "\n".join(["<!DOCTYPE html>", '<html lang="ko">', "<head>", '<meta charset="utf-8">',
                      '<meta name="viewport" content="width=device-width, initial-scale=1">', f"<title>{escape(title)}</title>",
                      f"<style>{CSS}</style>", "</head>", "<body>", *body, "</body>", "</html>"]) + "\n"


def _text(text: str) -> str:
    return escape(text).replace("\n", "<br>")


def html_words(segments: Sequence[Segment], ops: Sequence[str]) -> str:
    out = []
    for op, text, tail in common.shown_words(segments, ops):
        if op == "equal":
            out.append(_text(text))
        else:
            tag = "del" if op == "delete" else "ins"
            out.append(f"<{tag}>{_text(text)}</{tag}>{_text(tail)}")
    return "".join(out)


def diff_html(comp: Comparison, *, full: bool = False, today: str | None = None) -> str:
    ko, en = common.title(comp)
    body = [f"<h1>{escape(ko)}</h1>", f'<p class="en">{escape(en)}</p>',
            '<p class="muted">Legend: <del>deleted</del> <ins>inserted</ins> · = unchanged</p>']
    for bill in comp.bills:
        body.append("<p>" + "<br>".join(f"<b>{escape(t)}</b>" if st == "strong" else f'<span class="{st}">{escape(t)}</span>' if st else escape(t)
                                        for t, st in common.bill_lines(bill)) + "</p>")
    body += [f'<p class="warn">{escape(n["en"])}</p>' for n in comp.notes]
    for section in comp.sections:
        body += _section(comp, section, full, today)
    if comp.unchanged_sections:
        body.append(f'<p class="muted">Unchanged: {escape(", ".join(comp.unchanged_sections))}</p>')
    body += _sources(comp)
    return page(ko, body)


def _sources(comp: Comparison) -> list[str]:
    sources = common.all_sources(comp)
    if not sources:
        return []
    return ["<h2>Sources</h2>", "<ul>", *(_source_item(s) for s in sources), "</ul>"]


def _source_item(s: Source) -> str:
    return (f'<li>{escape(s.title)} — {escape(s.publisher)}{escape(", " + s.date) if s.date else ""} ({escape(s.authority)}): '
            f'<a href="{escape(s.url, quote=True)}">{escape(s.url)}</a></li>')


def _section(comp: Comparison, section: Section, full: bool, today: str | None) -> list[str]:
    out = [f"<h2>{escape(section.label_ko)} · <span class=\"en\">{escape(section.label_en)}</span></h2>"]
    if section.kind == "article":
        out.append("<ul>")
        out += [f"<li><b>{escape(col.label_en)}</b>: {escape(common.column_line(col, v, today))}</li>"
                for col, v in zip(comp.columns, section.versions, strict=True)]
        for a, b in comp.pairs:
            t = section.title_words(a, b)
            if t:
                label = common.pair_label(comp, a, b)
                out.append("<li>title" + (f" ({escape(label)})" if label else "") + ": " + html_words(t, ("equal", "delete", "insert")) + "</li>")
        out.append("</ul>")
    else:
        out.append("<ul>" + "".join(f"<li><b>{escape(label)}</b>: {escape(line)}</li>" for label, line in common.offence_versions(comp, section, today))
                   + "</ul>")
    rows = section.rows if full else [r for r in section.rows if not r.unchanged]
    hidden = [r for r in section.rows if r not in rows]
    if rows:
        two = len(comp.columns) == 2
        out.append("<table>")
        out.append('<colgroup><col class="num">' + "<col>" * len(comp.columns) + "</colgroup>")
        out.append("<thead><tr><th>¶</th>" + "".join(f"<th>{escape(c.label_en)}</th>" for c in comp.columns) + "</tr></thead><tbody>")
        for row in rows:
            word = common.row_change(comp, row)
            head = escape(common.row_number(row)) + (f'<br><span class="muted">{escape(word)}</span>' if word else "")
            cells = "".join(_cell(section, row, k, two, comp.columns[k].date) for k in range(len(comp.columns)))
            out.append(f'<tr><td class="num">{head}</td>{cells}</tr>')
        out.append("</tbody></table>")
    if hidden:
        out.append(f'<p class="muted">Unchanged: {escape(", ".join("¶" + common.row_number(r) for r in hidden))}</p>')
    pen = common.penalty_lines(comp, section)
    if pen:
        out += ["<h3>Penalty changes</h3>", '<ul class="pen">']
        for label, pair, delta in pen:
            en, ko = common.delta_details(delta)
            extra = "".join(f"<br>{escape(x)}" if i else f'<br><span class="en">{escape(x)}</span>' for i, x in enumerate((en, ko)) if x)
            out.append(f"<li><b>{escape(label)}</b>" + (f" ({escape(pair)})" if pair else "") + f": {escape(common.delta_head(delta))}{extra}</li>")
        out.append("</ul>")
    out += [f'<p class="warn">{escape(n["en"])}</p>' for n in section.notes]
    return out


def _cell(section: Section, row: Row, k: int, two: bool, column_date: str | None) -> str:
    cell = row.cells[k]
    if cell is None:
        return '<td class="muted">' + ("— (deleted)" if k > 0 and row.cells[0] is not None else "—") + "</td>"
    prefix = f'<span class="muted">{escape(cell.label("ko"))}</span><br>' if section.kind == "offence" else ""
    if k > 0 and common.moved_label(row, k):
        prefix += f'<span class="warn">{escape(common.moved_label(row, k))}</span>'

    text = cell.full_text
    ch = row.change(0, 1 if k == 0 else k) if (k > 0 or two) else None
    css = ""
    if text is None:
        inner = '<span class="muted">(Korean text not recorded)</span> ' + f'<span class="en">{escape(cell.summary_en)}</span>'
    elif k > 0 and ch is not None and ch.change == "unchanged":
        inner = '<span class="muted">= unchanged</span>'
    elif k > 0 and ch is not None and ch.change == "renumbered" and not ch.text_changed:
        inner = '<span class="muted">= unchanged text' + ('' if common.moved_label(row, k) else f' (was ¶{ch.old_number})') + '</span>'
    elif ch is not None and ch.words:
        ops = ("equal", "delete") if k == 0 else (("equal", "insert") if two else ("equal", "delete", "insert"))
        inner = html_words(ch.words, ops)
    else:
        inner = _text(text)
        if ch is not None and k == 0 and ch.change == "removed":
            css = ' class="removed"'
        elif ch is not None and k > 0 and ch.change == "added":
            css = ' class="added"'
    marker = in_force_marker(cell, column_date)
    if marker:
        inner += f'<br><span class="warn">(in force from {escape(marker)})</span>'
    return f"<td{css}>{prefix}{inner}</td>"


def bills_html(bills: Sequence[dict[str, Any]]) -> str:
    body = [f"<h1>Bills ({len(bills)})</h1>"]
    if not bills:
        return page("Bills", body + ["<p>No bills match.</p>"])
    body.append("<table><thead><tr><th>bill</th><th>proposed</th><th>status</th><th>title</th><th>proposer</th><th>outcome</th></tr></thead><tbody>")
    for b in bills:
        status = escape(f"{b['status']} ({b['status_ko']})") + (f"<br>{escape(b['decided'])}" if b.get("decided") else "")
        if b.get("enacted"):
            status += f"<br>Act No. {b['enacted']['act_number']}"
        outcome = b.get("outcome") or {}
        body.append(f"<tr><td>{escape(b['bill_number'] or '—')}<br>{escape(b['id'])}</td><td>{escape(b['proposed'])}</td><td>{status}</td>"
                    f"<td>{escape(b['title']['ko'])}<br><span class=\"en\">{escape(b['title']['en'])}</span></td>"
                    f"<td>{escape(b['proposer'].get('ko') or b['proposer'].get('en'))}</td>"
                    f"<td>{escape(outcome.get('en') or outcome.get('ko') or '')}</td></tr>")
    body.append("</tbody></table>")
    return page("Bills", body)


def timeline_html(tl: Timeline) -> str:
    scope = ", ".join(tl.scope.refs) if tl.scope.refs else "everything in the knowledge base"
    body = [f"<h1>Timeline: {escape(scope)}</h1>",
            f'<p class="muted">{escape(common.span(tl.date_from, tl.date_to))} · {escape(", ".join(tl.kinds))} · '
            f"today {escape(tl.today)} · {len(tl.events)} events</p>"]
    events = [*tl.events, *tl.undated]
    if not events:
        return page("Timeline", body + ["<p>No events in this range.</p>"])
    body.append('<table><colgroup><col style="width:7rem"><col style="width:9rem"><col></colgroup>'
                "<thead><tr><th>date</th><th>event</th><th>what</th></tr></thead><tbody>")
    several = len(tl.scope.refs) > 1
    for e in events:
        lines = "".join(f'<br><span class="{style}">{escape(text)}</span>' if style else f"<br>{escape(text)}"
                        for text, style in common.event_lines(e, scoped=not tl.scope.everything, several=several))
        body.append(f"<tr><td>{escape(e.date or 'undated')}</td><td>{escape(common.event_label(e))}</td><td>{escape(e.title_ko)}{lines}</td></tr>")
    body.append("</tbody></table>")
    sources = common.timeline_sources(tl)
    if sources:
        body += ["<h2>Sources</h2>", "<ul>", *(_source_item(s) for s in sources), "</ul>"]
    return page("Timeline", body)
