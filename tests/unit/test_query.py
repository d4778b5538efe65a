"""References, aliases, as-of answers and record filters in lawkb.query."""

from __future__ import annotations

import unicodedata

import pytest

from lawkb import query
from lawkb.errors import NotFoundError, UsageError
from lawkb.load import load_kb
from lawkb.model import Penalty
from tests.conftest import DATA

ANSWERS = DATA / "answers"
NOW = "2026-01-01"


@pytest.fixture(scope="module")
def kb():
    result = load_kb(ANSWERS)
    assert not result.errors, result.errors[:3]
    return result.kb


# ---- references against the bundled KB (the acts as people name them) ----------------------------------------

REFS = [
    ("청소년성보호법:11(5)", ("youth-protection", "11", 5, None)),
    ("청소년성보호법 제11조제5항", ("youth-protection", "11", 5, None)),
    ("아청법 제11조 제5항", ("youth-protection", "11", 5, None)),
    ("아청법 11조 5항", ("youth-protection", "11", 5, None)),
    ("아청법제11조제5항", ("youth-protection", "11", 5, None)),
    ("아동ㆍ청소년의 성보호에 관한 법률 제11조제5항", ("youth-protection", "11", 5, None)),
    ("아동·청소년의 성보호에 관한 법률 제11조제5항", ("youth-protection", "11", 5, None)),
    ("아동・청소년의성보호에관한법률 제11조제5항", ("youth-protection", "11", 5, None)),
    ("「아동ㆍ청소년의 성보호에 관한 법률」 제11조⑤", ("youth-protection", "11", 5, None)),
    ("youth-protection:11(5)", ("youth-protection", "11", 5, None)),
    ("youth-protection.11(5)", ("youth-protection", "11", 5, None)),
    ("제14조의2제4항", ("sexual-crimes", "14-2", 4, None)),
    ("제 14 조의 2 제 4 항", ("sexual-crimes", "14-2", 4, None)),
    ("14-2(4)", ("sexual-crimes", "14-2", 4, None)),
    ("Art. 14-2(4)", ("sexual-crimes", "14-2", 4, None)),
    ("Art.14-2(4).", ("sexual-crimes", "14-2", 4, None)),
    ("Article 14-2 (4)", ("sexual-crimes", "14-2", 4, None)),
    ("art 14-2 para 4", ("sexual-crimes", "14-2", 4, None)),
    ("§14-2④", ("sexual-crimes", "14-2", 4, None)),
    ("14의2", ("sexual-crimes", "14-2", None, None)),
    ("성폭력처벌법 제14조의2", ("sexual-crimes", "14-2", None, None)),
    ("성폭법:14-2(4)", ("sexual-crimes", "14-2", 4, None)),
    ("sexual-crimes 14-2(4)", ("sexual-crimes", "14-2", 4, None)),
    ("Sexual Crimes Act Art. 14-2(4)", ("sexual-crimes", "14-2", 4, None)),
    ("SCSA Art. 14(3)", ("sexual-crimes", "14", 3, None)),
    ("형법 제1조제2항", ("criminal-act", "1", 2, None)),
    ("정보통신망법 제44조의7제1항제1호", ("network-act", "44-7", 1, 1)),
    ("전기통신사업법 제22조의5", ("telecom-business-act", "22-5", None, None)),
    ("Art. 44-7(1) item 1", ("network-act", "44-7", 1, 1)),
    ("제１１조제５항", ("youth-protection", "11", 5, None)),
]


@pytest.mark.parametrize("text,expected", REFS, ids=[t for t, _ in REFS])
def test_parse_ref_reads_every_way_of_writing(bundled_kb, text, expected):
    ref = query.parse_ref(text, bundled_kb)
    assert (ref.act, ref.number, ref.paragraph, ref.item) == expected


def test_parse_ref_reads_decomposed_hangul(bundled_kb):
    nfd = unicodedata.normalize("NFD", "청소년성보호법 제11조제5항")
    assert nfd != "청소년성보호법 제11조제5항"
    assert query.parse_ref(nfd, bundled_kb) == query.Ref("youth-protection", "11", 5)


@pytest.mark.parametrize("alias", ["청소년성보호법", "아청법", "아동ㆍ청소년의 성보호에 관한 법률", "아동·청소년의 성보호에 관한 법률",
                                   "youth-protection", "Youth-Protection"])
