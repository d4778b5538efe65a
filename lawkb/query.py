"""Lookups over the model: act aliases, article references, and what a provision carried on a date."""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from .errors import NotFoundError, UsageError
from .model import Article, ArticleVersion, KnowledgeBase, Paragraph, Penalty, Record

_DOTS = re.compile(r"[\s·ㆍ・‧•∙⋅]")


def normalize(text: str) -> str:
    """NFC, all middle-dot variants and spaces removed, lower case: the key for matching names."""
    return _DOTS.sub("", unicodedata.normalize("NFC", text)).lower()


def nfc_dots(text: str) -> str:
    """NFC with every middle-dot variant written as the statute's 'ㆍ'."""
    return re.sub(r"[·・‧•∙⋅]", "ㆍ", unicodedata.normalize("NFC", text))


def today() -> str:
    return _dt.date.today().isoformat()


def check_date(value: str, option: str = "--as-of") -> str:
    try:
        return _dt.date.fromisoformat(value).isoformat()
    except (ValueError, TypeError):
        raise UsageError("date-invalid", f"{option} '{value}' is not a date", "write dates as YYYY-MM-DD, e.g. 2020-06-02") from None


def act_aliases(kb: KnowledgeBase) -> dict[str, str]:
    """Every way of naming an act (official name, abbreviations, English name and slugs), normalised, to its id."""
    out: dict[str, str] = {}
    for act in kb.of_kind("act"):
        d = act.data
        for name in [act.id, d["name"]["ko"], d["name"]["en"], *d.get("abbreviations", []), *d.get("slugs", [])]:
            out.setdefault(normalize(name), act.id)
    return out


def resolve_act(kb: KnowledgeBase, name: str) -> str:
    aliases = act_aliases(kb)
    key = normalize(name)
    if key in aliases:
        return aliases[key]
    import difflib

    near = difflib.get_close_matches(key, list(aliases), n=3, cutoff=0.5)
    hint = "did you mean: " + ", ".join(sorted({_display_alias(kb, aliases[n]) for n in near})) + "?" if near else "acts: " + ", ".join(
        a.id for a in kb.of_kind("act"))
    raise NotFoundError("act-not-found", f"no act named '{name}'", hint)


def _display_alias(kb: KnowledgeBase, act_id: str) -> str:
    act = kb.get(act_id)
    abbr = (act.data.get("abbreviations") or [act_id]) if act else [act_id]
    return f"{abbr[0]} ({act_id})"


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


_CIRCLED = {chr(0x2460 + i): i + 1 for i in range(20)}
_KO = re.compile(r"제?\s*(\d+)\s*조(?:\s*의\s*(\d+))?(?:\s*(?:제\s*(\d+)\s*항|([①-⑳])))?(?:\s*제\s*(\d+)\s*호)?\s*$")
_EN = re.compile(r"(?:(?:art(?:icle)?)\.?\s*)?(\d+)(?:-(\d+))?(?:\s*\(\s*(\d+)\s*\))?(?:\s*\(\s*(\d+)\s*\)|\s*item\s*(\d+))?\s*$", re.I)
_ID = re.compile(r"^([a-z0-9-]+)\.(\d+(?:-\d+)?)(?:\((\d+)\))?$")


