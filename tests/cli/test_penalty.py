"""`lawkb penalty`: the version in force on a date, against the bundled KB and the fixture KB.

The expectations for Youth Act Art. 11 and Sexual Crimes Act Arts. 14 and 14-2 were read from the statute texts in the
reference folder (one file per promulgated version, addenda for the in-force dates), not from the knowledge base:
- Youth Act Art. 11: Act 11572 (in force 2013-06-19), 17338 (2020-06-02, in force on promulgation), 19337 (2023-10-12,
  six months after 2023-04-11; wording only), 20931 (2025-04-22, paragraph 5 wording), 21274 (2025-12-30, paragraph 4 wording).
- Sexual Crimes Act Art. 14: Act 11556 (2013-06-19; before that the filming offence was Art. 13), 15977 (2018-12-18),
  17264 (2020-05-19).
- Sexual Crimes Act Art. 14-2: Act 17086 (2020-06-25, three months after 2020-03-24; paragraph 4 added by Act 17264 with the
  same in-force date), 20459 (2024-10-16).
"""

from __future__ import annotations

import json

import pytest

from tests.conftest import ANSWERS, WIDE, screen

# (reference, offence date, act number, the statute's penalty words, min months, max months, life, max fine)
FACTS = [
    # Youth Act Art. 11(5): possession
    ("청소년성보호법:11(5)", "2013-06-19", 11572, "1년 이하의 징역 또는 2천만원 이하의 벌금", 1, 12, False, 20_000_000),
    ("청소년성보호법:11(5)", "2020-06-01", 11572, "1년 이하의 징역 또는 2천만원 이하의 벌금", 1, 12, False, 20_000_000),
    ("청소년성보호법:11(5)", "2020-06-02", 17338, "1년 이상의 징역", 12, 360, False, None),
    ("청소년성보호법:11(5)", "2023-10-11", 17338, "1년 이상의 징역", 12, 360, False, None),
    ("청소년성보호법:11(5)", "2023-10-12", 19337, "1년 이상의 유기징역", 12, 360, False, None),
    ("청소년성보호법:11(5)", "2025-04-21", 19337, "1년 이상의 유기징역", 12, 360, False, None),
    ("청소년성보호법:11(5)", "2025-04-22", 20931, "1년 이상의 유기징역", 12, 360, False, None),
    # Art. 11(1): production
    ("아청법 제11조제1항", "2013-06-19", 11572, "무기징역 또는 5년 이상의 유기징역", 60, 360, True, None),
    ("아청법 제11조제1항", "2023-10-11", 17338, "무기징역 또는 5년 이상의 유기징역", 60, 360, True, None),
    ("아청법 제11조제1항", "2023-10-12", 19337, "무기 또는 5년 이상의 징역", 60, 360, True, None),
    # Art. 11(2): for-profit sale
    ("youth-protection:11(2)", "2020-06-01", 11572, "10년 이하의 징역", 1, 120, False, None),
    ("youth-protection:11(2)", "2020-06-02", 17338, "5년 이상의 징역", 60, 360, False, None),
    # Art. 11(3): distribution
    ("청소년성보호법 제11조제3항", "2020-06-01", 11572, "7년 이하의 징역 또는 5천만원 이하의 벌금", 1, 84, False, 50_000_000),
    ("청소년성보호법 제11조제3항", "2020-06-02", 17338, "3년 이상의 징역", 36, 360, False, None),
    # Art. 11(4): brokering
    ("청소년성보호법:11(4)", "2025-12-29", 20931, "3년 이상의 유기징역", 36, 360, False, None),
    ("청소년성보호법:11(4)", "2025-12-30", 21274, "3년 이상의 유기징역", 36, 360, False, None),
    # Sexual Crimes Act Art. 14(1): filming
    ("성폭력처벌법:14(1)", "2013-06-19", 11556, "5년 이하의 징역 또는 1천만원 이하의 벌금", 1, 60, False, 10_000_000),
    ("성폭력처벌법:14(1)", "2018-12-17", 11556, "5년 이하의 징역 또는 1천만원 이하의 벌금", 1, 60, False, 10_000_000),
    ("성폭력처벌법:14(1)", "2018-12-18", 15977, "5년 이하의 징역 또는 3천만원 이하의 벌금", 1, 60, False, 30_000_000),
    ("성폭력처벌법:14(1)", "2020-05-18", 15977, "5년 이하의 징역 또는 3천만원 이하의 벌금", 1, 60, False, 30_000_000),
    ("성폭력처벌법:14(1)", "2020-05-19", 17264, "7년 이하의 징역 또는 5천만원 이하의 벌금", 1, 84, False, 50_000_000),
    # Art. 14(2): distribution
    ("성폭력처벌법 제14조제2항", "2018-12-17", 11556, "3년 이하의 징역 또는 500만원 이하의 벌금", 1, 36, False, 5_000_000),
    ("성폭력처벌법 제14조제2항", "2018-12-18", 15977, "5년 이하의 징역 또는 3천만원 이하의 벌금", 1, 60, False, 30_000_000),
    ("성폭력처벌법 제14조제2항", "2020-05-19", 17264, "7년 이하의 징역 또는 5천만원 이하의 벌금", 1, 84, False, 50_000_000),
    # Art. 14(3): for-profit distribution over a network
    ("성폭력처벌법:14(3)", "2018-12-17", 11556, "7년 이하의 징역 또는 3천만원 이하의 벌금", 1, 84, False, 30_000_000),
    ("성폭력처벌법:14(3)", "2018-12-18", 15977, "7년 이하의 징역", 1, 84, False, None),
    ("성폭력처벌법:14(3)", "2020-05-18", 15977, "7년 이하의 징역", 1, 84, False, None),
    ("성폭력처벌법:14(3)", "2020-05-19", 17264, "3년 이상의 유기징역", 36, 360, False, None),
    # Art. 14(4): possession and viewing
    ("Sexual Crimes Act Art. 14(4)", "2020-05-19", 17264, "3년 이하의 징역 또는 3천만원 이하의 벌금", 1, 36, False, 30_000_000),
    # Art. 14-2: false video material (deepfakes)
    ("제14조의2제1항", "2020-06-25", 17086, "5년 이하의 징역 또는 5천만원 이하의 벌금", 1, 60, False, 50_000_000),
    ("제14조의2제1항", "2024-10-15", 17086, "5년 이하의 징역 또는 5천만원 이하의 벌금", 1, 60, False, 50_000_000),
    ("제14조의2제1항", "2024-10-16", 20459, "7년 이하의 징역 또는 5천만원 이하의 벌금", 1, 84, False, 50_000_000),
    ("14-2(2)", "2020-06-25", 17086, "5년 이하의 징역 또는 5천만원 이하의 벌금", 1, 60, False, 50_000_000),
    ("14-2(2)", "2024-10-16", 20459, "7년 이하의 징역 또는 5천만원 이하의 벌금", 1, 84, False, 50_000_000),
    ("Art. 14-2(3)", "2024-10-15", 17086, "7년 이하의 징역", 1, 84, False, None),
    ("Art. 14-2(3)", "2024-10-16", 20459, "3년 이상의 유기징역", 36, 360, False, None),
    ("성폭력처벌법 제14조의2제4항", "2024-10-16", 20459, "3년 이하의 징역 또는 3천만원 이하의 벌금", 1, 36, False, 30_000_000),
]


