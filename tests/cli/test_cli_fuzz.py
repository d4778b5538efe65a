"""Every command, in-process, with arguments drawn from a grammar of plausible and implausible values.

Whatever the arguments, a command ends with an exit code of the contract (0 ok, 1 invalid data, 2 usage, 3 not found,
4 missing dependency), never with a traceback or an internal error, and a usage or not-found exit names the problem.
Values come from the bundled knowledge base (ids, act names, article numbers) and from a grammar of references, dates
and numbers, mixed with text no one should type: empty, blank, emoji, right-to-left, decomposed Hangul, control
characters, undecodable bytes, very long strings.
"""

from __future__ import annotations

import datetime
import os
import tempfile
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from tests.conftest import DATA, INVALID, VALID_KB

EXIT_CODES = {0, 1, 2, 3, 4}
EXAMPLES = 60
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])

# ---- the grammar --------------------------------------------------------------------------------------------------

ODD_TEXT = [
    "", " ", "\t", "  \n ", "-", "--", ":", "::", "()", "제", "조", "Art.", "§", "①", "ㆍ", "·", "'", '"', "\\", "%s", "{}", "*",
    "🙂", "👩‍⚖️", "עברית", "العربية", "\u202egnp.exe", "\u200b", "\ufeff", "\x01\x7f", "\udcff", "\ud800",
    unicodedata.normalize("NFD", "청소년성보호법"), unicodedata.normalize("NFD", "성착취물"), "ＣＳＥＭ", "２０２０－０１－０１",
    "가" * 300, "x" * 2000, "1" * 5000, "9" * 30, "-1", "0", "NaN", "1e9", "../../etc/passwd", "/dev/null", "null", "true",
]
ODD_DATES = [
    "2020-02-30", "2023-02-29", "99999-01-01", "2020-1-1", "today", "yesterday", "", " ", "0000-01-01", "0001-01-01",
    "9999-12-31", "2020-13-01", "2020-00-10", "20200101", "2020/01/01", "-2020-01-01", "2020-01-01T00:00", "٢٠٢٠-٠١-٠١",
]
ODD_INTS = ["0", "-1", "-999", "1", "3", "20", "1000000", "99999999999999999999999", "", "1.5", "1e3", "ten", "٣"]
KINDS = ["act", "article", "amendment", "bill", "offence", "guideline", "directive", "case", "report", "term"]
CATEGORIES = ["csem", "filming", "deepfake", "threat", "grooming", "organised", "obscene"]
FACTORS = ["csem-bad-method", "csem-many-victims", "ringleader", "producer", "life", "term", "fine", "surrender", "attempt",
           "diminished-capacity", "2", "11"]


def mostly(common: st.SearchStrategy, rare: st.SearchStrategy, one_in: int = 5) -> st.SearchStrategy:
    """`rare` about once in `one_in` draws (st.one_of alone leans to its simplest branches, here the odd values)."""
    return st.integers(0, one_in - 1).flatmap(lambda i: rare if i == 0 else common)


def garbage() -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(ODD_TEXT), st.text(max_size=40),
                     st.text(alphabet=st.characters(min_codepoint=0xAC00, max_codepoint=0xD7A3), min_size=1, max_size=12))


def dates() -> st.SearchStrategy[str]:
    """Mostly dates in the years the knowledge base covers, then any date, then odd spellings and garbage."""
    recent = st.dates(min_value=datetime.date(1995, 1, 1), max_value=datetime.date(2030, 12, 31)).map(lambda d: d.isoformat())
    valid = st.integers(0, 3).flatmap(lambda i: st.dates().map(lambda d: d.isoformat()) if i == 0 else recent)
    return mostly(valid, st.one_of(st.sampled_from(ODD_DATES), garbage()))


def numbers() -> st.SearchStrategy[str]:
    return st.one_of(st.integers(-10, 10**7).map(str), st.sampled_from(ODD_INTS))


