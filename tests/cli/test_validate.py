"""`lawkb validate`: exit codes and exact messages on the fixtures, the bundled KB, formats."""

from __future__ import annotations

import json
import re

import pytest
import yaml

from tests.conftest import INVALID, VALID_KB

EXPECTED = yaml.safe_load((INVALID.parent / "invalid-expected.yaml").read_text(encoding="utf-8"))


def test_valid_fixture_kb_passes_strict(invoke):
    result = invoke("validate", str(VALID_KB), "--strict")
    assert result.exit_code == 0, result.output
    assert re.fullmatch(r"\d+ files checked: 0 errors, 0 warnings", result.output.strip())


def test_bundled_kb_is_valid_strict(invoke):
    result = invoke("validate", "--strict")
    assert result.exit_code == 0, result.output[-3000:]
    assert "0 errors, 0 warnings" in result.output


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_invalid_fixture_reports_code_and_line(invoke, name):
    code, line = EXPECTED[name]
    path = INVALID / name
    result = invoke("validate", str(path), "--strict", "--format", "json", env={"LAWKB_PATH": str(VALID_KB)})
    assert result.exit_code == 1
    report = json.loads(result.output)
    assert report["schema_version"] == 1 and report["kind"] == "validation" and report["valid"] is False
    hits = [d for d in report["diagnostics"] if d["code"] == code]
    assert hits, report["diagnostics"]
    assert hits[0]["line"] == line
    assert all(d["file"].endswith(name) for d in report["diagnostics"])
    assert "Traceback" not in result.output


def test_invalid_fixture_directory_reports_every_file_in_one_pass(invoke):
    result = invoke("validate", str(INVALID), "--format", "json", env={"LAWKB_PATH": str(VALID_KB)})
    assert result.exit_code == 1
    report = json.loads(result.output)
    files_with_errors = {d["file"].rsplit("/", 1)[-1] for d in report["diagnostics"]}
    assert files_with_errors == set(EXPECTED)


def test_text_format_exact_lines(invoke):
    result = invoke("validate", str(INVALID / "duplicate-key.yaml"), env={"LAWKB_PATH": str(VALID_KB)})
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0].endswith("tests/data/invalid/duplicate-key.yaml:3:1: error[yaml-duplicate-key]: duplicate key 'id' (first at line 2)")
    assert lines[1] == "    hint: a key may appear once in a mapping; remove one"
    assert lines[-1] == "1 file checked: 1 error, 0 warnings"


def test_unknown_key_suggests_the_near_field(invoke):
    result = invoke("validate", str(INVALID / "unknown-key.yaml"), env={"LAWKB_PATH": str(VALID_KB)})
    assert "error[schema-unknown-key]: unknown field 'nickname'" in result.output
    assert "hint: did you mean 'name'?" in result.output


def test_warning_passes_unless_strict(invoke):
    path = str(INVALID / "bom.yaml")
    relaxed = invoke("validate", path, env={"LAWKB_PATH": str(VALID_KB)})
    strict = invoke("validate", path, "--strict", env={"LAWKB_PATH": str(VALID_KB)})
    assert relaxed.exit_code == 0
    assert strict.exit_code == 1
    assert "warning[encoding-bom]" in relaxed.output


def test_github_format(invoke):
    result = invoke("validate", str(INVALID / "tab-indent.yaml"), "--format", "github", env={"LAWKB_PATH": str(VALID_KB)})
    assert result.exit_code == 1
    first = result.output.splitlines()[0]
    assert first.startswith("::error file=")
    assert ",line=4,col=1,title=yaml-tab::tab character used for indentation (hint%3A" not in first
    assert ",line=4,col=1,title=yaml-tab::tab character used for indentation (hint: indent with spaces)" in first


def test_missing_path_is_a_usage_error(invoke):
    result = invoke("validate", "no/such/file.yaml")
    assert result.exit_code == 2
    assert "lawkb: error[path-not-found]: no such file or folder: no/such/file.yaml" in result.output


def test_bad_format_is_a_usage_error(invoke):
    result = invoke("validate", "--format", "xml")
    assert result.exit_code == 2


def test_kb_option_must_point_at_a_kb(invoke, tmp_path):
    result = invoke("--help")
    assert result.exit_code == 0
    result = invoke("stats", "--kb", str(tmp_path))
    assert result.exit_code == 1
    assert f"lawkb: error[kb-not-a-kb]: not a knowledge base: {tmp_path} has neither statutes/ nor guidelines/" in result.output


def test_no_input_executes_code(invoke, tmp_path):
    marker = tmp_path / "pwned"
    bad = tmp_path / "statutes" / "x.yaml"
    bad.parent.mkdir()
    bad.write_text(f"kind: act\nid: x\nname: !!python/object/apply:os.system ['touch {marker}']\n", encoding="utf-8")
    result = invoke("validate", str(tmp_path))
    assert result.exit_code == 1
    assert "yaml-tag" in result.output
    assert not marker.exists()
