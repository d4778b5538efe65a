"""Mechanics of the sentencing engine on the small fixture knowledge base (tests/data/sentencing)."""

from __future__ import annotations

import copy
from fractions import Fraction

import pytest

from lawkb.errors import UsageError
from lawkb.model import KnowledgeBase, make_record
from lawkb.sentencing import SentenceRequest, compute_worksheet
from lawkb.sentencing.criminal_act import CRIMINAL_ACT_NUMBERS, CriminalAct
from tests.conftest import DATA

FIXTURE = DATA / "sentencing"
NOW = "2026-03-01"
DATES = {"offence_date": "2021-03-10", "indictment_date": "2021-06-01"}


@pytest.fixture(scope="module")
def kb():
    from lawkb.load import load_kb

    result = load_kb(FIXTURE)
    assert not result.errors, [f"{d.file}:{d.line}: {d.message}" for d in result.errors[:5]]
    return result.kb


def run(kb, *offences, **kw):
    kw.setdefault("now", NOW)
    for k, v in DATES.items():
        kw.setdefault(k, v)
    return compute_worksheet(kb, SentenceRequest(list(offences), **kw))


def step(branch, name, offence=None):
    found = [s for s in branch.steps if s.step == name and (offence is None or s.offence == offence)]
    assert len(found) == 1, [s.step for s in branch.steps]
    return found[0]


def with_guideline(kb: KnowledgeBase, change) -> KnowledgeBase:
    """A copy of the KB whose guideline record is edited by `change(data)`."""
    g = kb.get("fixture-guideline")
    data = copy.deepcopy(dict(g.data))
    change(data)
    out = KnowledgeBase(kb.root, dict(kb.records))
    out.add(make_record("guideline", data, g.file))
    return out


def rule(data, rid):
    return next(r for r in data["rules"] if r["id"] == rid)


# ---- statute layer -------------------------------------------------------------------------------------


def test_lighter_later_law_applies(kb):
    """Fictional act: 5 years at the act (2020), 3 years from 2022-01-01 → Art. 1(2) applies the new law: [1, 36]."""
    ws = run(kb, "test-lighter", offence_date="2020-05-01", indictment_date="2022-03-01")
    (b,) = ws.branches
    s = step(b, "statutory-range")
    assert s.rule["id"] == "criminal-act.1(2)"
    assert s.inputs["penalty_at_offence_date"] == "5년 이하의 징역"
    assert (b.disposable.term.lo, b.disposable.term.hi) == (1, 36)
    assert [f["code"] for f in ws.flags()] == ["lighter-later-law"]


def test_offence_date_is_required(kb):
    with pytest.raises(UsageError) as exc:
        compute_worksheet(kb, SentenceRequest(["csem-production"], now=NOW))
    assert exc.value.code == "findings-missing"
    assert "--offence-date" in exc.value.message


def test_indictment_before_offence_is_refused(kb):
    with pytest.raises(UsageError) as exc:
        run(kb, "csem-production", offence_date="2021-03-10", indictment_date="2021-01-01")
    assert exc.value.code == "dates-inverted"


def test_missing_indictment_date_leaves_guideline_and_demand_not_determined(kb):
    ws = run(kb, "csem-production", indictment_date=None, penalty_types=["term"], roles=["producer"])
    (b,) = ws.branches
    assert step(b, "guideline-version").status == "not-determined"
    assert step(b, "prosecution-demand").status == "not-determined"
    assert [m["finding"] for m in ws.missing] == ["--indictment-date"]
    assert (b.disposable.term.lo, b.disposable.term.hi) == (60, 360)


def test_attempt_of_a_provision_without_attempt_clause_is_refused(kb):
    with pytest.raises(UsageError) as exc:
        run(kb, "csem-distribution", attempt=True)
    assert exc.value.code == "attempt-not-punishable"


def test_habitual_needs_a_habitual_clause(kb):
    with pytest.raises(UsageError) as exc:
        run(kb, "csem-distribution", habitual=True)
    assert exc.value.code == "habitual-not-provided"


