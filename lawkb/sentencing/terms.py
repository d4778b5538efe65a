"""Exact terms in months, ranges of them, and confidence levels for the sentencing engine."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

CONFIDENCE_ORDER = ("high", "medium", "low", "unconfirmed")
WEAK = frozenset({"low", "unconfirmed"})


def weakest(*levels: str | None) -> str:
    """The weakest of several confidence marks (None is ignored; nothing given is 'high')."""
    found = [lv for lv in levels if lv]
    if not found:
        return "high"
    return max(found, key=lambda lv: CONFIDENCE_ORDER.index(lv) if lv in CONFIDENCE_ORDER else len(CONFIDENCE_ORDER))


def is_weak(level: str) -> bool:
    return level in WEAK


def fraction(value: Any) -> Fraction:
    """A KB number or an 'n/d' string as an exact fraction."""
    if isinstance(value, bool):
        raise ValueError(f"not a number: {value!r}")
    if isinstance(value, Fraction):
        return value
    if isinstance(value, int):
        return Fraction(value)
    if isinstance(value, float):
        return Fraction(str(value))
    if isinstance(value, str):
        return Fraction(value.strip())
    raise ValueError(f"not a number: {value!r}")


def months_json(value: Fraction | None) -> int | float | None:
    """A month count for JSON: an integer when whole, otherwise the exact binary fraction (halves, quarters)."""
    if value is None:
        return None
    if value.denominator == 1:
        return int(value)
    return float(value)


@dataclass(frozen=True)
class Span:
    """A term range in months; lo None means the range prints no lower bound (an open guideline cell)."""

    lo: Fraction | None
    hi: Fraction

    def scale(self, lo_factor: Fraction | None, hi_factor: Fraction | None) -> Span:
        lo = self.lo if self.lo is None or lo_factor is None else self.lo * lo_factor
        hi = self.hi if hi_factor is None else self.hi * hi_factor
        return Span(lo, hi)

    def cap(self, limit: Fraction) -> Span:
        return Span(self.lo if self.lo is None else min(self.lo, limit), min(self.hi, limit))

    def as_dict(self) -> dict[str, Any]:
        return {"min_months": months_json(self.lo), "max_months": months_json(self.hi)}


@dataclass(frozen=True)
class Punishment:
    """A penalty at one step: life imprisonment, a term range and/or a maximum fine (several when imposed together)."""

    life: bool = False
    term: Span | None = None
    fine_max_won: Fraction | None = None

    @property
    def kinds(self) -> list[str]:
        return [k for k, on in (("life", self.life), ("term", self.term is not None), ("fine", self.fine_max_won is not None)) if on]

    def as_dict(self) -> dict[str, Any]:
        return {
            "life": self.life,
            "term": self.term.as_dict() if self.term else None,
            "fine_max_won": None if self.fine_max_won is None else int(self.fine_max_won) if self.fine_max_won.denominator == 1 else float(self.fine_max_won),
        }