class Grammar:
    """Strategies over the bundled knowledge base's own names, and over the shapes of references."""

    def __init__(self, kb) -> None:
        self.ids = sorted(r.id for r in kb)
        self.by_kind = {k: sorted(r.id for r in kb.of_kind(k)) or ["none"] for k in KINDS}
        acts = kb.of_kind("act")
        self.act_names = sorted({n for a in acts for n in [a.id, a.data["name"]["ko"], *a.data.get("abbreviations", []),
                                                          *a.data.get("slugs", [])]})
        self.numbers = sorted({str(a.data["number"]) for a in kb.of_kind("article")})
        self.bill_numbers = sorted({str(b.data["bill_number"]) for b in kb.of_kind("bill") if b.data.get("bill_number")})

    def act(self) -> st.SearchStrategy[str]:
        return st.one_of(st.sampled_from(self.act_names), garbage())

    def article_ref(self) -> st.SearchStrategy[str]:
        number = st.one_of(st.sampled_from(self.numbers), st.integers(0, 10**6).map(str), st.sampled_from(["0", "14-2", "999-99", "1" * 60]))
        paragraph = st.one_of(st.just(""), st.integers(0, 1000).map(lambda n: f"({n})"), st.integers(0, 12).map(lambda n: f"제{n}항"),
                              st.sampled_from(["①", "⑤", "⑳", "()", "(-1)", "(5)(1)", "(5)(999)", "제5항제0호"]))
        return st.one_of(
            st.builds(lambda a, n, p: f"{a}:{n}{p}", st.sampled_from(self.act_names), number, paragraph),
            st.builds(lambda a, n, p: f"{a} 제{n.replace('-', '조의')}조{p}", st.sampled_from(self.act_names), number, paragraph),
            st.builds(lambda n, p: f"Art. {n}{p}", number, paragraph),
            st.builds(lambda a, n, p: f"{a}:{n}{p}", garbage(), number, paragraph),
        )

    def value(self) -> st.SearchStrategy[str]:
        """Anything a user might give where a record is expected: ids of every kind, names, references, garbage."""
        named = st.one_of(st.sampled_from(self.ids), st.sampled_from(self.act_names), self.article_ref(),
                          st.sampled_from(self.bill_numbers or ["0"]), st.sampled_from(CATEGORIES))
        return mostly(named, garbage())

    def of_kind(self, kind: str) -> st.SearchStrategy[str]:
        return mostly(st.sampled_from(self.by_kind[kind]), self.value(), 3)


# ---- running and judging ------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def grammar(bundled_kb) -> Grammar:
    return Grammar(bundled_kb)


@pytest.fixture(scope="module")
def places():
    """A cache folder, and knowledge-base paths of every sort: none (the bundled KB), a fixture, a file, a missing folder."""
    with tempfile.TemporaryDirectory(prefix="lawkb-fuzz-") as tmp:
        root = Path(tmp)
        (root / "empty").mkdir()
        (root / "out").mkdir()
        (root / "broken" / "statutes").mkdir(parents=True)
        (root / "broken" / "statutes" / "x.yaml").write_text("kind: act\nid: [unclosed\n", encoding="utf-8")
        yield {
            "cache": str(root / "cache"),
            "out": root / "out",
            # Mostly the bundled KB, whose ids the grammar draws; then a fixture KB, and paths that are no KB at all.
            "kbs": [None] * 12 + ["", str(VALID_KB), str(DATA / "compare"), str(root / "empty"), str(root / "broken"), str(root / "missing"),
                                  str(INVALID / sorted(os.listdir(INVALID))[0])],
        }


def run(places, args: list[str], kb: str | None = None):
    from lawkb.cli.commands import app

    full = ["--cache-dir", places["cache"], *args] + (["--kb", kb] if kb is not None else [])
    result = CliRunner().invoke(app, full, env={"LAWKB_PATH": None, "LAWKB_DEBUG": None, "COLUMNS": "80"}, catch_exceptions=True)
    check(full, result)
    return result


def check(args: list[str], result) -> None:
    where = f"lawkb {' '.join(repr(a) if not a or ' ' in a else a for a in args)[:500]}"
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"{where}: raised {type(result.exception).__name__}: {result.exception}") from result.exception
    out = result.output
    assert result.exit_code in EXIT_CODES, f"{where}: exit {result.exit_code}\n{out[-2000:]}"
    assert "Traceback" not in out, f"{where}: traceback\n{out[-3000:]}"
    assert "error[internal]" not in out, f"{where}: internal error\n{out[-2000:]}"
    if result.exit_code in (2, 3):
        # lawkb's own messages say error[code]; the option parser's say "Error: Invalid value for '--limit' ...".
        assert "error[" in out or (result.exit_code == 2 and "Error: " in out), f"{where}: exit {result.exit_code} without a message\n{out[-2000:]}"


