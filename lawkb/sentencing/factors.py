"""Sentencing and probation factors given on the command line, checked against the guideline's own lists."""

from __future__ import annotations

from typing import Any

from ..errors import UsageError
from ..model import Record
from .request import Count, SentenceRequest, find_count, split_target
from .rulebook import TypeMatch, find_type


def type_tables(guidelines: list[Record], counts: list[Count]) -> dict[int, TypeMatch | None]:
    """Each count's guideline type, from the selected guideline (or, without one, from the latest that has a type)."""
    out: dict[int, TypeMatch | None] = {}
    for c in counts:
        out[c.index] = next((m for g in reversed(guidelines) if (m := find_type(g, c)) is not None), None)
    return out


def _listing(match: TypeMatch | None, pool: str, direction: str | None) -> str:
    if match is None:
        return "(no guideline type)"
    table = match.factors if pool == "factors" else match.probation
    ids = [f["id"] for f in table.values() if direction is None or f["direction"] == direction]
    if pool == "factors":
        special = [i for i in ids if table[i]["level"] == "special"]
        general = [i for i in ids if table[i]["level"] == "general"]
        return "special: " + ", ".join(special) + ("; general: " + ", ".join(general) if general else "")
    return ", ".join(ids)


def assign_factors(counts: list[Count], tables: dict[int, TypeMatch | None], req: SentenceRequest) -> None:
    """Attach --aggravating, --mitigating and --probation-factor ids to their counts; exit 2 on anything unknown."""
    plan: list[tuple[str, list[str], str, str | None]] = [
        ("--aggravating", req.aggravating, "factors", "aggravating"),
        ("--mitigating", req.mitigating, "factors", "mitigating"),
        ("--probation-factor", req.probation_factors, "probation", None),
    ]
    for option, values, pool, direction in plan:
        for value in values:
            target, fid = split_target(value)
            pool_counts = [find_count(counts, target, option)] if target else counts

            def lookup(c: Count, fid: str = fid, pool: str = pool) -> dict[str, Any] | None:
                m = tables.get(c.index)
                if m is None:
                    return None
                return (m.factors if pool == "factors" else m.probation).get(fid)

            hits = [c for c in pool_counts if lookup(c) is not None]
            if not hits:
                where = "; ".join(f"{c.index}={c.label}: {_listing(tables.get(c.index), pool, direction)}" for c in pool_counts)
                if all(tables.get(c.index) is None for c in pool_counts):
                    raise UsageError(
                        "no-guideline-type",
                        f"{option} {fid}: "
                        + ", ".join(c.label for c in pool_counts)
                        + " has no type in the sentencing guideline, so it has no guideline factors",
                        "drop the factor",
                    )
                raise UsageError(
                    "factor-unknown",
                    f"{option} '{fid}' is not a factor of the guideline type for " + ", ".join(c.label for c in pool_counts),
                    f"valid {direction or 'probation'} factors — {where}",
                )
            if len(hits) > 1:
                raise UsageError(
                    "factor-ambiguous",
                    f"{option} {fid}: it fits several offences ({', '.join(f'{c.index}={c.given}' for c in hits)})",
                    f"say which, e.g. {option} {hits[0].index}={fid}",
                )
            c = hits[0]
            factor = lookup(c)
            assert factor is not None
            if direction is not None and factor["direction"] != direction:
                other = "--mitigating" if factor["direction"] == "mitigating" else "--aggravating"
                raise UsageError("factor-direction", f"{option} {fid}: this is a {factor['direction']} factor", f"give it with {other} {fid}")
            bucket = c.probation_factors if pool == "probation" else c.aggravating if direction == "aggravating" else c.mitigating
            if any(f["id"] == fid for f in bucket):
                raise UsageError("factor-twice", f"{option} {fid} is given twice for {c.label}", "each factor counts once")
            bucket.append(factor)
