"""The search index: two-syllable Korean words, middle-dot variants, article references, English, pickling."""

from __future__ import annotations

import pickle

import pytest

from lawkb.errors import UsageError
from lawkb.index import Index, build_index, fold
from lawkb.load import load_kb
from tests.conftest import DATA


@pytest.fixture(scope="module")
def index() -> Index:
    result = load_kb(DATA / "answers")
    assert not result.errors
    return build_index(result.kb)


def ids(hits):
    return [h.id for h in hits]


@pytest.mark.parametrize("word,expected", [
    ("반포", {"demo-act.5", "demo-distribution", "demo-case"}),
    ("소지", {"demo-act.5"}),
    ("협박", {"demo-act.7", "demo-threat"}),
    ("시청", {"demo-act.5"}),
])
def test_two_syllable_korean_words(index, word, expected):
    assert len(word) == 2
    assert set(ids(index.search(word))) == expected


def test_one_character_falls_back_to_a_scan(index):
    assert ids(index.search("갑")) == ["demo-case"]


@pytest.mark.parametrize("phrase", ["반포ㆍ제공", "반포·제공", "반포・제공", "반포‧제공", "반포 제공", "반포ㆍ 제공"])
def test_middle_dot_variants_give_the_same_answer(index, phrase):
    hits = index.search(phrase)
    assert ids(hits) == ["demo-distribution"]
    hit = hits[0]
    assert hit.field == "name.ko"
    assert hit.snippet == "데모물 반포ㆍ제공"
    assert [hit.snippet[a:b] for a, b in hit.spans] == ["반포", "제공"]


def test_phrase_in_quotes_must_appear_whole(index):
    assert ids(index.search('"반포한 자"')) == ["demo-act.5"]


@pytest.mark.parametrize("ref", ["제5조", "데모법 제5조", "5", "Art. 5", "demo-act:5"])
def test_article_reference_finds_the_article_first(index, ref):
    hit = index.search(ref)[0]
    assert (hit.id, hit.reference, hit.field) == ("demo-act.5", True, "title")


@pytest.mark.parametrize("ref", ["데모법 제5조제3항", "5(3)", "Art. 5(3)", "§5③", "제5조 제3항"])
def test_paragraph_reference_quotes_the_paragraph(index, ref):
    hit = index.search(ref)[0]
    assert (hit.id, hit.reference, hit.field) == ("demo-act.5", True, "paragraph 3")
    assert hit.snippet == "데모물을 시청한 자는 1년 이상의 유기징역에 처한다."


def test_reference_to_an_act_not_in_the_index_is_a_text_search(index):
    assert all(not h.reference for h in index.search("형법 제5조"))


@pytest.mark.parametrize("words,first", [
    ("possessing", "demo-act.5"),
    ("Demonstration figures", "demo-report"),
    ("distributed", "demo-distribution"),
    ("THREATS", "demo-threat"),
])
def test_english_words_and_phrases(index, words, first):
    assert index.search(words)[0].id == first


def test_snippet_highlights_match_the_query(index):
    hit = index.search("possessing")[0]
    assert hit.snippet == "Possessing demonstration material."
    assert hit.spans == ((0, 7),)


def test_every_term_must_match_unless_none_does(index):
    # Both words occur only in the threat article and offence; no record has both 반포 and 협박, so any word counts.
    assert ids(index.search("데모물 협박")) == ["demo-act.7", "demo-threat"]
    assert ids(index.search("반포 협박")) == ["demo-threat", "demo-distribution", "demo-act.7", "demo-case", "demo-act.5"]
    assert ids(index.search("반포 zzzz")) == ["demo-distribution", "demo-case", "demo-act.5"]


def test_kind_and_limit(index):
    assert {h.kind for h in index.search("데모", kind="offence")} == {"offence"}
    assert len(index.search("데모", limit=2)) == 2
    with pytest.raises(UsageError):
        index.search("데모", limit=0)
    with pytest.raises(UsageError):
        index.search("  ·  ")


def test_index_pickles_and_answers_the_same(index):
    clone = pickle.loads(pickle.dumps(index))
    assert clone.search("반포") == index.search("반포")
    assert clone.search("Art. 5(3)") == index.search("Art. 5(3)")


def test_fold():
    assert fold("아동·청소년ㆍ성보호  Act-Name") == "아동 청소년 성보호 act name"


# ---- the bundled knowledge base --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def bundled_index(bundled_kb) -> Index:
    return build_index(bundled_kb)


@pytest.mark.parametrize("word,must", [("소지", "csem-possession"), ("제작", "csem-production"), ("배포", "csem-distribution"),
                                       ("협박", "filmed-threat")])
def test_bundled_two_syllable_words(bundled_index, word, must):
    assert must in ids(bundled_index.search(word, kind="offence"))


def test_bundled_article_references(bundled_index):
    for ref in ("제14조의2", "14-2(4)", "Art. 14-2(4)", "성폭력처벌법 제14조의2제4항"):
        assert bundled_index.search(ref)[0].id == "sexual-crimes.14-2", ref


def test_bundled_english_phrase(bundled_index):
    assert "filmed-distribution" in ids(bundled_index.search("revenge porn"))