def test_youth_act_aliases(bundled_kb, alias):
    assert query.resolve_act(bundled_kb, alias) == "youth-protection"


@pytest.mark.parametrize("alias,act", [("성폭력처벌법", "sexual-crimes"), ("형법", "criminal-act"), ("정보통신망법", "network-act"),
                                       ("전기통신사업법", "telecom-business-act"), ("sexual-crimes", "sexual-crimes"),
                                       ("criminal-act", "criminal-act"), ("network-act", "network-act")])
def test_other_act_aliases(bundled_kb, alias, act):
    assert query.resolve_act(bundled_kb, alias) == act


def test_unknown_act_suggests_the_nearest(bundled_kb):
    with pytest.raises(NotFoundError) as exc:
        query.parse_ref("아청볍 제11조", bundled_kb)
    assert exc.value.code == "act-not-found"
    assert exc.value.message == "no act named '아청볍'"
    assert exc.value.hint == "did you mean: 청소년성보호법 (youth-protection)?"


def test_unknown_article_suggests_articles_of_that_act(bundled_kb):
    with pytest.raises(NotFoundError) as exc:
        query.parse_ref("청소년성보호법 제12조", bundled_kb)
    assert exc.value.code == "article-not-found"
    assert exc.value.message == "청소년성보호법 제12조 is not in the knowledge base"
    assert exc.value.hint.startswith("did you mean: 청소년성보호법 제11조, 청소년성보호법 제11조의2")
    assert "articles of youth-protection in the knowledge base: " in exc.value.hint


def test_unknown_name_suggests_ids(bundled_kb):
    with pytest.raises(NotFoundError) as exc:
        query.resolve("csem-posession", bundled_kb)
    assert exc.value.code == "not-found"
    assert exc.value.hint.startswith("did you mean: csem-possession (아동ㆍ청소년성착취물 구입ㆍ소지ㆍ시청)")


def test_trailing_garbage_is_not_a_reference(bundled_kb):
    with pytest.raises(NotFoundError) as exc:
        query.parse_ref("청소년성보호법:11(5)1", bundled_kb)
    assert exc.value.code == "ref-unreadable"


def test_split_ref_without_the_knowledge_base():
    assert query.split_ref("아청법 제11조제5항제2호") == query.RefText("아청법", "11", 5, 2)
    assert query.split_ref("Art. 14-2(4)") == query.RefText(None, "14-2", 4, None)
    assert query.split_ref("소지") is None
    assert query.split_ref("2020-06-02") is None


def test_resolve_names_acts_offences_and_terms(bundled_kb):
    assert query.resolve("아청법", bundled_kb).id == "youth-protection"
    assert query.resolve("딥페이크 유포", bundled_kb).id == "deepfake-distribution"
    assert query.resolve("Deepfake Distribution", bundled_kb).id == "deepfake-distribution"
    assert query.resolve("법정형", bundled_kb).kind == "term"
    assert query.resolve("  csem-possession ", bundled_kb).id == "csem-possession"


def test_resolve_empty_is_a_usage_error(bundled_kb):
    with pytest.raises(UsageError):
        query.resolve("   ", bundled_kb)


# ---- penalties compared under Criminal Act Art. 50 --------------------------------------------------------------


def _pen(text: str, **kw) -> Penalty:
    return Penalty(text_ko=text, life=kw.pop("life", False), **kw)


def test_removing_the_fine_alternative_is_heavier():
    with_fine = _pen("7년 이하의 징역 또는 3천만원 이하의 벌금", imprisonment_type="징역", max_months=84, fine_max_won=30_000_000,
                     fine_combination="alternative")
    prison_only = _pen("7년 이하의 징역", imprisonment_type="징역", max_months=84)
    assert query.is_lighter(with_fine, prison_only)
    assert not query.is_lighter(prison_only, with_fine)


def test_higher_alternative_fine_is_heavier_and_term_decides_first():
    low = _pen("5년 이하의 징역 또는 1천만원 이하의 벌금", imprisonment_type="징역", max_months=60, fine_max_won=10_000_000,
               fine_combination="alternative")
    high = _pen("5년 이하의 징역 또는 3천만원 이하의 벌금", imprisonment_type="징역", max_months=60, fine_max_won=30_000_000,
                fine_combination="alternative")
    longer = _pen("7년 이하의 징역", imprisonment_type="징역", max_months=84)
    assert query.is_lighter(low, high)
    assert query.is_lighter(high, longer)
    life = _pen("무기 또는 5년 이상의 징역", life=True, imprisonment_type="징역", min_months=60)
    assert query.is_lighter(longer, life)
    assert not query.is_lighter(life, life)


