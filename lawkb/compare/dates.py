"""Dates as records give them: a partial date as the period it covers, the day after, and the --from/--to checks."""

from __future__ import annotations

import calendar
import datetime as _dt

from ..errors import UsageError
from ..query import check_date


def period_of(partial: str) -> tuple[str, str]:
    """'2020' -> ('2020-01-01', '2020-12-31'); '2020-04' -> ('2020-04-01', '2020-04-30'); a full date -> itself twice."""
    parts = partial.split("-")
    year = int(parts[0])
    if len(parts) == 1:
        return f"{year:04d}-01-01", f"{year:04d}-12-31"
    month = int(parts[1])
    if len(parts) == 2:
        last = calendar.monthrange(year, month)[1]
        return f"{year:04d}-{month:02d}-01", f"{year:04d}-{month:02d}-{last:02d}"
    return partial, partial


def day_after(date: str) -> str:
    return (_dt.date.fromisoformat(date) + _dt.timedelta(days=1)).isoformat()


def check_dates(date_from: str | None, date_to: str | None) -> tuple[str | None, str | None]:
    """--from and --to, each optional, as ISO dates."""
    return (None if date_from is None else check_date(date_from, "--from"), None if date_to is None else check_date(date_to, "--to"))


def check_order(date_from: str, date_to: str) -> None:
    if date_from > date_to:
        raise UsageError("dates-order", f"--from {date_from} is after --to {date_to}", "give the earlier date in --from")
