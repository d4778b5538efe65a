"""Words and orderings shared by the text, Markdown and HTML renderings of comparisons, bills and timelines (no rich here)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Any

from ..compare import Cell, Column, Comparison, Event, PenaltyDelta, Row, Section, Segment, Timeline
from ..model import ArticleVersion, Source

CHANGE_EN = {"unchanged": "unchanged", "modified": "modified", "renumbered": "renumbered", "added": "added", "removed": "removed"}
CHANGE_KO = {"unchanged": "변경 없음", "modified": "개정", "renumbered": "항 이동", "added": "신설", "removed": "삭제"}
DIRECTION_EN = {"heavier": "heavier", "lighter": "lighter", "same": "same range"}
EVENT_EN = {"promulgated": "promulgated", "in_force": "in force", "proposed": "proposed", "passed": "passed", "merged": "merged",
            "lapsed": "lapsed", "withdrawn": "withdrawn", "rejected": "rejected", "adopted": "adopted", "effective": "effective",
            "superseded": "superseded", "issued": "issued", "indictment": "indictment", "first": "first instance", "appeal": "appeal",
            "supreme": "Supreme Court", "published": "published"}
LEGEND_PLAIN = "[-deleted-] {+inserted+}  = unchanged"


def shown_words(segments: Sequence[Segment], ops: Sequence[str]) -> Iterator[tuple[str, str, str]]:
    """The word-diff segments one side shows, as (op, changed words, trailing space); unchanged text comes whole.

    Every renderer marks the changed words its own way and leaves the space after them unmarked.
    """
    side = "new" if "insert" in ops else "old"
    for seg in segments:
        if seg.op not in ops:
            continue
        if seg.op == "equal":
            yield seg.op, seg.side(side), ""
            continue
        core = seg.text.rstrip()
        yield seg.op, core, seg.text[len(core):]


def span(date_from: str | None, date_to: str | None) -> str:
    if date_from and date_to:
        return f"{date_from} to {date_to}"
    if date_from:
        return f"from {date_from}"
    return f"until {date_to}" if date_to else "all dates"


def title(comp: Comparison) -> tuple[str, str]:
    """The heading of a comparison, Korean and English."""
    s = comp.subject
    if comp.mode == "dates":
        a, b = comp.columns[0].date, comp.columns[1].date
        return f"{s['label_ko']}: {a} ↔ {b}", f"{s['label_en']}: the law in force on {a} and on {b}"
    if comp.mode == "amendment":
        return f"{s['label_ko']}: 개정 전후", f"{s['label_en']}: before and as enacted"
    if comp.mode == "bill":
        return f"{s['label_ko']}: 현행법·법안·공포 법률", f"{s['label_en']}: the law, the bill and the enacted text"
    return f"{s['label_ko']}: 법안 비교", f"{s['label_en']}: bills compared"


def version_line(v: ArticleVersion | None, today: str | None = None) -> str:
    if v is None:
        return "not in force"
    pending = " — not yet in force" if today and v.in_force > today else ""
    return f"{v.title.get('ko', '')} — Act No. {v.act_number} (promulgated {v.promulgated}, in force {v.in_force}){pending}"


def row_number(row: Row) -> str:
    """'3', or '4→5' for a paragraph that moved between two columns; with more columns, the first column's number."""
    present = [c for c in row.cells if c is not None]
    if len(row.cells) > 2:
        return str(present[0].number) if present else ""
    seen: list[str] = []
    for c in present:
        if not seen or seen[-1] != str(c.number):
            seen.append(str(c.number))
    return "→".join(seen)


def moved_label(row: Row, k: int) -> str:
    """'¶4 ' when, with more than two columns, column k numbers the paragraph differently from the row."""
    cell = row.cells[k]
    if cell is None or len(row.cells) <= 2:
        return ""
    return "" if str(cell.number) == row_number(row) else f"¶{cell.number} "


def column_line(col: Column, version: ArticleVersion | None, today: str | None) -> str:
    """What a column shows: the version of the law, or the bill and the version it was drafted against."""
    if col.kind == "bill":
        return f"{col.detail_en}; drafted against Act No. {version.act_number}" if version else col.detail_en
    return version_line(version, today)


def row_change(comp: Comparison, row: Row) -> str:
    """The change word for the ¶ column: the one change in a two-column comparison, else a summary."""
    if len(comp.pairs) == 1:
        ch = row.changes[0] if row.changes else None
        return CHANGE_EN[ch.change] if ch else ""
    words = {c.change for c in row.changes if c.base == 0}
    return "unchanged" if words == {"unchanged"} else ""


def cell_label(cell: Cell) -> str:
    return cell.label("ko")


def pair_label(comp: Comparison, a: int, b: int) -> str:
    if len(comp.pairs) == 1:
        return ""
    return f"{comp.columns[b].label_en} vs {comp.columns[a].label_en}"


def penalty_lines(comp: Comparison, section: Section) -> list[tuple[str, str, PenaltyDelta]]:
    """(paragraph, pair label, delta) for every pair whose penalty changed or whose wording of the penalty changed."""
    out = []
    for row in section.rows:
        for ch in row.changes:
            if ch.penalty is None or ch.penalty.status == "unchanged":
                continue
            out.append((_row_label(section, row), pair_label(comp, ch.base, ch.col), ch.penalty))
    return out


