"""The search index kept in a SQLite file and queried in place: a search reads only the postings and texts it needs.

`write_index(kb, path, key)` streams the knowledge base's fields (as `index_fields.indexed_records` gives them) into the file;
`StoredIndex(path, key)` answers `search()` exactly as `index.Index.search` does on the same knowledge base.

Layout. `postings` holds, for each character bigram, the sorted numbers of the fields that contain it, their records'
numbers (both delta-coded) and beside each a packed value: how often the bigram occurs in the field, whether it is the
whole field, whether it begins a word, and the field's weight. A two-character term is a bigram, so the commonest query
(a Korean word of two syllables) is scored from that one row; longer terms intersect postings and count on the folded
texts of the candidates; a one-character term scans the texts. Only the fields quoted in the hits returned have their
display text read.
"""

from __future__ import annotations

import marshal
import os
import re
import sqlite3
import sys
import time
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from heapq import nlargest
from itertools import accumulate, chain, compress
from operator import add, itemgetter, sub
from pathlib import Path
from typing import Any

from .index import (
    Entry,
    Hit,
    Index,
    _bigrams,
    _snippet,
    checked_query,
    combine_terms,
    field_score,
    query_terms,
    reference_hit,
    reference_target,
    starts_word,
    term_idf,
)
from .index_fields import indexed_records
from .model import KnowledgeBase

FORMAT = 1
# Arrays are stored in the machine's byte order and item sizes: a file from another kind of machine is rebuilt.
LAYOUT = f"{FORMAT}/{sys.byteorder}/H{array('H').itemsize}/I{array('I').itemsize}"

# A posting value: count << 6 | whole field << 5 | begins a word << 4 | weight code (the weights are a handful of constants).
_COUNT_SHIFT, _WHOLE, _WORD_START, _WEIGHT_CODE = 6, 32, 16, 15
_DOUBLED = re.compile(r"(.)\1", re.DOTALL)
_BATCH = 500  # rows per `IN (...)` lookup and per insert batch

_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value BLOB);
CREATE TABLE entries (n INTEGER PRIMARY KEY, id TEXT NOT NULL, kind TEXT NOT NULL, name_ko TEXT NOT NULL, name_en TEXT NOT NULL,
                      act TEXT, number TEXT, paragraphs BLOB);
