"""`lawkb search`: Korean and English, two-syllable words, middle-dot variants, article references, JSON and errors."""

from __future__ import annotations

import json

import pytest

from tests.conftest import ANSWERS, WIDE, screen


def test_two_syllable_word_text_output(invoke):
    result = invoke("search", "반포", "--kb", ANSWERS, env=WIDE)
    assert result.exit_code == 0
    assert screen(result.output) == [
        "3 results for 반포",
        "1. [offence] demo-distribution — 데모물 반포ㆍ제공 · Distribution of demonstration material",
        "name.ko: 데모물 «반포»ㆍ제공",
        "2. [case] demo-case — 데모 사건 · Demonstration case",
        "charges[0].ko: 데모법 위반(«반포»)",
        "3. [article] demo-act.5 — 데모법 제5조 (데모행위) · Act on the Punishment of Demonstration Offences Art. 5 (Demonstration conduct)",
        "Act 900 paragraph 1 text: 데모물을 «반포»한 자는 7년 이하의 징역에 처한다.",
    ]


@pytest.mark.parametrize("word", ["소지", "시청", "협박", "반포"])
def test_two_syllable_words_find_results(invoke, word):
    doc = json.loads(invoke("search", word, "--format", "json", "--kb", ANSWERS).output)
    assert doc["count"] >= 1
    assert all(word in h["snippet"] for h in doc["hits"])


@pytest.mark.parametrize("phrase", ["반포ㆍ제공", "반포·제공", "반포・제공", "반포 제공"])
def test_middle_dot_variants(invoke, phrase):
    doc = json.loads(invoke("search", phrase, "--format", "json", "--kb", ANSWERS).output)
    assert [h["id"] for h in doc["hits"]] == ["demo-distribution"]
    assert doc["hits"][0]["highlights"] == [[4, 6], [7, 9]]


@pytest.mark.parametrize("ref", ["제5조 제3항", "데모법 제5조제3항", "5(3)", "Art. 5(3)"])
def test_article_reference(invoke, ref):
    result = invoke("search", ref, "--kb", ANSWERS, env=WIDE)
    assert result.exit_code == 0
    lines = screen(result.output)
    assert lines[1] == ("1. [article] demo-act.5 — 데모법 제5조 (데모행위) · Act on the Punishment of Demonstration Offences Art. 5 "
                        "(Demonstration conduct)")
    assert lines[2] == "article reference: 데모물을 시청한 자는 1년 이상의 유기징역에 처한다."


def test_english_words_without_quotes(invoke):
    doc = json.loads(invoke("search", "demonstration", "figures", "--format", "json", "--kb", ANSWERS).output)
    assert doc["query"] == "demonstration figures"
    assert doc["hits"][0]["id"] == "demo-report"
    assert doc["hits"][0]["snippet"] == "Demonstration figures"


def test_kind_and_limit(invoke):
    doc = json.loads(invoke("search", "데모", "--kind", "offences", "--limit", "1", "--format", "json", "--kb", ANSWERS).output)
    assert doc["record_kind"] == "offence" and doc["limit"] == 1 and doc["count"] == 1
    assert doc["hits"][0]["kind"] == "offence"


def test_json_hit_shape(invoke):
    doc = json.loads(invoke("search", "possessing", "--format", "json", "--kb", ANSWERS).output)
    assert doc["schema_version"] == 1 and doc["kind"] == "search"
    hit = doc["hits"][0]
    assert hit["id"] == "demo-act.5" and hit["kind"] == "article" and hit["reference"] is False
    assert hit["snippet"] == "Possessing demonstration material." and hit["highlights"] == [[0, 7]]
    assert set(hit) == {"id", "kind", "name", "score", "field", "snippet", "highlights", "reference"}


def test_no_match_exits_3(invoke):
    result = invoke("search", "zzzqqq", "--kb", ANSWERS)
    assert result.exit_code == 3
    assert result.output.splitlines() == ["lawkb: error[no-match]: nothing matches 'zzzqqq'",
                                          "    hint: try fewer words, another spelling, or the other language"]
    result = invoke("search", "zzzqqq", "--format", "json", "--kb", ANSWERS)
    assert result.exit_code == 3
    doc = json.loads(result.stdout)
    assert doc["count"] == 0 and doc["hits"] == []
    assert result.stderr.startswith("lawkb: error[no-match]: nothing matches 'zzzqqq'\n")


@pytest.mark.parametrize("args,code,first", [
    (["·"], 2, "lawkb: error[empty-query]: the search text is empty"),
    (["데모", "--limit", "0"], 2, "lawkb: error[limit-invalid]: --limit 0 must be at least 1"),
    (["데모", "--kind", "statute"], 2, "lawkb: error[unknown-kind]: unknown kind 'statute'"),
])
def test_usage_errors(invoke, args, code, first):
    result = invoke("search", *args, "--kb", ANSWERS)
    assert result.exit_code == code
    assert result.output.splitlines()[0] == first


@pytest.mark.parametrize("word,expected", [("소지", "csem-possession"), ("제작", "csem-production"), ("배포", "csem-distribution"),
                                           ("협박", "filmed-threat"), ("sextortion", "filmed-threat"), ("hidden camera", "illegal-filming")])
def test_bundled_words(invoke, word, expected):
    doc = json.loads(invoke("search", word, "--kind", "offence", "--format", "json").output)
    assert expected in [h["id"] for h in doc["hits"]]


@pytest.mark.parametrize("ref", ["제14조의2", "14-2(4)", "Art. 14-2(4)"])
def test_bundled_references(invoke, ref):
    doc = json.loads(invoke("search", ref, "--format", "json").output)
    assert doc["hits"][0]["id"] == "sexual-crimes.14-2" and doc["hits"][0]["reference"] is True


def test_bundled_dot_variants_agree(invoke):
    a = json.loads(invoke("search", "제작ㆍ배포", "--format", "json").output)["hits"]
    b = json.loads(invoke("search", "제작·배포", "--format", "json").output)["hits"]
    assert [h["id"] for h in a] == [h["id"] for h in b] and a[0]["id"] == "youth-protection.11"
