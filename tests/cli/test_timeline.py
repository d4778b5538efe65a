"""`lawkb timeline`: one chronological view, scoped to offences, articles or acts; exact messages and exit codes.

Legal expectations were read from the statute texts in /work/shared/reference/statutes/: 청소년성보호법 법률 제17338호 was
promulgated and took effect on 2020-06-02 (부칙: 공포한 날부터 시행) and changed Art. 11 ②, ③ and ⑤; 법률 제11572호
(promulgated 2012-12-18, in force 2013-06-19) is the full revision that gave Art. 11 its numbering.
"""

from __future__ import annotations

import json

import pytest

from tests.conftest import DATA

FIXTURE = str(DATA / "compare")
TODAY = "2026-01-15"


@pytest.fixture
def run(invoke, monkeypatch):
    import lawkb.query

    monkeypatch.setattr(lawkb.query, "today", lambda: TODAY)

    def go(*args: str):
        return invoke("timeline", *args, env={"COLUMNS": "100", "NO_COLOR": "1"})

    return go


def timeline_json(run, *args: str) -> dict:
    result = run(*args, "--format", "json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["schema_version"] == 1 and doc["kind"] == "timeline"
    return doc


def keys(doc: dict) -> list[tuple]:
    return [(e["date"], e["kind"], e["event"], e["record"]) for e in doc["events"]]


def test_csem_offences_show_promulgation_and_force_separately_with_penalty_changes(run):
    doc = timeline_json(run, "--category", "csem", "--from", "2012-01-01", "--kind", "amendment")
    events = keys(doc)
    assert ("2012-12-18", "amendment", "promulgated", "youth-protection.act-11572") in events
    assert ("2013-06-19", "amendment", "in_force", "youth-protection.act-11572") in events
    promulgated = events.index(("2020-06-02", "amendment", "promulgated", "youth-protection.act-17338"))
    assert events[promulgated + 1] == ("2020-06-02", "amendment", "in_force", "youth-protection.act-17338")
    in_force = doc["events"][promulgated + 1]
    changed = {(c["article"], c["paragraph"]): c for c in in_force["changes"]}
    assert {(a, p) for a, p in changed} >= {("youth-protection.11", 2), ("youth-protection.11", 3), ("youth-protection.11", 5)}
    p5 = changed[("youth-protection.11", 5)]["penalty"]
    assert (p5["min_change"]["to"], p5["max_change"]["from"], p5["fine_change"]["change"]) == (12, 12, "removed")
    assert "csem-possession" in in_force["touches"]
    assert [e["date"] for e in doc["events"]] == sorted(e["date"] for e in doc["events"])


def test_an_offence_timeline_includes_directives_that_name_it(run):
    doc = timeline_json(run, "csem-possession", "--kind", "directive")
    assert ("2020-04-09", "directive", "issued", "spo-2020-04-09") in keys(doc)
    assert all(e["kind"] == "directive" for e in doc["events"])


def test_kinds_repeat_or_comma_separated(run):
    a = timeline_json(run, "--kb", FIXTURE, "--kind", "bill,report")
    b = timeline_json(run, "--kb", FIXTURE, "--kind", "bill", "--kind", "report")
    assert keys(a) == keys(b) and {e["kind"] for e in a["events"]} == {"bill", "report"}
    assert a["kinds"] == ["bill", "report"]


def test_an_article_reference_scopes_to_its_paragraphs(run):
    doc = timeline_json(run, "--kb", FIXTURE, "모범법 제3조제4항", "--kind", "amendment")
    assert keys(doc) == [("2020-03-01", "amendment", "promulgated", "model-act.act-200"), ("2020-09-01", "amendment", "in_force", "model-act.act-200"),
                         ("2025-12-01", "amendment", "promulgated", "model-act.act-300"), ("2026-06-01", "amendment", "in_force", "model-act.act-300")]
    assert doc["scope"]["provisions"] == ["model-act.3(4)"]
    assert doc["events"][-1]["status"] == "not yet in force"


def test_dates_limit_the_view(run):
    doc = timeline_json(run, "--kb", FIXTURE, "--from", "2020-04-01", "--to", "2020-06-30")
    assert keys(doc) == [("2020-04-09", "directive", "issued", "model-directive"), ("2020-05", "case", "indictment", "model-case")]
    assert doc["undated"] == []
    assert timeline_json(run, "--kb", FIXTURE)["undated"][0]["event"] == "appeal"


@pytest.mark.parametrize(("args", "code", "message"), [
    (["--kind", "law"], 2, "lawkb: error[kind-unknown]: unknown event kind 'law'\n    hint: kinds: amendment, bill, guideline, directive, case, report\n"),
    (["--from", "2020-1-1"], 2, "lawkb: error[date-invalid]: --from '2020-1-1' is not a date\n    hint: write dates as YYYY-MM-DD, e.g. 2020-06-02\n"),
    (["--from", "2021-01-01", "--to", "2020-01-01"], 2,
     "lawkb: error[dates-order]: --from 2021-01-01 is after --to 2020-01-01\n    hint: give the earlier date in --from\n"),
    (["bill-model-a"], 2, "lawkb: error[ref-kind]: bill-model-a is a bill; a timeline is drawn for offences, articles and acts\n"
                          "    hint: give an offence id, an article reference or an act name\n"),
    (["--category", "piracy"], 3, "lawkb: error[category-unknown]: no offence in category 'piracy'\n    hint: categories: csem, threat\n"),
])
def test_errors_have_exact_messages_and_exit_codes(run, args, code, message):
    result = run(*args, "--kb", FIXTURE)
    assert (result.exit_code, result.stdout, result.stderr) == (code, "", message)


def test_an_empty_range_says_so(run):
    result = run("--kb", FIXTURE, "--from", "2001-01-01", "--to", "2001-12-31")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[-1] == "no events in this range"


def test_markdown_and_html_carry_every_event(run):
    doc = timeline_json(run, "--kb", FIXTURE)
    md = run("--kb", FIXTURE, "--format", "md").stdout
    html = run("--kb", FIXTURE, "--format", "html").stdout
    total = len(doc["events"]) + len(doc["undated"])
    assert md.count("\n| 20") + md.count("\n| undated") == total
    assert html.count("<tr><td>") == total
    assert "&lt;정부&gt; &amp; 대안" in html and "<정부>" not in html
