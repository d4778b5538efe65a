"""Worked sentencing cases on the bundled knowledge base, each derived by hand in its docstring.

Months throughout: 1 year = 12 months; a half month is 15 days. Sources named in the derivations:
- statutes: 청소년성보호법 제11조 (Act 17338, in force 2020-06-02; Act 11572 before), 성폭력처벌법 제14조의2
  (Act 20459 from 2024-10-16), 형법 제35조, 제38조, 제42조, 제53조, 제55조, 제56조, 제62조;
- guideline sc-digital-sex-crimes-2021: CSEM type 1 (production) 감경 30–72 / 기본 60–108 / 가중 84–156,
  type 2 (sale) 72–144 가중, type 3 (distribution) 18–48 / 30–72 / 48–96, type 5 (purchase) 6–16 / 10–24 / 18–36,
  deepfake type 1 (editing) 기본 6–18; rules zone-selection, zone-balance, special-adjustment (margin 2, ×3/2 upper,
  ×1/2 lower), habitual (×3/2 both bounds, after special adjustment), multiple-crimes (+1/2 second, +1/3 third,
  lower bound = highest lower bound), clip-to-disposable, life-threshold (300 months), probation-threshold (36),
  probation-counting (margin 2), not-applicable (fine, attempt);
- directive spo-2020-04-09 (ringleader: at least 180 months, life sought).
"""

from __future__ import annotations

from fractions import Fraction

import pytest

from lawkb.sentencing import SentenceRequest, compute_worksheet

NOW = "2026-03-01"


def run(kb, *offences, **kw):
    kw.setdefault("now", NOW)
    return compute_worksheet(kb, SentenceRequest(list(offences), **kw))


def step(branch, name, offence=None):
    found = [s for s in branch.steps if s.step == name and (offence is None or s.offence == offence)]
    assert len(found) == 1, [s.step for s in branch.steps]
    return found[0]


def term(branch):
    return (branch.disposable.term.lo, branch.disposable.term.hi)


def rec(branch):
    return (branch.recommended.lo, branch.recommended.hi)


def test_single_production_basic_zone(bundled_kb):
    """Production of CSEM, act 2021-03-10, indicted 2021-06-01, fixed term chosen, no special factors.

    1. 법정형: 청소년성보호법 제11조제1항 (Act 17338): 무기 또는 5년 이상 → term [60, 360] (Art. 42: 30 years).
    2. 처단형: nothing to aggravate or mitigate → [60, 360].
    3. Guideline (indictment ≥ 2021-01-01): type 1, no special factors → 기본영역 [60, 108]; no adjustment.
    4. Clip to [60, 360] → [60, 108] = 징역 5년 ~ 9년.
    5. Art. 62: the disposable minimum 60 > 36 months → no suspended sentence.
    """
    ws = run(bundled_kb, "csem-production", offence_date="2021-03-10", indictment_date="2021-06-01", penalty_types=["term"])
    (b,) = ws.branches
    assert term(b) == (60, 360)
    assert rec(b) == (60, 108)
    assert step(b, "zone").result["zone"] == "basic"
    assert b.probation_possible is False
    assert any(a["code"] == "no-special-factors" for a in ws.assumed)


def test_single_sale_aggravated_zone(bundled_kb):
    """For-profit sale of CSEM with one special aggravating factor (csem-bad-method, an act factor).

    1. 법정형: 제11조제2항 (Act 17338): 5년 이상의 징역 → [60, 360].
    2. Zone: aggravating factors only → 가중영역 of type 2 = [72, 144].
    3. Special adjustment: 1 − 0 = 1 < 2 → none.
    4. Clip to [60, 360] → [72, 144] = 징역 6년 ~ 12년.
    """
    ws = run(bundled_kb, "csem-sale-for-profit", offence_date="2021-03-10", indictment_date="2021-06-01", aggravating=["csem-bad-method"])
    (b,) = ws.branches
    assert term(b) == (60, 360)
    assert step(b, "zone").result["zone"] == "aggravated"
    assert step(b, "special-adjustment").result["adjusted"] is False
    assert rec(b) == (72, 144)


