"""The typed context a handout template receives: bilingual texts, fixed labels and one dataclass per part."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from .model import Record
from .query import nfc_dots

LANGS = ("ko", "en", "both")
AUDIENCES = ("student", "trainer")
FLAGGED = ("low", "unconfirmed")  # confidence values that get the † mark


@dataclass(frozen=True)
class Bi:
    """A text in Korean and English; either may be missing (templates mark the fallback)."""

    ko: str | None = None
    en: str | None = None

    @classmethod
    def of(cls, d: Mapping[str, Any] | None) -> Bi | None:
        """From a record's {ko, en}; Korean middle dots written the statute's way (ㆍ)."""
        if not d:
            return None
        ko = d.get("ko")
        return cls(nfc_dots(ko) if ko else None, d.get("en"))


CATEGORIES: dict[str, Bi] = {
    "csem": Bi("아동ㆍ청소년성착취물", "Child and youth sexual exploitation material (CSEM)"),
    "filming": Bi("불법촬영과 촬영물 유포", "Illegal filming and non-consensual sharing"),
    "deepfake": Bi("허위영상물(딥페이크)", "Deepfake sexual material"),
    "threat": Bi("촬영물 등을 이용한 협박ㆍ강요", "Threats and coercion with intimate images"),
    "grooming": Bi("온라인 그루밍", "Online grooming"),
    "organised": Bi("범죄단체 조직", "Organised criminal groups"),
    "obscene": Bi("통신매체 이용 음란", "Obscene communication"),
}
VICTIMS = {"child_youth": Bi("아동ㆍ청소년", "children and youth"), "any_person": Bi("모든 사람", "any person")}
AUTHORITIES = {
    "statute": Bi("법령 원문", "statute text"),
    "court": Bi("판결", "court judgment"),
    "official_guideline": Bi("공식 기준", "official guideline"),
    "official_press_release": Bi("공식 보도자료", "official press release"),
    "official_record": Bi("공식 기록", "official record"),
    "news_report": Bi("언론 보도", "news report"),
    "commentary": Bi("해설ㆍ논평", "commentary"),
    "unofficial_translation": Bi("비공식 번역", "unofficial translation"),
}
ZONES = {"mitigated": Bi("감경영역", "Mitigated"), "basic": Bi("기본영역", "Basic"), "aggravated": Bi("가중영역", "Aggravated")}
LEVELS = {"indictment": Bi("기소", "Indictment"), "first": Bi("1심", "First instance"), "appeal": Bi("항소심", "Appeal"),
          "supreme": Bi("대법원", "Supreme Court")}
SELECTS_BY = {"indictment": Bi("공소제기일 기준", "by indictment date"), "offence": Bi("범행일 기준", "by offence date"),
              "judgment": Bi("선고일 기준", "by judgment date")}

# Headings and fixed phrases, shared by every output format.
LABELS: dict[str, Bi] = {
    "as_of": Bi("기준일", "As of"),
    "prepared": Bi("작성일", "Prepared"),
    "audience": Bi("대상", "Audience"),
    "student": Bi("수강생용", "participants"),
    "trainer": Bi("강사용", "trainers"),
    "covers": Bi("범위", "Covers"),
    "summary": Bi("개요", "Summary"),
    "elements": Bi("구성요건 (쉬운 말로)", "Elements in plain words"),
    "victim": Bi("피해자", "Victims"),
    "penalty": Bi("법정형", "Statutory penalty"),
    "provision": Bi("조항", "Provision"),
    "version": Bi("적용 법률(판)", "Version applied"),
    "period": Bi("적용 기간", "Applies"),
    "attempt": Bi("미수ㆍ상습", "Attempt, habitual"),
    "guideline": Bi("양형기준", "Sentencing guideline"),
    "type": Bi("유형", "Type"),
    "zones": Bi("권고 형량범위", "Recommended ranges"),
    "special_aggravating": Bi("특별가중인자", "Special aggravating factors"),
    "special_mitigating": Bi("특별감경인자", "Special mitigating factors"),
    "general_aggravating": Bi("일반가중인자", "General aggravating factors"),
    "general_mitigating": Bi("일반감경인자", "General mitigating factors"),
    "habitual_type": Bi("상습범 형량범위 있음", "has a habitual-offender range"),
    "demands": Bi("검찰 구형 기준", "Prosecution demands"),
    "role": Bi("대상자", "Role"),
    "demand": Bi("구형", "Demand"),
    "detention": Bi("구속", "Detention"),
    "issued": Bi("시행", "issued"),
    "teaching_notes": Bi("강의 메모", "Teaching notes"),
    "timeline": Bi("연표", "Timeline"),
    "date": Bi("날짜", "Date"),
    "event": Bi("내용", "Event"),
    "cases": Bi("주요 사건", "Key cases"),
    "sentence": Bi("선고", "Sentence"),
    "quiz": Bi("확인 문제", "Quiz"),
    "answer_key": Bi("정답과 해설", "Answer key"),
    "unconfirmed": Bi("확인되지 않은 값", "Unconfirmed values"),
    "claims": Bi("출처별 내용", "What the sources say"),
    "sources": Bi("출처", "Sources"),
    "mark_legend": Bi("†: 출처로 확인되지 않았거나 출처마다 다르거나 추론한 값입니다. 인용 전에 원문을 확인하십시오.",
                      "†: a value the sources could not confirm, disagree on, or that is inferred; check the original before quoting it."),
    "disclaimer_short": Bi("교육용 자료 · 법률 자문이 아님", "For training · not legal advice"),
    "not_in_force": Bi("기준일에 시행되지 않은 범죄", "Not an offence under these provisions on the as-of date"),
    "none": Bi("없음", "none"),
}

CONTENT_NOTE = Bi(
    "내용 안내: 이 자료는 아동ㆍ청소년 성착취와 디지털 성범죄를 다룹니다. 이미지는 없으며, 범행 방법이 아니라 법과 처벌을 설명합니다.",
    "Content note: this handout deals with child sexual exploitation and image-based sexual abuse. It has no images and "
    "explains the law and its penalties, not how offences are committed.")
CONTENT_NOTE_ADULT = Bi(
    "내용 안내: 이 자료는 불법촬영, 허위영상물 등 디지털 성범죄를 다룹니다. 이미지는 없으며, 범행 방법이 아니라 법과 처벌을 설명합니다.",
    "Content note: this handout deals with image-based sexual abuse. It has no images and explains the law and its penalties, "
    "not how offences are committed.")
DISCLAIMER = Bi(
    "교육용 자료이며 법률 자문이 아닙니다. 개별 사건은 변호사와 상담하고, 현행 조문은 국가법령정보센터(law.go.kr)에서 확인하십시오.",
    "For training only; not legal advice. For a specific case consult a lawyer, and check the current statute text at law.go.kr. "
    "English passages are our own summaries, not official translations.")


# ---- the context --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SourceNote:
    number: int
    title: str
    publisher: str
    date: str | None
    authority: str
    authority_label: Bi
    url: str
    linkable: bool


@dataclass(frozen=True)
class PenaltyRow:
    article_id: str
    paragraph: int
    provision: Bi
    title: Bi
    penalty: Bi
    statute_text: str | None
    summary_en: str
    act_number: int
    promulgated: str
    in_force: str
    until: str | None
    replaced_pending: bool
    period: Bi
    version: Bi
    attempt: Bi
    attempt_punishable: bool
    habitual: Bi | None
    notes: tuple[Bi, ...]
    refs: tuple[int, ...]
    life: bool
    min_months: float | None
    max_months: float | None
    fine_max_won: int | None
    fine_combination: str | None


@dataclass(frozen=True)
class Zone:
    zone: str
    label: Bi
    text: Bi
    min_months: float | None
    max_months: float
    confidence: str
    flagged: bool
    refs: tuple[int, ...]


@dataclass(frozen=True)
class Factor:
    name: Bi
    level: str
    direction: str
    category: str
    flagged: bool
    refs: tuple[int, ...]


@dataclass(frozen=True)
class GuidelineEntry:
    guideline_id: str
    guideline: Bi
    body: Bi
    adopted: str
    effective: str
    selects_by: Bi
    selection: Bi
    type_id: str
    type_label: Bi
    zones: tuple[Zone, ...]
    habitual: bool
    note: Bi | None
    special_aggravating: tuple[Factor, ...]
    special_mitigating: tuple[Factor, ...]
    general_aggravating: tuple[Factor, ...]
    general_mitigating: tuple[Factor, ...]
    refs: tuple[int, ...]


@dataclass(frozen=True)
class DemandEntry:
    directive_id: str
    directive: Bi
    issuer: Bi
    issued: str
    rule_id: str
    role: Bi
    demand: Bi | None
    detention: Bi | None
    conditions: Bi | None
    confidence: str
    flagged: bool
    refs: tuple[int, ...]


@dataclass(frozen=True)
class OffenceSection:
    id: str
    name: Bi
    category: str
    category_label: Bi
    victim: Bi
    summary: Bi
    elements: tuple[Bi, ...]
    penalties: tuple[PenaltyRow, ...]
    guideline: tuple[GuidelineEntry, ...]
    guideline_notes: tuple[Bi, ...]
    demands: tuple[DemandEntry, ...]
    demand_notes: tuple[Bi, ...]
    teaching_notes: tuple[Bi, ...]
    refs: tuple[int, ...]


@dataclass(frozen=True)
class ProvisionSection:
    """An article asked for by reference that no offence record covers: its penalties alone."""

    provision: Bi
    penalties: tuple[PenaltyRow, ...]


@dataclass(frozen=True)
class TimelineEvent:
    date: str
    kind: str
    text: Bi
    pending: bool
    refs: tuple[int, ...]


@dataclass(frozen=True)
class CaseInstance:
    level: str
    level_label: Bi
    court: Bi
    date: str | None
    demand: Bi | None
    sentence: Bi | None
    outcome: Bi | None
    flagged: bool
    refs: tuple[int, ...]


@dataclass(frozen=True)
class CaseEntry:
    id: str
    name: Bi
    summary: Bi | None
    offences: tuple[str, ...]
    instances: tuple[CaseInstance, ...]


@dataclass(frozen=True)
class QuizOption:
    letter: str
    text: Bi


@dataclass(frozen=True)
class QuizQuestion:
    number: int
    kind: str
    question: Bi
    options: tuple[QuizOption, ...]
    answer: str | None
    explanation: Bi | None
    refs: tuple[int, ...]


@dataclass(frozen=True)
class UnconfirmedNote:
    record: str
    field: str
    note: Bi
    claims: tuple[str, ...]


@dataclass(frozen=True)
class Handout:
    title: Bi
    as_of: str
    prepared: str
    lang: str
    audience: str
    requested: tuple[str, ...]
    covers: tuple[Bi, ...]
    offences: tuple[OffenceSection, ...]
    provisions: tuple[ProvisionSection, ...]
    not_in_force: tuple[Bi, ...]
    timeline: tuple[TimelineEvent, ...]
    cases: tuple[CaseEntry, ...]
    quiz: tuple[QuizQuestion, ...]
    quiz_requested: int
    quiz_note: Bi | None
    sources: tuple[SourceNote, ...]
    unconfirmed: tuple[UnconfirmedNote, ...]
    content_note: Bi
    disclaimer: Bi
    labels: Mapping[str, Bi] = field(default_factory=lambda: LABELS)

    @property
    def any_flagged(self) -> bool:
        return any(
            z.flagged for o in self.offences for g in o.guideline for z in g.zones
        ) or any(
            f.flagged for o in self.offences for g in o.guideline
            for f in (*g.special_aggravating, *g.special_mitigating, *g.general_aggravating, *g.general_mitigating)
        ) or any(d.flagged for o in self.offences for d in o.demands) or any(i.flagged for c in self.cases for i in c.instances)

    def as_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out.pop("labels", None)
        return out


# ---- sources ------------------------------------------------------------------------------------------------


class SourceRegistry:
    """Numbers sources in the order facts first cite them; one number per URL."""

    def __init__(self) -> None:
        self.notes: list[SourceNote] = []
        self._by_url: dict[str, int] = {}

    def cite(self, record: Record, keys: Iterable[str] | None) -> tuple[int, ...]:
        numbers: set[int] = set()
        for s in record.cited(keys):
            n = self._by_url.get(s.url)
            if n is None:
                n = len(self.notes) + 1
                self._by_url[s.url] = n
                self.notes.append(SourceNote(n, s.title, s.publisher, s.date, s.authority, AUTHORITIES.get(s.authority, Bi(s.authority, s.authority)),
                                             s.url, s.url.startswith(("https://", "http://"))))
            numbers.add(n)
        return tuple(sorted(numbers))
