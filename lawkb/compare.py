"""Comparing law over time: versions and bills side by side with word and penalty deltas, bills, and timelines."""

from __future__ import annotations

import calendar
import dataclasses
import datetime as _dt
import difflib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .errors import NotFoundError, UsageError
from .model import Article, ArticleVersion, KnowledgeBase, Paragraph, Penalty, Record, Source
from .query import Ref, act_aliases, check_date, nfc_dots, normalize, resolve, resolve_act
from .wording import months_en, months_ko, won_en, won_ko

# ---- words ----------------------------------------------------------------------------------------------

# 'ㆍ' joins listed words (판매ㆍ대여ㆍ배포) and brackets and quotes wrap defined terms; each is a token of its own,
# so a list that gains one member shows one inserted word rather than a replaced run.
_PUNCT = "ㆍ,;:()[]{}「」『』<>〈〉《》\"'“”‘’…"
_P = re.escape(_PUNCT)
_TOKEN = re.compile(rf"([{_P}]|\.(?!\d)|(?:[^\s{_P}.]|\.(?=\d))+)(\s*)")
# A shared prefix or suffix this long inside one replaced word is shown as unchanged (청소년[이용음란물→성착취물]을).
_MIN_AFFIX = 2


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of text that both sides share ('equal') or only the old ('delete') or new ('insert') side has.

    An equal run is spelled with the new side's spacing; `old` holds the old side's where the spacing differs.
    """

    op: str
    text: str
    old: str | None = None

    def side(self, which: str) -> str:
        return self.old if which == "old" and self.old is not None else self.text

    def as_dict(self) -> dict[str, str]:
        return {"op": self.op, "text": self.text, **({"old_text": self.old} if self.old is not None else {})}


def tokenize(text: str) -> list[tuple[str, str]]:
    """Words and separators of a Korean text, each with the whitespace after it."""
    return [(m.group(1), m.group(2)) for m in _TOKEN.finditer(nfc_dots(text).strip())]


def similarity(old: str, new: str) -> float:
    """How alike two paragraphs are, 0..1, by their words (whitespace and middle-dot variants ignored)."""
    a, b = [t for t, _ in tokenize(old)], [t for t, _ in tokenize(new)]
    if not a and not b:
        return 1.0
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def same_text(old: str | None, new: str | None) -> bool:
    if old is None or new is None:
        return old is new
    return [t for t, _ in tokenize(old)] == [t for t, _ in tokenize(new)]


def word_diff(old: str, new: str) -> tuple[Segment, ...]:
    """Word-level differences: the equal and deleted runs spell the old text, the equal and inserted runs the new."""
    a, b = tokenize(old), tokenize(new)
    matcher = difflib.SequenceMatcher(None, [t for t, _ in a], [t for t, _ in b], autojunk=False)
    runs: list[tuple[str, str, str]] = []  # (op, old side, new side)

    def add(op: str, old_part: str, new_part: str) -> None:
        if not old_part and not new_part:
            return
        if runs and runs[-1][0] == op:
            last = runs[-1]
            runs[-1] = (op, last[1] + old_part, last[2] + new_part)
        else:
            runs.append((op, old_part, new_part))

    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            add("equal", "".join(t + w for t, w in a[i1:i2]), "".join(t + w for t, w in b[j1:j2]))
            continue
        old_text = "".join(t + w for t, w in a[i1:i2])
        new_text = "".join(t + w for t, w in b[j1:j2])
        tail_old = tail_new = ""
        if old_text and new_text and a[i2 - 1][1] and b[j2 - 1][1]:
            tail_old, tail_new = a[i2 - 1][1], b[j2 - 1][1]
            old_text, new_text = old_text[: -len(tail_old)], new_text[: -len(tail_new)]
        head = foot = ""
        if i2 - i1 == 1 and j2 - j1 == 1:
            head, old_text, new_text, foot = _split_affixes(old_text, new_text)
        add("equal", head, head)
        add("delete", old_text, "")
        add("insert", "", new_text)
        add("equal", foot + tail_old, foot + tail_new)
    out = []
    for op, old_part, new_part in runs:
        if op == "delete":
            out.append(Segment(op, old_part))
        elif op == "insert":
            out.append(Segment(op, new_part))
        else:
            out.append(Segment(op, new_part, old_part if old_part != new_part else None))
    return tuple(out)


def _split_affixes(old: str, new: str) -> tuple[str, str, str, str]:
    pre = len(_common_prefix(old, new))
    suf = len(_common_prefix(old[pre:][::-1], new[pre:][::-1]))
    if pre < _MIN_AFFIX and suf < _MIN_AFFIX:
        return "", old, new, ""
    pre = pre if pre >= _MIN_AFFIX else 0
    suf = suf if suf >= _MIN_AFFIX else 0
    if old[pre: len(old) - suf].isdigit() or new[pre: len(new) - suf].isdigit():
        return "", old, new, ""  # an amount or a term is one word: '3천만원' -> '5천만원', not '3' -> '5'
    return old[:pre], old[pre: len(old) - suf], new[pre: len(new) - suf], old[len(old) - suf:] if suf else ""


def _common_prefix(a: str, b: str) -> str:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return a[:n]


# ---- penalties ------------------------------------------------------------------------------------------


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


def _data_key(p: Penalty) -> tuple[Any, ...]:
    return (p.death, p.life, p.imprisonment_type, p.min_months, p.max_months, p.fine_min_won, p.fine_max_won,
            p.fine_combination, dict(p.derived) if p.derived else None, p.attempt_punishable, p.habitual_basis)


def _term_en(p: Penalty) -> str:
    if p.min_months is not None and p.max_months is not None:
        return f"{months_en(p.min_months)} to {months_en(p.max_months)}"
    if p.min_months is not None:
        return f"at least {months_en(p.min_months)}"
    if p.max_months is not None:
        return f"up to {months_en(p.max_months)}"
    return "a term within the general limits"


def _term_ko(p: Penalty) -> str:
    if p.min_months is not None and p.max_months is not None:
        return f"{months_ko(p.min_months)} 이상 {months_ko(p.max_months)} 이하"
    if p.min_months is not None:
        return f"{months_ko(p.min_months)} 이상"
    if p.max_months is not None:
        return f"{months_ko(p.max_months)} 이하"
    return "일반 한도"


_COMBINATION_EN = {"alternative": "alternative", "cumulative": "always added", "optional_cumulative": "may be added"}
_COMBINATION_KO = {"alternative": "선택형", "cumulative": "필요적 병과", "optional_cumulative": "임의적 병과"}


def penalty_delta(old: Penalty | None, new: Penalty | None) -> PenaltyDelta | None:
    """Compare two penalties field by field; None when neither side carries one."""
    if old is None and new is None:
        return None
    if old is None or new is None:
        status = "added" if old is None else "removed"
        p = new if new is not None else old
        assert p is not None
        kinds = penalty_kinds(p)
        kinds_moved = {"from": [], "to": kinds} if old is None else {"from": kinds, "to": []}
        fine = _fine(p)
        fine_moved = None if fine is None else {"from": None if old is None else fine, "to": fine if old is None else None, "change": status}
        if status == "added":
            return PenaltyDelta(old, new, status, None, type_change=kinds_moved, fine_change=fine_moved,
                                life_change="added" if p.life else None, death_change="added" if p.death else None,
                                summary_en=f"new penalty: {p.text_ko}", summary_ko=f"법정형 신설: {p.text_ko}")
        return PenaltyDelta(old, new, status, None, type_change=kinds_moved, fine_change=fine_moved,
                            life_change="removed" if p.life else None, death_change="removed" if p.death else None,
                            summary_en=f"penalty removed (was {p.text_ko})", summary_ko=f"법정형 삭제(종전: {p.text_ko})")

    en: list[str] = []
    ko: list[str] = []
    kinds_old, kinds_new = penalty_kinds(old), penalty_kinds(new)
    type_change = {"from": kinds_old, "to": kinds_new} if kinds_old != kinds_new else None

    death_change = None if old.death == new.death else ("added" if new.death else "removed")
    if death_change:
        en.append(f"death penalty {death_change}")
        ko.append("사형 " + ("신설" if new.death else "삭제"))
    life_change = None if old.life == new.life else ("added" if new.life else "removed")
    if life_change:
        en.append(f"life imprisonment {life_change}")
        ko.append("무기징역 " + ("신설" if new.life else "삭제"))

    min_change = _bound(old.min_months, new.min_months, old.term_min_months, new.term_min_months)
    max_change = _bound(old.max_months, new.max_months, old.term_max_months, new.term_max_months)
    if old.has_term != new.has_term:
        p = new if new.has_term else old
        word = "added" if new.has_term else "removed"
        en.append(f"fixed-term imprisonment ({p.imprisonment_type}, {_term_en(p)}) {word}")
        ko.append(f"유기{p.imprisonment_type}({_term_ko(p)}) " + ("신설" if new.has_term else "삭제"))
    elif old.has_term:
        if old.imprisonment_type != new.imprisonment_type:
            en.append(f"imprisonment changed from {old.imprisonment_type} to {new.imprisonment_type}")
            ko.append(f"{old.imprisonment_type} → {new.imprisonment_type}")
        for name_en, name_ko, ch, limit_en, limit_ko in (
            ("minimum", "하한", min_change, "1 month", "1월"),
            ("maximum", "상한", max_change, "30 years", "30년"),
        ):
            if ch is None:
                continue
            if ch.change == "added":
                en.append(f"{name_en} of {months_en(ch.stated_to)} added")
                ko.append(f"{name_ko} {months_ko(ch.stated_to)} 신설")
            elif ch.change == "removed":
                en.append(f"stated {name_en} of {months_en(ch.stated_from)} removed ({limit_en} under Criminal Act Art. 42)")
                ko.append(f"{name_ko} {months_ko(ch.stated_from)} 삭제(형법 제42조에 따라 {limit_ko})")
            else:
                en.append(f"{name_en} {ch.change} from {months_en(ch.stated_from)} to {months_en(ch.stated_to)}")
                ko.append(f"{name_ko} {months_ko(ch.stated_from)} → {months_ko(ch.stated_to)} " + ("상향" if ch.change == "raised" else "하향"))

    fine_old, fine_new = _fine(old), _fine(new)
    fine_change: dict[str, Any] | None = None
    if fine_old != fine_new:
        if fine_old is None:
            assert fine_new is not None
            fine_change = {"from": None, "to": fine_new, "change": "added"}
            en.append(f"fine of up to {won_en(fine_new['max_won'])} added ({_COMBINATION_EN.get(fine_new['combination'], '')})")
            ko.append(f"벌금형({won_ko(fine_new['max_won'])} 이하, {_COMBINATION_KO.get(fine_new['combination'], '')}) 신설")
        elif fine_new is None:
            fine_change = {"from": fine_old, "to": None, "change": "removed"}
            en.append(f"fine of up to {won_en(fine_old['max_won'])} removed")
            ko.append(f"벌금형({won_ko(fine_old['max_won'])} 이하) 삭제")
        else:
            if fine_old["max_won"] != fine_new["max_won"]:
                word = "raised" if fine_new["max_won"] > fine_old["max_won"] else "lowered"
                en.append(f"maximum fine {word} from {won_en(fine_old['max_won'])} to {won_en(fine_new['max_won'])}")
                ko.append(f"벌금 상한 {won_ko(fine_old['max_won'])} → {won_ko(fine_new['max_won'])} " + ("상향" if word == "raised" else "하향"))
            elif fine_old["min_won"] != fine_new["min_won"]:
                word = "raised" if (fine_new["min_won"] or 0) > (fine_old["min_won"] or 0) else "lowered"
                en.append(f"minimum fine {word}")
                ko.append("벌금 하한 " + ("상향" if word == "raised" else "하향"))
            else:
                word = "combination"
            if fine_old["combination"] != fine_new["combination"]:
                en.append(f"fine changed from {_COMBINATION_EN.get(fine_old['combination'], '')} to {_COMBINATION_EN.get(fine_new['combination'], '')}")
                ko.append(f"벌금 {_COMBINATION_KO.get(fine_old['combination'], '')} → {_COMBINATION_KO.get(fine_new['combination'], '')}")
            fine_change = {"from": fine_old, "to": fine_new, "change": word}

    attempt_change = None
    if old.attempt_punishable != new.attempt_punishable:
        attempt_change = "added" if new.attempt_punishable else "removed"
        en.append(f"attempt made punishable ({new.attempt_basis})" if new.attempt_punishable else "attempt no longer punishable")
        ko.append(f"미수범 처벌 신설({new.attempt_basis})" if new.attempt_punishable else "미수범 처벌 삭제")

    habitual_change: dict[str, Any] | None = None
    if old.habitual_basis != new.habitual_basis:
        if old.habitual_basis is None:
            habitual_change = {"from": None, "to": new.habitual_basis, "change": "added"}
            en.append(f"habitual aggravation (up to +1/2) added ({new.habitual_basis})")
            ko.append(f"상습범 가중(2분의 1까지) 신설({new.habitual_basis})")
        elif new.habitual_basis is None:
            habitual_change = {"from": old.habitual_basis, "to": None, "change": "removed"}
            en.append("habitual aggravation removed")
            ko.append("상습범 가중 삭제")
        else:
            habitual_change = {"from": old.habitual_basis, "to": new.habitual_basis, "change": "moved"}
            en.append(f"habitual aggravation now under {new.habitual_basis} (was {old.habitual_basis})")
            ko.append(f"상습범 가중 근거 {old.habitual_basis} → {new.habitual_basis}")

    derived_change = None
    if (old.derived or None) != (new.derived or None):
        derived_change = {"from": dict(old.derived) if old.derived else None, "to": dict(new.derived) if new.derived else None}
        en.append("penalty by reference changed")
        ko.append("준용 형 변경")

    ko_old, ko_new = old.severity_key(), new.severity_key()
    direction = "heavier" if ko_new > ko_old else "lighter" if ko_new < ko_old else "same"
    if _data_key(old) == _data_key(new):
        if same_text(old.text_ko, new.text_ko):
            return PenaltyDelta(old, new, "unchanged", "same", summary_en=f"unchanged: {new.text_ko}", summary_ko=f"변경 없음: {new.text_ko}")
        return PenaltyDelta(old, new, "wording", "same", summary_en=f"{old.text_ko} → {new.text_ko}: wording only; the penalty is the same",
                            summary_ko=f"{old.text_ko} → {new.text_ko}: 표현만 변경, 법정형 동일")
    arrow = f"{old.text_ko} → {new.text_ko}" if not same_text(old.text_ko, new.text_ko) else new.text_ko
    return PenaltyDelta(old, new, "changed", direction, min_change, max_change, life_change, death_change, type_change,
                        fine_change, attempt_change, habitual_change, derived_change,
                        summary_en=f"{arrow}: " + "; ".join(en), summary_ko=f"{arrow}: " + ", ".join(ko), details_en=tuple(en), details_ko=tuple(ko))


# ---- cells, rows and comparisons ------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    """One paragraph as one column shows it: law in force, a bill's proposal, or the enacted text."""

    article: Article
    number: int
    text_ko: str | None
    summary_en: str
    role: str
    penalty: Penalty | None
    penalty_recorded: bool = True
    version: ArticleVersion | None = None
    in_force: str | None = None
    bill_action: str | None = None
    items: tuple[Mapping[str, Any], ...] = ()
    sources: tuple[Source, ...] = ()
    act_name: str = ""  # the act's short name, set where cells of several articles share one table (offences)

    @property
    def full_text(self) -> str | None:
        """The paragraph with its items (호), as one text to compare."""
        if self.text_ko is None:
            return None
        lines = [self.text_ko] + [f"{it['number']}. {it['text_ko']}" for it in self.items]
        return "\n".join(lines)

    def label(self, lang: str = "ko") -> str:
        text = paragraph_label(self.article, self.number, lang)
        return f"{self.act_name} {text}" if self.act_name and lang == "ko" else text

    def as_dict(self) -> dict[str, Any]:
        return {
            "article": self.article.id,
            "act": self.article.act,
            "article_number": self.article.number,
            "paragraph": self.number,
            "label_ko": self.label("ko"),
            "label_en": self.label("en"),
            "role": self.role,
            "text_ko": self.full_text,
            "summary_en": self.summary_en,
            "penalty": self.penalty.as_dict() if self.penalty else None,
            "penalty_recorded": self.penalty_recorded,
            "version": self.version.as_dict() if self.version else None,
            "in_force": self.in_force,
            "bill_action": self.bill_action,
        }