def test_single_possession_mitigated_zone_clipped(bundled_kb):
    """Possession of CSEM with one special mitigating factor (csem-special-participation).

    1. 법정형: 제11조제5항 (Act 17338): 1년 이상의 징역 → [12, 360].
    2. Zone: mitigating only → 감경영역 of type 5 = [6, 16].
    3. Clip: the zone starts below the statutory minimum; max(6, 12) = 12 → [12, 16] = 징역 1년 ~ 1년 4월.
    """
    ws = run(bundled_kb, "csem-possession", offence_date="2021-03-10", indictment_date="2021-06-01", mitigating=["csem-special-participation"])
    (b,) = ws.branches
    assert step(b, "zone").result["zone"] == "mitigated"
    assert rec(b) == (12, 16)
    assert step(b, "clip").result["changed"] is True
    assert b.as_dict()["recommended"]["text"]["ko"] == "징역 1년 ~ 1년 4월"


def test_special_aggravation_production(bundled_kb):
    """Production with two special aggravating act factors (csem-bad-method, csem-many-victims).

    Zone: aggravated [84, 156]. Special adjustment: 2 − 0 ≥ 2 → upper × 3/2 = 234 → [84, 234]
    = 징역 7년 ~ 19년 6월, the 'special aggravation' maximum the Commission published in 2020.
    Clip to [60, 360]: unchanged.
    """
    ws = run(
        bundled_kb,
        "csem-production",
        offence_date="2021-03-10",
        indictment_date="2021-06-01",
        penalty_types=["term"],
        aggravating=["csem-bad-method", "csem-many-victims"],
    )
    (b,) = ws.branches
    assert step(b, "special-adjustment").result["adjusted"] is True
    assert rec(b) == (84, 234)
    assert b.as_dict()["recommended"]["text"]["ko"] == "징역 7년 ~ 19년 6월"


def test_special_mitigation_with_statutory_and_discretionary_mitigation(bundled_kb):
    """Distribution with two special mitigating factors, surrender (Art. 52) and discretionary mitigation.

    1. 법정형: 제11조제3항 (Act 17338): 3년 이상 → [36, 360].
    2. Art. 55(1)3 (surrender, Art. 52(1)): halve both bounds → [18, 180]. Art. 53 last: → [9, 90].
    3. Zone: csem-special-participation (act) + csem-stop-spread (actor), mitigating only → 감경영역 [18, 48].
    4. Special adjustment: 2 − 0 ≥ 2 → lower × 1/2 = 9 → [9, 48].
    5. Clip to [9, 90] → [9, 48] = 징역 9월 ~ 4년.
    6. Art. 62: 9 ≤ 36 → possible; guideline: 9 ≤ 36 → criteria apply; probation factors csem-p-no-record and
       csem-p-stop-spread are two major positive factors and nothing else → suspension recommended.
    """
    ws = run(
        bundled_kb,
        "csem-distribution",
        offence_date="2021-03-10",
        indictment_date="2021-06-01",
        mitigating=["csem-special-participation", "csem-stop-spread"],
        statutory_mitigation=["surrender"],
        discretionary_mitigation=True,
        probation_factors=["csem-p-no-record", "csem-p-stop-spread"],
    )
    (b,) = ws.branches
    assert step(b, "statutory-mitigation").result["term"] == {"min_months": 18, "max_months": 180}
    assert term(b) == (9, 90)
    assert rec(b) == (9, 48)
    assert b.probation_possible is True
    assert step(b, "probation-guideline").result["recommendation"] == "suspension"


