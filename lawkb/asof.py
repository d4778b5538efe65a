"""What a provision carried on a date: the paragraph in force, lighter later law, pending versions, and an article's view."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .errors import NotFoundError, UsageError
from .model import Article, ArticleVersion, KnowledgeBase, Paragraph, Penalty, Record
from .refs import Ref, paragraph_label, resolve
from .wording import a_kind


def _today() -> str:
    # Looked up on the public face at call time, so that fixing lawkb.query.today (as the golden tests do) fixes it here too.
    from . import query

    return query.today()


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
    """Heaviness under Criminal Act Arts. 41 and 50 (the ordering lives on Penalty, so every comparison uses the same one)."""
    return p.severity_key()


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
    now = now or _today()
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
    now = now or _today()
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
