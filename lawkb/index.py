"""The search index: every searchable text of the knowledge base, folded for matching, with a character-bigram index.

`build_index(kb)` is pure and the Index holds only plain data, so it pickles and can be rebuilt at will.
Korean words of two syllables (소지, 제작, 배포) are found through the bigram postings; one-character terms fall back to a scan.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar

from .errors import UsageError
from .model import KnowledgeBase

INDEX_FORMAT = 1

K = TypeVar("K")

_FOLD_SPACE = set("·ㆍ・‧•∙⋅-‐‑–—_/")
_FULLWIDTH = {**{i: i - 0xFEE0 for i in range(0xFF01, 0xFF5F)}, 0x3000: 0x20}


_FOLD_RUN = re.compile("[" + re.escape("".join(sorted(_FOLD_SPACE))) + r"\s]+")


def fold(text: str) -> str:
    """The matching form of a text: NFC, lower case, middle dots, hyphens and spaces as one space.

    The same as `_fold(text)[0]`, a character at a time, but in a few passes over the whole string (building an
    index folds every text); lower() of a whole string differs from lower() per character only where a character's
    lower case is longer than one character or depends on its neighbours (a final capital sigma), so those go the slow way.
    """
    spaced = _FOLD_RUN.sub(" ", text.translate(_FULLWIDTH)).strip(" ")
    low = spaced.lower()
    if len(low) != len(spaced) or "\u03a3" in spaced:
        return _fold(text)[0]
    return low


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
        query = checked_query(text, limit)
        refs = list(self._reference_hits(query))
        hits: dict[str, Hit] = {h.id: h for h in refs if kind is None or h.kind == kind}
        terms = query_terms(query, bool(refs))
        per_term = [self._term_best(term, kind) for term in terms]
        scored = combine_terms(per_term, terms, True, self._holds) or combine_terms(per_term, terms, False, self._holds)
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

    def _term_best(self, term: str, kind: str | None) -> dict[str, tuple[float, int]]:
        """Each record holding the term: its score (idf included) and the field that scored best."""
        best: dict[str, tuple[float, int]] = {}
        for fi in sorted(self._candidates(term)):
            f = self.fields[fi]
            if kind is not None and self.entries[f.record].kind != kind:
                continue
            count = f.folded.count(term)
            if not count:
                continue
            whole = f.folded == term
            s = field_score(f.weight, count, whole, not whole and starts_word(term, f.folded))
            if s > best.get(f.record, (0.0, -1))[0]:
                best[f.record] = (s, fi)
        idf = term_idf(len(self.entries), len(best))
        return {rid: (s * idf, fi) for rid, (s, fi) in best.items()}

    def _holds(self, fi: int, phrase: str) -> bool:
        return phrase in self.fields[fi].folded

    def _reference_hits(self, query: str) -> Iterator[Hit]:
        target = reference_target(query, self.act_keys.get)
        if target is None:
            return
        number, paragraph, act = target
        for entry in self.entries.values():
            if entry.kind != "article" or entry.number != number or (act and entry.act != act):
                continue
            yield reference_hit(entry, self.paragraphs.get(entry.id, {}), paragraph)


# ---- the parts of a search that do not depend on where the index is kept ------------------------------------


def checked_query(text: str, limit: int) -> str:
    """The query as displayed text; an empty query or a limit below one is a usage error."""
    query = _display(text)
    if not fold(query):
        raise UsageError("empty-query", "the search text is empty", "give a word, a phrase or an article reference, e.g. 소지")
    if limit < 1:
        raise UsageError("limit-invalid", f"--limit {limit} must be at least 1")
    return query


def query_terms(query: str, is_reference: bool) -> list[str]:
    # A reference is matched in other texts as written (e.g. 'Art. 14-2(4)' in a summary), not word by word.
    return [fold(query)] if is_reference else _terms(query)


def reference_target(query: str, act_of: Callable[[str], str | None]) -> tuple[str, int | None, str | None] | None:
    """The article number, paragraph and act id a query refers to, or None when it is no reference (or names no known act)."""
    from .query import split_ref

    if not re.search(r"\d", query):
        return None
    ref = split_ref(query)
    if ref is None:
        return None
    act = None
    if ref.act_text:
        from .query import alias_key

        act = act_of(alias_key(ref.act_text))
        if act is None:
            return None
    return ref.number, ref.paragraph, act


def reference_hit(entry: Entry, paragraphs: dict[int, str], paragraph: int | None) -> Hit:
    """The hit of a referenced article: the paragraph asked for when it exists, else the title."""
    if paragraph is not None and paragraph in paragraphs:
        text, where = paragraphs[paragraph], f"paragraph {paragraph}"
    else:
        text, where = entry.name_ko, "title"
    snippet = text if len(text) <= 160 else text[:159] + "…"
    return Hit(entry.id, "article", entry.name_ko, entry.name_en, 1000.0, where, snippet, (), reference=True)


def field_score(weight: float, count: int, whole: bool, word_start: bool) -> float:
    """One field's score for one term: its weight, damped by how often the term occurs, more when it is the whole field."""
    s = weight * (1 + 0.5 * math.log(count))
    if whole:
        s *= 2.0
    elif word_start:
        s *= 1.3
    return s


def starts_word(term: str, folded: str) -> bool:
    """An English term that begins a word of the field (a Korean term gets no such bonus)."""
    return term.isascii() and (folded.startswith(term) or " " + term in folded)


def term_idf(n_records: int, matched: int) -> float:
    return math.log(1 + max(n_records, 1) / (1 + matched))


def combine_terms(per_term: list[dict[K, tuple[float, int]]], terms: list[str], require_all: bool,
                  holds: Callable[[int, str], bool]) -> dict[K, tuple[float, int]]:
    """Records scored over all terms: the sum of their terms' scores, with a bonus for a field holding the whole phrase."""
    if not per_term:
        return {}
    if len(per_term) == 1:
        return dict(per_term[0])  # one term: its own scores and fields, as the sums below would give
    ids = set.intersection(*(set(p) for p in per_term)) if require_all else set().union(*(set(p) for p in per_term))
    out: dict[K, tuple[float, int]] = {}
    phrase = " ".join(terms)
    for rid in ids:
        parts = [p[rid] for p in per_term if rid in p]
        total = sum(s for s, _ in parts)
        fi = max(parts)[1]
        if len(terms) > 1:
            # A field holding the whole phrase is worth more, and it is the field to quote.
            for s, f_i in parts:
                if holds(f_i, phrase):
                    total += 2 * s
                    fi = f_i
                    break
        out[rid] = (total, fi)
    return out


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


def build_index(kb: KnowledgeBase) -> Index:
    """Index every record of the knowledge base; depends on nothing but the records."""
    from .index_fields import indexed_records
    from .query import act_aliases

    index = Index(act_keys=act_aliases(kb))
    postings: dict[str, set[int]] = {}
    for entry, paragraphs, fields in indexed_records(kb):
        if paragraphs is not None:
            index.paragraphs[entry.id] = paragraphs
        index.entries[entry.id] = entry
        for label, weight, text, folded in fields:
            fi = len(index.fields)
            index.fields.append(Field(entry.id, label, weight, text, folded))
            for g in _bigrams(folded):
                postings.setdefault(g, set()).add(fi)
    index.postings = {g: tuple(sorted(ids)) for g, ids in postings.items()}
    return index
