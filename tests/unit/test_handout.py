"""The handout context: what ids cover, which versions a date selects, marks, timeline, cases, sources and the quiz."""

from __future__ import annotations

import pytest

from lawkb.errors import NotFoundError, UsageError
from lawkb.handout import build
from tests.conftest import DATA

HANDOUT_KB = DATA / "handout"
NOW = "2025-06-01"


@pytest.fixture(scope="module")
def kb():
    from lawkb.load import load_kb

    result = load_kb(HANDOUT_KB)
    assert not result.errors, [d.message for d in result.errors]
    return result.kb


def ids_of(h):
    return [o.id for o in h.offences]


# ---- what the ids cover --------------------------------------------------------------------------------------


@pytest.mark.parametrize(("ids", "expected"), [
    (["csem"], ["csem-distribution", "csem-possession"]),
    (["topic:deepfake"], ["deepfake-distribution"]),
    (["youth-protection"], ["csem-distribution", "csem-possession"]),
    (["youth-protection.11"], ["csem-distribution", "csem-possession"]),
    (["청소년성보호법:11(5)"], ["csem-possession"]),
    (["청소년성보호법 제11조제3항"], ["csem-distribution"]),
    (["성착취물 소지"], ["csem-possession"]),
    (["demo-guideline"], ["csem-distribution", "csem-possession"]),
    (["demo-directive"], ["csem-distribution", "csem-possession"]),
    (["demo-case"], ["csem-distribution", "csem-possession"]),
    (["sexual-crimes.act-20459"], ["deepfake-distribution"]),
    (["deepfake-distribution", "csem", "csem-possession"], ["deepfake-distribution", "csem-distribution", "csem-possession"]),
])
def test_ids_expand_to_offences_in_statute_order(kb, ids, expected):
    assert ids_of(build(kb, ids, as_of="2025-01-01", now=NOW)) == expected


def test_title_is_the_single_subject_or_the_joined_names(kb):
    assert build(kb, ["csem"], as_of="2025-01-01", now=NOW).title.en == "Child and youth sexual exploitation material (CSEM)"
    two = build(kb, ["csem-possession", "deepfake-distribution"], as_of="2025-01-01", now=NOW)
    assert two.title.ko == "아동ㆍ청소년성착취물 구입ㆍ소지ㆍ시청 · 허위영상물 반포 등 (딥페이크 유포)"


def test_unknown_id_is_not_found(kb):
    with pytest.raises(NotFoundError) as exc:
        build(kb, ["no-such-thing"], now=NOW)
    assert exc.value.code == "not-found"


@pytest.mark.parametrize(("topic", "code", "message"), [
    ("topic:grooming", "topic-empty", "no offence in the knowledge base belongs to the topic 'grooming'"),
    ("topic:piracy", "topic-not-found", "no topic called 'piracy'"),
])
def test_unknown_or_empty_topic_is_not_found(kb, topic, code, message):
    with pytest.raises(NotFoundError) as exc:
        build(kb, [topic], now=NOW)
    assert (exc.value.code, exc.value.message) == (code, message)


def test_a_report_is_not_a_handout_subject(kb):
    with pytest.raises(UsageError) as exc:
        build(kb, ["demo-report"], now=NOW)
    assert exc.value.code == "handout-kind"
    assert exc.value.message.startswith("'demo-report' is a report")


@pytest.mark.parametrize(("kwargs", "code"), [
    ({"lang": "fr"}, "lang-invalid"),
    ({"audience": "judge"}, "audience-invalid"),
    ({"quiz": -1}, "quiz-invalid"),
    ({"as_of": "2025-02-30"}, "date-invalid"),
])
def test_bad_options_are_usage_errors(kb, kwargs, code):
    with pytest.raises(UsageError) as exc:
        build(kb, ["csem-possession"], now=NOW, **kwargs)
    assert exc.value.code == code


def test_an_offence_asked_for_by_name_before_it_existed_is_not_in_force(kb):
    with pytest.raises(NotFoundError) as exc:
        build(kb, ["deepfake-distribution"], as_of="2019-01-01", now=NOW)
    assert exc.value.code == "not-in-force"
    assert "2020-06-25" in exc.value.message


def test_a_topic_member_not_yet_in_force_is_listed_not_fatal(kb):
    h = build(kb, ["csem", "deepfake"], as_of="2019-01-01", now=NOW)
    assert ids_of(h) == ["csem-distribution", "csem-possession"]
    assert len(h.not_in_force) == 1
    assert h.not_in_force[0].en.startswith("Distribution of deepfake sexual material (deepfake-distribution): ")
    assert "2020-06-25" in h.not_in_force[0].en