def paragraph_label(article: Article, number: int | None, lang: str = "ko") -> str:
    main, _, sub = article.number.partition("-")
    if lang == "ko":
        text = f"제{main}조" + (f"의{sub}" if sub else "")
        return text + (f"제{number}항" if number else "")
    return f"Art. {article.number}" + (f"({number})" if number else "")


def _law_cell(article: Article, version: ArticleVersion, p: Paragraph) -> Cell:
    return Cell(article, p.number, p.text_ko, p.summary_en, p.role, p.penalty, True, version, version.paragraph_in_force(p),
                None, p.items, tuple(article.cited(version.cite)))


def paragraphs_on(article: Article, date: str) -> list[Cell]:
    """The article's paragraphs in force on a date, each from the version that governs it."""
    version = article.version_as_of(date)
    if version is None:
        return []
    cells = []
    numbers = sorted({p.number for v in article.versions if v.in_force <= date for p in v.paragraphs})
    for n in numbers:
        found = article.paragraph_as_of(n, date)
        if found is not None:
            cells.append(_law_cell(article, *found))
    return cells


def _version_on(article: Article, date: str) -> ArticleVersion | None:
    """The version in force on a date; None before the first one and once the article is repealed."""
    repealed = article.data.get("repealed")
    return None if repealed and date >= repealed else article.version_as_of(date)


def _version_cells(article: Article, version: ArticleVersion) -> list[Cell]:
    return [_law_cell(article, version, p) for p in version.paragraphs if p.role != "deleted"]


@dataclass(frozen=True)
class Change:
    """How the cell of column `col` differs from the cell of column `base` in the same row."""

    base: int
    col: int
    change: str  # unchanged, modified, renumbered, added, removed
    old_number: int | None
    new_number: int | None
    text_changed: bool | None
    similarity: float | None
    words: tuple[Segment, ...] = ()
    penalty: PenaltyDelta | None = None
    note: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "from_column": self.base,
            "to_column": self.col,
            "change": self.change,
            "old_paragraph": self.old_number,
            "new_paragraph": self.new_number,
            "text_changed": self.text_changed,
            "similarity": None if self.similarity is None else round(self.similarity, 3),
            "words": [s.as_dict() for s in self.words],
            "penalty": self.penalty.as_dict() if self.penalty else None,
            "note": self.note,
        }


@dataclass
class Row:
    cells: list[Cell | None]
    changes: list[Change] = field(default_factory=list)

    def change(self, base: int, col: int) -> Change | None:
        for c in self.changes:
            if c.base == base and c.col == col:
                return c
        return None

    @property
    def unchanged(self) -> bool:
        return all(c.change == "unchanged" for c in self.changes)

    def as_dict(self) -> dict[str, Any]:
        return {"cells": [c.as_dict() if c else None for c in self.cells], "changes": [c.as_dict() for c in self.changes]}