def _row_label(section: Section, row: Row) -> str:
    if section.kind == "offence":
        labels: list[str] = []
        for c in row.cells:
            if c is not None and (not labels or labels[-1] != cell_label(c)):
                labels.append(cell_label(c))
        return "→".join(labels)
    return "¶" + row_number(row)


def delta_head(delta: PenaltyDelta) -> str:
    """'heavier · 10년 이하의 징역 → 5년 이상의 징역'."""
    if delta.status in ("added", "removed"):
        return delta.summary_en
    arrow = delta.summary_en.split(": ", 1)[0]
    word = "wording only" if delta.status == "wording" else DIRECTION_EN.get(delta.direction or "", "")
    return f"{word} · {arrow}" if word else arrow


def delta_details(delta: PenaltyDelta) -> tuple[str, str]:
    """The English and Korean lists of what changed (empty for new or removed penalties)."""
    if delta.status == "wording":
        return "the words changed; the penalty is the same", "표현만 변경, 법정형 동일"
    return "; ".join(delta.details_en), ", ".join(delta.details_ko)


def all_sources(comp: Comparison) -> list[Source]:
    seen: list[Source] = []
    for s in comp.sections:
        for src in s.sources:
            if all((src.url, src.title) != (x.url, x.title) for x in seen):
                seen.append(src)
    return seen


def source_line(s: Source) -> str:
    date = f", {s.date}" if s.date else ""
    return f"{s.title} — {s.publisher}{date} [{s.authority}] {s.url}"


def event_label(e: Event, sep: str = " · ") -> str:
    return f"{e.kind}{sep}{EVENT_EN.get(e.event, e.event)}"


def brief(text: str, limit: int = 160) -> str:
    """Each line's first sentence, cut at `limit` characters: the terminal's short form of a long summary."""
    out = []
    for line in text.splitlines():
        if len(line) <= limit:
            out.append(line)
            continue
        m = re.match(r"(.+?[.!?])(\s|$)", line)
        first = m.group(1) if m else line
        if len(first) > limit:
            first = first[:limit].rsplit(" ", 1)[0] + " …"
        elif first != line.strip():
            first += " …"
        out.append(first)
    return "\n".join(out)


def event_lines(e: Event, *, scoped: bool, several: bool, short: bool = False) -> list[tuple[str, str]]:
    """The lines under an event's title, each with a style name (en, muted, warn); `short` keeps summaries to a sentence."""
    lines: list[tuple[str, str]] = [(e.title_en, "en")]
    if e.changes:
        for c in e.changes:
            pen = c.get("penalty")
            text = f"{c['label_ko']}: " + (pen["summary_ko"] if pen else {"added": "신설", "removed": "삭제", "modified": "문구 개정"}[c["change"]])
            lines.append((text, ""))
    elif e.detail_en and not (scoped and e.kind == "amendment"):
        lines.append((brief(e.detail_en) if short else e.detail_en, "muted"))
    if e.status:
        lines.append((f"[{e.status}]", "warn"))
    if e.confidence and e.confidence != "high":
        lines.append((f"confidence: {e.confidence}", "muted"))
    if several and e.touches:
        lines.append(("concerns: " + ", ".join(e.touches), "muted"))
    return lines


def bill_lines(b: dict[str, Any]) -> list[tuple[str, str]]:
    """A bill as a few lines (text, style): number and title, English title, dates and status, summary, outcome."""
    number = f"bill {b['bill_number']} ({b['id']})" if b.get("bill_number") else b["id"]
    proposer = (b["proposer"].get("en") or b["proposer"].get("ko")).rstrip(".")
    status = f"{b['status']} ({b['status_ko']})" + (f" {b['decided']}" if b.get("decided") else "")
    enacted = f"; enacted as Act No. {b['enacted']['act_number']} (in force {b['enacted']['in_force']})" if b.get("enacted") else ""
    lines = [(f"{number}: {b['title']['ko']}", "strong"), (b["title"]["en"], "en"),
             (f"proposed {b['proposed']} by {proposer}; {status}{enacted}", "muted")]
    summary = b["summary"].get("en") or b["summary"].get("ko")
    if summary:
        lines.append((summary, ""))
    outcome = (b.get("outcome") or {}).get("en") or (b.get("outcome") or {}).get("ko")
    if outcome:
        lines.append((f"outcome: {outcome}", "muted"))
    return lines


def offence_versions(comp: Comparison, section: Section, today: str | None = None) -> list[tuple[str, str]]:
    """For an offence's provisions: per column, which article versions the cells came from."""
    out = []
    for k, col in enumerate(comp.columns):
        seen: list[str] = []
        for row in section.rows:
            cell = row.cells[k]
            if cell is not None and cell.version is not None:
                line = f"{cell.act_name} {cell.article.label('ko')} — {version_line(cell.version, today).split(' — ', 1)[1]}".strip()
                if line not in seen:
                    seen.append(line)
        out.append((col.label_en, "; ".join(seen) if seen else "no provision in force"))
    return out


def timeline_sources(tl: Timeline) -> list[Source]:
    seen: list[Source] = []
    for e in [*tl.events, *tl.undated]:
        for src in e.sources:
            if all((src.url, src.title) != (x.url, x.title) for x in seen):
                seen.append(src)
    return seen