def test_two_concurrent_offences(bundled_kb):
    """Production (aggravated by two act factors, mitigated by one actor factor) and distribution.

    1. 법정형: production [60, 360] (term chosen), distribution [36, 360].
    2. Art. 38(1)2: heaviest by Art. 50 = production (same maximum, longer minimum);
       upper = min(360 × 3/2 = 540, 360 + 360 = 720, 600) = 540; lower = 60 → 처단형 징역 5년 ~ 45년.
    3. Production: agg act 2 vs mit actor 1 — nothing cancels; the act side (2) ≥ actor side (1) → 가중영역 [84, 156];
       special adjustment 2 − 1 = 1 < 2 → none. Distribution: 기본영역 [30, 72].
    4. Multiple crimes: base = production (156 > 72): 156 + 72/2 = 192; lower = max(84, 30) = 84 (low confidence).
    5. Clip to [60, 540] → [84, 192] = 징역 7년 ~ 16년, marked unconfirmed (the lower-bound rule is low).
    """
    ws = run(
        bundled_kb,
        "csem-production",
        "csem-distribution",
        offence_date="2021-03-10",
        indictment_date="2021-06-01",
        aggravating=["1=csem-bad-method", "1=csem-many-victims"],
        mitigating=["1=csem-surrender-disclosure"],
        penalty_types=["1=term"],
    )
    (b,) = ws.branches
    assert term(b) == (60, 540)
    assert step(b, "concurrent-crimes").inputs["heaviest"] == "csem-production"
    assert step(b, "zone", "csem-production").result["zone"] == "aggravated"
    assert step(b, "zone", "csem-production").result["branch"] == "e"
    assert rec(b) == (84, 192)
    assert b.recommended_confidence == "low"
    assert b.unconfirmed


def test_three_concurrent_offences_third_fraction_unconfirmed(bundled_kb):
    """Production, distribution and possession, no special factors.

    1. 처단형: production [60, 360], distribution [36, 360], possession [12, 360];
       Art. 38(1)2: min(540, 1080, 600) = 540, lower 60 → [60, 540].
    2. Basic zones: [60, 108], [30, 72], [10, 24].
    3. Multiple crimes: 108 + 72/2 + 24/3 = 108 + 36 + 8 = 152; lower max = 60 → [60, 152] = 징역 5년 ~ 12년 8월.
       The one-third addition is unconfirmed in the guideline record → the result is unconfirmed.
    """
    ws = run(
        bundled_kb, "csem-production", "csem-distribution", "csem-possession", offence_date="2021-03-10", indictment_date="2021-06-01", penalty_types=["term"]
    )
    (b,) = ws.branches
    assert term(b) == (60, 540)
    assert rec(b) == (60, 152)
    assert step(b, "multiple-crimes").confidence == "unconfirmed"
    assert b.as_dict()["recommended"]["unconfirmed"] is True


def test_habitual_production(bundled_kb):
    """Habitual production with two special aggravating factors (act 2021-05-01, indicted 2021-09-01).

    1. 법정형 [60, 360]; 제11조제7항 habitual: '형의 2분의 1까지 가중' → [90, 540] (lower bound raised too: low
       confidence, so the disposable range is unconfirmed); life unchanged. Term chosen → 처단형 징역 7년 6월 ~ 45년.
    2. Guideline: aggravated [84, 156] → special adjustment ×3/2 upper → [84, 234] → habitual ×3/2 both → [126, 351]
       = 징역 10년 6월 ~ 29년 3월 (the Commission's published habitual range).
    3. Clip to [90, 540]: unchanged. life-threshold: 351 > 300 and the statute provides life → life selectable.
    """
    ws = run(
        bundled_kb,
        "csem-production",
        offence_date="2021-05-01",
        indictment_date="2021-09-01",
        habitual=True,
        penalty_types=["term"],
        aggravating=["csem-bad-method", "csem-many-victims"],
    )
    (b,) = ws.branches
    assert term(b) == (90, 540)
    assert b.disposable_confidence == "low"
    assert step(b, "guideline-habitual").result == {"applied": True, "min_months": 126, "max_months": 351}
    assert rec(b) == (126, 351)
    assert step(b, "life-threshold").result["life_selectable"] is True