# ---- penalties by date ---------------------------------------------------------------------------------------


def test_penalty_names_the_version_and_its_dates(kb):
    row = build(kb, ["csem-possession"], as_of="2020-01-01", now=NOW).offences[0].penalties[0]
    assert row.penalty.ko == "1년 이하의 징역 또는 2천만원 이하의 벌금"
    assert row.penalty.en == "Imprisonment for up to 1 year or a fine of up to 20,000,000 won (1 month at least under Criminal Act Art. 42)"
    assert (row.act_number, row.promulgated, row.in_force, row.until) == (11572, "2012-12-18", "2013-06-19", "2020-06-01")
    assert row.provision.ko == "청소년성보호법 제11조제5항"
    assert row.version.en == "Act No. 11572 (promulgated 2012-12-18, in force 2013-06-19)"
    assert row.period.en == "2013-06-19 to 2020-06-01"
    assert row.fine_max_won == 20_000_000 and row.fine_combination == "alternative"


def test_the_day_of_the_amendment_selects_the_new_version(kb):
    row = build(kb, ["csem-possession"], as_of="2020-06-02", now=NOW).offences[0].penalties[0]
    assert (row.act_number, row.penalty.ko, row.until, row.period.ko) == (17338, "1년 이상의 징역", None, "2020-06-02 ~ (현행)")


def test_a_promulgated_version_not_yet_in_force_is_shown_as_pending(kb):
    row = build(kb, ["deepfake-distribution"], as_of="2025-01-01", now=NOW).offences[0].penalties[0]
    assert row.act_number == 20459 and row.until == "2098-12-31" and row.replaced_pending
    assert row.period.en == "2024-10-16 to 2098-12-31 (amended from 2099-01-01, not yet in force)"
    assert [n.en for n in row.notes] == ["Act No. 99001 (promulgated 2098-12-31) is not yet in force; it takes effect on 2099-01-01."]


def test_attempts_follow_the_version(kb):
    before = build(kb, ["csem-distribution"], as_of="2020-01-01", now=NOW).offences[0].penalties[0]
    after = build(kb, ["csem-distribution"], as_of="2020-06-02", now=NOW).offences[0].penalties[0]
    assert not before.attempt_punishable and before.attempt.en == "attempts not punishable"
    assert after.attempt_punishable and after.attempt.en == "attempts punishable (제11조제6항)"


# ---- guideline and directives --------------------------------------------------------------------------------


def test_guideline_applies_from_its_effective_date(kb):
    before = build(kb, ["csem-possession"], as_of="2020-12-31", now=NOW).offences[0]
    assert before.guideline == ()
    assert before.guideline_notes[0].en == ("The Sentencing guideline for digital sex crimes takes effect on 2021-01-01 (by indictment date); "
                                            "it did not apply on the as-of date.")
    entry = build(kb, ["csem-possession"], as_of="2021-01-01", now=NOW).offences[0].guideline[0]
    assert entry.type_id == "csem-possession" and entry.selects_by.en == "by indictment date"
    assert [(z.zone, z.min_months, z.max_months) for z in entry.zones] == [("mitigated", 6, 16), ("basic", 10, 24), ("aggravated", 18, 36)]
    assert [z.text.ko for z in entry.zones] == ["징역 6월 ~ 1년 4월", "징역 10월 ~ 2년", "징역 1년 6월 ~ 3년"]


def test_factors_are_limited_to_the_type(kb):
    h = build(kb, ["csem"], as_of="2025-01-01", now=NOW, audience="trainer")
    dist, poss = (o.guideline[0] for o in h.offences)
    assert [f.name.en for f in dist.special_aggravating] == ["Vulnerable victim", "Many victims"]
    assert [f.name.en for f in poss.special_aggravating] == ["Vulnerable victim"]
    assert [f.name.en for f in poss.general_mitigating] == ["No criminal record"]


def test_offence_without_guideline_type_says_so(kb):
    o = build(kb, ["deepfake-distribution"], as_of="2025-01-01", now=NOW).offences[0]
    assert o.guideline == ()
    assert o.guideline_notes[0].en.startswith("No sentencing guideline in the knowledge base has a type for this offence")
    assert o.demand_notes[0].en == "The knowledge base has no prosecution directive for this offence."


