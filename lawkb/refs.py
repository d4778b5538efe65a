"""Names and references: matching keys, act aliases, article references, and resolving what a user typed to a record."""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass

from .errors import NotFoundError, UsageError
from .model import Article, KnowledgeBase, Record

_DOTS = re.compile(r"[\s·ㆍ・‧•∙⋅]")
# Full-width ASCII (as typed with a Korean IME) maps onto plain ASCII; U+3000 is the ideographic space.
_FULLWIDTH = {**{i: i - 0xFEE0 for i in range(0xFF01, 0xFF5F)}, 0x3000: 0x20}


def normalize(text: str) -> str:
    """NFC, all middle-dot variants and spaces removed, lower case: the key for matching names."""
    return _DOTS.sub("", unicodedata.normalize("NFC", text)).lower()


def nfc_dots(text: str) -> str:
    """NFC with every middle-dot variant written as the statute's 'ㆍ'."""
    return re.sub(r"[·・‧•∙⋅]", "ㆍ", unicodedata.normalize("NFC", text))


# A lone surrogate is what Python makes of bytes that were not UTF-8 on the command line; it cannot be encoded
# (SQLite, standard output), so it is read as U+FFFD, the replacement character, like any undecodable byte.
_SURROGATE = re.compile("[\ud800-\udfff]")


def clean(text: str) -> str:
    """NFC, full-width ASCII as ASCII, outer spaces removed: how every user input is read first."""
    return unicodedata.normalize("NFC", _SURROGATE.sub("\ufffd", text)).translate(_FULLWIDTH).strip()


def alias_key(text: str) -> str:
    """A looser key for act names: also ignores hyphens, underscores, dots, quotes and 「」 brackets."""
    return re.sub(r"[-_.'’\"「」『』]", "", normalize(text))


def act_aliases(kb: KnowledgeBase) -> dict[str, str]:
    """Every way of naming an act (official name, abbreviations, English name and slugs), normalised, to its id."""
    out: dict[str, str] = {}
    for act in kb.of_kind("act"):
        d = act.data
        for name in [act.id, d["name"]["ko"], d["name"]["en"], *d.get("abbreviations", []), *d.get("slugs", [])]:
            out.setdefault(normalize(name), act.id)
            out.setdefault(alias_key(name), act.id)
    return out


def resolve_act(kb: KnowledgeBase, name: str) -> str:
    aliases = act_aliases(kb)
    for key in (normalize(clean(name)), alias_key(clean(name))):
        if key in aliases:
            return aliases[key]
    near = difflib.get_close_matches(alias_key(clean(name)), list(aliases), n=3, cutoff=0.5)
    hint = "did you mean: " + ", ".join(sorted({_display_alias(kb, aliases[n]) for n in near})) + "?" if near else "acts: " + ", ".join(
        _display_alias(kb, a.id) for a in kb.of_kind("act"))
    raise NotFoundError("act-not-found", f"no act named '{name}'", hint)


def _display_alias(kb: KnowledgeBase, act_id: str) -> str:
    act = kb.get(act_id)
    abbr = (act.data.get("abbreviations") or [act_id]) if act else [act_id]
    return f"{abbr[0]} ({act_id})"


def act_short_name(kb: KnowledgeBase | None, act_id: str, lang: str = "ko") -> str:
    """The usual short name: the first abbreviation in Korean, the English name otherwise."""
    act = kb.get(act_id) if kb else None
    if act is None:
        return act_id
    if lang == "ko":
        return str((act.data.get("abbreviations") or [act.data["name"]["ko"]])[0])
    return str(act.data["name"]["en"])


@dataclass(frozen=True)
class Ref:
    """A parsed article reference: act id (None if not given), article number, paragraph and item."""

    act: str | None
    number: str
    paragraph: int | None = None
    item: int | None = None

    @property
    def article_id(self) -> str:
        return f"{self.act}.{self.number}"

    def label(self, kb: KnowledgeBase | None = None, lang: str = "ko") -> str:
        main, _, sub = self.number.partition("-")
        if lang == "ko":
            text = f"제{main}조" + (f"의{sub}" if sub else "") + (f"제{self.paragraph}항" if self.paragraph else "") + (
                f"제{self.item}호" if self.item else "")
            act = kb.get(self.act) if kb and self.act else None
            return f"{act.data['abbreviations'][0] if act and act.data.get('abbreviations') else act.data['name']['ko']} {text}" if act else text
        text = f"Art. {self.number}" + (f"({self.paragraph})" if self.paragraph else "") + (f" item {self.item}" if self.item else "")
        act = kb.get(self.act) if kb and self.act else None
        return f"{act.data['name']['en']} {text}" if act else text


