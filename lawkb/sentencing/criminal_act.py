"""The Criminal Act's own numbers, read from the article records' Korean text, with one table of fallbacks.

The engine holds no sentencing number of its own. Each number the general part of the Criminal Act
fixes (the ×2 of a repeat offence, the ½ of statutory mitigation, the 1-month to 30-year bounds ...)
is read from the text of the article record in force on the offence date. Only when the knowledge
base has no such record, or its text cannot be read, does the engine fall back to CRIMINAL_ACT_NUMBERS,
and the trace says so.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction

from ..model import Article, KnowledgeBase
from .trace import SourceRef, provision_label


def _years(m: re.Match[str], group: int = 1) -> Fraction:
    return Fraction(int(m.group(group)) * 12)


def _count(m: re.Match[str], group: int = 1) -> Fraction:
    return Fraction(int(m.group(group)))


def _n_bun_ui_m(m: re.Match[str]) -> Fraction:
    """'2분의 1' is one half: denominator first, as Korean writes it."""
    return Fraction(int(m.group(2)), int(m.group(1)))


@dataclass(frozen=True)
class ActNumber:
    """A number fixed by the Criminal Act: where it is written, how to read it, and the fallback value."""

    article: str
    paragraph: int
    item: int | None
    pattern: str  # matched against the text with all white space removed
    read: Callable[[re.Match[str]], Fraction]
    fallback: Fraction | None
    meaning_en: str
    absent_means_none: bool = False  # the article exists but says nothing: the number does not exist on that date


# The one table of Criminal Act numbers (fallbacks; the text of the article records wins).
CRIMINAL_ACT_NUMBERS: dict[str, ActNumber] = {
    "term_min_months": ActNumber("criminal-act.42", 0, None, r"유기는(\d+)개월이상", _count, Fraction(1), "Art. 42: a fixed term is at least 1 month."),
    "term_max_months": ActNumber(
        "criminal-act.42", 0, None, r"유기는\d+개월이상(\d+)년이하", _years, Fraction(360), "Art. 42: a fixed term is at most 30 years."
    ),
    "aggravated_max_months": ActNumber(
        "criminal-act.42", 0, None, r"(\d+)년까지로", _years, Fraction(600), "Art. 42 proviso: an aggravated fixed term is at most 50 years."
    ),
    "repeat_max_factor": ActNumber(
        "criminal-act.35",
        2,
        None,
        r"장기(?:\([^)]*\))?의(\d+)배",
        _count,
        Fraction(2),
        "Art. 35(2): a repeat offence is aggravated up to twice the maximum term.",
    ),
    "concurrent_raise": ActNumber(
        "criminal-act.38",
        1,
        2,
        r"(\d+)분의(\d+)까지가중",
        _n_bun_ui_m,
        Fraction(1, 2),
        "Art. 38(1)2: the heaviest crime's maximum is raised by up to one half.",
    ),
    "mitigation_term": ActNumber(
        "criminal-act.55", 1, 3, r"형기의(\d+)분의(\d+)", _n_bun_ui_m, Fraction(1, 2), "Art. 55(1)3: a mitigated fixed term is one half of the term."
    ),
    "mitigation_fine": ActNumber(
        "criminal-act.55", 1, 6, r"다액의(\d+)분의(\d+)", _n_bun_ui_m, Fraction(1, 2), "Art. 55(1)6: a mitigated fine is one half of the maximum amount."
    ),
    "life_mitigated_min_months": ActNumber(
        "criminal-act.55", 1, 2, r"(\d+)년이상(\d+)년이하", _years, Fraction(120), "Art. 55(1)2: mitigated life imprisonment is at least 10 years."
    ),
    "life_mitigated_max_months": ActNumber(
        "criminal-act.55",
        1,
        2,
        r"(\d+)년이상(\d+)년이하",
        lambda m: _years(m, 2),
        Fraction(600),
        "Art. 55(1)2: mitigated life imprisonment is at most 50 years.",
    ),
    "probation_max_term_months": ActNumber(
        "criminal-act.62", 1, None, r"(\d+)년이하의징역", _years, Fraction(36), "Art. 62(1): a suspended sentence needs imprisonment of at most 3 years."
    ),
    "probation_max_fine_won": ActNumber(
        "criminal-act.62",
        1,
        None,
        r"(\d+)만원이하의벌금",
        lambda m: Fraction(int(m.group(1)) * 10_000),
        None,
        "Art. 62(1): a fine of at most 5,000,000 won may be suspended (from 2018-01-07).",
        absent_means_none=True,
    ),
}

_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class ActValue:
    value: Fraction | None
    source: SourceRef
    from_text: bool


class CriminalAct:
    """Reads CRIMINAL_ACT_NUMBERS from the article versions in force on one date."""

    def __init__(self, kb: KnowledgeBase, date: str) -> None:
        self.kb = kb
        self.date = date
        self._cache: dict[str, ActValue] = {}

    def text(self, article_id: str, paragraph: int, item: int | None = None) -> tuple[str | None, SourceRef]:
        label = provision_label(self.kb, article_id, paragraph, item)
        article = self.kb.article(article_id)
        if not isinstance(article, Article):
            return None, SourceRef(label)
        found = article.paragraph_as_of(paragraph, self.date)
        if found is None:
            return None, SourceRef(label, article.id)
        version, para = found
        cited = article.cited(version.cite)
        src = SourceRef(
            f"{label} (법률 제{version.act_number}호, {version.in_force} 시행)",
            article.id,
            cited[0].url if cited else None,
            cited[0].title if cited else None,
            "statute",
        )
        if item is None:
            return para.text_ko, src
        for it in para.items:
            if it.get("number") == item:
                return str(it.get("text_ko", "")), src
        return None, src

    def get(self, key: str) -> ActValue:
        if key in self._cache:
            return self._cache[key]
        spec = CRIMINAL_ACT_NUMBERS[key]
        text, src = self.text(spec.article, spec.paragraph, spec.item)
        if text is not None:
            m = re.search(spec.pattern, _SPACE.sub("", text))
            if m is not None:
                out = ActValue(spec.read(m), src, True)
            elif spec.absent_means_none:
                out = ActValue(None, src, True)
            else:
                out = ActValue(spec.fallback, SourceRef(src.cite + " — engine constant (text not readable)", src.record), False)
        else:
            out = ActValue(spec.fallback, SourceRef(src.cite + " — engine constant (no article record in the knowledge base)"), False)
        self._cache[key] = out
        return out

    def value(self, key: str) -> Fraction:
        v = self.get(key).value
        if v is None:
            raise KeyError(key)
        return v

    def source(self, key: str) -> SourceRef:
        return self.get(key).source


@dataclass(frozen=True)
class Reading:
    """How the engine reads a statutory rule where the text leaves a point open, and how sure that reading is."""

    confidence: str
    ko: str
    en: str
    source: str


# Readings of the general part that the statute text does not settle (no numbers here).
READINGS: dict[str, Reading] = {
    "habitual-lower-bound": Reading(
        "low",
        "상습 가중('형의 2분의 1까지 가중')은 장기와 함께 단기도 가중하는 것으로 계산하였다(확인된 출처 없음).",
        "Habitual aggravation ('up to one half of the penalty') is applied to the minimum as well as the maximum; no source confirms the minimum.",
        "no source found (research note R5)",
    ),
    "repeat-lower-unchanged": Reading(
        "medium",
        "누범 가중은 장기만 가중하고 단기는 그대로 둔다.",
        "Repeat-offence aggravation raises only the maximum; the minimum is unchanged.",
        "https://iso34.tistory.com/158",
    ),
    "type-before-repeat": Reading(
        "medium",
        "형종 선택은 누범 가중 전에 한다(실무).",
        "The penalty type is chosen before repeat-offence aggravation (practice).",
        "https://readonly.wiki/w/%ED%98%95%EC%9D%98%20%EC%96%91%EC%A0%95",
    ),
    "discretionary-scale": Reading(
        "medium",
        "정상참작감경의 폭은 제55조제1항의 예에 따른다(실무).",
        "Discretionary mitigation uses the scale of Art. 55(1) (practice).",
        "https://lawspot.lifebridge.info/2025/07/blog-post_8.html",
    ),
    "halving-one-month": Reading(
        "unconfirmed",
        "1월의 하한을 감경하여 15일로 하는지는 확인되지 않았다.",
        "Whether a 1-month minimum is halved to 15 days was not confirmed.",
        "not found (research note R9.2)",
    ),
    "concurrent-lower-bound": Reading(
        "unconfirmed",
        "경합범 처단형의 하한이 다른 죄의 더 높은 하한에 구속되는지는 확인되지 않았다.",
        "Whether the concurrent range's minimum must reach another crime's higher minimum was not confirmed.",
        "not found (research note R10.2)",
    ),
    "intermediate-law": Reading(
        "unconfirmed",
        "행위 후 재판 전까지 여러 차례 개정된 경우(중간법)의 처리는 확인되지 않았다.",
        "How intermediate laws (several changes between the act and the judgment) are treated was not confirmed.",
        "not found (research note R2.6)",
    ),
    "habitual-fine": Reading(
        "low",
        "상습 가중을 벌금 다액에도 적용하였다.",
        "Habitual aggravation is applied to the maximum fine as well.",
        "our reading of '그 죄에 정한 형의 2분의 1까지 가중'",
    ),
    "clip-collapse": Reading(
        "low",
        "권고 형량범위 전체가 처단형 밖에 있으면 가장 가까운 처단형의 한계로 모았다.",
        "Where the whole recommended range lies outside the disposable range, it is collapsed to the nearest bound of the disposable range.",
        "our reading (research note R18)",
    ),
}
