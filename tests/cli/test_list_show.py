"""`lawkb list` and `lawkb show`: every kind, text and JSON, filters, dates, languages and the error paths."""

from __future__ import annotations

import json

import pytest

from lawkb.schemas import KINDS
from tests.conftest import ANSWERS, VALID_KB, WIDE, screen

VALID = str(VALID_KB)




# ---- list ------------------------------------------------------------------------------------------------------


def test_list_offences_text(invoke):
    result = invoke("list", "offences", "--kb", ANSWERS, env=WIDE)
    assert result.exit_code == 0
    assert screen(result.output) == [
        "2 offence records",
        "Id Name Category Victim Provisions",
        "demo-distribution 데모물 반포ㆍ제공 · Distribution of demonstration material csem child_youth demo-act.5(1)",
        "demo-threat 데모물 이용 협박 · Threats using demonstration material threat any_person demo-act.7(0)",
    ]


def test_list_articles_json_with_filters(invoke):
    result = invoke("list", "article", "--act", "데모처벌법", "--in-force", "2019-01-01", "--format", "json", "--kb", ANSWERS)
    assert result.exit_code == 0
    doc = json.loads(result.output)
    assert doc["schema_version"] == 1 and doc["kind"] == "list" and doc["record_kind"] == "article"
    assert doc["filters"] == {"act": "데모처벌법", "in_force": "2019-01-01"}
    assert doc["count"] == 1
    [row] = doc["records"]
    assert row["id"] == "demo-act.5" and row["versions"] == 4 and row["first_in_force"] == "2010-01-01"
    assert row["latest_in_force"] == "2099-01-01" and row["pending"] == [900]


def test_list_shows_pending_version_in_text(invoke):
    lines = screen(invoke("list", "article", "--kb", ANSWERS, "--lang", "en", env=WIDE).output)
    assert "demo-act.5 Art. 5 Demonstration conduct demo-act 4 2099-01-01 (pending: 900)" in lines


@pytest.mark.parametrize("args,ids", [
    (["offence", "--victim", "child_youth"], ["demo-distribution"]),
    (["offence", "--victim", "any_person"], ["demo-threat"]),
    (["offence", "--category", "threat"], ["demo-threat"]),
    (["offence", "--in-force", "2020-01-01"], ["demo-distribution"]),
    (["case", "--category", "csem"], ["demo-case"]),
    (["directive", "--act", "dpa"], ["demo-directive"]),
    (["amendment", "--in-force", "2015-01-01"], ["demo-act.act-100", "demo-act.act-200"]),
    (["term"], ["term-demomul"]),
])
def test_list_filters(invoke, args, ids):
    doc = json.loads(invoke("list", *args, "--format", "json", "--kb", ANSWERS).output)
    assert [r["id"] for r in doc["records"]] == ids


@pytest.mark.parametrize("kind", KINDS)
def test_list_every_kind_of_the_valid_fixture(invoke, kind):
    result = invoke("list", kind, "--format", "json", "--kb", VALID)
    assert result.exit_code == 0
    doc = json.loads(result.output)
    assert doc["count"] == len(doc["records"]) >= 1
    assert all(r["kind"] == kind and r["name"]["ko"] for r in doc["records"])


def test_list_bundled_child_victim_offences(invoke):
    doc = json.loads(invoke("list", "offence", "--victim", "child_youth", "--category", "csem", "--format", "json").output)
    ids = [r["id"] for r in doc["records"]]
    assert {"csem-possession", "csem-production", "csem-distribution"} <= set(ids)
    assert all(r["victim"] == "child_youth" and r["category"] == "csem" for r in doc["records"])


