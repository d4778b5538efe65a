"""What `search` says: ranked hits, each with the field it matched and a highlighted snippet."""

from __future__ import annotations

from ..index import Hit
from .doc import Cell, Doc, Span, Table, bi_line


def search_doc(text: str, hits: list[Hit], kind: str | None, lang: str) -> Doc:
    where = f" among {kind} records" if kind else ""
    doc = Doc(title=[Span(f"{len(hits)} result{'s' if len(hits) != 1 else ''} for ", "strong"), Span(text, "strong"), Span(where, "strong")])
    table = Table(["", ""], show_header=False)
    for i, h in enumerate(hits, 1):
        head = [Span(f"[{h.kind}] ", "muted"), Span(h.id, "strong"), Span(" — ")] + bi_line({"ko": h.name_ko, "en": h.name_en}, lang)
        what = "article reference" if h.reference else h.field
        table.add(Span(f"{i}.", "muted"), Cell([head, [Span(f"{what}: ", "muted"), Span(h.snippet, "", h.spans)]]))
    doc.section("", table)
    return doc
