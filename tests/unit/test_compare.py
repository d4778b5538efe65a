"""The comparison core: words, penalty deltas, paragraph alignment, bills and timelines (fixture KB in tests/data/compare)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lawkb import compare as C
from lawkb.errors import NotFoundError, UsageError
from lawkb.model import Penalty
from lawkb.query import nfc_dots
from tests.conftest import DATA

NOW = "2026-01-15"


@pytest.fixture(scope="module")
def kb():
    from lawkb.load import load_kb

    result = load_kb(DATA / "compare")
    assert not result.errors, [d.message for d in result.errors]
    return result.kb


def pen(text: str, *, lo=None, hi=None, fine=None, comb="alternative", life=False, kind="징역", attempt=False, habitual=None) -> Penalty:
    return Penalty.from_dict({
        "text_ko": text, "life": life,
        "imprisonment": {"type": kind, "min_months": lo, "max_months": hi} if kind else None,
        "fine": {"max_won": fine, "combination": comb} if fine else None,
        "attempt_punishable": attempt, **({"attempt_basis": "제6조"} if attempt else {}),
        **({"habitual": {"aggravation": "1/2", "basis": habitual}} if habitual else {}),
    })


def project(segments, ops) -> str:
    side = "new" if "insert" in ops else "old"
    return "".join(s.side(side) for s in segments if s.op in ops)


# ---- words ---------------------------------------------------------------------------------------------


def test_tokens_split_on_spaces_middle_dots_and_brackets():
    assert [t for t, _ in C.tokenize("판매ㆍ대여ㆍ배포하거나 (이하 \"반포등\"이라 한다)에 처한다.")] == [
        "판매", "ㆍ", "대여", "ㆍ", "배포하거나", "(", "이하", '"', "반포등", '"', "이라", "한다", ")", "에", "처한다", "."]


def test_decimal_points_stay_inside_numbers_and_dot_variants_are_one_separator():
    assert [t for t, _ in C.tokenize("2.5년 이하")] == ["2.5년", "이하"]
    assert C.same_text("아동·청소년", "아동ㆍ청소년")
    assert C.same_text("사람의  얼굴", "사람의 얼굴")
    assert not C.same_text("아동ㆍ청소년", "아동 청소년")


def test_a_listed_word_added_between_middle_dots_is_one_insertion():
    segs = C.word_diff("소지ㆍ운반ㆍ전시한 자", "소지ㆍ운반ㆍ광고ㆍ전시한 자")
    assert [(s.op, s.text) for s in segs] == [("equal", "소지ㆍ운반ㆍ"), ("insert", "광고ㆍ"), ("equal", "전시한 자")]


def test_a_renamed_compound_keeps_its_shared_stem_and_particle():
    segs = C.word_diff("아동ㆍ청소년이용음란물을 제작한 자", "아동ㆍ청소년성착취물을 제작한 자")
    assert [(s.op, s.text) for s in segs] == [("equal", "아동ㆍ청소년"), ("delete", "이용음란"), ("insert", "성착취"), ("equal", "물을 제작한 자")]


def test_amounts_and_terms_change_as_whole_words():
    segs = C.word_diff("5년 이하의 징역 또는 3천만원 이하의 벌금", "7년 이하의 징역 또는 5천만원 이하의 벌금")
    assert [(s.op, s.text) for s in segs if s.op != "equal"] == [("delete", "5년"), ("insert", "7년"), ("delete", "3천만원"), ("insert", "5천만원")]


def test_each_side_keeps_its_own_spacing():
    segs = C.word_diff("소지ㆍ시청한 자", "소지 또는 시청한 자")
    assert project(segs, ("equal", "delete")) == "소지ㆍ시청한 자"
    assert project(segs, ("equal", "insert")) == "소지 또는 시청한 자"
    assert segs[0].as_dict() == {"op": "equal", "text": "소지 ", "old_text": "소지"}


def test_identical_texts_are_one_equal_segment_and_similarity_one():
    text = "제1항의 미수범은 처벌한다."
    assert [(s.op, s.text) for s in C.word_diff(text, text)] == [("equal", text)]
    assert C.similarity(text, text) == 1.0
    assert C.similarity("상습으로 제1항의 죄를 범한 자", "제1항의 영상물을 소지한 자") < C.MOVED_MIN


KOREANISH = st.text(alphabet=list("가나다라 ㆍ·()\"123년원"), max_size=40)


@settings(max_examples=300, deadline=None)
@given(KOREANISH, KOREANISH)
def test_word_diff_projects_back_onto_both_texts(old, new):
    segs = C.word_diff(old, new)
    assert project(segs, ("equal", "delete")) == nfc_dots(old).strip()
    assert project(segs, ("equal", "insert")) == nfc_dots(new).strip()
    assert all(a.op != b.op for a, b in zip(segs, segs[1:], strict=False))


# ---- penalties -----------------------------------------------------------------------------------------


def test_cap_with_fine_to_minimum_term_without_fine():
    d = C.penalty_delta(pen("1년 이하의 징역 또는 2천만원 이하의 벌금", hi=12, fine=20_000_000), pen("1년 이상의 징역", lo=12))
    assert d.status == "changed" and d.direction == "heavier"
    assert d.min_change.as_dict() == {"from": None, "to": 12, "effective_from": 1, "effective_to": 12, "change": "added", "heavier": True}
    assert d.max_change.as_dict() == {"from": 12, "to": None, "effective_from": 12, "effective_to": 360, "change": "removed", "heavier": True}
    assert d.fine_change == {"from": {"max_won": 20_000_000, "min_won": None, "combination": "alternative"}, "to": None, "change": "removed"}
    assert d.type_change == {"from": ["징역", "fine"], "to": ["징역"]}
    assert d.life_change is None
    assert d.summary_en == ("1년 이하의 징역 또는 2천만원 이하의 벌금 → 1년 이상의 징역: minimum of 1 year added; stated maximum of 1 year "
                            "removed (30 years under Criminal Act Art. 42); fine of up to 20,000,000 won removed")
    assert d.summary_ko == ("1년 이하의 징역 또는 2천만원 이하의 벌금 → 1년 이상의 징역: 하한 1년 신설, 상한 1년 삭제(형법 제42조에 따라 30년), "
                            "벌금형(2천만원 이하) 삭제")


def test_life_added_and_fine_raised_and_combination_changed():
    d = C.penalty_delta(pen("5년 이상의 징역", lo=60), pen("무기 또는 5년 이상의 징역", lo=60, life=True))
    assert (d.life_change, d.min_change, d.max_change, d.direction) == ("added", None, None, "heavier")
    d = C.penalty_delta(pen("a", hi=60, fine=30_000_000), pen("b", hi=60, fine=50_000_000, comb="cumulative"))
    assert d.fine_change["change"] == "raised"
    assert d.details_en == ("maximum fine raised from 30,000,000 won to 50,000,000 won", "fine changed from alternative to always added")


def test_wording_only_unchanged_and_habitual_moves():
    a = pen("무기징역 또는 5년 이상의 유기징역", lo=60, life=True)
    assert C.penalty_delta(a, pen("무기 또는 5년 이상의 징역", lo=60, life=True)).status == "wording"
    assert C.penalty_delta(a, a).status == "unchanged"
    d = C.penalty_delta(pen("x", hi=60, habitual="제14조의2제4항"), pen("x", hi=60, habitual="제14조의2제5항"))
    assert d.status == "changed" and d.direction == "same"
    assert d.habitual_change == {"from": "제14조의2제4항", "to": "제14조의2제5항", "change": "moved"}


def test_added_removed_and_kind_changes():
    new = pen("3년 이하의 징역 또는 3천만원 이하의 벌금", hi=36, fine=30_000_000)
    d = C.penalty_delta(None, new)
    assert (d.status, d.direction, d.type_change, d.fine_change["change"]) == ("added", None, {"from": [], "to": ["징역", "fine"]}, "added")
    assert d.summary_en == "new penalty: 3년 이하의 징역 또는 3천만원 이하의 벌금"
    assert C.penalty_delta(new, None).summary_ko == "법정형 삭제(종전: 3년 이하의 징역 또는 3천만원 이하의 벌금)"
    assert C.penalty_delta(None, None) is None
    d = C.penalty_delta(pen("금고", hi=60, kind="금고"), pen("징역", hi=60, attempt=True))
    assert d.type_change == {"from": ["금고"], "to": ["징역"]} and d.attempt_change == "added"
    d = C.penalty_delta(pen("벌금", kind=None, fine=5_000_000), pen("징역 또는 벌금", hi=12, fine=5_000_000))
    assert d.type_change == {"from": ["fine"], "to": ["징역", "fine"]}
    assert d.details_en[0] == "fixed-term imprisonment (징역, up to 1 year) added"


# ---- the law on two dates -------------------------------------------------------------------------------


def changes(comp, section=0):
    return [(c.change, c.old_number, c.new_number) for r in comp.sections[section].rows for c in r.changes]


def test_article_across_an_amendment_marks_each_paragraph(kb):
    comp = C.diff(kb, "모범법:3", date_from="2020-02-29", date_to="2020-03-01", now=NOW)
    assert changes(comp) == [("modified", 1, 1), ("modified", 2, 2), ("unchanged", 3, 3)]
    row2 = comp.sections[0].rows[1].changes[0]
    assert row2.penalty.min_change.change == "added" and row2.penalty.max_change.change == "removed"
    assert [s.text for s in row2.words if s.op == "insert"] == ["대여ㆍ", "3년 이상의 유기징역에"]
    assert [v.act_number for v in comp.sections[0].versions] == [100, 200]


def test_a_paragraph_the_addenda_bring_in_later_appears_on_its_own_date(kb):
    assert ("added", None, 4) not in changes(C.diff(kb, "모범법:3", date_from="2020-02-29", date_to="2020-08-31", now=NOW))
    comp = C.diff(kb, "model-act.3", date_from="2020-08-31", date_to="2020-09-01", now=NOW)
    assert changes(comp) == [("unchanged", 1, 1), ("unchanged", 2, 2), ("unchanged", 3, 3), ("added", None, 4)]
    assert [n["code"] for n in comp.sections[0].notes] == ["paragraph-in-force"]


def test_renumbering_is_found_by_text_and_a_new_paragraph_takes_the_old_number(kb):
    comp = C.diff(kb, "모범법:3", date_from="2025-01-01", date_to="2026-06-01", now=NOW)
    assert changes(comp) == [("modified", 1, 1), ("modified", 2, 2), ("added", None, 3), ("modified", 4, 4), ("renumbered", 3, 5)]
    same_words = comp.sections[0].rows[1].changes[0]
    assert same_words.text_changed is False and same_words.penalty.habitual_change["change"] == "moved"
    moved = comp.sections[0].rows[4].changes[0]
    assert moved.text_changed is False and moved.similarity == 1.0
    assert comp.sections[0].notes[0]["code"] == "pending-version"


def test_one_paragraph_keeps_the_rows_that_touch_it_under_either_number(kb):
    comp = C.diff(kb, "모범법:3(3)", date_from="2025-01-01", date_to="2026-06-01", now=NOW)
    assert changes(comp) == [("added", None, 3), ("renumbered", 3, 5)]


def test_a_deleted_paragraph_is_removed(kb):
    comp = C.diff(kb, "model-act.5", date_from="2019-01-01", date_to="2020-03-01", now=NOW)
    assert changes(comp) == [("modified", 1, 1), ("removed", 2, None)]
    assert comp.sections[0].rows[1].changes[0].penalty.status == "removed"


def test_a_whole_act_lists_unchanged_articles_apart(kb):
    comp = C.diff(kb, "모범법", date_from="2019-01-01", date_to="2020-03-01", now=NOW)
    assert [s.id for s in comp.sections] == ["model-act.3", "model-act.5", "model-act.6"]
    assert comp.unchanged_sections == ["model-act.4"]
    repealed = comp.sections[2]
    assert changes(comp, 2) == [("removed", 0, None)] and repealed.notes[0]["code"] == "repealed"
    assert repealed.rows[0].changes[0].penalty.summary_en == "penalty removed (was 1년 이하의 징역 또는 500만원 이하의 벌금)"


def test_an_offence_compares_only_offence_paragraphs(kb):
    comp = C.diff(kb, "model-advertising", date_from="2025-01-01", date_to="2026-06-01", now=NOW)
    assert changes(comp) == [("added", None, 3)]
    assert comp.sections[0].kind == "offence"


def test_without_from_the_latest_change_is_shown(kb):
    comp = C.diff(kb, "모범법:5", now=NOW)
    assert [c.date for c in comp.columns] == ["2020-02-29", NOW]


def test_an_amendment_compares_its_articles_before_and_as_enacted(kb):
    comp = C.diff(kb, "model-act.act-200", now=NOW)
    assert [s.id for s in comp.sections] == ["model-act.3", "model-act.5"]
    assert ("added", None, 4) in changes(comp)


@pytest.mark.parametrize(("ref", "kwargs", "error", "code"), [
    ("모범법:3", {"date_from": "2020-03-02", "date_to": "2020-03-01"}, UsageError, "dates-order"),
    ("모범법:3", {"date_from": "2020-02-30"}, UsageError, "date-invalid"),
    ("모범법:3", {"date_from": "2010-01-01", "date_to": "2011-01-01"}, NotFoundError, "not-in-force"),
    ("모범법:3(9)", {"date_from": "2019-01-01", "date_to": "2020-01-01"}, NotFoundError, "not-in-force"),
    ("model-case", {}, UsageError, "ref-kind"),
    ("", {}, UsageError, "ref-empty"),
    ("bill-model-a", {"date_to": "2020-01-01"}, UsageError, "options-conflict"),
    ("모범법:3", {"bills": ["bill-model-x"]}, NotFoundError, "bill-not-found"),
    ("모범법:4", {"bills": ["bill-model-a"]}, UsageError, "bill-not-on-article"),
    ("모범법", {"bills": ["bill-model-a"]}, UsageError, "options-conflict"),
])
def test_errors_say_what_is_wrong(kb, ref, kwargs, error, code):
    with pytest.raises(error) as exc:
        C.diff(kb, ref, now=NOW, **kwargs)
    assert exc.value.code == code


# ---- bills ---------------------------------------------------------------------------------------------


def test_a_bill_against_the_law_it_was_drafted_on_and_the_enacted_text(kb):
    comp = C.diff(kb, "bill-model-a", now=NOW)
    assert [c.kind for c in comp.columns] == ["law", "bill", "enacted"]
    assert comp.pairs == [(0, 1), (0, 2), (1, 2)]
    assert comp.columns[0].date == "2019-11-20"
    row1 = comp.sections[0].rows[0]
    assert row1.change(0, 1).penalty.fine_change["to"]["max_won"] == 70_000_000
    assert row1.change(0, 2).penalty.fine_change["to"]["max_won"] == 50_000_000
    assert row1.change(1, 2).penalty.direction == "lighter"
    assert [(r.cells[0].number if r.cells[0] else None, [c.number if c else None for c in r.cells[1:]]) for r in comp.sections[0].rows] == [
        (1, [1, 1]), (2, [2, 2]), (3, [3, 3]), (None, [4, 4])]


def test_an_added_paragraph_pushes_the_law_up_and_a_missing_text_is_said(kb):
    cells, notes = C.bill_cells(kb, kb.get("bill-model-c"), kb.article("model-act.3"), "2023-05-02")
    assert [(c.number, c.bill_action) for c in cells] == [(1, None), (2, "amend"), (3, "add"), (4, "renumber"), (5, "renumber")]
    assert [n["code"] for n in notes] == ["bill-insert-shift"]
    comp = C.diff(kb, "모범법:3", bills=["bill-model-b"], now=NOW)
    change = comp.sections[0].rows[1].change(0, 1)
    assert change.text_changed is None and change.words == () and change.note
    assert change.penalty.min_change.stated_to == 24
    assert comp.sections[0].rows[2].change(0, 1).change == "removed"


def test_a_bill_penalty_that_is_silent_on_habitual_offenders_keeps_the_rule(kb):
    comp = C.diff(kb, "bill-model-c", now=NOW)
    change = comp.sections[0].rows[1].change(0, 1)
    assert change.penalty.habitual_change is None
    assert change.penalty.life_change == "added"


def test_several_bills_get_one_column_each_and_notes_for_dates(kb):
    comp = C.diff(kb, "모범법:3", all_bills=True, now=NOW)
    assert [c.bill for c in comp.columns] == [None, "bill-model-a", "bill-model-b", "bill-model-c"]
    codes = {n["code"] for n in comp.notes} | {n["code"] for n in comp.sections[0].notes}
    assert {"partial-date", "bill-not-enacted", "bill-other-base"} <= codes


def test_period_of_partial_dates():
    assert C.period_of("2020") == ("2020-01-01", "2020-12-31")
    assert C.period_of("2024-02") == ("2024-02-01", "2024-02-29")
    assert C.period_of("2024-02-10") == ("2024-02-10", "2024-02-10")


def test_bills_filter_by_status_and_act(kb):
    assert [b.id for b in C.list_bills(kb)] == ["bill-model-a", "bill-model-b", "bill-model-c"]
    assert [b.id for b in C.list_bills(kb, status="lapsed", act="모범법")] == ["bill-model-c"]
    with pytest.raises(NotFoundError):
        C.list_bills(kb, act="없는법")
    with pytest.raises(UsageError):
        C.list_bills(kb, status="asleep")


# ---- timeline ------------------------------------------------------------------------------------------


def events(tl):
    return [(e.date, e.kind, e.event, e.record) for e in tl.events]


def test_everything_in_date_order_with_promulgation_and_force_apart(kb):
    tl = C.timeline(kb, C.timeline_scope(kb, []), now=NOW)
    assert events(tl)[:2] == [("2015-01-10", "amendment", "promulgated", "model-act.act-100"),
                              ("2015-07-11", "amendment", "in_force", "model-act.act-100")]
    assert ("2020-09-01", "amendment", "in_force", "model-act.act-200") in events(tl)
    assert [(e.event, e.record) for e in tl.undated] == [("appeal", "model-case")]
    pending = [e for e in tl.events if e.status]
    assert [(e.date, e.status) for e in pending] == [("2025-12-01", "not yet in force (from 2026-06-01)"), ("2026-06-01", "not yet in force")]
    dates = [e.sort_key() for e in tl.events]
    assert dates == sorted(dates)


def test_an_offence_sees_only_what_touches_its_provision(kb):
    tl = C.timeline(kb, C.timeline_scope(kb, ["model-advertising"]), now=NOW)
    assert events(tl) == [("2023-05-02", "bill", "proposed", "bill-model-c"), ("2024-05-29", "bill", "lapsed", "bill-model-c"),
                          ("2025-12-01", "amendment", "promulgated", "model-act.act-300"), ("2026-06-01", "amendment", "in_force", "model-act.act-300")]
    change = tl.events[-1].changes[0]
    assert (change["label_ko"], change["change"], change["penalty"]["status"]) == ("모범법 제3조제3항", "added", "added")


def test_kinds_and_dates_filter_partial_dates_by_overlap(kb):
    scope = C.timeline_scope(kb, [], category="csem")
    tl = C.timeline(kb, scope, date_from="2020-10-15", date_to="2020-12-31", kinds=["report", "case", "guideline"], now=NOW)
    assert events(tl) == [("2020-10", "report", "published", "model-report"), ("2020-11-26", "case", "first", "model-case"),
                          ("2020-12-07", "guideline", "adopted", "model-guideline")]


@pytest.mark.parametrize(("refs", "kwargs", "error", "code"), [
    ([], {"kinds": ["law"]}, UsageError, "kind-unknown"),
    ([], {"date_from": "2021-01-01", "date_to": "2020-01-01"}, UsageError, "dates-order"),
    (["bill-model-a"], {}, UsageError, "ref-kind"),
    (["nothing-like-this"], {}, NotFoundError, "not-found"),
])
def test_timeline_errors(kb, refs, kwargs, error, code):
    with pytest.raises(error) as exc:
        C.timeline(kb, C.timeline_scope(kb, refs), now=NOW, **kwargs)
    assert exc.value.code == code


def test_an_unknown_category_lists_the_known_ones(kb):
    with pytest.raises(NotFoundError) as exc:
        C.timeline_scope(kb, [], category="piracy")
    assert exc.value.hint == "categories: csem, threat"