@dataclass(frozen=True)
class Column:
    """One side of a comparison: the law on a date, a bill's proposal, or the enacted text."""

    kind: str  # law, bill, enacted
    label_en: str
    label_ko: str
    date: str | None = None
    bill: str | None = None
    amendment: str | None = None
    detail_en: str = ""
    detail_ko: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "label_en": self.label_en, "label_ko": self.label_ko, "date": self.date,
                "bill": self.bill, "amendment": self.amendment, "detail_en": self.detail_en, "detail_ko": self.detail_ko}


@dataclass
class Section:
    """The rows of one article (or of one offence's provisions) across the columns."""

    id: str
    kind: str  # article, offence
    label_ko: str
    label_en: str
    titles: list[Mapping[str, str] | None]
    versions: list[ArticleVersion | None]
    rows: list[Row]
    notes: list[dict[str, str]] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)

    @property
    def unchanged(self) -> bool:
        titles = [t["ko"] for t in self.titles if t]
        return all(r.unchanged for r in self.rows) and len(set(titles)) <= 1

    def title_words(self, base: int, col: int) -> tuple[Segment, ...]:
        a, b = self.titles[base], self.titles[col]
        if not a or not b or same_text(a["ko"], b["ko"]):
            return ()
        return word_diff(a["ko"], b["ko"])

    def as_dict(self, pairs: Sequence[tuple[int, int]]) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "label_ko": self.label_ko,
            "label_en": self.label_en,
            "titles": [dict(t) if t else None for t in self.titles],
            "title_changes": [{"from_column": a, "to_column": b, "words": [s.as_dict() for s in self.title_words(a, b)]}
                              for a, b in pairs if self.title_words(a, b)],
            "versions": [v.as_dict() if v else None for v in self.versions],
            "unchanged": self.unchanged,
            "paragraphs": [r.as_dict() for r in self.rows],
            "notes": self.notes,
            "sources": [s.as_dict() for s in self.sources],
        }


@dataclass
class Comparison:
    """A whole comparison: what was compared, the columns, and one section per article or offence."""

    mode: str  # dates, bill, bills, amendment
    subject: dict[str, Any]
    columns: list[Column]
    pairs: list[tuple[int, int]]
    sections: list[Section]
    unchanged_sections: list[str] = field(default_factory=list)
    notes: list[dict[str, str]] = field(default_factory=list)
    paragraph: int | None = None
    bills: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "mode": self.mode,
            "subject": self.subject,
            "bills": self.bills,
            "paragraph": self.paragraph,
            "columns": [c.as_dict() for c in self.columns],
            "pairs": [{"from_column": a, "to_column": b} for a, b in self.pairs],
            "sections": [s.as_dict(self.pairs) for s in self.sections],
            "unchanged_sections": self.unchanged_sections,
            "notes": self.notes,
        }


# ---- aligning paragraphs --------------------------------------------------------------------------------

# Pairing rules: identical text first (a move shows as renumbered), then the most similar pairs; a paragraph that
# keeps its number needs little likeness to count as the same paragraph, one that changes number needs a lot.
SAME_NUMBER_MIN = 0.25
MOVED_MIN = 0.6


def _sort_key(cell: Cell) -> tuple[int, int, int]:
    main, _, sub = cell.article.number.partition("-")
    return int(main), int(sub or 0), cell.number


def align(base: Sequence[Cell], other: Sequence[Cell]) -> list[tuple[int | None, int | None, float | None]]:
    """Pair paragraphs of two texts: (index in base, index in other, similarity); unpaired ones stand alone."""
    pairs: dict[int, tuple[int, float]] = {}
    used: set[int] = set()

    def key(c: Cell) -> tuple[str, int]:
        return (c.article.id, c.number)

    for i, a in enumerate(base):
        for prefer_same in (True, False):
            if i in pairs:
                break
            for j, b in enumerate(other):
                if j in used or (prefer_same and key(a) != key(b)):
                    continue
                if a.full_text is not None and same_text(a.full_text, b.full_text):
                    pairs[i] = (j, 1.0)
                    used.add(j)
                    break
    candidates = []
    for i, a in enumerate(base):
        if i in pairs:
            continue
        for j, b in enumerate(other):
            if j in used:
                continue
            same = key(a) == key(b)
            if a.full_text is None or b.full_text is None:
                sim = 0.0
                if not same:
                    continue
            else:
                sim = similarity(a.full_text, b.full_text)
            if (same and (sim >= SAME_NUMBER_MIN or a.full_text is None or b.full_text is None)) or sim >= MOVED_MIN:
                candidates.append((sim + (0.15 if same else 0.0) + (0.05 if a.role == b.role else 0.0), i, j, sim))
    for _, i, j, sim in sorted(candidates, key=lambda c: (-c[0], c[1], c[2])):
        if i in pairs or j in used:
            continue
        pairs[i] = (j, sim)
        used.add(j)
    out: list[tuple[int | None, int | None, float | None]] = [(i, pairs[i][0], pairs[i][1]) if i in pairs else (i, None, None)
                                                              for i in range(len(base))]
    out += [(None, j, None) for j in range(len(other)) if j not in used]
    return out


def _build_rows(columns: Sequence[Sequence[Cell]], pairs: Sequence[tuple[int, int]]) -> list[Row]:
    """Rows across any number of columns, aligned on column 0; paragraphs column 0 lacks are grouped by likeness."""
    rows: list[Row] = [Row([c] + [None] * (len(columns) - 1)) for c in columns[0]]
    for k in range(1, len(columns)):
        base_rows = [r for r in rows if r.cells[0] is not None]
        for i, j, _ in align([r.cells[0] for r in base_rows if r.cells[0] is not None], columns[k]):
            if i is not None and j is not None:
                base_rows[i].cells[k] = columns[k][j]
        placed = {id(r.cells[k]) for r in rows if r.cells[k] is not None}
        rest = [c for c in columns[k] if id(c) not in placed]
        if not rest:
            continue
        loose = [r for r in rows if r.cells[0] is None and r.cells[k] is None]
        reps = [next(c for c in r.cells if c is not None) for r in loose]
        for i, j, _ in align(reps, rest):
            if j is None:
                continue
            if i is not None:
                loose[i].cells[k] = rest[j]
            else:
                cells: list[Cell | None] = [None] * len(columns)
                cells[k] = rest[j]
                rows.append(Row(cells))
    for row in rows:
        row.changes = [c for a, b in pairs if (c := _change(row.cells[a], row.cells[b], a, b)) is not None]

    def order(row: Row) -> tuple[tuple[int, int, int], int]:
        last = max(i for i, c in enumerate(row.cells) if c is not None)
        cell = row.cells[last]
        assert cell is not None
        return _sort_key(cell), last

    rows.sort(key=order)
    return rows


def _change(a: Cell | None, b: Cell | None, ia: int, ib: int) -> Change | None:
    if a is None and b is None:
        return None
    if a is None:
        assert b is not None
        return Change(ia, ib, "added", None, b.number, None, None, (), _delta(None, b))
    if b is None:
        return Change(ia, ib, "removed", a.number, None, None, None, (), _delta(a, None))
    ta, tb = a.full_text, b.full_text
    known = ta is not None and tb is not None
    text_changed: bool | None = None
    words: tuple[Segment, ...] = ()
    sim: float | None = None
    if ta is not None and tb is not None:
        text_changed = not same_text(ta, tb)
        words = word_diff(ta, tb) if text_changed else ()
        sim = similarity(ta, tb)
    delta = _delta(a, b)
    moved = (a.article.id, a.number) != (b.article.id, b.number)
    note = None
    if not known:
        note = "the proposed Korean text is not recorded; compare the summaries"
    if moved:
        change = "renumbered"
    elif text_changed is False and (delta is None or not delta.changed) and a.role == b.role:
        change = "unchanged"
    else:
        change = "modified"
    return Change(ia, ib, change, a.number, b.number, text_changed, sim, words, delta, note)


def _delta(a: Cell | None, b: Cell | None) -> PenaltyDelta | None:
    if (a is not None and not a.penalty_recorded) or (b is not None and not b.penalty_recorded):
        return None
    return penalty_delta(a.penalty if a else None, b.penalty if b else None)


def _note(code: str, en: str, ko: str) -> dict[str, str]:
    return {"code": code, "en": en, "ko": ko}


# ---- dates ---------------------------------------------------------------------------------------------


def day_before(date: str) -> str:
    return (_dt.date.fromisoformat(date) - _dt.timedelta(days=1)).isoformat()


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


# ---- what a REF names ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    """What the user named: an act, an article (maybe one paragraph), an offence, an amendment or a bill."""

    kind: str
    record: Record | None = None
    article: Article | None = None
    paragraph: int | None = None
    act: str | None = None


def resolve_target(kb: KnowledgeBase, text: str) -> Target:
    """Read a REF: a record id, an act alias, an offence name, or an article reference."""
    raw = text.strip()
    if not raw:
        raise UsageError("ref-empty", "no reference given", "name an article (청소년성보호법:11), an act, an offence or a bill")
    rec = kb.get(raw)
    if rec is None and re.fullmatch(r"\d{5,8}", raw):
        rec = next((b for b in kb.of_kind("bill") if b.data.get("bill_number") == raw), None)
    if rec is None:
        key = normalize(raw)
        aliases = act_aliases(kb)
        if key in aliases:
            return Target("act", kb.get(aliases[key]), act=aliases[key])
        found = resolve(raw, kb)
        if isinstance(found, Ref):
            art = kb.article(found.article_id)
            if art is None:
                raise NotFoundError("article-not-found", f"{found.label(kb)} is not in the knowledge base")
            return Target("article", art, art, found.paragraph, art.act)
        rec = found
    if isinstance(rec, Article):
        return Target("article", rec, rec, None, rec.act)
    if rec.kind == "act":
        return Target("act", rec, act=rec.id)
    if rec.kind in ("offence", "bill", "amendment"):
        return Target(rec.kind, rec, act=rec.data.get("act"))
    raise UsageError("ref-kind", f"{rec.id} is a {rec.kind}; diff compares articles, acts, offences, amendments and bills",
                     "try 'lawkb timeline " + rec.id + "' for its place in time")