def test_directive_demands_by_role_from_the_issue_date(kb):
    before = build(kb, ["csem-possession"], as_of="2020-04-08", now=NOW).offences[0]
    assert before.demands == ()
    assert before.demand_notes[0].en == "No prosecution directive applied on the as-of date (the earliest is dated 2020-04-09)."
    demands = build(kb, ["csem-possession"], as_of="2020-04-09", now=NOW).offences[0].demands
    assert [(d.role.en, d.demand.en if d.demand else None) for d in demands] == [
        ("Repeat possessor", "At least 1 year."), ("First-time possessor", "A fine of at least 5,000,000 won.")]


def test_low_and_unconfirmed_values_are_flagged(kb):
    o = build(kb, ["csem-possession"], as_of="2025-01-01", now=NOW).offences[0]
    assert [z.flagged for z in o.guideline[0].zones] == [True, False, False]
    assert [f.flagged for f in o.guideline[0].special_mitigating] == [True]
    assert [d.flagged for d in o.demands] == [False, True]


def test_unconfirmed_list_keeps_what_the_handout_shows(kb):
    poss = build(kb, ["csem-possession"], as_of="2025-01-01", now=NOW, audience="trainer")
    assert [(u.record, u.field) for u in poss.unconfirmed] == [
        ("csem-possession", "provisions (offence dates before 2013-06-19)"), ("demo-guideline", "/groups/0/types/1/ranges/mitigated")]
    assert poss.unconfirmed[1].claims == ("6 months to 1 year 4 months",)
    dist = build(kb, ["csem-distribution"], as_of="2025-01-01", now=NOW)
    assert [(u.record, u.field) for u in dist.unconfirmed] == []


# ---- timeline, cases, sources --------------------------------------------------------------------------------


def test_timeline_is_dated_sorted_and_ends_at_the_as_of_date(kb):
    h = build(kb, ["csem-possession"], as_of="2021-03-01", now=NOW)
    assert [(e.date, e.kind) for e in h.timeline] == [
        ("2013-06-19", "amendment"), ("2020-04-09", "directive"), ("2020-06-02", "amendment"), ("2021-01", "case"), ("2021-01-01", "guideline")]
    change = h.timeline[2].text
    assert change.ko.endswith("청소년성보호법 제11조제5항: 법정형 1년 이하의 징역 또는 2천만원 이하의 벌금 → 1년 이상의 징역")
    assert "Art. 11(5): penalty: Imprisonment for up to 1 year" in (change.en or "")


def test_timeline_shows_a_promulgated_change_as_pending(kb):
    h = build(kb, ["deepfake-distribution"], as_of="2099-01-01", now=NOW)
    last = h.timeline[-1]
    assert (last.date, last.pending) == ("2099-01-01", False)
    h = build(kb, ["deepfake-distribution"], as_of="2098-12-31", now=NOW)
    assert [e.date for e in h.timeline] == ["2020-06-25", "2024-10-16", "2099-01-01"]
    assert h.timeline[-1].pending and "in force from 2099-01-01" in (h.timeline[-1].text.en or "")


def test_cases_show_only_instances_up_to_the_as_of_date(kb):
    assert build(kb, ["csem-possession"], as_of="2020-12-31", now=NOW).cases == ()
    case = build(kb, ["csem-possession"], as_of="2021-03-01", now=NOW).cases[0]
    assert [i.level for i in case.instances] == ["first"]
    case = build(kb, ["csem-possession"], as_of="2025-01-01", now=NOW).cases[0]
    assert [(i.level, i.flagged) for i in case.instances] == [("first", False), ("appeal", True)]


def test_sources_are_numbered_once_per_url_in_order_of_first_use(kb):
    h = build(kb, ["csem-possession"], as_of="2025-01-01", now=NOW)
    urls = [s.url for s in h.sources]
    assert len(urls) == len(set(urls))
    assert [s.number for s in h.sources] == list(range(1, len(urls) + 1))
    assert h.offences[0].refs == (1,) and h.offences[0].penalties[0].refs == (1,)
    assert {s.authority for s in h.sources} == {"statute", "official_guideline", "commentary", "news_report"}
    assert h.sources[0].authority_label.en == "statute text"