def parse_ref(text: str, kb: KnowledgeBase) -> Ref:
    """Read '청소년성보호법:11(5)', '청소년성보호법 제11조제5항', '제14조의2제4항', '14-2(4)', 'Art. 14-2(4)', 'sexual-crimes.14-2'."""
    raw = unicodedata.normalize("NFC", text).strip()
    m = _ID.match(raw)
    if m and kb.get(f"{m.group(1)}.{m.group(2)}") is not None:
        return Ref(m.group(1), m.group(2), int(m.group(3)) if m.group(3) else None)
    act_part, art_part = None, raw
    if ":" in raw:
        act_part, art_part = (s.strip() for s in raw.split(":", 1))
    ko = _KO.search(art_part)
    en = None if ko else _EN.search(art_part)
    match = ko or en
    if match is None:
        raise NotFoundError("ref-unreadable", f"cannot read '{text}' as an article reference",
                            "write e.g. 청소년성보호법:11(5), 청소년성보호법 제11조제5항, 제14조의2제4항 or Art. 14-2(4)")
    if act_part is None:
        act_part = art_part[: match.start()].strip() or None
        if act_part and act_part.lower().rstrip(".") in ("art", "article"):
            act_part = None
    if ko:
        number = ko.group(1) + (f"-{ko.group(2)}" if ko.group(2) else "")
        para = int(ko.group(3)) if ko.group(3) else (_CIRCLED[ko.group(4)] if ko.group(4) else None)
        item = int(ko.group(5)) if ko.group(5) else None
    else:
        assert en is not None
        number = en.group(1) + (f"-{en.group(2)}" if en.group(2) else "")
        para = int(en.group(3)) if en.group(3) else None
        item = int(en.group(4) or en.group(5)) if (en.group(4) or en.group(5)) else None
    if act_part:
        act = resolve_act(kb, act_part)
        ref = Ref(act, number, para, item)
        if kb.article(ref.article_id) is None:
            known = sorted((a.number for a in kb.of_kind("article") if isinstance(a, Article) and a.act == act), key=_num_key)
            raise NotFoundError("article-not-found", f"{ref.label(kb)} is not in the knowledge base",
                                f"articles of {act}: " + ", ".join(known) if known else "")
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


def resolve(text: str, kb: KnowledgeBase) -> Record | Ref:
    """An id of any record, an offence name or alias, or an article reference."""
    rec = kb.get(text.strip())
    if rec is not None:
        return rec
    key = normalize(text)
    for off in kb.of_kind("offence"):
        names = [off.data["name"]["ko"], off.data["name"]["en"], *off.data.get("aliases", [])]
        if any(normalize(n) == key for n in names):
            return off
    try:
        return parse_ref(text, kb)
    except NotFoundError as exc:
        if exc.code != "ref-unreadable":
            raise
        import difflib

        ids = [r.id for r in kb] + [n for o in kb.of_kind("offence") for n in [o.data["name"]["ko"], o.data["name"]["en"]]]
        near = difflib.get_close_matches(text, ids, n=4, cutoff=0.5)
        raise NotFoundError("not-found", f"nothing in the knowledge base is called '{text}'",
                            ("did you mean: " + ", ".join(near) + "?") if near else "try 'lawkb search " + text + "'") from None


# ---- what a provision carried on a date ------------------------------------------------------------------


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

    def as_dict(self, kb: KnowledgeBase) -> dict[str, Any]:
        p = self.penalty
        pdict = p.as_dict() if p else None
        sources = [s.as_dict() for s in self.article.cited(self.version.cite)] or [s.as_dict() for s in self.article.sources]
        return {
            "act": self.article.act,
            "article": self.article.number,
            "article_id": self.article.id,
            "paragraph": self.paragraph.number,
            "title": dict(self.version.title),
            "text_ko": self.paragraph.text_ko,
            "summary_en": self.paragraph.summary_en,
            "version": {**self.version.as_dict(), "paragraph_in_force": self.version.paragraph_in_force(self.paragraph)},
            "penalty_ko": p.text_ko if p else None,
            "imprisonment": None if pdict is None else {
                "life": pdict["imprisonment"]["life"], "min_months": pdict["imprisonment"]["min_months"],
                "max_months": pdict["imprisonment"]["max_months"], "type": pdict["imprisonment"]["type"]},
            "fine": None if p is None or p.fine_max_won is None else {"max_won": p.fine_max_won, "min_won": p.fine_min_won,
                                                                       "combination": p.fine_combination},
            "attempt_punishable": bool(p and p.attempt_punishable),
            "habitual_aggravation": "1/2" if p and p.habitual_basis else None,
            "lighter_later_law": [{"version": v.as_dict(), "penalty_ko": q.penalty.text_ko if q.penalty else None} for v, q in self.lighter_later],
            "pending": [{"version": v.as_dict(), "penalty_ko": q.penalty.text_ko if q and q.penalty else None} for v, q in self.pending],
            "notes": self.notes,
            "sources": sources,
        }