@pytest.mark.parametrize("args,code,lines", [
    (["statute"], 2, ["lawkb: error[unknown-kind]: unknown kind 'statute'",
                      "    hint: kinds: act, article, amendment, bill, offence, guideline, directive, case, report, term"]),
    (["ofences"], 2, ["lawkb: error[unknown-kind]: unknown kind 'ofences'",
                      "    hint: did you mean: offence? kinds: act, article, amendment, bill, offence, guideline, directive, case, report, term"]),
    (["term", "--act", "데모법"], 2, ["lawkb: error[filter-not-applicable]: --act does not apply to term records",
                                     "    hint: --act filters: act, article, amendment, bill, offence, guideline, directive, case, report"]),
    (["offence", "--victim", "adult"], 2, ["lawkb: error[victim-invalid]: --victim 'adult' is not a victim group",
                                           "    hint: use child_youth or any_person"]),
    (["offence", "--in-force", "yesterday"], 2, ["lawkb: error[date-invalid]: --in-force 'yesterday' is not a date",
                                                 "    hint: write dates as YYYY-MM-DD, e.g. 2020-06-02"]),
    (["article", "--act", "데모볍"], 3, ["lawkb: error[act-not-found]: no act named '데모볍'", "    hint: did you mean: 데모법 (demo-act)?"]),
])
def test_list_errors(invoke, args, code, lines):
    result = invoke("list", *args, "--kb", ANSWERS)
    assert result.exit_code == code
    assert result.output.splitlines() == lines


# ---- show ------------------------------------------------------------------------------------------------------


def test_show_article_as_of_with_pending_and_not_yet_in_force(invoke):
    result = invoke("show", "데모법 제5조", "--as-of", "2020-12-31", "--kb", ANSWERS, env=WIDE)
    assert result.exit_code == 0
    lines = screen(result.output)
    assert lines[:2] == ["데모법 제5조 (데모행위)", "Act on the Punishment of Demonstration Offences Art. 5 (Demonstration conduct)"]
    assert "As of 2020-12-31" in lines
    assert "Version Act No. 300 · promulgated 2020-03-01 · in force 2020-06-01" in lines
    assert "① 데모물을 반포한 자는 5년 이하의 징역에 처한다." in lines
    assert "penalty: 5년 이하의 징역" in lines
    assert "③ [not yet in force on 2020-12-31: from 2021-01-01]" in lines
    assert "900 2025-01-01 2099-01-01 pending: promulgated, not yet in force" in lines
    assert "300 2020-03-01 2020-06-01 in force on the date" in lines
    assert "https://example.org/demo-act/300" in lines


def test_show_article_json(invoke):
    doc = json.loads(invoke("show", "demo-act.5", "--as-of", "2012-01-01", "--format", "json", "--kb", ANSWERS).output)
    assert doc["kind"] == "show" and doc["record_kind"] == "article" and doc["id"] == "demo-act.5"
    art = doc["article"]
    assert art["version"]["act_number"] == 100 and art["as_of"] == "2012-01-01"
    assert [(p["number"], p["status"], p["penalty"]["text_ko"]) for p in art["paragraphs"]] == [
        (1, "in_force", "3년 이하의 징역 또는 3천만원 이하의 벌금"), (2, "in_force", "1년 이하의 징역")]
    assert [(v["act_number"], v["status"]) for v in art["versions"]] == [(100, "selected"), (200, "later"), (300, "later"), (900, "pending")]
    assert art["recorded_from"] == "2010-01-01"
    assert art["sources"][0]["url"] == "https://example.org/demo-act/100"


def test_show_reference_marks_the_paragraph(invoke):
    lines = screen(invoke("show", "Art. 5(2)", "--as-of", "2016-01-01", "--kb", ANSWERS, "--lang", "ko", env=WIDE).output)
    assert "▶② 데모물을 소지한 자는 1년 이하의 징역에 처한다." in lines
    assert "Possessing demonstration material." not in lines


def test_show_english_only(invoke):
    lines = screen(invoke("show", "demo-act.5", "--as-of", "2016-01-01", "--kb", ANSWERS, "--lang", "en", env=WIDE).output)
    assert lines[0] == "Act on the Punishment of Demonstration Offences Art. 5 (Demonstration conduct)"
    assert "① Distributing demonstration material, with a lighter penalty." in lines
    assert not any("데모물을" in line for line in lines)