def test_repeat_offender_possession(bundled_kb):
    """Possession by a repeat offender (누범), act 2022-03-01, indicted 2022-06-01.

    1. 법정형 [12, 360]; Art. 35(2): maximum × 2 = 720, capped at 600 by Art. 42 → [12, 600]
       (minimum unchanged: medium confidence).
    2. Guideline: basic [10, 24] → clip → [12, 24].
    3. Art. 62(1) proviso: a repeat offence is never suspended.
    """
    ws = run(bundled_kb, "csem-possession", offence_date="2022-03-01", indictment_date="2022-06-01", repeat_offender=True)
    (b,) = ws.branches
    assert term(b) == (12, 600)
    assert step(b, "repeat-offender").confidence == "medium"
    assert rec(b) == (12, 24)
    assert b.probation_possible is False
    assert step(b, "probation-guideline").status == "not-applicable"


def test_discretionary_mitigation_opens_the_mitigated_zone(bundled_kb):
    """Production with one special mitigating factor (csem-surrender-disclosure), term chosen.

    Zone: mitigated [30, 72]. Without mitigation the 처단형 is [60, 360] and the range clips to [60, 72].
    With discretionary mitigation (Art. 53, Art. 55(1) scale) the 처단형 is [30, 180] and the range stays
    [30, 72] = 징역 2년 6월 ~ 6년.
    """
    common = dict(offence_date="2021-03-10", indictment_date="2021-06-01", penalty_types=["term"], mitigating=["csem-surrender-disclosure"])
    (plain,) = run(bundled_kb, "csem-production", **common).branches
    (mitigated,) = run(bundled_kb, "csem-production", discretionary_mitigation=True, **common).branches
    assert rec(plain) == (60, 72)
    assert term(mitigated) == (30, 180)
    assert rec(mitigated) == (30, 72)
    assert step(mitigated, "discretionary-mitigation").confidence == "medium"


def test_offence_before_the_2020_amendment(bundled_kb):
    """Distribution of CSEM committed 2020-05-01 (before Act 17338), indicted 2021-03-01.

    1. Art. 1(1): the version in force on 2020-05-01 is Act 11572: 7년 이하의 징역 또는 5천만원 이하의 벌금.
       The later law (3년 이상) is heavier, so Art. 1(2) does not apply.
    2. Two branches (Art. 54): term [1, 84] (Art. 42 minimum) and fine (max 50,000,000 won).
    3. Term branch: guideline by indictment date; type 3 basic [30, 72]; clip to [1, 84] → [30, 72];
       flagged: the guideline was set against the 2020 penalty (3년 이상의 징역).
    4. Fine branch: the guideline does not apply to a fine.
    """
    ws = run(bundled_kb, "csem-distribution", offence_date="2020-05-01", indictment_date="2021-03-01")
    t, f = ws.branches
    assert step(t, "statutory-range").result["version"]["act_number"] == 11572
    assert term(t) == (1, 84)
    assert rec(t) == (30, 72)
    assert any(n["code"] == "guideline-statute-mismatch" for n in step(t, "guideline-type").notes)
    assert f.disposable.fine_max_won == 50_000_000
    assert step(f, "guideline-type").status == "not-applicable"
    assert f.recommended is None


def test_deepfake_after_2024_amendment_flagged(bundled_kb):
    """Deepfake editing on 2025-01-10 (after Act 20459, in force 2024-10-16), indicted 2025-03-01, term chosen.

    1. 법정형: 성폭력처벌법 제14조의2제1항 (Act 20459): 7년 이하의 징역 또는 5천만원 이하의 벌금 → term [1, 84].
    2. Guideline (2021 version, still in force): deepfake type 1 basic [6, 18]; clip → [6, 18].
    3. Flag: the type was set when the provision carried 5년 이하의 징역 또는 5천만원 이하의 벌금 (in force on the
       adoption date 2020-12-07), not the penalty applied.
    """
    ws = run(bundled_kb, "deepfake-editing", offence_date="2025-01-10", indictment_date="2025-03-01", penalty_types=["term"])
    (b,) = ws.branches
    assert step(b, "statutory-range").result["version"]["act_number"] == 20459
    assert term(b) == (1, 84)
    assert rec(b) == (6, 18)
    flags = [f for f in ws.flags() if f["code"] == "guideline-statute-mismatch"]
    assert len(flags) == 1 and "5년 이하의 징역 또는 5천만원 이하의 벌금" in flags[0]["ko"]


