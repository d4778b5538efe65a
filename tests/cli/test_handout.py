"""`lawkb handout`: formats, safe output files, exact messages and exit codes."""

from __future__ import annotations

import json
import sys

import pytest

from tests.conftest import DATA

KB = str(DATA / "handout")
FIXED = ("--kb", KB, "--today", "2025-06-01", "--as-of", "2025-01-01")


def test_markdown_to_stdout(invoke):
    result = invoke("handout", "csem-possession", *FIXED)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("# 아동ㆍ청소년성착취물 구입ㆍ소지ㆍ시청 / Purchase, possession or viewing of CSEM\n\n"
                                    "**기준일 / As of: 2025-01-01** · 작성일 / Prepared: 2025-06-01 · 대상 / Audience: 수강생용 / participants\n")
    assert result.stderr == ""


def test_writes_the_file_and_says_so(invoke, tmp_path):
    out = tmp_path / "h.md"
    result = invoke("handout", "csem", *FIXED, "-o", str(out))
    assert result.exit_code == 0, result.output
    assert result.stdout == f"wrote {out} (md, as of 2025-01-01: 2 offence(s), 6 source(s))\n"
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# 아동ㆍ청소년성착취물 / Child and youth sexual exploitation material (CSEM)\n")
    assert [p.name for p in tmp_path.iterdir()] == ["h.md"]


@pytest.mark.parametrize(("name", "start"), [
    ("h.html", "<!DOCTYPE html>\n<html lang=\"ko\">"),
    ("h.HTM", "<!DOCTYPE html>\n<html lang=\"ko\">"),
    ("h.json", "{\n  \"schema_version\": 1,\n  \"kind\": \"handout\","),
    ("h.markdown", "# "),
    ("h.txt", "# "),
])
def test_format_follows_the_file_suffix(invoke, tmp_path, name, start):
    out = tmp_path / name
    result = invoke("handout", "csem-possession", *FIXED, "-o", str(out))
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith(start)


def test_format_option_wins_over_the_suffix(invoke, tmp_path):
    out = tmp_path / "h.md"
    assert invoke("handout", "csem-possession", *FIXED, "--format", "html", "-o", str(out)).exit_code == 0
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_json_envelope(invoke):
    result = invoke("handout", "csem-possession", *FIXED, "--format", "json", "--quiz", "2", "--audience", "trainer")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert (doc["schema_version"], doc["kind"], doc["as_of"], doc["audience"]) == (1, "handout", "2025-01-01", "trainer")
    row = doc["offences"][0]["penalties"][0]
    assert (row["act_number"], row["in_force"], row["penalty"]["ko"]) == (17338, "2020-06-02", "1년 이상의 징역")
    assert len(doc["quiz"]) == 2 and all(q["answer"] in "ABCD" for q in doc["quiz"])
    assert doc["sources"][0]["authority"] == "statute"


def test_never_overwrites_without_force(invoke, tmp_path):
    out = tmp_path / "h.md"
    out.write_text("keep me", encoding="utf-8")
    result = invoke("handout", "csem-possession", *FIXED, "-o", str(out))
    assert result.exit_code == 2
    assert result.stderr == (f"lawkb: error[output-exists]: {out} already exists\n"
                             "    hint: pass --force to replace it, or choose another -o FILE\n")
    assert out.read_text(encoding="utf-8") == "keep me"
    assert [p.name for p in tmp_path.iterdir()] == ["h.md"]


def test_force_replaces(invoke, tmp_path):
    out = tmp_path / "h.md"
    out.write_text("old", encoding="utf-8")
    result = invoke("handout", "csem-possession", *FIXED, "-o", str(out), "--force")
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith("# ")
    assert [p.name for p in tmp_path.iterdir()] == ["h.md"]


def test_missing_folder_is_a_usage_error(invoke, tmp_path):
    out = tmp_path / "nope" / "h.md"
    result = invoke("handout", "csem-possession", *FIXED, "-o", str(out))
    assert result.exit_code == 2
    assert result.stderr == (f"lawkb: error[output-folder-missing]: the folder {out.parent} does not exist\n"
                             "    hint: create it first, or choose another -o FILE\n")


def test_output_that_is_a_folder(invoke, tmp_path):
    result = invoke("handout", "csem-possession", *FIXED, "-o", str(tmp_path))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"lawkb: error[output-is-folder]: {tmp_path} is a folder\n")