def test_show_offence(invoke):
    result = invoke("show", "데모물 유포", "--as-of", "2016-01-01", "--kb", ANSWERS, env=WIDE)
    assert result.exit_code == 0
    lines = screen(result.output)
    assert lines[:2] == ["데모물 반포ㆍ제공", "Distribution of demonstration material"]
    assert "Victim children and youth (아동ㆍ청소년)" in lines
    assert "1. 데모물을 반포ㆍ제공한 자" in lines
    assert "Provisions in force on 2016-01-01" in lines
    assert any(line.startswith("데모법 제5조제1항 · Act on the Punishment of Demonstration Offences Art. 5(1) Act No. 200") for line in lines)
    assert "• directive rule demo-directive (2020-04-09) / distributor: 데모물 유포 사범 · Distributor of demonstration material" in lines
    assert "• case demo-case: Demonstration case" in lines
    assert "• The 2015 version was lighter than the 2010 one." in lines


def test_show_offence_json(invoke):
    doc = json.loads(invoke("show", "demo-distribution", "--as-of", "2012-01-01", "--format", "json", "--kb", ANSWERS).output)
    off = doc["offence"]
    assert [p["version"]["act_number"] for p in off["provisions_in_force"]] == [100]
    assert off["provisions_in_force"][0]["notes"][0]["code"] == "lighter-later-law"
    assert off["related"] == {"guideline_types": [], "directive_rules": [{
        "directive": "demo-directive", "issued": "2020-04-09", "rule": "distributor", "role_ko": "데모물 유포 사범",
        "role_en": "Distributor of demonstration material"}], "cases": [{"case": "demo-case", "name_en": "Demonstration case"}]}
    assert doc["record"]["elements"] == [{"ko": "데모물을 반포ㆍ제공한 자", "en": "distributing or supplying the material"}]


def test_show_offence_before_its_provisions_says_so(invoke):
    doc = json.loads(invoke("show", "demo-threat", "--as-of", "2019-01-01", "--format", "json", "--kb", ANSWERS).output)
    assert doc["offence"]["provisions_in_force"] == []
    assert doc["offence"]["provisions_problem"]["code"] == "not-in-force"


@pytest.mark.parametrize("ident,first_lines", [
    ("demo-act", ["데모 처벌 등에 관한 법률", "Act on the Punishment of Demonstration Offences"]),
    ("데모법", ["데모 처벌 등에 관한 법률", "Act on the Punishment of Demonstration Offences"]),
    ("demo-act.act-900", ["데모 처벌 등에 관한 법률 (법률 제900호, 일부개정)"]),
    ("demo-directive", ["데모 사건처리기준", "Demonstration case-handling standard"]),
    ("demo-case", ["데모 사건", "Demonstration case"]),
    ("demo-report", ["데모 통계", "Demonstration figures"]),
    ("데모물", ["데모물", "demonstration material"]),
])
def test_show_other_kinds(invoke, ident, first_lines):
    result = invoke("show", ident, "--kb", ANSWERS, env=WIDE)
    assert result.exit_code == 0
    lines = screen(result.output)
    assert lines[: len(first_lines)] == first_lines
    assert "Sources" in lines


def test_show_details_of_other_kinds(invoke):
    act = screen(invoke("show", "demo-act", "--kb", ANSWERS, env=WIDE).output)
    assert "Abbreviations 데모법, 데모처벌법" in act
    assert "900 일부개정 2025-01-01 2099-01-01 demo-act.act-900" in act
    amendment = screen(invoke("show", "demo-act.act-900", "--kb", ANSWERS, env=WIDE).output)
    assert "In force 2099-01-01 (pending: not yet in force)" in amendment
    case = screen(invoke("show", "demo-case", "--kb", ANSWERS, env=WIDE).output)
    assert "first 서울중앙지방법원 · Seoul Central District Court 2021-01 2021고단123 — 징역 1년 · One year. Convicted." in case
    report = screen(invoke("show", "demo-report", "--kb", ANSWERS, "--lang", "en", env=WIDE).output)
    assert "Detained 1,221 people high" in report
    assert "└ Minors 21 people medium" in report
    directive = screen(invoke("show", "demo-directive", "--kb", ANSWERS, "--lang", "ko", env=WIDE).output)
    assert "distributor 데모물 유포 사범 demo-distribution 징역 4년 이상 high" in directive


