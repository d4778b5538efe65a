"""`lawkb sentence`: worked cases through the CLI (bundled KB), exact messages and exit codes."""

from __future__ import annotations

import json

from tests.conftest import DATA

CASE = ["--offence-date", "2021-03-10", "--indictment-date", "2021-06-01"]


def test_special_aggravation_worksheet_text(invoke):
    """Production, two special aggravating act factors, term chosen: aggravated zone 7–13 years, special adjustment ×3/2
    on the upper bound → 징역 7년 ~ 19년 6월; 처단형 [60, 360] = 징역 5년 ~ 30년 (Youth Act Art. 11(1), Criminal Act Art. 42)."""
    r = invoke(
        "sentence",
        "csem-production",
        *CASE,
        "--penalty-type",
        "term",
        "--aggravating",
        "csem-bad-method",
        "--aggravating",
        "csem-many-victims",
        "--role",
        "producer",
    )
    assert r.exit_code == 0, r.output
    out = r.stdout
    assert "징역 7년 ~ 19년 6월" in out
    assert "imprisonment from 7 years to 19 years 6 months" in out
    assert "징역 5년 ~ 30년" in out
    assert "형법 제1조제1항" in out
    assert "source:" in out


def test_json_worksheet(invoke):
    """Two concurrent offences (the research notes' worked example): 처단형 5–45 years, recommended 7–16 years (84–192 months)."""
    r = invoke(
        "sentence",
        "csem-production",
        "csem-distribution",
        *CASE,
        "--aggravating",
        "1=csem-bad-method",
        "--aggravating",
        "1=csem-many-victims",
        "--mitigating",
        "1=csem-surrender-disclosure",
        "--penalty-type",
        "1=term",
        "--format",
        "json",
    )
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    assert data["kind"] == "sentence" and data["schema_version"] == 1
    (b,) = data["branches"]
    assert b["disposable"]["term"] == {"min_months": 60, "max_months": 540}
    assert (b["recommended"]["min_months"], b["recommended"]["max_months"]) == (84, 192)
    assert b["recommended"]["unconfirmed"] is True
    steps = [s["step"] for s in b["trace"]]
    assert steps[:6] == ["statutory-range", "penalty-type", "statutory-range", "penalty-type", "concurrent-crimes", "disposable-range"]
    assert "multiple-crimes" in steps and "clip" in steps
    for s in b["trace"]:
        assert s["sources"] and s["confidence"] in ("high", "medium", "low", "unconfirmed")


def test_markdown_handout(invoke):
    r = invoke("sentence", "csem-possession", "--offence-date", "2022-03-01", "--indictment-date", "2022-06-01", "--repeat-offender", "--format", "md")
    assert r.exit_code == 0, r.output
    assert r.stdout.startswith("# 양형 계산표 · Sentencing worksheet\n")
    assert "| 처단형 · Disposable range | 징역 1년 ~ 50년 / imprisonment from 1 year to 50 years |" in r.stdout
    assert "| 권고형 · Recommended range | 징역 1년 ~ 2년 / imprisonment from 1 year to 2 years |" in r.stdout


def test_branches_when_the_law_leaves_the_choice(invoke):
    r = invoke("sentence", "csem-production", *CASE, "--format", "json")
    data = json.loads(r.stdout)
    assert [b["choices"][0]["penalty_type"] for b in data["branches"]] == ["life", "term"]
    assert data["branches"][0]["disposable"]["life"] is True


def test_unknown_factor_exits_2_with_the_valid_ones(invoke):
    r = invoke("sentence", "csem-possession", *CASE, "--aggravating", "csem-cruelty")
    assert r.exit_code == 2
    assert r.stderr.splitlines()[0] == "lawkb: error[factor-unknown]: --aggravating 'csem-cruelty' is not a factor of the guideline type for csem-possession"
    assert r.stderr.splitlines()[1].startswith("    hint: valid aggravating factors — 1=csem-possession: special: csem-bad-method,")


def test_missing_offence_date_exits_2(invoke):
    r = invoke("sentence", "csem-production")
    assert r.exit_code == 2
    assert r.stderr == (
        "lawkb: error[findings-missing]: missing finding: --offence-date (it selects the statute version, Criminal Act Art. 1)\n"
        "    hint: give the date the act ended, e.g. --offence-date 2021-03-10\n"
    )


def test_missing_indictment_date_proceeds_and_says_so(invoke):
    r = invoke("sentence", "csem-production", "--offence-date", "2021-03-10", "--penalty-type", "term", "--role", "producer")
    assert r.exit_code == 0
    assert "not determined" in r.stdout
    assert r.stderr == "lawkb: note: missing findings: --indictment-date\n"


def test_ambiguous_offence_asks_for_the_paragraph(invoke):
    r = invoke("sentence", "filmed-threat", "--offence-date", "2022-03-10")
    assert r.exit_code == 2
    assert r.stderr.startswith("lawkb: error[offence-ambiguous]: filmed-threat covers several provisions on 2022-03-10: ")


def test_factor_for_several_offences_needs_a_target(invoke):
    r = invoke("sentence", "csem-production", "csem-distribution", *CASE, "--aggravating", "csem-bad-method")
    assert r.exit_code == 2
    assert r.stderr == (
        "lawkb: error[factor-ambiguous]: --aggravating csem-bad-method: it fits several offences (1=csem-production, 2=csem-distribution)\n"
        "    hint: say which, e.g. --aggravating 1=csem-bad-method\n"
    )


def test_invalid_date_exits_2(invoke):
    r = invoke("sentence", "csem-production", "--offence-date", "2021-02-30")
    assert r.exit_code == 2
    assert r.stderr.startswith("lawkb: error[date-invalid]: --offence-date '2021-02-30' is not a date")


def test_fixture_kb_with_kb_option(invoke):
    r = invoke("sentence", "test-lighter", "--offence-date", "2020-05-01", "--indictment-date", "2022-03-01", "--kb", str(DATA / "sentencing"), "-f", "json")
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    assert data["branches"][0]["disposable"]["term"] == {"min_months": 1, "max_months": 36}
    assert data["flags"][0]["code"] == "lighter-later-law"


def test_help_documents_targets_and_dates(invoke):
    r = invoke("sentence", "--help")
    assert r.exit_code == 0
    for words in ("N=VALUE or OFFENCE=VALUE", "--offence-date is required", "not determined", "--statutory-mitigation", "--penalty-type"):
        assert words in r.stdout


def test_prompts_for_missing_dates_at_a_terminal(invoke, monkeypatch):
    import lawkb.cli.sentence as cmd

    monkeypatch.setattr(cmd, "_interactive", lambda: True)
    r = invoke("sentence", "csem-production", "--penalty-type", "term", "-f", "md", input="2021-03-10\n2021-06-01\n")
    assert r.exit_code == 0, r.output
    assert "Offence date (YYYY-MM-DD): " in r.stdout
    assert "- 공소제기일 · Indictment date: 2021-06-01" in r.stdout
    assert "| 권고형 · Recommended range | 징역 5년 ~ 9년 / imprisonment from 5 years to 9 years |" in r.stdout