# ---- as-of answers on the fixture KB -----------------------------------------------------------------------------


def test_lighter_later_law_is_noted(kb):
    answer = query.provision_as_of(kb.article("demo-act.5"), 1, "2012-01-01", now=NOW)
    assert answer.version.act_number == 100
    assert [v.act_number for v, _ in answer.lighter_later] == [200]
    assert answer.applied[0].act_number == 200
    note = [n for n in answer.notes if n["code"] == "lighter-later-law"]
    assert note == [{
        "code": "lighter-later-law",
        "ko": "형법 제1조제2항: 범죄 후 법률이 변경되어 형이 가벼워졌으므로 "
              "신법(2015-01-01 시행, 법률 제200호: 2년 이하의 징역 또는 2천만원 이하의 벌금)에 따른다.",
        "en": "Criminal Act Art. 1(2): the law was changed after the act and the penalty became lighter, so the new law "
              "(in force 2015-01-01, Act No. 200) applies.",
    }]


def test_no_lighter_note_when_later_laws_are_heavier(kb):
    answer = query.provision_as_of(kb.article("demo-act.5"), 1, "2016-01-01", now=NOW)
    assert answer.version.act_number == 200
    assert answer.lighter_later == []
    assert [n["code"] for n in answer.notes] == ["pending-version"]


def test_lighter_law_after_today_is_not_applied(kb):
    answer = query.provision_as_of(kb.article("demo-act.5"), 1, "2012-01-01", now="2014-06-01")
    assert answer.lighter_later == []


def test_pending_version_is_reported(kb):
    answer = query.provision_as_of(kb.article("demo-act.5"), 1, "2024-01-01", now=NOW)
    assert answer.version.act_number == 300
    assert [(v.act_number, p.penalty.text_ko) for v, p in answer.pending] == [(900, "7년 이하의 징역")]
    assert answer.notes[-1]["en"] == "Act No. 900 (promulgated 2025-01-01) is not yet in force; it takes effect on 2099-01-01."


def test_paragraph_with_its_own_in_force_date(kb):
    art = kb.article("demo-act.5")
    with pytest.raises(NotFoundError) as exc:
        query.provision_as_of(art, 3, "2020-12-31", now=NOW)
    assert exc.value.message == "not an offence under this provision before 2021-01-01: demo-act.5(3) came into force on 2021-01-01"
    assert query.provision_as_of(art, 3, "2021-01-01", now=NOW).version.act_number == 300


def test_recorded_from_says_not_recorded_instead_of_not_an_offence(kb):
    with pytest.raises(NotFoundError) as exc:
        query.provision_as_of(kb.article("demo-act.5"), 1, "2009-12-31", now=NOW)
    assert exc.value.code == "not-recorded"
    assert exc.value.message == ("the knowledge base does not record the text of demo-act.5(1) in force on 2009-12-31: "
                                 "versions before 2010-01-01 are not recorded")
    with pytest.raises(NotFoundError) as exc:
        query.article_penalties(kb, kb.article("demo-act.5"), 1, "2009-12-31", now=NOW)
    assert exc.value.message == ("the knowledge base does not record the text of 데모법 제5조제1항 in force on 2009-12-31: "
                                 "versions before 2010-01-01 are not recorded")
    assert exc.value.hint == "this does not mean the act was not an offence then; check the statute history at the national law database"


def test_without_recorded_from_a_date_before_creation_is_not_an_offence(kb):
    with pytest.raises(NotFoundError) as exc:
        query.article_penalties(kb, kb.article("demo-act.7"), None, "2020-05-31", now=NOW)
    assert exc.value.code == "not-in-force"
    assert exc.value.message == "not an offence under this provision before 2020-06-01: demo-act.7 came into force on 2020-06-01"


def test_offence_before_recorded_from_is_not_recorded(kb):
    with pytest.raises(NotFoundError) as exc:
        query.offence_provisions(kb, kb.get("demo-distribution"), "2005-01-01", now=NOW)
    assert exc.value.code == "not-recorded"


