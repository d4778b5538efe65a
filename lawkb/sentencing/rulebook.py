"""A guideline record's general rules as data: parameters read by id, with their confidence and sources."""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from ..errors import NotFoundError
from ..model import KnowledgeBase, Penalty, Record
from ..query import provision_as_of
from .request import Count
from .terms import fraction, weakest
from .trace import SourceRef, record_sources


class MissingRuleData(Exception):
    """The guideline record lacks a rule or parameter the method needs; the step is then not determined."""

    def __init__(self, guideline: str, what: str) -> None:
        super().__init__(f"{guideline}: {what}")
        self.guideline = guideline
        self.what = what


class RuleBook:
    def __init__(self, guideline: Record) -> None:
        self.g = guideline
        self.rules = {r["id"]: r for r in guideline.data.get("rules") or ()}

    def rule(self, rid: str) -> dict[str, Any]:
        if rid not in self.rules:
            raise MissingRuleData(self.g.id, f"no rule with id '{rid}' (rules[].id)")
        return self.rules[rid]

    def has(self, rid: str, key: str) -> bool:
        return rid in self.rules and key in (self.rules[rid].get("params") or {})

    def param(self, rid: str, key: str) -> Any:
        params = self.rule(rid).get("params") or {}
        if key not in params:
            raise MissingRuleData(self.g.id, f"rule '{rid}' has no params.{key}")
        return params[key]

    def frac(self, rid: str, key: str) -> Fraction:
        value = self.param(rid, key)
        try:
            return fraction(value)
        except (ValueError, ZeroDivisionError):
            raise MissingRuleData(self.g.id, f"rule '{rid}' params.{key} = {value!r} is not a number or 'n/d' fraction") from None

    def confidence(self, rid: str, key: str | None = None) -> str:
        rule = self.rule(rid)
        extra = (rule.get("params") or {}).get(f"{key}_confidence") if key else None
        return weakest(rule.get("confidence"), extra if isinstance(extra, str) else None)

    def ref(self, rid: str) -> dict[str, Any]:
        rule = self.rule(rid)
        return {"id": rid, "guideline": self.g.id, "name": dict(rule["name"])}

    def sources(self, rid: str) -> list[SourceRef]:
        rule = self.rule(rid)
        return record_sources(self.g, rule.get("cite"), f"{self.g.name('ko')} — {rule['name']['ko']}")


@dataclass
class TypeMatch:
    """The guideline group and type that fit one count, with the factors valid for it."""

    group: dict[str, Any]
    type: dict[str, Any]
    factors: dict[str, dict[str, Any]] = field(default_factory=dict)
    probation: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def label_ko(self) -> str:
        return f"{self.group['name']['ko']} > 제{self.type['number']}유형 {self.type['name']['ko']}"

    @property
    def label_en(self) -> str:
        return f"{self.group['name']['en']} > type {self.type['number']}: {self.type['name']['en']}"


def find_type(guideline: Record, count: Count) -> TypeMatch | None:
    """The type whose offences name the count's offence and whose provisions (if listed) include its paragraph."""
    art, para = count.provision
    for grp in guideline.data["groups"]:
        for t in grp["types"]:
            provs = t.get("provisions") or []
            on_provision = any(p["article"] == art and p.get("paragraph", para) == para for p in provs)
            if (count.offence_id in t["offences"] and (not provs or on_provision)) or (count.offence_id is None and on_provision):

                def fits(f: dict[str, Any], tid: str = t["id"]) -> bool:
                    return not f.get("types") or tid in f["types"]

                return TypeMatch(
                    grp, t, {f["id"]: f for f in grp.get("factors") or () if fits(f)}, {f["id"]: f for f in grp.get("probation_factors") or () if fits(f)}
                )
    return None


def relevant_guidelines(kb: KnowledgeBase, counts: list[Count]) -> list[Record]:
    """Guideline versions that have a type for at least one of the counts, oldest first."""
    found = [g for g in kb.of_kind("guideline") if any(find_type(g, c) for c in counts)]
    return sorted(found, key=lambda g: g.data["effective"])


def selecting_date(guideline: Record, offence_date: str | None, indictment_date: str | None) -> tuple[str, str | None]:
    """Which date of the case selects this guideline (its date rule), and that date if known."""
    by = guideline.data["date_rule"]["selects_by"]
    return by, {"indictment": indictment_date, "offence": offence_date}.get(by)


def penalty_at(count: Count, date: str) -> Penalty | None:
    """The count's paragraph penalty on another date (e.g. when a guideline was adopted), or None if not in force."""
    try:
        ans = provision_as_of(count.article, count.paragraph.number, date, now=date)
    except NotFoundError:
        return None
    return ans.penalty


def same_penalty(a: Penalty | None, b: Penalty | None) -> bool:
    """Equal in every number (wording aside): life, term bounds, fine and how it combines."""
    if a is None or b is None:
        return a is b

    def key(p: Penalty) -> tuple[Any, ...]:
        return (p.death, p.life, p.has_term, p.min_months, p.max_months, p.fine_max_won, p.fine_combination)

    return key(a) == key(b)
