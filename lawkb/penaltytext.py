"""Read the numbers out of a statute's penalty words, so structured penalties can be checked against them."""

from __future__ import annotations

import re
from typing import Any

_WON = re.compile(r"(?:(\d+)억)?(?:(\d+)천)?(\d+)?만?원")
_TERM_MIN = re.compile(r"(\d+)년\s*이상의\s*(?:유기)?징역")
_TERM_MAX = re.compile(r"(\d+)년\s*이하의\s*징역")
_FINE = re.compile(r"([\d억천만]+원)\s*이하의\s*벌금")


def won(text: str) -> int | None:
    """'5천만원' -> 50000000, '1천500만원' -> 15000000, '300만원' -> 3000000, '1억원' -> 100000000."""
    m = _WON.fullmatch(text)
    if not m or not any(m.groups()):
        return None
    eok, cheon, rest = (int(g) if g else 0 for g in m.groups())
    if "만" in text:
        return eok * 100_000_000 + (cheon * 1000 + rest) * 10_000
    return eok * 100_000_000 + cheon * 1000 + rest


def parse(text: str) -> dict[str, Any] | None:
    """The numbers a penalty phrase states, or None for a penalty defined by reference to another provision."""
    life = bool(re.match(r"\s*무기", text))
    lo = _TERM_MIN.search(text)
    hi = _TERM_MAX.search(text)
    fine = _FINE.search(text)
    if not (life or lo or hi or fine):
        return None
    return {
        "life": life,
        "min_months": int(lo.group(1)) * 12 if lo else None,
        "max_months": int(hi.group(1)) * 12 if hi else None,
        "fine_max_won": won(fine.group(1)) if fine else None,
        "fine_alternative": bool(fine) and "또는" in text,
    }


def mismatches(penalty: dict[str, Any]) -> list[str]:
    """Where a structured penalty disagrees with its own text_ko."""
    stated = parse(penalty["text_ko"])
    if stated is None:
        return []
    imp = penalty.get("imprisonment") or {}
    fine = penalty.get("fine") or {}
    have = {
        "life": bool(penalty.get("life")),
        "min_months": imp.get("min_months"),
        "max_months": imp.get("max_months"),
        "fine_max_won": fine.get("max_won"),
        "fine_alternative": fine.get("combination") == "alternative",
    }
    return [f"{k} is {have[k]!r} but the text says {stated[k]!r}" for k in stated if have[k] != stated[k]]
