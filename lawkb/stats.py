"""What the knowledge base holds, and which of its values are not confirmed."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from .model import KnowledgeBase


def _walk_confidence(data: Any, ptr: str = "") -> Iterator[tuple[str, str, Any]]:
    if isinstance(data, dict):
        conf = data.get("confidence")
        if conf in ("low", "unconfirmed"):
            yield ptr, conf, data
        for k, v in data.items():
            if k != "unconfirmed":
                yield from _walk_confidence(v, f"{ptr}/{k}")
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from _walk_confidence(v, f"{ptr}/{i}")


def _label(obj: Any) -> str:
    for key in ("name", "role", "label", "note", "text"):
        v = obj.get(key) if isinstance(obj, dict) else None
        if isinstance(v, dict):
            return str(v.get("en") or v.get("ko"))
    return ""


def unconfirmed_values(kb: KnowledgeBase) -> list[dict[str, Any]]:
    """Every `unconfirmed` entry and every value whose confidence is low or unconfirmed, by record."""
    out: list[dict[str, Any]] = []
    for rec in sorted(kb, key=lambda r: (r.kind, r.id)):
        for entry in rec.data.get("unconfirmed") or ():
            note = entry["note"]
            out.append({"record": rec.id, "kind": rec.kind, "file": rec.file, "field": entry["field"], "confidence": "unconfirmed",
                        "note": note.get("en") or note.get("ko"), "claims": entry.get("claims", [])})
        for ptr, conf, obj in _walk_confidence(rec.data):
            out.append({"record": rec.id, "kind": rec.kind, "file": rec.file, "field": ptr, "confidence": conf,
                        "note": _label(obj), "claims": []})
    return out
