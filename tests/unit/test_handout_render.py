"""Handout rendering: Markdown goldens, Markdown that parses as intended, and HTML checked with the standard library parser."""

from __future__ import annotations

import difflib
import os
import re
from html.parser import HTMLParser

import pytest

from lawkb.handout import build
from lawkb.render.handout_env import href, md_escape, number_ranges
from lawkb.render.handout_html import render_html
from lawkb.render.handout_md import render_markdown
from tests.conftest import DATA, TESTS

GOLDEN = TESTS / "golden"
HANDOUT_KB = DATA / "handout"
NOW = "2025-06-01"

# name -> (ids, options); every golden is rendered with a fixed as-of date and a fixed "today".
FIXTURE_GOLDENS = {
    "handout_fixture_both_trainer.md": (["csem", "deepfake-distribution"], {"as_of": "2025-01-01", "audience": "trainer", "quiz": 5}),
    "handout_fixture_ko_student.md": (["csem-possession"], {"as_of": "2020-01-01", "lang": "ko", "quiz": 2}),
    "handout_fixture_en_student.md": (["deepfake-distribution"], {"as_of": "2025-01-01", "lang": "en"}),
}
BUNDLED_GOLDENS = {
    "handout_csem-possession.md": (["csem-possession"], {"as_of": "2026-01-01", "quiz": 3}),
    "handout_deepfake-distribution.md": (["deepfake-distribution"], {"as_of": "2026-01-01", "quiz": 3}),
}
BUNDLED_NOW = "2026-02-01"


@pytest.fixture(scope="module")
def kb():
    from lawkb.load import load_kb

    result = load_kb(HANDOUT_KB)
    assert not result.errors
    return result.kb


def check_golden(name: str, text: str) -> None:
    """Compare with tests/golden/NAME; LAWKB_UPDATE_GOLDEN=1 rewrites the file instead."""
    path = GOLDEN / name
    if os.environ.get("LAWKB_UPDATE_GOLDEN") == "1":
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.is_file(), f"{path} is missing: run the tests once with LAWKB_UPDATE_GOLDEN=1 and review the file"
    expected = path.read_text(encoding="utf-8")
    if text != expected:
        diff = "".join(difflib.unified_diff(expected.splitlines(True), text.splitlines(True), f"golden/{name}", "rendered"))
        pytest.fail(f"{name} differs (refresh with LAWKB_UPDATE_GOLDEN=1 if the change is intended):\n{diff}", pytrace=False)


@pytest.mark.parametrize("name", sorted(FIXTURE_GOLDENS))
def test_markdown_golden_fixture(kb, name):
    ids, opts = FIXTURE_GOLDENS[name]
    check_golden(name, render_markdown(build(kb, ids, now=NOW, **opts)))


@pytest.mark.parametrize("name", sorted(BUNDLED_GOLDENS))
def test_markdown_golden_bundled(bundled_kb, name):
    ids, opts = BUNDLED_GOLDENS[name]
    check_golden(name, render_markdown(build(bundled_kb, ids, now=BUNDLED_NOW, **opts)))


def test_markdown_is_deterministic(kb):
    ids, opts = FIXTURE_GOLDENS["handout_fixture_both_trainer.md"]
    assert render_markdown(build(kb, ids, now=NOW, **opts)) == render_markdown(build(kb, ids, now=NOW, **opts))


# ---- Markdown: escaping and structure ------------------------------------------------------------------------


@pytest.mark.parametrize(("raw", "escaped"), [
    ("<script>alert(1)</script>", r"\<script\>alert(1)\</script\>"),
    ("a | b", r"a \| b"),
    ("*bold* _it_ `code` [x](y)", r"\*bold\* \_it\_ \`code\` \[x\](y)"),
    ("line\nbreak", "line break"),
    ("2020. 6. 2. 시행", r"2020\. 6. 2. 시행"),
    ("- not a list", r"\- not a list"),
    ("# not a heading", r"\# not a heading"),
    ("$5 ~ ^up^ @cite", r"\$5 \~ \^up\^ \@cite"),
    ("AT&T", r"AT\&T"),
])
def test_md_escape(raw, escaped):
    assert md_escape(raw) == escaped


def test_number_ranges_and_href():
    assert number_ranges([5, 1, 2, 3, 3]) == [(1, 3), (5, 5)]
    assert href("https://www.law.go.kr/법령/(17338,20200602)") == (
        "https://www.law.go.kr/%EB%B2%95%EB%A0%B9/%2817338,20200602%29")


