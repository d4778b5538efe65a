"""Lookups over the model: act aliases, article references, what a provision carried on a date, and record filters."""

from __future__ import annotations

import datetime as _dt
import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from .errors import NotFoundError, UsageError
from .model import Article, ArticleVersion, KnowledgeBase, Paragraph, Penalty, Record
from .wording import a_kind

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


def today() -> str:
    return _dt.date.today().isoformat()


def check_date(value: str, option: str = "--as-of") -> str:
    try:
        return _dt.date.fromisoformat(value).isoformat()
    except (ValueError, TypeError):
        raise UsageError("date-invalid", f"{option} '{value}' is not a date", "write dates as YYYY-MM-DD, e.g. 2020-06-02") from None


def day_before(date: str) -> str:
    return (_dt.date.fromisoformat(date) - _dt.timedelta(days=1)).isoformat()


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
            known = sorted((a.number for a in kb.of_kind("article") if isinstance(a, Article) and a.act == act), key=_num_key)
            near = sorted(known, key=lambda n: (abs(_num_key(n)[0] - _num_key(number)[0]), _num_key(n)))[:3]
            hint = ("did you mean: " + ", ".join(Ref(act, n).label(kb) for n in sorted(near, key=_num_key)) + "? " if near else "") + (
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


def _num_key(n: str) -> tuple[int, int]:
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


# ---- what a provision carried on a date ------------------------------------------------------------------


def paragraph_label(article: Article, number: int | None, kb: KnowledgeBase | None = None, lang: str = "ko") -> str:
    """'청소년성보호법 제11조제5항' / 'Act … Art. 11(5)'; paragraph 0 is an article's single body."""
    return Ref(article.act, article.number, number or None).label(kb, lang)


@dataclass
class ProvisionAnswer:
    """The paragraph in force on a date, with the notes a careful reader needs."""

    article: Article
    paragraph: Paragraph
    version: ArticleVersion
    as_of: str
    lighter_later: list[tuple[ArticleVersion, Paragraph]] = field(default_factory=list)
    pending: list[tuple[ArticleVersion, Paragraph | None]] = field(default_factory=list)
    notes: list[dict[str, str]] = field(default_factory=list)

    @property
    def penalty(self) -> Penalty | None:
        return self.paragraph.penalty

    @property
    def unchanged_since(self) -> ArticleVersion:
        """The oldest version from which this paragraph's wording and penalty have stayed as they are."""
        versions = [v for v in self.article.versions if v.in_force <= self.version.in_force]
        since = self.version
        for v in reversed(versions[:-1]):
            p = v.paragraph(self.paragraph.number)
            if p is None or p.text_ko != self.paragraph.text_ko or p.penalty != self.paragraph.penalty or p.in_force:
                break
            since = v
        return since

    @property
    def applied(self) -> tuple[ArticleVersion, Paragraph]:
        """The version a court applies: the lightest later one under Art. 1(2), else the one in force on the date."""
        if not self.lighter_later:
            return self.version, self.paragraph
        return min(self.lighter_later, key=lambda vp: penalty_weight(vp[1].penalty) if vp[1].penalty else ())

    def sources(self) -> list[dict[str, Any]]:
        return [s.as_dict() for s in self.article.cited(self.version.cite)] or [s.as_dict() for s in self.article.sources]

    def as_dict(self, kb: KnowledgeBase) -> dict[str, Any]:
        from .wording import penalty_en

        p = self.penalty
        pdict = p.as_dict() if p else None
        return {
            "act": self.article.act,
            "article": self.article.number,
            "article_id": self.article.id,
            "paragraph": self.paragraph.number,
            "label_ko": paragraph_label(self.article, self.paragraph.number, kb, "ko"),
            "label_en": paragraph_label(self.article, self.paragraph.number, kb, "en"),
            "role": self.paragraph.role,
            "as_of": self.as_of,
            "title": dict(self.version.title),
            "text_ko": self.paragraph.text_ko,
            "summary_en": self.paragraph.summary_en,
            "version": {**self.version.as_dict(), "paragraph_in_force": self.version.paragraph_in_force(self.paragraph)},
            "unchanged_since": {"act_number": self.unchanged_since.act_number, "in_force": self.unchanged_since.in_force},
            "penalty_ko": p.text_ko if p else None,
            "penalty_en": penalty_en(p) if p else None,
            "imprisonment": None if pdict is None else {
                "life": pdict["imprisonment"]["life"], "min_months": pdict["imprisonment"]["min_months"],
                "max_months": pdict["imprisonment"]["max_months"], "type": pdict["imprisonment"]["type"]},
            "fine": None if p is None or p.fine_max_won is None else {"max_won": p.fine_max_won, "min_won": p.fine_min_won,
                                                                       "combination": p.fine_combination},
            "attempt_punishable": bool(p and p.attempt_punishable),
            "attempt_basis": p.attempt_basis if p else None,
            "habitual_aggravation": "1/2" if p and p.habitual_basis else None,
            "habitual_basis": p.habitual_basis if p else None,
            "lighter_later_law": [{"version": v.as_dict(), "penalty_ko": q.penalty.text_ko if q.penalty else None} for v, q in self.lighter_later],
            "pending": [{"version": v.as_dict(), "penalty_ko": q.penalty.text_ko if q and q.penalty else None} for v, q in self.pending],
            "notes": self.notes,
            "sources": self.sources(),
        }


def penalty_weight(p: Penalty) -> tuple[float, ...]:
    """Heaviness under Criminal Act Arts. 41 and 50, for comparing statutory penalties.

    The heaviest punishment decides first (death, life, then a fixed term by type, maximum and minimum); with the same
    heaviest punishment, a fine that must or may be added weighs more, and a fine the court may choose instead weighs less
    (the larger that fine, the heavier).
    """
    rank = 3 if p.death else 2 if p.life else 1 if p.has_term else 0
    kind = 1 if p.imprisonment_type == "징역" else 0
    cumulative = {"cumulative": 2, "optional_cumulative": 1}.get(p.fine_combination or "", 0) if p.fine_max_won is not None else 0
    alternative = p.fine_max_won is not None and p.fine_combination == "alternative"
    fine_max, fine_min = p.fine_max_won or 0, p.fine_min_won or 0
    return (rank, kind, p.term_max_months or 0, p.term_min_months or 0, cumulative, fine_max if cumulative else 0,
            0 if alternative else 1, fine_max if alternative else 0, fine_min if alternative else 0)


def is_lighter(new: Penalty | None, old: Penalty | None) -> bool:
    """Criminal Act Art. 50: the type first, then the longer maximum, then the longer minimum, then the fines."""
    if new is None or old is None or (new.derived and not new.has_term) or (old.derived and not old.has_term):
        return False
    return penalty_weight(new) < penalty_weight(old)


def _change_dates(article: Article, number: int) -> list[str]:
    """Every date on which the paragraph's text may have changed."""
    dates = {v.in_force for v in article.versions}
    dates |= {p.in_force for v in article.versions if (p := v.paragraph(number)) is not None and p.in_force}
    return sorted(dates)


def not_in_force_error(article: Article, number: int | None, date: str, kb: KnowledgeBase | None = None) -> NotFoundError:
    """Why no text of the paragraph (or of the article, number None) answers for a date: not recorded, not yet, or repealed."""
    label = paragraph_label(article, number, kb) if kb is not None else (f"{article.id}({number})" if number is not None else article.id)
    recorded = article.data.get("recorded_from")
    first = article.first_in_force(number) if number is not None else article.versions[0].in_force
    if first is None:
        latest = article.versions[-1]
        what = f"{label} does not exist" if number else f"{label} has no unnumbered body"
        return NotFoundError("paragraph-not-found", f"{what}: {article.id} has no paragraph {number}",
                             "paragraphs: " + ", ".join(str(p.number) for p in latest.paragraphs))
    if recorded and date < recorded:
        return NotFoundError("not-recorded",
                             f"the knowledge base does not record the text of {label} in force on {date}: versions before {recorded} are not recorded",
                             "this does not mean the act was not an offence then; check the statute history at the national law database")
    where = f"{article.id}({number})" if number is not None else article.id
    if date < first:
        return NotFoundError("not-in-force", f"not an offence under this provision before {first}: {where} came into force on {first}",
                             f"{label} applies to acts on or after {first}")
    return NotFoundError("not-in-force", f"{where} was not in force on {date}", "it was repealed or deleted before that date")


def provision_as_of(article: Article, number: int, date: str, *, now: str | None = None) -> ProvisionAnswer:
    """The paragraph in force on `date`; raises NotFoundError when none was (or when the KB does not record it)."""
    now = now or today()
    found = article.paragraph_as_of(number, date)
    if found is None:
        raise not_in_force_error(article, number, date)
    version, para = found
    answer = ProvisionAnswer(article, para, version, date)
    # Art. 1(2): a law changed after the act that is lighter applies; every text in force from the act up to today counts.
    seen: set[tuple[str, int]] = {(version.amendment, para.number)}
    for d in _change_dates(article, number):
        if d <= date or d > now:
            continue
        later = article.paragraph_as_of(number, d)
        if later is None or (later[0].amendment, later[1].number) in seen:
            continue
        seen.add((later[0].amendment, later[1].number))
        if is_lighter(later[1].penalty, para.penalty):
            answer.lighter_later.append(later)
    if answer.lighter_later:
        v, q = answer.applied
        answer.notes.append({
            "code": "lighter-later-law",
            "ko": f"형법 제1조제2항: 범죄 후 법률이 변경되어 형이 가벼워졌으므로 신법({v.in_force} 시행, 법률 제{v.act_number}호: "
                  f"{q.penalty.text_ko if q.penalty else '—'})에 따른다.",
            "en": f"Criminal Act Art. 1(2): the law was changed after the act and the penalty became lighter, so the new law "
                  f"(in force {v.in_force}, Act No. {v.act_number}) applies.",
        })
    for v in article.versions:
        pq = v.paragraph(number)
        if v.in_force > now or (pq is not None and pq.in_force and pq.in_force > now):
            answer.pending.append((v, pq))
    for v, pq in answer.pending:
        starts = v.paragraph_in_force(pq) if pq is not None else v.in_force
        answer.notes.append({
            "code": "pending-version",
            "ko": f"법률 제{v.act_number}호({v.promulgated} 공포)는 {starts}부터 시행 예정이다.",
            "en": f"Act No. {v.act_number} (promulgated {v.promulgated}) is not yet in force; it takes effect on {starts}.",
        })
    return answer


def _first_offence_date(article: Article, number: int, after: str) -> str | None:
    """The first date after `after` on which the paragraph defines an offence."""
    for d in _change_dates(article, number):
        if d > after and (found := article.paragraph_as_of(number, d)) is not None and found[1].penalty is not None:
            return d
    return None


_ROLE_EN = {"attempt": "the attempt rule", "habitual": "the habitual-offender rule", "definition": "a definition", "rule": "a rule",
            "deleted": "deleted", "offence": "an offence"}


def article_penalties(kb: KnowledgeBase, article: Article, paragraph: int | None, date: str, *, now: str | None = None) -> list[ProvisionAnswer]:
    """What an article (or one paragraph of it) punished on a date: only paragraphs that carry a penalty."""
    if paragraph is not None:
        if article.paragraph_as_of(paragraph, date) is None:
            raise not_in_force_error(article, paragraph, date, kb)
        answer = provision_as_of(article, paragraph, date, now=now)
        if answer.penalty is None:
            label = paragraph_label(article, paragraph, kb)
            what = _ROLE_EN.get(answer.paragraph.role, answer.paragraph.role)
            later = _first_offence_date(article, paragraph, date)
            if later:
                raise NotFoundError("not-in-force", f"not an offence under this provision before {later}: on {date} {label} was {what}",
                                    f"{label} defines an offence for acts on or after {later}")
            targets = ", ".join(str(n) for n in answer.paragraph.applies_to)
            raise NotFoundError("not-an-offence", f"{label} is {what}, not an offence with a penalty of its own (on {date})",
                                f"ask for the paragraph it modifies: {targets}" if targets else "ask for a paragraph that defines an offence")
        return [answer]
    version = article.version_as_of(date)
    repealed = article.data.get("repealed")
    if version is None or (repealed and date >= repealed):
        if not any(p.penalty is not None for v in article.versions for p in v.paragraphs):
            raise NotFoundError("not-an-offence", f"{paragraph_label(article, None, kb)} defines no offence in any recorded version")
        raise not_in_force_error(article, None, date, kb)
    answers = []
    for p in version.paragraphs:
        try:
            answer = provision_as_of(article, p.number, date, now=now)
        except NotFoundError:
            continue
        if answer.penalty is not None:
            answers.append(answer)
    if not answers:
        later = min((d for n in {p.number for v in article.versions for p in v.paragraphs} if (d := _first_offence_date(article, n, date))),
                    default=None)
        if later:
            raise NotFoundError("not-in-force", f"not an offence under this provision before {later}: on {date} "
                                f"{paragraph_label(article, None, kb)} defined no offence", f"ask for a date on or after {later}")
        raise NotFoundError("not-an-offence", f"{paragraph_label(article, None, kb)} defines no offence (on {date})",
                            "penalties are in the articles that define offences; try 'lawkb search' with the conduct")
    return answers


def offence_provisions(kb: KnowledgeBase, offence: Record, date: str, *, now: str | None = None) -> list[ProvisionAnswer]:
    """All provisions of an offence that apply to an act on `date`."""
    answers: list[ProvisionAnswer] = []
    earliest: list[str] = []
    unrecorded: list[tuple[Article, int]] = []
    for prov in offence.data["provisions"]:
        article = kb.article(prov["article"])
        if article is None:
            continue
        start = prov.get("from") or article.first_in_force(prov["paragraph"])
        if start:
            earliest.append(start)
        recorded = article.data.get("recorded_from")
        if recorded and date < recorded and article.paragraph_as_of(prov["paragraph"], date) is None and not prov.get("from"):
            unrecorded.append((article, prov["paragraph"]))
            continue
        if (start and date < start) or (prov.get("until") and date > prov["until"]):
            continue
        try:
            answers.append(provision_as_of(article, prov["paragraph"], date, now=now))
        except NotFoundError:
            continue
    if not answers:
        if unrecorded:
            article, number = unrecorded[0]
            raise not_in_force_error(article, number, date, kb)
        first = min(earliest) if earliest else None
        if first and date < first:
            raise NotFoundError("not-in-force", f"not an offence under these provisions before {first}: {offence.id} has no provision in force on {date}",
                                f"the first provision came into force on {first}")
        raise NotFoundError("not-in-force", f"{offence.id} has no provision in force on {date}")
    return answers


def penalties(kb: KnowledgeBase, text: str, date: str, *, now: str | None = None) -> tuple[Record, list[ProvisionAnswer]]:
    """What `text` (an offence id, name or alias, an article id or an article reference) carried on `date`."""
    target = resolve(text, kb)
    if isinstance(target, Ref):
        article = kb.article(target.article_id)
        assert article is not None  # parse_ref only returns articles it found
        return article, article_penalties(kb, article, target.paragraph, date, now=now)
    if isinstance(target, Article):
        return target, article_penalties(kb, target, None, date, now=now)
    if target.kind == "offence":
        return target, offence_provisions(kb, target, date, now=now)
    raise UsageError("not-a-provision", f"'{text}' is {a_kind(target.kind)} ({target.id}), which carries no statutory penalty",
                     "give an offence (e.g. csem-possession) or an article reference (e.g. 청소년성보호법:11(5))")


def related(kb: KnowledgeBase, offence_id: str) -> dict[str, list[dict[str, str]]]:
    """Guideline types and directive rules that name an offence (the data points at offences, not back)."""
    types = []
    for g in kb.of_kind("guideline"):
        for grp in g.data["groups"]:
            for t in grp["types"]:
                if offence_id in t["offences"]:
                    types.append({"guideline": g.id, "group": grp["id"], "type": t["id"], "name_ko": t["name"]["ko"], "name_en": t["name"]["en"]})
    rules = []
    for d in kb.of_kind("directive"):
        for r in d.data["rules"]:
            if offence_id in r["offences"]:
                rules.append({"directive": d.id, "issued": d.data["issued"], "rule": r["id"], "role_ko": r["role"]["ko"], "role_en": r["role"]["en"]})
    cases = [{"case": c.id, "name_en": c.data["name"]["en"]} for c in kb.of_kind("case") if offence_id in c.data["offences"]]
    return {"guideline_types": types, "directive_rules": rules, "cases": cases}


# ---- an article as it stood on a date ----------------------------------------------------------------------


@dataclass
class ParagraphState:
    """One paragraph as shown for a date: the text in force, or a text promulgated for later."""

    number: int
    paragraph: Paragraph
    version: ArticleVersion
    status: str  # in_force | deleted | not_yet_in_force
    in_force: str


@dataclass
class VersionState:
    version: ArticleVersion
    status: str  # superseded | selected | later | pending


@dataclass
class ArticleView:
    article: Article
    as_of: str
    version: ArticleVersion
    paragraphs: list[ParagraphState]
    versions: list[VersionState]
    repealed: str | None = None


def article_view(article: Article, date: str, *, now: str | None = None, kb: KnowledgeBase | None = None) -> ArticleView:
    """The version of an article in force on a date, paragraph by paragraph, and where every version stands."""
    now = now or today()
    version = article.version_as_of(date)
    repealed = article.data.get("repealed")
    if version is None:
        recorded = article.data.get("recorded_from")
        label = paragraph_label(article, None, kb)
        if recorded and date < recorded:
            raise NotFoundError("not-recorded", f"the knowledge base does not record the text of {label} in force on {date}: "
                                f"versions before {recorded} are not recorded", "show it without --as-of to see the recorded versions")
        raise NotFoundError("not-in-force", f"{label} was not in force on {date}: its first version came into force on "
                            f"{article.versions[0].in_force}", "show it without --as-of, or with a later date")
    states = []
    for p in version.paragraphs:
        found = article.paragraph_as_of(p.number, date)
        if found is not None:
            states.append(ParagraphState(p.number, found[1], found[0], "in_force", found[0].paragraph_in_force(found[1])))
        elif p.role == "deleted" and version.paragraph_in_force(p) <= date:
            states.append(ParagraphState(p.number, p, version, "deleted", version.paragraph_in_force(p)))
        elif version.paragraph_in_force(p) > date:
            states.append(ParagraphState(p.number, p, version, "not_yet_in_force", version.paragraph_in_force(p)))
    versions = []
    for v in article.versions:
        status = "selected" if v is version else "superseded" if v.in_force < version.in_force else "pending" if v.in_force > now else "later"
        versions.append(VersionState(v, status))
    return ArticleView(article, date, version, states, versions, repealed if repealed and date >= repealed else None)


# ---- choosing records for `list` ---------------------------------------------------------------------------

LIST_FILTERS = {
    "act": ("act", "article", "amendment", "bill", "offence", "guideline", "directive", "case", "report"),
    "victim": ("article", "offence", "guideline", "directive", "case", "report"),
    "category": ("article", "offence", "guideline", "directive", "case", "report"),
    "in_force": ("article", "amendment", "offence", "guideline", "directive"),
}


def linked_offences(kb: KnowledgeBase, rec: Record) -> list[Record]:
    """The offences a record concerns: itself, those that use an article, or those a guideline, directive, case or report names."""
    d = rec.data
    ids: list[str] = []
    if rec.kind == "offence":
        return [rec]
    if rec.kind == "article":
        ids = [o.id for o in kb.of_kind("offence") if any(p["article"] == rec.id for p in o.data["provisions"])]
    elif rec.kind == "guideline":
        ids = [oid for g in d["groups"] for t in g["types"] for oid in t["offences"]]
    elif rec.kind == "directive":
        ids = [oid for r in d["rules"] for oid in r["offences"]]
    elif rec.kind in ("case", "report"):
        ids = list(d.get("offences") or ())
    return [o for oid in dict.fromkeys(ids) if (o := kb.get(oid)) is not None]


def record_acts(kb: KnowledgeBase, rec: Record) -> set[str]:
    """The acts a record belongs to or relies on."""
    d = rec.data
    if rec.kind == "act":
        return {rec.id}
    if rec.kind in ("article", "amendment", "bill"):
        return {d["act"]}
    acts: set[str] = set()
    if rec.kind == "guideline":
        acts |= {str(p["article"]).split(".")[0] for g in d["groups"] for t in g["types"] for p in t.get("provisions") or ()}
    for off in linked_offences(kb, rec):
        acts |= {str(p["article"]).split(".")[0] for p in off.data["provisions"]}
    return acts


def in_force_on(kb: KnowledgeBase, rec: Record, date: str) -> bool:
    d = rec.data
    if isinstance(rec, Article):
        return rec.version_as_of(date) is not None and not (d.get("repealed") and date >= d["repealed"])
    if rec.kind == "amendment":
        return bool(d["in_force"] <= date)
    if rec.kind == "offence":
        try:
            return bool(offence_provisions(kb, rec, date, now=date))
        except NotFoundError:
            return False
    if rec.kind == "guideline":
        return bool(d["effective"] <= date and not (d.get("superseded") and date >= d["superseded"]))
    if rec.kind == "directive":
        return bool(d["issued"] <= date and not (d.get("superseded") and date >= d["superseded"]))
    return False


KIND_PLURALS = {"acts": "act", "articles": "article", "amendments": "amendment", "bills": "bill", "offences": "offence", "offenses": "offence",
                "offense": "offence", "guidelines": "guideline", "directives": "directive", "cases": "case", "reports": "report", "terms": "term",
                "glossary": "term"}


def check_kind(kind: str) -> str:
    from .schemas import KINDS

    k = KIND_PLURALS.get(kind.strip().lower(), kind.strip().lower())
    if k not in KINDS:
        near = difflib.get_close_matches(k, list(KINDS), n=2, cutoff=0.5)
        raise UsageError("unknown-kind", f"unknown kind '{kind}'", ("did you mean: " + ", ".join(near) + "? " if near else "") + "kinds: " + ", ".join(KINDS))
    return k


def select_records(kb: KnowledgeBase, kind: str, *, act: str | None = None, victim: str | None = None, category: str | None = None,
                   in_force: str | None = None) -> list[Record]:
    """The records of one kind that pass every filter given; a filter that cannot apply to the kind is a usage error."""
    kind = check_kind(kind)
    given = {"act": act, "victim": victim, "category": category, "in_force": in_force}
    for name, value in given.items():
        if value is not None and kind not in LIST_FILTERS[name]:
            option = "--" + name.replace("_", "-")
            raise UsageError("filter-not-applicable", f"{option} does not apply to {kind} records",
                             f"{option} filters: " + ", ".join(LIST_FILTERS[name]))
    act_id = resolve_act(kb, act) if act is not None else None
    if victim is not None and victim not in ("child_youth", "any_person"):
        raise UsageError("victim-invalid", f"--victim '{victim}' is not a victim group", "use child_youth or any_person")
    categories = sorted({str(o.data["category"]) for o in kb.of_kind("offence")})
    if category is not None and category not in categories:
        from .schemas import schema

        allowed = schema("offence")["properties"]["category"]["enum"]
        if category not in allowed:
            raise UsageError("category-invalid", f"--category '{category}' is not an offence category", "categories: " + ", ".join(allowed))
    date = check_date(in_force, "--in-force") if in_force is not None else None
    out = []
    for rec in kb.of_kind(kind):
        if act_id is not None and act_id not in record_acts(kb, rec):
            continue
        if victim is not None and not any(o.data["victim"] == victim for o in linked_offences(kb, rec)):
            continue
        if category is not None and not any(o.data["category"] == category for o in linked_offences(kb, rec)):
            continue
        if date is not None and not in_force_on(kb, rec, date):
            continue
        out.append(rec)
    if kind == "article":
        out.sort(key=lambda r: (r.data["act"], _num_key(r.data["number"])))
    return out