@pytest.mark.parametrize("ref,date,act_number,words,lo,hi,life,fine", FACTS, ids=[f"{f[0]}@{f[1]}" for f in FACTS])
def test_penalty_on_date(invoke, ref, date, act_number, words, lo, hi, life, fine):
    result = invoke("penalty", ref, "--as-of", date, "--format", "json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    assert doc["schema_version"] == 1 and doc["kind"] == "penalty" and doc["as_of"] == date
    [prov] = doc["provisions"]
    assert prov["version"]["act_number"] == act_number
    assert prov["penalty_ko"] == words
    assert prov["imprisonment"] == {"life": life, "min_months": lo, "max_months": hi, "type": "징역"}
    assert prov["fine"] == (None if fine is None else {"max_won": fine, "min_won": None, "combination": "alternative"})
    assert prov["sources"] and all(s["authority"] == "statute" for s in prov["sources"])
    assert f"({act_number}," in " ".join(s["url"] for s in prov["sources"])
    # Every change to these three articles made the law heavier, so Criminal Act Art. 1(2) never applies.
    assert prov["lighter_later_law"] == [] and "lighter-later-law" not in [n["code"] for n in prov["notes"]]


@pytest.mark.parametrize("ref,date,message", [
    ("성폭력처벌법:14(1)", "2013-06-18",
     "not an offence under this provision before 2013-06-19: sexual-crimes.14(1) came into force on 2013-06-19"),
    ("성폭력처벌법:14(4)", "2020-05-18",
     "not an offence under this provision before 2020-05-19: sexual-crimes.14(4) came into force on 2020-05-19"),
    ("제14조의2제1항", "2020-06-24",
     "not an offence under this provision before 2020-06-25: sexual-crimes.14-2(1) came into force on 2020-06-25"),
    ("제14조의2", "2020-06-24",
     "not an offence under this provision before 2020-06-25: sexual-crimes.14-2 came into force on 2020-06-25"),
    ("성폭력처벌법 제14조의2제4항", "2024-10-15",
     "not an offence under this provision before 2024-10-16: on 2024-10-15 성폭력처벌법 제14조의2제4항 was the habitual-offender rule"),
])
def test_date_before_the_provision_existed(invoke, ref, date, message):
    result = invoke("penalty", ref, "--as-of", date)
    assert result.exit_code == 3
    assert result.output.splitlines()[0] == f"lawkb: error[not-in-force]: {message}"


def test_youth_act_before_its_recorded_versions_is_not_recorded(invoke):
    result = invoke("penalty", "청소년성보호법:11(5)", "--as-of", "2013-06-18")
    assert result.exit_code == 3
    assert result.output.splitlines() == [
        "lawkb: error[not-recorded]: the knowledge base does not record the text of 청소년성보호법 제11조제5항 in force on 2013-06-18: "
        "versions before 2013-06-19 are not recorded",
        "    hint: this does not mean the act was not an offence then; check the statute history at the national law database",
    ]


def test_habitual_paragraph_has_no_penalty_of_its_own(invoke):
    result = invoke("penalty", "청소년성보호법:11(7)", "--as-of", "2020-06-02")
    assert result.exit_code == 3
    assert result.output.splitlines() == [
        "lawkb: error[not-an-offence]: 청소년성보호법 제11조제7항 is the habitual-offender rule, not an offence with a penalty of its own (on 2020-06-02)",
        "    hint: ask for the paragraph it modifies: 1",
    ]


def test_whole_article_lists_every_offence_paragraph(invoke):
    doc = json.loads(invoke("penalty", "sexual-crimes.14-2", "--as-of", "2024-10-16", "--format", "json").output)
    assert doc["target"] == {"kind": "article", "id": "sexual-crimes.14-2", "name": {
        "ko": "성폭력처벌법 제14조의2", "en": "Act on Special Cases Concerning the Punishment of Sexual Crimes Art. 14-2"}}
    assert [(p["paragraph"], p["penalty_ko"]) for p in doc["provisions"]] == [
        (1, "7년 이하의 징역 또는 5천만원 이하의 벌금"), (2, "7년 이하의 징역 또는 5천만원 이하의 벌금"), (3, "3년 이상의 유기징역"),
        (4, "3년 이하의 징역 또는 3천만원 이하의 벌금")]


@pytest.mark.parametrize("offence,date,expected", [
    ("csem-possession", "2020-06-01", [("youth-protection", "11", 5, 11572)]),
    ("아청물 소지", "2020-06-02", [("youth-protection", "11", 5, 17338)]),
    ("illegal-filming", "2012-01-01", [("sexual-crimes", "13", 1, 10258)]),
    ("illegal-filming", "2018-12-18", [("sexual-crimes", "14", 1, 15977)]),
    ("deepfake distribution", "2024-10-16", [("sexual-crimes", "14-2", 2, 20459)]),
])
def test_offence_resolves_to_its_provisions_at_the_date(invoke, offence, date, expected):
    doc = json.loads(invoke("penalty", offence, "--as-of", date, "--format", "json").output)
    assert [(p["act"], p["article"], p["paragraph"], p["version"]["act_number"]) for p in doc["provisions"]] == expected


def test_offence_before_its_first_provision(invoke):
    result = invoke("penalty", "deepfake-possession", "--as-of", "2024-10-15")
    assert result.exit_code == 3
    assert result.output.splitlines()[0] == ("lawkb: error[not-in-force]: not an offence under these provisions before 2024-10-16: "
                                             "deepfake-possession has no provision in force on 2024-10-15")


def test_text_output_names_version_penalty_and_sources(invoke):
    result = invoke("penalty", "성폭력처벌법:14(3)", "--as-of", "2018-12-18", env=WIDE)
    assert result.exit_code == 0
    lines = screen(result.output)
    assert lines[:2] == ["Penalty on 2018-12-18: 성폭력처벌법 제14조제3항",
                         "Act on Special Cases Concerning the Punishment of Sexual Crimes Art. 14(3)"]
    assert "Version Act No. 15977 · promulgated 2018-12-18 · in force 2018-12-18" in lines
    assert "Penalty (ko) 7년 이하의 징역" in lines
    assert "Penalty (en) Imprisonment for up to 7 years (1 month at least under Criminal Act Art. 42)" in lines
    assert "Attempt punishable (제15조)" in lines
    assert "https://www.law.go.kr/법령/제개정문/성폭력범죄의처벌등에관한특례법/(15977,20181218)" in lines


def test_korean_only(invoke):
    lines = screen(invoke("penalty", "청소년성보호법:11(5)", "--as-of", "2020-06-02", "--lang", "ko", env=WIDE).output)
    assert "Penalty (ko) 1년 이상의 징역" in lines
    assert not any(line.startswith("Penalty (en)") for line in lines)


# ---- mechanics on the fixture KB ------------------------------------------------------------------------------


def test_lighter_later_law_note(invoke):
    result = invoke("penalty", "demo-distribution", "--as-of", "2012-01-01", "--kb", ANSWERS, env=WIDE)
    assert result.exit_code == 0
    lines = screen(result.output)
    assert "Version Act No. 100 · promulgated 2010-01-01 · in force 2010-01-01" in lines
    assert "Later, lighter Act No. 200 (in force 2015-01-01): 2년 이하의 징역 또는 2천만원 이하의 벌금" in lines
    assert ("! 형법 제1조제2항: 범죄 후 법률이 변경되어 형이 가벼워졌으므로 신법(2015-01-01 시행, 법률 제200호: 2년 이하의 징역 또는 "
            "2천만원 이하의 벌금)에 따른다.") in lines
    assert ("! Criminal Act Art. 1(2): the law was changed after the act and the penalty became lighter, so the new law "
            "(in force 2015-01-01, Act No. 200) applies.") in lines


def test_pending_version_is_shown_as_such(invoke):
    result = invoke("penalty", "데모법 제5조제1항", "--as-of", "2024-01-01", "--kb", ANSWERS, "--format", "json")
    doc = json.loads(result.output)
    [prov] = doc["provisions"]
    assert prov["version"]["act_number"] == 300
    assert prov["pending"] == [{"version": {"amendment": "demo-act.act-900", "act_number": 900, "promulgated": "2025-01-01",
                                            "in_force": "2099-01-01", "title": {"ko": "데모행위", "en": "Demonstration conduct"}},
                                "penalty_ko": "7년 이하의 징역"}]
    text = screen(invoke("penalty", "데모법 제5조제1항", "--as-of", "2024-01-01", "--kb", ANSWERS, env=WIDE).output)
    assert "Pending Act No. 900, promulgated 2025-01-01, not yet in force (takes effect 2099-01-01): 7년 이하의 징역" in text


def test_json_follows_the_contract(invoke):
    doc = json.loads(invoke("penalty", "demo-threat", "--as-of", "2021-01-01", "--kb", ANSWERS, "--format", "json").output)
    [prov] = doc["provisions"]
    assert {k: prov[k] for k in ("act", "article", "paragraph")} == {"act": "demo-act", "article": "7", "paragraph": 0}
    assert prov["version"]["promulgated"] == "2020-03-01" and prov["version"]["in_force"] == "2020-06-01"
    assert prov["imprisonment"] == {"life": True, "min_months": 60, "max_months": 360, "type": "징역"}
    assert prov["fine"] is None
    assert prov["penalty_en"] == "Life imprisonment or imprisonment for at least 5 years (30 years at most under Criminal Act Art. 42)"
    assert prov["sources"] == [{"key": "law-300", "url": "https://example.org/demo-act/300", "title": "데모법 (법률 제300호)",
                                "publisher": "Test fixture", "date": "2020-03-01", "authority": "statute"}]


def test_not_recorded_in_fixture(invoke):
    result = invoke("penalty", "demo-distribution", "--as-of", "2009-12-31", "--kb", ANSWERS)
    assert result.exit_code == 3
    assert result.output.splitlines()[0] == ("lawkb: error[not-recorded]: the knowledge base does not record the text of "
                                             "데모법 제5조제1항 in force on 2009-12-31: versions before 2010-01-01 are not recorded")


@pytest.mark.parametrize("args,code,first", [
    (["demo-distribution", "--as-of", "2020-02-30"], 2, "lawkb: error[date-invalid]: --as-of '2020-02-30' is not a date"),
    (["demo-directive"], 2, "lawkb: error[not-a-provision]: 'demo-directive' is a directive (demo-directive), which carries no statutory penalty"),
    (["데모법 제9조"], 3, "lawkb: error[article-not-found]: 데모법 제9조 is not in the knowledge base"),
    (["없는법 제5조"], 3, "lawkb: error[act-not-found]: no act named '없는법'"),
    (["demo-distributoin"], 3, "lawkb: error[not-found]: nothing in the knowledge base is called 'demo-distributoin'"),
    (["데모법:5(9)"], 3, "lawkb: error[paragraph-not-found]: 데모법 제5조제9항 does not exist: demo-act.5 has no paragraph 9"),
])
def test_errors(invoke, args, code, first):
    result = invoke("penalty", *args, "--kb", ANSWERS)
    assert result.exit_code == code
    assert result.output.splitlines()[0] == first
    assert "Traceback" not in result.output


def test_unknown_name_hint(invoke):
    result = invoke("penalty", "demo-distributoin", "--kb", ANSWERS)
    assert result.output.splitlines()[1] == "    hint: did you mean: demo-distribution (데모물 반포ㆍ제공)?"


def test_words_without_quotes_are_read_as_one(invoke):
    doc = json.loads(invoke("penalty", "데모물", "유포", "--as-of", "2016-01-01", "--kb", ANSWERS, "--format", "json").output)
    assert doc["query"] == "데모물 유포" and doc["target"]["id"] == "demo-distribution"
    doc = json.loads(invoke("penalty", "데모법", "제5조제2항", "--as-of", "2016-01-01", "--kb", ANSWERS, "--format", "json").output)
    assert [(p["article_id"], p["paragraph"], p["version"]["act_number"]) for p in doc["provisions"]] == [("demo-act.5", 2, 200)]