def test_student_handout_leaves_out_trainer_material(kb):
    s = build(kb, ["csem-possession"], as_of="2025-01-01", now=NOW, audience="student", quiz=3)
    t = build(kb, ["csem-possession"], as_of="2025-01-01", now=NOW, audience="trainer", quiz=3)
    assert s.offences[0].teaching_notes == () and t.offences[0].teaching_notes
    assert s.offences[0].penalties[0].statute_text is None and t.offences[0].penalties[0].statute_text
    assert s.offences[0].demands[0].detention is None and t.offences[0].demands[0].detention
    assert s.offences[0].guideline[0].general_mitigating == () and t.offences[0].guideline[0].general_mitigating
    assert all(q.answer is None and q.explanation is None for q in s.quiz)
    assert all(q.answer in "ABCD" for q in t.quiz)
    assert [q.question for q in s.quiz] == [q.question for q in t.quiz]


# ---- quiz ----------------------------------------------------------------------------------------------------


def test_quiz_is_the_same_for_the_same_kb_and_date(kb):
    one = build(kb, ["csem", "deepfake-distribution"], as_of="2025-01-01", now=NOW, quiz=6, audience="trainer")
    two = build(kb, ["deepfake-distribution", "csem"], as_of="2025-01-01", now="2030-01-01", quiz=6, audience="trainer")
    assert len(one.quiz) == 6
    assert {q.question for q in one.quiz} == {q.question for q in two.quiz}
    assert one.quiz == build(kb, ["csem", "deepfake-distribution"], as_of="2025-01-01", now=NOW, quiz=6, audience="trainer").quiz


def test_quiz_answers_are_the_facts_shown(kb):
    h = build(kb, ["csem", "deepfake-distribution"], as_of="2025-01-01", now=NOW, quiz=50, audience="trainer")
    rows = {r.provision.ko: r for o in h.offences for r in o.penalties}
    kinds = {q.kind for q in h.quiz}
    assert {"penalty", "in_force", "true_false", "guideline", "demand"} <= kinds
    for q in h.quiz:
        chosen = next(o.text for o in q.options if o.letter == q.answer)
        assert len({o.text for o in q.options}) == len(q.options), q
        if q.kind == "penalty":
            row = next(r for p, r in rows.items() if p in (q.question.ko or ""))
            assert chosen == row.penalty
        elif q.kind == "in_force":
            row = next(r for p, r in rows.items() if p in (q.question.ko or ""))
            assert chosen.ko == row.in_force
        elif q.kind == "guideline":
            assert chosen.ko in [z.text.ko for o in h.offences for g in o.guideline for z in g.zones if z.zone == "basic"]
    fines = [q for q in h.quiz if "fine alone" in (q.question.en or "")]
    assert fines and all(next(o.text.en for o in q.options if o.letter == q.answer) == "True" for q in fines
                         if "deepfake" in (q.question.en or ""))


def test_quiz_never_asks_about_unconfirmed_values(kb):
    h = build(kb, ["csem-possession"], as_of="2025-01-01", now=NOW, quiz=50, audience="trainer")
    texts = " ".join(q.question.en or "" for q in h.quiz)
    assert "First-time possessor" not in texts


def test_quiz_says_when_the_kb_yields_fewer_questions(kb):
    h = build(kb, ["deepfake-distribution"], as_of="2025-01-01", now=NOW, quiz=50)
    assert 0 < len(h.quiz) < 50 and h.quiz_requested == 50
    assert h.quiz_note is not None and h.quiz_note.en == f"The knowledge base yields {len(h.quiz)} question(s) for this handout (50 requested)."
    assert build(kb, ["deepfake-distribution"], as_of="2025-01-01", now=NOW, quiz=2).quiz_note is None


def test_json_view_has_no_labels_and_round_trips(kb):
    import json

    d = build(kb, ["csem-possession"], as_of="2025-01-01", now=NOW).as_dict()
    assert "labels" not in d and d["as_of"] == "2025-01-01" and d["prepared"] == NOW
    assert json.loads(json.dumps(d, ensure_ascii=False))["offences"][0]["penalties"][0]["act_number"] == 17338


def test_content_note_names_child_exploitation_only_when_children_are_the_victims(kb):
    csem = build(kb, ["csem-possession"], as_of="2025-01-01", now=NOW)
    adult = build(kb, ["deepfake-distribution"], as_of="2025-01-01", now=NOW)
    assert csem.content_note.en.startswith("Content note: this handout deals with child sexual exploitation")
    assert adult.content_note.en.startswith("Content note: this handout deals with image-based sexual abuse.")
    assert csem.disclaimer.ko.startswith("교육용 자료이며 법률 자문이 아닙니다.") and "not legal advice" in csem.disclaimer.en
