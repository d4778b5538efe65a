"""`lawkb diff` and `lawkb bills`: structured deltas, exact messages and exit codes, formats, width and colour.

Legal expectations below were read from the statute texts in /work/shared/reference/statutes/ (the national law
database's consolidated versions), not from the knowledge base:
- 성폭력처벌법 제14조 before 2020-05-19 (법률 제17086호 text): ① 5년 이하의 징역 또는 3천만원 이하의 벌금, ② the same,
  ③ 7년 이하의 징역. From 2020-05-19 (법률 제17264호): ① and ② 7년 이하의 징역 또는 5천만원 이하의 벌금, ③ 3년 이상의
  유기징역, ④ (new) 3년 이하의 징역 또는 3천만원 이하의 벌금, ⑤ (new) habitual offenders of ①–③ up to one half more.
- 청소년성보호법 제11조 before 2020-06-02 (법률 제17282호 text): ② 10년 이하의 징역, ③ 7년 이하의 징역 또는 5천만원 이하의 벌금,
  ⑤ 1년 이하의 징역 또는 2천만원 이하의 벌금. From 2020-06-02 (법률 제17338호): ② 5년 이상의 징역, ③ 3년 이상의 징역,
  ⑤ 1년 이상의 징역, ⑦ (new) habitual production up to one half more; ① keeps 무기징역 또는 5년 이상의 유기징역.
- 성폭력처벌법 제14조의2 (법률 제17086호 → 제20459호, 2024-10-16): ① 5년 → 7년 이하 (벌금 5천만원), ③ 7년 이하의 징역 →
  3년 이상의 유기징역, ④ (new) possession 3년 이하의 징역 또는 3천만원 이하의 벌금, the habitual rule from ④ to ⑤.
"""

from __future__ import annotations

import json

import pytest
from rich.cells import cell_len

from tests.conftest import DATA

FIXTURE = str(DATA / "compare")
TODAY = "2026-01-15"


@pytest.fixture
def run(invoke, monkeypatch):
    import lawkb.query

    monkeypatch.setattr(lawkb.query, "today", lambda: TODAY)
    monkeypatch.delenv("FORCE_COLOR", raising=False)

    def go(*args: str, env: dict[str, str] | None = None):
        return invoke(*args, env={"COLUMNS": "100", "NO_COLOR": "1", **(env or {})})

    return go