def section_label(kb: KnowledgeBase, article: Article, lang: str) -> str:
    return Ref(article.act, article.number).label(kb, lang)


# ---- comparing dates ------------------------------------------------------------------------------------


def compare_dates(kb: KnowledgeBase, target: Target, date_from: str, date_to: str, *, now: str) -> Comparison:
    """The law in force on two dates side by side, for an article, a paragraph, a whole act or an offence."""
    if date_from > date_to:
        raise UsageError("dates-order", f"--from {date_from} is after --to {date_to}", "give the earlier date in --from")
    columns = [
        Column("law", f"in force {date_from}", f"{date_from} 시행", date_from),
        Column("law", f"in force {date_to}", f"{date_to} 시행", date_to),
    ]
    pairs = [(0, 1)]
    subject = _subject(kb, target)
    comp = Comparison("dates", subject, columns, pairs, [], paragraph=target.paragraph)
    if target.kind == "article":
        assert target.article is not None
        art = target.article
        old, new = paragraphs_on(art, date_from), paragraphs_on(art, date_to)
        if not old and not new:
            first = art.versions[0].in_force if art.versions else None
            raise NotFoundError("not-in-force", f"{section_label(kb, art, 'ko')} was in force on neither {date_from} nor {date_to}",
                                f"its first recorded version came into force on {first}" if first else "")
        section = _article_section(kb, art, [old, new], [_version_on(art, date_from), _version_on(art, date_to)], pairs, now,
                                   [c.date for c in columns])
        if target.paragraph is not None:
            section.rows = [r for r in section.rows if any(c is not None and c.number == target.paragraph for c in r.cells)]
            if not section.rows:
                raise NotFoundError("not-in-force", f"{paragraph_label(art, target.paragraph)} of {section_label(kb, art, 'ko')} "
                                    f"was in force on neither {date_from} nor {date_to}",
                                    "paragraphs: " + ", ".join(str(c.number) for c in (new or old)))
        comp.sections.append(section)
    elif target.kind in ("act", "amendment"):
        if target.kind == "act":
            articles = sorted((a for a in kb.of_kind("article") if isinstance(a, Article) and a.act == target.act),
                              key=lambda a: _sort_key(Cell(a, 0, None, "", "", None)))
        else:
            assert target.record is not None
            articles = [a for aid in target.record.data["articles"] if (a := kb.article(aid)) is not None]
        if not articles:
            raise NotFoundError("act-empty", f"the knowledge base records no article of {subject['id']}")
        for art in articles:
            old, new = paragraphs_on(art, date_from), paragraphs_on(art, date_to)
            if not old and not new:
                continue
            section = _article_section(kb, art, [old, new], [_version_on(art, date_from), _version_on(art, date_to)], pairs, now,
                                   [c.date for c in columns])
            if section.unchanged:
                comp.unchanged_sections.append(art.id)
            else:
                comp.sections.append(section)
        if not comp.sections:
            comp.notes.append(_note("no-change", f"No recorded article of {subject['id']} changed between {date_from} and {date_to}.",
                                    f"{date_from}부터 {date_to}까지 변경된 조문이 없다."))
    elif target.kind == "offence":
        assert target.record is not None
        old, new = _offence_cells(kb, target.record, date_from), _offence_cells(kb, target.record, date_to)
        if not old and not new:
            raise NotFoundError("not-in-force", f"{target.record.id} had no provision in force on {date_from} or {date_to}")
        rows = _build_rows([old, new], pairs)
        versions_used = {(c.article.id, c.version.act_number): c for r in rows for c in r.cells if c and c.version}
        sources: list[Source] = []
        for c in versions_used.values():
            sources += [s for s in c.sources if s not in sources]
        section = Section(target.record.id, "offence", target.record.name("ko"), target.record.name("en"), [None, None], [None, None],
                          rows, [], sources)
        comp.sections.append(section)
    else:
        raise UsageError("ref-kind", f"--from/--to compare the law on two dates; {subject['id']} is a {target.kind}")
    return comp


def _offence_cells(kb: KnowledgeBase, offence: Record, date: str) -> list[Cell]:
    cells = []
    for prov in offence.data["provisions"]:
        art = kb.article(prov["article"])
        if art is None:
            continue
        if (prov.get("from") and date < prov["from"]) or (prov.get("until") and date > prov["until"]):
            continue
        found = art.paragraph_as_of(prov["paragraph"], date)
        # A paragraph number can hold another rule before the offence was put there (a habitual rule that moved on).
        if found is not None and found[1].role == "offence":
            act = kb.get(art.act)
            short = str((act.data.get("abbreviations") or [act.data["name"]["ko"]])[0]) if act else art.act
            cells.append(dataclasses.replace(_law_cell(art, *found), act_name=short))
    return cells


def in_force_marker(cell: Cell, column_date: str | None) -> str | None:
    """The paragraph's own in-force date where the addenda set one and it matters for the column's date, else None."""
    if cell.version is None or not cell.in_force or cell.in_force == cell.version.in_force:
        return None
    return cell.in_force if column_date is None or cell.in_force >= column_date else None


def _article_section(kb: KnowledgeBase, art: Article, columns: Sequence[Sequence[Cell]], versions: Sequence[ArticleVersion | None],
                     pairs: Sequence[tuple[int, int]], now: str, dates: Sequence[str | None]) -> Section:
    rows = _build_rows(columns, pairs)
    sources: list[Source] = []
    for v in versions:
        if v is not None:
            sources += [s for s in art.cited(v.cite) if s not in sources]
    for col in columns:
        for c in col:
            sources += [s for s in c.sources if s not in sources]
    notes = []
    repealed = art.data.get("repealed")
    if repealed and any(d and d >= repealed for d in dates):
        notes.append(_note("repealed", f"{section_label(kb, art, 'en')} was repealed with effect from {repealed}.",
                           f"{section_label(kb, art, 'ko')}는 {repealed}부터 삭제되었다."))
    for v in versions:
        if v is not None and v.in_force > now:
            notes.append(_note("pending-version", f"Act No. {v.act_number} (promulgated {v.promulgated}) is not yet in force; it takes effect on {v.in_force}.",
                               f"법률 제{v.act_number}호({v.promulgated} 공포)는 {v.in_force}부터 시행 예정이다."))
    for col, date in zip(columns, dates, strict=True):
        for c in col:
            if in_force_marker(c, date):
                assert c.version is not None
                note = _note("paragraph-in-force", f"{c.label('en')} of Act No. {c.version.act_number} is in force from {c.in_force} (addenda).",
                             f"법률 제{c.version.act_number}호 {c.label('ko')}는 부칙에 따라 {c.in_force}부터 시행한다.")
                if note not in notes:
                    notes.append(note)
    return Section(art.id, "article", section_label(kb, art, "ko"), section_label(kb, art, "en"),
                   [v.title if v else None for v in versions], list(versions), rows, notes, sources)


def _subject(kb: KnowledgeBase, target: Target) -> dict[str, Any]:
    if target.kind == "article" and target.article is not None:
        ref = Ref(target.article.act, target.article.number, target.paragraph)
        return {"type": "paragraph" if target.paragraph is not None else "article", "id": target.article.id,
                "label_ko": ref.label(kb, "ko"), "label_en": ref.label(kb, "en")}
    rec = target.record
    assert rec is not None
    if rec.kind == "amendment":
        d = rec.data
        act = kb.get(d["act"])
        short = (act.data.get("abbreviations") or [act.data["name"]["ko"]])[0] if act else d["act"]
        name_en = act.data["name"]["en"] if act else d["act"]
        return {"type": "amendment", "id": rec.id, "label_ko": f"{short} 법률 제{d['act_number']}호 ({d['promulgated']} 공포, {d['in_force']} 시행)",
                "label_en": f"{name_en}, Act No. {d['act_number']} (promulgated {d['promulgated']}, in force {d['in_force']})"}
    return {"type": target.kind, "id": rec.id, "label_ko": rec.name("ko"), "label_en": rec.name("en")}


def compare_amendment(kb: KnowledgeBase, amendment: Record, *, now: str) -> Comparison:
    """What one amending act changed: each of its articles just before and as enacted."""
    d = amendment.data
    columns = [Column("law", f"before Act No. {d['act_number']}", f"법률 제{d['act_number']}호 이전", day_before(d["in_force"])),
               Column("enacted", f"Act No. {d['act_number']}", f"법률 제{d['act_number']}호", d["in_force"], amendment=amendment.id)]
    pairs = [(0, 1)]
    comp = Comparison("amendment", _subject(kb, Target("amendment", amendment)), columns, pairs, [])
    for aid in d["articles"]:
        art = kb.article(aid)
        if art is None:
            continue
        version = next((v for v in art.versions if v.amendment == amendment.id), None)
        if version is None:
            continue
        before = day_before(version.in_force)
        section = _article_section(kb, art, [paragraphs_on(art, before), _version_cells(art, version)],
                                   [art.version_as_of(before), version], pairs, now, [before, version.in_force])
        comp.sections.append(section)
    return comp


