"""Dates as ISO strings: today, a date the user typed, the day before."""

from __future__ import annotations

import datetime as _dt

from .errors import UsageError


def today() -> str:
    return _dt.date.today().isoformat()


def check_date(value: str, option: str = "--as-of") -> str:
    try:
        return _dt.date.fromisoformat(value).isoformat()
    except (ValueError, TypeError):
        raise UsageError("date-invalid", f"{option} '{value}' is not a date", "write dates as YYYY-MM-DD, e.g. 2020-06-02") from None


def day_before(date: str) -> str:
    return (_dt.date.fromisoformat(date) - _dt.timedelta(days=1)).isoformat()