def diff_json(run, *args: str) -> dict:
    result = run("diff", *args, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def paragraphs(doc: dict, section: int = 0) -> list[dict]:
    return doc["sections"][section]["paragraphs"]


def bound(change: str, frm, to) -> dict:
    return {"change": change, "from": frm, "to": to}


def short(b: dict | None) -> dict | None:
    return None if b is None else {"change": b["change"], "from": b["from"], "to": b["to"]}


# ---- the law: structured deltas ------------------------------------------------------------------------


def test_sexual_crimes_14_across_2020_05_19(run):
    doc = diff_json(run, "성폭력처벌법:14", "--from", "2020-05-18", "--to", "2020-05-19")
    assert doc["schema_version"] == 1 and doc["kind"] == "diff" and doc["mode"] == "dates"
    # The 17086 text of Art. 14 carries only <개정 2018.12.18> marks: the text in force on 2020-05-18 was Act No. 15977's.
    assert [v["act_number"] for v in doc["sections"][0]["versions"]] == [15977, 17264]
    rows = paragraphs(doc)
    got = [(c["change"], c["old_paragraph"], c["new_paragraph"]) for r in rows for c in r["changes"]]
    assert got == [("modified", 1, 1), ("modified", 2, 2), ("modified", 3, 3), ("added", None, 4), ("added", None, 5)]
    p1, p2, p3, p4, p5 = (r["changes"][0]["penalty"] for r in rows)
    for p in (p1, p2):
        assert short(p["max_change"]) == bound("raised", 60, 84)
        assert p["min_change"] is None
        assert p["fine_change"]["change"] == "raised"
        assert (p["fine_change"]["from"]["max_won"], p["fine_change"]["to"]["max_won"]) == (30_000_000, 50_000_000)
    # ¶3: the stated maximum of 84 months goes, a stated minimum of 36 months comes, and there is no fine either side.
    assert p3["max_change"] == {"from": 84, "to": None, "effective_from": 84, "effective_to": 360, "change": "removed", "heavier": True}
    assert p3["min_change"] == {"from": None, "to": 36, "effective_from": 1, "effective_to": 36, "change": "added", "heavier": True}
    assert p3["fine_change"] is None and p3["type_change"] is None and p3["life_change"] is None
    assert p3["direction"] == "heavier"
    assert p4["status"] == "added" and p4["type_change"] == {"from": [], "to": ["징역", "fine"]}
    assert p4["fine_change"] == {"from": None, "to": {"max_won": 30_000_000, "min_won": None, "combination": "alternative"}, "change": "added"}
    assert rows[3]["cells"][1]["penalty"]["imprisonment"]["max_months"] == 36
    assert p5 is None and rows[4]["cells"][1]["role"] == "habitual"


def test_youth_protection_11_across_2020_06_02_every_paragraph(run):
    rows = paragraphs(diff_json(run, "청소년성보호법:11", "--from", "2020-06-01", "--to", "2020-06-02"))
    changes = [r["changes"][0] for r in rows]
    assert [(c["change"], c["new_paragraph"]) for c in changes] == [
        ("modified", 1), ("modified", 2), ("modified", 3), ("modified", 4), ("modified", 5), ("unchanged", 6), ("added", 7)]
    pens = [c["penalty"] for c in changes]
    # ① same range (life or at least 5 years); habitual aggravation arrives with ⑦.
    assert pens[0]["direction"] == "same" and pens[0]["habitual_change"]["change"] == "added"
    assert (pens[0]["min_change"], pens[0]["max_change"], pens[0]["life_change"]) == (None, None, None)
    # ② up to 10 years -> at least 5 years.
    assert (short(pens[1]["min_change"]), short(pens[1]["max_change"]), pens[1]["fine_change"]) == (bound("added", None, 60), bound("removed", 120, None), None)
    # ③ up to 7 years or 50 million won -> at least 3 years, no fine.
    assert (short(pens[2]["min_change"]), short(pens[2]["max_change"])) == (bound("added", None, 36), bound("removed", 84, None))
    assert pens[2]["fine_change"]["change"] == "removed" and pens[2]["fine_change"]["from"]["max_won"] == 50_000_000
    # ④ wording only (the material's new name): same penalty.
    assert pens[3]["status"] == "unchanged" and changes[3]["text_changed"] is True
    # ⑤ up to 1 year or 20 million won -> at least 1 year, no fine.
    assert (short(pens[4]["min_change"]), short(pens[4]["max_change"])) == (bound("added", None, 12), bound("removed", 12, None))
    assert pens[4]["fine_change"]["from"]["max_won"] == 20_000_000 and pens[4]["fine_change"]["to"] is None
    assert pens[4]["summary_ko"].startswith("1년 이하의 징역 또는 2천만원 이하의 벌금 → 1년 이상의 징역: 하한 1년 신설")
    assert pens[5] is None and pens[6] is None
    inserted = [w["text"] for w in changes[4]["words"] if w["op"] == "insert"]
    assert "소지ㆍ시청한" in inserted


def test_sexual_crimes_14_2_across_2024_10_16_moves_the_habitual_rule(run):
    doc = diff_json(run, "성폭력처벌법 제14조의2", "--from", "2024-10-15", "--to", "2024-10-16")
    rows = paragraphs(doc)
    assert [(c["change"], c["old_paragraph"], c["new_paragraph"]) for r in rows for c in r["changes"]] == [
        ("modified", 1, 1), ("modified", 2, 2), ("modified", 3, 3), ("added", None, 4), ("renumbered", 4, 5)]
    assert short(rows[0]["changes"][0]["penalty"]["max_change"]) == bound("raised", 60, 84)
    assert short(rows[2]["changes"][0]["penalty"]["min_change"]) == bound("added", None, 36)
    possession = rows[3]["cells"][1]
    assert possession["penalty"]["imprisonment"]["max_months"] == 36 and possession["penalty"]["fine"]["max_won"] == 30_000_000
    moved = rows[4]["changes"][0]
    assert moved["text_changed"] is False and moved["similarity"] == 1.0
    one = diff_json(run, "Art. 14-2(4)", "--from", "2024-10-15", "--to", "2024-10-16")
    assert [(c["change"], c["new_paragraph"]) for r in paragraphs(one) for c in r["changes"]] == [("added", 4), ("renumbered", 5)]
    assert one["paragraph"] == 4 and one["subject"]["type"] == "paragraph"


# ---- exact messages and exit codes ---------------------------------------------------------------------


@pytest.mark.parametrize(("args", "code", "message"), [
    (["diff", "모범법:3", "--from", "2020-13-01"], 2, "lawkb: error[date-invalid]: --from '2020-13-01' is not a date\n"
                                                     "    hint: write dates as YYYY-MM-DD, e.g. 2020-06-02\n"),
    (["diff", "모범법:3", "--from", "2020-03-02", "--to", "2020-03-01"], 2,
     "lawkb: error[dates-order]: --from 2020-03-02 is after --to 2020-03-01\n    hint: give the earlier date in --from\n"),
    (["diff", "모범법:3", "--from", "2010-01-01", "--to", "2011-01-01"], 3,
     "lawkb: error[not-in-force]: 모범법 제3조 was in force on neither 2010-01-01 nor 2011-01-01\n"
     "    hint: its first recorded version came into force on 2015-07-11\n"),
    (["diff", "모범법:4", "--bill", "bill-model-a"], 2,
     "lawkb: error[bill-not-on-article]: bill-model-a does not change 모범법 제4조\n    hint: bills on this article: none\n"),
    (["diff", "모범법:3", "--bill", "bill-model-z"], 3,
     "lawkb: error[bill-not-found]: no bill 'bill-model-z' in the knowledge base\n"
     "    hint: did you mean: bill-model-a, bill-model-b, bill-model-c?\n"),
    (["diff", "bill-model-a", "--to", "2020-01-01"], 2,
     "lawkb: error[options-conflict]: --to does not apply to a bill\n"
     "    hint: a bill is compared with the law on the day it was proposed; --from chooses another date\n"),
    (["diff", "model-case"], 2, "lawkb: error[ref-kind]: model-case is a case; diff compares articles, acts, offences, amendments and bills\n"
                                "    hint: try 'lawkb show model-case', or 'lawkb timeline --kind case' for its place in time\n"),
    (["bills", "--act", "없는법"], 3, None),
])
def test_errors_have_exact_messages_and_exit_codes(run, args, code, message):
    result = run(*args, "--kb", FIXTURE)
    assert result.exit_code == code
    assert result.stdout == ""
    if message is not None:
        assert result.stderr == message
    else:
        assert result.stderr.startswith("lawkb: error[act-not-found]: no act named '없는법'\n")


@pytest.mark.parametrize("ref", ["제0조", ":", "Art. ", "😀", "a" * 500, "모범법:999", "모범법:3(99)", "model-act.3(0)", "\x00", "--"])
def test_odd_references_never_show_a_traceback(run, ref):
    result = run("diff", ref, "--kb", FIXTURE, "--from", "2019-01-01", "--to", "2020-03-01")
    assert result.exit_code in (2, 3), result.output
    assert "Traceback" not in result.output and result.stderr.startswith(("lawkb: error[", "Usage:"))


def test_bad_format_and_status_are_usage_errors(run):
    assert run("diff", "모범법:3", "--format", "pdf", "--kb", FIXTURE).exit_code == 2
    assert run("bills", "--status", "asleep", "--kb", FIXTURE).exit_code == 2


def test_unwritable_output_is_a_usage_error(run, tmp_path):
    result = run("diff", "모범법:3", "--kb", FIXTURE, "-o", str(tmp_path / "missing" / "out.html"), "--format", "html")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"lawkb: error[output-unwritable]: cannot write {tmp_path / 'missing' / 'out.html'}: ")