def test_attempt_paragraph_is_not_an_offence(kb):
    with pytest.raises(NotFoundError) as exc:
        query.article_penalties(kb, kb.article("demo-act.5"), 4, "2021-01-01", now=NOW)
    assert exc.value.code == "not-an-offence"
    assert exc.value.message == "데모법 제5조제4항 is the attempt rule, not an offence with a penalty of its own (on 2021-01-01)"
    assert exc.value.hint == "ask for the paragraph it modifies: 1"


def test_whole_article_lists_offence_paragraphs_in_force(kb):
    answers = query.article_penalties(kb, kb.article("demo-act.5"), None, "2021-01-01", now=NOW)
    assert [a.paragraph.number for a in answers] == [1, 2, 3]


def test_penalties_refuses_records_without_penalties(kb):
    with pytest.raises(UsageError) as exc:
        query.penalties(kb, "demo-directive", "2021-01-01", now=NOW)
    assert exc.value.code == "not-a-provision"


def test_article_view_marks_paragraph_not_yet_in_force_and_pending_versions(kb):
    view = query.article_view(kb.article("demo-act.5"), "2020-12-31", now=NOW)
    assert view.version.act_number == 300
    assert [(s.number, s.status) for s in view.paragraphs] == [(1, "in_force"), (2, "in_force"), (3, "not_yet_in_force"), (4, "in_force")]
    assert [(s.version.act_number, s.status) for s in view.versions] == [(100, "superseded"), (200, "superseded"), (300, "selected"),
                                                                           (900, "pending")]


def test_article_view_before_the_record_starts(kb):
    with pytest.raises(NotFoundError) as exc:
        query.article_view(kb.article("demo-act.5"), "2009-01-01", now=NOW)
    assert exc.value.code == "not-recorded"
    with pytest.raises(NotFoundError) as exc:
        query.article_view(kb.article("demo-act.7"), "2019-01-01", now=NOW)
    assert exc.value.code == "not-in-force"


# ---- list filters ------------------------------------------------------------------------------------------------


def test_select_by_victim_category_act_and_date(kb):
    ids = lambda recs: [r.id for r in recs]  # noqa: E731
    assert ids(query.select_records(kb, "offences", victim="child_youth")) == ["demo-distribution"]
    assert ids(query.select_records(kb, "offence", category="threat")) == ["demo-threat"]
    assert ids(query.select_records(kb, "offence", in_force="2020-01-01")) == ["demo-distribution"]
    assert ids(query.select_records(kb, "article", act="데모법")) == ["demo-act.5", "demo-act.7"]
    assert ids(query.select_records(kb, "article", in_force="2019-01-01")) == ["demo-act.5"]
    assert ids(query.select_records(kb, "case", victim="child_youth")) == ["demo-case"]
    assert ids(query.select_records(kb, "directive", category="threat")) == []
    assert ids(query.select_records(kb, "amendment", in_force="2016-01-01")) == ["demo-act.act-100", "demo-act.act-200"]


def test_select_rejects_filters_that_do_not_apply(kb):
    with pytest.raises(UsageError) as exc:
        query.select_records(kb, "term", act="데모법")
    assert exc.value.message == "--act does not apply to term records"
    with pytest.raises(UsageError) as exc:
        query.select_records(kb, "offence", victim="adults")
    assert exc.value.code == "victim-invalid"
    with pytest.raises(UsageError) as exc:
        query.select_records(kb, "offence", in_force="2020-13-01")
    assert exc.value.code == "date-invalid"
    with pytest.raises(UsageError) as exc:
        query.check_kind("ofence")
    assert exc.value.hint.startswith("did you mean: offence?")


def test_unchanged_since_names_the_act_that_last_changed_the_paragraph(bundled_kb):
    """Act 21274 (2025-12-30) changed only Art. 11(4); ¶5 has read the same since Act 20931 (2025-04-22)."""
    from lawkb.query import provision_as_of

    answer = provision_as_of(bundled_kb.article("youth-protection.11"), 5, "2026-01-05", now="2026-11-21")
    assert answer.version.act_number == 21274
    assert (answer.unchanged_since.act_number, answer.unchanged_since.in_force) == (20931, "2025-04-22")
    four = provision_as_of(bundled_kb.article("youth-protection.11"), 4, "2026-01-05", now="2026-11-21")
    assert four.unchanged_since.act_number == 21274