@pytest.mark.parametrize("ident", ["demo-guideline", "bill-demo", "term-beopjeonghyeong", "demo-report", "demo-case", "csem-possession"])
def test_show_json_of_the_valid_fixture(invoke, ident):
    result = invoke("show", ident, "--format", "json", "--kb", VALID)
    assert result.exit_code == 0
    doc = json.loads(result.output)
    assert doc["schema_version"] == 1 and doc["kind"] == "show" and doc["id"] == ident
    assert doc["record"]["id"] == ident and doc["file"].endswith(".yaml")


def test_show_guideline_and_bill_text(invoke):
    g = screen(invoke("show", "demo-guideline", "--kb", VALID, "--lang", "ko", env=WIDE).output)
    assert "5 구입 등 csem-possession 징역 6월 ~ 1년 4월 (medium) 징역 10월 ~ 2년 (high) 징역 1년 6월 ~ 3년 (high) no" in g
    b = screen(invoke("show", "bill-demo", "--kb", VALID, env=WIDE).output)
    assert "amend 청소년성보호법 제11조제5항" in b
    assert "proposed penalty: 1년 이상의 징역" in b


def test_show_bundled_article_on_a_date(invoke):
    result = invoke("show", "청소년성보호법:11(5)", "--as-of", "2020-06-01", env=WIDE)
    assert result.exit_code == 0
    lines = screen(result.output)
    assert "Version Act No. 11572 · promulgated 2012-12-18 · in force 2013-06-19" in lines
    assert "▶⑤ 아동ㆍ청소년이용음란물임을 알면서 이를 소지한 자는 1년 이하의 징역 또는 2천만원 이하의 벌금에 처한다." in lines


@pytest.mark.parametrize("args,code,lines", [
    (["demo-act.5", "--as-of", "2009-06-01"], 3, [
        "lawkb: error[not-recorded]: the knowledge base does not record the text of 데모법 제5조 in force on 2009-06-01: "
        "versions before 2010-01-01 are not recorded", "    hint: show it without --as-of to see the recorded versions"]),
    (["demo-act.7", "--as-of", "2019-06-01"], 3, [
        "lawkb: error[not-in-force]: 데모법 제7조 was not in force on 2019-06-01: its first version came into force on 2020-06-01",
        "    hint: show it without --as-of, or with a later date"]),
    (["데모법:5(8)"], 3, ["lawkb: error[paragraph-not-found]: 데모법 제5조제8항 does not exist: demo-act.5 has no paragraph 8",
                         "    hint: paragraphs: 1, 2"]),
    (["demo-treat"], 3, ["lawkb: error[not-found]: nothing in the knowledge base is called 'demo-treat'",
                         "    hint: did you mean: demo-threat (데모물 이용 협박)?"]),
    (["demo-act.5", "--as-of", "2020-1-1"], 2, ["lawkb: error[date-invalid]: --as-of '2020-1-1' is not a date",
                                                "    hint: write dates as YYYY-MM-DD, e.g. 2020-06-02"]),
])
def test_show_errors(invoke, args, code, lines):
    result = invoke("show", *args, "--kb", ANSWERS)
    assert result.exit_code == code
    assert result.output.splitlines() == lines


def test_show_rejects_unknown_language(invoke):
    result = invoke("show", "demo-act", "--lang", "fr", "--kb", ANSWERS)
    assert result.exit_code == 2
    assert "Invalid value for '--lang'" in result.output