def test_habitual_applies_only_where_the_act_provides_it(kb):
    ws = run(kb, "csem-production", "csem-distribution", habitual=True, penalty_types=["term"])
    (b,) = ws.branches
    assert [s.offence for s in b.steps if s.step == "habitual"] == ["csem-production"]


def test_penalty_type_must_exist(kb):
    with pytest.raises(UsageError) as exc:
        run(kb, "csem-distribution", penalty_types=["life"])
    assert exc.value.code == "penalty-type-unavailable"


def test_mixed_term_and_fine_are_imposed_together(kb):
    """Art. 38(1)3: deepfake editing as a fine (5,000만원) with possession as a term [12, 360]: both kept."""
    ws = run(kb, "deepfake-editing", "csem-possession", penalty_types=["1=fine"])
    (b,) = ws.branches
    assert b.disposable.fine_max_won == 50_000_000
    assert (b.disposable.term.lo, b.disposable.term.hi) == (12, 360)
    assert step(b, "concurrent-crimes").rule["id"] == "criminal-act.38(1)3"


def test_concurrent_lower_bound_of_a_lighter_crime_is_flagged(kb):
    """Production mitigated twice [15, 90] with possession [12, 360]: heaviest = possession (longer maximum),
    upper min(540, 450, 600) = 450, lower 12; production's higher minimum is flagged as unconfirmed."""
    ws = run(kb, "csem-production", "csem-possession", penalty_types=["term"], statutory_mitigation=["1=2"])
    (b,) = ws.branches
    s = step(b, "concurrent-crimes")
    assert s.inputs["heaviest"] == "csem-possession"
    assert (b.disposable.term.lo, b.disposable.term.hi) == (12, 450)
    assert s.confidence == "unconfirmed"


def test_repeated_halving_gives_exact_quarter_months(kb):
    """Deepfake editing (2021 text: 5 years) twice mitigated: [1, 60] → [1/2, 30] → [1/4, 15]; 1/4 month = 7.5 days."""
    ws = run(kb, "deepfake-editing", penalty_types=["term"], statutory_mitigation=["2"])
    (b,) = ws.branches
    assert b.disposable.term.lo == Fraction(1, 4)
    assert b.as_dict()["disposable"]["text"]["ko"] == "징역 7.5일 ~ 1년 3월"


def test_unknown_statutory_ground(kb):
    with pytest.raises(UsageError) as exc:
        run(kb, "csem-production", statutory_mitigation=["remorse"])
    assert exc.value.code == "ground-unknown"
    assert "diminished-capacity" in exc.value.hint


def test_criminal_act_fallback_when_no_article_record(kb):
    """Without the Art. 35 record the engine uses its one constants table and says so in the source."""
    bare = KnowledgeBase(kb.root, {k: v for k, v in kb.records.items() if k != "criminal-act.35"})
    got = CriminalAct(bare, "2021-03-10").get("repeat_max_factor")
    assert got.value == CRIMINAL_ACT_NUMBERS["repeat_max_factor"].fallback
    assert not got.from_text
    assert "engine constant" in got.source.cite
    read = CriminalAct(kb, "2021-03-10").get("repeat_max_factor")
    assert read.from_text and read.source.record == "criminal-act.35"


def test_suspended_fines_did_not_exist_before_2018(kb):
    """Art. 62(1) gained '500만원 이하의 벌금' on 2018-01-07; before that the number is absent, not defaulted."""
    assert CriminalAct(kb, "2017-06-01").get("probation_max_fine_won").value is None
    assert CriminalAct(kb, "2018-06-01").get("probation_max_fine_won").value == 5_000_000


# ---- guideline layer ---------------------------------------------------------------------------------


def test_factors_of_the_same_category_cancel_to_the_basic_zone(kb):
    """Branch (c): one act factor on each side cancel → balanced → basic zone."""
    ws = run(kb, "csem-production", penalty_types=["term"], aggravating=["csem-bad-method"], mitigating=["csem-special-participation"])
    z = step(ws.branches[0], "zone")
    assert (z.result["zone"], z.result["branch"]) == ("basic", "c")


