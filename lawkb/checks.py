"""Cross-record and semantic checks: ids, references, dates, ranges and citations."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Iterator
from typing import Any

from .errors import Diagnostic, error, warning
from .model import AGGRAVATED_MAX_MONTHS, GENERAL_MAX_MONTHS, KnowledgeBase, make_record
from .wording import a_kind

Locate = Callable[..., tuple[int, int]]

# (record kind, JSON-pointer pattern with * for list indexes, kind the reference must name)
_REFS: list[tuple[str, str, str]] = [
    ("article", "/act", "act"),
    ("article", "/versions/*/amendment", "amendment"),
    ("amendment", "/act", "act"),
    ("amendment", "/articles/*", "article"),
    ("amendment", "/bills/*", "bill"),
    ("offence", "/provisions/*/article", "article"),
    ("offence", "/related/*", "offence"),
    ("bill", "/act", "act"),
    ("bill", "/enacted_as", "amendment"),
    ("bill", "/changes/*/article", "article"),
    ("guideline", "/groups/*/types/*/offences/*", "offence"),
    ("guideline", "/groups/*/types/*/provisions/*/article", "article"),
    ("directive", "/rules/*/offences/*", "offence"),
    ("case", "/offences/*", "offence"),
    ("report", "/offences/*", "offence"),
    ("term", "/see_also/*", "term"),
]


def _walk(data: Any, parts: list[str], ptr: str = "") -> Iterator[tuple[str, Any]]:
    if not parts:
        yield ptr, data
        return
    head, rest = parts[0], parts[1:]
    if head == "*":
        if isinstance(data, list):
            for i, item in enumerate(data):
                yield from _walk(item, rest, f"{ptr}/{i}")
    elif isinstance(data, dict) and head in data:
        yield from _walk(data[head], rest, f"{ptr}/{head}")


_DATE_KEYS = frozenset(("date", "proposed", "decided", "published", "from", "to"))


class _Found:
    """What one walk over a record finds: cite keys, dates written as text, and objects carrying min/max bounds."""

    __slots__ = ("cites", "dates", "ranges")

    def __init__(self) -> None:
        self.cites: list[tuple[str, str]] = []
        self.dates: list[tuple[str, str]] = []
        self.ranges: list[tuple[str, dict]] = []


def _scan(data: Any) -> _Found:
    """One walk over a record (which passed its own schema) for the three things the cross-file checks look at."""
    found = _Found()
    if isinstance(data, (dict, list)):
        _scan_node(data, [], found)
    return found


def _pointer(path: list[str], *more: object) -> str:
    return "".join(f"/{p}" for p in (*path, *more))


def _scan_node(node: Any, path: list[str], found: _Found) -> None:
    """The path is kept as a list and turned into a JSON pointer only for what is found. A plain function, not a
    closure: a closure that calls itself is a reference cycle, and loads run with the cyclic collector paused."""
    if isinstance(node, dict):
        if ("min_months" in node and "max_months" in node) or ("min_won" in node and "max_won" in node):
            found.ranges.append((_pointer(path), node))
        for k, v in node.items():
            if k == "cite" and isinstance(v, list):
                found.cites.extend((_pointer(path, k, i), key) for i, key in enumerate(v))
            elif k in _DATE_KEYS and isinstance(v, str):
                found.dates.append((_pointer(path, k), v))
            elif isinstance(v, (dict, list)):
                path.append(k)
                _scan_node(v, path, found)
                path.pop()
    else:
        for i, v in enumerate(node):
            if isinstance(v, (dict, list)):
                path.append(str(i))
                _scan_node(v, path, found)
                path.pop()


def _valid_partial(value: str) -> bool:
    parts = value.split("-")
    try:
        if len(parts) == 3:
            _dt.date(int(parts[0]), int(parts[1]), int(parts[2]))
        elif len(parts) == 2:
            return 1 <= int(parts[1]) <= 12
        return True
    except ValueError:
        return False
    return True


def cross_check(kb: KnowledgeBase, placed: list[tuple[str, str, dict]], locate: Locate) -> list[Diagnostic]:
    out: list[Diagnostic] = []

    def err(code: str, msg: str, file: str, ptr: str, hint: str = "", key: bool = False) -> None:
        line, col = locate(file, ptr, key=key)
        out.append(error(code, msg, file, line, col, ptr, hint))

    def warn(code: str, msg: str, file: str, ptr: str, hint: str = "") -> None:
        line, col = locate(file, ptr)
        out.append(warning(code, msg, file, line, col, ptr, hint))

    # Ids unique across the KB; the first file wins, later ones are reported.
    first: dict[str, str] = {}
    for kind, file, data in placed:
        rid = data["id"]
        if rid in first:
            err("id-duplicate", f"id '{rid}' is already used in {first[rid]}", file, "/id", "every record needs its own id")
            continue
        first[rid] = file
        kb.add(make_record(kind, data, file))

    kinds = {r.id: r.kind for r in kb}
    by_kind: dict[str, list[str]] = {}
    for rid, rkind in kinds.items():
        by_kind.setdefault(rkind, []).append(rid)
    for kind, file, data in placed:
        rec = kb.get(data["id"])
        if rec is None or rec.file != file:
            continue
        # References
        for rkind, pattern, target in _REFS:
            if rkind != kind:
                continue
            for ptr, value in _walk(data, pattern.strip("/").split("/")):
                if not isinstance(value, str):
                    continue
                if value not in kinds:
                    err("ref-dangling", f"{target} '{value}' does not exist", file, ptr, _suggest(value, by_kind, target))
                elif kinds[value] != target:
                    err("ref-wrong-kind", f"'{value}' is {a_kind(kinds[value])}, not {a_kind(target)}", file, ptr)
        # Citations resolve to the record's own sources; source keys unique.
        keys: dict[str, int] = {}
        for i, s in enumerate(data.get("sources") or ()):
            if s["key"] in keys:
                err("source-duplicate-key", f"source key '{s['key']}' is used twice", file, f"/sources/{i}/key")
            keys[s["key"]] = i
        found = _scan(data)
        cited = set()
        for ptr, key in found.cites:
            cited.add(key)
            if key not in keys:
                err("cite-dangling", f"cites '{key}', which is not among this record's sources", file, ptr,
                    "sources: " + ", ".join(keys) if keys else "add the source to 'sources'")
        for key, i in keys.items():
            if key not in cited:
                warn("source-unused", f"source '{key}' is never cited", file, f"/sources/{i}", "cite it where it supports a fact, or remove it")
        for ptr, value in found.dates:
            if not _valid_partial(value):
                err("date-invalid", f"'{value}' is not a real calendar date", file, ptr, "write dates as YYYY, YYYY-MM or YYYY-MM-DD")
        for ptr, r in found.ranges:
            lo, hi = (r.get("min_months"), r.get("max_months")) if "max_months" in r else (r.get("min_won"), r.get("max_won"))
            if isinstance(lo, (int, float)) and isinstance(hi, (int, float)) and lo > hi:
                err("range-inverted", f"minimum {lo} is greater than maximum {hi}", file, ptr)
        check = _KIND_CHECKS.get(kind)
        if check is not None:
            check(kb, data, file, err, warn)
    return out


def _suggest(value: str, by_kind: dict[str, list[str]], target: str) -> str:
    """Near ids of the right kind. In a large knowledge base only ids that share the first letters are compared:
    fuzzy matching against every id for every dangling reference would cost more than the whole validation."""
    import difflib

    pool = by_kind.get(target, [])
    if len(pool) > 500:
        head = value[:4]
        pool = [k for k in pool if k.startswith(head)][:500]
    near = difflib.get_close_matches(value, pool, n=3)
    return ("did you mean: " + ", ".join(near) + "?") if near else f"no {target} with a similar id"


Err = Callable[..., None]


def _check_article(kb: KnowledgeBase, data: dict, file: str, err: Err, warn: Err) -> None:
    act, number = data["act"], data["number"]
    if data["id"] != f"{act}.{number}":
        warn("id-convention", f"article id should be '{act}.{number}'", file, "/id")
    prev = None
    for i, v in enumerate(data["versions"]):
        base = f"/versions/{i}"
        if v["promulgated"] > v["in_force"]:
            err("date-order", f"promulgated {v['promulgated']} is after in force {v['in_force']}", file, f"{base}/promulgated")
        if prev is not None:
            if v["in_force"] == prev["in_force"]:
                err("version-overlap", f"two versions come into force on {v['in_force']}", file, f"{base}/in_force",
                    "merge them, or give the later change its own paragraph in_force")
            elif v["in_force"] < prev["in_force"]:
                err("version-order", f"version in force {v['in_force']} is listed after one in force {prev['in_force']}", file,
                    f"{base}/in_force", "list versions oldest first")
        prev = v
        amend = kb.get(v["amendment"])
        if amend is not None and amend.kind == "amendment":
            a = amend.data
            if a["act_number"] != v["act_number"]:
                err("version-amendment-mismatch", f"act number {v['act_number']} differs from {v['amendment']} ({a['act_number']})",
                    file, f"{base}/act_number")
            if a["promulgated"] != v["promulgated"]:
                err("version-amendment-mismatch", f"promulgated {v['promulgated']} differs from {v['amendment']} ({a['promulgated']})",
                    file, f"{base}/promulgated")
            allowed = {a["in_force"]} | {e["in_force"] for e in a.get("in_force_exceptions") or ()}
            if v["in_force"] not in allowed:
                err("version-amendment-mismatch", f"in force {v['in_force']} is not a date {v['amendment']} brings into force",
                    file, f"{base}/in_force", "allowed: " + ", ".join(sorted(allowed)))
            if data["id"] not in a["articles"]:
                warn("amendment-missing-article", f"{v['amendment']} does not list this article", file, f"{base}/amendment")
            for j, p in enumerate(v["paragraphs"]):
                if p.get("in_force") and p["in_force"] not in allowed | {v["in_force"]}:
                    warn("paragraph-in-force", f"paragraph in force {p['in_force']} is not a date {v['amendment']} names",
                         file, f"{base}/paragraphs/{j}/in_force")
        numbers: set[int] = set()
        for j, p in enumerate(v["paragraphs"]):
            pb = f"{base}/paragraphs/{j}"
            if p["number"] in numbers:
                err("paragraph-duplicate", f"paragraph {p['number']} appears twice in this version", file, f"{pb}/number")
            numbers.add(p["number"])
            if p.get("in_force") and p["in_force"] < v["in_force"]:
                err("date-order", f"paragraph in force {p['in_force']} is before its version ({v['in_force']})", file, f"{pb}/in_force")
            if p["role"] == "offence" and "penalty" not in p:
                err("penalty-missing", f"offence paragraph {p['number']} has no penalty", file, pb, "add 'penalty' with the statute's numbers")
            pen = p.get("penalty")
            if pen:
                _check_penalty(pen, file, f"{pb}/penalty", err)
        for j, p in enumerate(v["paragraphs"]):
            for t in p.get("applies_to") or ():
                if t not in numbers:
                    err("ref-paragraph", f"applies to paragraph {t}, which this version does not have", file, f"{base}/paragraphs/{j}/applies_to")


def _check_penalty(pen: dict, file: str, ptr: str, err: Err) -> None:
    imp = pen.get("imprisonment")
    if imp:
        for bound in ("min_months", "max_months"):
            v = imp.get(bound)
            if isinstance(v, (int, float)) and v > GENERAL_MAX_MONTHS:
                err("range-over-limit", f"{bound} {v} exceeds the 30-year limit of Criminal Act Art. 42", file, f"{ptr}/imprisonment/{bound}")
            if isinstance(v, (int, float)) and v < 1:
                err("range-over-limit", f"{bound} {v} is below the 1-month minimum of Criminal Act Art. 42", file, f"{ptr}/imprisonment/{bound}")
    if not imp and not pen.get("life") and not pen.get("death") and not pen.get("fine") and not pen.get("derived"):
        err("penalty-empty", "penalty names no punishment", file, ptr, "set imprisonment, fine, life or derived")
    from .penaltytext import mismatches

    for problem in mismatches(pen):
        err("penalty-text-mismatch", f"penalty disagrees with its own words '{pen['text_ko']}': {problem}", file, f"{ptr}/text_ko",
            "the statute's words win: correct the numbers")
    if pen.get("attempt_punishable") and not pen.get("attempt_basis"):
        err("penalty-basis-missing", "attempt_punishable needs attempt_basis (the provision that says so)", file, f"{ptr}/attempt_punishable")


def _check_amendment(kb: KnowledgeBase, data: dict, file: str, err: Err, warn: Err) -> None:
    if data["promulgated"] > data["in_force"]:
        err("date-order", f"promulgated {data['promulgated']} is after in force {data['in_force']}", file, "/promulgated")
    for i, e in enumerate(data.get("in_force_exceptions") or ()):
        if e["in_force"] < data["promulgated"]:
            err("date-order", f"exception in force {e['in_force']} is before promulgation", file, f"/in_force_exceptions/{i}/in_force")
    for i, aid in enumerate(data["articles"]):
        art = kb.article(aid)
        if art is not None and not any(v.amendment == data["id"] for v in art.versions):
            err("amendment-no-version", f"{aid} has no version from this amendment", file, f"/articles/{i}",
                "add the version to the article, or drop the article from this list")
        if art is not None and art.act != data["act"]:
            err("ref-wrong-act", f"{aid} belongs to {art.act}, not {data['act']}", file, f"/articles/{i}")


def _paragraph_exists(kb: KnowledgeBase, article_id: str, number: int) -> bool | None:
    art = kb.article(article_id)
    if art is None:
        return None
    return any(v.paragraph(number) is not None for v in art.versions)


def _check_offence(kb: KnowledgeBase, data: dict, file: str, err: Err, warn: Err) -> None:
    for i, p in enumerate(data["provisions"]):
        ptr = f"/provisions/{i}"
        if _paragraph_exists(kb, p["article"], p["paragraph"]) is False:
            err("ref-paragraph", f"{p['article']} has no paragraph {p['paragraph']} in any version", file, f"{ptr}/paragraph")
        if p.get("from") and p.get("until") and p["from"] > p["until"]:
            err("date-order", f"from {p['from']} is after until {p['until']}", file, f"{ptr}/from")


def _check_bill(kb: KnowledgeBase, data: dict, file: str, err: Err, warn: Err) -> None:
    if data["status"] == "passed" and not data.get("enacted_as"):
        warn("bill-not-linked", "a passed bill should name the amendment it became (enacted_as)", file, "/status")
    for i, c in enumerate(data["changes"]):
        if c["action"] != "add" and _paragraph_exists(kb, c["article"], c["paragraph"]) is False:
            err("ref-paragraph", f"{c['article']} has no paragraph {c['paragraph']} to {c['action']}", file, f"/changes/{i}/paragraph")
        if c.get("penalty"):
            _check_penalty(c["penalty"], file, f"/changes/{i}/penalty", err)
        if c["action"] != "delete" and not c.get("text_ko"):
            warn("bill-text-missing", "proposed Korean text is not recorded", file, f"/changes/{i}")


def _check_guideline(kb: KnowledgeBase, data: dict, file: str, err: Err, warn: Err) -> None:
    if data["adopted"] > data["effective"]:
        err("date-order", f"adopted {data['adopted']} is after effective {data['effective']}", file, "/adopted")
    seen: dict[str, str] = {}
    for gi, g in enumerate(data["groups"]):
        type_ids = set()
        for ti, t in enumerate(g["types"]):
            ptr = f"/groups/{gi}/types/{ti}"
            if t["id"] in seen:
                err("id-duplicate", f"type id '{t['id']}' is used twice in this guideline", file, f"{ptr}/id")
            seen[t["id"]] = ptr
            type_ids.add(t["id"])
            for zone, r in t["ranges"].items():
                if r["max_months"] > AGGRAVATED_MAX_MONTHS:
                    err("range-over-limit", f"{zone} maximum exceeds 50 years", file, f"{ptr}/ranges/{zone}/max_months")
        for kind in ("factors", "probation_factors"):
            for fi, f in enumerate(g[kind]):
                ptr = f"/groups/{gi}/{kind}/{fi}"
                if f["id"] in seen:
                    err("id-duplicate", f"id '{f['id']}' is used twice in this guideline", file, f"{ptr}/id")
                seen[f["id"]] = ptr
                for k, tid in enumerate(f.get("types") or ()):
                    if tid not in type_ids:
                        err("ref-dangling", f"type '{tid}' is not a type of group '{g['id']}'", file, f"{ptr}/types/{k}")
    for ri, r in enumerate(data["rules"]):
        if r["id"] in seen:
            err("id-duplicate", f"rule id '{r['id']}' is used twice", file, f"/rules/{ri}/id")
        seen[r["id"]] = f"/rules/{ri}"


def _check_directive(kb: KnowledgeBase, data: dict, file: str, err: Err, warn: Err) -> None:
    ids: set[str] = set()
    for i, r in enumerate(data["rules"]):
        if r["id"] in ids:
            err("id-duplicate", f"rule id '{r['id']}' is used twice", file, f"/rules/{i}/id")
        ids.add(r["id"])
    if data.get("superseded") and data["superseded"] < data["issued"]:
        err("date-order", "superseded before it was issued", file, "/superseded")


_KIND_CHECKS: dict[str, Callable[..., None]] = {
    "article": _check_article,
    "amendment": _check_amendment,
    "offence": _check_offence,
    "bill": _check_bill,
    "guideline": _check_guideline,
    "directive": _check_directive,
}
