"""`lawkb export`: JSON, CSV and SQLite of the whole KB; the SQLite file is opened and queried with the standard library."""

from __future__ import annotations

import csv
import json
import sqlite3

import pytest

from tests.conftest import DATA

ANSWERS = str(DATA / "answers")
KIND_TABLES = ["acts", "articles", "amendments", "bills", "offences", "guidelines", "directives", "cases", "reports", "terms"]
FLAT_TABLES = ["article_versions", "paragraphs", "offence_provisions", "guideline_types", "directive_rules", "sources"]


def test_sqlite_export_opens_and_answers_queries(invoke, tmp_path):
    out = tmp_path / "kb.sqlite"
    result = invoke("export", "--format", "sqlite", "-o", str(out), "--kb", ANSWERS)
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"wrote {out} (sqlite): 13 records; tables: acts 1, articles 2, amendments 4, bills 0, offences 2,")
    con = sqlite3.connect(out)
    try:
        tables = {r[0] for r in con.execute("select name from sqlite_master where type = 'table'")}
        assert tables == set(KIND_TABLES + FLAT_TABLES)
        assert con.execute("select id, act, number, versions, first_in_force, latest_in_force, recorded_from from articles order by id").fetchall() == [
            ("demo-act.5", "demo-act", "5", 4, "2010-01-01", "2099-01-01", "2010-01-01"),
            ("demo-act.7", "demo-act", "7", 1, "2020-06-01", "2020-06-01", None)]
        # The version in force on a date, with its penalty, in plain SQL.
        row = con.execute(
            "select v.act_number, p.penalty_ko, p.max_months, p.fine_max_won from article_versions v join paragraphs p "
            "on p.article_id = v.article_id and p.act_number = v.act_number "
            "where v.article_id = 'demo-act.5' and p.paragraph = 1 and v.in_force <= ? and (v.in_force_until is null or ? <= v.in_force_until)",
            ("2012-01-01", "2012-01-01")).fetchall()
        assert row == [(100, "3년 이하의 징역 또는 3천만원 이하의 벌금", 36.0, 30000000)]
        assert con.execute("select in_force_until from article_versions where article_id = 'demo-act.5' order by seq").fetchall() == [
            ("2014-12-31",), ("2020-05-31",), ("2098-12-31",), (None,)]
        life = con.execute("select life, min_months, max_months, stated_max_months, fine_max_won from paragraphs where article_id = 'demo-act.7'")
        assert life.fetchall() == [(1, 60.0, 360.0, None, None)]
        data = json.loads(con.execute("select data from offences where id = 'demo-distribution'").fetchone()[0])
        assert data["provisions"] == [{"article": "demo-act.5", "paragraph": 1}]
        assert json.loads(con.execute("select aliases from offences where id = 'demo-distribution'").fetchone()[0]) == ["데모물 유포", "demo sharing"]
        assert con.execute("select count(*) from sources where record_id = 'demo-act.5'").fetchone() == (4,)
        assert con.execute("select directive_id, rule_id, demand_min_months, demand_life from directive_rules").fetchall() == [
            ("demo-directive", "distributor", 48.0, 0)]
        fks = con.execute("pragma foreign_key_list(articles)").fetchall()
        assert [(fk[2], fk[3], fk[4]) for fk in fks] == [("acts", "act", "id")]
    finally:
        con.close()


def test_sqlite_export_of_the_bundled_kb(invoke, tmp_path, bundled_kb):
    out = tmp_path / "lawkb.sqlite"
    assert invoke("export", "-f", "sqlite", "-o", str(out)).exit_code == 0
    con = sqlite3.connect(out)
    try:
        assert con.execute("select count(*) from offences").fetchone()[0] == len(bundled_kb.of_kind("offence"))
        rows = con.execute("select penalty_ko from paragraphs where article_id = 'youth-protection.11' and paragraph = 5 and act_number = 17338")
        assert rows.fetchall() == [("1년 이상의 징역",)]
    finally:
        con.close()


