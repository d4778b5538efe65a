"""Word-level comparison of Korean legal text: tokens, likeness, and the runs two texts share or do not."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from ..query import nfc_dots

# 'ㆍ' joins listed words (판매ㆍ대여ㆍ배포) and brackets and quotes wrap defined terms; each is a token of its own,
# so a list that gains one member shows one inserted word rather than a replaced run.
_PUNCT = "ㆍ,;:()[]{}「」『』<>〈〉《》\"'“”‘’…"
_P = re.escape(_PUNCT)
_TOKEN = re.compile(rf"([{_P}]|\.(?!\d)|(?:[^\s{_P}.]|\.(?=\d))+)(\s*)")
# A shared prefix or suffix this long inside one replaced word is shown as unchanged (청소년[이용음란물→성착취물]을).
_MIN_AFFIX = 2


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of text that both sides share ('equal') or only the old ('delete') or new ('insert') side has.

    An equal run is spelled with the new side's spacing; `old` holds the old side's where the spacing differs.
    """

    op: str
    text: str
    old: str | None = None

    def side(self, which: str) -> str:
        return self.old if which == "old" and self.old is not None else self.text

    def as_dict(self) -> dict[str, str]:
        return {"op": self.op, "text": self.text, **({"old_text": self.old} if self.old is not None else {})}


def tokenize(text: str) -> list[tuple[str, str]]:
    """Words and separators of a Korean text, each with the whitespace after it."""
    return [(m.group(1), m.group(2)) for m in _TOKEN.finditer(nfc_dots(text).strip())]


def _words(text: str) -> list[str]:
    return [t for t, _ in tokenize(text)]


def similarity(old: str, new: str) -> float:
    """How alike two paragraphs are, 0..1, by their words (whitespace and middle-dot variants ignored)."""
    a, b = _words(old), _words(new)
    if not a and not b:
        return 1.0
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def same_text(old: str | None, new: str | None) -> bool:
    if old is None or new is None:
        return old is new
    return _words(old) == _words(new)


def word_diff(old: str, new: str) -> tuple[Segment, ...]:
    """Word-level differences: the equal and deleted runs spell the old text, the equal and inserted runs the new."""
    a, b = tokenize(old), tokenize(new)
    matcher = difflib.SequenceMatcher(None, [t for t, _ in a], [t for t, _ in b], autojunk=False)
    runs: list[tuple[str, str, str]] = []  # (op, old side, new side)

    def add(op: str, old_part: str, new_part: str) -> None:
        if not old_part and not new_part:
            return
        if runs and runs[-1][0] == op:
            last = runs[-1]
            runs[-1] = (op, last[1] + old_part, last[2] + new_part)
        else:
            runs.append((op, old_part, new_part))

    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        old_text = "".join(t + w for t, w in a[i1:i2])
        new_text = "".join(t + w for t, w in b[j1:j2])
        if tag == "equal":
            add("equal", old_text, new_text)
            continue
        tail_old = tail_new = ""
        if old_text and new_text and a[i2 - 1][1] and b[j2 - 1][1]:
            tail_old, tail_new = a[i2 - 1][1], b[j2 - 1][1]
            old_text, new_text = old_text[: -len(tail_old)], new_text[: -len(tail_new)]
        head = foot = ""
        if i2 - i1 == 1 and j2 - j1 == 1:
            head, old_text, new_text, foot = _split_affixes(old_text, new_text)
        add("equal", head, head)
        add("delete", old_text, "")
        add("insert", "", new_text)
        add("equal", foot + tail_old, foot + tail_new)
    out = []
    for op, old_part, new_part in runs:
        if op == "delete":
            out.append(Segment(op, old_part))
        elif op == "insert":
            out.append(Segment(op, new_part))
        else:
            out.append(Segment(op, new_part, old_part if old_part != new_part else None))
    return tuple(out)


def _split_affixes(old: str, new: str) -> tuple[str, str, str, str]:
    pre = len(_common_prefix(old, new))
    suf = len(_common_prefix(old[pre:][::-1], new[pre:][::-1]))
    if pre < _MIN_AFFIX and suf < _MIN_AFFIX:
        return "", old, new, ""
    pre = pre if pre >= _MIN_AFFIX else 0
    suf = suf if suf >= _MIN_AFFIX else 0
    if old[pre: len(old) - suf].isdigit() or new[pre: len(new) - suf].isdigit():
        return "", old, new, ""  # an amount or a term is one word: '3천만원' -> '5천만원', not '3' -> '5'
    return old[:pre], old[pre: len(old) - suf], new[pre: len(new) - suf], old[len(old) - suf:] if suf else ""


def _common_prefix(a: str, b: str) -> str:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return a[:n]
