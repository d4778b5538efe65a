"""The search index: every searchable text of the knowledge base, folded for matching, with a character-bigram index.

`build_index(kb)` is pure and the Index holds only plain data, so it pickles and can be rebuilt at will.
Korean words of two syllables (소지, 제작, 배포) are found through the bigram postings; one-character terms fall back to a scan.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from .errors import UsageError
from .model import Article, KnowledgeBase, Record

INDEX_FORMAT = 1

# Weights of where a text sits in its record: names count most, notes least.
W_NAME, W_ALIAS, W_ID, W_TITLE, W_ELEMENT, W_TEXT, W_SUMMARY, W_NOTE = 5.0, 4.0, 3.0, 4.0, 2.5, 2.0, 1.5, 0.8

_FOLD_SPACE = set("·ㆍ・‧•∙⋅-‐‑–—_/")
_FULLWIDTH = {**{i: i - 0xFEE0 for i in range(0xFF01, 0xFF5F)}, 0x3000: 0x20}


def fold(text: str) -> str:
    """The matching form of a text: NFC, lower case, middle dots, hyphens and spaces as one space."""
    return _fold(text)[0]


def _fold(text: str) -> tuple[str, list[int]]:
    """Folded text and, for each folded character, its index in `text` (which must already be NFC)."""
    out: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(text.translate(_FULLWIDTH)):
        if ch in _FOLD_SPACE or ch.isspace():
            if out and out[-1] != " ":
                out.append(" ")
                where.append(i)
            continue
        low = ch.lower()
        out.append(low if len(low) == 1 else ch)
        where.append(i)
    if out and out[-1] == " ":
        out.pop()
        where.pop()
    return "".join(out), where


def _display(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", str(text))).strip()


def _bigrams(text: str) -> set[str]:
    return {text[i:i + 2] for i in range(len(text) - 1)}


def _stem(term: str) -> str:
    """A light English stem so that 'filmed', 'films' and 'filming' meet; Korean terms are left alone."""
    if not term.isascii() or not term.isalpha() or len(term) < 5:
        return term
    for suffix in ("ations", "ation", "ings", "ing", "ies", "ed", "es", "s"):
        if term.endswith(suffix) and len(term) - len(suffix) >= 4:
            return term[: -len(suffix)]
    return term


@dataclass(frozen=True)
class Field:
    """One searchable text: the record it belongs to, where in it, how much it weighs, the text and its folded form."""

    record: str
    label: str
    weight: float
    text: str
    folded: str


@dataclass(frozen=True)
class Entry:
    """What a hit needs to name its record without the knowledge base."""

    id: str
    kind: str
    name_ko: str
    name_en: str
    act: str | None = None
    number: str | None = None


@dataclass(frozen=True)
class Hit:
    id: str
    kind: str
    name_ko: str
    name_en: str
    score: float
    field: str
    snippet: str
    spans: tuple[tuple[int, int], ...]
    reference: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "kind": self.kind, "name": {"ko": self.name_ko, "en": self.name_en}, "score": round(self.score, 3),
                "field": self.field, "snippet": self.snippet, "highlights": [list(s) for s in self.spans], "reference": self.reference}


@dataclass
class Index:
    """Plain data only (picklable): fields, record entries, bigram postings and the article numbers for references."""

    fields: list[Field] = field(default_factory=list)
    entries: dict[str, Entry] = field(default_factory=dict)
    postings: dict[str, tuple[int, ...]] = field(default_factory=dict)
    act_keys: dict[str, str] = field(default_factory=dict)
    paragraphs: dict[str, dict[int, str]] = field(default_factory=dict)
    format: int = INDEX_FORMAT

    def search(self, text: str, kind: str | None = None, limit: int = 20) -> list[Hit]:
        """Records matching every term of `text` (any term if none matches all), best first; article references first of all."""
        query = _display(text)
        if not fold(query):
            raise UsageError("empty-query", "the search text is empty", "give a word, a phrase or an article reference, e.g. 소지")
        if limit < 1:
            raise UsageError("limit-invalid", f"--limit {limit} must be at least 1")
        refs = list(self._reference_hits(query))
        hits: dict[str, Hit] = {h.id: h for h in refs if kind is None or h.kind == kind}
        # A reference is matched in other texts as written (e.g. 'Art. 14-2(4)' in a summary), not word by word.
        terms = [fold(query)] if refs else _terms(query)
        scored = self._score(terms, kind, require_all=True) or self._score(terms, kind, require_all=False)
        for rid, (score, fi) in sorted(scored.items(), key=lambda kv: (-kv[1][0], kv[0])):
            if rid in hits:
                continue
            entry = self.entries[rid]
            f = self.fields[fi]
            snippet, spans = _snippet(f.text, terms)
            hits[rid] = Hit(rid, entry.kind, entry.name_ko, entry.name_en, score, f.label, snippet, spans)
        return list(hits.values())[:limit]

    def _candidates(self, term: str) -> set[int]:
        if len(term) < 2:
            return set(range(len(self.fields)))
        grams = sorted(_bigrams(term), key=lambda g: len(self.postings.get(g, ())))
        found: set[int] | None = None
        for g in grams:
            ids = self.postings.get(g)
            if not ids:
                return set()
            found = set(ids) if found is None else found & set(ids)
            if not found:
                return set()
        return found or set()

    def _score(self, terms: list[str], kind: str | None, *, require_all: bool) -> dict[str, tuple[float, int]]:
        if not terms:
            return {}
        n_records = max(len(self.entries), 1)
        per_term: list[dict[str, tuple[float, int]]] = []
        for term in terms:
            best: dict[str, tuple[float, int]] = {}
            for fi in sorted(self._candidates(term)):
                f = self.fields[fi]
                if kind is not None and self.entries[f.record].kind != kind:
                    continue
                count = f.folded.count(term)
                if not count:
                    continue
                s = f.weight * (1 + 0.5 * math.log(count))
                if f.folded == term:
                    s *= 2.0
                elif term.isascii() and re.search(r"(?:^| )" + re.escape(term), f.folded):
                    s *= 1.3
                if s > best.get(f.record, (0.0, -1))[0]:
                    best[f.record] = (s, fi)
            idf = math.log(1 + n_records / (1 + len(best)))
            per_term.append({rid: (s * idf, fi) for rid, (s, fi) in best.items()})
        ids = set.intersection(*(set(p) for p in per_term)) if require_all else set().union(*(set(p) for p in per_term))
        out: dict[str, tuple[float, int]] = {}
        phrase = " ".join(terms)
        for rid in ids:
            parts = [p[rid] for p in per_term if rid in p]
            total = sum(s for s, _ in parts)
            fi = max(parts)[1]
            if len(terms) > 1:
                # A field holding the whole phrase is worth more, and it is the field to quote.
                for s, f_i in parts:
                    if phrase in self.fields[f_i].folded:
                        total += 2 * s
                        fi = f_i
                        break
            out[rid] = (total, fi)
        return out

    def _reference_hits(self, query: str) -> Iterator[Hit]:
        from .query import split_ref

        if not re.search(r"\d", query):
            return
        ref = split_ref(query)
        if ref is None:
            return
        act = None
        if ref.act_text:
            from .query import alias_key

            act = self.act_keys.get(alias_key(ref.act_text))
            if act is None:
                return
        for entry in self.entries.values():
            if entry.kind != "article" or entry.number != ref.number or (act and entry.act != act):
                continue
            paras = self.paragraphs.get(entry.id, {})
            if ref.paragraph is not None and ref.paragraph in paras:
                text, where = paras[ref.paragraph], f"paragraph {ref.paragraph}"
            else:
                text, where = entry.name_ko, "title"
            snippet = text if len(text) <= 160 else text[:159] + "…"
            yield Hit(entry.id, "article", entry.name_ko, entry.name_en, 1000.0, where, snippet, (), reference=True)


def _terms(query: str) -> list[str]:
    """Quoted phrases stay whole; other words are folded and lightly stemmed."""
    terms: list[str] = []
    for quoted, word in re.findall(r'"([^"]+)"|(\S+)', query):
        t = fold(quoted or word)
        if not t:
            continue
        if quoted:
            terms.append(t)
        else:
            terms += [_stem(w) for w in t.split(" ") if w]
    return list(dict.fromkeys(terms))


def _snippet(text: str, terms: list[str], width: int = 120) -> tuple[str, tuple[tuple[int, int], ...]]:
    """A window of the text around the first match, and where every term occurs inside it."""
    folded, where = _fold(text)
    matches: list[tuple[int, int]] = []
    for t in terms:
        for m in re.finditer(re.escape(t), folded):
            matches.append((where[m.start()], where[m.end() - 1] + 1))
    if not matches:
        return (text if len(text) <= width else text[: width - 1] + "…"), ()
    matches.sort()
    first = matches[0][0]
    start = max(0, first - width // 3)
    end = min(len(text), start + width)
    start = max(0, min(start, end - width))
    if start > 0:
        space = text.find(" ", start, first)
        start = space + 1 if space != -1 else start
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    snippet = prefix + text[start:end] + suffix
    shift = len(prefix) - start
    spans: list[tuple[int, int]] = []
    for a, b in matches:
        if a >= start and b <= end and not any(a < y and b > x for x, y in spans):
            spans.append((a + shift, b + shift))
    return snippet, tuple(sorted(spans))


# ---- what is searchable in each kind of record -------------------------------------------------------------


def _bi(value: Any, label: str, weight: float) -> Iterator[tuple[str, float, str]]:
    if isinstance(value, dict):
        for lang in ("ko", "en"):
            if value.get(lang):
                yield f"{label}.{lang}", weight, value[lang]
    elif isinstance(value, str) and value:
        yield label, weight, value


def _common(rec: Record) -> Iterator[tuple[str, float, str]]:
    d = rec.data
    yield "id", W_ID, rec.id
    for key in ("name", "title"):
        yield from _bi(d.get(key), key, W_NAME)
    for i, a in enumerate(d.get("aliases") or ()):
        yield f"aliases[{i}]", W_ALIAS, a
    yield from _bi(d.get("summary"), "summary", W_SUMMARY)
    for i, n in enumerate(d.get("notes") or ()):
        yield from _bi(n, f"notes[{i}]", W_NOTE)
    for i, n in enumerate(d.get("teaching_notes") or ()):
        yield from _bi(n, f"teaching_notes[{i}]", W_NOTE)
    for i, u in enumerate(d.get("unconfirmed") or ()):
        yield from _bi(u.get("note"), f"unconfirmed[{i}]", W_NOTE * 0.6)


def _article(art: Article) -> Iterator[tuple[str, float, str]]:
    for v in reversed(art.versions):
        tag = f"Act {v.act_number}"
        yield from _bi(dict(v.title), f"{tag} title", W_TITLE)
        for p in v.paragraphs:
            if p.role == "deleted":
                continue
            where = f"{tag} paragraph {p.number}"
            yield f"{where} text", W_TEXT, p.text_ko
            yield f"{where} summary", W_SUMMARY, p.summary_en
            for item in p.items:
                yield f"{where} item {item['number']}", W_TEXT, item["text_ko"]
                if item.get("summary_en"):
                    yield f"{where} item {item['number']} summary", W_SUMMARY, item["summary_en"]
        if v.note:
            yield from _bi(dict(v.note), f"{tag} note", W_NOTE)


def _specific(rec: Record) -> Iterator[tuple[str, float, str]]:
    d = rec.data
    k = rec.kind
    if k == "act":
        for a in [*d.get("abbreviations", []), *d.get("slugs", [])]:
            yield "abbreviation", W_ALIAS, a
    elif k == "amendment":
        yield "act number", W_ID, f"법률 제{d['act_number']}호 Act No. {d['act_number']} {d['type']}"
    elif k == "bill":
        if d.get("bill_number"):
            yield "bill number", W_ID, d["bill_number"]
        yield from _bi(d.get("proposer"), "proposer", W_NOTE)
        yield from _bi(d.get("outcome"), "outcome", W_NOTE)
        for i, c in enumerate(d["changes"]):
            if c.get("text_ko"):
                yield f"changes[{i}] text", W_TEXT, c["text_ko"]
            yield f"changes[{i}] summary", W_SUMMARY, c["summary_en"]
    elif k == "offence":
        for i, e in enumerate(d["elements"]):
            yield from _bi(e, f"elements[{i}]", W_ELEMENT)
        for i, p in enumerate(d["provisions"]):
            yield from _bi(p.get("note"), f"provisions[{i}] note", W_NOTE)
    elif k == "guideline":
        yield from _bi(d.get("body"), "body", W_NOTE)
        yield from _bi(d["date_rule"].get("text"), "date rule", W_NOTE)
        for g in d["groups"]:
            yield from _bi(g["name"], f"group {g['id']}", W_TITLE)
            yield from _bi(g.get("note"), f"group {g['id']} note", W_NOTE)
            for t in g["types"]:
                yield from _bi(t["name"], f"type {t['id']}", W_TITLE)
                yield from _bi(t.get("description"), f"type {t['id']} description", W_SUMMARY)
                yield from _bi(t.get("note"), f"type {t['id']} note", W_NOTE)
            for kind in ("factors", "probation_factors"):
                for f in g[kind]:
                    yield from _bi(f["name"], f"factor {f['id']}", W_ELEMENT)
                    yield from _bi(f.get("description"), f"factor {f['id']} description", W_SUMMARY)
        for r in d["rules"]:
            yield from _bi(r["name"], f"rule {r['id']}", W_ELEMENT)
            yield from _bi(r["text"], f"rule {r['id']} text", W_SUMMARY)
    elif k == "directive":
        yield from _bi(d.get("issuer"), "issuer", W_NOTE)
        for r in d["rules"]:
            yield from _bi(r["role"], f"rule {r['id']}", W_ELEMENT)
            yield from _bi((r.get("demand") or {}).get("text"), f"rule {r['id']} demand", W_SUMMARY)
            yield from _bi(r.get("detention"), f"rule {r['id']} detention", W_SUMMARY)
            yield from _bi(r.get("conditions"), f"rule {r['id']} conditions", W_SUMMARY)
    elif k == "case":
        yield from _bi(d.get("defendant"), "defendant", W_ALIAS)
        for i, c in enumerate(d["charges"]):
            yield from _bi(c, f"charges[{i}]", W_ELEMENT)
        yield from _bi(d.get("offence_period"), "offence period", W_NOTE)
        for inst in d["instances"]:
            where = f"{inst['level']} instance"
            if inst.get("case_number"):
                yield f"{where} case number", W_ID, inst["case_number"]
            yield from _bi(inst["court"], f"{where} court", W_NOTE)
            yield from _bi(inst["outcome"], f"{where} outcome", W_SUMMARY)
            for s in ("demand", "sentence"):
                yield from _bi((inst.get(s) or {}).get("text"), f"{where} {s}", W_NOTE)
    elif k == "report":
        yield from _bi(d.get("publisher"), "publisher", W_NOTE)

        def figures(items: list[dict[str, Any]], prefix: str) -> Iterator[tuple[str, float, str]]:
            for fig in items:
                yield from _bi(fig["label"], f"{prefix}{fig['id']}", W_ELEMENT)
                yield from figures(fig.get("breakdown") or [], f"{prefix}{fig['id']}/")

        yield from figures(d["figures"], "figure ")
    elif k == "term":
        yield "ko", W_NAME, d["ko"]
        yield "en", W_NAME, d["en"]
        if d.get("hanja"):
            yield "hanja", W_ALIAS, d["hanja"]
        yield from _bi(d.get("definition"), "definition", W_SUMMARY)


def build_index(kb: KnowledgeBase) -> Index:
    """Index every record of the knowledge base; depends on nothing but the records."""
    from .query import act_aliases, act_short_name

    index = Index(act_keys=act_aliases(kb))
    postings: dict[str, set[int]] = {}
    for rec in sorted(kb, key=lambda r: (r.kind, r.id)):
        name_ko, name_en = rec.name("ko"), rec.name("en")
        act = number = None
        if isinstance(rec, Article):
            latest = rec.versions[-1]
            act, number = rec.act, rec.number
            name_ko = f"{act_short_name(kb, rec.act)} {rec.label('ko')} ({latest.title.get('ko', '')})"
            name_en = f"{act_short_name(kb, rec.act, 'en')} {rec.label('en')} ({latest.title.get('en', '')})"
            # The newest text of each paragraph number, deleted ones left out, for quoting a referenced paragraph.
            index.paragraphs[rec.id] = {p.number: _display(p.text_ko) for v in rec.versions for p in v.paragraphs if p.role != "deleted"}
        index.entries[rec.id] = Entry(rec.id, rec.kind, name_ko, name_en, act, number)
        parts = list(_common(rec)) + list(_article(rec) if isinstance(rec, Article) else _specific(rec))
        seen: set[str] = set()
        for label, weight, raw in parts:
            text = _display(raw)
            folded = fold(text)
            if not folded or folded in seen:
                continue
            seen.add(folded)
            fi = len(index.fields)
            index.fields.append(Field(rec.id, label, weight, text, folded))
            for g in _bigrams(folded):
                postings.setdefault(g, set()).add(fi)
    index.postings = {g: tuple(sorted(ids)) for g, ids in postings.items()}
    return index