# ---- bills ----------------------------------------------------------------------------------------------


def bill_articles(kb: KnowledgeBase, bill: Record) -> list[Article]:
    seen: list[Article] = []
    for ch in bill.data["changes"]:
        art = kb.article(ch["article"])
        if art is not None and art not in seen:
            seen.append(art)
    return seen


def bill_cells(kb: KnowledgeBase, bill: Record, article: Article, base_date: str) -> tuple[list[Cell], list[dict[str, str]]]:
    """The article as the bill would have it: the law on `base_date` with the bill's changes applied.

    amend and delete name paragraphs in the law's numbering; add inserts at its number, and where the law already
    has that number the law's paragraphs from there on move up by one (the bill record does not say otherwise).
    """
    base = paragraphs_on(article, base_date)
    by_number: dict[int, Cell] = {c.number: c for c in base}
    notes: list[dict[str, str]] = []
    changes = [c for c in bill.data["changes"] if c["article"] == article.id]
    bill_sources = tuple(bill.sources)
    for ch in changes:
        if ch["action"] == "add":
            continue
        n = ch["paragraph"]
        if ch["action"] == "delete":
            by_number.pop(n, None)
            continue
        old = by_number.get(n)
        by_number[n] = _bill_cell(bill, article, ch, old, bill_sources)
        if old is None:
            notes.append(_note("bill-amends-missing", f"{bill.id} amends {paragraph_label(article, n, 'en')}, which the law on {base_date} does not have.",
                               f"{bill.id}가 개정하는 {paragraph_label(article, n)}은(는) {base_date} 시행 법률에 없다."))
    for ch in sorted((c for c in changes if c["action"] == "add"), key=lambda c: c["paragraph"]):
        n = ch["paragraph"]
        if n in by_number and by_number[n].bill_action is None:
            moved = {}
            for m in sorted(by_number, reverse=True):
                if m >= n and by_number[m].bill_action is None:
                    c = by_number.pop(m)
                    moved[m + 1] = Cell(c.article, m + 1, c.text_ko, c.summary_en, c.role, c.penalty, c.penalty_recorded, c.version,
                                        c.in_force, "renumber", c.items, c.sources)
            by_number.update(moved)
            notes.append(_note("bill-insert-shift", f"{bill.id} adds {paragraph_label(article, n, 'en')}; the law's paragraphs from {n} on are shown one up.",
                               f"{bill.id}가 {paragraph_label(article, n)}을(를) 신설하므로 종전 제{n}항 이하는 한 항씩 밀린 것으로 표시한다."))
        by_number[n] = _bill_cell(bill, article, ch, None, bill_sources)
    return [by_number[n] for n in sorted(by_number)], notes


def _bill_cell(bill: Record, article: Article, ch: Mapping[str, Any], old: Cell | None, sources: tuple[Source, ...]) -> Cell:
    pen: Mapping[str, Any] | None = ch.get("penalty")
    penalty = Penalty.from_dict(pen) if pen else None
    if pen and penalty is not None and "habitual" not in pen and old is not None and old.penalty is not None and old.penalty.habitual_basis:
        # A bill's penalty that does not mention the habitual rule leaves it as it is; it does not repeal it.
        penalty = dataclasses.replace(penalty, habitual_basis=old.penalty.habitual_basis)
    recorded = pen is not None or (old is not None and old.penalty is None)
    role = "offence" if penalty else (old.role if old else "rule")
    cited = tuple(bill.cited(ch.get("cite"))) or sources
    return Cell(article, ch["paragraph"], ch.get("text_ko"), ch["summary_en"], role, penalty, recorded, None, None, ch["action"], (), cited)


def bill_base_date(bill: Record) -> tuple[str, str]:
    """The first and last day the proposal date can mean (a partial date covers a month or a year)."""
    return period_of(str(bill.data["proposed"]))


def enacted_amendment(kb: KnowledgeBase, bill: Record) -> Record | None:
    aid = bill.data.get("enacted_as")
    rec = kb.get(aid) if aid else None
    return rec if rec is not None and rec.kind == "amendment" else None


def compare_bills(kb: KnowledgeBase, bills: Sequence[Record], *, articles: Sequence[Article] | None = None, paragraph: int | None = None,
                  base_date: str | None = None, with_enacted: bool = True, now: str) -> Comparison:
    """Bills against the law on the day they were proposed (and the first bill against what was enacted), one column each."""
    if not bills:
        raise UsageError("bill-missing", "no bill to compare", "name a bill, e.g. lawkb diff BILL, or lawkb diff REF --bill BILL")
    primary = bills[0]
    if articles is None:
        articles = bill_articles(kb, primary)
    if not articles:
        return _bill_without_text(kb, primary, base_date, with_enacted, now)
    starts = {b.id: bill_base_date(b) for b in bills}
    base = base_date or min(s for s, _ in starts.values())
    law_col = Column("law", f"law {base}", f"{base} 시행 법률", base,
                     detail_en="the law in force on " + (f"{base}, the day the bill was proposed" if base_date is None and len(bills) == 1 else base),
                     detail_ko=f"{base} 시행 법률")
    columns = [law_col] + [_bill_column(kb, b) for b in bills]
    enacted = enacted_amendment(kb, primary) if with_enacted else None
    if enacted is not None:
        e = enacted.data
        columns.append(Column("enacted", f"Act No. {e['act_number']}", f"법률 제{e['act_number']}호", e["in_force"], amendment=enacted.id,
                              detail_en=f"enacted: Act No. {e['act_number']}, promulgated {e['promulgated']}, in force {e['in_force']}",
                              detail_ko=f"법률 제{e['act_number']}호 ({e['promulgated']} 공포, {e['in_force']} 시행)"))
    pairs = [(0, k) for k in range(1, len(columns))]
    if enacted is not None:
        pairs.append((1, len(columns) - 1))
    mode = "bill" if len(bills) == 1 else "bills"
    subject = ({"type": "bill", "id": primary.id, "label_ko": primary.name("ko"), "label_en": primary.name("en")} if mode == "bill"
               else {"type": "bills", "id": ",".join(b.id for b in bills), "label_ko": " · ".join(b.name("ko") for b in bills),
                     "label_en": " · ".join(b.name("en") for b in bills)})
    comp = Comparison(mode, subject, columns, pairs, [], paragraph=paragraph, bills=[bill_as_dict(kb, b) for b in bills])
    for b in bills:
        start, end = starts[b.id]
        if start != end:
            comp.notes.append(_note("partial-date", f"{b.id} gives its proposal date as {b.data['proposed']}; the law is read as in force on {start}.",
                                    f"{b.id}의 발의일은 {b.data['proposed']}까지만 알려져 있어 {start} 시행 법률과 비교한다."))
        if b.data["status"] not in ("passed", "merged"):
            when_en = f" on {b.data['decided']}" if b.data.get("decided") else ""
            when_ko = f"({b.data['decided']})" if b.data.get("decided") else ""
            comp.notes.append(_note("bill-not-enacted", f"{b.id}: {b.data['status']}{when_en}; not enacted as proposed.",
                                    f"{b.id}: {status_ko(b.data['status'])}{when_ko}"))
    if with_enacted and enacted is None and primary.data.get("enacted_as"):
        comp.notes.append(_note("enacted-missing", f"{primary.id} names {primary.data['enacted_as']}, which the knowledge base does not hold.",
                                f"{primary.data['enacted_as']} 기록이 지식베이스에 없다."))
    for art in articles:
        missing = [b.id for b in bills if not any(c["article"] == art.id for c in b.data["changes"])]
        if missing and len(articles) == 1:
            raise UsageError("bill-not-on-article", f"{', '.join(missing)} does not change {section_label(kb, art, 'ko')}",
                             "bills on this article: " + (", ".join(b.id for b in bills_on_article(kb, art)) or "none"))
        cols: list[Sequence[Cell]] = [paragraphs_on(art, base)]
        versions: list[ArticleVersion | None] = [art.version_as_of(base)]
        notes = [_note("bill-not-on-article", f"{m} does not change {section_label(kb, art, 'en')}; its column repeats the law.",
                       f"{m}는 {section_label(kb, art, 'ko')}를 개정하지 않는다.") for m in missing]
        for b in bills:
            start, end = starts[b.id]
            cells, bill_notes = bill_cells(kb, b, art, start)
            if b.id not in missing and not _same_cells(paragraphs_on(art, start), cols[0]):
                other = art.version_as_of(start)
                notes.append(_note("bill-other-base", f"{b.id} was proposed on {b.data['proposed']}, when {section_label(kb, art, 'en')} read as in "
                                   f"Act No. {other.act_number if other else '?'}, not as in the law column; its column also shows the changes "
                                   f"made since (use --from {start} to compare from its date).",
                                   f"{b.id}는 {b.data['proposed']} 발의 당시 조문(법률 제{other.act_number if other else '?'}호)을 기준으로 하므로 "
                                   "그 열에는 그 사이의 법률 개정도 함께 나타난다."))
            if start != end and not _same_cells(paragraphs_on(art, start), paragraphs_on(art, end)):
                notes.append(_note("partial-date-ambiguous", f"{section_label(kb, art, 'en')} changed during {b.data['proposed']}, so the text {b.id} "
                                   "was drafted against is uncertain.", f"{b.data['proposed']} 중에 조문이 바뀌어 {b.id}의 기준 조문이 불확실하다."))
            cols.append(cells)
            versions.append(art.version_as_of(start))
            notes += [n for n in bill_notes if n not in notes]
        if enacted is not None:
            number = enacted.data["act_number"]
            ev = next((v for v in art.versions if v.amendment == enacted.id), None)
            if ev is None:
                cols.append(paragraphs_on(art, enacted.data["in_force"]))
                versions.append(art.version_as_of(enacted.data["in_force"]))
                notes.append(_note("enacted-unchanged", f"Act No. {number} did not change {section_label(kb, art, 'en')}; the enacted column "
                                   f"shows the text in force on {enacted.data['in_force']}.",
                                   f"법률 제{number}호는 {section_label(kb, art, 'ko')}를 개정하지 않았다."))
            else:
                cols.append(_version_cells(art, ev))
                versions.append(ev)
        section = _article_section(kb, art, cols, versions, pairs, now, [c.date for c in columns])
        section.notes = notes + section.notes
        for b in bills:
            section.sources += [s for s in b.cited(b.data.get("cite")) if s not in section.sources]
        if paragraph is not None:
            section.rows = [r for r in section.rows if any(c is not None and c.number == paragraph for c in r.cells)]
        comp.sections.append(section)
    return comp