CREATE TABLE fields (fi INTEGER PRIMARY KEY, entry INTEGER NOT NULL, weight INTEGER NOT NULL, folded TEXT NOT NULL);
CREATE TABLE shown (fi INTEGER PRIMARY KEY, label TEXT NOT NULL, text TEXT);
CREATE TABLE postings (gram TEXT PRIMARY KEY, fis BLOB NOT NULL, entries BLOB NOT NULL, vals BLOB NOT NULL) WITHOUT ROWID;
CREATE TABLE arrays (name TEXT PRIMARY KEY, data BLOB NOT NULL) WITHOUT ROWID;
"""
_AFTER = "CREATE INDEX entries_number ON entries(number) WHERE number IS NOT NULL"

_DAMAGE = (sqlite3.Error, ValueError, TypeError, EOFError, KeyError, IndexError, OverflowError, UnicodeError)


class IndexUnusable(Exception):
    """The stored index is missing, foreign, of another version or damaged, or cannot be written: build it again."""


# ---- packing ----------------------------------------------------------------------------------------------------


def _pack(values: array, deltas: bool) -> bytes:
    """A sorted (deltas=True) or plain array of non-negative ints in the smallest item size that holds it, size code first."""
    items: Iterable[int] = map(sub, values, chain((0,), values)) if deltas else values
    packed = array("I", items)
    top = max(packed, default=0)
    code = "B" if top < 1 << 8 else "H" if top < 1 << 16 else "I"
    return code.encode() + (packed if code == "I" else array(code, packed)).tobytes()


def _unpack(blob: bytes) -> array:
    code = chr(blob[0])
    if code not in "BHI":
        raise ValueError(f"unknown array code {code!r}")
    values = array(code)
    values.frombytes(blob[1:])
    return values


def _unpack_sorted(blob: bytes) -> list[int]:
    return list(accumulate(_unpack(blob)))


def _array(code: str, blob: bytes) -> array:
    values = array(code)
    values.frombytes(blob)
    return values


# ---- writing ----------------------------------------------------------------------------------------------------


def write_index(kb: KnowledgeBase, path: Path, key: str) -> None:
    """Write the index of `kb` under a temporary name and rename it to `path`; raises IndexUnusable when it cannot.

    Two writers at once each write their own temporary file; the last rename wins and either file is whole.
    """
    import threading

    tmp = path.with_name(f"{path.name}.tmp-{os.getpid()}-{threading.get_ident()}-{time.monotonic_ns()}")
    db = None
    done = False
    try:
        db = sqlite3.connect(tmp, isolation_level=None)
        _fill(db, kb, key)
        db.close()
        db = None
        os.replace(tmp, path)
        done = True
    except (OSError, sqlite3.Error, UnicodeError, OverflowError, ValueError) as exc:
        raise IndexUnusable(f"cannot write the search index {path}: {exc}") from None
    finally:
        if db is not None:
            db.close()
        if not done:
            tmp.unlink(missing_ok=True)


class _Postings:
    """Posting lists being gathered: per bigram, the field numbers and their packed values (bytes until one needs more)."""

    def __init__(self) -> None:
        self.lists: dict[str, tuple[array, array]] = {}

    def add(self, fi: int, folded: str, weight_code: int) -> None:
        if len(folded) < 2:
            return
        counts = Counter(map(add, folded, folded[1:]))
        for ch in _DOUBLED.findall(folded):
            counts[ch + ch] = folded.count(ch + ch)  # str.count finds 'ㅋㅋ' once in 'ㅋㅋㅋ', as a search counts it
        starts = {w[:2] for w in folded.split(" ")}
        base = weight_code | (_WHOLE if len(folded) == 2 else 0)
        lists = self.lists
        for g, n in counts.items():
            slot = lists.get(g)
            if slot is None:
                slot = lists[g] = (array("I"), array("B"))
            slot[0].append(fi)
            value = n << _COUNT_SHIFT | base
            if g in starts:
                value |= _WORD_START
            try:
                slot[1].append(value)
            except OverflowError:
                slot = lists[g] = (slot[0], array("I", slot[1]))
                slot[1].append(value)


def _fill(db: sqlite3.Connection, kb: KnowledgeBase, key: str) -> None:
    from .query import act_aliases

    db.execute("PRAGMA journal_mode = OFF")
    db.execute("PRAGMA synchronous = OFF")
    db.executescript(_SCHEMA)
    db.execute("BEGIN")
    kinds: dict[str, int] = {}
    weights: dict[float, int] = {}
    ids: list[str] = []
    entry_kind = array("B")
    field_entry = array("I")
    postings = _Postings()
    entry_rows: list[tuple[Any, ...]] = []
    field_rows: list[tuple[int, int, int, str]] = []
    shown_rows: list[tuple[int, str, str | None]] = []

    def flush() -> None:
        db.executemany("INSERT INTO entries VALUES (?, ?, ?, ?, ?, ?, ?, ?)", entry_rows)
        db.executemany("INSERT INTO fields VALUES (?, ?, ?, ?)", field_rows)
        db.executemany("INSERT INTO shown VALUES (?, ?, ?)", shown_rows)
        entry_rows.clear()
        field_rows.clear()
        shown_rows.clear()

    fi = 0
    nul = False
    for n, (entry, paragraphs, fields) in enumerate(indexed_records(kb)):
        ids.append(entry.id)
        entry_kind.append(kinds.setdefault(entry.kind, len(kinds)))
        entry_rows.append((n, entry.id, entry.kind, entry.name_ko, entry.name_en, entry.act, entry.number,
                           None if paragraphs is None else marshal.dumps(paragraphs)))
        for label, weight, text, folded in fields:
            code = weights.setdefault(weight, len(weights))
            if code > _WEIGHT_CODE:
                raise ValueError("more field weights than the index can code")
            field_entry.append(n)
            field_rows.append((fi, n, code, folded))
            shown_rows.append((fi, label, None if text == folded else text))
            postings.add(fi, folded, code)
            nul = nul or "\0" in folded
            fi += 1
        if len(field_rows) >= 20 * _BATCH:
            flush()
    flush()
    for gram in sorted(postings.lists):
        fis, vals = postings.lists.pop(gram)
        entries = array("I", map(field_entry.__getitem__, fis))
        db.execute("INSERT INTO postings VALUES (?, ?, ?, ?)", (gram, _pack(fis, True), _pack(entries, True), _pack(vals, False)))
    rank = array("I", bytes(4 * len(ids)))
    for position, n in enumerate(sorted(range(len(ids)), key=ids.__getitem__)):
        rank[n] = position
    db.executemany("INSERT INTO arrays VALUES (?, ?)", [("entry_kind", entry_kind.tobytes()), ("entry_rank", rank.tobytes())])
    db.execute(_AFTER)
    meta: dict[str, Any] = {"key": key, "layout": LAYOUT, "records": len(ids), "fields": fi, "kinds": list(kinds),
                            "weights": list(weights), "act_keys": act_aliases(kb), "nul": nul}
    db.executemany("INSERT INTO meta VALUES (?, ?)", [(k, marshal.dumps(v)) for k, v in meta.items()])
    db.execute("COMMIT")


def _runs(term: str, fis: list[int], entries: list[int], scores: Iterable[float], idf: float) -> dict[int, tuple[float, int]]:
    """Per record, its best field (the first of equal ones) and that score times idf; a posting holds each record's fields together."""
    best: dict[int, tuple[float, int]] = {}
    prev, top, top_fi = -1, 0.0, -1
    for fi, n, s in zip(fis, entries, scores, strict=True):
        if n != prev:
            if n < prev:
                raise ValueError(f"the posting of {term!r} is out of order")
            if top_fi >= 0:
                best[prev] = (top * idf, top_fi)
            prev, top, top_fi = n, 0.0, -1
        if s > top:
            top, top_fi = s, fi
    if top_fi >= 0:
        best[prev] = (top * idf, top_fi)
    return best


