"""One traced step of a sentence computation: the rule applied, its inputs, its result and its sources."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..model import KnowledgeBase, Record
from .terms import is_weak

# Status of a step's result.
OK = "ok"
NOT_DETERMINED = "not-determined"
NOT_APPLICABLE = "not-applicable"
JUDGE = "judge-decides"
BRANCH = "branch"


@dataclass
class SourceRef:
    """Where a rule or number comes from: a KB record (and the source keys it cites) or a named provision."""

    cite: str
    record: str | None = None
    url: str | None = None
    title: str | None = None
    authority: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"cite": self.cite, "record": self.record, "url": self.url, "title": self.title, "authority": self.authority}


def record_sources(record: Record, keys: Any, cite: str) -> list[SourceRef]:
    """The sources a record cites for one fact; the record itself when it cites none we can find."""
    found = record.cited(keys)
    if not found:
        return [SourceRef(cite, record.id)]
    return [SourceRef(cite, record.id, s.url, s.title, s.authority) for s in found]


def provision_label(kb: KnowledgeBase, article_id: str, paragraph: int | None = None, item: int | None = None) -> str:
    """'형법 제55조제1항제3호' from an article id, with the act's usual short name."""
    act_id, _, number = article_id.partition(".")
    act = kb.get(act_id)
    if act is not None:
        abbr = act.data.get("abbreviations") or [act.data["name"]["ko"]]
        act_name = abbr[0]
    else:
        act_name = {"criminal-act": "형법"}.get(act_id, act_id)
    main, _, sub = number.partition("-")
    text = f"{act_name} 제{main}조" + (f"의{sub}" if sub else "")
    if paragraph:
        text += f"제{paragraph}항"
    if item:
        text += f"제{item}호"
    return text


@dataclass
class Step:
    step: str
    title_ko: str
    title_en: str
    rule: dict[str, Any]
    inputs: dict[str, Any]
    result: dict[str, Any]
    sources: list[SourceRef]
    confidence: str = "high"
    status: str = OK
    offence: str | None = None
    notes: list[dict[str, str]] = field(default_factory=list)
    summary_ko: str = ""
    summary_en: str = ""

    @property
    def unconfirmed(self) -> bool:
        return is_weak(self.confidence)

    def note(self, ko: str, en: str, code: str = "") -> None:
        self.notes.append({"code": code, "ko": ko, "en": en})

    def as_dict(self) -> dict[str, Any]:
        return {
            "step": self.step,
            "offence": self.offence,
            "title": {"ko": self.title_ko, "en": self.title_en},
            "rule": self.rule,
            "inputs": self.inputs,
            "result": self.result,
            "summary": {"ko": self.summary_ko, "en": self.summary_en},
            "status": self.status,
            "confidence": self.confidence,
            "unconfirmed": self.unconfirmed,
            "notes": self.notes,
            "sources": [s.as_dict() for s in self.sources],
        }
