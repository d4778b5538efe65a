"""The JSON Schemas (draft 2020-12) shipped with lawkb, and record validation against them."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

KINDS = ("act", "article", "amendment", "bill", "offence", "guideline", "directive", "case", "report", "term")
COMMON = "common.schema.json"


def schema_text(kind: str) -> str:
    name = COMMON if kind == "common" else f"{kind}.schema.json"
    return resources.files(__package__).joinpath(name).read_text(encoding="utf-8")


@cache
def schema(kind: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(schema_text(kind))
    return loaded


@cache
def _registry() -> Any:
    from referencing import Registry, Resource

    return Registry().with_resources(
        [(COMMON, Resource.from_contents(schema("common")))] + [(f"{k}.schema.json", Resource.from_contents(schema(k))) for k in KINDS]
    )


@cache
def validator(kind: str) -> Any:
    """One cached Draft 2020-12 validator per kind, with format checks (real calendar dates)."""
    from jsonschema import Draft202012Validator

    return Draft202012Validator(schema(kind), registry=_registry(), format_checker=Draft202012Validator.FORMAT_CHECKER)


def bundled(kind: str) -> dict[str, Any]:
    """The kind's schema with the shared definitions inlined, for tools that cannot follow file references."""
    text = schema_text(kind).replace(f'"{COMMON}#/$defs/', '"#/$defs/')
    doc: dict[str, Any] = json.loads(text)
    defs = dict(schema("common")["$defs"])
    defs.update(doc.get("$defs", {}))
    doc["$defs"] = defs
    return doc


def _short(value: Any, limit: int = 60) -> str:
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


_TYPE_NAMES = {"string": "text", "integer": "a whole number", "number": "a number", "boolean": "true or false",
               "object": "a mapping", "array": "a list", "null": "null"}


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int):
        return "a whole number"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def _pointer(parts: Any) -> str:
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)


def problems(kind: str, doc: dict[str, Any]) -> list[tuple[str, str, str, str, bool]]:
    """Schema problems of one record as (pointer, code, message, hint, at_key), in document order."""
    import difflib

    out: list[tuple[str, str, str, str, bool]] = []

    def convert(e: Any) -> None:
        ptr = _pointer(e.absolute_path)
        v = e.validator
        if v == "required":
            missing = [k for k in e.validator_value if isinstance(e.instance, dict) and k not in e.instance]
            for k in missing:
                out.append((ptr, "schema-required", f"missing required field '{k}'", "", False))
        elif v == "additionalProperties":
            allowed = list((e.schema.get("properties") or {}).keys())
            for k in sorted(set(e.instance) - set(allowed)):
                near = difflib.get_close_matches(k, allowed, n=1)
                hint = f"did you mean '{near[0]}'?" if near else "allowed fields: " + ", ".join(a for a in allowed if a != "$schema")
                out.append((ptr + "/" + str(k).replace("~", "~0").replace("/", "~1"), "schema-unknown-key", f"unknown field '{k}'", hint, True))
        elif v == "type":
            want = e.validator_value if isinstance(e.validator_value, list) else [e.validator_value]
            names = " or ".join(str(_TYPE_NAMES.get(w, w)) for w in want)
            out.append((ptr, "schema-type", f"expected {names}, found {_json_type(e.instance)} {_short(e.instance)}", "", False))
        elif v in ("enum", "const"):
            options = e.validator_value if v == "enum" else [e.validator_value]
            out.append((ptr, "schema-enum", f"{_short(e.instance)} is not one of: " + ", ".join(str(o) for o in options), "", False))
        elif v == "pattern":
            hint = e.schema.get("description", "")
            out.append((ptr, "schema-pattern", f"{_short(e.instance)} is not in the expected form", hint, False))
        elif v == "format" and e.validator_value == "date":
            out.append((ptr, "date-invalid", f"{_short(e.instance)} is not a real calendar date", "write dates as YYYY-MM-DD", False))
        elif v in ("oneOf", "anyOf"):
            ctx = list(e.context or [])
            if ctx and all(c.validator == "type" for c in ctx):
                want = []
                for c in ctx:
                    w = c.validator_value if isinstance(c.validator_value, list) else [c.validator_value]
                    want += [str(_TYPE_NAMES.get(x, x)) for x in w]
                out.append((ptr, "schema-type", f"expected {' or '.join(dict.fromkeys(want))}, found {_json_type(e.instance)} {_short(e.instance)}", "", False))
            elif ctx:
                from jsonschema.exceptions import best_match

                best = best_match(c for c in ctx if c.validator != "type") if any(c.validator != "type" for c in ctx) else best_match(ctx)
                convert(best)
            else:
                out.append((ptr, "schema-invalid", e.message, "", False))
        else:
            out.append((ptr, "schema-constraint", e.message if len(e.message) < 200 else e.message[:199] + "…", "", False))

    for err in validator(kind).iter_errors(doc):
        convert(err)
    return out