def _bill_without_text(kb: KnowledgeBase, bill: Record, base_date: str | None, with_enacted: bool, now: str) -> Comparison:
    """A bill whose proposed text is not recorded: say so, and show the law when it was proposed against what was enacted."""
    base = base_date or bill_base_date(bill)[0]
    subject = {"type": "bill", "id": bill.id, "label_ko": bill.name("ko"), "label_en": bill.name("en")}
    enacted = enacted_amendment(kb, bill) if with_enacted else None
    columns = [Column("law", f"law {base}", f"{base} 시행 법률", base, detail_en=f"the law in force on {base}", detail_ko=f"{base} 시행 법률")]
    comp = Comparison("bill", subject, columns, [], [], bills=[bill_as_dict(kb, bill)])
    comp.notes.append(_note("bill-text-missing", f"The knowledge base does not record the text {bill.id} proposed; see its summary.",
                            f"{bill.id}의 법안 조문은 기록되어 있지 않다."))
    if enacted is None:
        return comp
    e = enacted.data
    comp.columns.append(Column("enacted", f"Act No. {e['act_number']}", f"법률 제{e['act_number']}호", e["in_force"], amendment=enacted.id,
                               detail_en=f"enacted: Act No. {e['act_number']}, promulgated {e['promulgated']}, in force {e['in_force']}",
                               detail_ko=f"법률 제{e['act_number']}호 ({e['promulgated']} 공포, {e['in_force']} 시행)"))
    comp.pairs.append((0, 1))
    comp.notes.append(_note("bill-enacted-shown", f"Shown instead: what Act No. {e['act_number']} enacted, against the law on {base}.",
                            f"대신 법률 제{e['act_number']}호로 공포된 조문을 {base} 시행 법률과 비교한다."))
    for aid in e["articles"]:
        art = kb.article(aid)
        version = next((v for v in art.versions if v.amendment == enacted.id), None) if art else None
        if art is None or version is None:
            continue
        comp.sections.append(_article_section(kb, art, [paragraphs_on(art, base), _version_cells(art, version)],
                                              [art.version_as_of(base), version], comp.pairs, now, [base, version.in_force]))
    return comp


def _bill_column(kb: KnowledgeBase, bill: Record) -> Column:
    d = bill.data
    proposer = d["proposer"]
    enacted = enacted_amendment(kb, bill)
    decided = f" {d['decided']}" if d.get("decided") else ""
    en = f"proposed {d['proposed']} by {(proposer.get('en') or proposer.get('ko')).rstrip('.')}; {d['status']}{decided}"
    ko = f"{d['proposed']} 발의({proposer.get('ko') or proposer.get('en')}); {status_ko(d['status'])}{decided}"
    if enacted is not None:
        en += f"; became Act No. {enacted.data['act_number']}"
        ko += f"; 법률 제{enacted.data['act_number']}호로 공포"
    label_en, label_ko = (f"bill {d['bill_number']}", f"의안 {d['bill_number']}") if d.get("bill_number") else (bill.id, bill.id)
    return Column("bill", label_en, label_ko, period_of(str(d["proposed"]))[0], bill=bill.id, detail_en=en, detail_ko=ko)


def _same_cells(a: Sequence[Cell], b: Sequence[Cell]) -> bool:
    return [(c.number, c.full_text) for c in a] == [(c.number, c.full_text) for c in b]


def bills_on_article(kb: KnowledgeBase, article: Article, paragraph: int | None = None) -> list[Record]:
    return [b for b in kb.of_kind("bill") if any(c["article"] == article.id and (paragraph is None or c["paragraph"] == paragraph)
                                                   for c in b.data["changes"])]


def find_bill(kb: KnowledgeBase, text: str) -> Record:
    """A bill by id or by its bill number (의안번호)."""
    rec = kb.get(text.strip())
    if rec is not None and rec.kind == "bill":
        return rec
    for b in kb.of_kind("bill"):
        if b.data.get("bill_number") and b.data["bill_number"] == text.strip():
            return b
    near = sorted(difflib.get_close_matches(text, [b.id for b in kb.of_kind("bill")], n=3, cutoff=0.5))
    raise NotFoundError("bill-not-found", f"no bill '{text}' in the knowledge base",
                        ("did you mean: " + ", ".join(near) + "?") if near else "list them with 'lawkb bills'")


def diff(kb: KnowledgeBase, ref: str, *, date_from: str | None = None, date_to: str | None = None, bills: Sequence[str] = (),
         all_bills: bool = False, now: str) -> Comparison:
    """The one entry point of `lawkb diff`: decide what to compare from REF and the options, then compare it."""
    if date_from is not None:
        date_from = check_date(date_from, "--from")
    if date_to is not None:
        date_to = check_date(date_to, "--to")
    target = resolve_target(kb, ref)
    extra = [find_bill(kb, b) for b in bills]
    if target.kind == "bill":
        assert target.record is not None
        if date_to is not None:
            raise UsageError("options-conflict", "--to does not apply to a bill",
                             "a bill is compared with the law on the day it was proposed; --from chooses another date")
        chosen = [target.record] + [b for b in extra if b.id != target.record.id]
        if all_bills:
            for art in bill_articles(kb, target.record):
                chosen += [b for b in bills_on_article(kb, art) if b not in chosen]
        return compare_bills(kb, chosen, base_date=date_from, with_enacted=True, now=now)
    if extra or all_bills:
        if target.kind != "article" or target.article is None:
            raise UsageError("options-conflict", "--bill and --all-bills compare bills on one article", "name an article, e.g. 청소년성보호법:11")
        if date_to is not None:
            raise UsageError("options-conflict", "--to does not apply when comparing bills", "use --from to choose the date of the law column")
        chosen = list(extra)
        if all_bills:
            chosen += [b for b in bills_on_article(kb, target.article, target.paragraph) if b not in chosen]
        if not chosen:
            raise NotFoundError("bill-none-on-article", f"no bill in the knowledge base changes {section_label(kb, target.article, 'ko')}")
        chosen.sort(key=lambda b: (period_of(str(b.data["proposed"]))[0], b.id))
        return compare_bills(kb, chosen, articles=[target.article], paragraph=target.paragraph, base_date=date_from,
                             with_enacted=False, now=now)
    if target.kind == "amendment" and date_from is None and date_to is None:
        assert target.record is not None
        return compare_amendment(kb, target.record, now=now)
    to = date_to or now
    if date_from is None:
        date_from = _default_from(kb, target, to)
    return compare_dates(kb, target, date_from, to, now=now)


def _default_from(kb: KnowledgeBase, target: Target, date_to: str) -> str:
    """Without --from: the day before the last change in force on --to that touched what was named."""
    touched: list[tuple[Article, int | None]] = []
    if target.article is not None:
        touched = [(target.article, target.paragraph)]
    elif target.kind == "act":
        touched = [(a, None) for a in kb.of_kind("article") if isinstance(a, Article) and a.act == target.act]
    elif target.kind == "offence" and target.record is not None:
        touched = [(a, p["paragraph"]) for p in target.record.data["provisions"] if (a := kb.article(p["article"])) is not None]
    dates = [d for art, n in touched for d in change_dates(art, n) if d <= date_to]
    if not dates:
        name = target.record.id if target.record else "it"
        raise NotFoundError("not-in-force", f"nothing of {name} was in force on {date_to}", "give --from and --to")
    return day_before(max(dates))


def change_dates(article: Article, paragraph: int | None = None) -> list[str]:
    """The dates on which the article (or one paragraph of it) took a new text or penalty, the first version included."""
    out: list[str] = []
    for i, v in enumerate(article.versions):
        prev = article.versions[i - 1] if i else None
        numbers = [paragraph] if paragraph is not None else sorted({p.number for p in v.paragraphs} | {p.number for p in (prev.paragraphs if prev else ())})
        for n in numbers:
            if prev is None or _para_changed(prev, v, n):
                p = v.paragraph(n)
                out.append(v.paragraph_in_force(p) if p else v.in_force)
    return sorted(set(out))


# ---- bills as a list -------------------------------------------------------------------------------------

BILL_STATUSES = ("pending", "passed", "merged", "lapsed", "withdrawn", "rejected")
_STATUS_KO = {"pending": "계류", "passed": "가결", "merged": "대안반영폐기", "lapsed": "임기만료폐기", "withdrawn": "철회", "rejected": "부결"}


def status_ko(status: str) -> str:
    return _STATUS_KO.get(status, status)


