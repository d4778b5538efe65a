"""What changed between two statutory penalties: field by field, as data, and as one English and one Korean sentence."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..model import Penalty
from ..wording import months_en, months_ko, won_en, won_ko
from .words import same_text

_COMBINATION_EN = {"alternative": "alternative", "cumulative": "always added", "optional_cumulative": "may be added"}
_COMBINATION_KO = {"alternative": "선택형", "cumulative": "필요적 병과", "optional_cumulative": "임의적 병과"}
_PRESENCE_KO = {"added": "신설", "removed": "삭제"}
_MOVE_KO = {"raised": "상향", "lowered": "하향"}


@dataclass(frozen=True)
class BoundChange:
    """A change of the stated lower or upper bound of imprisonment, with the bounds that apply in effect."""

    stated_from: float | None
    stated_to: float | None
    effective_from: float | None
    effective_to: float | None
    change: str  # added, removed, raised, lowered
    heavier: bool

    def as_dict(self) -> dict[str, Any]:
        return {"from": self.stated_from, "to": self.stated_to, "effective_from": self.effective_from,
                "effective_to": self.effective_to, "change": self.change, "heavier": self.heavier}


@dataclass(frozen=True)
class PenaltyDelta:
    """What changed between two statutory penalties, as data and as one English and one Korean sentence."""

    old: Penalty | None
    new: Penalty | None
    status: str  # unchanged, wording, changed, added, removed
    direction: str | None  # heavier, lighter, same (Criminal Act Art. 50), or None when a side has no penalty
    min_change: BoundChange | None = None
    max_change: BoundChange | None = None
    life_change: str | None = None
    death_change: str | None = None
    type_change: Mapping[str, list[str]] | None = None
    fine_change: Mapping[str, Any] | None = None
    attempt_change: str | None = None
    habitual_change: Mapping[str, Any] | None = None
    derived_change: Mapping[str, Any] | None = None
    summary_en: str = ""
    summary_ko: str = ""
    details_en: tuple[str, ...] = ()
    details_ko: tuple[str, ...] = ()

    @property
    def changed(self) -> bool:
        return self.status not in ("unchanged", "wording")

    def as_dict(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "direction": self.direction,
            "from_ko": self.old.text_ko if self.old else None,
            "to_ko": self.new.text_ko if self.new else None,
            "min_change": self.min_change.as_dict() if self.min_change else None,
            "max_change": self.max_change.as_dict() if self.max_change else None,
            "life_change": self.life_change,
            "death_change": self.death_change,
            "type_change": dict(self.type_change) if self.type_change else None,
            "fine_change": dict(self.fine_change) if self.fine_change else None,
            "attempt_change": self.attempt_change,
            "habitual_change": dict(self.habitual_change) if self.habitual_change else None,
            "derived_change": dict(self.derived_change) if self.derived_change else None,
            "summary_en": self.summary_en,
            "summary_ko": self.summary_ko,
            "details_en": list(self.details_en),
            "details_ko": list(self.details_ko),
        }


@dataclass
class _Details:
    """The sentences of a delta in both languages, kept in step."""

    en: list[str] = field(default_factory=list)
    ko: list[str] = field(default_factory=list)

    def add(self, en: str, ko: str) -> None:
        self.en.append(en)
        self.ko.append(ko)


def penalty_kinds(p: Penalty | None) -> list[str]:
    """The kinds of punishment a penalty allows: death, life, 징역 or 금고 (a fixed term), fine, derived."""
    if p is None:
        return []
    kinds = []
    if p.death:
        kinds.append("death")
    if p.life:
        kinds.append("life")
    if p.has_term and p.imprisonment_type:
        kinds.append(p.imprisonment_type)
    if p.fine_max_won is not None:
        kinds.append("fine")
    if p.derived and not kinds:
        kinds.append("derived")
    return kinds


def penalty_data_key(p: Penalty) -> tuple[Any, ...]:
    """Everything that makes a penalty what it is, its wording aside."""
    return (p.death, p.life, p.imprisonment_type, p.min_months, p.max_months, p.fine_min_won, p.fine_max_won,
            p.fine_combination, dict(p.derived) if p.derived else None, p.attempt_punishable, p.habitual_basis)


def penalty_delta(old: Penalty | None, new: Penalty | None) -> PenaltyDelta | None:
    """Compare two penalties field by field; None when neither side carries one."""
    if old is None and new is None:
        return None
    if old is None or new is None:
        return _one_side(old, new)
    say = _Details()
    death_change = _presence(old.death, new.death)
    if death_change:
        say.add(f"death penalty {death_change}", "사형 " + _PRESENCE_KO[death_change])
    life_change = _presence(old.life, new.life)
    if life_change:
        say.add(f"life imprisonment {life_change}", "무기징역 " + _PRESENCE_KO[life_change])
    min_change = _bound(old.min_months, new.min_months, old.term_min_months, new.term_min_months)
    max_change = _bound(old.max_months, new.max_months, old.term_max_months, new.term_max_months)
    _say_term(old, new, min_change, max_change, say)
    fine_change = _fine_change(_fine(old), _fine(new), say)
    attempt_change = _presence(old.attempt_punishable, new.attempt_punishable)
    if attempt_change == "added":
        say.add(f"attempt made punishable ({new.attempt_basis})", f"미수범 처벌 신설({new.attempt_basis})")
    elif attempt_change == "removed":
        say.add("attempt no longer punishable", "미수범 처벌 삭제")
    habitual_change = _habitual_change(old.habitual_basis, new.habitual_basis, say)
    derived_change = None
    if (old.derived or None) != (new.derived or None):
        derived_change = {"from": dict(old.derived) if old.derived else None, "to": dict(new.derived) if new.derived else None}
        say.add("penalty by reference changed", "준용 형 변경")

    if penalty_data_key(old) == penalty_data_key(new):
        if same_text(old.text_ko, new.text_ko):
            return PenaltyDelta(old, new, "unchanged", "same", summary_en=f"unchanged: {new.text_ko}", summary_ko=f"변경 없음: {new.text_ko}")
        return PenaltyDelta(old, new, "wording", "same", summary_en=f"{old.text_ko} → {new.text_ko}: wording only; the penalty is the same",
                            summary_ko=f"{old.text_ko} → {new.text_ko}: 표현만 변경, 법정형 동일")
    ko_old, ko_new = old.severity_key(), new.severity_key()
    direction = "heavier" if ko_new > ko_old else "lighter" if ko_new < ko_old else "same"
    kinds_old, kinds_new = penalty_kinds(old), penalty_kinds(new)
    type_change = {"from": kinds_old, "to": kinds_new} if kinds_old != kinds_new else None
    arrow = f"{old.text_ko} → {new.text_ko}" if not same_text(old.text_ko, new.text_ko) else new.text_ko
    return PenaltyDelta(old, new, "changed", direction, min_change, max_change, life_change, death_change, type_change,
                        fine_change, attempt_change, habitual_change, derived_change,
                        summary_en=f"{arrow}: " + "; ".join(say.en), summary_ko=f"{arrow}: " + ", ".join(say.ko),
                        details_en=tuple(say.en), details_ko=tuple(say.ko))


def _one_side(old: Penalty | None, new: Penalty | None) -> PenaltyDelta:
    """A penalty where there was none, or none where there was one."""
    p = new if old is None else old
    assert p is not None
    status = "added" if old is None else "removed"
    kinds = penalty_kinds(p)
    fine = _fine(p)
    if old is None:
        summary_en, summary_ko = f"new penalty: {p.text_ko}", f"법정형 신설: {p.text_ko}"
    else:
        summary_en, summary_ko = f"penalty removed (was {p.text_ko})", f"법정형 삭제(종전: {p.text_ko})"
    return PenaltyDelta(old, new, status, None,
                        life_change=status if p.life else None, death_change=status if p.death else None,
                        type_change={"from": [], "to": kinds} if old is None else {"from": kinds, "to": []},
                        fine_change=None if fine is None else {"from": None if old is None else fine, "to": fine if old is None else None,
                                                               "change": status},
                        summary_en=summary_en, summary_ko=summary_ko)


def _presence(old: bool, new: bool) -> str | None:
    return None if old == new else ("added" if new else "removed")


def _fine(p: Penalty | None) -> dict[str, Any] | None:
    if p is None or p.fine_max_won is None:
        return None
    return {"max_won": p.fine_max_won, "min_won": p.fine_min_won, "combination": p.fine_combination}


def _bound(old: float | None, new: float | None, eff_old: float | None, eff_new: float | None) -> BoundChange | None:
    if old == new:
        return None
    if old is None:
        change = "added"
    elif new is None:
        change = "removed"
    else:
        change = "raised" if new > old else "lowered"
    return BoundChange(old, new, eff_old, eff_new, change, (eff_new or 0) > (eff_old or 0))


def _term_words(p: Penalty) -> tuple[str, str]:
    """The bounds of a fixed term, in English and in Korean."""
    lo, hi = p.min_months, p.max_months
    if lo is not None and hi is not None:
        return f"{months_en(lo)} to {months_en(hi)}", f"{months_ko(lo)} 이상 {months_ko(hi)} 이하"
    if lo is not None:
        return f"at least {months_en(lo)}", f"{months_ko(lo)} 이상"
    if hi is not None:
        return f"up to {months_en(hi)}", f"{months_ko(hi)} 이하"
    return "a term within the general limits", "일반 한도"


def _say_term(old: Penalty, new: Penalty, min_change: BoundChange | None, max_change: BoundChange | None, say: _Details) -> None:
    """Fixed-term imprisonment added or removed, its kind changed, or its bounds moved."""
    if old.has_term != new.has_term:
        p = new if new.has_term else old
        word = "added" if new.has_term else "removed"
        term_en, term_ko = _term_words(p)
        say.add(f"fixed-term imprisonment ({p.imprisonment_type}, {term_en}) {word}", f"유기{p.imprisonment_type}({term_ko}) " + _PRESENCE_KO[word])
        return
    if not old.has_term:
        return
    if old.imprisonment_type != new.imprisonment_type:
        say.add(f"imprisonment changed from {old.imprisonment_type} to {new.imprisonment_type}", f"{old.imprisonment_type} → {new.imprisonment_type}")
    for name_en, name_ko, ch, limit_en, limit_ko in (
        ("minimum", "하한", min_change, "1 month", "1월"),
        ("maximum", "상한", max_change, "30 years", "30년"),
    ):
        if ch is None:
            continue
        if ch.change == "added":
            say.add(f"{name_en} of {months_en(ch.stated_to)} added", f"{name_ko} {months_ko(ch.stated_to)} 신설")
        elif ch.change == "removed":
            say.add(f"stated {name_en} of {months_en(ch.stated_from)} removed ({limit_en} under Criminal Act Art. 42)",
                    f"{name_ko} {months_ko(ch.stated_from)} 삭제(형법 제42조에 따라 {limit_ko})")
        else:
            say.add(f"{name_en} {ch.change} from {months_en(ch.stated_from)} to {months_en(ch.stated_to)}",
                    f"{name_ko} {months_ko(ch.stated_from)} → {months_ko(ch.stated_to)} " + _MOVE_KO[ch.change])


def _fine_change(old: dict[str, Any] | None, new: dict[str, Any] | None, say: _Details) -> dict[str, Any] | None:
    if old == new:
        return None
    if old is None:
        assert new is not None
        say.add(f"fine of up to {won_en(new['max_won'])} added ({_COMBINATION_EN.get(new['combination'], '')})",
                f"벌금형({won_ko(new['max_won'])} 이하, {_COMBINATION_KO.get(new['combination'], '')}) 신설")
        return {"from": None, "to": new, "change": "added"}
    if new is None:
        say.add(f"fine of up to {won_en(old['max_won'])} removed", f"벌금형({won_ko(old['max_won'])} 이하) 삭제")
        return {"from": old, "to": None, "change": "removed"}
    if old["max_won"] != new["max_won"]:
        word = "raised" if new["max_won"] > old["max_won"] else "lowered"
        say.add(f"maximum fine {word} from {won_en(old['max_won'])} to {won_en(new['max_won'])}",
                f"벌금 상한 {won_ko(old['max_won'])} → {won_ko(new['max_won'])} " + _MOVE_KO[word])
    elif old["min_won"] != new["min_won"]:
        word = "raised" if (new["min_won"] or 0) > (old["min_won"] or 0) else "lowered"
        say.add(f"minimum fine {word}", "벌금 하한 " + _MOVE_KO[word])
    else:
        word = "combination"
    if old["combination"] != new["combination"]:
        say.add(f"fine changed from {_COMBINATION_EN.get(old['combination'], '')} to {_COMBINATION_EN.get(new['combination'], '')}",
                f"벌금 {_COMBINATION_KO.get(old['combination'], '')} → {_COMBINATION_KO.get(new['combination'], '')}")
    return {"from": old, "to": new, "change": word}


def _habitual_change(old: str | None, new: str | None, say: _Details) -> dict[str, Any] | None:
    if old == new:
        return None
    if old is None:
        say.add(f"habitual aggravation (up to +1/2) added ({new})", f"상습범 가중(2분의 1까지) 신설({new})")
        return {"from": None, "to": new, "change": "added"}
    if new is None:
        say.add("habitual aggravation removed", "상습범 가중 삭제")
        return {"from": old, "to": None, "change": "removed"}
    say.add(f"habitual aggravation now under {new} (was {old})", f"상습범 가중 근거 {old} → {new}")
    return {"from": old, "to": new, "change": "moved"}
