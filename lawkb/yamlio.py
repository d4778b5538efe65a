"""The one YAML loader: safe, dates kept as strings, duplicate keys, anchors and tags refused, positions kept."""

from __future__ import annotations

import codecs
import math
import re
import sys
from dataclasses import dataclass, field
from typing import Any

import yaml

from .errors import Diagnostic, error, warning

# libyaml's C parser when present; the pure-Python parser is about ten times slower.
_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_BYTES = 4 * 1024 * 1024
MAX_DEPTH = 64
MAX_INT_DIGITS = 30

_TAG = "tag:yaml.org,2002:"
_ALLOWED_TAGS = {_TAG + "str", _TAG + "map", _TAG + "seq"}
_NULLS = {"", "~", "null", "Null", "NULL"}
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}
# YAML 1.2 core schema: 'yes', 'no', 'on', 'off' and dates stay strings.
_INT = re.compile(r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")


@dataclass
class ParsedFile:
    """A parsed YAML file: its value (None when it could not be read) and what went wrong."""

    path: str
    data: Any = None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    positions: dict[str, tuple[int, int]] | None = None
    key_positions: dict[str, tuple[int, int]] | None = None

    @property
    def ok(self) -> bool:
        return self.data is not None and not any(d.severity.value == "error" for d in self.diagnostics)

    def position(self, pointer: str, *, key: bool = False) -> tuple[int, int]:
        """Best position for a JSON pointer: the node itself, else its nearest ancestor."""
        table = (self.key_positions if key else self.positions) or {}
        p = pointer
        while True:
            if p in table:
                return table[p]
            if key and self.positions and p in self.positions:
                return self.positions[p]
            if not p:
                return (1, 1)
            p = p.rsplit("/", 1)[0]


def escape_pointer_part(part: str) -> str:
    return part.replace("~", "~0").replace("/", "~1")


def _line_col(raw: bytes, offset: int) -> tuple[int, int]:
    before = raw[:offset]
    line = before.count(b"\n") + 1
    last = before.rfind(b"\n")
    col = len(before[last + 1 :].decode("utf-8", errors="replace")) + 1
    return line, col


def decode(raw: bytes, path: str) -> tuple[str | None, list[Diagnostic]]:
    """Decode UTF-8 text, with a message for BOMs, UTF-16/32, NUL bytes and undecodable bytes."""
    diags: list[Diagnostic] = []
    if raw.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return None, [error("encoding-utf32", "file is UTF-32 encoded", path, hint="save the file as UTF-8 without a byte-order mark")]
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or (
        len(raw) >= 4 and (raw[1] == 0 and raw[3] == 0 and raw[0] != 0 or raw[0] == 0 and raw[2] == 0 and raw[1] != 0)
    ):
        return None, [error("encoding-utf16", "file is UTF-16 encoded", path, hint="save the file as UTF-8 without a byte-order mark")]
    if raw.startswith(codecs.BOM_UTF8):
        diags.append(warning("encoding-bom", "file starts with a UTF-8 byte-order mark", path, hint="save the file as UTF-8 without a byte-order mark"))
        raw = raw[len(codecs.BOM_UTF8) :]
    nul = raw.find(b"\x00")
    if nul >= 0:
        line, col = _line_col(raw, nul)
        return None, diags + [error("encoding-nul", "file contains a NUL byte", path, line, col, hint="a YAML record is text; remove the binary content")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _line_col(raw, exc.start)
        bad = raw[exc.start : exc.start + 1].hex()
        return None, diags + [error("encoding-invalid", f"invalid UTF-8 byte 0x{bad}", path, line, col, hint="save the file as UTF-8")]
    return text, diags


class _Abort(Exception):
    def __init__(self, diag: Diagnostic) -> None:
        self.diag = diag


def _scalar(event: Any, path: str, diags: list[Diagnostic]) -> Any:
    value: str = event.value
    if event.tag == _TAG + "str" or event.style:
        return value
    if value in _NULLS:
        return None
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    if _INT.fullmatch(value):
        digits = value.lstrip("+-")
        if len(digits) > MAX_INT_DIGITS:
            m = event.start_mark
            diags.append(
                error("yaml-number-too-long", f"integer with {len(digits)} digits is too long (at most {MAX_INT_DIGITS})",
                      path, m.line + 1, m.column + 1, hint="quote it if it is meant as text")
            )
            return None
        if digits.startswith("0x"):
            return int(value.replace("0x", ""), 16)
        if digits.startswith("0o"):
            return int(value.replace("0o", ""), 8)
        return int(value, 10)
    if _FLOAT.fullmatch(value):
        number = float(value)
        # No record holds an infinite number; '1e999' stays text so the schema names it, rather than a validator choking on it.
        return number if math.isfinite(number) else value
    return value


class _Unusual(Exception):
    """The fast builder met something it leaves to the full one: any problem, tag, alias or duplicate."""


_ScalarEvent = yaml.ScalarEvent
_MappingStartEvent = yaml.MappingStartEvent
_SequenceStartEvent = yaml.SequenceStartEvent
_MappingEndEvent = yaml.MappingEndEvent
_SequenceEndEvent = yaml.SequenceEndEvent
_DocumentStartEvent = yaml.DocumentStartEvent
_StreamEndEvent = yaml.StreamEndEvent
# Plain scalars that resolve to something other than text, looked up before any pattern is tried.
# .inf and .nan stay text: no record field holds them, and NaN breaks numeric schema checks.
_PLAIN_VALUES: dict[str, Any] = {**dict.fromkeys(_NULLS), **dict.fromkeys(_TRUE, True), **dict.fromkeys(_FALSE, False)}
_NUMERIC_START = frozenset("0123456789+-.")
_Parser: Any = getattr(getattr(yaml, "_yaml", None), "CParser", None)
_intern = sys.intern


def _build_fast(text: str) -> dict[str, Any]:
    """The common case, a well-formed record, built from events with the least work per event.

    It keeps no positions and reports nothing: at the first sign of trouble it raises _Unusual and the
    full builder parses the text again, so both give the same values and the same diagnostics.
    """
    if _Parser is None:
        raise _Unusual
    parser = _Parser(text)
    get_event = parser.get_event
    root: Any = None
    cur: Any = None
    is_dict = False
    key: Any = None
    stack: list[tuple[Any, bool, Any]] = []
    documents = 0
    try:
        while True:
            event = get_event()
            etype = type(event)
            if etype is _ScalarEvent:
                if event.anchor is not None or event.tag is not None:
                    raise _Unusual
                value = event.value
                if is_dict:
                    if key is None:
                        if value in cur or (value == "<<" and not event.style):
                            raise _Unusual
                        key = _intern(value)  # one object per field name: less memory, faster lookups
                        continue
                elif cur is None:
                    raise _Unusual  # a scalar at the top level
                if not event.style:
                    if value in _PLAIN_VALUES:
                        value = _PLAIN_VALUES[value]
                    elif value and value[0] in _NUMERIC_START:
                        diags: list[Diagnostic] = []
                        value = _scalar(event, "", diags)
                        if diags:
                            raise _Unusual
                    else:
                        value = _intern(value)
                else:
                    value = _intern(value)
                if is_dict:
                    cur[key] = value
                    key = None
                else:
                    cur.append(value)
            elif etype is _MappingStartEvent or etype is _SequenceStartEvent:
                if event.anchor is not None or event.tag is not None or len(stack) >= MAX_DEPTH or (is_dict and key is None):
                    raise _Unusual
                container: Any = {} if etype is _MappingStartEvent else []
                if is_dict:
                    cur[key] = container
                elif cur is not None:
                    cur.append(container)
                elif root is None:
                    root = container
                stack.append((cur, is_dict, None))
                cur, is_dict, key = container, etype is _MappingStartEvent, None
            elif etype is _MappingEndEvent or etype is _SequenceEndEvent:
                cur, is_dict, key = stack.pop()
            elif etype is _DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise _Unusual
            elif etype is _StreamEndEvent or event is None:
                break
            elif etype is yaml.AliasEvent:
                raise _Unusual
    except yaml.YAMLError:
        raise _Unusual from None
    finally:
        parser.dispose()
    if type(root) is not dict:
        raise _Unusual
    return root


def parse_text(text: str, path: str, *, positions: bool = False) -> ParsedFile:
    """Build plain Python values from libyaml's events, refusing everything a record must not contain."""
    if not positions:
        try:
            return ParsedFile(path, _build_fast(text))
        except _Unusual:
            pass
    return _parse_full(text, path, positions=positions)


def _parse_full(text: str, path: str, *, positions: bool = False) -> ParsedFile:
    """The reference builder: every check, every diagnostic, and positions when asked."""
    result = ParsedFile(path)
    diags = result.diagnostics
    pos: dict[str, tuple[int, int]] | None = {} if positions else None
    keypos: dict[str, tuple[int, int]] | None = {} if positions else None
    # Each frame: [container, pointer, pending_key, key_marks, first_key_line]
    stack: list[list[Any]] = []
    root: Any = None
    have_root = False
    documents = 0

    def place(value: Any, mark: Any) -> str:
        nonlocal root, have_root
        if not stack:
            root, have_root = value, True
            ptr = ""
        else:
            frame = stack[-1]
            container = frame[0]
            if isinstance(container, list):
                ptr = f"{frame[1]}/{len(container)}"
                container.append(value)
            else:
                key = frame[2]
                ptr = f"{frame[1]}/{escape_pointer_part(key)}"
                container[key] = value
                frame[2] = None
        if pos is not None:
            pos[ptr] = (mark.line + 1, mark.column + 1)
        return ptr

    loader = _Loader(text)
    try:
        while loader.check_event():
            event = loader.get_event()
            etype = type(event)
            mark = event.start_mark
            if etype is yaml.StreamStartEvent or etype is yaml.StreamEndEvent or etype is yaml.DocumentEndEvent:
                continue
            if etype is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise _Abort(error("yaml-multiple-documents", "file holds more than one YAML document", path,
                                       mark.line + 1, mark.column + 1, hint="put one record per file and remove the '---' separator"))
                continue
            if etype is yaml.AliasEvent:
                raise _Abort(error("yaml-alias", f"alias '*{event.anchor}' is not allowed", path, mark.line + 1, mark.column + 1,
                                   hint="write the value out in full; records do not use anchors or aliases"))
            anchor = getattr(event, "anchor", None)
            if anchor is not None:
                raise _Abort(error("yaml-anchor", f"anchor '&{anchor}' is not allowed", path, mark.line + 1, mark.column + 1,
                                   hint="write the value out in full; records do not use anchors or aliases"))
            tag = getattr(event, "tag", None)
            if tag is not None and tag not in _ALLOWED_TAGS and tag != "!":
                raise _Abort(error("yaml-tag", f"tag '{tag}' is not allowed", path, mark.line + 1, mark.column + 1,
                                   hint="records use plain YAML values only; remove the tag"))
            frame = stack[-1] if stack else None
            expecting_key = frame is not None and isinstance(frame[0], dict) and frame[2] is None
            if expecting_key:
                if etype is not yaml.ScalarEvent:
                    if etype is yaml.MappingEndEvent:
                        stack.pop()
                        continue
                    raise _Abort(error("yaml-complex-key", "a mapping key must be a plain value", path, mark.line + 1, mark.column + 1))
                key = event.value
                if key == "<<" and not event.style:
                    raise _Abort(error("yaml-merge-key", "merge key '<<' is not allowed", path, mark.line + 1, mark.column + 1,
                                       hint="write the merged fields out in full"))
                assert frame is not None
                if key in frame[0]:
                    first = frame[3].get(key)
                    where = f" (first at line {first[0]})" if first else ""
                    diags.append(error("yaml-duplicate-key", f"duplicate key '{key}'{where}", path, mark.line + 1, mark.column + 1,
                                       pointer=f"{frame[1]}/{escape_pointer_part(key)}", hint="a key may appear once in a mapping; remove one"))
                frame[3].setdefault(key, (mark.line + 1, mark.column + 1))
                frame[2] = key
                if keypos is not None:
                    keypos[f"{frame[1]}/{escape_pointer_part(key)}"] = (mark.line + 1, mark.column + 1)
                continue
            if etype is yaml.ScalarEvent:
                place(_scalar(event, path, diags), mark)
            elif etype is yaml.MappingStartEvent or etype is yaml.SequenceStartEvent:
                if len(stack) >= MAX_DEPTH:
                    raise _Abort(error("yaml-too-deep", f"nesting deeper than {MAX_DEPTH} levels", path, mark.line + 1, mark.column + 1,
                                       hint="records are shallow; check the indentation"))
                container: Any = {} if etype is yaml.MappingStartEvent else []
                ptr = place(container, mark)
                stack.append([container, ptr, None, {}])
            elif etype is yaml.SequenceEndEvent or etype is yaml.MappingEndEvent:
                stack.pop()
    except _Abort as abort:
        diags.append(abort.diag)
        return result
    except yaml.MarkedYAMLError as exc:
        diags.append(_syntax_diagnostic(exc, path, text))
        return result
    except yaml.YAMLError as exc:
        line, col = 1, 1
        position = getattr(exc, "position", None)
        if isinstance(position, int):
            line = text.count("\n", 0, position) + 1
            col = position - (text.rfind("\n", 0, position) + 1) + 1
        diags.append(error("yaml-syntax", str(exc).splitlines()[0] if str(exc) else "unreadable YAML", path, line, col))
        return result
    finally:
        dispose = getattr(loader, "dispose", None)
        if dispose is not None:
            dispose()

    if not have_root or root is None:
        what = "file is empty" if not have_root else "top level is null"
        diags.append(error("yaml-top-level", f"{what}: a record must be a mapping", path,
                           hint="start the record with 'kind:' and 'id:'"))
        return result
    if not isinstance(root, dict):
        found = "a list" if isinstance(root, list) else f"a {type(root).__name__} value"
        diags.append(error("yaml-top-level", f"top level must be a mapping, found {found}", path, 1, 1,
                           hint="a record is a mapping that starts with 'kind:' and 'id:'"))
        return result
    result.data = root
    result.positions = pos
    result.key_positions = keypos
    return result


def _syntax_diagnostic(exc: yaml.MarkedYAMLError, path: str, text: str) -> Diagnostic:
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    problem = exc.problem or "invalid YAML"
    context = exc.context or ""
    at = text[mark.index] if mark is not None and 0 <= mark.index < len(text) else ""
    if at == "\t" or "'\\t'" in problem:
        return error("yaml-tab", "tab character used for indentation", path, line, col, hint="indent with spaces")
    if "quoted scalar" in context and "end of stream" in problem:
        cline = exc.context_mark.line + 1 if exc.context_mark is not None else line
        ccol = exc.context_mark.column + 1 if exc.context_mark is not None else col
        return error("yaml-unclosed-quote", "quoted text is never closed", path, cline, ccol, hint="add the closing quote")
    message = f"{context} {problem}".strip() if context else problem
    return error("yaml-syntax", message, path, line, col, hint="check the indentation and punctuation near this position")


def read_file(path: str, *, display: str | None = None, positions: bool = False, max_bytes: int = MAX_BYTES) -> ParsedFile:
    """Read and parse one file; every failure comes back as a diagnostic, never an exception."""
    raw, failed = read_raw(path, display=display, max_bytes=max_bytes)
    if raw is None:
        assert failed is not None
        return failed
    return parse_bytes(raw, display or path, positions=positions)


def read_raw(path: str, *, display: str | None = None, max_bytes: int = MAX_BYTES) -> tuple[bytes | None, ParsedFile | None]:
    """The file's bytes, or (None, a ParsedFile that says why it cannot be read)."""
    name = display or path
    try:
        with open(path, "rb") as handle:
            raw = handle.read(max_bytes + 1)
    except OSError as exc:
        return None, ParsedFile(name, diagnostics=[error("file-unreadable", f"cannot read file: {exc.strerror or exc}", name)])
    if len(raw) > max_bytes:
        return None, ParsedFile(name, diagnostics=[error("yaml-too-large", f"file is larger than {max_bytes // (1024 * 1024)} MiB", name,
                                                         hint="split it; a record is one act, article or offence")])
    return raw, None


def parse_bytes(raw: bytes, path: str, *, positions: bool = False) -> ParsedFile:
    text, diags = decode(raw, path)
    if text is None:
        return ParsedFile(path, diagnostics=diags)
    parsed = parse_text(text, path, positions=positions)
    parsed.diagnostics[:0] = diags
    return parsed