def _weighed(records: int, best: dict[int, tuple[float, int]]) -> dict[int, tuple[float, int]]:
    """Scores times the term's idf, which depends on how many records matched."""
    idf = term_idf(records, len(best))
    return {n: (s * idf, fi) for n, (s, fi) in best.items()}


# ---- reading ----------------------------------------------------------------------------------------------------


class StoredIndex:
    """A stored index opened read-only; `search` gives what `Index.search` gives.

    Should the file prove damaged during a search, `fallback` (when given) supplies an index to answer instead.
    """

    def __init__(self, path: Path, key: str, fallback: Callable[[], Index] | None = None) -> None:
        from .cache import _uri

        self.path = path
        self._fallback = fallback
        self._replacement: Index | None = None
        try:
            size = os.path.getsize(path)
            self.db = sqlite3.connect(_uri(path), uri=True, check_same_thread=False)
        except (OSError, sqlite3.Error) as exc:
            raise IndexUnusable(str(exc)) from None
        try:
            page_size = self.db.execute("PRAGMA page_size").fetchone()[0]
            pages = self.db.execute("PRAGMA page_count").fetchone()[0]
            if page_size * pages != size:
                raise IndexUnusable("the index file is truncated or extended")
            meta = {k: marshal.loads(v) for k, v in self.db.execute("SELECT key, value FROM meta")}
            if meta.get("key") != key or meta.get("layout") != LAYOUT:
                raise IndexUnusable("the index was written by another version of lawkb")
            self._records: int = meta["records"]
            self._kinds: list[str] = meta["kinds"]
            self._weights: list[float] = meta["weights"]
            self._act_keys: dict[str, str] = meta["act_keys"]
            self._nul = bool(meta["nul"])
            if not (isinstance(self._records, int) and isinstance(self._kinds, list)
                    and isinstance(self._weights, list) and isinstance(self._act_keys, dict)):
                raise IndexUnusable("the index has unreadable facts")
        except IndexUnusable:
            self.db.close()
            raise
        except _DAMAGE as exc:
            self.db.close()
            raise IndexUnusable(str(exc)) from None
        self._arrays: dict[str, array] = {}

    def close(self) -> None:
        self.db.close()

    def search(self, text: str, kind: str | None = None, limit: int = 20) -> list[Hit]:
        """Records matching every term of `text` (any term if none matches all), best first; article references first of all."""
        query = checked_query(text, limit)
        if self._replacement is not None:
            return self._replacement.search(text, kind, limit)
        try:
            return self._search(query, kind, limit)
        except _DAMAGE:
            if self._fallback is None:
                raise
            self._replacement = self._fallback()
            return self._replacement.search(text, kind, limit)

    # -- the search, step by step as Index.search takes it --

    def _search(self, query: str, kind: str | None, limit: int) -> list[Hit]:
        refs = list(self._reference_hits(query))
        hits: dict[str, Hit] = {h.id: h for h in refs if kind is None or h.kind == kind}
        terms = query_terms(query, bool(refs))
        kind_code = None if kind is None else self._kinds.index(kind) if kind in self._kinds else -1
        per_term = [self._bigram_best(term, kind_code) if len(term) == 2 else self._text_best(term, kind_code) for term in terms]
        holds = self._phrase_test(terms, per_term)
        scored = combine_terms(per_term, terms, True, holds) or combine_terms(per_term, terms, False, holds)
        best = self._first(scored, limit + len(hits))
        entries = self._entries(n for n, _ in best)
        shown = self._shown(fi for _, (_, fi) in best)
        for n, (score, fi) in best:
            rid, rkind, name_ko, name_en = entries[n]
            if rid in hits:
                continue
            label, field_text = shown[fi]
            snippet, spans = _snippet(field_text, terms)
            hits[rid] = Hit(rid, rkind, name_ko, name_en, score, label, snippet, spans)
        return list(hits.values())[:limit]

    def _first(self, scored: dict[int, tuple[float, int]], count: int) -> list[tuple[int, tuple[float, int]]]:
        """The first `count` records by score, then by id (an id's rank in sorted order stands for the id)."""
        rank = self._get("entry_rank", "I", self._records)
        items = list(scored.items())
        if count < len(items):
            # Ordering every record is the dearest step of a common word: order only those scoring at least the count-th best.
            floor = nlargest(count, map(itemgetter(0), scored.values()))[-1]
            items = [kv for kv in items if kv[1][0] >= floor]
        items.sort(key=lambda kv: (-kv[1][0], rank[kv[0]]))
        return items[:count]

    def _posting(self, gram: str) -> tuple[list[int], list[int], array] | None:
        row = self.db.execute("SELECT fis, entries, vals FROM postings WHERE gram = ?", (gram,)).fetchone()
        if row is None:
            return None
        fis, entries, vals = _unpack_sorted(row[0]), _unpack_sorted(row[1]), _unpack(row[2])
        if not len(fis) == len(entries) == len(vals):
            raise ValueError(f"the posting of {gram!r} is damaged")
        return fis, entries, vals

    def _bigram_best(self, term: str, kind_code: int | None) -> dict[int, tuple[float, int]]:
        """A two-character term, scored from its posting alone: per record number, the score with the idf and its best field."""
        posting = self._posting(term)
        if posting is None:
            return {}
        fis, entries, vals = posting
        if kind_code is not None:
            entry_kind = self._get("entry_kind", "B", self._records)
            keep = [entry_kind[n] == kind_code for n in entries]
            fis, entries, vals = list(compress(fis, keep)), list(compress(entries, keep)), array(vals.typecode, compress(vals, keep))
        weights = self._weights
        ascii_term = term.isascii()
        scores = {}
        for v in set(vals):
            whole = bool(v & _WHOLE)
            scores[v] = field_score(weights[v & _WEIGHT_CODE], v >> _COUNT_SHIFT, whole, not whole and ascii_term and bool(v & _WORD_START))
        field_scores = map(scores.__getitem__, vals)
        if min(scores.values(), default=1.0) > 0.0:
            # Every score is above zero, so every record in the posting matches: the idf is known before the loop.
            return _runs(term, fis, entries, field_scores, term_idf(self._records, len(set(entries))))
        return _weighed(self._records, _runs(term, fis, entries, field_scores, 1.0))

    def _text_best(self, term: str, kind_code: int | None) -> dict[int, tuple[float, int]]:
        """A longer term: candidates from the postings of its bigrams, counted on their texts; one character: a scan."""
        entry_kind = self._get("entry_kind", "B", self._records) if kind_code is not None else None
        if len(term) > 1:
            found = self._candidates(_bigrams(term))
            if entry_kind is not None:
                found = {fi: n for fi, n in found.items() if entry_kind[n] == kind_code}
            rows = self._rows("SELECT fi, entry, weight, folded FROM fields", sorted(found))
        elif self._nul:  # SQLite's instr stops at a NUL character: with one in the texts, every field is looked at
            rows = self._rows("SELECT fi, entry, weight, folded FROM fields", None)
        else:
            rows = self._rows("SELECT fi, entry, weight, folded FROM fields WHERE instr(folded, ?1) > 0", None, (term,))
        weights = self._weights
        best: dict[int, tuple[float, int]] = {}
        for fi, n, w, folded in rows:
            if entry_kind is not None and entry_kind[n] != kind_code:
                continue
            count = folded.count(term)
            if not count:
                continue
            whole = folded == term
            s = field_score(weights[w], count, whole, not whole and starts_word(term, folded))
            held = best.get(n)
            if s > (held[0] if held is not None else 0.0):
                best[n] = (s, fi)
        return _weighed(self._records, best)

    def _phrase_test(self, terms: list[str], per_term: list[dict[int, tuple[float, int]]]) -> Callable[[int, str], bool]:
        """Whether a field holds the whole phrase: only fields holding all its bigrams can, and only those are read."""
        if len(terms) < 2:
            return lambda fi, phrase: False
        phrase = " ".join(terms)
        quoted = {fi for p in per_term for _, fi in p.values()}
        possible = sorted(quoted.intersection(self._candidates(_bigrams(phrase))))
        holding = {fi for fi, folded in self._rows("SELECT fi, folded FROM fields", possible) if phrase in folded}
        return lambda fi, text: text == phrase and fi in holding

    # -- reading the file --

    def _get(self, name: str, code: str, length: int) -> array:
        got = self._arrays.get(name)
        if got is None:
            row = self.db.execute("SELECT data FROM arrays WHERE name = ?", (name,)).fetchone()
            if row is None:
                raise KeyError(f"the index has no {name}")
            got = self._arrays[name] = _array(code, row[0])
            if len(got) != length:
                raise ValueError(f"the index's {name} has the wrong length")
        return got

    def _candidates(self, grams: set[str]) -> dict[int, int]:
        """The fields holding every one of the bigrams, each with its record number."""
        postings = []
        for g in grams:
            posting = self._posting(g)
            if posting is None:
                return {}
            postings.append(posting)
        if not postings:
            return {}
        postings.sort(key=lambda p: len(p[0]))
        fis, entries, _ = postings[0]
        found = set(fis)
        for other in postings[1:]:
            found.intersection_update(other[0])
            if not found:
                return {}
        return {fi: n for fi, n in zip(fis, entries, strict=True) if fi in found}

    def _rows(self, sql: str, fis: list[int] | None, args: tuple[Any, ...] = ()) -> Iterator[Any]:
        """The rows of a query on `fields` (whose own parameters are numbered), for every field or only for those in `fis`."""
        if fis is None:
            return iter(self.db.execute(sql, args))
        return self._among(sql, "fi", fis, args)

    def _among(self, sql: str, column: str, values: list[int], args: tuple[Any, ...] = ()) -> Iterator[Any]:
        """The rows of a query whose `column` is one of `values`, asked for a batch at a time."""
        joiner = " AND " if " WHERE " in sql else " WHERE "
        for start in range(0, len(values), _BATCH):
            chunk = values[start:start + _BATCH]
            yield from self.db.execute(f"{sql}{joiner}{column} IN ({','.join('?' * len(chunk))})", (*args, *chunk))

    def _entries(self, numbers: Iterable[int]) -> dict[int, tuple[str, str, str, str]]:
        rows = self._among("SELECT n, id, kind, name_ko, name_en FROM entries", "n", sorted(set(numbers)))
        return {n: (rid, kind, ko, en) for n, rid, kind, ko, en in rows}

    def _shown(self, fis: Iterable[int]) -> dict[int, tuple[str, str]]:
        rows = self._among("SELECT s.fi, s.label, coalesce(s.text, f.folded) FROM shown s JOIN fields f ON f.fi = s.fi", "s.fi",
                           sorted(set(fis)))
        return {fi: (label, text) for fi, label, text in rows}

    def _reference_hits(self, query: str) -> Iterator[Hit]:
        target = reference_target(query, self._act_keys.get)
        if target is None:
            return
        number, paragraph, act = target
        rows = self.db.execute("SELECT id, kind, name_ko, name_en, act, number, paragraphs FROM entries WHERE number = ? ORDER BY n",
                               (number,)).fetchall()
        for rid, kind, name_ko, name_en, entry_act, entry_number, paragraphs in rows:
            if kind != "article" or entry_number != number or (act and entry_act != act):
                continue
            paras = marshal.loads(paragraphs) if paragraphs is not None else {}
            yield reference_hit(Entry(rid, kind, name_ko, name_en, entry_act, entry_number), paras, paragraph)