def is_lighter(new: Penalty | None, old: Penalty | None) -> bool:
    """Criminal Act Art. 50: the type first, then the longer maximum, then the longer minimum."""
    if new is None or old is None:
        return False
    return new.severity_key() < old.severity_key()


def provision_as_of(article: Article, number: int, date: str, *, now: str | None = None) -> ProvisionAnswer:
    """The paragraph in force on `date`; raises NotFoundError when none was."""
    now = now or today()
    found = article.paragraph_as_of(number, date)
    if found is None:
        first = article.first_in_force(number)
        label = f"{article.label('ko')}제{number}항" if number else article.label("ko")
        if first is not None and date < first:
            raise NotFoundError("not-in-force", f"not an offence under this provision before {first}: {article.id}({number}) came into force on {first}",
                                f"{label} applies to acts on or after {first}")
        if first is None:
            raise NotFoundError("paragraph-not-found", f"{article.id} has no paragraph {number}",
                                "paragraphs: " + ", ".join(str(p.number) for v in article.versions for p in v.paragraphs if v is article.versions[-1]))
        raise NotFoundError("not-in-force", f"{article.id}({number}) was not in force on {date}", "it was repealed or deleted before that date")
    version, para = found
    answer = ProvisionAnswer(article, para, version, date)
    # Art. 1(2): a law changed after the act that is lighter applies; look at every later version up to today.
    seen: set[str] = set()
    for v in article.versions:
        if v.in_force <= date or v.in_force > now:
            continue
        later = article.paragraph_as_of(number, v.in_force)
        if later is None or later[0].in_force in seen:
            continue
        seen.add(later[0].in_force)
        if is_lighter(later[1].penalty, para.penalty):
            answer.lighter_later.append(later)
    if answer.lighter_later:
        v = answer.lighter_later[-1][0]
        answer.notes.append({
            "code": "lighter-later-law",
            "ko": f"형법 제1조제2항: 범죄 후 법률이 변경되어 형이 가벼워졌으므로 신법({v.in_force} 시행, 법률 제{v.act_number}호)에 따른다.",
            "en": f"Criminal Act Art. 1(2): the law was changed after the act and the penalty became lighter, so the new law "
                  f"(in force {v.in_force}, Act No. {v.act_number}) applies.",
        })
    for v in article.versions:
        if v.in_force > now:
            answer.pending.append((v, v.paragraph(number)))
    for v, _ in answer.pending:
        answer.notes.append({
            "code": "pending-version",
            "ko": f"법률 제{v.act_number}호({v.promulgated} 공포)는 {v.in_force}부터 시행 예정이다.",
            "en": f"Act No. {v.act_number} (promulgated {v.promulgated}) is not yet in force; it takes effect on {v.in_force}.",
        })
    return answer


def offence_provisions(kb: KnowledgeBase, offence: Record, date: str, *, now: str | None = None) -> list[ProvisionAnswer]:
    """All provisions of an offence that apply to an act on `date`."""
    answers: list[ProvisionAnswer] = []
    earliest: list[str] = []
    for prov in offence.data["provisions"]:
        article = kb.article(prov["article"])
        if article is None:
            continue
        start = prov.get("from") or article.first_in_force(prov["paragraph"])
        if start:
            earliest.append(start)
        if (start and date < start) or (prov.get("until") and date > prov["until"]):
            continue
        try:
            answers.append(provision_as_of(article, prov["paragraph"], date, now=now))
        except NotFoundError:
            continue
    if not answers:
        first = min(earliest) if earliest else None
        if first and date < first:
            raise NotFoundError("not-in-force", f"not an offence under these provisions before {first}: {offence.id} has no provision in force on {date}",
                                f"the first provision came into force on {first}")
        raise NotFoundError("not-in-force", f"{offence.id} has no provision in force on {date}")
    return answers


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