def test_output_file_is_written_and_announced(run, tmp_path):
    out = tmp_path / "bill.html"
    result = run("diff", "bill-model-a", "--kb", FIXTURE, "--format", "html", "-o", str(out))
    assert result.exit_code == 0 and result.stdout == "" and result.stderr == f"wrote {out}\n"
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


@pytest.mark.parametrize("command", ["diff", "bills", "timeline"])
def test_every_command_explains_itself(run, command):
    result = run(command, "--help")
    assert result.exit_code == 0
    assert "--format" in result.stdout and "--kb" in result.stdout


# ---- formats -------------------------------------------------------------------------------------------


def test_html_is_self_contained_and_escaped(run):
    page = run("bills", "--kb", FIXTURE, "--format", "html").stdout
    assert "&lt;정부&gt; &amp; 대안" in page and "<정부>" not in page
    assert not any(tag in page for tag in ("<script", "<link", "src=", "@import"))
    two = run("diff", "모범법:3", "--bill", "bill-model-a", "--kb", FIXTURE, "--format", "html").stdout
    assert "<del>5년</del>" in two and "<ins>7년</ins>" in two and "<del>5년</del><ins>7년</ins>" not in two  # old | new
    many = run("diff", "모범법:3", "--all-bills", "--kb", FIXTURE, "--format", "html").stdout
    assert "<del>5년</del><ins>7년</ins>" in many  # with more columns, each bill's cell shows both against the law


