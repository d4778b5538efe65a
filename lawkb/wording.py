"""How terms, ranges and penalties are written, in Korean the way the law writes them and in plain English."""

from __future__ import annotations

from fractions import Fraction

from .model import Penalty


def months_ko(months: float | Fraction | None) -> str:
    """12 -> '1년', 234 -> '19년 6월', 67.5 -> '5년 7월 15일'."""
    return months_exact_ko(None if months is None else Fraction(months))


def months_en(months: float | Fraction | None) -> str:
    return months_exact_en(None if months is None else Fraction(months))


def range_ko(lo: float | Fraction | None, hi: float | Fraction | None, *, life: bool = False) -> str:
    """'징역 7년 ~ 19년 6월'; life alone as '무기징역'."""
    if life and lo is None and hi is None:
        return "무기징역"
    text = f"징역 {months_ko(lo)} ~ {months_ko(hi)}"
    return f"무기 또는 {text}" if life else text


def range_en(lo: float | Fraction | None, hi: float | Fraction | None, *, life: bool = False) -> str:
    if life and lo is None and hi is None:
        return "life imprisonment"
    text = f"imprisonment from {months_en(lo)} to {months_en(hi)}"
    return f"life imprisonment or {text}" if life else text


def _exact_parts(months: Fraction) -> tuple[int, int, Fraction]:
    whole = months.numerator // months.denominator
    years, rest = divmod(whole, 12)
    return years, rest, (months - whole) * 30


def _days(days: Fraction, unit: str) -> str:
    return f"{days.numerator}{unit}" if days.denominator == 1 else f"{float(days):g}{unit}"


def months_exact_ko(months: Fraction | int | None) -> str:
    """Exact months in Korean: Fraction(135, 2) -> '5년 7월 15일'; a quarter month is 7.5 days ('7.5일')."""
    if months is None:
        return "—"
    years, rest, days = _exact_parts(Fraction(months))
    parts = [f"{years}년"] if years else []
    if rest:
        parts.append(f"{rest}월")
    if days:
        parts.append(_days(days, "일"))
    return " ".join(parts) or "0월"


def months_exact_en(months: Fraction | int | None) -> str:
    if months is None:
        return "—"
    years, rest, days = _exact_parts(Fraction(months))
    parts = [f"{years} year{'s' if years != 1 else ''}"] if years else []
    if rest:
        parts.append(f"{rest} month{'s' if rest != 1 else ''}")
    if days:
        parts.append(_days(days, " days"))
    return " ".join(parts) or "0 months"


def span_ko(lo: Fraction | int | None, hi: Fraction | int | None) -> str:
    """An exact term range: '징역 7년 ~ 19년 6월'; no lower bound printed as '징역 ~ 8월'."""
    return f"징역 {months_exact_ko(lo)} ~ {months_exact_ko(hi)}" if lo is not None else f"징역 ~ {months_exact_ko(hi)}"


def span_en(lo: Fraction | int | None, hi: Fraction | int | None) -> str:
    if lo is None:
        return f"imprisonment up to {months_exact_en(hi)}"
    return f"imprisonment from {months_exact_en(lo)} to {months_exact_en(hi)}"


def a_kind(word: str) -> str:
    """'a case', 'an act', 'an offence': an English word (a record kind) with its indefinite article."""
    return ("an " if word[:1].lower() in "aeiou" else "a ") + word


def won_en(won: int) -> str:
    return f"{won:,} won"


def won_ko(won: int) -> str:
    """50000000 -> '5천만원', 30000000 -> '3천만원', 100000000 -> '1억원'."""
    eok, rest = divmod(won, 100_000_000)
    man = rest // 10_000
    parts = []
    if eok:
        parts.append(f"{eok}억")
    if man:
        cheon, rem = divmod(man, 1000)
        parts.append(f"{cheon}천만" if cheon and not rem else f"{man:,}만")
    return "".join(parts) + "원" if parts else f"{won:,}원"


def penalty_en(p: Penalty) -> str:
    """Our plain-English rendering of a statutory penalty."""
    if p.derived and not p.has_term and not p.life:
        return p.derived.get("en") or p.derived.get("ko") or "as for the intended crime"
    alts: list[str] = []
    if p.death:
        alts.append("death")
    if p.life:
        alts.append("life imprisonment")
    if p.has_term:
        kind = "imprisonment" if p.imprisonment_type == "징역" else "imprisonment without labour"
        if p.min_months is not None and p.max_months is not None:
            alts.append(f"{kind} for {months_en(p.min_months)} to {months_en(p.max_months)}")
        elif p.min_months is not None:
            alts.append(f"{kind} for at least {months_en(p.min_months)}")
        elif p.max_months is not None:
            alts.append(f"{kind} for up to {months_en(p.max_months)}")
        else:
            alts.append(kind)
    text = " or ".join(alts)
    if p.fine_max_won is not None:
        fine = f"a fine of up to {won_en(p.fine_max_won)}"
        if p.fine_min_won:
            fine = f"a fine of {won_en(p.fine_min_won)} to {won_en(p.fine_max_won)}"
        if p.fine_combination == "alternative":
            text = f"{text} or {fine}" if text else fine
        elif p.fine_combination == "cumulative":
            text = f"{text} and {fine}"
        else:
            text = f"{text}, and the court may add {fine}"
    if p.has_term and p.max_months is None:
        text += " (30 years at most under Criminal Act Art. 42)"
    if p.has_term and p.min_months is None:
        text += " (1 month at least under Criminal Act Art. 42)"
    return text[:1].upper() + text[1:]