def test_csv_export_is_a_folder_of_tables(invoke, tmp_path):
    out = tmp_path / "csv"
    result = invoke("export", "--format", "csv", "-o", str(out), "--kb", ANSWERS)
    assert result.exit_code == 0
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{t}.csv" for t in KIND_TABLES + FLAT_TABLES)
    with open(out / "paragraphs.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    first = rows[0]
    assert (first["article_id"], first["act_number"], first["paragraph"], first["penalty_ko"], first["fine_max_won"]) == (
        "demo-act.5", "100", "1", "3년 이하의 징역 또는 3천만원 이하의 벌금", "30000000")
    with open(out / "offences.csv", encoding="utf-8", newline="") as fh:
        assert [r["id"] for r in csv.DictReader(fh)] == ["demo-distribution", "demo-threat"]


def test_json_export_to_file_and_stdout(invoke, tmp_path):
    out = tmp_path / "kb.json"
    assert invoke("export", "--format", "json", "-o", str(out), "--kb", ANSWERS).exit_code == 0
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["schema_version"] == 1 and doc["kind"] == "export"
    assert doc["counts"] == {"act": 1, "amendment": 4, "article": 2, "case": 1, "directive": 1, "offence": 2, "report": 1, "term": 1}
    assert [r["id"] for r in doc["records"]["offences"]] == ["demo-distribution", "demo-threat"]
    assert doc["files"]["demo-act"].endswith("demo-act.yaml")
    printed = invoke("export", "--format", "json", "--kb", ANSWERS)
    assert printed.exit_code == 0 and json.loads(printed.output) == doc


@pytest.mark.parametrize("fmt", ["json", "sqlite"])
def test_never_overwrites_without_force(invoke, tmp_path, fmt):
    out = tmp_path / f"kb.{fmt}"
    out.write_text("keep me", encoding="utf-8")
    result = invoke("export", "--format", fmt, "-o", str(out), "--kb", ANSWERS)
    assert result.exit_code == 2
    assert result.output.splitlines() == [f"lawkb: error[output-exists]: {out} already exists", "    hint: pass --force to replace it"]
    assert out.read_text(encoding="utf-8") == "keep me"
    assert invoke("export", "--format", fmt, "-o", str(out), "--kb", ANSWERS, "--force").exit_code == 0
    assert out.read_bytes() != b"keep me"
    assert sorted(p.name for p in tmp_path.iterdir()) == [out.name]  # no temporary files left behind


def test_csv_force_replaces_the_folder(invoke, tmp_path):
    out = tmp_path / "csv"
    out.mkdir()
    (out / "old.csv").write_text("old", encoding="utf-8")
    assert invoke("export", "--format", "csv", "-o", str(out), "--kb", ANSWERS).exit_code == 2
    assert invoke("export", "--format", "csv", "-o", str(out), "--kb", ANSWERS, "--force").exit_code == 0
    assert not (out / "old.csv").exists() and (out / "acts.csv").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["csv"]


@pytest.mark.parametrize("args,code,first", [
    (["--format", "sqlite"], 2, "lawkb: error[output-missing]: --format sqlite needs -o PATH"),
    (["--format", "csv", "-o", "-"], 2, "lawkb: error[output-missing]: --format csv needs -o PATH"),
    (["--format", "xml", "-o", "x"], 2, None),
])
def test_usage_errors(invoke, args, code, first):
    result = invoke("export", *args, "--kb", ANSWERS)
    assert result.exit_code == code
    if first:
        assert result.output.splitlines()[0] == first
    else:
        assert "Invalid value for '--format'" in result.output


def test_missing_folder_and_wrong_target_type(invoke, tmp_path):
    result = invoke("export", "--format", "sqlite", "-o", str(tmp_path / "nope" / "kb.sqlite"), "--kb", ANSWERS)
    assert result.exit_code == 2
    assert result.output.splitlines()[0] == f"lawkb: error[output-folder-missing]: the folder {tmp_path / 'nope'} does not exist"
    (tmp_path / "dir").mkdir()
    result = invoke("export", "--format", "json", "-o", str(tmp_path / "dir"), "--force", "--kb", ANSWERS)
    assert result.exit_code == 2
    assert result.output.splitlines()[0] == f"lawkb: error[output-is-a-folder]: {tmp_path / 'dir'} is a folder"
