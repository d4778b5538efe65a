"""A printable handout as a typed context: what the ids cover, the law on a date, history, quiz and sources."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .errors import NotFoundError, UsageError
from .handout_context import AUDIENCES, CATEGORIES, CONTENT_NOTE, CONTENT_NOTE_ADULT, DISCLAIMER, LANGS, Bi, Handout, SourceRegistry
from .handout_history import amendment_events, case_entries, shown_in_directive, shown_in_guideline, timeline, unconfirmed
from .handout_law import article_section, offence_section
from .model import Article, KnowledgeBase, Record
from .query import ProvisionAnswer, Ref, check_date, clean, nfc_dots, offence_provisions, resolve, today
from .wording import a_kind

__all__ = ["Bi", "Handout", "build"]


# ---- what the ids ask for -----------------------------------------------------------------------------------


@dataclass
class _Scope:
    offences: list[Record] = field(default_factory=list)
    explicit: set[str] = field(default_factory=set)
    articles: list[tuple[Article, int | None]] = field(default_factory=list)
    covers: list[Bi] = field(default_factory=list)
    titles: list[Bi] = field(default_factory=list)


def _num_key(n: str) -> tuple[int, int]:
    main, _, sub = n.partition("-")
    return int(main), int(sub or 0)


def _offence_order(kb: KnowledgeBase, off: Record) -> tuple[Any, ...]:
    first = off.data["provisions"][0]
    art = kb.article(first["article"])
    if art is None:
        return ("~", (0, 0), 0, off.id)
    return (art.act, _num_key(art.number), first["paragraph"], off.id)


def _offences_where(kb: KnowledgeBase, pred: Any) -> list[Record]:
    found = [o for o in kb.of_kind("offence") if any(pred(p) for p in o.data["provisions"])]
    return sorted(found, key=lambda o: _offence_order(kb, o))


def _expand(kb: KnowledgeBase, raw: str, scope: _Scope) -> None:
    text = clean(raw)
    if not text:
        raise UsageError("handout-empty-id", "an empty id was given", "name offences, acts, articles, guidelines or topics")
    topic = text[6:] if text.startswith("topic:") else text
    rec = kb.get(text)
    if rec is None and topic in CATEGORIES:
        found = sorted((o for o in kb.of_kind("offence") if o.data["category"] == topic), key=lambda o: _offence_order(kb, o))
        if not found:
            raise NotFoundError("topic-empty", f"no offence in the knowledge base belongs to the topic '{topic}'",
                                "topics: " + ", ".join(sorted({o.data['category'] for o in kb.of_kind('offence')})))
        label = CATEGORIES[topic]
        _add(scope, found, Bi(f"{label.ko} ({len(found)}개 범죄)", f"{label.en} ({len(found)} offences)"), label)
        return
    if rec is None:
        if text.startswith("topic:"):
            raise NotFoundError("topic-not-found", f"no topic called '{topic}'", "topics: " + ", ".join(CATEGORIES))
        found_ref = resolve(text, kb)
        if isinstance(found_ref, Ref):
            _expand_article(kb, found_ref, scope)
            return
        rec = found_ref
    _expand_record(kb, rec, scope)


def _add(scope: _Scope, offences: list[Record], cover: Bi, title: Bi | None, explicit: bool = False) -> None:
    for o in offences:
        if o.id not in {x.id for x in scope.offences}:
            scope.offences.append(o)
        if explicit:
            scope.explicit.add(o.id)
    scope.covers.append(cover)
    if title is not None:
        scope.titles.append(title)


def _expand_article(kb: KnowledgeBase, ref: Ref, scope: _Scope) -> None:
    art = kb.article(ref.article_id)
    assert art is not None  # parse_ref checked it
    found = _offences_where(kb, lambda p: p["article"] == art.id and (ref.paragraph is None or p["paragraph"] == ref.paragraph))
    label = Bi(ref.label(kb, "ko"), ref.label(kb, "en"))
    if found:
        _add(scope, found, Bi(f"{label.ko}: " + ", ".join(o.data["name"]["ko"] for o in found),
                              f"{label.en}: " + ", ".join(o.data["name"]["en"] for o in found)), label)
    else:
        scope.articles.append((art, ref.paragraph))
        scope.covers.append(label)
        scope.titles.append(label)


def _expand_record(kb: KnowledgeBase, rec: Record, scope: _Scope) -> None:
    name = Bi(nfc_dots(rec.name("ko")), rec.name("en"))
    if rec.kind == "offence":
        _add(scope, [rec], name, name, explicit=True)
        return
    if rec.kind == "article":
        assert isinstance(rec, Article)
        _expand_article(kb, Ref(rec.act, rec.number), scope)
        return
    if rec.kind == "act":
        arts = {a.id for a in kb.of_kind("article") if isinstance(a, Article) and a.act == rec.id}
        found = _offences_where(kb, lambda p: p["article"] in arts)
    elif rec.kind == "amendment":
        arts = set(rec.data["articles"])
        found = _offences_where(kb, lambda p: p["article"] in arts)
    elif rec.kind == "guideline":
        ids = {o for g in rec.data["groups"] for t in g["types"] for o in t["offences"]}
        found = [o for o in _offences_where(kb, lambda p: True) if o.id in ids]
    elif rec.kind == "directive":
        ids = {o for r in rec.data["rules"] for o in r["offences"]}
        found = [o for o in _offences_where(kb, lambda p: True) if o.id in ids]
    elif rec.kind == "case":
        ids = set(rec.data["offences"])
        found = [o for o in _offences_where(kb, lambda p: True) if o.id in ids]
    else:
        raise UsageError("handout-kind", f"'{rec.id}' is {a_kind(rec.kind)}; a handout covers offences, acts, articles, guidelines, "
                         "directives, cases and topics", "topics: " + ", ".join(CATEGORIES))
    if not found:
        raise NotFoundError("handout-no-offences", f"no offence in the knowledge base is covered by {rec.kind} '{rec.id}'",
                            "name an offence instead, e.g. 'lawkb handout csem-possession'")
    _add(scope, found, Bi(f"{name.ko} ({len(found)}개 범죄)", f"{name.en} ({len(found)} offences)"), name)


# ---- the handout --------------------------------------------------------------------------------------------


def _title(scope: _Scope) -> Bi:
    titles = scope.titles
    if len(titles) == 1:
        return titles[0]
    if len(titles) <= 3:
        return Bi(" · ".join(t.ko or "" for t in titles), " · ".join(t.en or "" for t in titles))
    return Bi(f"디지털 성범죄: {len(titles)}개 주제", f"Digital sex crimes: {len(titles)} subjects")


def build(kb: KnowledgeBase, ids: list[str], *, as_of: str | None = None, lang: str = "both", audience: str = "student",
          quiz: int = 0, now: str | None = None) -> Handout:
    """Collect everything a handout shows, for the law in force on `as_of`; raises LawkbError for what cannot be answered."""
    if not ids:
        raise UsageError("handout-no-ids", "name at least one offence, act, article, guideline or topic", "e.g. lawkb handout csem-possession")
    if lang not in LANGS:
        raise UsageError("lang-invalid", f"unknown language '{lang}'", "use ko, en or both")
    if audience not in AUDIENCES:
        raise UsageError("audience-invalid", f"unknown audience '{audience}'", "use student or trainer")
    if quiz < 0:
        raise UsageError("quiz-invalid", "--quiz must be 0 or more", "e.g. --quiz 5")
    now = check_date(now, "--today") if now else today()
    as_of = check_date(as_of) if as_of else now
    scope = _Scope()
    for raw in ids:
        _expand(kb, raw, scope)
    reg = SourceRegistry()
    answers: list[tuple[Record, list[ProvisionAnswer]]] = []
    skipped: list[Bi] = []
    for off in scope.offences:
        try:
            answers.append((off, offence_provisions(kb, off, as_of, now=now)))
        except NotFoundError as exc:
            if off.id in scope.explicit or len(scope.offences) == 1:
                raise
            skipped.append(Bi(nfc_dots(f"{off.data['name']['ko']} ({off.id}): {exc.hint or exc.message}"),
                              f"{off.data['name']['en']} ({off.id}): {exc.hint or exc.message}"))
    provisions = [article_section(kb, art, n, as_of, now, reg, audience) for art, n in scope.articles]
    if not answers and not provisions:
        raise NotFoundError("not-in-force", f"none of the requested offences was in force on {as_of}",
                            "pick a later --as-of date")
    sections = [offence_section(kb, off, ans, as_of, now, reg, audience) for off, ans in answers]
    offences = [off for off, _ in answers]
    ids_in = {o.id for o in offences}
    amendments = amendment_events(kb, offences, as_of, reg)  # before the cases, so sources are numbered in reading order
    cases = case_entries(kb, ids_in, as_of, reg, audience)
    events = timeline(kb, offences, amendments, cases, as_of, reg)
    from .handout_quiz import make_quiz

    questions = make_quiz(kb, sections, as_of, quiz, audience)
    used: list[tuple[Record, set[str] | None]] = [(o, None) for o in offences]
    for o in offences:
        for prov in o.data["provisions"]:
            art = kb.article(prov["article"])
            if art is not None:
                used.append((art, None))
    used += [(art, None) for art, _ in scope.articles]
    used += [(g, shown_in_guideline(g, ids_in)) for g in kb.of_kind("guideline") if g.id in {e.guideline_id for s in sections for e in s.guideline}]
    used += [(d, shown_in_directive(d, ids_in)) for d in kb.of_kind("directive") if d.id in {e.directive_id for s in sections for e in s.demands}]
    used += [(c, None) for c in kb.of_kind("case") if c.id in {x.id for x in cases}]
    return Handout(
        title=_title(scope), as_of=as_of, prepared=now, lang=lang, audience=audience, requested=tuple(ids), covers=tuple(scope.covers),
        offences=tuple(sections), provisions=tuple(provisions), not_in_force=tuple(skipped), timeline=events, cases=tuple(cases),
        quiz=questions, quiz_requested=quiz,
        quiz_note=None if len(questions) >= quiz else Bi(
            f"지식베이스로 만들 수 있는 문제는 {len(questions)}개입니다 ({quiz}개 요청).",
            f"The knowledge base yields {len(questions)} question(s) for this handout ({quiz} requested)."),
        sources=tuple(reg.notes), unconfirmed=unconfirmed(used, audience),
        content_note=CONTENT_NOTE if any(o.data["victim"] == "child_youth" for o in offences) or not offences else CONTENT_NOTE_ADULT,
        disclaimer=DISCLAIMER,
    )