def test_cancellation_leaves_one_side(kb):
    """Branch (d): two act aggravating, one act mitigating → one aggravating act factor left → aggravated."""
    ws = run(kb, "csem-production", penalty_types=["term"], aggravating=["csem-bad-method", "csem-many-victims"], mitigating=["csem-special-participation"])
    z = step(ws.branches[0], "zone")
    assert (z.result["zone"], z.result["branch"]) == ("aggravated", "d")


def test_victim_wish_may_weigh_like_an_act_factor(kb):
    """Aggravating act factor vs the victim's wish (actor): act prevails; weighed as act it would cancel → note."""
    ws = run(kb, "csem-production", penalty_types=["term"], aggravating=["csem-bad-method"], mitigating=["csem-no-punishment"])
    z = step(ws.branches[0], "zone")
    assert z.result["zone"] == "aggravated"
    assert any(n["code"] == "victim-wish" and "basic zone" in n["en"] for n in z.notes)


def test_general_factors_do_not_move_the_zone(kb):
    ws = run(kb, "csem-distribution", mitigating=["csem-remorse"])
    z = step(ws.branches[0], "zone")
    assert z.result["zone"] == "basic"
    assert z.inputs["general"] == ["csem-remorse"]


def test_open_lower_bound_is_not_halved_and_clips_to_the_disposable_minimum(kb):
    """Deepfake editing mitigated zone '~ 8월' with two mitigating factors: the open bound stays open; clipped to the
    disposable minimum (1 month) → [1, 8]."""
    ws = run(kb, "deepfake-editing", penalty_types=["term"], mitigating=["deepfake-special-participation", "deepfake-surrender"])
    (b,) = ws.branches
    adj = step(b, "special-adjustment")
    assert adj.result["adjusted"] is False and adj.notes[0]["code"] == "open-bound"
    assert (b.recommended.lo, b.recommended.hi) == (1, 8)


def test_missing_rule_param_makes_the_step_not_determined(kb):
    changed = with_guideline(kb, lambda d: rule(d, "special-adjustment")["params"].pop("upper_factor"))
    ws = run(changed, "csem-production", penalty_types=["term"], aggravating=["csem-bad-method", "csem-many-victims"])
    (b,) = ws.branches
    s = step(b, "special-adjustment")
    assert s.status == "not-determined"
    assert b.recommended is None
    assert ws.gaps == ["fixture-guideline: rule 'special-adjustment' has no params.upper_factor"]


def test_missing_rule_is_reported(kb):
    changed = with_guideline(kb, lambda d: d.__setitem__("rules", [r for r in d["rules"] if r["id"] != "multiple-crimes"]))
    ws = run(changed, "csem-production", "csem-distribution", penalty_types=["term"])
    assert step(ws.branches[0], "multiple-crimes").status == "not-determined"
    assert ws.gaps == ["fixture-guideline: no rule with id 'multiple-crimes' (rules[].id)"]


def test_fourth_crime_needs_a_fourth_fraction(kb):
    ws = run(kb, "csem-production", "csem-distribution", "csem-possession", "csem-possession", penalty_types=["term"])
    assert step(ws.branches[0], "multiple-crimes").status == "not-determined"
    assert ws.gaps == ["fixture-guideline: rule 'multiple-crimes' has no params.fourth_fraction"]


def test_multiple_crimes_need_a_range_for_every_crime(kb):
    """Production (term) with possession attempted? possession has no attempt clause — use a fine branch instead:
    deepfake editing as a fine has no guideline range, so the multiple-crimes rule does not apply."""
    ws = run(kb, "csem-production", "deepfake-editing", penalty_types=["1=term", "2=fine"])
    s = step(ws.branches[0], "multiple-crimes")
    assert s.status == "not-applicable"
    assert "deepfake-editing: a fine is chosen" in s.summary_en


# ---- factors and targets ---------------------------------------------------------------------------


def test_unknown_factor_lists_the_valid_ones(kb):
    with pytest.raises(UsageError) as exc:
        run(kb, "csem-production", aggravating=["csem-cruelty"])
    assert exc.value.code == "factor-unknown"
    assert "special: csem-bad-method, csem-many-victims, csem-duty-holder, csem-same-kind-repeat" in exc.value.hint