def test_role_based_prosecution_demand(bundled_kb):
    """Ringleader of organised production, indicted 2021-06-01.

    Directives apply from their issue date; on 2021-06-01 spo-2020-04-09 (issued 2020-04-09) and spo-2021-02
    (issued 2021-02-28, content not found) are in force. Rule 'ringleader': at least 15 years (180 months), life
    actively sought in grave cases. Because the February 2021 revision's content is unknown, the demand is unconfirmed.
    """
    ws = run(bundled_kb, "csem-production", offence_date="2021-03-10", indictment_date="2021-06-01", roles=["ringleader"], penalty_types=["term"])
    (b,) = ws.branches
    d = step(b, "prosecution-demand")
    assert d.result["directive"] == "spo-2020-04-09"
    assert d.result["demand"]["min_months"] == 180 and d.result["demand"]["life"] is True
    assert d.inputs["date_used"] == "indictment"
    assert "spo-2021-02" in d.inputs["directives_in_force"]
    assert d.confidence == "unconfirmed"


def test_no_digital_guideline_before_2021(bundled_kb):
    """Production indicted 2020-09-01: the guideline applies to cases indicted from 2021-01-01 (date rule: indictment).

    The statutory and disposable ranges are computed ([60, 360] for a term); the guideline step is 'not applicable'
    and no recommended range is given.
    """
    ws = run(bundled_kb, "csem-production", offence_date="2020-07-01", indictment_date="2020-09-01", penalty_types=["term"])
    (b,) = ws.branches
    assert term(b) == (60, 360)
    g = step(b, "guideline-version")
    assert g.status == "not-applicable" and "2021-01-01" in g.summary_en
    assert b.recommended is None


def test_attempt_is_outside_the_guideline(bundled_kb):
    """Attempted production with attempt mitigation (Art. 25(2), optional) — term chosen.

    1. 법정형 [60, 360]; 제11조제6항 makes the attempt punishable.
    2. Art. 55(1)3: halve → [30, 180] = 처단형 징역 2년 6월 ~ 15년.
    3. Guideline rule not-applicable (attempt: true) → no recommended range.
    """
    ws = run(bundled_kb, "csem-production", offence_date="2021-03-10", indictment_date="2021-06-01", statutory_mitigation=["attempt"], penalty_types=["term"])
    (b,) = ws.branches
    assert term(b) == (30, 180)
    assert step(b, "guideline-type").status == "not-applicable"
    assert step(b, "guideline-type").result["reasons"]["en"] == "the offence is an attempt"


def test_life_or_term_branches_with_discretionary_mitigation(bundled_kb):
    """Production, no penalty type chosen, discretionary mitigation: the law leaves life or a term to the court.

    Life branch: Art. 55(1)2 scale → 10–50 years [120, 600]; the basic zone [60, 108] lies wholly below it,
    so the range collapses to the 처단형 minimum [120, 120] (low confidence).
    Term branch: [60, 360] → [30, 180]; basic [60, 108] stays inside → [60, 108].
    """
    ws = run(bundled_kb, "csem-production", offence_date="2021-03-10", indictment_date="2021-06-01", discretionary_mitigation=True)
    life, fixed = ws.branches
    assert life.choices == [("csem-production", "life")] and fixed.choices == [("csem-production", "term")]
    assert term(life) == (120, 600)
    assert rec(life) == (120, 120) and life.recommended_confidence == "low"
    assert term(fixed) == (30, 180)
    assert rec(fixed) == (60, 108)