@dataclass(frozen=True)
class RefText:
    """What a reference says before the knowledge base is consulted: the act as written, number, paragraph, item."""

    act_text: str | None
    number: str
    paragraph: int | None = None
    item: int | None = None


_CIRCLED = {chr(0x2460 + i): i + 1 for i in range(20)}
_REF = re.compile(
    r"""(?:제\s*|§+\s*|art(?:icle)?s?\.?\s*)?
        (?P<main>\d+)
        (?:\s*조(?:\s*의\s*(?P<sub1>\d+))?|\s*의\s*(?P<sub2>\d+)(?:\s*조)?|\s*-\s*(?P<sub3>\d+))?
        (?:\s*제?\s*(?P<p1>\d+)\s*항|\s*(?P<p2>[①-⑳])|\s*\(\s*(?P<p3>\d+)\s*\)|\s*(?:para(?:graph)?\.?|¶)\s*(?P<p4>\d+))?
        (?:\s*제?\s*(?P<i1>\d+)\s*호|\s*\(\s*(?P<i2>\d+)\s*\)|\s*(?:item|no\.?)\s*(?P<i3>\d+))?
        \s*""",
    re.I | re.X,
)
_ID = re.compile(r"^([a-z0-9-]+)\.(\d+(?:-\d+)?)(?:\((\d+)\))?$")
# The longest act name with an article, paragraph and item is under 60 characters; anything far longer is no reference
# (and would cost the tail-by-tail match below time quadratic in its length).
MAX_REF_LENGTH = 200
_REF_HINT = "write e.g. 청소년성보호법:11(5), 청소년성보호법 제11조제5항, 제14조의2제4항 or Art. 14-2(4)"


def split_ref(text: str) -> RefText | None:
    """Read the shape of an article reference without the knowledge base; None if it is not one.

    Accepts '청소년성보호법:11(5)', '청소년성보호법 제11조제5항', '제14조의2제4항', '14-2(4)', 'Art. 14-2(4)', '§14-2④',
    '11조 5항 1호', '14의2'.
    """
    raw = clean(text).rstrip(".,;")
    if len(raw) > MAX_REF_LENGTH:
        return None
    act_text: str | None
    if ":" in raw:
        act_text, body = (s.strip() for s in raw.split(":", 1))
        m = _REF.fullmatch(body)
        if m is None or not act_text:
            return None
    else:
        m = None
        for start in range(len(raw)):
            # The reference is the longest tail that reads as one and does not start inside a Latin word or a number.
            if start and raw[start - 1].isascii() and raw[start - 1].isalnum():
                continue
            m = _REF.fullmatch(raw, start)
            if m:
                break
        if m is None:
            return None
        act_text = raw[: m.start()].strip() or None
        if act_text and re.search(r"\d", act_text):
            return None
    sub = m.group("sub1") or m.group("sub2") or m.group("sub3")
    number = str(int(m.group("main"))) + (f"-{int(sub)}" if sub else "")
    para_text = m.group("p1") or m.group("p3") or m.group("p4")
    para = int(para_text) if para_text else (_CIRCLED[m.group("p2")] if m.group("p2") else None)
    item_text = m.group("i1") or m.group("i2") or m.group("i3")
    item = int(item_text) if item_text else None
    if act_text:
        act_text = act_text.strip("「」『』\"' ").removesuffix("의").strip() or None
    return RefText(act_text, number, para, item)


def parse_ref(text: str, kb: KnowledgeBase) -> Ref:
    """Read '청소년성보호법:11(5)', '청소년성보호법 제11조제5항', '제14조의2제4항', '14-2(4)', 'Art. 14-2(4)', 'sexual-crimes.14-2'."""
    raw = clean(text)
    m = _ID.match(raw)
    if m and kb.get(f"{m.group(1)}.{m.group(2)}") is not None:
        return Ref(m.group(1), m.group(2), int(m.group(3)) if m.group(3) else None)
    parts = split_ref(raw)
    if parts is None:
        raise NotFoundError("ref-unreadable", f"cannot read '{text}' as an article reference", _REF_HINT)
    number, para, item = parts.number, parts.paragraph, parts.item
    if parts.act_text:
        act = resolve_act(kb, parts.act_text)
        ref = Ref(act, number, para, item)
        if kb.article(ref.article_id) is None:
            known = sorted((a.number for a in kb.of_kind("article") if isinstance(a, Article) and a.act == act), key=number_key)
            near = sorted(known, key=lambda n: (abs(number_key(n)[0] - number_key(number)[0]), number_key(n)))[:3]
            hint = ("did you mean: " + ", ".join(Ref(act, n).label(kb) for n in sorted(near, key=number_key)) + "? " if near else "") + (
                f"articles of {act} in the knowledge base: " + ", ".join(known) if known else f"the knowledge base has no article of {act}")
            raise NotFoundError("article-not-found", f"{ref.label(kb)} is not in the knowledge base", hint)
        return ref
    candidates = [a for a in kb.of_kind("article") if isinstance(a, Article) and a.number == number]
    if len(candidates) == 1:
        return Ref(candidates[0].act, number, para, item)
    if not candidates:
        raise NotFoundError("article-not-found", f"no act in the knowledge base has Art. {number}", "name the act, e.g. 성폭력처벌법:14-2(4)")
    raise UsageError("ref-ambiguous", f"Art. {number} exists in several acts: " + ", ".join(sorted(c.act for c in candidates)),
                     f"name the act, e.g. {candidates[0].act}:{number}")