def md_tables(text: str) -> list[list[str]]:
    tables: list[list[str]] = []
    current: list[str] = []
    for line in text.splitlines():
        if line.startswith("|"):
            current.append(line)
        elif current:
            tables.append(current)
            current = []
    if current:
        tables.append(current)
    return tables


def unescaped_pipes(line: str) -> int:
    return len(re.findall(r"(?<!\\)\|", line))


@pytest.mark.parametrize("name", sorted(FIXTURE_GOLDENS))
def test_markdown_tables_parse_as_tables(kb, name):
    from markdown_it import MarkdownIt

    ids, opts = FIXTURE_GOLDENS[name]
    text = render_markdown(build(kb, ids, now=NOW, **opts))
    tables = md_tables(text)
    assert tables
    for rows in tables:
        assert re.fullmatch(r"(\| --- )+\|", rows[1]), rows[:2]
        assert {unescaped_pipes(r) for r in rows} == {unescaped_pipes(rows[0])}, rows
    html = MarkdownIt("commonmark").enable("table").render(text)
    assert html.count("<table>") == len(tables)
    assert "<script" not in html


def test_markdown_shows_markup_from_the_kb_as_text(kb):
    from markdown_it import MarkdownIt

    text = render_markdown(build(kb, ["csem-distribution"], as_of="2025-01-01", now=NOW))
    assert r'Distributing CSEM \<script\>alert("en")\</script\> \| \*stars\* \_under\_ \[link\](http://evil.example) \& more' in text
    assert "<script>" not in text and "[link](" not in text
    html = MarkdownIt("commonmark").enable("table").render(text)
    assert "&lt;script&gt;alert(&quot;en&quot;)&lt;/script&gt; | *stars* _under_ [link](http://evil.example) &amp; more" in html
    assert 'href="http://evil.example"' not in html


def test_markdown_ko_shows_english_only_text_marked(kb):
    text = render_markdown(build(kb, ["csem-possession"], as_of="2025-01-01", now=NOW, lang="ko", audience="trainer"))
    assert "- (EN) Watching a stream without downloading was not possession before 2 June 2020." in text
    assert "Statutory penalty" not in text and "### 법정형\n" in text


# ---- HTML ----------------------------------------------------------------------------------------------------