def test_pdf_needs_an_output_file(invoke):
    result = invoke("handout", "csem-possession", *FIXED, "--format", "pdf")
    assert result.exit_code == 2
    assert result.stderr == ("lawkb: error[output-missing]: PDF output needs -o FILE\n"
                             "    hint: e.g. lawkb handout csem-possession -o handout.pdf\n")


def test_pdf_without_the_extra_exits_4_with_the_install_hint(invoke, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # import weasyprint now raises ImportError
    out = tmp_path / "h.pdf"
    result = invoke("handout", "csem-possession", *FIXED, "-o", str(out))
    assert result.exit_code == 4
    assert result.stderr == ("lawkb: error[pdf-extra-missing]: PDF output needs WeasyPrint, which is not installed\n"
                             "    hint: pip install 'lawkb[pdf]' (WeasyPrint; it also needs the Pango library, e.g. Debian's libpango-1.0-0)\n")
    assert not out.exists() and list(tmp_path.iterdir()) == []


def test_unknown_id_exits_3(invoke):
    result = invoke("handout", "no-such-offence", *FIXED)
    assert result.exit_code == 3
    assert result.stderr.startswith("lawkb: error[not-found]: nothing in the knowledge base is called 'no-such-offence'\n")
    assert "Traceback" not in result.output


def test_not_in_force_on_the_date_exits_3(invoke):
    result = invoke("handout", "deepfake-distribution", "--kb", KB, "--as-of", "2019-01-01", "--today", "2025-06-01")
    assert result.exit_code == 3
    assert result.stderr == ("lawkb: error[not-in-force]: not an offence under these provisions before 2020-06-25: deepfake-distribution "
                             "has no provision in force on 2019-01-01\n    hint: the first provision came into force on 2020-06-25\n")


def test_a_report_is_a_usage_error(invoke):
    result = invoke("handout", "demo-report", *FIXED)
    assert result.exit_code == 2
    assert result.stderr.startswith("lawkb: error[handout-kind]: 'demo-report' is a report; a handout covers offences, acts, articles, ")


@pytest.mark.parametrize(("args", "message"), [
    (("--as-of", "2025-13-01"), "lawkb: error[date-invalid]: --as-of '2025-13-01' is not a date\n"),
    (("--today", "yesterday"), "lawkb: error[date-invalid]: --today 'yesterday' is not a date\n"),
])
def test_bad_dates_exit_2(invoke, args, message):
    result = invoke("handout", "csem-possession", "--kb", KB, *args)
    assert result.exit_code == 2
    assert result.stderr.startswith(message)


@pytest.mark.parametrize("args", [(), ("csem-possession", "--lang", "fr"), ("csem-possession", "--quiz", "-1"),
                                  ("csem-possession", "--audience", "judge"), ("csem-possession", "--format", "docx")])
def test_bad_arguments_exit_2(invoke, args):
    result = invoke("handout", *args, "--kb", KB)
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_quiz_shortfall_is_a_warning(invoke):
    result = invoke("handout", "deepfake-distribution", *FIXED, "--quiz", "40")
    assert result.exit_code == 0
    assert result.stderr.startswith("lawkb: warning: The knowledge base yields ")
    assert result.stderr.endswith(" question(s) for this handout (40 requested).\n")


def test_the_same_command_gives_the_same_bytes(invoke, tmp_path):
    a, b = tmp_path / "a.html", tmp_path / "b.html"
    for out in (a, b):
        assert invoke("handout", "csem", "deepfake-distribution", *FIXED, "--quiz", "4", "--audience", "trainer", "-o", str(out)).exit_code == 0
    assert a.read_bytes() == b.read_bytes()


def test_help_describes_every_option(invoke):
    result = invoke("handout", "--help")
    assert result.exit_code == 0
    for option in ("--as-of", "--lang", "--audience", "--format", "--output", "--force", "--quiz", "--today", "--kb"):
        assert option in result.stdout


def test_bundled_csem_possession_handout(invoke):
    result = invoke("handout", "csem-possession", "--as-of", "2026-01-01", "--today", "2026-02-01", "--format", "json")
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    row = doc["offences"][0]["penalties"][0]
    assert (row["provision"]["ko"], row["penalty"]["ko"], row["fine_max_won"]) == ("청소년성보호법 제11조제5항", "1년 이상의 유기징역", None)
    assert all(s["authority"] for s in doc["sources"])