def number_key(n: str) -> tuple[int, int]:
    """Article numbers in statute order: '14-2' after '14', before '15'."""
    main, _, sub = n.partition("-")
    return int(main), int(sub or 0)


def record_names(rec: Record) -> list[str]:
    """Every name a record answers to besides its id: names and titles in both languages, aliases, abbreviations."""
    d = rec.data
    names: list[str] = []
    for key in ("name", "title"):
        v = d.get(key)
        if isinstance(v, dict):
            names += [str(x) for x in v.values()]
    if rec.kind == "term":
        names += [d["ko"], d["en"]]
    names += [str(a) for a in d.get("aliases") or ()]
    if rec.kind == "act":
        names += [*d.get("abbreviations", []), *d.get("slugs", [])]
    return names


def suggest(kb: KnowledgeBase, text: str, n: int = 5) -> list[str]:
    """Ids (with a name) close to what was typed, for 'did you mean' hints."""
    key = normalize(clean(text))
    if not key or len(key) > MAX_REF_LENGTH:  # no name is that long, and difflib's time grows with length squared
        return []
    scored: dict[str, float] = {}
    for rec in kb:
        for cand in [rec.id, *record_names(rec)]:
            ck = normalize(cand)
            score = difflib.SequenceMatcher(None, key, ck).ratio()
            if len(key) >= 2 and (key in ck or ck in key):
                score = max(score, 0.75)
            if score >= 0.6:
                scored[rec.id] = max(scored.get(rec.id, 0.0), score)
    ranked = sorted(scored, key=lambda rid: (-scored[rid], rid))
    # Only the candidates about as close as the closest one: a clear typo gets one suggestion, not five.
    best = [rid for rid in ranked if scored[rid] >= scored[ranked[0]] - 0.08][:n] if ranked else []
    out = []
    for rid in best:
        rec = kb.records[rid]
        name = rec.name("ko")
        out.append(rid if name == rid else f"{rid} ({name})")
    return out


def resolve(text: str, kb: KnowledgeBase) -> Record | Ref:
    """An id of any record, an act or offence name or alias, another record's name, or an article reference."""
    raw = clean(text)
    rec = kb.get(raw) or kb.get(raw.lower())
    if rec is not None:
        return rec
    if not raw:
        raise UsageError("empty-reference", "an empty reference names nothing", "give an id, an offence name or an article reference")
    if not re.search(r"\d", raw):
        aliases = act_aliases(kb)
        for key in (normalize(raw), alias_key(raw)):
            if key in aliases:
                return kb.records[aliases[key]]
    key = normalize(raw)
    for kind in ("offence", "term", "guideline", "directive", "case", "report", "bill"):
        hits = [r for r in kb.of_kind(kind) if any(normalize(n) == key for n in record_names(r))]
        if hits:
            return hits[0]
    try:
        return parse_ref(raw, kb)
    except NotFoundError as exc:
        if exc.code != "ref-unreadable":
            raise
        near = suggest(kb, raw)
        shown = text if len(text) <= 60 else text[:57] + "…"  # a pasted page is not repeated back in full
        raise NotFoundError("not-found", f"nothing in the knowledge base is called '{shown}'",
                            ("did you mean: " + ", ".join(near) + "?") if near else f"try: lawkb search '{shown}'") from None


def paragraph_label(article: Article, number: int | None, kb: KnowledgeBase | None = None, lang: str = "ko") -> str:
    """'청소년성보호법 제11조제5항' / 'Act … Art. 11(5)'; paragraph 0 is an article's single body."""
    return Ref(article.act, article.number, number or None).label(kb, lang)
