"""Schema checks through a compiled validator when one is installed; the reference validator explains every failure.

The compiled validator (jsonschema-rs, the optional `fast` extra) only answers "valid or not". A record it
accepts has no schema problem; a record it rejects, or one it cannot take, goes to `schemas.problems`, which
lists every problem with its pointer, so diagnostics are the same with or without the extra. That holds only
if the compiled validator never accepts what the reference rejects: `_harden` closes the gaps known between
the two, and a kind whose schema uses a construct not known to be safe is left to the reference alone.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from . import schemas

# Escapes a pattern may use: literal punctuation, and \S which _harden rewrites.
_SAFE_ESCAPE = re.compile(r"\\[^A-Za-z0-9]|\\S")
# Characters Python's \s matches and the compiled validator's \s does not.
_PY_ONLY_SPACE = r"\x1c-\x1f\x85"
# Python's date check refuses year 0000, which RFC 3339 (and so the compiled validator) allows.
_NOT_YEAR_ZERO = {"not": {"type": "string", "pattern": "^0000-"}}


class _Unsafe(Exception):
    pass


def _pattern(pattern: str) -> str:
    rest = _SAFE_ESCAPE.sub("", pattern)
    if "\\" in rest or re.search(r"\(\?(?!:)", pattern):
        raise _Unsafe(pattern)
    return pattern.replace("\\S", rf"[^\s{_PY_ONLY_SPACE}]")


def _harden(node: Any) -> Any:
    """A copy of a schema that the compiled validator checks at least as strictly as the reference does."""
    if isinstance(node, list):
        return [_harden(n) for n in node]
    if not isinstance(node, dict):
        return node
    out = {k: _harden(v) for k, v in node.items()}
    if isinstance(node.get("pattern"), str):
        out["pattern"] = _pattern(node["pattern"])
    if isinstance(node.get("patternProperties"), dict):
        for key in node["patternProperties"]:
            _pattern(key)
    fmt = node.get("format")
    if fmt is not None:
        if fmt != "date":
            raise _Unsafe(f"format {fmt}")
        out["allOf"] = [*out.get("allOf", []), _NOT_YEAR_ZERO]
    return out


@cache
def compiled(kind: str) -> Any:
    """The compiled validator of a kind, or None (extra not installed, or schema not known to be safe)."""
    try:
        import jsonschema_rs
    except ImportError:
        return None
    try:
        return jsonschema_rs.validator_for(_harden(schemas.bundled(kind)), validate_formats=True)
    except _Unsafe:
        return None
    except Exception:  # a schema the compiled validator cannot build: the reference still can
        return None


def available() -> bool:
    """Whether the compiled validator is installed."""
    try:
        import jsonschema_rs  # noqa: F401
    except ImportError:
        return False
    return True


def problems(kind: str, doc: dict[str, Any]) -> list[tuple[str, str, str, str, bool]]:
    """Schema problems of one record, exactly as `schemas.problems` gives them."""
    fast = compiled(kind)
    if fast is not None:
        try:
            if fast.is_valid(doc):
                return []
        except Exception:  # values it cannot take (lone surrogates, huge numbers): let the reference judge
            pass
    return schemas.problems(kind, doc)