def maybe(strategy: st.SearchStrategy[str], flag: str) -> st.SearchStrategy[list[str]]:
    return st.one_of(st.just([]), strategy.map(lambda v: [flag, v]))


def kb_choice(places) -> st.SearchStrategy[str | None]:
    return st.sampled_from(places["kbs"])


LANGS = mostly(st.sampled_from(["ko", "en", "both"]), st.just("fr"), 8)


def formats(*valid: str) -> st.SearchStrategy[str]:
    """A command's own formats, now and then one it does not have."""
    return mostly(st.sampled_from(valid), st.just("xml"), 8)


def flat(parts: list[list[str]]) -> list[str]:
    return [a for p in parts for a in p]


# ---- one property per command -------------------------------------------------------------------------------------


@FUZZ
@given(data=st.data())
def test_show(grammar, places, data):
    args = flat([[data.draw(grammar.value())], data.draw(maybe(dates(), "--as-of")), data.draw(maybe(LANGS, "--lang")),
                 data.draw(maybe(formats("text", "json"), "--format"))])
    run(places, ["show", *args], data.draw(kb_choice(places)))


@FUZZ
@given(data=st.data())
def test_penalty(grammar, places, data):
    ref = data.draw(st.one_of(grammar.of_kind("offence"), grammar.article_ref(), grammar.value()))
    args = flat([[ref], data.draw(maybe(dates(), "--as-of")), data.draw(maybe(LANGS, "--lang")), data.draw(maybe(formats("text", "json"), "-f"))])
    run(places, ["penalty", *args], data.draw(kb_choice(places)))


@FUZZ
@given(data=st.data())
def test_search(grammar, places, data):
    words = data.draw(st.lists(st.one_of(grammar.value(), st.sampled_from(["성착취", "소지", "deepfake", "제14조의2", "OR", "NEAR(a b)"])),
                               min_size=1, max_size=3))
    kind = mostly(st.sampled_from(KINDS), st.one_of(st.sampled_from(["offences", "Offence"]), garbage()), 4)
    args = flat([words, data.draw(maybe(kind, "--kind")),
                 data.draw(maybe(numbers(), "--limit")), data.draw(maybe(formats("text", "json"), "-f"))])
    run(places, ["search", *args], data.draw(kb_choice(places)))


@FUZZ
@given(data=st.data())
def test_list(grammar, places, data):
    kind = data.draw(mostly(st.sampled_from(KINDS), st.one_of(st.sampled_from(["offences", "ACT", "terms"]), garbage()), 4))
    args = flat([[kind], data.draw(maybe(grammar.act(), "--act")),
                 data.draw(maybe(st.one_of(st.sampled_from(["child_youth", "any_person"]), garbage()), "--victim")),
                 data.draw(maybe(dates(), "--in-force")), data.draw(maybe(st.one_of(st.sampled_from(CATEGORIES), garbage()), "--category")),
                 data.draw(maybe(formats("text", "json"), "-f"))])
    run(places, ["list", *args], data.draw(kb_choice(places)))


@FUZZ
@given(data=st.data())
def test_diff(grammar, places, data):
    ref = data.draw(st.one_of(grammar.article_ref(), grammar.of_kind("bill"), grammar.of_kind("amendment"), grammar.value()))
    bills = data.draw(st.lists(grammar.of_kind("bill"), max_size=2))
    args = flat([[ref], data.draw(maybe(dates(), "--from")), data.draw(maybe(dates(), "--to")), flat([["--bill", b] for b in bills]),
                 data.draw(st.sampled_from([[], ["--all-bills"], ["--full"]])), data.draw(maybe(formats("text", "json", "md", "html"), "-f"))])
    run(places, ["diff", *args], data.draw(kb_choice(places)))


@FUZZ
@given(data=st.data())
def test_bills(grammar, places, data):
    status = st.sampled_from(["pending", "passed", "merged", "lapsed", "withdrawn", "rejected", "unknown", ""])
    args = flat([data.draw(maybe(status, "--status")), data.draw(maybe(grammar.act(), "--act")), data.draw(maybe(formats("text", "json", "md", "html"), "-f"))])
    run(places, ["bills", *args], data.draw(kb_choice(places)))