class Page(HTMLParser):
    """Every start tag with its attributes and the enclosing h2, the text of each element type, and tables as rows of cells."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.stack: list[str] = []
        self.text: list[str] = []
        self.h2: list[str] = []
        self.style = ""
        self.tables: list[list[int]] = []
        self._cells: list[int] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag not in ("meta", "br", "link", "img", "input", "hr"):
            self.stack.append(tag)
        if tag == "h2":
            self.h2.append("")
        elif tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self._cells = []
        elif tag in ("td", "th"):
            self._cells.append(1)

    def handle_endtag(self, tag):
        if tag == "tr" and self.tables:
            self.tables[-1].append(len(self._cells))
        while self.stack:
            if self.stack.pop() == tag:
                break

    def handle_data(self, data):
        if self.stack and self.stack[-1] == "style":
            self.style += data
            return
        self.text.append(data)
        if "h2" in self.stack:
            self.h2[-1] += data

    def all_text(self) -> str:
        return "".join(self.text)


def parse(html: str) -> Page:
    page = Page()
    page.feed(html)
    page.close()
    return page


@pytest.fixture(scope="module")
def trainer_page(kb):
    ids, opts = FIXTURE_GOLDENS["handout_fixture_both_trainer.md"]
    return parse(render_html(build(kb, ids, now=NOW, **opts)))


def test_html_is_self_contained(trainer_page):
    names = [t for t, _ in trainer_page.tags]
    assert names[0] == "html" and names.count("style") == 1
    assert not {"script", "link", "img", "iframe", "object", "embed", "base"} & set(names)
    assert not any(k.startswith("on") for _, attrs in trainer_page.tags for k in attrs)
    assert "@import" not in trainer_page.style and "url(" not in trainer_page.style and "//" not in trainer_page.style.replace("/*", "")
    assert ("meta", {"charset": "utf-8"}) in trainer_page.tags
    assert "@page" in trainer_page.style and "keep-all" in trainer_page.style


def test_html_has_the_sections(trainer_page):
    heads = [re.sub(r"\s+", " ", h).strip() for h in trainer_page.h2]
    assert heads == [
        "1 아동ㆍ청소년성착취물 배포 등 · Distribution of CSEM",
        "2 아동ㆍ청소년성착취물 구입ㆍ소지ㆍ시청 · Purchase, possession or viewing of CSEM",
        "3 허위영상물 반포 등 (딥페이크 유포) · Distribution of deepfake sexual material",
        "연표 · Timeline", "주요 사건 · Key cases", "확인 문제 · Quiz", "정답과 해설 · Answer key", "확인되지 않은 값 · Unconfirmed values",
        "출처 · Sources",
    ]
    text = trainer_page.all_text()
    for phrase in ("기준일", "2025-01-01", "법률 자문이 아닙니다", "not legal advice", "Content note", "법정형", "감경영역", "Prosecution demands"):
        assert phrase in text


def test_html_escapes_kb_text(trainer_page):
    assert '<script>alert("en")</script> | *stars* _under_ [link](http://evil.example) & more' in trainer_page.all_text()
    assert not any(t == "script" for t, _ in trainer_page.tags)
    assert not any(attrs.get("href") == "http://evil.example" for _, attrs in trainer_page.tags)


def test_html_refs_point_at_sources(trainer_page):
    targets = {attrs["href"][1:] for t, attrs in trainer_page.tags if t == "a" and (attrs.get("href") or "").startswith("#")}
    ids = {attrs["id"] for _, attrs in trainer_page.tags if attrs.get("id")}
    assert targets and targets <= ids
    assert {f"src-{n}" for n in range(1, 9)} <= ids
    links = [attrs["href"] for t, attrs in trainer_page.tags if t == "a" and attrs.get("class") == "url"]
    assert links and all(link.startswith(("https://", "http://")) and link.isascii() for link in links)


def test_html_tables_are_rectangular(trainer_page):
    assert len(trainer_page.tables) >= 6
    for rows in trainer_page.tables:
        assert len(set(rows)) == 1, rows


def test_html_marks_unconfirmed_values(kb, trainer_page):
    h = build(kb, *FIXTURE_GOLDENS["handout_fixture_both_trainer.md"][:1], now=NOW, **FIXTURE_GOLDENS["handout_fixture_both_trainer.md"][1])
    flagged = sum(z.flagged for o in h.offences for g in o.guideline for z in g.zones)
    flagged += sum(f.flagged for o in h.offences for g in o.guideline for f in (*g.special_aggravating, *g.special_mitigating,
                                                                                 *g.general_aggravating, *g.general_mitigating))
    flagged += sum(d.flagged for o in h.offences for d in o.demands) + sum(i.flagged for c in h.cases for i in c.instances)
    marks = [attrs for t, attrs in trainer_page.tags if t == "span" and attrs.get("class") == "mark"]
    assert flagged == len(marks) == 5


@pytest.mark.parametrize(("lang", "html_lang", "present", "absent"), [
    ("ko", "ko", "법정형", "Statutory penalty"),
    ("en", "en", "Statutory penalty", "법정형"),
])
def test_html_one_language(kb, lang, html_lang, present, absent):
    page = parse(render_html(build(kb, ["csem-possession"], as_of="2025-01-01", now=NOW, lang=lang)))
    assert page.tags[0] == ("html", {"lang": html_lang})
    assert present in page.all_text() and absent not in page.all_text()


def test_student_html_has_no_answer_key_or_teaching_notes(kb):
    page = parse(render_html(build(kb, ["csem-possession"], as_of="2025-01-01", now=NOW, quiz=3)))
    classes = {attrs.get("class") for _, attrs in page.tags}
    assert "quiz" in classes and "answer-key" not in classes and "teaching-notes" not in classes and "statute" not in classes


def test_templates_are_package_data():
    from importlib import resources

    folder = resources.files("lawkb").joinpath("templates")
    assert {p.name for p in folder.iterdir()} >= {"handout.md.j2", "handout.html.j2", "handout.css", "handout_penalties.md.j2",
                                                  "handout_penalties.html.j2"}


def test_templates_are_strict(kb):
    from jinja2 import UndefinedError

    from lawkb.render.handout_env import environment

    h = build(kb, ["csem-possession"], as_of="2025-01-01", now=NOW)
    env = environment("html", h)
    assert env.autoescape is True
    with pytest.raises(UndefinedError):
        env.from_string("{{ h.no_such_field }}").render(h=h)
    assert environment("md", h).from_string("{{ x }}").render(x="<b>*") == r"\<b\>\*"