def test_factor_direction_is_checked(kb):
    with pytest.raises(UsageError) as exc:
        run(kb, "csem-production", aggravating=["csem-surrender"])
    assert exc.value.code == "factor-direction"
    assert exc.value.hint == "give it with --mitigating csem-surrender"


def test_factor_shared_by_two_offences_needs_a_target(kb):
    with pytest.raises(UsageError) as exc:
        run(kb, "csem-production", "csem-distribution", aggravating=["csem-bad-method"])
    assert exc.value.code == "factor-ambiguous"
    assert exc.value.hint == "say which, e.g. --aggravating 1=csem-bad-method"


def test_factor_for_an_offence_without_type(kb):
    with pytest.raises(UsageError) as exc:
        run(kb, "test-lighter", aggravating=["csem-bad-method"], offence_date="2020-05-01", indictment_date="2022-03-01")
    assert exc.value.code == "no-guideline-type"


def test_target_by_offence_id_and_position(kb):
    ws = run(kb, "csem-production", "csem-distribution", penalty_types=["term"], aggravating=["csem-distribution=csem-bad-method", "1=csem-many-victims"])
    assert [f["id"] for f in ws.counts[1].aggravating] == ["csem-bad-method"]
    assert [f["id"] for f in ws.counts[0].aggravating] == ["csem-many-victims"]


def test_same_offence_twice_needs_a_position(kb):
    with pytest.raises(UsageError) as exc:
        run(kb, "csem-possession", "csem-possession", mitigating=["csem-possession=csem-remorse"])
    assert exc.value.code == "target-ambiguous"


# ---- probation --------------------------------------------------------------------------------------


def test_probation_prison_recommended(kb):
    ws = run(kb, "csem-possession", probation_factors=["csem-p-bad-method", "csem-p-many-victims"])
    assert step(ws.branches[0], "probation-guideline").result["recommendation"] == "prison"


def test_probation_general_surplus_overrides(kb):
    """Two major positive (margin 2) against three general negative with no general positive (surplus 3 > 2): neither."""
    ws = run(kb, "csem-possession", probation_factors=["csem-p-no-record", "csem-p-surrender", "csem-p-no-remorse", "csem-p-no-ties", "csem-p-concealment"])
    assert step(ws.branches[0], "probation-guideline").result["recommendation"] == "neither"


def test_probation_criteria_are_for_single_crimes(kb):
    ws = run(kb, "csem-possession", "deepfake-editing", penalty_types=["term"])
    assert step(ws.branches[0], "probation-guideline").status == "not-determined"


# ---- prosecution demand ---------------------------------------------------------------------------


def test_role_unknown_lists_roles(kb):
    with pytest.raises(UsageError) as exc:
        run(kb, "csem-production", roles=["mastermind"])
    assert exc.value.code == "role-unknown"
    assert exc.value.hint == "roles: producer, ringleader"


def test_demand_uses_the_indictment_date_and_compares_with_the_branch(kb):
    ws = run(kb, "csem-production", roles=["ringleader"], penalty_types=["term"])
    d = step(ws.branches[0], "prosecution-demand")
    assert d.result["demand"]["min_months"] == 180
    assert any(n["code"] == "life-outside-branch" for n in d.notes)
    assert d.inputs["date_used"] == "indictment"


def test_directive_not_yet_issued(kb):
    ws = run(kb, "csem-production", roles=["producer"], penalty_types=["term"], offence_date="2019-06-01", indictment_date="2020-01-10")
    assert step(ws.branches[0], "prosecution-demand").status == "not-determined"


def test_json_shape(kb):
    ws = run(kb, "csem-production", penalty_types=["term"])
    d = ws.as_dict()
    b = d["branches"][0]
    assert b["disposable"]["term"] == {"min_months": 60, "max_months": 360}
    assert b["recommended"]["min_months"] == 60 and b["recommended"]["max_months"] == 108
    for s in b["trace"]:
        assert {"step", "rule", "inputs", "result", "sources", "confidence"} <= set(s)
        assert s["sources"], s["step"]