def list_bills(kb: KnowledgeBase, *, status: str | None = None, act: str | None = None) -> list[Record]:
    """Bills, oldest proposal first, optionally of one status and one act (any alias)."""
    if status is not None and status not in BILL_STATUSES:
        raise UsageError("status-unknown", f"unknown bill status '{status}'", "statuses: " + ", ".join(BILL_STATUSES))
    act_id = resolve_act(kb, act) if act else None
    out = [b for b in kb.of_kind("bill") if (status is None or b.data["status"] == status) and (act_id is None or b.data["act"] == act_id)]
    return sorted(out, key=lambda b: (period_of(str(b.data["proposed"]))[0], b.id))


def bill_as_dict(kb: KnowledgeBase, bill: Record) -> dict[str, Any]:
    d = bill.data
    enacted = enacted_amendment(kb, bill)
    return {
        "id": bill.id,
        "bill_number": d.get("bill_number"),
        "title": dict(d["title"]),
        "act": d["act"],
        "proposer": dict(d["proposer"]),
        "proposed": d["proposed"],
        "status": d["status"],
        "status_ko": status_ko(d["status"]),
        "decided": d.get("decided"),
        "outcome": dict(d["outcome"]) if d.get("outcome") else None,
        "enacted_as": d.get("enacted_as"),
        "enacted": None if enacted is None else {"amendment": enacted.id, "act_number": enacted.data["act_number"],
                                                  "promulgated": enacted.data["promulgated"], "in_force": enacted.data["in_force"]},
        "changes": [{"article": c["article"], "paragraph": c["paragraph"], "action": c["action"]} for c in d["changes"]],
        "summary": dict(d["summary"]),
        "sources": [s.as_dict() for s in bill.sources],
    }


# ---- timeline --------------------------------------------------------------------------------------------

EVENT_KINDS = ("amendment", "bill", "guideline", "directive", "case", "report")
_KIND_ORDER = {k: i for i, k in enumerate(EVENT_KINDS)}
_EVENT_ORDER = {e: i for i, e in enumerate(("promulgated", "in_force", "proposed", "passed", "merged", "lapsed", "withdrawn", "rejected",
                                             "adopted", "effective", "superseded", "issued", "indictment", "first", "appeal", "supreme", "published"))}
_LEVEL_EN = {"indictment": "indictment", "first": "first instance", "appeal": "appeal", "supreme": "Supreme Court"}
_LEVEL_KO = {"indictment": "기소", "first": "1심", "appeal": "항소심", "supreme": "상고심"}


@dataclass(frozen=True)
class Event:
    """One dated happening: an amendment promulgated or brought into force, a bill, a guideline, a directive, a case, a report."""

    date: str | None  # YYYY, YYYY-MM or YYYY-MM-DD; None when the source gives no date
    kind: str
    event: str
    record: str
    title_en: str
    title_ko: str
    detail_en: str = ""
    detail_ko: str = ""
    status: str | None = None
    touches: tuple[str, ...] = ()
    changes: tuple[Mapping[str, Any], ...] = ()
    sources: tuple[Source, ...] = ()
    confidence: str | None = None

    def sort_key(self) -> tuple[str, int, int, str, int]:
        """Date order; a date known only to the month or year sorts at the end of that period (an appeal dated '2021'
        after a first instance dated '2021-01'), after the events dated within it."""
        end = period_of(self.date)[1] if self.date else "9999-12-31"
        return (end, -len(self.date or ""), _KIND_ORDER.get(self.kind, 9), self.record, _EVENT_ORDER.get(self.event, 99))

    def as_dict(self) -> dict[str, Any]:
        return {"date": self.date, "kind": self.kind, "event": self.event, "record": self.record, "title_en": self.title_en,
                "title_ko": self.title_ko, "detail_en": self.detail_en, "detail_ko": self.detail_ko, "status": self.status,
                "touches": list(self.touches), "changes": [dict(c) for c in self.changes], "confidence": self.confidence,
                "sources": [s.as_dict() for s in self.sources]}


@dataclass
class Scope:
    """What a timeline is about; no refs means everything.

    provisions maps (article id, paragraph or None for the whole article, from, until) to the REFs that asked for it;
    offences maps offence ids to those REFs.
    """

    refs: list[str] = field(default_factory=list)
    provisions: dict[tuple[str, int | None, str | None, str | None], set[str]] = field(default_factory=dict)
    offences: dict[str, set[str]] = field(default_factory=dict)
    acts: dict[str, set[str]] = field(default_factory=dict)
    offence_keys: set[tuple[str, int | None, str | None, str | None]] = field(default_factory=set)

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
            if date is not None and ((start and date < start) or (until and date > _day_after(until))):
                continue
            if key in self.offence_keys and not is_offence:
                continue
            tags |= t
        return tags

    def as_dict(self) -> dict[str, Any]:
        return {"refs": self.refs, "provisions": sorted({f"{a}({p})" if p is not None else a for a, p, _, _ in self.provisions}),
                "offences": sorted(self.offences), "acts": sorted(self.acts)}


def _day_after(date: str) -> str:
    return (_dt.date.fromisoformat(date) + _dt.timedelta(days=1)).isoformat()