def test_markdown_escapes_table_characters(run):
    text = run("bills", "--kb", FIXTURE, "--format", "md").stdout
    assert r"\<정부\> & 대안" in text
    assert all(line.count("|") - line.count(r"\|") == 7 for line in text.splitlines() if line.startswith("| ") and "bill-model" in line)


def test_bills_json_lists_number_dates_status_and_outcome(run):
    result = run("bills", "--kb", FIXTURE, "--format", "json", "--status", "passed")
    doc = json.loads(result.stdout)
    assert (doc["kind"], doc["count"], doc["filters"]) == ("bills", 1, {"status": "passed"})
    bill = doc["bills"][0]
    assert (bill["id"], bill["bill_number"], bill["proposed"], bill["decided"], bill["status_ko"]) == (
        "bill-model-a", "2100001", "2019-11-20", "2020-02-10", "가결")
    assert bill["enacted"] == {"amendment": "model-act.act-200", "act_number": 200, "promulgated": "2020-03-01", "in_force": "2020-03-01"}
    assert bill["proposer"]["ko"] == "가의원 등 10인"


def test_bill_json_names_its_columns_and_versions(run):
    doc = diff_json(run, "bill-model-a", "--kb", FIXTURE)
    assert [(c["kind"], c["label_en"]) for c in doc["columns"]] == [("law", "law 2019-11-20"), ("bill", "bill 2100001"), ("enacted", "Act No. 200")]
    assert [p["from_column"] * 10 + p["to_column"] for p in doc["pairs"]] == [1, 2, 12]
    assert [v["act_number"] if v else None for v in doc["sections"][0]["versions"]] == [100, 100, 200]
    assert doc["bills"][0]["id"] == "bill-model-a"
    assert {s["url"] for s in doc["sections"][0]["sources"]} >= {"https://example.org/model-act/200", "https://example.org/bills/2100001"}


# ---- the terminal: width, wrapping, colour -------------------------------------------------------------


@pytest.mark.parametrize(("columns", "limit"), [("100", 100), ("80", 80), ("240", 100)])
def test_text_fits_the_terminal_and_at_most_100_columns(run, columns, limit):
    for args in (["diff", "모범법:3", "--all-bills"], ["diff", "bill-model-a"], ["timeline"], ["bills"]):
        out = run(*args, "--kb", FIXTURE, env={"COLUMNS": columns}).stdout
        widths = [cell_len(line) for line in out.splitlines()]
        assert max(widths) <= limit, (args, max(widths))


def test_plain_output_marks_words_and_colour_output_styles_them(run):
    plain = run("diff", "모범법:3", "--from", "2019-01-01", "--to", "2020-03-01", "--kb", FIXTURE).stdout
    assert "[-5년-]" in plain and "{+7년+}" in plain and "\x1b[" not in plain
    coloured = run("diff", "모범법:3", "--from", "2019-01-01", "--to", "2020-03-01", "--kb", FIXTURE, env={"FORCE_COLOR": "1", "NO_COLOR": ""}).stdout
    assert "\x1b[" in coloured and "[-5년-]" not in coloured


def test_unchanged_paragraphs_fold_away_unless_full(run):
    folded = run("diff", "모범법:3", "--from", "2020-08-31", "--to", "2020-09-01", "--kb", FIXTURE).stdout
    assert "unchanged: ¶1, ¶2, ¶3 (--full shows them)" in folded
    full = run("diff", "모범법:3", "--from", "2020-08-31", "--to", "2020-09-01", "--kb", FIXTURE, "--full").stdout
    assert "--full shows them" not in full and full.count("│ = unchanged") == 3
