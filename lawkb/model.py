"""The knowledge base as immutable objects, with pure as-of lookups."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

# Criminal Act Art. 42: a fixed term runs from 1 month to 30 years (50 with aggravation).
GENERAL_MIN_MONTHS = 1
GENERAL_MAX_MONTHS = 360
AGGRAVATED_MAX_MONTHS = 600


@dataclass(frozen=True, slots=True)
class Source:
    key: str
    url: str
    title: str
    publisher: str
    authority: str
    date: str | None = None
    note: str | None = None

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Source:
        return cls(d["key"], d["url"], d["title"], d["publisher"], d["authority"], d.get("date"), d.get("note"))

    def as_dict(self) -> dict[str, Any]:
        return {"key": self.key, "url": self.url, "title": self.title, "publisher": self.publisher,
                "date": self.date, "authority": self.authority}


@dataclass(frozen=True, slots=True)
class Penalty:
    """A statutory penalty; bounds as the text states them (None: none stated)."""

    text_ko: str
    life: bool
    death: bool = False
    imprisonment_type: str | None = None
    min_months: float | None = None
    max_months: float | None = None
    fine_min_won: int | None = None
    fine_max_won: int | None = None
    fine_combination: str | None = None
    derived: Mapping[str, str] | None = None
    attempt_punishable: bool = False
    attempt_basis: str | None = None
    habitual_basis: str | None = None

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Penalty:
        imp = d.get("imprisonment") or {}
        fine = d.get("fine") or {}
        hab = d.get("habitual") or {}
        return cls(
            text_ko=d["text_ko"], life=bool(d.get("life")), death=bool(d.get("death")),
            imprisonment_type=imp.get("type"), min_months=imp.get("min_months"), max_months=imp.get("max_months"),
            fine_min_won=fine.get("min_won"), fine_max_won=fine.get("max_won"), fine_combination=fine.get("combination"),
            derived=d.get("derived"), attempt_punishable=bool(d.get("attempt_punishable")),
            attempt_basis=d.get("attempt_basis"), habitual_basis=hab.get("basis"),
        )

    @property
    def has_term(self) -> bool:
        return self.imprisonment_type is not None

    @property
    def term_min_months(self) -> float | None:
        """The lower bound in force, with the general minimum of Art. 42 where the text states none."""
        if not self.has_term:
            return None
        return self.min_months if self.min_months is not None else GENERAL_MIN_MONTHS

    @property
    def term_max_months(self) -> float | None:
        if not self.has_term:
            return None
        return self.max_months if self.max_months is not None else GENERAL_MAX_MONTHS

    def severity_key(self) -> tuple[float, ...]:
        """Heaviness under Criminal Act Arts. 41 and 50, for comparing statutory penalties.

        The heaviest punishment decides first (death, life, then a fixed term by type, maximum and minimum); with the same
        heaviest punishment, a fine that must or may be added weighs more, and a fine the court may choose instead weighs
        less (the larger that fine, the heavier).
        """
        rank = 3 if self.death else 2 if self.life else 1 if self.has_term else 0
        kind = 1 if self.imprisonment_type == "징역" else 0
        fine = self.fine_max_won is not None
        cumulative = {"cumulative": 2, "optional_cumulative": 1}.get(self.fine_combination or "", 0) if fine else 0
        alternative = fine and self.fine_combination == "alternative"
        fine_max, fine_min = self.fine_max_won or 0, self.fine_min_won or 0
        return (rank, kind, self.term_max_months or 0, self.term_min_months or 0, cumulative, fine_max if cumulative else 0,
                0 if alternative else 1, fine_max if alternative else 0, fine_min if alternative else 0)

    def as_dict(self) -> dict[str, Any]:
        return {
            "text_ko": self.text_ko,
            "death": self.death,
            "imprisonment": {
                "life": self.life,
                "type": self.imprisonment_type,
                "min_months": self.term_min_months,
                "max_months": self.term_max_months,
                "stated_min_months": self.min_months,
                "stated_max_months": self.max_months,
            },
            "fine": None if self.fine_max_won is None else {
                "max_won": self.fine_max_won, "min_won": self.fine_min_won, "combination": self.fine_combination},
            "derived": dict(self.derived) if self.derived else None,
            "attempt_punishable": self.attempt_punishable,
            "attempt_basis": self.attempt_basis,
            "habitual_aggravation": "1/2" if self.habitual_basis else None,
            "habitual_basis": self.habitual_basis,
        }


@dataclass(frozen=True, slots=True)
class Paragraph:
    number: int
    text_ko: str
    summary_en: str
    role: str
    in_force: str | None = None
    applies_to: tuple[int, ...] = ()
    penalty: Penalty | None = None
    items: tuple[Mapping[str, Any], ...] = ()

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Paragraph:
        pen = d.get("penalty")
        return cls(d["number"], d["text_ko"], d["summary_en"], d["role"], d.get("in_force"), tuple(d.get("applies_to") or ()),
                   Penalty.from_dict(pen) if pen else None, tuple(d.get("items") or ()))


@dataclass(frozen=True, slots=True)
class ArticleVersion:
    amendment: str
    act_number: int
    promulgated: str
    in_force: str
    title: Mapping[str, str]
    paragraphs: tuple[Paragraph, ...]
    cite: tuple[str, ...] = ()
    note: Mapping[str, str] | None = None

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> ArticleVersion:
        return cls(d["amendment"], d["act_number"], d["promulgated"], d["in_force"], d["title"],
                   tuple(Paragraph.from_dict(p) for p in d["paragraphs"]), tuple(d.get("cite") or ()), d.get("note"))

    def paragraph(self, number: int) -> Paragraph | None:
        for p in self.paragraphs:
            if p.number == number:
                return p
        return None

    def paragraph_in_force(self, p: Paragraph) -> str:
        return p.in_force or self.in_force

    def as_dict(self) -> dict[str, Any]:
        return {"amendment": self.amendment, "act_number": self.act_number, "promulgated": self.promulgated,
                "in_force": self.in_force, "title": dict(self.title)}


@dataclass(frozen=True)
class Record:
    """Any record: its kind, id, raw data and the file it came from."""

    kind: str
    id: str
    data: Mapping[str, Any]
    file: str

    @property
    def sources(self) -> tuple[Source, ...]:
        return tuple(Source.from_dict(s) for s in self.data.get("sources") or ())

    def source(self, key: str) -> Source | None:
        for s in self.sources:
            if s.key == key:
                return s
        return None

    def cited(self, keys: Any) -> list[Source]:
        return [s for k in keys or () if (s := self.source(k)) is not None]

    def name(self, lang: str = "ko") -> str:
        d = self.data
        if self.kind == "term":
            return str(d.get(lang) or d.get("ko"))
        for key in ("name", "title"):
            v = d.get(key)
            if isinstance(v, Mapping):
                return str(v.get(lang) or v.get("ko") or v.get("en"))
        if self.kind == "article":
            return self.id
        return self.id


@dataclass(frozen=True)
class Article(Record):
    versions: tuple[ArticleVersion, ...] = ()

    @property
    def act(self) -> str:
        return str(self.data["act"])

    @property
    def number(self) -> str:
        return str(self.data["number"])

    def version_as_of(self, date: str) -> ArticleVersion | None:
        """The version in force on a date (None before the first recorded version)."""
        found = None
        for v in self.versions:
            if v.in_force <= date:
                found = v
            else:
                break
        return found

    def paragraph_as_of(self, number: int, date: str) -> tuple[ArticleVersion, Paragraph] | None:
        """The paragraph text in force on a date, honouring per-paragraph in-force dates."""
        repealed = self.data.get("repealed")
        if repealed and date >= repealed:
            return None
        for v in reversed(self.versions):
            if v.in_force > date:
                continue
            p = v.paragraph(number)
            if p is None:
                return None
            if v.paragraph_in_force(p) <= date:
                return (v, p) if p.role != "deleted" else None
        return None

    def first_in_force(self, number: int) -> str | None:
        """The first date on which the paragraph is in force in any recorded version."""
        dates = [v.paragraph_in_force(p) for v in self.versions if (p := v.paragraph(number)) is not None and p.role != "deleted"]
        return min(dates) if dates else None

    def pending(self, today: str) -> list[ArticleVersion]:
        """Versions promulgated but not yet in force on `today`."""
        return [v for v in self.versions if v.in_force > today]

    def label(self, lang: str = "ko") -> str:
        n = self.number
        if lang == "ko":
            main, _, sub = n.partition("-")
            return f"제{main}조" + (f"의{sub}" if sub else "")
        return f"Art. {n}"


@dataclass
class KnowledgeBase:
    """Every record by id and by kind, with lookups that never print."""

    root: str
    records: dict[str, Record] = field(default_factory=dict)

    def add(self, record: Record) -> None:
        self.records[record.id] = record

    def get(self, record_id: str) -> Record | None:
        return self.records.get(record_id)

    def of_kind(self, kind: str) -> list[Record]:
        return sorted((r for r in self.records.values() if r.kind == kind), key=lambda r: r.id)

    def __iter__(self) -> Iterator[Record]:
        return iter(self.records.values())

    def __len__(self) -> int:
        return len(self.records)

    def article(self, article_id: str) -> Article | None:
        r = self.records.get(article_id)
        return r if isinstance(r, Article) else None

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for r in self.records.values():
            out[r.kind] = out.get(r.kind, 0) + 1
        return dict(sorted(out.items()))


def make_record(kind: str, data: Mapping[str, Any], file: str) -> Record:
    if kind == "article":
        versions = tuple(sorted((ArticleVersion.from_dict(v) for v in data.get("versions") or ()), key=lambda v: v.in_force))
        return Article(kind, str(data["id"]), data, file, versions)
    return Record(kind, str(data["id"]), data, file)