@FUZZ
@given(data=st.data())
def test_timeline(grammar, places, data):
    refs = data.draw(st.lists(st.one_of(grammar.of_kind("offence"), grammar.article_ref(), grammar.value()), max_size=2))
    kinds = st.one_of(st.sampled_from(["amendment", "bill", "case,report", ",,", "guideline, directive"]), garbage())
    args = flat([refs, data.draw(maybe(st.one_of(st.sampled_from(CATEGORIES), garbage()), "--category")),
                 data.draw(maybe(dates(), "--from")), data.draw(maybe(dates(), "--to")), data.draw(maybe(kinds, "--kind")),
                 data.draw(maybe(formats("text", "json", "md", "html"), "-f"))])
    run(places, ["timeline", *args], data.draw(kb_choice(places)))


@FUZZ
@given(data=st.data())
def test_sentence(grammar, places, data):
    offence = st.one_of(st.sampled_from(grammar.by_kind["offence"]), grammar.of_kind("offence"), grammar.article_ref())
    offences = data.draw(st.lists(offence, min_size=1, max_size=3))
    target = st.one_of(st.just(""), numbers().map(lambda n: f"{n}="), grammar.of_kind("offence").map(lambda o: f"{o}="))
    finding = st.builds(lambda t, v: t + v, target, st.one_of(st.sampled_from(FACTORS), numbers(), garbage()))
    options = st.lists(st.tuples(st.sampled_from(["--aggravating", "--mitigating", "--probation-factor", "--attempt-of",
                                                  "--statutory-mitigation", "--role", "--penalty-type"]), finding), max_size=3)
    flags = st.lists(st.sampled_from(["--habitual", "--repeat-offender", "--attempt", "--discretionary-mitigation"]), max_size=2)
    args = flat([offences, ["--offence-date", data.draw(dates())], data.draw(maybe(dates(), "--indictment-date")),
                 flat([[o, v] for o, v in data.draw(options)]), data.draw(flags), data.draw(maybe(LANGS, "--lang")),
                 data.draw(maybe(formats("text", "json", "md"), "-f"))])
    run(places, ["sentence", *args], data.draw(kb_choice(places)))


@FUZZ
@given(data=st.data())
def test_handout(grammar, places, data):
    ids = data.draw(st.lists(st.one_of(grammar.of_kind("offence"), st.sampled_from(CATEGORIES), grammar.value()), min_size=1, max_size=2))
    args = flat([ids, data.draw(maybe(dates(), "--as-of")), ["--today", data.draw(st.one_of(st.just("2026-01-15"), dates()))],
                 data.draw(maybe(st.sampled_from(["student", "trainer", "judge"]), "--audience")), data.draw(maybe(LANGS, "--lang")),
                 data.draw(maybe(st.sampled_from(["md", "json", "html", "pdf", "docx"]), "-f")),
                 data.draw(maybe(st.sampled_from(["0", "3", "-1", "1000", "x"]), "--quiz"))])
    run(places, ["handout", *args], data.draw(kb_choice(places)))


@settings(max_examples=12, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_export(places, data):
    fmt = data.draw(st.sampled_from(["json", "csv", "sqlite", "xml"]))
    folder = places["out"]
    target = data.draw(st.sampled_from([None, "", "-", str(folder), str(folder / "kb.out"), str(folder / "missing" / "kb.out")]))
    args = ["export", "-f", fmt] + (["-o", target] if target is not None else []) + data.draw(st.sampled_from([[], ["--force"]]))
    run(places, args, data.draw(st.sampled_from([str(VALID_KB), str(DATA / "answers"), None])))


@settings(max_examples=15, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_validate_schema_stats_cache(places, data):
    bad_file = str(INVALID / sorted(os.listdir(INVALID))[0])
    path = data.draw(st.sampled_from([[], [bad_file], [str(VALID_KB)], ["/nonexistent/x.yaml"], [""], [str(DATA)]]))
    kb = data.draw(kb_choice(places))
    run(places, ["validate", *path, *data.draw(maybe(st.sampled_from(["text", "json", "github", "xml"]), "-f")),
                 *data.draw(st.sampled_from([[], ["--strict"]]))], kb)
    run(places, ["schema", data.draw(st.one_of(st.sampled_from(KINDS + ["common"]), garbage())), *data.draw(st.sampled_from([[], ["--bundle"]]))])
    run(places, ["stats", *data.draw(maybe(formats("text", "json"), "-f"))], kb)
    run(places, ["cache", data.draw(st.sampled_from(["info", "clear"])), *data.draw(maybe(formats("text", "json"), "-f"))], kb)