def test_judge_decides_when_actor_factors_outnumber_an_act_factor(bundled_kb):
    """Two special aggravating actor factors against one special mitigating act factor.

    Nothing cancels (different categories). The act side (1 mitigating) is fewer than the actor side (2):
    principle ① does not decide → the judge weighs them (principle ③); the three zones are candidates.
    """
    ws = run(
        bundled_kb,
        "csem-production",
        offence_date="2021-03-10",
        indictment_date="2021-06-01",
        penalty_types=["term"],
        aggravating=["csem-duty-holder", "csem-same-kind-repeat"],
        mitigating=["csem-special-participation"],
    )
    (b,) = ws.branches
    z = step(b, "zone")
    assert z.status == "judge-decides"
    assert z.result["candidates"]["aggravated"] == {"min_months": 84, "max_months": 156}
    assert b.recommended is None and b.recommended_status == "judge-decides"


def test_offence_without_a_guideline_type(bundled_kb):
    """Online grooming (청소년성보호법 제15조의2, in force 2021-09-24) has no type in the 2021 guideline.

    The offence covers two paragraphs (conversation, ¶1; inducement, ¶2), so it is named by article reference.
    ¶1 carries 3년 이하의 징역 또는 3천만원 이하의 벌금 → term [1, 36]. The guideline step says it does not apply
    because no guideline has a type for it.
    """
    ws = run(bundled_kb, "청소년성보호법:15-2(1)", offence_date="2022-01-10", indictment_date="2022-06-01", penalty_types=["term"])
    (b,) = ws.branches
    assert term(b) == (1, 36)
    assert b.choices == [("online-grooming", "term")]
    assert step(b, "guideline-version").status == "not-applicable"
    assert b.recommended is None and b.recommended_status == "not-applicable"


def test_halved_one_month_minimum_is_fifteen_days_and_unconfirmed(bundled_kb):
    """Deepfake editing (2025), term [1, 84], with one ground of statutory mitigation.

    Art. 55(1)3 halves both bounds: [1/2, 42] = 징역 15일 ~ 3년 6월. Whether a 1-month minimum halves to 15 days was not
    confirmed, so the disposable range is unconfirmed.
    """
    ws = run(
        bundled_kb,
        "deepfake-editing",
        offence_date="2025-01-10",
        indictment_date="2025-03-01",
        penalty_types=["term"],
        statutory_mitigation=["diminished-capacity"],
    )
    (b,) = ws.branches
    assert term(b) == (Fraction(1, 2), 42)
    assert b.as_dict()["disposable"]["text"]["ko"] == "징역 15일 ~ 3년 6월"
    assert b.as_dict()["disposable"]["term"]["min_months"] == 0.5
    assert b.disposable_confidence == "unconfirmed"


@pytest.mark.parametrize("offence_date", ["2021-03-10", "2025-06-01"])
def test_criminal_act_numbers_are_read_from_the_article_texts(bundled_kb, offence_date):
    """Art. 35(2) '2배', Art. 38(1)2 '2분의 1', Art. 42 '1개월 … 30년', '50년', Art. 55(1)3 '2분의 1', Art. 62 '3년' — read, not assumed."""
    from lawkb.sentencing.criminal_act import CriminalAct

    ca = CriminalAct(bundled_kb, offence_date)
    expected = {
        "repeat_max_factor": 2,
        "concurrent_raise": Fraction(1, 2),
        "term_min_months": 1,
        "term_max_months": 360,
        "aggravated_max_months": 600,
        "mitigation_term": Fraction(1, 2),
        "life_mitigated_min_months": 120,
        "life_mitigated_max_months": 600,
        "probation_max_term_months": 36,
        "probation_max_fine_won": 5_000_000,
    }
    for key, value in expected.items():
        got = ca.get(key)
        assert got.from_text, key
        assert got.value == value, key
