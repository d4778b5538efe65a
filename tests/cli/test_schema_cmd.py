"""`lawkb schema KIND` and the help text of every command."""

from __future__ import annotations

import json

import pytest

from lawkb.schemas import KINDS


@pytest.mark.parametrize("kind", KINDS)
def test_schema_prints_valid_json_schema(invoke, kind):
    from jsonschema import Draft202012Validator

    result = invoke("schema", kind)
    assert result.exit_code == 0
    doc = json.loads(result.output)
    Draft202012Validator.check_schema(doc)
    assert doc["properties"]["kind"] == {"const": kind}
    assert doc["additionalProperties"] is False


def test_bundled_schema_is_self_contained(invoke):
    result = invoke("schema", "article", "--bundle")
    doc = json.loads(result.output)
    assert "common.schema.json" not in result.output
    assert "penalty" in doc["$defs"]


def test_unknown_kind(invoke):
    result = invoke("schema", "statute")
    assert result.exit_code == 2
    assert "lawkb: error[unknown-kind]: unknown kind 'statute'" in result.output


def test_every_command_has_help_text():
    from typer.main import get_command

    from lawkb.cli.commands import app

    group = get_command(app)
    for name, cmd in group.commands.items():  # type: ignore[attr-defined]
        assert cmd.help and len(cmd.help) > 20, name
        for param in cmd.params:
            if param.param_type_name == "option":
                assert param.help, f"{name} {param.name}"


def test_version(invoke):
    from importlib.metadata import version

    result = invoke("--version")
    assert result.exit_code == 0
    assert result.output == f"lawkb {version('lawkb')}\n"
