"""Write a synthetic, deterministic knowledge base of a given size for the benchmark.

Records are valid against lawkb's schemas and cross-checks (references resolve, dates agree with
their amendments, every source is cited), in Korean and English, about 2 KB each on average.
`--invalid-percent 1` breaks that share of the files, one failure mode per file.

    python bench/generate.py 10k bench/.kbs/10k
    python bench/generate.py 10k bench/.kbs/10k-invalid --invalid-percent 1
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import sys
from pathlib import Path

# Korean legal vocabulary: two-syllable words are what people type into search most.
KO_WORDS = [
    "촬영", "유포", "협박", "강요", "소지", "구입", "시청", "제작", "배포", "판매", "대여", "제공", "전시", "상영",
    "아동", "청소년", "피해자", "가해자", "성착취물", "허위영상물", "편집", "합성", "가공", "복제물", "영리", "목적",
    "상습", "미수", "징역", "벌금", "무기", "처벌", "범죄", "단체", "조직", "가입", "활동", "수괴", "간부", "정보통신망",
    "신체", "의사", "반하여", "성적", "욕망", "수치심", "유발", "카메라", "기계장치", "이용", "알면서", "경우", "이상", "이하",
]
EN_WORDS = [
    "filming", "distribution", "threat", "coercion", "possession", "purchase", "viewing", "production", "sale", "rental",
    "provision", "display", "screening", "child", "youth", "victim", "offender", "material", "deepfake", "editing",
    "synthesis", "copy", "profit", "habitual", "attempt", "imprisonment", "fine", "life", "punishment", "crime", "ring",
    "organisation", "membership", "leader", "network", "body", "consent", "sexual", "shame", "camera", "device", "knowingly",
]
ROLES_EN = ["Knowingly", "For profit,", "Habitually,", "Against the will of the person,", "By means of a network,"]
CATEGORIES = ["csem", "filming", "deepfake", "threat", "grooming", "organised", "obscene"]
AUTHORITIES = ["statute", "news_report", "official_press_release", "commentary"]

SIZES = {"1k": 1_000, "10k": 10_000, "100k": 100_000}


def parse_size(text: str) -> int:
    return SIZES.get(text) or int(text.lower().replace("k", "000"))


def q(value: object) -> str:
    """A YAML flow scalar: JSON strings are valid YAML double-quoted scalars."""
    return json.dumps(value, ensure_ascii=False)


class Writer:
    def __init__(self, root: Path, seed: int) -> None:
        self.root = root
        self.rng = random.Random(seed)
        self.files: list[Path] = []

    def ko(self, n: int) -> str:
        return " ".join(self.rng.choice(KO_WORDS) for _ in range(n)) + "."

    def en(self, n: int) -> str:
        words = [self.rng.choice(EN_WORDS) for _ in range(n)]
        return " ".join(words).capitalize() + "."

    def write(self, rel: str, text: str) -> None:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        self.files.append(path)


def source_block(key: str, title: str, authority: str, date: str | None = None) -> str:
    lines = [f"  - key: {key}", f"    url: https://example.org/{key}/{title.replace(' ', '-')}", f"    title: {q(title)}",
             "    publisher: 국가법령정보센터 (synthetic)", f"    authority: {authority}"]
    if date:
        lines.insert(4, f"    date: {q(date)}")
    return "\n".join(lines)


def date_of(day: int) -> str:
    """A real calendar date, `day` days after 2000-01-01, without importing datetime arithmetic rules here."""
    import datetime

    return (datetime.date(2000, 1, 1) + datetime.timedelta(days=day)).isoformat()


def generate(root: Path, total: int, seed: int = 20240829) -> list[Path]:
    """Write about `total` records under root (statutes/ and guidelines/); returns the files written."""
    w = Writer(root, seed)
    rng = w.rng
    n_acts = max(3, total // 2000)
    n_amend = max(2 * n_acts, total // 20)
    n_articles = max(4, total * 60 // 100)
    n_offences = max(2, total * 12 // 100)
    n_terms = max(2, total * 8 // 100)
    n_cases = max(1, total - n_acts - n_amend - n_articles - n_offences - n_terms)

    acts = [f"act-{i:04d}" for i in range(n_acts)]
    for i, act in enumerate(acts):
        w.write(f"statutes/acts/{act}.yaml", "\n".join([
            "kind: act", f"id: {act}",
            f"name: {{ko: {q('가상 ' + w.ko(3).rstrip('.') + ' 법률 ' + str(i))}, en: {q('Synthetic act ' + str(i))}}}",
            f"abbreviations: [{q('가상법' + str(i))}]", f"slugs: [{act}-slug]", "cite: [law]", "sources:",
            source_block("law", f"가상 법률 {i}", "statute"), ""]))

    # Amendments per act, dated in order; each article gets two versions from two amendments of its act.
    amendments: dict[str, list[tuple[str, int, str, str]]] = {a: [] for a in acts}
    for j in range(n_amend):
        act = acts[j % n_acts]
        k = len(amendments[act])
        number = 10_000 + j
        promulgated = date_of(k * 45 + (j % 7))
        in_force = date_of(k * 45 + (j % 7) + 30 * (j % 3))
        amendments[act].append((f"{act}.act-{number}", number, promulgated, in_force))
    listed: dict[str, list[str]] = {a[0]: [] for v in amendments.values() for a in v}

    articles: list[tuple[str, list[int]]] = []
    for j in range(n_articles):
        act = acts[j % n_acts]
        number = f"{j // n_acts + 1}-2" if (j // n_acts) % 5 == 4 else f"{j // n_acts + 1}"
        aid = f"{act}.{number}"
        pool = amendments[act]
        first = rng.randrange(len(pool) - 1)
        second = rng.randrange(first + 1, len(pool))
        paragraphs = [1, 2, 3] if j % 6 == 0 else [1] if j % 2 else [1, 2]
        versions = []
        keys = []
        for amend in (pool[first], pool[second]):
            listed[amend[0]].append(aid)
            key = f"law-{amend[1]}"
            keys.append((key, amend))
            paras = []
            for p in paragraphs:
                # The penalty words state exactly the numbers of the structured penalty (lawkb checks that).
                if rng.random() < 0.5:
                    years = rng.choice([1, 3, 5])
                    words, lo, hi, fine = f"{years}년 이상의 징역", years * 12, None, None
                else:
                    years, tenmillions = rng.choice([7, 10, 15, 30]), rng.choice([1, 3, 5])
                    words, lo, hi = f"{years}년 이하의 징역", None, years * 12
                    fine = tenmillions * 10_000_000 if p != 3 else None
                    if fine:
                        words += f" 또는 {tenmillions}천만원 이하의 벌금"
                paras.append("\n".join([
                    f"      - number: {p}", "        role: offence", f"        text_ko: {q(w.ko(12))}", f"        summary_en: {q(w.en(10))}",
                    "        penalty:", f"          text_ko: {q(words)}", "          life: false",
                    f"          imprisonment: {{type: 징역, min_months: {'null' if lo is None else lo}, max_months: {'null' if hi is None else hi}}}",
                    f"          fine: {{max_won: {fine}, combination: alternative}}" if fine else "          fine: null",
                    "          attempt_punishable: false"]))
            versions.append("\n".join([
                f"  - amendment: {amend[0]}", f"    act_number: {amend[1]}", f"    promulgated: {q(amend[2])}", f"    in_force: {q(amend[3])}",
                f"    title: {{ko: {q(w.ko(3))}, en: {q(w.en(4))}}}", f"    cite: [{key}]", "    paragraphs:", *paras]))
        if keys[0][1][3] == keys[1][1][3]:
            # Two amendments in force on the same day would be overlapping versions: keep one.
            versions = versions[1:]
            listed[keys[0][1][0]].remove(aid)
            keys = keys[1:]
        w.write(f"statutes/articles/{act}/{number}.yaml", "\n".join([
            "kind: article", f"id: {aid}", f"act: {act}", f"number: {q(number)}", "versions:", *versions, "sources:",
            *(source_block(key, f"가상 법률 제{amend[1]}호", "statute", amend[2]) for key, amend in keys), ""]))
        articles.append((aid, paragraphs))

    for act, pool in amendments.items():
        for aid, number, promulgated, in_force in pool:
            arts = listed[aid] or []
            if not arts:
                continue  # an amendment must list at least one article; unused ones are not written
            w.write(f"statutes/amendments/{act}/{number}.yaml", "\n".join([
                "kind: amendment", f"id: {aid}", f"act: {act}", f"act_number: {number}", "type: 일부개정",
                f"promulgated: {q(promulgated)}", f"in_force: {q(in_force)}", f"articles: [{', '.join(arts)}]",
                f"summary: {{ko: {q(w.ko(8))}, en: {q(w.en(10))}}}", f"cite: [law-{number}]", "sources:",
                source_block(f"law-{number}", f"가상 법률 제{number}호", "statute", promulgated), ""]))

    offences = [f"offence-{i:06d}" for i in range(n_offences)]
    for i, oid in enumerate(offences):
        aid, paras = articles[(i * 7) % len(articles)]
        related = [offences[(i + 1) % n_offences]] if n_offences > 1 else []
        w.write(f"statutes/offences/{oid}.yaml", "\n".join([
            "kind: offence", f"id: {oid}", f"name: {{ko: {q(w.ko(3))}, en: {q(w.en(4))}}}", f"aliases: [{q(w.ko(2).rstrip('.'))}]",
            f"category: {CATEGORIES[i % len(CATEGORIES)]}", f"victim: {'child_youth' if i % 2 else 'any_person'}",
            f"summary: {{ko: {q(w.ko(20))}, en: {q(w.en(24))}}}", "elements:",
            *(f"  - {{ko: {q(w.ko(6))}, en: {q(w.en(8))}}}" for _ in range(3)),
            "provisions:", f"  - {{article: {aid}, paragraph: {rng.choice(paras)}}}",
            f"related: [{', '.join(related)}]", "teaching_notes:", f"  - {{ko: {q(w.ko(30))}, en: {q(w.en(30))}}}",
            "cite: [law]", "sources:", source_block("law", "가상 법률", "statute"), ""]))

    terms = [f"term-{i:06d}" for i in range(n_terms)]
    for i, tid in enumerate(terms):
        w.write(f"statutes/glossary/{tid}.yaml", "\n".join([
            "kind: term", f"id: {tid}", f"ko: {q(w.ko(1).rstrip('.') + str(i))}", f"en: {q(w.en(2))}",
            f"definition: {{ko: {q(w.ko(40))}, en: {q(w.en(40))}}}", f"see_also: [{terms[(i + 1) % n_terms]}]",
            "cite: [note]", "sources:", source_block("note", "용어 해설", "commentary"), ""]))

    for i in range(n_cases):
        cid = f"case-{i:06d}"
        w.write(f"guidelines/cases/{cid}.yaml", "\n".join([
            "kind: case", f"id: {cid}", f"name: {{ko: {q(w.ko(2))}, en: {q(w.en(3))}}}", f"defendant: {{ko: 피고인{i}, en: Defendant {i}}}",
            f"summary: {{ko: {q(w.ko(40))}, en: {q(w.en(40))}}}", f"offences: [{offences[i % n_offences]}]",
            f"charges: [{{ko: {q(w.ko(4))}, en: {q(w.en(5))}}}]", "instances:",
            *("\n".join([f"  - level: {level}", "    court: {ko: 서울중앙지방법원, en: Seoul Central District Court}",
                         f"    date: {q(date_of(6000 + i % 900 + n * 200)[:7])}",
                         f"    sentence: {{life: false, months: {rng.choice([12, 18, 24, 42.5])}, text: {{en: {q(w.en(4))}}}}}",
                         f"    outcome: {{ko: {q(w.ko(10))}, en: {q(w.en(12))}}}", "    confidence: medium", "    cite: [c]"])
              for n, level in enumerate(("first", "appeal"))),
            "cite: [c]", "sources:", source_block("c", "가상 판결 보도", "news_report", "2021-01"), ""]))
    return sorted(w.files)


# Each breaks one file in one way the validator must report with a position.
BREAKERS = [
    ("schema-type", lambda t: t.replace("\ncite: [", "\ncite: 7\nxcite: [", 1)),
    ("schema-unknown-key", lambda t: t.replace("\nsources:", "\nsorces: typo\nsources:", 1)),
    ("schema-required", lambda t: re.sub(r"\nid: [^\n]*", "", t, count=1)),
    ("cite-dangling", lambda t: t.replace("\ncite: [", "\ncite: [no-such-source, ", 1)),
    ("yaml-duplicate-key", lambda t: t.replace("\nsources:", "\nkind: again\nsources:", 1)),
    ("yaml-syntax", lambda t: t.replace("\nsources:", "\nsources: [unclosed\n", 1)),
    ("date-invalid", lambda t: re.sub(r'"[0-9]{4}-[0-9]{2}-[0-9]{2}"', '"2023-02-30"', t, count=1)),
]


def break_files(files: list[Path], percent: float, seed: int) -> list[tuple[Path, str]]:
    """Damage `percent` % of the files, each with one failure mode; returns what was broken."""
    rng = random.Random(seed + 1)
    count = max(1, round(len(files) * percent / 100))
    chosen = sorted(rng.sample(files, count))
    broken = []
    for i, path in enumerate(chosen):
        code, breaker = BREAKERS[i % len(BREAKERS)]
        text = path.read_text(encoding="utf-8")
        path.write_text(breaker(text), encoding="utf-8")
        broken.append((path, code))
    return broken


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("size", help="number of records: 1k, 10k, 100k or a number")
    parser.add_argument("out", type=Path, help="folder to write (replaced if it exists)")
    parser.add_argument("--invalid-percent", type=float, default=0.0, help="share of files to break, in percent")
    parser.add_argument("--seed", type=int, default=20240829)
    args = parser.parse_args(argv)
    if args.out.exists():
        shutil.rmtree(args.out)
    files = generate(args.out, parse_size(args.size), args.seed)
    broken = break_files(files, args.invalid_percent, args.seed) if args.invalid_percent else []
    size = sum(f.stat().st_size for f in files)
    print(f"{len(files)} files, {size / 1e6:.1f} MB, {len(broken)} broken -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
