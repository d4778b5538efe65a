"""Render diagnostics as text, JSON or GitHub workflow annotations."""

from __future__ import annotations

import json
from collections.abc import Iterable

from .errors import Diagnostic, Severity

SCHEMA_VERSION = 1


def envelope(kind: str, **body: object) -> dict[str, object]:
    """Every JSON answer is an object with schema_version and kind."""
    return {"schema_version": SCHEMA_VERSION, "kind": kind, **body}


def dumps(obj: object) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=2, sort_keys=False)


def summary(diags: list[Diagnostic], files: int) -> str:
    errors = sum(1 for d in diags if d.severity is Severity.ERROR)
    warnings = len(diags) - errors
    plural = lambda n, w: f"{n:,} {w}{'' if n == 1 else 's'}"  # noqa: E731 - local one-liner
    return f"{plural(files, 'file')} checked: {plural(errors, 'error')}, {plural(warnings, 'warning')}"


def as_text(diags: Iterable[Diagnostic]) -> str:
    lines = []
    for d in diags:
        lines.append(f"{d.file}:{d.line}:{d.col}: {d.severity.value}[{d.code}]: {d.message}")
        if d.hint:
            lines.append(f"    hint: {d.hint}")
    return "\n".join(lines)


def _gh_escape(text: str, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def as_github(diags: Iterable[Diagnostic]) -> str:
    lines = []
    for d in diags:
        level = "error" if d.severity is Severity.ERROR else "warning"
        msg = d.message + (f" (hint: {d.hint})" if d.hint else "")
        lines.append(f"::{level} file={_gh_escape(d.file, True)},line={d.line},col={d.col},title={_gh_escape(d.code, True)}::{_gh_escape(msg)}")
    return "\n".join(lines)


def as_json(diags: list[Diagnostic], files: int, valid: bool, strict: bool) -> str:
    errors = sum(1 for d in diags if d.severity is Severity.ERROR)
    return dumps(envelope("validation", valid=valid, strict=strict, files=files, errors=errors,
                          warnings=len(diags) - errors, diagnostics=[d.as_dict() for d in diags]))
