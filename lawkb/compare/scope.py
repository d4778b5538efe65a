"""What a timeline is about: the provisions, offences and acts its REFs name, and which REFs an event touches."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..errors import NotFoundError, UsageError
from ..model import Article, KnowledgeBase, Record
from ..wording import a_kind
from .dates import day_after
from .target import resolve_target

_ProvisionKey = tuple[str, int | None, str | None, str | None]


@dataclass
class Scope:
    """What a timeline is about; no refs means everything.

    provisions maps (article id, paragraph or None for the whole article, from, until) to the REFs that asked for it;
    offences maps offence ids to those REFs.
    """

    refs: list[str] = field(default_factory=list)
    provisions: dict[_ProvisionKey, set[str]] = field(default_factory=dict)
    offences: dict[str, set[str]] = field(default_factory=dict)
    acts: dict[str, set[str]] = field(default_factory=dict)
    offence_keys: set[_ProvisionKey] = field(default_factory=set)

    @property
    def everything(self) -> bool:
        return not self.refs

    def add_provision(self, article: str, paragraph: int | None, tag: str, start: str | None = None, until: str | None = None,
                      *, offence: bool = False) -> None:
        key = (article, paragraph, start, until)
        self.provisions.setdefault(key, set()).add(tag)
        if offence:
            self.offence_keys.add(key)

    def touched(self, article_id: str, paragraph: int | None, date: str | None = None, *, is_offence: bool = True) -> set[str]:
        """REFs whose provisions include this paragraph (on this date: a change on the day after 'until' still counts).

        An offence's provision is a paragraph number; where the number once held something else (a habitual rule that
        later moved), `is_offence=False` says the paragraph was no offence on either side, and the offence is not touched.
        """
        tags: set[str] = set()
        for key, t in self.provisions.items():
            aid, p, start, until = key
            if aid != article_id or (p is not None and paragraph is not None and p != paragraph):
                continue
            if date is not None and ((start and date < start) or (until and date > day_after(until))):
                continue
            if key in self.offence_keys and not is_offence:
                continue
            tags |= t
        return tags

    def offence_tags(self, offence_ids: Iterable[str]) -> set[str]:
        """REFs that name any of these offences."""
        tags: set[str] = set()
        for o in offence_ids:
            tags |= self.offences.get(o, set())
        return tags

    def as_dict(self) -> dict[str, Any]:
        return {"refs": self.refs, "provisions": sorted({f"{a}({p})" if p is not None else a for a, p, _, _ in self.provisions}),
                "offences": sorted(self.offences), "acts": sorted(self.acts)}


def timeline_scope(kb: KnowledgeBase, refs: Sequence[str], category: str | None = None) -> Scope:
    """Read the timeline's REFs (offences, articles, paragraphs, acts) and an optional offence category."""
    scope = Scope()
    offences: list[tuple[Record, str]] = []
    for text in refs:
        target = resolve_target(kb, text)
        if target.kind == "article" and target.article is not None:
            tag = target.article.id + (f"({target.paragraph})" if target.paragraph is not None else "")
            scope.add_provision(target.article.id, target.paragraph, tag)
            for off in kb.of_kind("offence"):
                if any(p["article"] == target.article.id and (target.paragraph is None or p["paragraph"] == target.paragraph)
                       for p in off.data["provisions"]):
                    scope.offences.setdefault(off.id, set()).add(tag)
        elif target.kind == "act" and target.act is not None:
            tag = target.act
            scope.acts.setdefault(target.act, set()).add(tag)
            for art in kb.of_kind("article"):
                if isinstance(art, Article) and art.act == target.act:
                    scope.add_provision(art.id, None, tag)
            for off in kb.of_kind("offence"):
                if any((a := kb.article(p["article"])) is not None and a.act == target.act for p in off.data["provisions"]):
                    scope.offences.setdefault(off.id, set()).add(tag)
        elif target.kind == "offence" and target.record is not None:
            tag = target.record.id
            offences.append((target.record, tag))
        else:
            name = target.record.id if target.record is not None else text
            raise UsageError("ref-kind", f"{name} is {a_kind(target.kind)}; a timeline is drawn for offences, articles and acts",
                             "give an offence id, an article reference or an act name")
        scope.refs.append(tag)
    if category is not None:
        cats = sorted({o.data["category"] for o in kb.of_kind("offence")})
        chosen = [o for o in kb.of_kind("offence") if o.data["category"] == category]
        if not chosen:
            raise NotFoundError("category-unknown", f"no offence in category '{category}'", "categories: " + ", ".join(cats))
        offences += [(o, o.id) for o in chosen]
        scope.refs += [o.id for o in chosen if o.id not in scope.refs]
    for off, tag in offences:
        scope.offences.setdefault(off.id, set()).add(tag)
        for p in off.data["provisions"]:
            scope.add_provision(p["article"], p["paragraph"], tag, p.get("from"), p.get("until"), offence=True)
    return scope