@dataclass
class Timeline:
    scope: Scope
    date_from: str | None
    date_to: str | None
    kinds: list[str]
    events: list[Event]
    undated: list[Event]
    today: str

    def as_dict(self) -> dict[str, Any]:
        return {"scope": self.scope.as_dict(), "from": self.date_from, "to": self.date_to, "kinds": self.kinds, "today": self.today,
                "events": [e.as_dict() for e in self.events], "undated": [e.as_dict() for e in self.undated]}


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
            raise UsageError("ref-kind", f"{name} is a {target.kind}; a timeline is drawn for offences, articles and acts",
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


def _overlaps(date: str | None, date_from: str | None, date_to: str | None) -> bool:
    if date is None:
        return True
    start, end = period_of(date)
    return (date_from is None or end >= date_from) and (date_to is None or start <= date_to)


def _para_changed(prev: ArticleVersion, v: ArticleVersion, n: int) -> bool:
    new, old = v.paragraph(n), prev.paragraph(n)
    if new is None or old is None:
        return (new is None) != (old is None)
    if not same_text(old.text_ko, new.text_ko) or old.role != new.role or new.in_force not in (None, v.in_force):
        return True
    if (old.penalty is None) != (new.penalty is None):
        return True
    return old.penalty is not None and new.penalty is not None and _data_key(old.penalty) != _data_key(new.penalty)


def _amendment_changes(kb: KnowledgeBase, scope: Scope, amendment: Record) -> list[dict[str, Any]]:
    """The paragraphs an amendment changed (within the scope), each with its in-force date, change and penalty delta."""
    changes: list[dict[str, Any]] = []
    for art in kb.of_kind("article"):
        if not isinstance(art, Article):
            continue
        for i, v in enumerate(art.versions):
            if v.amendment != amendment.id:
                continue
            prev = art.versions[i - 1] if i else None
            numbers = sorted({p.number for p in v.paragraphs} | ({p.number for p in prev.paragraphs} if prev else set()))
            for n in numbers:
                if prev is not None and not _para_changed(prev, v, n):
                    continue
                p = v.paragraph(n)
                old_p = prev.paragraph(n) if prev else None
                date = v.paragraph_in_force(p) if p else v.in_force
                is_offence = any(x is not None and x.role == "offence" for x in (p, old_p))
                tags = {art.id} if scope.everything else scope.touched(art.id, n, date, is_offence=is_offence)
                if not tags:
                    continue
                gone = p is None or p.role == "deleted"
                if old_p is not None and old_p.role == "deleted":
                    old_p = None
                if old_p is not None and p is not None and old_p.role != p.role and not gone:
                    old_p = None  # the number now holds another provision: for this paragraph it is new
                kind = "added" if old_p is None else "removed" if gone else "modified"
                delta = penalty_delta(old_p.penalty if old_p else None, None if gone or p is None else p.penalty)
                changes.append({"article": art.id, "paragraph": n, "in_force": date,
                                "label_ko": section_label(kb, art, "ko") + (f"제{n}항" if n else ""),
                                "label_en": section_label(kb, art, "en") + (f"({n})" if n else ""), "change": kind,
                                "penalty": delta.as_dict() if delta and delta.status != "unchanged" else None,
                                "touches": sorted(tags) if not scope.everything else []})
    return changes


def timeline(kb: KnowledgeBase, scope: Scope, *, date_from: str | None = None, date_to: str | None = None,
             kinds: Iterable[str] = (), now: str) -> Timeline:
    """Every dated event in scope between two dates, oldest first; undated case instances listed apart."""
    if date_from is not None:
        date_from = check_date(date_from, "--from")
    if date_to is not None:
        date_to = check_date(date_to, "--to")
    if date_from and date_to and date_from > date_to:
        raise UsageError("dates-order", f"--from {date_from} is after --to {date_to}", "give the earlier date in --from")
    chosen = list(dict.fromkeys(kinds)) or list(EVENT_KINDS)
    for k in chosen:
        if k not in EVENT_KINDS:
            raise UsageError("kind-unknown", f"unknown event kind '{k}'", "kinds: " + ", ".join(EVENT_KINDS))
    events: list[Event] = []
    if "amendment" in chosen:
        events += _amendment_events(kb, scope, now)
    if "bill" in chosen:
        events += _bill_events(kb, scope)
    if "guideline" in chosen:
        events += _guideline_events(kb, scope)
    if "directive" in chosen:
        events += _directive_events(kb, scope)
    if "case" in chosen:
        events += _case_events(kb, scope)
    if "report" in chosen:
        events += _report_events(kb, scope)
    dated = sorted((e for e in events if e.date is not None and _overlaps(e.date, date_from, date_to)), key=Event.sort_key)
    # An event without a date cannot be placed inside a range: it is listed only when no range was asked for.
    undated = sorted((e for e in events if e.date is None), key=Event.sort_key) if not (date_from or date_to) else []
    return Timeline(scope, date_from, date_to, chosen, dated, undated, now)


_TYPE_EN = {"제정": "enactment", "일부개정": "partial amendment", "전부개정": "full revision", "타법개정": "amendment by another act",
            "타법폐지": "repeal by another act"}


def _amendment_events(kb: KnowledgeBase, scope: Scope, now: str) -> list[Event]:
    out: list[Event] = []
    for am in kb.of_kind("amendment"):
        d = am.data
        changes = _amendment_changes(kb, scope, am)
        tags: set[str] = set()
        for c in changes:
            tags |= set(c["touches"])
        tags |= scope.acts.get(d["act"], set())
        if not scope.everything and not tags:
            continue
        exceptions = {e["in_force"]: e for e in d.get("in_force_exceptions") or ()}
        dates = {c["in_force"] for c in changes}
        if scope.everything or d["act"] in scope.acts:
            dates |= {d["in_force"], *exceptions}
        act = kb.get(d["act"])
        act_ko = (act.data.get("abbreviations") or [act.data["name"]["ko"]])[0] if act else d["act"]
        act_en = act.data["name"]["en"] if act else d["act"]
        name_ko = f"{act_ko} 법률 제{d['act_number']}호({d['type']})"
        name_en = f"{act_en}, Act No. {d['act_number']} ({_TYPE_EN.get(d['type'], d['type'])})"
        touches = tuple(sorted(tags)) if not scope.everything else ()
        sources = tuple(am.cited(d["cite"]))
        first = min(dates) if dates else d["in_force"]
        out.append(Event(d["promulgated"], "amendment", "promulgated", am.id, f"{name_en} promulgated", f"{name_ko} 공포",
                         d["summary"].get("en", ""), d["summary"].get("ko", ""),
                         f"not yet in force (from {first})" if first > now else None, touches, (), sources))
        for date in sorted(dates):
            exc = exceptions.get(date) if date != d["in_force"] else None
            provisions = exc["provisions"] if exc else {}
            out.append(Event(date, "amendment", "in_force", am.id, f"{name_en} in force", f"{name_ko} 시행",
                             f"brought into force by the addenda: {provisions.get('en') or provisions.get('ko')}" if exc else "",
                             f"부칙에 따른 시행: {provisions.get('ko') or provisions.get('en')}" if exc else "",
                             "not yet in force" if date > now else None, touches,
                             tuple(c for c in changes if c["in_force"] == date), sources))
    return out


def _bill_events(kb: KnowledgeBase, scope: Scope) -> list[Event]:
    out = []
    for b in kb.of_kind("bill"):
        d = b.data
        tags: set[str] = set()
        for c in d["changes"]:
            tags |= scope.touched(c["article"], c["paragraph"], is_offence=_bill_change_is_offence(kb, b, c))
        tags |= scope.acts.get(d["act"], set())
        if not scope.everything and not tags:
            continue
        number = d.get("bill_number") or b.id
        proposer = d["proposer"]
        touches = tuple(sorted(tags))
        sources = tuple(b.cited(d["cite"]))
        out.append(Event(str(d["proposed"]), "bill", "proposed", b.id,
                         f"Bill {number} proposed by {proposer.get('en') or proposer.get('ko')}: {d['title']['en']}",
                         f"의안 {number} 발의({proposer.get('ko') or proposer.get('en')}): {d['title']['ko']}",
                         d["summary"].get("en", ""), d["summary"].get("ko", ""), "pending" if d["status"] == "pending" else None, touches, (), sources))
        if d["status"] != "pending":
            outcome = d.get("outcome") or {}
            enacted = enacted_amendment(kb, b)
            out.append(Event(str(d["decided"]) if d.get("decided") else None, "bill", d["status"], b.id,
                             f"Bill {number} {d['status']}", f"의안 {number} {status_ko(d['status'])}",
                             " ".join(x for x in (outcome.get("en", ""), f"Enacted as Act No. {enacted.data['act_number']}." if enacted else "") if x),
                             " ".join(x for x in (outcome.get("ko", ""), f"법률 제{enacted.data['act_number']}호로 공포." if enacted else "") if x),
                             None, touches, (), sources))
    return out


def _bill_change_is_offence(kb: KnowledgeBase, bill: Record, change: Mapping[str, Any]) -> bool:
    """Whether a bill's change concerns an offence: it proposes a penalty, or the paragraph it changes defines one."""
    if change.get("penalty"):
        return True
    art = kb.article(change["article"])
    found = art.paragraph_as_of(change["paragraph"], period_of(str(bill.data["proposed"]))[0]) if art else None
    return found is not None and found[1].role == "offence"


def _offence_tags(scope: Scope, offence_ids: Iterable[str]) -> set[str]:
    tags: set[str] = set()
    for o in offence_ids:
        tags |= scope.offences.get(o, set())
    return tags


def _guideline_events(kb: KnowledgeBase, scope: Scope) -> list[Event]:
    out = []
    for g in kb.of_kind("guideline"):
        d = g.data
        tags: set[str] = set()
        for grp in d["groups"]:
            for t in grp["types"]:
                tags |= _offence_tags(scope, t["offences"])
                for p in t.get("provisions") or ():
                    tags |= scope.touched(p["article"], p.get("paragraph"))
        if not scope.everything and not tags:
            continue
        rule = d["date_rule"]["text"]
        common: dict[str, Any] = {"record": g.id, "touches": tuple(sorted(tags)), "sources": tuple(g.cited(d["cite"]))}
        out.append(Event(d["adopted"], "guideline", "adopted", title_en=f"{d['name']['en']} adopted", title_ko=f"{d['name']['ko']} 의결",
                         detail_en=f"by the {d['body']['en']}", detail_ko=f"{d['body']['ko']} 의결", **common))
        out.append(Event(d["effective"], "guideline", "effective", title_en=f"{d['name']['en']} takes effect", title_ko=f"{d['name']['ko']} 시행",
                         detail_en=rule.get("en", ""), detail_ko=rule.get("ko", ""), confidence=d["date_rule"]["confidence"], **common))
        if d.get("superseded"):
            out.append(Event(d["superseded"], "guideline", "superseded", title_en=f"{d['name']['en']} superseded",
                             title_ko=f"{d['name']['ko']} 개정으로 대체", **common))
    return out


def _directive_events(kb: KnowledgeBase, scope: Scope) -> list[Event]:
    out = []
    for r in kb.of_kind("directive"):
        d = r.data
        tags: set[str] = set()
        for rule in d["rules"]:
            tags |= _offence_tags(scope, rule["offences"])
        if not scope.everything and not tags:
            continue
        common: dict[str, Any] = {"record": r.id, "touches": tuple(sorted(tags)), "sources": tuple(r.cited(d["cite"]))}
        roles = [rule for rule in d["rules"] if scope.everything or _offence_tags(scope, rule["offences"])]
        demands_en = "\n".join(f"{rule['role']['en']}: {rule['demand']['text'].get('en') or rule['demand']['text'].get('ko')}"
                                for rule in roles if rule.get("demand"))
        demands_ko = "\n".join(f"{rule['role']['ko']}: {rule['demand']['text'].get('ko') or rule['demand']['text'].get('en')}"
                                for rule in roles if rule.get("demand"))
        out.append(Event(d["issued"], "directive", "issued", title_en=f"{d['issuer']['en']}: {d['title']['en']} issued",
                         title_ko=f"{d['issuer']['ko']} {d['title']['ko']} 시행", detail_en=demands_en, detail_ko=demands_ko, **common))
        if d.get("superseded"):
            out.append(Event(d["superseded"], "directive", "superseded", title_en=f"{d['title']['en']} superseded",
                             title_ko=f"{d['title']['ko']} 대체", **common))
    return out


def _case_events(kb: KnowledgeBase, scope: Scope) -> list[Event]:
    out = []
    for c in kb.of_kind("case"):
        d = c.data
        tags = _offence_tags(scope, d["offences"])
        if not scope.everything and not tags:
            continue
        for inst in d["instances"]:
            lvl = inst["level"]
            court = inst["court"]
            en, ko = [inst["outcome"].get("en", "")], [inst["outcome"].get("ko", "")]
            for key, word_en, word_ko in (("demand", "Demanded", "구형"), ("sentence", "Sentence", "선고")):
                if inst.get(key):
                    text = inst[key]["text"]
                    en.append(f"{word_en}: {text.get('en') or text.get('ko')}.")
                    ko.append(f"{word_ko}: {text.get('ko') or text.get('en')}.")
            number = f" ({inst['case_number']})" if inst.get("case_number") else ""
            out.append(Event(inst.get("date"), "case", lvl, c.id, f"{d['name']['en']}: {_LEVEL_EN[lvl]}, {court['en']}{number}",
                             f"{d['name']['ko']}: {_LEVEL_KO[lvl]}, {court['ko']}{number}", " ".join(x for x in en if x),
                             " ".join(x for x in ko if x), None, tuple(sorted(tags)), (), tuple(c.cited(inst["cite"])), inst["confidence"]))
    return out


def _report_events(kb: KnowledgeBase, scope: Scope) -> list[Event]:
    out = []
    for r in kb.of_kind("report"):
        d = r.data
        tags = _offence_tags(scope, d.get("offences") or ())
        if not scope.everything and not tags:
            continue
        out.append(Event(str(d["published"]), "report", "published", r.id, f"{d['publisher']['en']}: {d['title']['en']}",
                         f"{d['publisher']['ko']}: {d['title']['ko']}", d["summary"].get("en", ""), d["summary"].get("ko", ""),
                         None, tuple(sorted(tags)), (), tuple(r.cited(d["cite"]))))
    return out
